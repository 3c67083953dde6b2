package dev.fleetwright.core.api.convert;

import dev.fleetwright.core.api.Labels;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Conversions shared by the pre-v1 kinds: metadata, renamed labels and annotations, requirements, kubelet, durations. */
final class LegacyFields {

    private LegacyFields() {}

    /**
     * Label, annotation and requirement keys that v1 renamed or removed in favour of another key. Source: [A] website
     * v0.32 upgrading/v1beta1-migration.md "Annotations, Labels, and Status Conditions", and v1.0
     * upgrading/v1-migration.md (do-not-evict and do-not-consolidate are removed in v1).
     */
    static final Map<String, String> RENAMED_KEYS = Map.of(
            "karpenter.sh/provisioner-name", Labels.NODE_POOL,
            "karpenter.sh/do-not-evict", Labels.DO_NOT_DISRUPT,
            "karpenter.sh/do-not-consolidate", Labels.DO_NOT_DISRUPT);

    /** The v1alpha5 label dropped in v1beta1 with no replacement ([A] v1beta1-migration.md). */
    static final String INSTANCE_PODS = "karpenter.k8s.aws/instance-pods";

    /** Metadata fields the API server fills in; they describe a stored object, not configuration. */
    private static final Set<String> SERVER_MANAGED_METADATA = Set.of(
            "uid",
            "resourceVersion",
            "generation",
            "creationTimestamp",
            "deletionTimestamp",
            "deletionGracePeriodSeconds",
            "managedFields",
            "selfLink");

    /**
     * Annotations written by kubectl or by the Karpenter controller about the old object; carried over they would
     * describe an object that no longer exists.
     */
    private static final Set<String> MANAGED_ANNOTATIONS = Set.of(
            "kubectl.kubernetes.io/last-applied-configuration",
            "karpenter.sh/provisioner-hash",
            "karpenter.k8s.aws/nodetemplate-hash",
            "karpenter.sh/nodepool-hash",
            "karpenter.sh/nodepool-hash-version",
            "karpenter.k8s.aws/ec2nodeclass-hash",
            "karpenter.k8s.aws/ec2nodeclass-hash-version");

    /** The v1 kubelet fields ([A] pkg/apis/v1/ec2nodeclass.go {@code KubeletConfiguration}). */
    static final Set<String> KUBELET_FIELDS = Set.of(
            "clusterDNS",
            "maxPods",
            "podsPerCore",
            "systemReserved",
            "kubeReserved",
            "evictionHard",
            "evictionSoft",
            "evictionSoftGracePeriod",
            "evictionMaxPodGracePeriod",
            "imageGCHighThresholdPercent",
            "imageGCLowThresholdPercent",
            "cpuCFSQuota");

    /**
     * The metadata of a converted document: everything the user wrote except fields the API server or Karpenter
     * manages (warned). An error when the name is missing.
     */
    static Map<String, Object> metadata(Object value, DocumentContext c) {
        Map<String, Object> in = c.map(value, "metadata");
        Map<String, Object> out = new LinkedHashMap<>();
        if (in == null) {
            c.error("metadata.name", "required");
            return out;
        }
        List<String> dropped = new ArrayList<>();
        for (Map.Entry<String, Object> e : in.entrySet()) {
            String key = e.getKey();
            if (SERVER_MANAGED_METADATA.contains(key)) {
                dropped.add(key);
            } else if (key.equals("annotations") && e.getValue() instanceof Map<?, ?> annotations) {
                Map<String, Object> kept = new LinkedHashMap<>();
                for (Map.Entry<?, ?> a : annotations.entrySet()) {
                    String annotation = String.valueOf(a.getKey());
                    if (MANAGED_ANNOTATIONS.contains(annotation)) {
                        dropped.add("annotations[" + annotation + "]");
                    } else {
                        kept.put(annotation, a.getValue());
                    }
                }
                if (!kept.isEmpty()) {
                    out.put(key, kept);
                }
            } else {
                out.put(key, e.getValue());
            }
        }
        if (!dropped.isEmpty()) {
            c.warn(
                    "metadata",
                    "dropped " + String.join(", ", dropped)
                            + ": the API server or the Karpenter controller set these on the old object");
        }
        if (in.get("name") == null) {
            c.error("metadata.name", "required");
        } else {
            String name = c.string(in.get("name"), "metadata.name");
            if (name != null && name.isBlank()) {
                c.error("metadata.name", "must not be blank");
            }
        }
        return out;
    }

    /**
     * Warns about top-level fields other than {@code apiVersion, kind, metadata, spec, status}. {@code status} is
     * dropped without a warning: it is the old controller's observations, not configuration.
     */
    static void checkTopLevel(Map<String, Object> tree, String kindDescription, DocumentContext c) {
        for (String key : tree.keySet()) {
            if (!Set.of("apiVersion", "kind", "metadata", "spec", "status").contains(key)) {
                c.warn(key, "not a field of " + kindDescription + "; dropped");
            }
        }
    }

    /**
     * Renames the keys v1 replaced ({@link #RENAMED_KEYS}) in a labels or annotations map, warning for each. Two old
     * keys mapping to one new key with different values is an error.
     */
    static Map<String, Object> renameKeys(Map<String, Object> in, String path, DocumentContext c) {
        if (in == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : in.entrySet()) {
            String key = e.getKey();
            String renamed = RENAMED_KEYS.get(key);
            if (renamed == null) {
                putUnique(out, key, e.getValue(), Trees.child(path, key), c);
                continue;
            }
            c.warn(Trees.child(path, key), "renamed to " + renamed + renameReason(key));
            putUnique(out, renamed, e.getValue(), Trees.child(path, key), c);
        }
        return out;
    }

    private static void putUnique(Map<String, Object> out, String key, Object value, String path, DocumentContext c) {
        if (out.containsKey(key) && !Trees.semanticEquals(out.get(key), value)) {
            c.error(path, "conflicts with " + key + "=" + out.get(key) + " after renaming to the v1 keys");
            return;
        }
        out.put(key, value);
    }

    private static String renameReason(String oldKey) {
        return switch (oldKey) {
            case "karpenter.sh/provisioner-name" -> " (v1beta1 renamed the Provisioner label)";
            case "karpenter.sh/do-not-consolidate" ->
                " (v1 removed do-not-consolidate; do-not-disrupt also blocks drift, not only consolidation)";
            default -> " (v1 removed " + oldKey + ")";
        };
    }

    /**
     * Node selector requirements with renamed keys ({@link #RENAMED_KEYS}); an error for {@link #INSTANCE_PODS}, which
     * v1 no longer knows, since a requirement on it would then constrain nothing or everything.
     */
    static List<Object> requirements(Object value, String path, DocumentContext c) {
        List<Object> in = c.list(value, path);
        List<Object> out = new ArrayList<>();
        if (in == null) {
            return out;
        }
        for (int i = 0; i < in.size(); i++) {
            String itemPath = path + "[" + i + "]";
            Map<String, Object> requirement = c.map(in.get(i), itemPath);
            if (requirement == null) {
                continue;
            }
            String key = c.string(requirement.get("key"), itemPath + ".key");
            if (key != null && RENAMED_KEYS.containsKey(key)) {
                c.warn(itemPath + ".key", key + " renamed to " + RENAMED_KEYS.get(key) + renameReason(key));
                requirement.put("key", RENAMED_KEYS.get(key));
            } else if (INSTANCE_PODS.equals(key)) {
                c.error(
                        itemPath + ".key",
                        INSTANCE_PODS + " was dropped in v1beta1 and has no v1 equivalent;"
                                + " constrain instance size or set kubelet maxPods instead");
            }
            out.add(requirement);
        }
        return out;
    }

    /**
     * Adds the requirements the v1alpha5 defaulting webhook added when a Provisioner did not constrain a key, and
     * returns a description of each one added. Source: [A] pkg/apis/v1alpha5/provisioner.go {@code SetDefaults} (used by
     * [A] tools/karpenter-convert): {@code kubernetes.io/os In [linux]}, {@code kubernetes.io/arch In [amd64]}, {@code
     * karpenter.sh/capacity-type In [on-demand]}, and, when none of instance-type, instance-family, instance-category
     * and instance-generation is constrained, {@code instance-category In [c, m, r]} with {@code instance-generation Gt
     * [2]}. Keys are compared after normalising deprecated aliases, as Karpenter's requirement sets do.
     */
    static List<String> addV1alpha5DefaultRequirements(List<Object> requirements) {
        Set<String> constrained = new HashSet<>();
        for (Object r : requirements) {
            if (r instanceof Map<?, ?> m && m.get("key") instanceof String key) {
                constrained.add(Labels.normalize(key));
            }
        }
        List<String> added = new ArrayList<>();
        if (!constrained.contains(Labels.OS)) {
            added.add(addRequirement(requirements, Labels.OS, "In", "linux"));
        }
        if (!constrained.contains(Labels.ARCH)) {
            added.add(addRequirement(requirements, Labels.ARCH, "In", "amd64"));
        }
        if (!constrained.contains(Labels.CAPACITY_TYPE)) {
            added.add(addRequirement(requirements, Labels.CAPACITY_TYPE, "In", Labels.CAPACITY_TYPE_ON_DEMAND));
        }
        if (!constrained.contains(Labels.INSTANCE_TYPE)
                && !constrained.contains(Labels.INSTANCE_FAMILY)
                && !constrained.contains(Labels.INSTANCE_CATEGORY)
                && !constrained.contains(Labels.INSTANCE_GENERATION)) {
            added.add(addRequirement(requirements, Labels.INSTANCE_CATEGORY, "In", "c", "m", "r"));
            added.add(addRequirement(requirements, Labels.INSTANCE_GENERATION, "Gt", "2"));
        }
        return added;
    }

    private static String addRequirement(List<Object> requirements, String key, String operator, String... values) {
        Map<String, Object> requirement = new LinkedHashMap<>();
        requirement.put("key", key);
        requirement.put("operator", operator);
        requirement.put("values", new ArrayList<>(List.of(values)));
        requirements.add(requirement);
        return key + " " + operator + " " + List.of(values);
    }

    /**
     * A v1alpha5 {@code kubeletConfiguration} or v1beta1 {@code kubelet} as the v1 EC2NodeClass {@code kubelet}: the
     * same fields, minus {@code containerRuntime}, which v1beta1 removed ([A] v1beta1-migration.md: EKS 1.24+ only runs
     * containerd). {@code containerd} is dropped with a warning; any other runtime is an error. Returns null when
     * absent or empty.
     */
    static Map<String, Object> kubelet(Object value, String path, DocumentContext c) {
        Map<String, Object> in = c.map(value, path);
        if (in == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : in.entrySet()) {
            String key = e.getKey();
            String fieldPath = Trees.child(path, key);
            if (key.equals("containerRuntime")) {
                String runtime = c.string(e.getValue(), fieldPath);
                if ("containerd".equals(runtime)) {
                    c.warn(fieldPath, "dropped: v1 has no containerRuntime; nodes always run containerd");
                } else if (runtime != null) {
                    c.error(
                            fieldPath,
                            "container runtime " + runtime + " is not supported in v1, which always runs"
                                    + " containerd (EKS 1.24+ has no other runtime)");
                }
            } else if (KUBELET_FIELDS.contains(key)) {
                out.put(key, e.getValue());
            } else {
                c.warn(fieldPath, "not a kubelet field Karpenter supports; dropped");
            }
        }
        return out.isEmpty() ? null : out;
    }

    /**
     * Seconds as a Go duration string, the form v1 duration fields take: {@code 0s}, {@code 30s}, {@code 2m}, {@code
     * 1h30m}, {@code 720h}.
     */
    static String duration(long seconds) {
        if (seconds == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        long rest = seconds % 60;
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (minutes > 0) {
            out.append(minutes).append('m');
        }
        if (rest > 0) {
            out.append(rest).append('s');
        }
        return out.toString();
    }
}
