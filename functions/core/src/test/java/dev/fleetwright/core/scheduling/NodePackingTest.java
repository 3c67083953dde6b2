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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("NodePacking: an instance type per pod from packing whole nodes")
class NodePackingTest {

    private static final long GIB = 1L << 30;

    private static InstanceType type(String name, long cpuMillis, double price) {
        Requirements requirements = Requirements.of(
                Requirement.in(Labels.INSTANCE_TYPE, name),
                Requirement.in(Labels.TOPOLOGY_ZONE, "zone-a"),
                Requirement.in(Labels.CAPACITY_TYPE, "on-demand"));
        return new InstanceType(
                name,
                requirements,
                List.of(new Offering("zone-a", CapacityType.ON_DEMAND, price, true, false)),
                new Resources(cpuMillis, 64 * GIB, 0, 110, null),
                InstanceTypeOverhead.NONE);
    }

    private static Pod pod(String name, long cpuMillis) {
        return new Pod(
                ObjectMeta.of("default", name), PodSpec.of(Resources.of(cpuMillis, GIB)), PodStatus.UNSCHEDULABLE);
    }

    private static NodeClaimTemplate template(List<InstanceType> types) {
        return NodeClaimTemplate.of("pool", 0, Requirements.EMPTY, Map.of(), List.of(), List.of(), types, Map.of());
    }

    private static List<Pod> pods(int large, int small) {
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < large; i++) {
            pods.add(pod("large-" + i, 3000));
        }
        for (int i = 0; i < small; i++) {
            pods.add(pod("small-" + i, 1000));
        }
        return pods;
    }

    @Test
    @DisplayName("should put a large and a small pod together on the type they fill, not each on its cheapest own type")
    void fillsWholeNodes() {
        // Per pod alone, the small pod is cheapest on "one" ($0.20 for 1 CPU) and the large one on "four" ($0.65 for
        // 3 of 4 CPU); but a "four" holds one of each exactly: $0.65 per pair instead of $0.85.
        List<InstanceType> types =
                List.of(type("one", 1000, 0.20), type("four", 4000, 0.65), type("eight", 8000, 1.40));

        Map<String, String> byPod = NodePacking.typeByPod(template(types), Resources.NONE, pods(4, 4));

        assertThat(byPod).hasSize(8);
        assertThat(byPod.values()).containsOnly("four");
    }

    @Test
    @DisplayName("should give the same answer whatever the order of the instance types and of the pods")
    void deterministic() {
        List<InstanceType> types =
                List.of(type("a", 2000, 0.30), type("b", 4000, 0.60), type("c", 8000, 1.20), type("d", 4000, 0.60));
        List<InstanceType> reversed = new ArrayList<>(types);
        java.util.Collections.reverse(reversed);
        List<Pod> pods = pods(5, 7);
        List<Pod> reversedPods = new ArrayList<>(pods);
        java.util.Collections.reverse(reversedPods);

        Map<String, String> first = NodePacking.typeByPod(template(types), Resources.NONE, pods);
        Map<String, String> second = NodePacking.typeByPod(template(reversed), Resources.NONE, reversedPods);

        assertThat(first).hasSize(12);
        assertThat(second.values().stream().sorted().toList())
                .isEqualTo(first.values().stream().sorted().toList());
        assertThat(first.values())
                .as("equal shape and price: the first name wins")
                .doesNotContain("d");
    }

    @Test
    @DisplayName("should leave out a pod no instance type can hold, and count DaemonSet overhead on every node")
    void unfitAndOverhead() {
        List<InstanceType> types = List.of(type("two", 2000, 0.25), type("four", 4000, 0.45));
        List<Pod> pods = new ArrayList<>(pods(0, 3));
        pods.add(pod("huge", 16_000));

        Map<String, String> byPod = NodePacking.typeByPod(template(types), Resources.of(1000, GIB), pods);

        assertThat(byPod).doesNotContainKey("default/huge").hasSize(3);
        // With 1 CPU of DaemonSets per node, a "two" holds one small pod and a "four" three: $0.45 for three.
        assertThat(byPod.values()).containsOnly("four");
    }

    @Test
    @DisplayName("should price indivisible pods by the pattern LP: two 3-CPU pods per 8-CPU node, not 3/8 of one")
    void patternBound() {
        // Per CPU, "eight" is cheapest ($0.0975), so the fractional bound is 30 × $0.0975 = $2.925. A 3-CPU pod takes a
        // whole "four" ($0.40) or half an "eight" ($0.39): no plan costs less than 10 × $0.39 = $3.90.
        List<InstanceType> types = List.of(type("four", 4000, 0.40), type("eight", 8000, 0.78));
        List<Pod> pods = pods(10, 0);
        NodeClaimTemplate template = template(types);

        assertThat(CostLowerBound.pattern(template, Resources.NONE, pods).getAsDouble())
                .isCloseTo(3.90, org.assertj.core.data.Offset.offset(1e-6));
        Planner.Plan plan = new Planner(List.of(template), List.of(), List.of(), Map.of(), true).plan(pods);
        assertThat(plan.costPerHourUsd()).isCloseTo(3.90, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(plan.lowerBoundPerHourUsd().getAsDouble())
                .isCloseTo(3.90, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    @DisplayName("should keep each packed node's pods together and apart from other nodes' pods")
    void nodeGroups() {
        List<InstanceType> types = List.of(type("four", 4000, 0.40), type("eight", 8000, 0.78));
        List<Pod> pods = pods(0, 3);
        NodeClaimTemplate template = template(types);
        Map<String, String> four =
                Map.of("default/small-0", "four", "default/small-1", "four", "default/small-2", "four");

        SchedulingResult together = new Scheduler(
                        List.of(template),
                        List.of(),
                        List.of(),
                        Map.of(),
                        new Scheduler.Options(Scheduler.ClaimOrder.CREATION_ORDER, 0, java.util.Set.of(), four))
                .solve(pods);
        SchedulingResult grouped = new Scheduler(
                        List.of(template),
                        List.of(),
                        List.of(),
                        Map.of(),
                        new Scheduler.Options(
                                Scheduler.ClaimOrder.CREATION_ORDER,
                                0,
                                java.util.Set.of(),
                                four,
                                Map.of("default/small-0", 0, "default/small-1", 1, "default/small-2", 0)))
                .solve(pods);

        assertThat(together.newNodeClaims()).hasSize(1);
        assertThat(grouped.newNodeClaims()).hasSize(2);
        assertThat(grouped.newNodeClaims())
                .extracting(c -> c.pods().stream().map(Pod::key).sorted().toList())
                .containsExactlyInAnyOrder(List.of("default/small-0", "default/small-2"), List.of("default/small-1"));
        assertThat(grouped.newNodeClaims())
                .allMatch(c -> c.cheapestInstanceType().name().equals("four"));
    }

    @Test
    @DisplayName(
            "should not let a cheaper metal type no pod needs lower the bound: NodeClaims are priced at a generic type")
    void coveredExoticTypes() {
        // "eight.metal" is exotic (metal) and half the price of "eight", which has the same shape. A NodeClaim whose
        // pods
        // fit a generic type is launched, and priced, as the generic type (PlannedNodeClaim#launchInstanceTypes), so
        // two 4-CPU pods cost $0.80 per node whichever type the plan lists: 4 pods, $1.60.
        InstanceType metal = metal("zone-a");
        List<InstanceType> types = List.of(type("eight", 8000, 0.80), metal);
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            pods.add(pod("p" + i, 4000));
        }
        NodeClaimTemplate template = template(types);

        Planner.Plan plan = new Planner(List.of(template), List.of(), List.of(), Map.of(), true).plan(pods);

        assertThat(plan.costPerHourUsd()).isCloseTo(1.60, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(CostLowerBound.pattern(template, Resources.NONE, pods).getAsDouble())
                .isCloseTo(1.60, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(CostLowerBound.fractional(
                                template,
                                Resources.NONE,
                                Resources.of(16_000, 4 * GIB).with(Resources.PODS, 4))
                        .getAsDouble())
                .as("the fractional bound counts the metal type's price")
                .isCloseTo(0.80, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(plan.lowerBoundPerHourUsd().getAsDouble())
                .isCloseTo(1.60, org.assertj.core.data.Offset.offset(1e-6));
    }

    private static InstanceType metal(String zone) {
        return new InstanceType(
                "eight.metal",
                Requirements.of(
                        Requirement.in(Labels.INSTANCE_TYPE, "eight.metal"),
                        Requirement.in(Labels.INSTANCE_SIZE, "metal"),
                        Requirement.in(Labels.TOPOLOGY_ZONE, zone),
                        Requirement.in(Labels.CAPACITY_TYPE, "on-demand")),
                List.of(new Offering(zone, CapacityType.ON_DEMAND, 0.40, true, false)),
                new Resources(8000, 64 * GIB, 0, 110, null),
                InstanceTypeOverhead.NONE);
    }

    @Test
    @DisplayName("should keep a cheaper metal type in the bound when it is offered where the generic type is not")
    void exoticTypeOfferedElsewhere() {
        // The metal type is offered in zone-b only, the generic one in zone-a only: a NodeClaim in zone-b can only be
        // the metal type, at $0.40, so the bound must allow it: 2 × $0.40.
        List<InstanceType> types = List.of(type("eight", 8000, 0.80), metal("zone-b"));
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            pods.add(pod("p" + i, 4000));
        }

        assertThat(CostLowerBound.pattern(template(types), Resources.NONE, pods).getAsDouble())
                .isCloseTo(0.80, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    @DisplayName("should not let a preference force an exotic type on a pod a generic type can hold")
    void preferenceNeverForcesExotic() {
        List<InstanceType> types = List.of(type("eight", 8000, 0.80), metal("zone-a"));
        SchedulingResult r = new Scheduler(
                        List.of(template(types)),
                        List.of(),
                        List.of(),
                        Map.of(),
                        new Scheduler.Options(Scheduler.ClaimOrder.CREATION_ORDER, 0, java.util.Set.of("eight.metal")))
                .solve(List.of(pod("p", 4000)));

        assertThat(r.newNodeClaims()).hasSize(1);
        assertThat(r.newNodeClaims().get(0).instanceTypes())
                .extracting(InstanceType::name)
                .contains("eight");
        assertThat(r.newNodeClaims().get(0).pricePerHourUsd()).isEqualTo(0.80);
    }

    @Test
    @DisplayName("should bound a pod with several required node-affinity terms by any of them, not the first only")
    void severalRequiredTerms() {
        // The first term allows only "eight" ($0.80), the second "four" ($0.40); the scheduler may use the second.
        List<InstanceType> types = List.of(type("eight", 8000, 0.80), type("four", 4000, 0.40));
        Pod pod = PodBuilder.named("either")
                .requests("cpu", "1", "memory", "1Gi")
                .requiredTerm(SchedulingFixtures.in(Labels.INSTANCE_TYPE, "eight"))
                .requiredTerm(SchedulingFixtures.in(Labels.INSTANCE_TYPE, "four"))
                .build();

        assertThat(CostLowerBound.pattern(template(types), Resources.NONE, List.of(pod))
                        .getAsDouble())
                .isCloseTo(0.40, org.assertj.core.data.Offset.offset(1e-6));
    }
}
