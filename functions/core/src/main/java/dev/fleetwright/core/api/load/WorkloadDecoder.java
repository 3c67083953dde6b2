package dev.fleetwright.core.api.load;

import dev.fleetwright.core.api.KubernetesNames;
import dev.fleetwright.core.api.corev1.DaemonSet;
import dev.fleetwright.core.api.corev1.LabelSelector;
import dev.fleetwright.core.api.corev1.ObjectMeta;
import dev.fleetwright.core.api.corev1.OwnerReference;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.PodStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * Decodes one workload manifest — {@code v1 Pod}, {@code apps/v1 Deployment, ReplicaSet, StatefulSet, DaemonSet},
 * {@code batch/v1 Job} — into the pods its controller would create, with Kubernetes' validation of what matters to
 * scheduling (see {@link PodSpecDecoder}). Reports every problem; returns a workload only when there is none.
 *
 * <p>What the controllers would create, deterministically (names must not depend on randomness here):
 *
 * <ul>
 *   <li><b>Pod</b>: the pod itself; with {@code generateName} and no name, the prefix plus a suffix derived from the
 *       manifest.
 *   <li><b>Deployment</b>: {@code replicas} (default 1) pods owned by the ReplicaSet {@code <deployment>-<hash>},
 *       named {@code <deployment>-<hash>-<index>} and labelled {@code pod-template-hash: <hash>}, where the hash is a
 *       stable digest of the pod template in the alphabet Kubernetes uses (not Kubernetes' value, which hashes Go
 *       structures). A new template gives a new hash, as a rollout gives a new ReplicaSet.
 *   <li><b>ReplicaSet</b>: {@code replicas} pods {@code <name>-<index>}.
 *   <li><b>StatefulSet</b>: {@code replicas} pods {@code <name>-<ordinal>}, ordinals from {@code ordinals.start}
 *       (default 0), labelled {@code statefulset.kubernetes.io/pod-name} and {@code apps.kubernetes.io/pod-index}.
 *   <li><b>Job</b>: {@code parallelism} (default 1) pods {@code <name>-<index>}, capped by {@code completions} when
 *       set, none when {@code suspend} is true — the pods the Job controller runs at once at the start, since the
 *       simulation sizes capacity for pods that are pending together; {@code completions} beyond {@code parallelism}
 *       run later on the same capacity. Labelled {@code batch.kubernetes.io/job-name} and {@code job-name}; Indexed
 *       Jobs also carry {@code batch.kubernetes.io/job-completion-index}.
 *   <li><b>DaemonSet</b>: a {@link DaemonSet} whose template pod is named after the DaemonSet.
 * </ul>
 *
 * Pods get the namespace of their object ({@code default} when unset), the template's labels and annotations, the
 * object's {@code creationTimestamp} and a controller owner reference. Unbound pods are pending with {@link
 * PodStatus#UNSCHEDULABLE} (or {@link #SCHEDULING_GATED} when the template has scheduling gates); pods whose spec has
 * {@code nodeName} are bound and {@link PodStatus#RUNNING}. Status in manifests is ignored.
 */
public final class WorkloadDecoder {

    /** Label the Deployment controller puts on a ReplicaSet's pods. */
    public static final String POD_TEMPLATE_HASH_LABEL = "pod-template-hash";

    /** Label the StatefulSet controller puts on each pod: the pod's name. */
    public static final String STATEFUL_SET_POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";

    /** Label the StatefulSet controller puts on each pod: the pod's ordinal (Kubernetes 1.28+). */
    public static final String POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";

    /** Label the Job controller puts on its pods: the Job's name. */
    public static final String JOB_NAME_LABEL = "batch.kubernetes.io/job-name";

    /** The older spelling of {@link #JOB_NAME_LABEL}, still set by the Job controller. */
    public static final String LEGACY_JOB_NAME_LABEL = "job-name";

    /** Label and annotation of Indexed Job pods: the completion index. */
    public static final String JOB_COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";

    /** Label the Job controller puts on its pods: the Job's UID (set here only when the manifest has a uid). */
    public static final String JOB_CONTROLLER_UID_LABEL = "batch.kubernetes.io/controller-uid";

    /**
     * Status of a pending pod held back by scheduling gates: the kube-scheduler reports {@code PodScheduled=False}
     * with reason {@code SchedulingGated}, so Karpenter does not provision for it.
     */
    public static final PodStatus SCHEDULING_GATED =
            new PodStatus("Pending", List.of(new PodStatus.Condition("PodScheduled", "False", "SchedulingGated")), "");

    /** The alphabet of Kubernetes' {@code rand.SafeEncodeString}, without vowels so hashes never spell words. */
    private static final String SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private static final int GENERATED_SUFFIX_LENGTH = 5;

    private static final Set<String> DEPLOYMENT_FIELDS = Set.of("replicas", "selector", "template", "paused");
    private static final String[] DEPLOYMENT_UNMODELLED = {
        "strategy", "minReadySeconds", "revisionHistoryLimit", "progressDeadlineSeconds"
    };
    private static final Set<String> REPLICA_SET_FIELDS = Set.of("replicas", "selector", "template");
    private static final String[] REPLICA_SET_UNMODELLED = {"minReadySeconds"};
    private static final Set<String> STATEFUL_SET_FIELDS = Set.of("replicas", "selector", "template", "ordinals");
    private static final String[] STATEFUL_SET_UNMODELLED = {
        "volumeClaimTemplates",
        "serviceName",
        "podManagementPolicy",
        "updateStrategy",
        "revisionHistoryLimit",
        "minReadySeconds",
        "persistentVolumeClaimRetentionPolicy"
    };
    private static final Set<String> DAEMON_SET_FIELDS = Set.of("selector", "template");
    private static final String[] DAEMON_SET_UNMODELLED = {"updateStrategy", "minReadySeconds", "revisionHistoryLimit"};
    private static final Set<String> JOB_FIELDS =
            Set.of("parallelism", "completions", "completionMode", "selector", "manualSelector", "template", "suspend");
    private static final String[] JOB_UNMODELLED = {
        "activeDeadlineSeconds",
        "podFailurePolicy",
        "successPolicy",
        "backoffLimit",
        "backoffLimitPerIndex",
        "maxFailedIndexes",
        "ttlSecondsAfterFinished",
        "podReplacementPolicy",
        "managedBy"
    };

    private WorkloadDecoder() {}

    /**
     * Decodes one workload document.
     *
     * @param document the document; its kind must be one of {@link WorkloadKind} in that kind's API version (anything
     *     else is reported)
     * @param diagnostics where errors go, stamped with the document's source, index, kind and name
     * @param warnings where tolerated problems go (unknown fields that are not likely typos, ignored settings), in the
     *     same format
     * @return the workload, or empty when any error was reported
     */
    public static Optional<Workload> decode(SourceDocument document, Diagnostics diagnostics, Diagnostics warnings) {
        if (document.tree() == null) {
            diagnostics.error(FieldPath.ROOT, "the document is empty");
            return Optional.empty();
        }
        return decode(new TreeValue(document.tree(), FieldPath.ROOT, diagnostics), warnings);
    }

    /** Decodes the workload at {@code root} (a document, or an item of a {@code List}). */
    static Optional<Workload> decode(TreeValue root, Diagnostics warnings) {
        Optional<TreeReader> objectReader = root.asObject();
        if (objectReader.isEmpty()) {
            return Optional.empty();
        }
        TreeReader object = objectReader.get();
        Diagnostics diagnostics = object.diagnostics();
        int before = diagnostics.count();
        Optional<String> apiVersion = object.requiredString("apiVersion");
        Optional<String> kindText = object.requiredString("kind");
        if (apiVersion.isEmpty() || kindText.isEmpty()) {
            return Optional.empty();
        }
        Optional<WorkloadKind> kind = WorkloadKind.fromKind(kindText.get());
        if (kind.isEmpty()) {
            object.error("kind", "kind " + kindText.get() + " is not a workload Fleetwright decodes");
            return Optional.empty();
        }
        if (!kind.get().apiVersion().equals(apiVersion.get())) {
            object.error(
                    "apiVersion",
                    "apiVersion " + apiVersion.get() + " is not supported for " + kind.get() + "; use "
                            + kind.get().apiVersion());
            return Optional.empty();
        }
        object.ignore("status");
        Optional<Workload> workload = switch (kind.get()) {
            case POD -> pod(object, warnings);
            case DEPLOYMENT -> deployment(object, warnings);
            case REPLICA_SET -> replicaSet(object, warnings);
            case STATEFUL_SET -> statefulSet(object, warnings);
            case DAEMON_SET -> daemonSet(object, warnings);
            case JOB -> job(object, warnings);
        };
        object.rejectUnknownFields();
        return diagnostics.count() > before ? Optional.empty() : workload;
    }

    // ---------------------------------------------------------------------------------------------------- kinds

    private static Optional<Workload> pod(TreeReader object, Diagnostics warnings) {
        Optional<ObjectMeta> meta = ObjectMetaDecoder.decodeNamespaced(object, generatedSuffix(object));
        Map<String, String> labels = meta.map(ObjectMeta::labels).orElse(Map.of());
        Optional<PodSpecDecoder.Decoded> spec =
                object.requiredObject("spec").flatMap(s -> PodSpecDecoder.decode(s, labels, warnings));
        if (meta.isEmpty() || spec.isEmpty()) {
            return Optional.empty();
        }
        Pod pod = new Pod(meta.get(), spec.get().spec(), status(spec.get()));
        return Optional.of(new Workload.Pods(WorkloadKind.POD, meta.get(), List.of(pod)));
    }

    private static Optional<Workload> deployment(TreeReader object, Diagnostics warnings) {
        Optional<ObjectMeta> meta = ObjectMetaDecoder.decodeNamespaced(object, null);
        Optional<TreeReader> specReader = object.requiredObject("spec");
        if (specReader.isEmpty()) {
            return Optional.empty();
        }
        TreeReader spec = specReader.get();
        int replicas = count(spec, "replicas", 1);
        String hash = hash(spec.peek("template"), 0);
        Optional<Template> template = template(spec, Map.of(POD_TEMPLATE_HASH_LABEL, hash), warnings);
        selector(spec, true, template);
        if (spec.bool("paused").orElse(false)) {
            warnings.error(
                    spec.pathOf("paused"),
                    "ignored: the simulation creates the Deployment's pods as if it were not paused");
        }
        spec.ignore(DEPLOYMENT_UNMODELLED);
        PodSpecDecoder.tolerateUnknownFields(spec, DEPLOYMENT_FIELDS, warnings);
        if (meta.isEmpty() || template.isEmpty()) {
            return Optional.empty();
        }
        String replicaSet = meta.get().name() + "-" + hash;
        OwnerReference owner = new OwnerReference("apps/v1", "ReplicaSet", replicaSet, "", true);
        return expand(
                object,
                WorkloadKind.DEPLOYMENT,
                meta.get(),
                template.get(),
                replicas,
                i -> replicaSet + "-" + i,
                i -> Map.of(),
                owner);
    }

    private static Optional<Workload> replicaSet(TreeReader object, Diagnostics warnings) {
        Optional<ObjectMeta> meta = ObjectMetaDecoder.decodeNamespaced(object, null);
        Optional<TreeReader> specReader = object.requiredObject("spec");
        if (specReader.isEmpty()) {
            return Optional.empty();
        }
        TreeReader spec = specReader.get();
        int replicas = count(spec, "replicas", 1);
        Optional<Template> template = template(spec, Map.of(), warnings);
        selector(spec, true, template);
        spec.ignore(REPLICA_SET_UNMODELLED);
        PodSpecDecoder.tolerateUnknownFields(spec, REPLICA_SET_FIELDS, warnings);
        if (meta.isEmpty() || template.isEmpty()) {
            return Optional.empty();
        }
        String name = meta.get().name();
        OwnerReference owner =
                new OwnerReference("apps/v1", "ReplicaSet", name, meta.get().uid(), true);
        return expand(
                object,
                WorkloadKind.REPLICA_SET,
                meta.get(),
                template.get(),
                replicas,
                i -> name + "-" + i,
                i -> Map.of(),
                owner);
    }

    private static Optional<Workload> statefulSet(TreeReader object, Diagnostics warnings) {
        Optional<ObjectMeta> meta = ObjectMetaDecoder.decodeNamespaced(object, null);
        Optional<TreeReader> specReader = object.requiredObject("spec");
        if (specReader.isEmpty()) {
            return Optional.empty();
        }
        TreeReader spec = specReader.get();
        int replicas = count(spec, "replicas", 1);
        int start = spec.object("ordinals")
                .map(o -> {
                    int s = count(o, "start", 0);
                    o.rejectUnknownFields();
                    return s;
                })
                .orElse(0);
        Optional<Template> template = template(spec, Map.of(), warnings);
        selector(spec, true, template);
        spec.ignore(STATEFUL_SET_UNMODELLED);
        PodSpecDecoder.tolerateUnknownFields(spec, STATEFUL_SET_FIELDS, warnings);
        if (meta.isEmpty() || template.isEmpty()) {
            return Optional.empty();
        }
        String name = meta.get().name();
        OwnerReference owner =
                new OwnerReference("apps/v1", "StatefulSet", name, meta.get().uid(), true);
        return expand(
                object,
                WorkloadKind.STATEFUL_SET,
                meta.get(),
                template.get(),
                replicas,
                i -> name + "-" + (start + i),
                i -> Map.of(
                        STATEFUL_SET_POD_NAME_LABEL,
                        name + "-" + (start + i),
                        POD_INDEX_LABEL,
                        Integer.toString(start + i)),
                owner);
    }

    private static Optional<Workload> daemonSet(TreeReader object, Diagnostics warnings) {
        Optional<ObjectMeta> meta = ObjectMetaDecoder.decodeNamespaced(object, null);
        Optional<TreeReader> specReader = object.requiredObject("spec");
        if (specReader.isEmpty()) {
            return Optional.empty();
        }
        TreeReader spec = specReader.get();
        Optional<Template> template = template(spec, Map.of(), warnings);
        selector(spec, true, template);
        spec.ignore(DAEMON_SET_UNMODELLED);
        PodSpecDecoder.tolerateUnknownFields(spec, DAEMON_SET_FIELDS, warnings);
        if (meta.isEmpty() || template.isEmpty()) {
            return Optional.empty();
        }
        ObjectMeta m = meta.get();
        Template t = template.get();
        OwnerReference owner = new OwnerReference("apps/v1", "DaemonSet", m.name(), m.uid(), true);
        ObjectMeta podMeta = new ObjectMeta(
                m.name(), m.namespace(), "", t.labels(), t.annotations(), List.of(owner), m.creationTimestamp(), null);
        Pod pod = new Pod(podMeta, t.spec().spec(), new PodStatus("Pending", List.of(), ""));
        return Optional.of(new Workload.Daemon(new DaemonSet(m, pod)));
    }

    private static Optional<Workload> job(TreeReader object, Diagnostics warnings) {
        Optional<ObjectMeta> meta = ObjectMetaDecoder.decodeNamespaced(object, null);
        Optional<TreeReader> specReader = object.requiredObject("spec");
        if (specReader.isEmpty()) {
            return Optional.empty();
        }
        TreeReader spec = specReader.get();
        int parallelism = count(spec, "parallelism", 1);
        Integer completions = spec.has("completions") ? count(spec, "completions", 0) : null;
        boolean indexed = spec.string("completionMode")
                .map(mode -> switch (mode) {
                    case "NonIndexed" -> false;
                    case "Indexed" -> true;
                    default -> {
                        spec.error(
                                "completionMode",
                                "completionMode \"" + mode + "\" is not one of NonIndexed, Indexed"
                                        + PodSpecDecoder.hint(mode, List.of("NonIndexed", "Indexed")));
                        yield false;
                    }
                })
                .orElse(false);
        if (indexed && completions == null) {
            spec.error("completions", "required when completionMode is Indexed");
        }
        boolean suspended = spec.bool("suspend").orElse(false);
        spec.bool("manualSelector");
        String name = meta.map(ObjectMeta::name).orElse("");
        String uid = meta.map(ObjectMeta::uid).orElse("");
        Map<String, String> jobLabels = new LinkedHashMap<>();
        jobLabels.put(JOB_NAME_LABEL, name);
        jobLabels.put(LEGACY_JOB_NAME_LABEL, name);
        if (!uid.isEmpty()) {
            jobLabels.put(JOB_CONTROLLER_UID_LABEL, uid);
        }
        Optional<Template> template = template(spec, jobLabels, warnings);
        selector(spec, false, template);
        spec.ignore(JOB_UNMODELLED);
        PodSpecDecoder.tolerateUnknownFields(spec, JOB_FIELDS, warnings);
        if (meta.isEmpty() || template.isEmpty()) {
            return Optional.empty();
        }
        int pods = suspended ? 0 : completions == null ? parallelism : Math.min(parallelism, completions);
        OwnerReference owner = new OwnerReference("batch/v1", "Job", name, uid, true);
        return expand(
                object,
                WorkloadKind.JOB,
                meta.get(),
                template.get(),
                pods,
                i -> name + "-" + i,
                i -> indexed ? Map.of(JOB_COMPLETION_INDEX, Integer.toString(i)) : Map.of(),
                owner);
    }

    // ---------------------------------------------------------------------------------------------------- parts

    /**
     * A decoded pod template.
     *
     * @param written the template's labels as written, which the selector must match
     * @param labels the template's labels plus the controller's common labels
     * @param annotations the template's annotations
     * @param spec the decoded spec
     */
    private record Template(
            Map<String, String> written,
            Map<String, String> labels,
            Map<String, String> annotations,
            PodSpecDecoder.Decoded spec) {}

    /**
     * Decodes {@code spec.template}. The controller's labels common to all pods are added before the spec is decoded,
     * so that pod affinity {@code mismatchLabelKeys} see them (a {@code pod-template-hash} key, for example).
     */
    private static Optional<Template> template(
            TreeReader spec, Map<String, String> controllerLabels, Diagnostics warnings) {
        Optional<TreeReader> templateReader = spec.requiredObject("template");
        if (templateReader.isEmpty()) {
            return Optional.empty();
        }
        TreeReader template = templateReader.get();
        ObjectMeta meta = ObjectMetaDecoder.decodeTemplate(template);
        Map<String, String> labels = new LinkedHashMap<>(meta.labels());
        labels.putAll(controllerLabels);
        Optional<PodSpecDecoder.Decoded> podSpec =
                template.requiredObject("spec").flatMap(s -> PodSpecDecoder.decode(s, labels, warnings));
        template.rejectUnknownFields();
        return podSpec.map(s -> new Template(meta.labels(), labels, meta.annotations(), s));
    }

    /**
     * Decodes {@code spec.selector} and checks it as the apps/v1 and batch/v1 validation does: required where the API
     * requires it, not empty, and matching the template's labels (else the controller would never see its pods).
     */
    private static void selector(TreeReader spec, boolean required, Optional<Template> template) {
        Optional<TreeReader> reader = required ? spec.requiredObject("selector") : spec.object("selector");
        if (reader.isEmpty()) {
            return;
        }
        FieldPath at = reader.get().path();
        Optional<LabelSelector> selector = PodSpecDecoder.labelSelector(reader.get());
        if (selector.isEmpty()) {
            return;
        }
        LabelSelector s = selector.get();
        if (s.matchLabels().isEmpty() && s.matchExpressions().isEmpty()) {
            spec.diagnostics().error(at, "must not be empty (an empty selector would select every pod)");
        } else if (template.isPresent() && !s.matches(template.get().written())) {
            spec.diagnostics()
                    .error(
                            at,
                            "does not match the template labels "
                                    + new TreeMap<>(template.get().written())
                                    + "; the controller would never count its own pods");
        }
    }

    /** A non-negative count field ({@code replicas}, {@code parallelism}, ...), or {@code absent} when unset. */
    private static int count(TreeReader r, String field, int absent) {
        Optional<Integer> value = r.integer(field);
        if (value.isPresent() && value.get() < 0) {
            r.error(field, field + " must not be negative, got " + value.get());
            return 0;
        }
        return value.orElse(absent);
    }

    /** The controller's pods, with their names checked as object names. */
    private static Optional<Workload> expand(
            TreeReader object,
            WorkloadKind kind,
            ObjectMeta owner,
            Template template,
            int count,
            IntFunction<String> nameOf,
            IntFunction<Map<String, String>> perPodLabels,
            OwnerReference ownerReference) {
        if (count > 0) {
            String last = nameOf.apply(count - 1);
            Optional<String> problem = KubernetesNames.subdomainProblem(last);
            if (problem.isPresent()) {
                object.diagnostics()
                        .error(
                                object.pathOf("metadata").child("name"),
                                "the pod names would be invalid: " + problem.get());
                return Optional.empty();
            }
        }
        PodStatus status = status(template.spec());
        List<Pod> pods = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Map<String, String> labels = new LinkedHashMap<>(template.labels());
            Map<String, String> extra = perPodLabels.apply(i);
            labels.putAll(extra);
            Map<String, String> annotations = new LinkedHashMap<>(template.annotations());
            if (extra.containsKey(JOB_COMPLETION_INDEX)) {
                annotations.put(JOB_COMPLETION_INDEX, extra.get(JOB_COMPLETION_INDEX));
            }
            ObjectMeta meta = new ObjectMeta(
                    nameOf.apply(i),
                    owner.namespace(),
                    "",
                    labels,
                    annotations,
                    List.of(ownerReference),
                    owner.creationTimestamp(),
                    null);
            pods.add(new Pod(meta, template.spec().spec(), status));
        }
        return Optional.of(new Workload.Pods(kind, owner, pods));
    }

    private static PodStatus status(PodSpecDecoder.Decoded spec) {
        if (!spec.spec().nodeName().isEmpty()) {
            return PodStatus.RUNNING;
        }
        return spec.schedulingGates().isEmpty() ? PodStatus.UNSCHEDULABLE : SCHEDULING_GATED;
    }

    // ---------------------------------------------------------------------------------------------------- hashing

    /** The suffix for a Pod's {@code generateName}: a stable digest of the whole manifest. */
    private static String generatedSuffix(TreeReader object) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (String name : object.fieldNames()) {
            fields.put(name, object.peek(name));
        }
        String h = hash(fields, 0);
        return h.length() > GENERATED_SUFFIX_LENGTH ? h.substring(0, GENERATED_SUFFIX_LENGTH) : h;
    }

    /**
     * A stable digest of a tree, encoded like Kubernetes' {@code rand.SafeEncodeString(fmt.Sprint(hash))}: the
     * 32-bit FNV-1a of a canonical rendering (map keys sorted), its decimal digits mapped onto {@value
     * #SAFE_ALPHABET}.
     *
     * @param tree the tree (maps, lists, scalars, nulls)
     * @param collisionCount mixed in as Kubernetes mixes the Deployment's {@code collisionCount}
     */
    static String hash(Object tree, int collisionCount) {
        StringBuilder canonical = new StringBuilder();
        render(tree, canonical);
        if (collisionCount > 0) {
            canonical.append('#').append(collisionCount);
        }
        int h = 0x811c9dc5;
        for (byte b : canonical.toString().getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x01000193;
        }
        String digits = Integer.toUnsignedString(h);
        StringBuilder out = new StringBuilder(digits.length());
        for (int i = 0; i < digits.length(); i++) {
            out.append(SAFE_ALPHABET.charAt(digits.charAt(i) % SAFE_ALPHABET.length()));
        }
        return out.toString();
    }

    private static void render(Object value, StringBuilder out) {
        if (value instanceof Map<?, ?> map) {
            TreeMap<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
            out.append('{');
            sorted.forEach((k, v) -> {
                out.append(k.length()).append(':').append(k).append('=');
                render(v, out);
                out.append(',');
            });
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (Object element : list) {
                render(element, out);
                out.append(',');
            }
            out.append(']');
        } else if (value instanceof String s) {
            out.append('s').append(s.length()).append(':').append(s);
        } else if (value instanceof Number n) {
            out.append('n').append(TreeValue.plain(n));
        } else if (value == null) {
            out.append('~');
        } else {
            out.append('b').append(value);
        }
    }
}
