package dev.fleetwright.core.api.convert;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Moves kubelet settings from NodePools onto EC2NodeClasses, where v1 keeps them ([A] v1.0 upgrading/v1-migration.md:
 * "Kubelet was moved to the EC2NodeClass from the NodePool"; NodePools with different kubelets on one EC2NodeClass need
 * one EC2NodeClass each).
 *
 * <p>For each EC2NodeClass among the output documents, every NodePool referencing it is considered, including v1
 * NodePools and converted NodePools without kubelet (whose nodes used the kubelet defaults):
 *
 * <ul>
 *   <li>A converted class whose NodePools all agree gets that kubelet.
 *   <li>A converted class whose NodePools differ keeps no kubelet; each NodePool with a kubelet gets its own copy of the
 *       class, named {@code <class>-<nodepool>}, carrying its kubelet, and is repointed to it.
 *   <li>A v1 class passes through unchanged: converted NodePools whose kubelet differs from the class's get a copy with
 *       their own kubelet (or without one).
 *   <li>A class that is not among the output documents cannot receive the kubelet: the NodePool gets a warning that
 *       repeats the kubelet so it can be added to that class by hand.
 * </ul>
 */
final class KubeletPlacement {

    private KubeletPlacement() {}

    /**
     * Places the kubelets of the converted NodePools in the slots' drafts, adding class copies to the slot of the class
     * they copy, right after it.
     *
     * @param slots the drafts of every source document, in input order; drafts of documents with errors are ignored
     */
    static void place(List<List<Draft>> slots) {
        Map<String, Draft> classes = new LinkedHashMap<>();
        Map<Draft, List<Draft>> slotOf = new LinkedHashMap<>();
        Set<String> classNames = new HashSet<>();
        List<Draft> nodePools = new ArrayList<>();
        for (List<Draft> slot : slots) {
            for (Draft draft : slot) {
                if (draft.context.hasErrors()) {
                    continue;
                }
                switch (draft.api()) {
                    case EC2_NODE_CLASS_V1 -> {
                        classes.putIfAbsent(draft.name(), draft);
                        classNames.add(draft.name());
                        slotOf.put(draft, slot);
                    }
                    case NODE_POOL_V1 -> nodePools.add(draft);
                    default -> {
                        // other kinds neither hold nor reference a kubelet
                    }
                }
            }
        }
        Map<String, List<Draft>> referencing = new LinkedHashMap<>();
        for (Draft nodePool : nodePools) {
            String className = referencedClass(nodePool);
            if (className != null) {
                referencing.computeIfAbsent(className, k -> new ArrayList<>()).add(nodePool);
            }
        }
        Copies copies = new Copies(slotOf, classNames);
        for (Map.Entry<String, List<Draft>> entry : referencing.entrySet()) {
            Draft nodeClass = classes.get(entry.getKey());
            List<Draft> pools = entry.getValue();
            if (nodeClass == null) {
                warnClassMissing(entry.getKey(), pools);
            } else if (nodeClass.converted) {
                placeOnConvertedClass(nodeClass, pools, copies);
            } else {
                placeBesideV1Class(nodeClass, pools, copies);
            }
        }
    }

    private static void warnClassMissing(String className, List<Draft> pools) {
        for (Draft pool : pools) {
            if (pool.converted && pool.kubelet != null) {
                pool.context.warn(
                        pool.kubeletPath,
                        "could not be moved: EC2NodeClass \"" + className + "\" is not"
                                + " among the converted documents, and v1 keeps kubelet settings on the EC2NodeClass; add"
                                + " spec.kubelet " + Trees.render(pool.kubelet) + " to that EC2NodeClass");
            }
        }
    }

    private static void placeOnConvertedClass(Draft nodeClass, List<Draft> pools, Copies copies) {
        Map<String, Object> first = pools.get(0).kubelet;
        boolean agree = pools.stream().allMatch(p -> Trees.semanticEquals(p.kubelet, first));
        if (agree) {
            if (first != null) {
                spec(nodeClass.tree).put("kubelet", first);
                for (Draft pool : pools) {
                    nodeClass.origins.add(pool.context.origin());
                    pool.context.warn(
                            pool.kubeletPath,
                            "moved to spec.kubelet of EC2NodeClass \"" + nodeClass.name()
                                    + "\" (v1 keeps kubelet settings on the EC2NodeClass)");
                }
            }
            return;
        }
        for (Draft pool : pools) {
            if (pool.kubelet != null) {
                copies.add(nodeClass, pool, "NodePools referencing it set different kubelets");
            }
        }
    }

    private static void placeBesideV1Class(Draft nodeClass, List<Draft> pools, Copies copies) {
        Object classKubelet = nodeClass.tree.get("spec") instanceof Map<?, ?> spec ? spec.get("kubelet") : null;
        for (Draft pool : pools) {
            if (pool.converted && !Trees.semanticEquals(pool.kubelet, classKubelet)) {
                copies.add(nodeClass, pool, "it is a v1 document whose kubelet differs");
            }
        }
    }

    /** Adds per-NodePool copies of classes right after the class (and its earlier copies) in the class's slot. */
    private static final class Copies {
        private final Map<Draft, List<Draft>> slotOf;
        private final Set<String> classNames;
        private final Map<Draft, Integer> added = new HashMap<>();

        Copies(Map<Draft, List<Draft>> slotOf, Set<String> classNames) {
            this.slotOf = slotOf;
            this.classNames = classNames;
        }

        void add(Draft nodeClass, Draft pool, String why) {
            String copyName = nodeClass.name() + "-" + pool.name();
            if (classNames.contains(copyName)) {
                pool.context.error(
                        pool.kubeletPath,
                        "needs its own copy of EC2NodeClass \"" + nodeClass.name()
                                + "\" to carry this kubelet, but the name \"" + copyName + "\" is already taken");
                return;
            }
            Map<String, Object> tree = Trees.mutableMap(nodeClass.tree);
            Map<String, Object> metadata = child(tree, "metadata");
            metadata.put("name", copyName);
            Map<String, Object> spec = child(tree, "spec");
            if (pool.kubelet == null) {
                spec.remove("kubelet");
            } else {
                spec.put("kubelet", pool.kubelet);
            }
            Draft copy = Draft.clone(nodeClass, tree);
            copy.origins.add(pool.context.origin());
            List<Draft> slot = slotOf.get(nodeClass);
            int count = added.merge(nodeClass, 1, Integer::sum);
            slot.add(slot.indexOf(nodeClass) + count, copy);
            classNames.add(copyName);
            nodeClassRef(pool).put("name", copyName);
            pool.context.warn(
                    pool.kubeletPath,
                    "moved to the new EC2NodeClass \"" + copyName + "\", a copy of \""
                            + nodeClass.name() + "\" with this NodePool's kubelet " + Trees.render(pool.kubelet)
                            + ", and the NodePool's nodeClassRef repointed to it, because " + why
                            + " (v1 keeps kubelet settings on the EC2NodeClass)");
        }
    }

    private static String referencedClass(Draft nodePool) {
        Map<?, ?> ref = nodeClassRefOrNull(nodePool.tree);
        if (ref == null
                || !Objects.equals(ref.get("group"), SourceApi.KARPENTER_AWS_GROUP)
                || !Objects.equals(ref.get("kind"), SourceApi.EC2_NODE_CLASS)
                || !(ref.get("name") instanceof String name)) {
            return null;
        }
        return name;
    }

    private static Map<?, ?> nodeClassRefOrNull(Map<String, Object> tree) {
        if (tree.get("spec") instanceof Map<?, ?> spec
                && spec.get("template") instanceof Map<?, ?> template
                && template.get("spec") instanceof Map<?, ?> templateSpec
                && templateSpec.get("nodeClassRef") instanceof Map<?, ?> ref) {
            return ref;
        }
        return null;
    }

    @SuppressWarnings("unchecked") // converted NodePools are built from LinkedHashMap<String, Object> throughout
    private static Map<String, Object> nodeClassRef(Draft nodePool) {
        return (Map<String, Object>) nodeClassRefOrNull(nodePool.tree);
    }

    private static Map<String, Object> spec(Map<String, Object> tree) {
        return child(tree, "spec");
    }

    /** The map under {@code key} of a modifiable tree, created when absent. */
    @SuppressWarnings("unchecked") // modifiable trees are built from LinkedHashMap<String, Object> throughout
    private static Map<String, Object> child(Map<String, Object> tree, String key) {
        return (Map<String, Object>) tree.computeIfAbsent(key, k -> new LinkedHashMap<String, Object>());
    }
}
