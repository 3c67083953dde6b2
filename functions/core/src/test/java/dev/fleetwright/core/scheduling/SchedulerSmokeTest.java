package dev.fleetwright.core.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.corev1.ObjectMeta;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.PodSpec;
import dev.fleetwright.core.api.corev1.PodStatus;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.cloudprovider.InstanceType;
import dev.fleetwright.core.cloudprovider.InstanceTypeCatalog;
import dev.fleetwright.core.cloudprovider.NodeOverheadSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SchedulerSmokeTest {

    private static final List<InstanceType> CATALOG =
            InstanceTypeCatalog.bundled().resolveAll(NodeOverheadSettings.defaults());

    private static Pod inflate(int i) {
        return new Pod(
                ObjectMeta.of("default", "inflate-" + i),
                PodSpec.of(Resources.ofCpuMemoryMiB(1000, 1024)),
                PodStatus.UNSCHEDULABLE);
    }

    @Test
    @DisplayName("should pack 10 inflate pods onto the cheapest on-demand c/m/r nodes of 4 or 8 vCPU")
    void inflate() {
        Requirements pool = Requirements.of(
                Requirement.in(Labels.CAPACITY_TYPE, "on-demand"),
                Requirement.in(Labels.ARCH, "amd64"),
                Requirement.in(Labels.INSTANCE_CATEGORY, "c", "m", "r"),
                Requirement.in(Labels.INSTANCE_CPU, "4", "8"));
        NodeClaimTemplate t =
                NodeClaimTemplate.of("default", 0, pool, Map.of(), List.of(), List.of(), CATALOG, Map.of());
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            pods.add(inflate(i));
        }
        Planner.Plan plan = new Planner(List.of(t), List.of(), List.of(), Map.of(), true).plan(pods);
        SchedulingResult r = plan.result();
        assertThat(r.podErrors()).isEmpty();
        assertThat(r.podsScheduled()).isEqualTo(10);
        for (PlannedNodeClaim c : r.newNodeClaims()) {
            assertThat(c.totalRequests().fitsIn(c.cheapestInstanceType().allocatable()))
                    .isTrue();
            System.out.printf(
                    "%s %d pods %s $%.4f%n",
                    c.cheapestInstanceType().name(),
                    c.pods().size(),
                    c.expectedOffering().zone(),
                    c.pricePerHourUsd());
        }
        System.out.println(plan.strategy() + " cost " + plan.costPerHourUsd() + " bound " + plan.lowerBoundPerHourUsd()
                + " " + plan.candidates());
        assertThat(plan.lowerBoundPerHourUsd().getAsDouble()).isLessThanOrEqualTo(plan.costPerHourUsd());
    }
}
