package dev.fleetwright.core.api.load;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.ConstructorException;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Splits multi-document YAML text into generic trees, after {@link EnvironmentSubstitution environment
 * substitution}.
 *
 * <p>Parsing is safe (plain maps, lists and scalars only) and strict where silent loss would hurt: duplicate keys are
 * errors. Unquoted dates stay strings (Kubernetes has no timestamp type in these APIs). A syntax error ends its source
 * (later documents cannot be found reliably) but keeps the documents before it. A document with an unset variable is
 * reported with its line and not returned, since its values would be wrong.
 */
public final class YamlDocuments {

    private YamlDocuments() {}

    /**
     * The documents of one source and the problems found.
     *
     * @param documents the non-empty documents that parsed, in order, with their 0-based index
     * @param withheld documents that parsed but are withheld because they use an unset variable (so that callers can
     *     tell "invalid" from "missing" when another object refers to them)
     * @param errors YAML syntax errors and, unless kept, unset variables
     * @param kept the unset variables' placeholders kept as written ({@link EnvironmentSubstitution.UnsetVariables#KEEP})
     */
    public record Parsed(
            List<SourceDocument> documents,
            List<SourceDocument> withheld,
            List<ConfigError> errors,
            List<EnvironmentSubstitution.Unresolved> kept) {
        /** Copies the lists. */
        public Parsed {
            documents = List.copyOf(documents);
            withheld = List.copyOf(withheld);
            errors = List.copyOf(errors);
            kept = List.copyOf(kept);
        }
    }

    /**
     * Parses a source.
     *
     * @param source the named text, not null
     * @param environment the variables for {@code ${VAR}} placeholders, not null
     * @return the documents and errors
     */
    public static Parsed parse(NamedSource source, Map<String, String> environment) {
        return parse(source, environment, EnvironmentSubstitution.UnsetVariables.ERROR);
    }

    /**
     * Parses a source.
     *
     * @param source the named text, not null
     * @param environment the variables for {@code ${VAR}} placeholders, not null
     * @param unset whether an unset variable is an error (its document withheld) or kept as written
     * @return the documents, errors and kept placeholders
     */
    public static Parsed parse(
            NamedSource source, Map<String, String> environment, EnvironmentSubstitution.UnsetVariables unset) {
        EnvironmentSubstitution.Result substituted = EnvironmentSubstitution.substitute(source.text(), environment);
        String text = substituted.text();
        List<ConfigError> errors = new ArrayList<>();

        List<Integer> startLines = new ArrayList<>();
        try {
            for (Event event : newYaml().parse(new StringReader(text))) {
                if (event instanceof DocumentStartEvent) {
                    startLines.add(event.getStartMark().getLine() + 1);
                }
            }
        } catch (YAMLException e) {
            // The same problem surfaces again while loading, where it is reported with its document index.
        }

        List<Integer> documentsWithUnsetVariables = new ArrayList<>();
        List<EnvironmentSubstitution.Unresolved> kept =
                unset == EnvironmentSubstitution.UnsetVariables.KEEP ? substituted.unresolved() : List.of();
        List<EnvironmentSubstitution.Unresolved> reported =
                unset == EnvironmentSubstitution.UnsetVariables.KEEP ? List.of() : substituted.unresolved();
        for (EnvironmentSubstitution.Unresolved u : reported) {
            int index = documentAt(startLines, u.line());
            documentsWithUnsetVariables.add(index);
            errors.add(new ConfigError(
                    source.name(),
                    index,
                    u.line(),
                    null,
                    null,
                    "",
                    "variable ${" + u.variable() + "} is not set; set it in the environment or write ${" + u.variable()
                            + ":-default}"));
        }

        List<SourceDocument> documents = new ArrayList<>();
        List<SourceDocument> withheld = new ArrayList<>();
        Iterator<Object> loaded = newYaml().loadAll(new StringReader(text)).iterator();
        int index = 0;
        while (true) {
            Object tree;
            try {
                if (!loaded.hasNext()) {
                    break;
                }
                tree = loaded.next();
            } catch (YAMLException e) {
                errors.add(syntaxError(source.name(), index, e));
                if (e instanceof ConstructorException) {
                    index++;
                    continue;
                }
                break;
            }
            if (tree != null) {
                int line = index < startLines.size() ? startLines.get(index) : 0;
                SourceDocument document = new SourceDocument(source.name(), index, tree, line);
                (documentsWithUnsetVariables.contains(index) ? withheld : documents).add(document);
            }
            index++;
        }
        return new Parsed(documents, withheld, errors, kept);
    }

    private static int documentAt(List<Integer> startLines, int line) {
        int index = 0;
        for (int i = 0; i < startLines.size(); i++) {
            if (startLines.get(i) <= line) {
                index = i;
            }
        }
        return index;
    }

    private static ConfigError syntaxError(String source, int index, YAMLException e) {
        if (e instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            String problem = marked.getProblem() == null ? e.getMessage() : marked.getProblem();
            return new ConfigError(
                    source, index, marked.getProblemMark().getLine() + 1, null, null, "", "invalid YAML: " + problem);
        }
        return new ConfigError(source, index, 0, null, null, "", "invalid YAML: " + e.getMessage());
    }

    private static Yaml newYaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        DumperOptions dumperOptions = new DumperOptions();
        return new Yaml(
                new SafeConstructor(options),
                new Representer(dumperOptions),
                dumperOptions,
                options,
                new NoTimestampResolver());
    }

    /** SnakeYAML's resolver without YAML 1.1 timestamps, so {@code 2024-08-07} stays a string as in Kubernetes. */
    private static final class NoTimestampResolver extends Resolver {
        @Override
        public void addImplicitResolver(Tag tag, Pattern regexp, String first) {
            if (!Tag.TIMESTAMP.equals(tag)) {
                super.addImplicitResolver(tag, regexp, first);
            }
        }

        @Override
        public void addImplicitResolver(Tag tag, Pattern regexp, String first, int limit) {
            if (!Tag.TIMESTAMP.equals(tag)) {
                super.addImplicitResolver(tag, regexp, first, limit);
            }
        }
    }
}
