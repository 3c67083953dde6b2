package dev.fleetwright.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.cloudprovider.CapacityType;
import dev.fleetwright.core.cloudprovider.InstanceType;
import dev.fleetwright.core.cloudprovider.Offering;
import dev.fleetwright.core.scheduling.Planner;
import dev.fleetwright.core.scheduling.SchedulingResult;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Runs each benchmark's setup and one operation on a tiny size, so that `./mvnw verify` catches a broken benchmark. */
class BenchmarkSmokeTest {

    @Nested
    @DisplayName("Karpenter's scheduling benchmark")
    class Karpenter {

        @Test
        @DisplayName("should build fake instance types with Karpenter's resources, overhead, offerings and price")
        void fakeInstanceTypes() {
            // given the formulas of [K] pkg/cloudprovider/fake/instancetype.go, for i = 9 (10 vCPU)
            InstanceType it = KarpenterBenchmarkFixture.instanceTypes(400).get(9);

            // then
            assertThat(it.name()).isEqualTo("fake-it-9");
            assertThat(it.capacity().cpuMillis()).isEqualTo(10_000);
            assertThat(it.capacity().memoryBytes()).isEqualTo(20L << 30);
            assertThat(it.capacity().pods()).isEqualTo(100);
            assertThat(it.allocatable().cpuMillis()).isEqualTo(9_900);
            assertThat(it.allocatable().memoryBytes()).isEqualTo((20L << 30) - (10L << 20));
            double expectedPrice = 0.1 * 10 + 0.1 * (20.0 * 1024 * 1024 * 1024) / 1e9;
            assertThat(it.offerings())
                    .hasSize(5)
                    .allSatisfy(o -> assertThat(o.pricePerHourUsd())
                            .isCloseTo(expectedPrice, org.assertj.core.data.Offset.offset(1e-12)));
            assertThat(it.offerings().stream()
                            .filter(o -> o.capacityType() == CapacityType.SPOT)
                            .map(Offering::zone))
                    .containsExactly("test-zone-1", "test-zone-2");
            assertThat(it.requirements()
                            .get(KarpenterBenchmarkFixture.LABEL_SIZE)
                            .values())
                    .containsExactly("large");
            assertThat(KarpenterBenchmarkFixture.instanceTypes(4)
                            .get(3)
                            .requirements()
                            .get(KarpenterBenchmarkFixture.LABEL_SIZE)
                            .values())
                    .containsExactly("small");
        }

        @Test
        @DisplayName("should make five equal pod classes and fill the remainder with generic pods")
        void diversePods() {
            // when
            List<Pod> pods = KarpenterBenchmarkFixture.diversePods(103);

            // then 20 per class, 3 generic at the end
            assertThat(pods).hasSize(103);
            assertThat(pods.subList(0, 20))
                    .allSatisfy(p -> assertThat(p.spec().affinity().isEmpty()
                                    && p.spec().topologySpreadConstraints().isEmpty())
                            .isTrue());
            assertThat(pods.subList(20, 40))
                    .allSatisfy(p -> assertThat(
                                    p.spec().topologySpreadConstraints().get(0).topologyKey())
                            .isEqualTo(Labels.TOPOLOGY_ZONE));
            assertThat(pods.subList(40, 60))
                    .allSatisfy(p -> assertThat(
                                    p.spec().topologySpreadConstraints().get(0).topologyKey())
                            .isEqualTo(Labels.HOSTNAME));
            assertThat(pods.subList(60, 80))
                    .allSatisfy(p -> assertThat(p.spec()
                                    .affinity()
                                    .requiredPodAffinity()
                                    .get(0)
                                    .labelSelector()
                                    .matchLabels())
                            .isEqualTo(p.metadata().labels()));
            assertThat(pods.subList(80, 100))
                    .allSatisfy(p -> assertThat(p.spec()
                                    .affinity()
                                    .requiredPodAntiAffinity()
                                    .get(0)
                                    .topologyKey())
                            .isEqualTo(Labels.HOSTNAME));
            assertThat(pods.subList(100, 103))
                    .allSatisfy(p -> assertThat(p.spec().affinity().isEmpty()).isTrue());
            assertThat(pods).allSatisfy(p -> {
                assertThat(p.spec().requests().cpuMillis()).isIn(100L, 250L, 500L, 1000L, 1500L);
                assertThat(p.spec().requests().memoryBytes() >> 20).isIn(100L, 256L, 512L, 1024L, 2048L, 4096L);
            });
        }

        @Test
        @DisplayName("should schedule every pod in one solve after setup")
        void solve() {
            // given
            KarpenterSchedulingBenchmark bench = new KarpenterSchedulingBenchmark();
            bench.pods = 50;
            bench.setup();

            // when
            SchedulingResult r = bench.solve();

            // then
            assertThat(r.podErrors()).isEmpty();
            assertThat(r.podsScheduled()).isEqualTo(50);
            // hostname anti-affinity: the 10 app=nginx pods are on 10 different NodeClaims
            assertThat(r.newNodeClaims()).hasSizeGreaterThanOrEqualTo(10);
        }
    }

    @Nested
    @DisplayName("the trace planner benchmark")
    class Trace {

        @Test
        @DisplayName("should plan the first trace pods of each workload with a cost no lower than the lower bound")
        void plan() {
            for (String workload : List.of("cpu-only", "full")) {
                // given
                TracePlanBenchmark bench = new TracePlanBenchmark();
                bench.workload = workload;
                bench.prepare(40);

                // when
                Planner.Plan plan = bench.plan();

                // then
                assertThat(bench.pods()).hasSize(40);
                assertThat(plan.result().podsScheduled()).isEqualTo(40);
                assertThat(plan.lowerBoundPerHourUsd()).isPresent();
                assertThat(plan.costPerHourUsd())
                        .isGreaterThanOrEqualTo(plan.lowerBoundPerHourUsd().getAsDouble());
            }
        }

        @Test
        @DisplayName("should map num_gpu to nvidia.com/gpu and keep CPU-only rows without it")
        void mapping() {
            List<Pod> full = TracePlanBenchmark.workloadPods("full", Integer.MAX_VALUE);
            List<Pod> cpuOnly = TracePlanBenchmark.workloadPods("cpu-only", Integer.MAX_VALUE);

            // shared/data/README.md: 8,152 pods, 1,088 CPU-only
            assertThat(full).hasSize(8152);
            assertThat(cpuOnly).hasSize(1088);
            assertThat(cpuOnly)
                    .allSatisfy(p -> assertThat(p.spec().requests().get(Resources.NVIDIA_GPU))
                            .isZero());
            // the first row: openb-pod-0000,12000,16384,1,1000,...
            Pod first = full.get(0);
            assertThat(first.name()).isEqualTo("openb-pod-0000");
            assertThat(first.spec().requests().cpuMillis()).isEqualTo(12_000);
            assertThat(first.spec().requests().memoryBytes()).isEqualTo(16_384L << 20);
            assertThat(first.spec().requests().get(Resources.NVIDIA_GPU)).isEqualTo(1);
        }
    }

    @Nested
    @DisplayName("the existing-nodes benchmark")
    class Existing {

        @Test
        @DisplayName("should put small pods on existing nodes and arm64 and large pods on new NodeClaims")
        void solve() {
            // given
            ExistingNodesBenchmark bench = new ExistingNodesBenchmark();
            bench.nodes = 30;
            bench.pods = 100;
            bench.setup();

            // when
            SchedulingResult r = bench.solve();

            // then
            assertThat(r.podErrors()).isEmpty();
            assertThat(r.podsScheduled()).isEqualTo(100);
            assertThat(r.existingNodePods()).isNotEmpty();
            assertThat(r.newNodeClaims())
                    .isNotEmpty()
                    .allSatisfy(c -> assertThat(c.pods())
                            .allSatisfy(p -> assertThat(p.name().startsWith("arm-")
                                            || p.name().startsWith("large-"))
                                    .isTrue()));
        }
    }
}
