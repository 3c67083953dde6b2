package dev.fleetwright.simulator;

import dev.fleetwright.core.api.convert.ApiConversion;
import dev.fleetwright.core.api.convert.ConversionInput;
import dev.fleetwright.core.api.convert.ConversionMessage;
import dev.fleetwright.core.api.convert.ConversionOptions;
import dev.fleetwright.core.api.convert.ConversionResult;
import dev.fleetwright.core.api.convert.ConvertedDocument;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fleetwright convert FILE|DIR...}: rewrites Karpenter v1alpha5/v1alpha1 and v1beta1 configuration as v1 (see
 * {@link ApiConversion}). Reads multi-document YAML files, and the {@code *.yaml} / {@code *.yml} files of directories
 * in name order (not recursively); prints the v1 documents separated by {@code ---} to standard output, keys ordered
 * {@code apiVersion, kind, metadata, spec} with the rest as written and {@code status} dropped; prints warnings and
 * errors to standard error. Text to text: {@code ${VAR}} placeholders are left for envsubst or similar.
 *
 * <p>Exit status: 0 when every document converted, 1 when a file could not be read or a document not converted (the
 * other documents are still printed), 2 on a usage error.
 */
@Command(
        name = "convert",
        mixinStandardHelpOptions = true,
        description = {
            "Converts Karpenter v1alpha5 Provisioner / v1alpha1 AWSNodeTemplate and v1beta1 NodePool / EC2NodeClass"
                    + " YAML to the v1 API.",
            "v1 documents and documents of other kinds are printed unchanged. Warnings and errors go to stderr."
        })
public final class ConvertCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(
            arity = "1..*",
            paramLabel = "FILE|DIR",
            description = "YAML files, or directories whose *.yaml and *.yml files are read in name order.")
    List<Path> inputs;

    @Option(
            names = "--default-instance-profile",
            paramLabel = "NAME",
            description = "The aws.defaultInstanceProfile setting of the old Karpenter installation, used for"
                    + " AWSNodeTemplates without instanceProfile (v1 has no global default).")
    String defaultInstanceProfile;

    /** Creates the command; picocli fills in the arguments. */
    public ConvertCommand() {}

    /** Runs the conversion; returns the exit status. */
    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> readErrors = new ArrayList<>();
        List<ConversionInput> documents = new ArrayList<>();
        for (Path file : files(readErrors)) {
            documents.addAll(read(file, readErrors));
        }
        ConversionResult result = ApiConversion.toV1(
                documents,
                defaultInstanceProfile == null
                        ? ConversionOptions.DEFAULTS
                        : new ConversionOptions(defaultInstanceProfile));

        Yaml yaml = writer();
        boolean first = true;
        for (ConvertedDocument document : result.documents()) {
            if (!first) {
                out.print("---\n");
            }
            first = false;
            out.print(yaml.dump(forOutput(document.tree())));
        }
        out.flush();
        for (ConversionMessage warning : result.warnings()) {
            err.println("warning: " + warning);
        }
        for (String error : readErrors) {
            err.println("error: " + error);
        }
        for (ConversionMessage error : result.errors()) {
            err.println("error: " + error);
        }
        err.flush();
        return readErrors.isEmpty() && !result.hasErrors() ? 0 : 1;
    }

    private List<Path> files(List<String> errors) {
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                try (Stream<Path> listing = Files.list(input)) {
                    listing.filter(Files::isRegularFile)
                            .filter(p -> {
                                String name = p.getFileName().toString();
                                return name.endsWith(".yaml") || name.endsWith(".yml");
                            })
                            .sorted()
                            .forEach(files::add);
                } catch (IOException e) {
                    errors.add(input + ": cannot list the directory: " + e.getMessage());
                }
            } else if (Files.isRegularFile(input)) {
                files.add(input);
            } else {
                errors.add(input + ": no such file or directory");
            }
        }
        return files;
    }

    private static List<ConversionInput> read(Path file, List<String> errors) {
        List<ConversionInput> documents = new ArrayList<>();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            errors.add(file + ": cannot read: " + e.getMessage());
            return documents;
        }
        int index = 0;
        try {
            for (Object document : reader().loadAll(text)) {
                if (document instanceof Map<?, ?> map) {
                    addDocument(file, index, map, documents, errors);
                } else if (document != null) {
                    errors.add(file + "[" + index + "]: not a YAML mapping, so not a Kubernetes object");
                }
                index++;
            }
        } catch (YAMLException e) {
            errors.add(file + "[" + index + "]: invalid YAML: " + e.getMessage().replace('\n', ' '));
        }
        return documents;
    }

    private static void addDocument(
            Path file, int index, Map<?, ?> map, List<ConversionInput> documents, List<String> errors) {
        Map<String, Object> tree = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                errors.add(file + "[" + index + "]: top-level key " + e.getKey() + " is not a string");
                return;
            }
            tree.put(key, e.getValue());
        }
        try {
            documents.add(new ConversionInput(file.toString(), index, tree));
        } catch (IllegalArgumentException e) {
            errors.add(file + "[" + index + "]: " + e.getMessage());
        }
    }

    /** Top-level keys in Kubernetes' usual order, {@code status} (the old controller's observations) dropped. */
    private static Map<String, Object> forOutput(Map<String, Object> tree) {
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (String key : List.of("apiVersion", "kind", "metadata", "spec")) {
            if (tree.containsKey(key)) {
                ordered.put(key, tree.get(key));
            }
        }
        tree.forEach((key, value) -> {
            if (!key.equals("status")) {
                ordered.putIfAbsent(key, value);
            }
        });
        return ordered;
    }

    /**
     * SnakeYAML's safe loader, reading timestamps as the strings they were written as (a converted file keeps them as
     * text) and rejecting duplicate keys, which Kubernetes would otherwise resolve silently.
     */
    private static Yaml reader() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        DumperOptions dumper = new DumperOptions();
        return new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options, new Resolver() {
            @Override
            public Tag resolve(NodeId kind, String value, boolean implicit) {
                Tag tag = super.resolve(kind, value, implicit);
                return Tag.TIMESTAMP.equals(tag) ? Tag.STR : tag;
            }
        });
    }

    private static Yaml writer() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setSplitLines(false);
        options.setWidth(Integer.MAX_VALUE);
        return new Yaml(new Representer(options), options);
    }
}
