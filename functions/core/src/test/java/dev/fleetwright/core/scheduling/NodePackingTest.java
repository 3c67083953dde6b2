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
}
