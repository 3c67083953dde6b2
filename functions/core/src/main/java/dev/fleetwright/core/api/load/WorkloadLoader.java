package dev.fleetwright.core.api.load;

import dev.fleetwright.core.api.corev1.DaemonSet;
import dev.fleetwright.core.api.corev1.ObjectMeta;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.PodSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Loads Kubernetes workload manifests — Pods, Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs and {@code
 * List}s of them — from YAML files, directories, named texts or parsed trees into the pods their controllers would
 * create (see {@link WorkloadDecoder}), and reports every problem at once.
 *
 * <p>Dispatch by {@code apiVersion} and {@code kind}: the {@link WorkloadKind}s are decoded; {@code v1 List} and typed
 * lists such as {@code PodList} are decoded item by item (errors name {@code items[i]}); {@code v1 Namespace}
 * contributes namespace labels and {@code scheduling.k8s.io/v1 PriorityClass} resolves {@code priorityClassName};
 * everything else, Karpenter's NodePools and EC2NodeClasses included, is skipped and listed in {@link
 * WorkloadResult#skipped()}, so one directory may hold configuration and workloads (the {@link ConfigLoader} skips
 * workloads in turn).
 *
 * <p>After decoding, cross-object rules apply: objects are unique per kind, namespace and name; generated pod names
 * are unique per namespace; at most one PriorityClass is the global default. A pod's priority is its PriorityClass's
 * value (the built-in {@code system-cluster-critical} and {@code system-node-critical} are known), or the global
 * default class's when it names none, as the Priority admission plugin sets it; an explicit {@code priority} must agree
 * with a loaded class, and is kept when the class is not loaded.
 *
 * <p>Text sources first go through {@link EnvironmentSubstitution} with the environment given here, exactly as for
 * configuration; core never reads the process environment. Immutable and thread-safe.
 */
public final class WorkloadLoader {

    /** Values of the PriorityClasses every cluster has ({@code k8s.io/api/scheduling/v1} constants). */
    public static final Map<String, Integer> BUILT_IN_PRIORITY_CLASSES =
            Map.of("system-cluster-critical", 2_000_000_000, "system-node-critical", 2_000_001_000);

    /** The highest value a user-defined PriorityClass may have ({@code HighestUserDefinablePriority}). */
    public static final int HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;

    /** Label the API server sets on every namespace: its name. */
    public static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

    private static final String PRIORITY_CLASS_API_VERSION = "scheduling.k8s.io/v1";

    /** How deep {@code List}s may nest, against self-referencing YAML. */
    private static final int MAX_LIST_DEPTH = 8;

    private final Map<String, String> environment;

    /**
     * @param environment the variables for {@code ${VAR}} placeholders, not null
     */
    public WorkloadLoader(Map<String, String> environment) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
    }

    /**
     * Loads files and directories, read exactly as {@link ConfigLoader#load(List)} reads them: a directory
     * contributes its {@code *.yaml} and {@code *.yml} files (not its subdirectories), sorted by name.
     *
     * @param paths files and directories, not null
     * @return the pods, DaemonSets and every error; a missing path, an unreadable file or a directory without YAML is
     *     an error of its own
     */
    public WorkloadResult load(List<Path> paths) {
        SourceFiles.Read read = SourceFiles.read(paths);
        return parseAndDecode(read.sources(), read.errors());
    }

    /**
     * Loads named YAML texts (for example classpath resources or text received over the network).
     *
     * @param sources the texts, in load order, not null
     * @return the pods, DaemonSets and every error
     */
    public WorkloadResult loadSources(List<NamedSource> sources) {
        return parseAndDecode(sources, List.of());
    }

    /**
     * Loads already-parsed documents, for example objects read from the Kubernetes API as Gson trees.
     *
     * @param documents the documents, in load order, not null
     * @return the pods, DaemonSets and every error
     */
    public WorkloadResult loadDocuments(List<SourceDocument> documents) {
        Accumulator acc = new Accumulator(List.of());
        for (SourceDocument document : documents) {
            dispatch(document, document.tree(), FieldPath.ROOT, acc, 0);
        }
        return acc.finish();
    }

    private WorkloadResult parseAndDecode(List<NamedSource> sources, List<ConfigError> readErrors) {
        List<ConfigError> errors = new ArrayList<>(readErrors);
        List<SourceDocument> documents = new ArrayList<>();
        for (NamedSource source : sources) {
            YamlDocuments.Parsed parsed = YamlDocuments.parse(source, environment);
            documents.addAll(parsed.documents());
            errors.addAll(parsed.errors());
        }
        Accumulator acc = new Accumulator(errors);
        for (SourceDocument document : documents) {
            dispatch(document, document.tree(), FieldPath.ROOT, acc, 0);
        }
        return acc.finish();
    }

    private static void dispatch(SourceDocument document, Object tree, FieldPath at, Accumulator acc, int depth) {
        String apiVersion = topLevel(tree, "apiVersion");
        String kind = topLevel(tree, "kind");
        String name = metadataName(tree);
        Diagnostics diagnostics =
                new Diagnostics(document.source(), document.index(), kind.isEmpty() ? null : kind, name);
        Diagnostics warnings = new Diagnostics(document.source(), document.index(), kind.isEmpty() ? null : kind, name);
        if (!(tree instanceof Map<?, ?>)) {
            diagnostics.error(
                    at, "a document must be an object with apiVersion and kind, got " + TreeValue.describe(tree));
        } else if (apiVersion.isEmpty() || kind.isEmpty()) {
            if (apiVersion.isEmpty()) {
                diagnostics.error(at.child("apiVersion"), "required");
            }
            if (kind.isEmpty()) {
                diagnostics.error(at.child("kind"), "required");
            }
        } else if (isList(kind, tree)) {
            if (depth >= MAX_LIST_DEPTH) {
                diagnostics.error(at, "Lists nest deeper than " + MAX_LIST_DEPTH + " levels");
            } else {
                list(document, tree, at, apiVersion, kind, diagnostics, acc, depth);
            }
        } else if (WorkloadKind.fromKind(kind).isPresent()) {
            WorkloadDecoder.decode(new TreeValue(tree, at, diagnostics), warnings)
                    .ifPresent(w -> acc.add(document, at, w));
        } else if ("v1".equals(apiVersion) && "Namespace".equals(kind)) {
            namespace(document, tree, at, diagnostics, acc);
        } else if (PRIORITY_CLASS_API_VERSION.equals(apiVersion) && "PriorityClass".equals(kind)) {
            priorityClass(document, tree, at, diagnostics, acc);
        } else {
            acc.skipped.add(new SkippedDocument(document.source(), document.index(), apiVersion, kind, name));
        }
        acc.errors.addAll(diagnostics.errors());
        acc.warnings.addAll(warnings.errors());
    }

    /** {@code v1 List} (what {@code kubectl get -o yaml} prints) or a typed list such as {@code apps/v1 DeploymentList}. */
    private static boolean isList(String kind, Object tree) {
        return kind.equals("List") || (kind.endsWith("List") && ((Map<?, ?>) tree).containsKey("items"));
    }

    private static void list(
            SourceDocument document,
            Object tree,
            FieldPath at,
            String apiVersion,
            String kind,
            Diagnostics diagnostics,
            Accumulator acc,
            int depth) {
        TreeReader list = new TreeReader(stringKeyed((Map<?, ?>) tree), at, diagnostics);
        list.ignore("apiVersion", "kind", "metadata");
        Optional<List<TreeValue>> items = list.requiredField("items").flatMap(TreeValue::asList);
        list.rejectUnknownFields();
        String itemKind = kind.equals("List") ? "" : kind.substring(0, kind.length() - "List".length());
        items.ifPresent(elements -> {
            for (TreeValue item : elements) {
                Object raw = item.raw();
                // Items of typed lists from the API server carry no apiVersion and kind.
                if (!itemKind.isEmpty() && raw instanceof Map<?, ?> map) {
                    Map<String, Object> withType = new LinkedHashMap<>(stringKeyed(map));
                    withType.putIfAbsent("apiVersion", apiVersion);
                    withType.putIfAbsent("kind", itemKind);
                    raw = withType;
                }
                dispatch(document, raw, item.path(), acc, depth + 1);
            }
        });
    }

    private static void namespace(
            SourceDocument document, Object tree, FieldPath at, Diagnostics diagnostics, Accumulator acc) {
        TreeReader r = new TreeReader(stringKeyed((Map<?, ?>) tree), at, diagnostics);
        r.ignore("apiVersion", "kind", "spec", "status");
        Optional<ObjectMeta> meta = ObjectMetaDecoder.decode(r);
        r.rejectUnknownFields();
        meta.ifPresent(m -> {
            Map<String, String> labels = new LinkedHashMap<>(m.labels());
            labels.put(NAMESPACE_NAME_LABEL, m.name());
            Located previous = acc.namespaceDocuments.putIfAbsent(m.name(), new Located(document, at));
            if (previous != null) {
                diagnostics.error(
                        at.child("metadata").child("name"), "duplicate Namespace; also defined in " + previous);
            } else {
                acc.namespaces.put(m.name(), labels);
            }
        });
    }

    private static void priorityClass(
            SourceDocument document, Object tree, FieldPath at, Diagnostics diagnostics, Accumulator acc) {
        TreeReader r = new TreeReader(stringKeyed((Map<?, ?>) tree), at, diagnostics);
        int before = diagnostics.count();
        r.ignore("apiVersion", "kind");
        Optional<ObjectMeta> meta = ObjectMetaDecoder.decode(r);
        Optional<Integer> value = r.requiredField("value").flatMap(TreeValue::asInt);
        value.filter(v -> v > HIGHEST_USER_DEFINABLE_PRIORITY)
                .ifPresent(v -> r.error(
                        "value",
                        "value must be at most " + HIGHEST_USER_DEFINABLE_PRIORITY
                                + " (higher values are reserved for system classes), got " + v));
        boolean globalDefault = r.bool("globalDefault").orElse(false);
        r.string("description");
        r.string("preemptionPolicy");
        r.rejectUnknownFields();
        if (meta.isEmpty() || value.isEmpty() || diagnostics.count() > before) {
            return;
        }
        String name = meta.get().name();
        if (BUILT_IN_PRIORITY_CLASSES.containsKey(name)) {
            r.diagnostics()
                    .error(
                            at.child("metadata").child("name"),
                            "PriorityClass " + name + " is built in and cannot be defined");
            return;
        }
        Located previous = acc.priorityClassDocuments.putIfAbsent(name, new Located(document, at));
        if (previous != null) {
            r.diagnostics()
                    .error(at.child("metadata").child("name"), "duplicate PriorityClass; also defined in " + previous);
            return;
        }
        acc.priorityClasses.put(name, value.get());
        if (globalDefault) {
            if (acc.globalDefault != null) {
                r.error(
                        "globalDefault",
                        "only one PriorityClass may be the global default; \"" + acc.globalDefault + "\" already is");
            } else {
                acc.globalDefault = name;
            }
        }
    }

    private static String topLevel(Object tree, String field) {
        return tree instanceof Map<?, ?> map && map.get(field) instanceof String s ? s : "";
    }

    private static String metadataName(Object tree) {
        if (tree instanceof Map<?, ?> map && map.get("metadata") instanceof Map<?, ?> metadata) {
            return metadata.get("name") instanceof String s ? s : null;
        }
        return null;
    }

    private static Map<String, Object> stringKeyed(Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    /** Where an object was defined, printed as {@code file[index]} or {@code file[index] items[2]}. */
    private record Located(SourceDocument document, FieldPath at) {
        @Override
        public String toString() {
            return document.source() + "[" + document.index() + "]" + (at.isRoot() ? "" : " " + at);
        }
    }

    /** A decoded workload and where it came from. */
    private record Entry(SourceDocument document, FieldPath at, Workload workload) {

        Located located() {
            return new Located(document, at);
        }

        ConfigError error(String path, String message) {
            String full = at.isRoot() ? path : at + "." + path;
            return new ConfigError(
                    document.source(),
                    document.index(),
                    0,
                    workload.kind().kind(),
                    workload.metadata().name(),
                    full,
                    message);
        }

        /** Where the pod spec's fields are in the manifest. */
        String podSpecPath() {
            return workload.kind() == WorkloadKind.POD ? "spec" : "spec.template.spec";
        }

        String describe() {
            return workload.kind() + " \"" + workload.metadata().name() + "\" (" + located() + ")";
        }
    }

    /** Accumulates one load's outcome. */
    private static final class Accumulator {
        final List<ConfigError> errors;
        final List<ConfigError> warnings = new ArrayList<>();
        final List<SkippedDocument> skipped = new ArrayList<>();
        final List<Entry> entries = new ArrayList<>();
        final Map<String, Map<String, String>> namespaces = new LinkedHashMap<>();
        final Map<String, Located> namespaceDocuments = new HashMap<>();
        final Map<String, Integer> priorityClasses = new HashMap<>();
        final Map<String, Located> priorityClassDocuments = new HashMap<>();
        String globalDefault;

        Accumulator(List<ConfigError> errors) {
            this.errors = new ArrayList<>(errors);
        }

        void add(SourceDocument document, FieldPath at, Workload workload) {
            entries.add(new Entry(document, at, workload));
        }

        WorkloadResult finish() {
            List<ConfigError> crossErrors = new ArrayList<>();
            Map<String, Entry> objects = new HashMap<>();
            Map<String, Entry> podNames = new HashMap<>();
            List<Workload> workloads = new ArrayList<>();
            for (Entry e : entries) {
                ObjectMeta m = e.workload().metadata();
                Entry first = objects.putIfAbsent(e.workload().kind() + "/" + m.key(), e);
                if (first != null) {
                    crossErrors.add(e.error(
                            "metadata.name",
                            "duplicate " + e.workload().kind() + " \"" + m.key() + "\"; also defined in "
                                    + first.located()));
                    continue;
                }
                Optional<String> collision = podNameCollision(e, podNames);
                if (collision.isPresent()) {
                    crossErrors.add(e.error("metadata.name", collision.get()));
                    continue;
                }
                for (Pod p : pods(e.workload())) {
                    podNames.put(p.key(), e);
                }
                resolvePriority(e, crossErrors).ifPresent(workloads::add);
            }
            List<Pod> pending = new ArrayList<>();
            List<Pod> bound = new ArrayList<>();
            List<DaemonSet> daemonSets = new ArrayList<>();
            Map<String, Map<String, String>> namespaceLabels = new LinkedHashMap<>(namespaces);
            for (Workload w : workloads) {
                switch (w) {
                    case Workload.Pods p -> p.pods().forEach(pod -> (pod.isBound() ? bound : pending).add(pod));
                    case Workload.Daemon d -> daemonSets.add(d.daemonSet());
                }
                String ns = w.metadata().namespace();
                namespaceLabels.putIfAbsent(ns, Map.of(NAMESPACE_NAME_LABEL, ns));
            }
            List<ConfigError> allErrors = new ArrayList<>(errors);
            allErrors.addAll(crossErrors);
            return new WorkloadResult(
                    workloads, pending, bound, daemonSets, namespaceLabels, allErrors, warnings, skipped);
        }

        private static List<Pod> pods(Workload w) {
            return switch (w) {
                case Workload.Pods p -> p.pods();
                case Workload.Daemon d -> List.of();
            };
        }

        private static Optional<String> podNameCollision(Entry e, Map<String, Entry> podNames) {
            for (Pod p : pods(e.workload())) {
                Entry other = podNames.get(p.key());
                if (other != null) {
                    return Optional.of("its pod \"" + p.key() + "\" has the same name as a pod of " + other.describe());
                }
            }
            return Optional.empty();
        }

        /**
         * The workload with its pods' priority set from their PriorityClass, as the Priority admission plugin does;
         * empty after reporting when an explicit priority contradicts a loaded class.
         */
        private Optional<Workload> resolvePriority(Entry e, List<ConfigError> crossErrors) {
            Pod template = switch (e.workload()) {
                case Workload.Pods p -> p.pods().isEmpty() ? null : p.pods().get(0);
                case Workload.Daemon d -> d.daemonSet().template();
            };
            if (template == null) {
                return Optional.of(e.workload());
            }
            PodSpec spec = template.spec();
            String className = spec.priorityClassName();
            if (className.isEmpty()) {
                if (globalDefault == null || spec.priority() != 0) {
                    return Optional.of(e.workload());
                }
                return Optional.of(withPriority(e.workload(), globalDefault, priorityClasses.get(globalDefault)));
            }
            Integer value = priorityClasses.getOrDefault(className, BUILT_IN_PRIORITY_CLASSES.get(className));
            if (value == null) {
                if (spec.priority() == 0) {
                    warnings.add(e.error(
                            e.podSpecPath() + ".priorityClassName",
                            "PriorityClass \"" + className
                                    + "\" is not loaded; priority 0 is assumed (add the PriorityClass manifest to use"
                                    + " its value)"));
                }
                return Optional.of(e.workload());
            }
            if (spec.priority() != 0 && spec.priority() != value) {
                crossErrors.add(e.error(
                        e.podSpecPath() + ".priority",
                        "priority " + spec.priority() + " contradicts PriorityClass \"" + className
                                + "\", whose value is " + value));
                return Optional.empty();
            }
            return Optional.of(withPriority(e.workload(), className, value));
        }

        private static Workload withPriority(Workload w, String className, int priority) {
            return switch (w) {
                case Workload.Pods p ->
                    new Workload.Pods(
                            p.kind(),
                            p.metadata(),
                            p.pods().stream()
                                    .map(pod -> withPriority(pod, className, priority))
                                    .toList());
                case Workload.Daemon d ->
                    new Workload.Daemon(new DaemonSet(
                            d.daemonSet().metadata(), withPriority(d.daemonSet().template(), className, priority)));
            };
        }

        private static Pod withPriority(Pod pod, String className, int priority) {
            PodSpec s = pod.spec();
            PodSpec spec = new PodSpec(
                    s.requests(),
                    s.nodeSelector(),
                    s.affinity(),
                    s.tolerations(),
                    s.topologySpreadConstraints(),
                    s.nodeName(),
                    priority,
                    className,
                    s.terminationGracePeriodSeconds(),
                    s.schedulerName());
            return new Pod(pod.metadata(), spec, pod.status());
        }
    }
}
