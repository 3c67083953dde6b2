package dev.fleetwright.core.api.load;

import dev.fleetwright.core.api.Ec2NodeClass;
import dev.fleetwright.core.api.NodePool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Loads Fleetwright's configuration — Karpenter NodePools and EC2NodeClasses — from YAML files, directories, named
 * texts or already-parsed trees (the Kubernetes API), and reports every problem at once.
 *
 * <p>Dispatch by {@code apiVersion} and {@code kind}: {@code karpenter.sh/v1 NodePool} and {@code karpenter.k8s.aws/v1
 * EC2NodeClass} are decoded; when any document is a {@code karpenter.sh/v1beta1 NodePool}, {@code
 * karpenter.k8s.aws/v1beta1 EC2NodeClass}, {@code karpenter.sh/v1alpha5 Provisioner} or {@code
 * karpenter.k8s.aws/v1alpha1 AWSNodeTemplate}, the whole load first goes through the {@link LegacyConverter} (by
 * default Fleetwright's conversion, so errors in converted objects name the original file and document); other Karpenter kinds are errors except NodeClaims (runtime state, skipped); everything else
 * (Pods, Deployments, ...) is skipped and listed in {@link LoadResult#skipped()}, so one directory may hold both
 * configuration and workloads (the {@link WorkloadLoader} skips the Karpenter kinds in turn).
 *
 * <p>After decoding, cross-object rules apply: names are unique per kind (later duplicates are errors), and every
 * NodePool's {@code nodeClassRef} names a valid EC2NodeClass of the same load.
 *
 * <p>Text sources first go through {@link EnvironmentSubstitution} with the environment given here; core never reads
 * the process environment. Immutable and thread-safe.
 */
public final class ConfigLoader {

    private static final String KARPENTER_GROUP = "karpenter.sh";
    private static final String AWS_GROUP = "karpenter.k8s.aws";

    private final Map<String, String> environment;
    private final LegacyConverter legacyConverter;
    private final EnvironmentSubstitution.UnsetVariables unsetVariables;

    /**
     * A loader that converts older Karpenter API versions with {@link LegacyConverter#KARPENTER}.
     *
     * @param environment the variables for {@code ${VAR}} placeholders, not null
     */
    public ConfigLoader(Map<String, String> environment) {
        this(environment, LegacyConverter.KARPENTER);
    }

    /**
     * @param environment the variables for {@code ${VAR}} placeholders, not null
     * @param legacyConverter converts older Karpenter API versions to v1, not null
     */
    public ConfigLoader(Map<String, String> environment, LegacyConverter legacyConverter) {
        this(environment, legacyConverter, EnvironmentSubstitution.UnsetVariables.ERROR);
    }

    /**
     * @param environment the variables for {@code ${VAR}} placeholders, not null
     * @param legacyConverter converts older Karpenter API versions to v1, not null
     * @param unsetVariables whether an unset variable is an error (the default) or kept as written with a warning (the
     *     simulator), not null
     */
    public ConfigLoader(
            Map<String, String> environment,
            LegacyConverter legacyConverter,
            EnvironmentSubstitution.UnsetVariables unsetVariables) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        this.legacyConverter = Objects.requireNonNull(legacyConverter, "legacyConverter");
        this.unsetVariables = Objects.requireNonNull(unsetVariables, "unsetVariables");
    }

    /**
     * Loads files and directories. A directory contributes its {@code *.yaml} and {@code *.yml} files (not its
     * subdirectories, like {@code kubectl apply -f}), sorted by name. Sources are named by their path as given (for a
     * directory, the directory path joined with the file name).
     *
     * @param paths files and directories, not null
     * @return the valid objects and every error; a missing path, an unreadable file or a directory without YAML is an
     *     error of its own
     */
    public LoadResult load(List<Path> paths) {
        SourceFiles.Read read = SourceFiles.read(paths);
        List<NamedSource> sources = read.sources();
        List<ConfigError> errors = read.errors();
        LoadResult result = loadSources(sources);
        if (errors.isEmpty()) {
            return result;
        }
        List<ConfigError> all = new ArrayList<>(errors);
        all.addAll(result.errors());
        return new LoadResult(result.nodePools(), result.nodeClasses(), all, result.warnings(), result.skipped());
    }

    /**
     * Loads named YAML texts (for example classpath resources).
     *
     * @param sources the texts, in load order, not null
     * @return the valid objects and every error
     */
    public LoadResult loadSources(List<NamedSource> sources) {
        List<SourceDocument> documents = new ArrayList<>();
        List<SourceDocument> withheld = new ArrayList<>();
        List<ConfigError> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Set<String> kept = new HashSet<>();
        for (NamedSource source : sources) {
            YamlDocuments.Parsed parsed = YamlDocuments.parse(source, environment, unsetVariables);
            documents.addAll(parsed.documents());
            withheld.addAll(parsed.withheld());
            errors.addAll(parsed.errors());
            Map<String, List<Integer>> linesByVariable = new TreeMap<>();
            for (EnvironmentSubstitution.Unresolved u : parsed.kept()) {
                linesByVariable
                        .computeIfAbsent(u.variable(), v -> new ArrayList<>())
                        .add(u.line());
                kept.add("${" + u.variable() + "}");
            }
            linesByVariable.forEach((variable, lines) -> warnings.add(source.name() + " line"
                    + (lines.size() == 1 ? " " : "s ")
                    + lines.stream().map(String::valueOf).collect(Collectors.joining(", "))
                    + ": variable ${" + variable + "} is not set; kept as written for the simulation (set it before"
                    + " deploying: validate and the provisioner reject it)"));
        }
        LoadResult result = decode(documents, withheld, errors, kept);
        if (warnings.isEmpty()) {
            return result;
        }
        warnings.addAll(result.warnings());
        return new LoadResult(result.nodePools(), result.nodeClasses(), result.errors(), warnings, result.skipped());
    }

    /**
     * Loads already-parsed documents, for example objects read from the Kubernetes API as Gson trees (numbers may be
     * Integer, Long or Double).
     *
     * @param documents the documents, in load order, not null
     * @return the valid objects and every error
     */
    public LoadResult loadDocuments(List<SourceDocument> documents) {
        return decode(documents, List.of(), new ArrayList<>(), Set.of());
    }

    private LoadResult decode(
            List<SourceDocument> documents,
            List<SourceDocument> withheld,
            List<ConfigError> errors,
            Set<String> keptPlaceholders) {
        Decoded decoded = new Decoded(errors);
        for (SourceDocument w : withheld) {
            if (Ec2NodeClass.KIND.equals(w.kind()) && w.name() != null) {
                decoded.invalidNodeClassNames.add(w.name());
            }
        }
        boolean anyLegacy = documents.stream().anyMatch(LegacyConverter::isLegacy);
        List<SourceDocument> toDecode = documents;
        if (anyLegacy) {
            LegacyConverter.Conversion conversion = legacyConverter.convert(documents);
            decoded.warnings.addAll(conversion.warnings());
            decoded.errors.addAll(conversion.errors());
            toDecode = conversion.documents();
        }
        for (SourceDocument document : toDecode) {
            dispatch(document, decoded, anyLegacy, keptPlaceholders);
        }
        return crossCheck(decoded);
    }

    private void dispatch(SourceDocument document, Decoded decoded, boolean converted, Set<String> keptPlaceholders) {
        String apiVersion = document.apiVersion();
        String kind = document.kind();
        Diagnostics diagnostics = new Diagnostics(
                document.source(), document.index(), kind.isEmpty() ? null : kind, document.name(), keptPlaceholders);
        if (!(document.tree() instanceof Map<?, ?>)) {
            diagnostics.error(
                    FieldPath.ROOT,
                    "a document must be an object with apiVersion and kind, got "
                            + TreeValue.describe(document.tree()));
            decoded.errors.addAll(diagnostics.errors());
            return;
        }
        if (apiVersion.isEmpty() || kind.isEmpty()) {
            if (apiVersion.isEmpty()) {
                diagnostics.error(FieldPath.of("apiVersion"), "required");
            }
            if (kind.isEmpty()) {
                diagnostics.error(FieldPath.of("kind"), "required");
            }
            decoded.errors.addAll(diagnostics.errors());
            return;
        }
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        if (NodePool.API_VERSION.equals(apiVersion) && NodePool.KIND.equals(kind)) {
            Optional<NodePool> pool = NodePoolDecoder.decode(document, diagnostics);
            decoded.errors.addAll(diagnostics.errors());
            decoded.add(document, NodePool.KIND, document.name(), pool.orElse(null));
        } else if (Ec2NodeClass.API_VERSION.equals(apiVersion) && Ec2NodeClass.KIND.equals(kind)) {
            Optional<Ec2NodeClass> nodeClass = Ec2NodeClassDecoder.decode(document, diagnostics);
            decoded.errors.addAll(diagnostics.errors());
            decoded.add(document, Ec2NodeClass.KIND, document.name(), nodeClass.orElse(null));
        } else if (converted && LegacyConverter.isLegacy(document)) {
            diagnostics.error(FieldPath.of("apiVersion"), "the converter returned " + apiVersion + " instead of v1");
            decoded.errors.addAll(diagnostics.errors());
        } else if (NodePool.KIND.equals(kind) || Ec2NodeClass.KIND.equals(kind)) {
            String expected = NodePool.KIND.equals(kind) ? NodePool.API_VERSION : Ec2NodeClass.API_VERSION;
            diagnostics.error(
                    FieldPath.of("apiVersion"),
                    "apiVersion " + apiVersion + " is not supported for " + kind + "; use " + expected);
            decoded.errors.addAll(diagnostics.errors());
        } else if ((KARPENTER_GROUP.equals(group) || AWS_GROUP.equals(group))
                && !"NodeClaim".equals(kind)
                && !"Machine".equals(kind)) {
            diagnostics.error(
                    FieldPath.of("kind"), "kind " + kind + " (" + apiVersion + ") is not supported by Fleetwright");
            decoded.errors.addAll(diagnostics.errors());
        } else {
            decoded.skipped.add(
                    new SkippedDocument(document.source(), document.index(), apiVersion, kind, document.name()));
        }
    }

    private static LoadResult crossCheck(Decoded decoded) {
        Map<String, Ec2NodeClass> classes = new LinkedHashMap<>();
        for (Entry<Ec2NodeClass> e : decoded.nodeClasses) {
            classes.putIfAbsent(e.name, e.value);
        }
        List<NodePool> pools = new ArrayList<>();
        List<ConfigError> errors = new ArrayList<>(decoded.errors);
        Set<String> loadedClassNames = new TreeSet<>(classes.keySet());
        for (Entry<NodePool> e : decoded.nodePools) {
            String ref = e.value.nodeClassRef().name();
            if (classes.containsKey(ref)) {
                pools.add(e.value);
                continue;
            }
            String message = decoded.invalidNodeClassNames.contains(ref)
                    ? "EC2NodeClass \"" + ref + "\" is invalid (see its errors)"
                    : "no EC2NodeClass named \"" + ref + "\" is loaded"
                            + (loadedClassNames.isEmpty() ? "" : "; loaded: " + String.join(", ", loadedClassNames));
            errors.add(new ConfigError(
                    e.document.source(),
                    e.document.index(),
                    0,
                    NodePool.KIND,
                    e.name,
                    "spec.template.spec.nodeClassRef.name",
                    message));
        }
        errors.addAll(decoded.duplicateErrors);
        return new LoadResult(pools, List.copyOf(classes.values()), errors, decoded.warnings, decoded.skipped);
    }

    private record Entry<T>(SourceDocument document, String name, T value) {}

    /** Accumulates one load's outcome. */
    private static final class Decoded {
        final List<ConfigError> errors;
        final List<ConfigError> duplicateErrors = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        final List<SkippedDocument> skipped = new ArrayList<>();
        final List<Entry<NodePool>> nodePools = new ArrayList<>();
        final List<Entry<Ec2NodeClass>> nodeClasses = new ArrayList<>();
        final Set<String> invalidNodeClassNames = new HashSet<>();
        final Map<String, SourceDocument> firstByKindAndName = new HashMap<>();

        Decoded(List<ConfigError> errors) {
            this.errors = new ArrayList<>(errors);
        }

        void add(SourceDocument document, String kind, String name, Object value) {
            if (name == null) {
                return;
            }
            SourceDocument first = firstByKindAndName.putIfAbsent(kind + "/" + name, document);
            if (first != null) {
                duplicateErrors.add(new ConfigError(
                        document.source(),
                        document.index(),
                        0,
                        kind,
                        name,
                        "metadata.name",
                        "duplicate " + kind + " name; also defined in " + first.source() + "[" + first.index() + "]"));
                return;
            }
            if (value == null) {
                if (Ec2NodeClass.KIND.equals(kind)) {
                    invalidNodeClassNames.add(name);
                }
                return;
            }
            if (value instanceof NodePool pool) {
                nodePools.add(new Entry<>(document, name, pool));
            } else if (value instanceof Ec2NodeClass nodeClass) {
                nodeClasses.add(new Entry<>(document, name, nodeClass));
            }
        }
    }
}
