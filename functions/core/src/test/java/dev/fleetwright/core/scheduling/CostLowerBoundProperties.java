package dev.fleetwright.core.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.corev1.ObjectMeta;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.PodSpec;
import dev.fleetwright.core.api.corev1.PodStatus;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.cloudprovider.CapacityType;
import dev.fleetwright.core.cloudprovider.InstanceType;
import dev.fleetwright.core.cloudprovider.InstanceTypeOverhead;
import dev.fleetwright.core.cloudprovider.Offering;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.DoubleUnaryOperator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The cost lower bounds must never exceed the cost of a real plan: checked against exhaustive optima. */
class CostLowerBoundProperties {

    private static final long GI = 1L << 30;

    @Property
    @Label("every dual feasible function keeps sizes that fit one node within one node")
    void dualFeasible(@ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = 1000) Integer> weights) {
        double total = weights.stream().mapToDouble(w -> w).sum();
        if (total == 0) {
            return;
        }
        double[] sizes =
                weights.stream().mapToDouble(w -> w / Math.max(total, 1000.0)).toArray();
        for (DoubleUnaryOperator f : CostLowerBound.DUAL_FEASIBLE_FUNCTIONS) {
            double sum = Arrays.stream(sizes).map(f).sum();
            assertThat(sum).as(Arrays.toString(sizes)).isLessThanOrEqualTo(1 + 1e-9);
        }
    }

    @Property(tries = 300)
    @Label("the bound never exceeds the cheapest way to pack the pods (exhaustive set partitioning)")
    void belowOptimum(
            @ForAll @Size(min = 1, max = 3) List<@IntRange(min = 1, max = 8) Integer> typeCpus,
            @ForAll @Size(min = 1, max = 3) List<@IntRange(min = 1, max = 16) Integer> typeMemGi,
            @ForAll @Size(min = 1, max = 3) List<@IntRange(min = 1, max = 100) Integer> typePriceCents,
            @ForAll @Size(min = 1, max = 7) List<@IntRange(min = 100, max = 4000) Integer> podCpuMillis,
            @ForAll @Size(min = 1, max = 7) List<@IntRange(min = 1, max = 8) Integer> podMemGi) {
        List<InstanceType> types = types(typeCpus, typeMemGi, typePriceCents);
        int nPods = Math.min(podCpuMillis.size(), podMemGi.size());
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < nPods; i++) {
            pods.add(pod("p" + i, podCpuMillis.get(i), podMemGi.get(i) * GI));
        }
        NodeClaimTemplate template = template(types);
        double optimum = optimum(types, pods);
        OptionalDouble bound = CostLowerBound.of(template, Resources.NONE, pods);
        if (Double.isInfinite(optimum)) {
            assertThat(bound).isEmpty();
            return;
        }
        assertThat(bound).isPresent();
        assertThat(bound.getAsDouble()).isLessThanOrEqualTo(optimum + 1e-9);
    }

    @Property(tries = 300)
    @Label("the pattern bound never exceeds the optimum, and is at least the fractional bound (it is a tighter LP)")
    void patternBetweenFractionalAndOptimum(
            @ForAll @Size(min = 1, max = 3) List<@IntRange(min = 1, max = 8) Integer> typeCpus,
            @ForAll @Size(min = 1, max = 3) List<@IntRange(min = 1, max = 16) Integer> typeMemGi,
            @ForAll @Size(min = 1, max = 3) List<@IntRange(min = 1, max = 100) Integer> typePriceCents,
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 100, max = 4000) Integer> podCpuMillis,
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 8) Integer> podMemGi,
            @ForAll @IntRange(min = 1, max = 3) int copies) {
        List<InstanceType> types = types(typeCpus, typeMemGi, typePriceCents);
        // Copies of each pod make classes of several pods, as real workloads have (the exhaustive optimum stays small).
        int nPods = Math.min(Math.min(podCpuMillis.size(), podMemGi.size()), 12 / copies);
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < nPods; i++) {
            for (int k = 0; k < copies; k++) {
                pods.add(pod("p" + i + "-" + k, podCpuMillis.get(i), podMemGi.get(i) * GI));
            }
        }
        NodeClaimTemplate template = template(types);
        double optimum = optimum(types, pods);
        OptionalDouble pattern = CostLowerBound.pattern(template, Resources.NONE, pods);
        if (Double.isInfinite(optimum)) {
            assertThat(pattern).isEmpty();
            return;
        }
        assertThat(pattern).isPresent();
        assertThat(pattern.getAsDouble()).isLessThanOrEqualTo(optimum + 1e-9);
        PatternLp.Result lp = PatternLp.solve(template, Resources.NONE, pods).orElseThrow();
        assertThat(lp.bound()).isLessThanOrEqualTo(lp.masterValue() * (1 + 1e-9) + 1e-12);
        Resources demand = Resources.NONE;
        for (Pod p : pods) {
            demand = demand.plus(Scheduler.podRequests(p));
        }
        double fractional =
                CostLowerBound.fractional(template, Resources.NONE, demand).getAsDouble();
        assertThat(pattern.getAsDouble()).isGreaterThanOrEqualTo(fractional * (1 - 1e-6) - 1e-9);
    }

    @Property(tries = 200)
    @Label("whole-node packing places every pod on a node of a type that holds all of that node's pods")
    void packingIsFeasible(
            @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 1, max = 16) Integer> typeCpus,
            @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 1, max = 100) Integer> typePriceCents,
            @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 100, max = 6000) Integer> podCpuMillis,
            @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 1, max = 20) Integer> podCopies) {
        int nTypes = Math.min(typeCpus.size(), typePriceCents.size());
        List<InstanceType> types = new ArrayList<>();
        for (int i = 0; i < nTypes; i++) {
            types.add(type("t" + i, typeCpus.get(i) * 1000L, 4 * typeCpus.get(i) * GI, typePriceCents.get(i) / 100.0));
        }
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < Math.min(podCpuMillis.size(), podCopies.size()); i++) {
            for (int k = 0; k < podCopies.get(i); k++) {
                pods.add(pod("p" + i + "-" + k, podCpuMillis.get(i), GI));
            }
        }
        NodeClaimTemplate template = template(types);
        NodePacking.Nodes nodes = NodePacking.pack(template, Resources.NONE, pods);
        Map<String, InstanceType> byName = new java.util.HashMap<>();
        types.forEach(t -> byName.put(t.name(), t));
        Resources[] used = new Resources[nodes.nodeTypes().size()];
        Arrays.fill(used, Resources.NONE);
        for (Pod p : pods) {
            boolean fitsSomeType =
                    types.stream().anyMatch(t -> Scheduler.podRequests(p).fitsIn(t.allocatable()));
            assertThat(nodes.nodeByPod().containsKey(p.key())).isEqualTo(fitsSomeType);
            Integer node = nodes.nodeByPod().get(p.key());
            if (node != null) {
                used[node] = used[node].plus(Scheduler.podRequests(p));
            }
        }
        double cost = 0;
        for (int n = 0; n < used.length; n++) {
            InstanceType t = byName.get(nodes.nodeTypes().get(n));
            assertThat(used[n].fitsIn(t.allocatable()))
                    .as("node %d (%s) holds %s", n, t.name(), used[n])
                    .isTrue();
            cost += t.offerings().get(0).pricePerHourUsd();
        }
        assertThat(nodes.costPerHourUsd()).isCloseTo(cost, org.assertj.core.data.Offset.offset(1e-9));
        List<Pod> placeable = pods.stream()
                .filter(p -> nodes.nodeByPod().containsKey(p.key()))
                .toList();
        OptionalDouble bound = CostLowerBound.pattern(template, Resources.NONE, placeable);
        assertThat(cost).isGreaterThanOrEqualTo(bound.orElse(0) - 1e-9);
    }

    /** Instance types t0, t1, … from parallel lists (the shortest decides how many). */
    private static List<InstanceType> types(List<Integer> cpus, List<Integer> memGi, List<Integer> priceCents) {
        int n = Math.min(cpus.size(), Math.min(memGi.size(), priceCents.size()));
        List<InstanceType> types = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            types.add(type("t" + i, cpus.get(i) * 1000L, memGi.get(i) * GI, priceCents.get(i) / 100.0));
        }
        return types;
    }

    private static NodeClaimTemplate template(List<InstanceType> types) {
        return NodeClaimTemplate.of("pool", 0, Requirements.EMPTY, Map.of(), List.of(), List.of(), types, Map.of());
    }

    /** The cheapest partition of the pods into nodes, each node the cheapest type that holds its pods. */
    private static double optimum(List<InstanceType> types, List<Pod> pods) {
        int n = pods.size();
        double[] nodeCost = new double[1 << n];
        for (int set = 1; set < (1 << n); set++) {
            Resources sum = Resources.NONE;
            for (int i = 0; i < n; i++) {
                if ((set & (1 << i)) != 0) {
                    sum = sum.plus(Scheduler.podRequests(pods.get(i)));
                }
            }
            double best = Double.POSITIVE_INFINITY;
            for (InstanceType t : types) {
                if (sum.fitsIn(t.allocatable())) {
                    best = Math.min(best, t.offerings().get(0).pricePerHourUsd());
                }
            }
            nodeCost[set] = best;
        }
        double[] opt = new double[1 << n];
        Arrays.fill(opt, Double.POSITIVE_INFINITY);
        opt[0] = 0;
        for (int set = 1; set < (1 << n); set++) {
            int lowest = set & -set;
            for (int sub = set; sub > 0; sub = (sub - 1) & set) {
                if ((sub & lowest) != 0 && nodeCost[sub] < Double.POSITIVE_INFINITY) {
                    opt[set] = Math.min(opt[set], nodeCost[sub] + opt[set ^ sub]);
                }
            }
        }
        return opt[(1 << n) - 1];
    }

    private static InstanceType type(String name, long cpuMillis, long memoryBytes, double price) {
        Requirements requirements = Requirements.of(
                Requirement.in(Labels.INSTANCE_TYPE, name),
                Requirement.in(Labels.TOPOLOGY_ZONE, "zone-a"),
                Requirement.in(Labels.CAPACITY_TYPE, "on-demand"));
        return new InstanceType(
                name,
                requirements,
                List.of(new Offering("zone-a", CapacityType.ON_DEMAND, price, true, false)),
                new Resources(cpuMillis, memoryBytes, 0, 110, null),
                InstanceTypeOverhead.NONE);
    }

    private static Pod pod(String name, long cpuMillis, long memoryBytes) {
        return new Pod(
                ObjectMeta.of("default", name),
                PodSpec.of(Resources.of(cpuMillis, memoryBytes)),
                PodStatus.UNSCHEDULABLE);
    }
}
