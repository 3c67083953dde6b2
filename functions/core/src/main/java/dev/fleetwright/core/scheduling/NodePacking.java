package dev.fleetwright.core.scheduling;

import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.cloudprovider.InstanceType;
import dev.fleetwright.core.cloudprovider.Offering;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses an instance type for each pod by packing whole nodes, for the {@link Planner}: a sequential heuristic for the
 * cutting-stock problem (Haessler's sequential heuristic procedure). Pods are grouped into classes by requests and
 * node requirements. Each pod class has a value, the cheapest price per pod it can be bought at on any one type when
 * judged by its largest share of a node (USD per hour). Repeatedly, for every candidate instance type, a node of that
 * type is filled greedily with the remaining pods of highest value per share of the node; the node with the most value
 * per dollar is kept and repeated as often as the remaining pods allow. The result assigns every placed pod the type
 * of its node.
 *
 * <p>The Scheduler then opens each pod's new NodeClaims on that type only ({@link Scheduler.Options}), so the plan stays
 * feasible by construction; the packing only steers it towards node shapes that fill whole nodes. Topology and pod
 * (anti-)affinity are ignored here and honoured by the Scheduler. Deterministic: ties go to the instance type name.
 */
final class NodePacking {

    /** Candidate instance types kept per pod class: the cheapest by the class's value, after dominance. */
    private static final int TYPES_PER_CLASS = 12;

    /** Packing rounds, each with values corrected by what the previous round's pods paid. */
    private static final int ROUNDS = 8;

    private NodePacking() {}

    /** A pod class: requests, node requirements, its pods and the instance types that can hold it. */
    private static final class PodClass {
        final double[] request;
        final List<String> pods = new ArrayList<>();
        /** Indices into the type table of the types that can hold one pod of this class. */
        final List<Integer> types = new ArrayList<>();

        double value;
        int remaining;

        PodClass(double[] request) {
            this.request = request;
        }
    }

    /** An instance type with its cheapest allowed price (USD/hour) and usable capacity in the packing dimensions. */
    private record TypeOption(InstanceType type, double price, double[] usable) {}

    /**
     * Assigns an instance type to each pod of one NodePool.
     *
     * @param template the NodePool template (its instance types and requirements)
     * @param daemonOverhead DaemonSet requests on each of its nodes
     * @param pods the pods to place on new nodes of this NodePool
     * @return pod key ({@code namespace/name}) to instance type name; pods that fit no type are absent
     */
    static Map<String, String> typeByPod(NodeClaimTemplate template, Resources daemonOverhead, List<Pod> pods) {
        return pack(template, daemonOverhead, pods).typeByPod();
    }

    /**
     * Whole nodes for one NodePool's pods: each pod's node and each node's instance type.
     *
     * @param nodeByPod pod key ({@code namespace/name}) to node index; pods that fit no type are absent
     * @param nodeTypes each node's instance type name, by node index
     * @param costPerHourUsd the nodes' total price (each type at the NodePool's cheapest offering), USD per hour
     */
    record Nodes(Map<String, Integer> nodeByPod, List<String> nodeTypes, double costPerHourUsd) {
        /** Copies the collections. */
        Nodes {
            nodeByPod = Map.copyOf(nodeByPod);
            nodeTypes = List.copyOf(nodeTypes);
        }

        static final Nodes NONE = new Nodes(Map.of(), List.of(), 0);

        /** Each pod's instance type. */
        Map<String, String> typeByPod() {
            Map<String, String> out = new HashMap<>();
            nodeByPod.forEach((pod, node) -> out.put(pod, nodeTypes.get(node)));
            return out;
        }

        /** These nodes followed by {@code other}'s, renumbered after these. */
        Nodes plus(Nodes other) {
            Map<String, Integer> byPod = new HashMap<>(nodeByPod);
            other.nodeByPod.forEach((pod, node) -> byPod.put(pod, node + nodeTypes.size()));
            List<String> types = new ArrayList<>(nodeTypes);
            types.addAll(other.nodeTypes);
            return new Nodes(byPod, types, costPerHourUsd + other.costPerHourUsd);
        }
    }

    /**
     * Packs one NodePool's pods into whole nodes: the cheaper of the sequential heuristic and of rounding the pattern
     * linear program ({@link PatternLp}) down to whole nodes, with the pods left over packed by the heuristic.
     *
     * @param template the NodePool template (its instance types and requirements)
     * @param daemonOverhead DaemonSet requests on each of its nodes
     * @param pods the pods to place on new nodes of this NodePool
     * @return the nodes; pods that fit no type are left out
     */
    static Nodes pack(NodeClaimTemplate template, Resources daemonOverhead, List<Pod> pods) {
        Nodes heuristic = sequential(template, daemonOverhead, pods);
        Nodes rounded = PatternLp.solve(template, daemonOverhead, pods)
                .map(r -> rounded(r, template, daemonOverhead))
                .orElse(heuristic);
        return rounded.costPerHourUsd() < heuristic.costPerHourUsd() - 1e-9 ? rounded : heuristic;
    }

    /**
     * Rounds a pattern LP solution to whole nodes: each pattern's nodes rounded down (up when within 10⁻⁶), each node
     * taking at most the pods of a class still unplaced; the pods left over are packed by the sequential heuristic.
     */
    static Nodes rounded(PatternLp.Result lp, NodeClaimTemplate template, Resources daemonOverhead) {
        PatternLp.Problem problem = lp.problem();
        int[] next = new int[problem.classes()];
        Map<String, Integer> byPod = new HashMap<>();
        List<String> types = new ArrayList<>();
        double cost = 0;
        // Patterns with the most nodes first, ties by index: deterministic.
        List<Integer> order = new ArrayList<>();
        for (int p = 0; p < lp.patterns().size(); p++) {
            if (lp.x()[p] > 1e-9) {
                order.add(p);
            }
        }
        order.sort(Comparator.<Integer>comparingDouble(p -> -lp.x()[p]).thenComparingInt(p -> p));
        for (int p : order) {
            PatternLp.Pattern pattern = lp.patterns().get(p);
            double x = lp.x()[p];
            long copies = (long) Math.floor(x + 1e-6);
            for (long k = 0; k < copies; k++) {
                int node = types.size();
                boolean any = false;
                for (int c = 0; c < problem.classes(); c++) {
                    List<Pod> classPods = problem.podsOfClass().get(c);
                    for (int i = 0; i < pattern.counts()[c] && next[c] < classPods.size(); i++) {
                        byPod.put(classPods.get(next[c]++).key(), node);
                        any = true;
                    }
                }
                if (!any) {
                    break;
                }
                types.add(problem.types().get(pattern.type()).name());
                cost += problem.prices()[pattern.type()];
            }
        }
        List<Pod> rest = new ArrayList<>();
        for (int c = 0; c < problem.classes(); c++) {
            List<Pod> classPods = problem.podsOfClass().get(c);
            rest.addAll(classPods.subList(next[c], classPods.size()));
        }
        Nodes whole = new Nodes(byPod, types, cost);
        return rest.isEmpty() ? whole : whole.plus(sequential(template, daemonOverhead, rest));
    }

    /** The sequential heuristic: the cheapest of {@link #ROUNDS} packings with corrected class values. */
    static Nodes sequential(NodeClaimTemplate template, Resources daemonOverhead, List<Pod> pods) {
        Map<CostLowerBound.ClassKey, List<Pod>> grouped = new LinkedHashMap<>();
        Resources demand = Resources.NONE;
        for (Pod p : pods) {
            CostLowerBound.ClassKey key = CostLowerBound.ClassKey.of(p);
            demand = demand.plus(key.requests());
            grouped.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
        }
        List<String> dims = CostLowerBound.dimensions(demand);
        int d = dims.size();

        List<TypeOption> table = new ArrayList<>();
        Map<String, Integer> tableIndex = new HashMap<>();
        List<PodClass> classes = new ArrayList<>();
        for (Map.Entry<CostLowerBound.ClassKey, List<Pod>> e : grouped.entrySet()) {
            PodClass c = new PodClass(vector(e.getKey().requests(), dims));
            e.getValue().forEach(p -> c.pods.add(p.key()));
            List<double[]> scored = new ArrayList<>();
            for (CostLowerBound.Eligible eligible : CostLowerBound.eligible(template, daemonOverhead, e.getKey())) {
                InstanceType it = eligible.type();
                Integer index = tableIndex.get(it.name());
                if (index == null) {
                    // The NodePool's cheapest offering of the type: the price a node of several classes pays.
                    Optional<Offering> any = it.cheapestCompatibleAvailableOffering(template.requirements());
                    double price = any.map(Offering::pricePerHourUsd)
                            .orElse(eligible.offering().pricePerHourUsd());
                    index = table.size();
                    table.add(new TypeOption(it, price, vector(it.allocatable().minus(daemonOverhead), dims)));
                    tableIndex.put(it.name(), index);
                }
                TypeOption option = table.get(index);
                double perPod = option.price() * share(c.request, option.usable());
                scored.add(new double[] {perPod, index});
            }
            if (scored.isEmpty()) {
                continue;
            }
            scored.sort(Comparator.<double[]>comparingDouble(s -> s[0])
                    .thenComparing(s -> table.get((int) s[1]).type().name()));
            c.value = scored.get(0)[0];
            for (int i = 0; i < Math.min(TYPES_PER_CLASS, scored.size()); i++) {
                c.types.add((int) scored.get(i)[1]);
            }
            classes.add(c);
        }

        // Each round packs with the current values, then moves each class's value halfway to what its pods actually
        // paid (their share of their nodes' prices); the cheapest packing wins.
        Packing best = null;
        for (int round = 0; round < ROUNDS && !classes.isEmpty(); round++) {
            Packing packing = pack(classes, table, d);
            if (best == null || packing.costPerHourUsd() < best.costPerHourUsd() - 1e-9) {
                best = packing;
            }
            for (int c = 0; c < classes.size(); c++) {
                PodClass pc = classes.get(c);
                pc.value = 0.5 * pc.value + 0.5 * packing.paidPerPod()[c];
            }
        }
        return best == null ? Nodes.NONE : best.nodes();
    }

    /**
     * One packing.
     *
     * @param nodes the nodes and their pods
     * @param paidPerPod per class, the average share of its nodes' price a pod paid (shares by largest share of node)
     */
    private record Packing(Nodes nodes, double[] paidPerPod) {
        double costPerHourUsd() {
            return nodes.costPerHourUsd();
        }
    }

    private static Packing pack(List<PodClass> classes, List<TypeOption> table, int d) {
        for (PodClass c : classes) {
            c.remaining = c.pods.size();
        }
        Map<String, Integer> byPod = new HashMap<>();
        List<String> nodeTypes = new ArrayList<>();
        double cost = 0;
        double[] paid = new double[classes.size()];
        while (true) {
            List<Integer> candidates = new ArrayList<>();
            boolean[] seen = new boolean[table.size()];
            for (PodClass c : classes) {
                if (c.remaining > 0) {
                    for (int t : c.types) {
                        if (!seen[t]) {
                            seen[t] = true;
                            candidates.add(t);
                        }
                    }
                }
            }
            if (candidates.isEmpty()) {
                break;
            }
            int bestType = -1;
            int[] bestFill = null;
            double bestEfficiency = -1;
            for (int t : candidates) {
                int[] fill = fill(classes, table.get(t), t, d);
                double value = 0;
                for (int c = 0; c < fill.length; c++) {
                    value += fill[c] * classes.get(c).value;
                }
                double efficiency = value / Math.max(table.get(t).price(), 1e-9);
                if (efficiency > bestEfficiency + 1e-12
                        || (Math.abs(efficiency - bestEfficiency) <= 1e-12
                                && table.get(t)
                                                .type()
                                                .name()
                                                .compareTo(table.get(bestType)
                                                        .type()
                                                        .name())
                                        < 0)) {
                    bestType = t;
                    bestFill = fill;
                    bestEfficiency = efficiency;
                }
            }
            // Repeat the chosen node while the remaining pods allow it.
            int repeat = Integer.MAX_VALUE;
            for (int c = 0; c < bestFill.length; c++) {
                if (bestFill[c] > 0) {
                    repeat = Math.min(repeat, classes.get(c).remaining / bestFill[c]);
                }
            }
            TypeOption chosen = table.get(bestType);
            double shares = 0;
            for (int c = 0; c < bestFill.length; c++) {
                if (bestFill[c] > 0) { // a class the type cannot hold has an infinite share; 0 × ∞ is NaN
                    shares += bestFill[c] * share(classes.get(c).request, chosen.usable());
                }
            }
            cost += repeat * chosen.price();
            for (int c = 0; c < bestFill.length; c++) {
                PodClass pc = classes.get(c);
                if (bestFill[c] == 0) {
                    continue;
                }
                paid[c] += repeat * bestFill[c] * chosen.price() * share(pc.request, chosen.usable()) / shares;
            }
            for (int k = 0; k < repeat; k++) {
                int node = nodeTypes.size();
                nodeTypes.add(chosen.type().name());
                for (int c = 0; c < bestFill.length; c++) {
                    PodClass pc = classes.get(c);
                    for (int i = 0; i < bestFill[c]; i++) {
                        byPod.put(pc.pods.get(pc.pods.size() - pc.remaining), node);
                        pc.remaining--;
                    }
                }
            }
        }
        for (int c = 0; c < classes.size(); c++) {
            paid[c] /= classes.get(c).pods.size();
        }
        return new Packing(new Nodes(byPod, nodeTypes, cost), paid);
    }

    /**
     * Fills one node of type {@code t} greedily: classes in order of value per largest share of the node, each as many
     * times as still fits and remains.
     */
    private static int[] fill(List<PodClass> classes, TypeOption option, int t, int d) {
        int n = classes.size();
        Integer[] order = new Integer[n];
        double[] density = new double[n];
        for (int c = 0; c < n; c++) {
            order[c] = c;
            PodClass pc = classes.get(c);
            density[c] = pc.remaining > 0 && pc.types.contains(t) ? pc.value / share(pc.request, option.usable()) : -1;
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble((Integer c) -> -density[c]));
        double[] room = option.usable().clone();
        int[] fill = new int[n];
        for (int c : order) {
            if (density[c] < 0) {
                break;
            }
            PodClass pc = classes.get(c);
            int fits = pc.remaining;
            for (int r = 0; r < d; r++) {
                if (pc.request[r] > 0) {
                    fits = (int) Math.min(fits, Math.floor(room[r] / pc.request[r] + 1e-9));
                }
            }
            if (fits <= 0) {
                continue;
            }
            fill[c] = fits;
            for (int r = 0; r < d; r++) {
                room[r] -= fits * pc.request[r];
            }
        }
        return fill;
    }

    /** The largest fraction of the node's usable capacity that one request takes, over the dimensions. */
    private static double share(double[] request, double[] usable) {
        double share = 0;
        for (int r = 0; r < request.length; r++) {
            if (request[r] > 0) {
                share = Math.max(share, usable[r] > 0 ? request[r] / usable[r] : Double.POSITIVE_INFINITY);
            }
        }
        return share;
    }

    private static double[] vector(Resources r, List<String> dims) {
        double[] v = new double[dims.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.get(dims.get(i));
        }
        return v;
    }
}
