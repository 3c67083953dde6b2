package dev.fleetwright.bench;

import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.cloudprovider.InstanceType;
import dev.fleetwright.core.cloudprovider.Offering;
import dev.fleetwright.core.scheduling.LinearProgram;
import dev.fleetwright.core.scheduling.NodeClaimTemplate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;

/**
 * A tighter lower bound than {@code Planner.lowerBound} for a batch of pods that all go to new NodeClaims of one
 * NodePool, used only to judge plan quality in {@link PlanReport}.
 *
 * <p>The Planner's bound covers each resource on its own with the cheapest capacity per unit, whichever instance type
 * offers it: CPU may come from {@code t3.nano} spot nodes on which no pod of the batch fits. This bound adds valid cuts:
 * for a subset {@code S} of the pods, every pod of {@code S} runs on an instance type that fits it, so the capacity of
 * the types that fit at least one pod of {@code S} must cover the requests of {@code S}, resource by resource. Subsets
 * are the whole batch and, for CPU, memory and each extended resource, the pods whose request is at least a threshold
 * (up to {@value #THRESHOLDS} quantiles of the requests). It is still a relaxation (fractional nodes, no per-node
 * packing), so real plans stay above it.
 */
final class FitAwareLowerBound {

    /** Thresholds per resource. */
    static final int THRESHOLDS = 12;

    private FitAwareLowerBound() {}

    /**
     * The bound in USD per hour.
     *
     * @param template the NodePool (its instance types and requirements)
     * @param daemonOverhead DaemonSet requests on every node
     * @param pods the pods
     * @return the bound, or empty when some pod fits no instance type
     */
    static OptionalDouble of(NodeClaimTemplate template, Resources daemonOverhead, List<Pod> pods) {
        List<InstanceType> types = new ArrayList<>();
        List<Double> prices = new ArrayList<>();
        List<Resources> usable = new ArrayList<>();
        for (InstanceType it : template.instanceTypes()) {
            Optional<Offering> o = it.cheapestCompatibleAvailableOffering(template.requirements());
            if (o.isPresent()) {
                types.add(it);
                prices.add(o.get().pricePerHourUsd());
                usable.add(it.allocatable().minus(daemonOverhead));
            }
        }
        // Identical requests form one class; a class is (requests with the pods count, multiplicity).
        Map<Resources, Integer> classes = new LinkedHashMap<>();
        for (Pod p : pods) {
            Resources r = p.spec().requests();
            classes.merge(r.with(Resources.PODS, r.pods() + 1), 1, Integer::sum);
        }
        List<Resources> req = new ArrayList<>(classes.keySet());
        int[] count = classes.values().stream().mapToInt(Integer::intValue).toArray();
        Set<String> dims = new TreeSet<>();
        for (Resources r : req) {
            dims.addAll(r.toQuantities().keySet());
        }
        dims.removeIf(d -> req.stream().allMatch(r -> r.get(d) <= 0));

        // fits[k][t]: class k fits on type t
        boolean[][] fits = new boolean[req.size()][types.size()];
        for (int k = 0; k < req.size(); k++) {
            boolean any = false;
            for (int t = 0; t < types.size(); t++) {
                fits[k][t] = req.get(k).fitsIn(usable.get(t));
                any |= fits[k][t];
            }
            if (!any) {
                return OptionalDouble.empty();
            }
        }

        List<boolean[]> subsets = new ArrayList<>();
        boolean[] all = new boolean[req.size()];
        java.util.Arrays.fill(all, true);
        subsets.add(all);
        for (String d : dims) {
            if (d.equals(Resources.PODS)) {
                continue;
            }
            for (long threshold : thresholds(req, d)) {
                boolean[] s = new boolean[req.size()];
                for (int k = 0; k < req.size(); k++) {
                    s[k] = req.get(k).get(d) >= threshold;
                }
                subsets.add(s);
            }
        }

        List<double[]> rows = new ArrayList<>();
        List<Double> rhs = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (boolean[] s : subsets) {
            boolean[] allowed = new boolean[types.size()];
            for (int k = 0; k < req.size(); k++) {
                if (s[k]) {
                    for (int t = 0; t < types.size(); t++) {
                        allowed[t] |= fits[k][t];
                    }
                }
            }
            for (String d : dims) {
                double demand = 0;
                for (int k = 0; k < req.size(); k++) {
                    if (s[k]) {
                        demand += (double) req.get(k).get(d) * count[k];
                    }
                }
                if (demand <= 0) {
                    continue;
                }
                double[] row = new double[types.size()];
                for (int t = 0; t < types.size(); t++) {
                    row[t] = allowed[t] ? Math.max(0, usable.get(t).get(d)) : 0;
                }
                String key = d + java.util.Arrays.hashCode(allowed) + ":" + demand;
                if (seen.add(key)) {
                    rows.add(row);
                    rhs.add(demand);
                }
            }
        }
        double[] c = prices.stream().mapToDouble(Double::doubleValue).toArray();
        double[][] a = rows.toArray(new double[0][]);
        double[] b = rhs.stream().mapToDouble(Double::doubleValue).toArray();
        return LinearProgram.minimizeCover(c, a, b)
                .map(sol -> OptionalDouble.of(sol.value()))
                .orElse(OptionalDouble.empty());
    }

    /** Up to {@link #THRESHOLDS} distinct positive request values of {@code dim}, spread over the quantiles. */
    private static List<Long> thresholds(List<Resources> req, String dim) {
        TreeSet<Long> values = new TreeSet<>();
        for (Resources r : req) {
            if (r.get(dim) > 0) {
                values.add(r.get(dim));
            }
        }
        List<Long> sorted = new ArrayList<>(values);
        if (sorted.size() <= THRESHOLDS) {
            return sorted;
        }
        TreeSet<Long> picked = new TreeSet<>();
        for (int i = 0; i < THRESHOLDS; i++) {
            picked.add(sorted.get((int) ((long) i * (sorted.size() - 1) / (THRESHOLDS - 1))));
        }
        return new ArrayList<>(picked);
    }
}
