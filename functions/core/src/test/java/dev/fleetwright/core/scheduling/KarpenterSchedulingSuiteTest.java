package dev.fleetwright.core.scheduling;

import static dev.fleetwright.core.scheduling.FakeInstanceTypes.EXOTIC;
import static dev.fleetwright.core.scheduling.FakeInstanceTypes.GPU_VENDOR_A;
import static dev.fleetwright.core.scheduling.FakeInstanceTypes.GPU_VENDOR_B;
import static dev.fleetwright.core.scheduling.FakeInstanceTypes.INTEGER;
import static dev.fleetwright.core.scheduling.FakeInstanceTypes.SIZE;
import static dev.fleetwright.core.scheduling.FakeInstanceTypes.ZONE_1;
import static dev.fleetwright.core.scheduling.FakeInstanceTypes.ZONE_2;
import static dev.fleetwright.core.scheduling.FakeInstanceTypes.ZONE_3;
import static dev.fleetwright.core.scheduling.FakeInstanceTypes.offering;
import static dev.fleetwright.core.scheduling.FakeInstanceTypes.type;
import static dev.fleetwright.core.scheduling.NodePoolBuilder.nodePool;
import static dev.fleetwright.core.scheduling.SchedulingFixtures.daemonSet;
import static dev.fleetwright.core.scheduling.SchedulingFixtures.doesNotExist;
import static dev.fleetwright.core.scheduling.SchedulingFixtures.exists;
import static dev.fleetwright.core.scheduling.SchedulingFixtures.gt;
import static dev.fleetwright.core.scheduling.SchedulingFixtures.in;
import static dev.fleetwright.core.scheduling.SchedulingFixtures.notIn;
import static dev.fleetwright.core.scheduling.SchedulingFixtures.taint;
import static dev.fleetwright.core.scheduling.SchedulingFixtures.term;
import static dev.fleetwright.core.scheduling.SchedulingFixtures.tolerateEqual;
import static dev.fleetwright.core.scheduling.SchedulingFixtures.tolerateExists;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.corev1.NodeSelectorOperator;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.api.corev1.Taint;
import dev.fleetwright.core.api.corev1.TaintEffect;
import dev.fleetwright.core.cloudprovider.CapacityType;
import dev.fleetwright.core.cloudprovider.InstanceType;
import dev.fleetwright.core.cloudprovider.Offering;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Karpenter's provisioning scheduler suite ([K] pkg/controllers/provisioning/scheduling/suite_test.go,
 * instance_selection_test.go, and the NodePool-limit and DaemonSet cases of pkg/controllers/provisioning/suite_test.go)
 * ported as executable specifications of {@link Scheduler}. Topology cases live in {@link KarpenterTopologyTest}.
 * Each spec names its source {@code It}; specs without one say what they check instead.
 */
class KarpenterSchedulingSuiteTest {

    private static final String ZONE = Labels.TOPOLOGY_ZONE;
    private static final String TYPE = Labels.INSTANCE_TYPE;

    private final TestCluster cluster = TestCluster.withDefaultNodePool();

    @Nested
    @DisplayName("resources")
    class ResourceRequests {

        @Test
        @DisplayName("should not schedule if requesting more resources than any instance type has")
        void tooLarge() {
            // [K] suite_test.go: "should not schedule if requesting more resources than any instance type has"
            Pod pod = cluster.pod().requests("cpu", "512").build();
            TestCluster.Round r = cluster.provision(pod).expectNotScheduled(pod);
            assertThat(r.errorOf(pod)).contains("no instance type has enough resources");
        }

        @Test
        @DisplayName("should schedule a small pod on the smallest instance")
        void smallest() {
            // [K] suite_test.go: "should schedule a small pod on the smallest instance"
            Pod pod = cluster.pod().requests("memory", "100M").build();
            assertThat(cluster.provision(pod).label(pod, TYPE)).isEqualTo("small-instance-type");
        }

        @Test
        @DisplayName("should schedule a small pod on the smallest possible instance type")
        void smallestPossible() {
            // [K] suite_test.go: "should schedule a small pod on the smallest possible instance type"
            Pod pod = cluster.pod().requests("memory", "2000M").build();
            assertThat(cluster.provision(pod).label(pod, TYPE)).isEqualTo("small-instance-type");
        }

        @Test
        @DisplayName("should take pod runtime class into consideration")
        void runtimeClassOverhead() {
            // [K] suite_test.go: "should take pod runtime class into consideration"
            Pod pod = cluster.pod().requests("cpu", "1").overhead("cpu", "2").build();
            assertThat(cluster.provision(pod).label(pod, TYPE)).isEqualTo("default-instance-type");
        }

        @Test
        @DisplayName("should schedule multiple small pods on the smallest possible instance type")
        void multipleSmall() {
            // [K] suite_test.go: "should schedule multiple small pods on the smallest possible instance type"
            List<Pod> pods = cluster.pods(5, p -> p.requests("memory", "10M"));
            TestCluster.Round r = cluster.provision(pods);
            assertThat(r.distinctNodes(pods)).isEqualTo(1);
            assertThat(r.label(pods.get(0), TYPE)).isEqualTo("small-instance-type");
        }

        @Test
        @DisplayName("should create new nodes when a node is at capacity")
        void newNodesAtCapacity() {
            // [K] suite_test.go: "should create new nodes when a node is at capacity"
            List<Pod> pods =
                    cluster.pods(40, p -> p.nodeSelector(Labels.ARCH, "amd64").requests("memory", "1.8G"));
            TestCluster.Round r = cluster.provision(pods);
            r.expectScheduled(pods);
            assertThat(r.newNodeCount()).isEqualTo(20);
            assertThat(r.launched)
                    .allSatisfy(n -> assertThat(n.labels().get(TYPE)).isEqualTo("default-instance-type"));
        }

        @Test
        @DisplayName("should pack small and large pods together")
        void packSmallAndLarge() {
            // [K] suite_test.go: "should pack small and large pods together"
            List<Pod> large =
                    cluster.pods(40, p -> p.nodeSelector(Labels.ARCH, "amd64").requests("memory", "1.8G"));
            List<Pod> small =
                    cluster.pods(20, p -> p.nodeSelector(Labels.ARCH, "amd64").requests("memory", "400M"));
            List<Pod> all = new ArrayList<>(small);
            all.addAll(large);
            TestCluster.Round r = cluster.provision(all);
            r.expectScheduled(all);
            assertThat(r.newNodeCount()).isEqualTo(20);
            assertThat(r.launched).allSatisfy(n -> {
                assertThat(n.labels().get(TYPE)).isEqualTo("default-instance-type");
                assertThat(n.pods()).hasSize(3);
            });
        }

        @Test
        @DisplayName("should pack nodes tightly")
        void packTightly() {
            // [K] suite_test.go: "should pack nodes tightly"
            cluster.nodePool("default").instanceTypes(FakeInstanceTypes.incrementing(5));
            Pod big = cluster.pod().requests("cpu", "4.5").build();
            Pod small = cluster.pod().requests("cpu", "1").build();
            TestCluster.Round r = cluster.provision(big, small);
            assertThat(r.label(big, TYPE)).isEqualTo("fake-it-4");
            assertThat(r.label(small, TYPE)).isEqualTo("fake-it-1");
        }

        @Test
        @DisplayName("should handle zero-quantity resource requests")
        void zeroQuantity() {
            // [K] suite_test.go: "should handle zero-quantity resource requests"
            Pod pod = cluster.pod()
                    .container(
                            PodBuilder.quantities("foo.com/weird-resources", "0"),
                            PodBuilder.quantities("foo.com/weird-resources", "0"))
                    .build();
            cluster.provision(pod).expectScheduled(pod);
        }

        @Test
        @DisplayName("should not schedule pods that exceed every instance type's capacity")
        void exceedMemory() {
            // [K] suite_test.go: "should not schedule pods that exceed every instance type's capacity"
            Pod pod = cluster.pod().requests("memory", "2Ti").build();
            cluster.provision(pod).expectNotScheduled(pod);
        }

        @Test
        @DisplayName("should create new nodes when a node is at capacity due to pod limits per node")
        void podsPerNode() {
            // [K] suite_test.go: "should create new nodes when a node is at capacity due to pod limits per node"
            List<Pod> pods =
                    cluster.pods(25, p -> p.nodeSelector(Labels.ARCH, "amd64").requests("cpu", "1m", "memory", "1m"));
            TestCluster.Round r = cluster.provision(pods);
            r.expectScheduled(pods);
            assertThat(r.newNodeCount()).isEqualTo(5);
            assertThat(r.launched).allSatisfy(n -> {
                assertThat(n.labels().get(TYPE)).isEqualTo("small-instance-type");
                assertThat(n.pods()).hasSize(5);
            });
        }

        @Test
        @DisplayName("should take into account initContainer resource requests when binpacking")
        void initContainers() {
            // [K] suite_test.go: "should take into account initContainer resource requests when binpacking"
            Pod pod = cluster.pod()
                    .requests("cpu", "1", "memory", "1Gi")
                    .initContainer("cpu", "2", "memory", "1Gi")
                    .build();
            assertThat(cluster.provision(pod).label(pod, TYPE)).isEqualTo("default-instance-type");
        }

        @Test
        @DisplayName(
                "should not schedule pods when initContainer resource requests are greater than available instance types")
        void initContainerTooLarge() {
            // [K] suite_test.go: "should not schedule pods when initContainer resource requests are greater than
            // available instance types"
            Pod pod = cluster.pod()
                    .requests("cpu", "1", "memory", "1Gi")
                    .initContainer("memory", "1Ti")
                    .build();
            cluster.provision(pod).expectNotScheduled(pod);
        }

        @Test
        @DisplayName("should add sidecars to the containers and to every later init container")
        void sidecars() {
            // [K] pkg/utils/resources/resources.go (no dedicated It): a sidecar started before an init container runs
            // beside it, so the init phase needs 1 (sidecar) + 1.5 = 2.5 CPU, more than small-instance-type's 1.9
            Pod pod = cluster.pod()
                    .requests("cpu", "0.5")
                    .sidecar("cpu", "1")
                    .initContainer("cpu", "1.5")
                    .build();
            assertThat(pod.spec().requests().cpuMillis()).isEqualTo(2500);
            assertThat(cluster.provision(pod).label(pod, TYPE)).isEqualTo("default-instance-type");
        }

        @Test
        @DisplayName("should use limits as requests when requests are not set")
        void limitsAsRequests() {
            // [K] suite_test.go: "should not schedule if resource requests are not defined and limits (requests) are
            // too large" (the DaemonSet variant is in DaemonSetOverhead); here for a pod: 3 CPU limit, no request
            Pod pod = cluster.pod().limits("cpu", "3").build();
            assertThat(cluster.provision(pod).label(pod, TYPE)).isEqualTo("default-instance-type");
        }

        @Test
        @DisplayName("should launch pods with resources that aren't on any single instance type on different instances")
        void extendedResourcesOnDifferentTypes() {
            // [K] suite_test.go: "should launch pods with resources that aren't on any single instance type on
            // different instances"
            cluster.nodePool("default").instanceTypes(gpuTypes());
            Pod a = cluster.pod().limits(GPU_VENDOR_A, "1").build();
            Pod b = cluster.pod().limits(GPU_VENDOR_B, "1").build();
            TestCluster.Round r = cluster.provision(a, b);
            assertThat(r.label(a, TYPE)).isEqualTo("gpu-a-type");
            assertThat(r.label(b, TYPE)).isEqualTo("gpu-b-type");
        }

        @Test
        @DisplayName("should fail to schedule a pod with resources requests that aren't on a single instance type")
        void extendedResourcesNotOnOneType() {
            // [K] suite_test.go: "should fail to schedule a pod with resources requests that aren't on a single
            // instance type"
            cluster.nodePool("default").instanceTypes(gpuTypes());
            Pod pod = cluster.pod().limits(GPU_VENDOR_A, "1", GPU_VENDOR_B, "1").build();
            TestCluster.Round r = cluster.provision(pod).expectNotScheduled(pod);
            assertThat(r.errorOf(pod)).contains("no instance type has enough resources");
        }

        @Test
        @DisplayName("should launch a GPU instance type for a pod that requests a GPU")
        void gpuPod() {
            // [K] suite_test.go: "should schedule pods that request GPUs" family (fake vendor-a resource; here
            // nvidia.com/gpu)
            Pod pod = cluster.pod().limits(GPU_VENDOR_A, "1").build();
            assertThat(cluster.provision(pod).label(pod, TYPE)).isEqualTo("gpu-vendor-instance-type");
        }

        private List<InstanceType> gpuTypes() {
            List<InstanceType> types = new ArrayList<>(FakeInstanceTypes.incrementing(3));
            types.add(type("gpu-a-type").resource(GPU_VENDOR_A, 25).build());
            types.add(type("gpu-b-type").resource(GPU_VENDOR_B, 25).build());
            return types;
        }
    }

    @Nested
    @DisplayName("node selectors and node affinity")
    class NodeAffinity {

        @Test
        @DisplayName("should schedule unconstrained pods that don't have matching node selectors")
        void unconstrained() {
            // [K] suite_test.go: "should schedule unconstrained pods that don't have matching node selectors"
            cluster.nodePool("default").label("test-key", "test-value");
            Pod pod = cluster.pod().build();
            assertThat(cluster.provision(pod).label(pod, "test-key")).isEqualTo("test-value");
        }

        @Test
        @DisplayName("should not schedule pods that have conflicting node selectors")
        void conflicting() {
            // [K] suite_test.go: "should not schedule pods that have conflicting node selectors"
            cluster.nodePool("default").label("test-key", "test-value");
            Pod pod = cluster.pod().nodeSelector("test-key", "different-value").build();
            TestCluster.Round r = cluster.provision(pod).expectNotScheduled(pod);
            assertThat(r.errorOf(pod)).contains("incompatible requirements", "test-key");
        }

        @Test
        @DisplayName("should not schedule pods that have node selectors with undefined key")
        void undefinedKey() {
            // [K] suite_test.go: "should not schedule pods that have node selectors with undefined key"
            Pod pod = cluster.pod().nodeSelector("test-key", "test-value").build();
            TestCluster.Round r = cluster.provision(pod).expectNotScheduled(pod);
            assertThat(r.errorOf(pod)).contains("label \"test-key\" does not have known values");
        }

        @Test
        @DisplayName("should schedule pods that have matching requirements")
        void matchingRequirements() {
            // [K] suite_test.go: "should schedule pods that have matching requirements"
            cluster.nodePool("default").label("test-key", "test-value");
            Pod pod = cluster.pod()
                    .nodeRequirements(in("test-key", "test-value", "another-value"))
                    .build();
            assertThat(cluster.provision(pod).label(pod, "test-key")).isEqualTo("test-value");
        }

        @Test
        @DisplayName("should use NodePool constraints")
        void nodePoolConstraints() {
            // [K] suite_test.go: "should use NodePool constraints"
            cluster.nodePool("default").requirement(Requirement.in(ZONE, ZONE_2));
            Pod pod = cluster.pod().build();
            assertThat(cluster.provision(pod).label(pod, ZONE)).isEqualTo(ZONE_2);
        }

        @Test
        @DisplayName("should use node selectors")
        void nodeSelectors() {
            // [K] suite_test.go: "should use node selectors"
            cluster.nodePool("default").requirement(Requirement.in(ZONE, ZONE_1, ZONE_2));
            Pod pod = cluster.pod().nodeSelector(ZONE, ZONE_2).build();
            assertThat(cluster.provision(pod).label(pod, ZONE)).isEqualTo(ZONE_2);
        }

        @Test
        @DisplayName("should not schedule nodes with a hostname selector")
        void hostnameSelector() {
            // [K] suite_test.go: "should not schedule nodes with a hostname selector"
            Pod pod = cluster.pod().nodeSelector(Labels.HOSTNAME, "red-node").build();
            cluster.provision(pod).expectNotScheduled(pod);
        }

        @Test
        @DisplayName("should not schedule the pod if nodeselector unknown")
        void unknownZone() {
            // [K] suite_test.go: "should not schedule the pod if nodeselector unknown"
            cluster.nodePool("default").requirement(Requirement.in(ZONE, ZONE_1));
            Pod pod = cluster.pod().nodeSelector(ZONE, "unknown").build();
            cluster.provision(pod).expectNotScheduled(pod);
        }

        @Test
        @DisplayName("should not schedule if node selector outside of NodePool constraints")
        void outsideNodePool() {
            // [K] suite_test.go: "should not schedule if node selector outside of NodePool constraints"
            cluster.nodePool("default").requirement(Requirement.in(ZONE, ZONE_1));
            Pod pod = cluster.pod().nodeSelector(ZONE, ZONE_2).build();
            cluster.provision(pod).expectNotScheduled(pod);
        }

        @Test
        @DisplayName("should schedule compatible requirements with Operator=In")
        void operatorIn() {
            // [K] suite_test.go: "should schedule compatible requirements with Operator=In"
            Pod pod = cluster.pod().nodeRequirements(in(ZONE, ZONE_3)).build();
            assertThat(cluster.provision(pod).label(pod, ZONE)).isEqualTo(ZONE_3);
        }

        @Test
        @DisplayName("should schedule compatible requirements with Operator=Gt")
        void operatorGt() {
            // [K] suite_test.go: "should schedule compatible requirements with Operator=Gt"
            cluster.nodePool("default")
                    .requirement(Requirement.of(INTEGER, NodeSelectorOperator.GT, List.of("8"), null));
            Pod pod = cluster.pod().build();
            assertThat(cluster.provision(pod).label(pod, INTEGER)).isEqualTo("16");
        }

        @Test
        @DisplayName("should schedule compatible requirements with Operator=Lt")
        void operatorLt() {
            // [K] suite_test.go: "should schedule compatible requirements with Operator=Lt"
            cluster.nodePool("default")
                    .requirement(Requirement.of(INTEGER, NodeSelectorOperator.LT, List.of("8"), null));
            Pod pod = cluster.pod().build();
            assertThat(cluster.provision(pod).label(pod, INTEGER)).isEqualTo("2");
        }

        @Test
        @DisplayName("should schedule a pod requiring Gt on a numeric label only on larger instance types")
        void podGt() {
            // [K] suite_test.go: "should schedule compatible requirements with Operator=Gt" (pod side)
            Pod pod = cluster.pod().nodeRequirements(gt(INTEGER, 4)).build();
            TestCluster.Round r = cluster.provision(pod);
            assertThat(r.instanceTypeOptions(pod)).containsExactly("arm-instance-type");
        }

        @Test
        @DisplayName("should schedule compatible requirements with Operator=NotIn")
        void operatorNotIn() {
            // [K] suite_test.go: "should schedule compatible requirements with Operator=NotIn"
            Pod pod = cluster.pod()
                    .nodeRequirements(notIn(ZONE, ZONE_1, ZONE_2, "unknown"))
                    .build();
            assertThat(cluster.provision(pod).label(pod, ZONE)).isEqualTo(ZONE_3);
        }

        @Test
        @DisplayName("should not schedule incompatible preferences and requirements with Operator=NotIn")
        void operatorNotInAll() {
            // [K] suite_test.go: "should not schedule incompatible preferences and requirements with Operator=NotIn"
            Pod pod = cluster.pod()
                    .nodeRequirements(notIn(ZONE, ZONE_1, ZONE_2, ZONE_3, "unknown"))
                    .build();
            cluster.provision(pod).expectNotScheduled(pod);
        }

        @Test
        @DisplayName("should schedule compatible preferences and requirements with Operator=In")
        void preferenceIn() {
            // [K] suite_test.go: "should schedule compatible preferences and requirements with Operator=In"
            Pod pod = cluster.pod()
                    .nodeRequirements(in(ZONE, ZONE_1, ZONE_2, ZONE_3, "unknown"))
                    .preferred(1, in(ZONE, ZONE_2, "unknown"))
                    .build();
            assertThat(cluster.provision(pod).label(pod, ZONE)).isEqualTo(ZONE_2);
        }

        @Test
        @DisplayName("should schedule incompatible preferences and requirements with Operator=In")
        void preferenceInUnknown() {
            // [K] suite_test.go: "should schedule incompatible preferences and requirements with Operator=In"
            Pod pod = cluster.pod()
                    .nodeRequirements(in(ZONE, ZONE_1, ZONE_2, ZONE_3, "unknown"))
                    .preferred(1, in(ZONE, "unknown"))
                    .build();
            TestCluster.Round r = cluster.provision(pod).expectScheduled(pod);
            assertThat(r.result.relaxations()).isEqualTo(1);
        }

        @Test
        @DisplayName("should schedule compatible preferences and requirements with Operator=NotIn")
        void preferenceNotIn() {
            // [K] suite_test.go: "should schedule compatible preferences and requirements with Operator=NotIn"
            Pod pod = cluster.pod()
                    .nodeRequirements(in(ZONE, ZONE_1, ZONE_2, ZONE_3, "unknown"))
                    .preferred(1, notIn(ZONE, ZONE_1, ZONE_3))
                    .build();
            assertThat(cluster.provision(pod).label(pod, ZONE)).isEqualTo(ZONE_2);
        }

        @Test
        @DisplayName("should schedule compatible node selectors, preferences and requirements")
        void selectorsPreferencesRequirements() {
            // [K] suite_test.go: "should schedule compatible node selectors, preferences and requirements"
            Pod pod = cluster.pod()
                    .nodeSelector(ZONE, ZONE_3)
                    .nodeRequirements(in(ZONE, ZONE_1, ZONE_2, ZONE_3))
                    .preferred(1, in(ZONE, ZONE_1, ZONE_2, ZONE_3))
                    .build();
            assertThat(cluster.provision(pod).label(pod, ZONE)).isEqualTo(ZONE_3);
        }

        @Test
        @DisplayName("should combine multidimensional node selectors, preferences and requirements")
        void multidimensional() {
            // [K] suite_test.go: "should combine multidimensional node selectors, preferences and requirements"
            Pod pod = cluster.pod()
                    .nodeSelector(ZONE, ZONE_3)
                    .nodeSelector(TYPE, "arm-instance-type")
                    .nodeRequirements(in(ZONE, ZONE_1, ZONE_3), in(TYPE, "default-instance-type", "arm-instance-type"))
                    .preferred(1, notIn(ZONE, "unknown"))
                    .build();
            TestCluster.Round r = cluster.provision(pod);
            assertThat(r.label(pod, ZONE)).isEqualTo(ZONE_3);
            assertThat(r.label(pod, TYPE)).isEqualTo("arm-instance-type");
        }

        @Test
        @DisplayName("should not schedule pods that have node selectors with restricted domains")
        void restrictedDomain() {
            // [K] suite_test.go: "should not schedule pods that have node selectors with restricted domains"
            Pod pod = cluster.pod()
                    .nodeRequirements(in("karpenter.sh/test", "test"))
                    .build();
            cluster.provision(pod).expectNotScheduled(pod);
        }

        @Test
        @DisplayName("should schedule pods that have node selectors with label in restricted domains exceptions list")
        void restrictedDomainException() {
            // [K] suite_test.go: "should schedule pods that have node selectors with label in restricted domains
            // exceptions list"
            cluster.nodePool("default").requirement(Requirement.in("node.kubernetes.io/test", "test-value"));
            Pod pod = cluster.pod()
                    .nodeRequirements(in("node.kubernetes.io/test", "test-value"))
                    .build();
            assertThat(cluster.provision(pod).label(pod, "node.kubernetes.io/test"))
                    .isEqualTo("test-value");
        }

        @Test
        @DisplayName("should schedule pods that have node selectors with label in wellknown label list")
        void wellKnown() {
            // [K] suite_test.go: "should schedule pods that have node selectors with label in wellknown label list"
            List<Pod> pods = List.of(
                    cluster.pod().nodeSelector(ZONE, ZONE_1).build(),
                    cluster.pod().nodeSelector(TYPE, "default-instance-type").build(),
                    cluster.pod().nodeSelector(Labels.ARCH, "arm64").build(),
                    cluster.pod().nodeSelector(Labels.OS, "linux").build(),
                    cluster.pod().nodeSelector(Labels.CAPACITY_TYPE, "spot").build());
            cluster.provision(pods).expectScheduled(pods);
        }

        @Test
        @DisplayName("should not schedule pods that have node selectors with In operator and undefined key")
        void inUndefined() {
            // [K] suite_test.go: "should not schedule pods that have node selectors with In operator and undefined key"
            Pod pod =
                    cluster.pod().nodeRequirements(in("test-key", "test-value")).build();
            cluster.provision(pod).expectNotScheduled(pod);
        }

        @Test
        @DisplayName("should schedule pods that have node selectors with NotIn operator and undefined key")
        void notInUndefined() {
            // [K] suite_test.go: "should schedule pods that have node selectors with NotIn operator and undefined key"
            Pod pod = cluster.pod()
                    .nodeRequirements(notIn("test-key", "test-value"))
                    .build();
            assertThat(cluster.provision(pod).nodeOf(pod).labels()).doesNotContainKey("test-key");
        }

        @Test
        @DisplayName("should not schedule pods that have node selectors with Exists operator and undefined key")
        void existsUndefined() {
            // [K] suite_test.go: "should not schedule pods that have node selectors with Exists operator and undefined
            // key"
            Pod pod = cluster.pod().nodeRequirements(exists("test-key")).build();
            cluster.provision(pod).expectNotScheduled(pod);
        }

        @Test
        @DisplayName("should schedule pods that with DoesNotExists operator and undefined key")
        void doesNotExistUndefined() {
            // [K] suite_test.go: "should schedule pods that with DoesNotExists operator and undefined key"
            Pod pod = cluster.pod().nodeRequirements(doesNotExist("test-key")).build();
            assertThat(cluster.provision(pod).nodeOf(pod).labels()).doesNotContainKey("test-key");
        }

        @Test
        @DisplayName("should not schedule pods that have node selectors with matching value and NotIn operator")
        void notInDefinedValue() {
            // [K] suite_test.go: "should not schedule pods that have node selectors with matching value and NotIn
            // operator"
            cluster.nodePool("default").requirement(Requirement.in("test-key", "test-value"));
            Pod pod = cluster.pod()
                    .nodeRequirements(notIn("test-key", "test-value"))
                    .build();
            cluster.provision(pod).expectNotScheduled(pod);
        }

        @Test
        @DisplayName("should schedule the pod with Exists operator and defined key")
        void existsDefined() {
            // [K] suite_test.go: "should schedule the pod with Exists operator and defined key"
            cluster.nodePool("default").requirement(Requirement.in("test-key", "test-value"));
            Pod pod = cluster.pod().nodeRequirements(exists("test-key")).build();
            assertThat(cluster.provision(pod).label(pod, "test-key")).isEqualTo("test-value");
        }

        @Test
        @DisplayName("should not schedule the pod with DoesNotExists operator and defined key")
        void doesNotExistDefined() {
            // [K] suite_test.go: "should not schedule the pod with DoesNotExists operator and defined key"
            cluster.nodePool("default").requirement(Requirement.in("test-key", "test-value"));
            Pod pod = cluster.pod().nodeRequirements(doesNotExist("test-key")).build();
            cluster.provision(pod).expectNotScheduled(pod);
        }

        @Test
        @DisplayName("should schedule compatible pods to the same node")
        void compatibleSameNode() {
            // [K] suite_test.go: "should schedule compatible pods to the same node"
            cluster.nodePool("default").requirement(Requirement.in("test-key", "test-value", "another-value"));
            Pod a = cluster.pod().nodeRequirements(in("test-key", "test-value")).build();
            Pod b = cluster.pod()
                    .nodeRequirements(notIn("test-key", "another-value"))
                    .build();
            TestCluster.Round r = cluster.provision(a, b);
            assertThat(r.nodeOf(a).name()).isEqualTo(r.nodeOf(b).name());
            assertThat(r.label(a, "test-key")).isEqualTo("test-value");
        }

        @Test
        @DisplayName("should schedule incompatible pods to the different node")
        void incompatibleDifferentNodes() {
            // [K] suite_test.go: "should schedule incompatible pods to the different node"
            cluster.nodePool("default").requirement(Requirement.in("test-key", "test-value", "another-value"));
            Pod a = cluster.pod().nodeRequirements(in("test-key", "test-value")).build();
            Pod b = cluster.pod()
                    .nodeRequirements(in("test-key", "another-value"))
                    .build();
            TestCluster.Round r = cluster.provision(a, b);
            assertThat(r.nodeOf(a).name()).isNotEqualTo(r.nodeOf(b).name());
            assertThat(r.label(a, "test-key")).isEqualTo("test-value");
            assertThat(r.label(b, "test-key")).isEqualTo("another-value");
        }

        @Test
        @DisplayName("Exists operator should not overwrite the existing value")
        void existsDoesNotOverwrite() {
            // [K] suite_test.go: "Exists operator should not overwrite the existing value"
            Pod pod = cluster.pod()
                    .nodeRequirements(in(ZONE, "non-existent-zone"), exists(ZONE))
                    .build();
            cluster.provision(pod).expectNotScheduled(pod);
        }
    }

    @Nested
    @DisplayName("preferential fallback (relaxation)")
    class Relaxation {

        @Test
        @DisplayName("should not relax the final term")
        void finalTerm() {
            // [K] suite_test.go: "should not relax the final term"
            cluster.nodePool("default")
                    .requirement(Requirement.in(ZONE, ZONE_1))
                    .requirement(Requirement.in(TYPE, "default-instance-type"));
            Pod pod = cluster.pod().requiredTerm(in(ZONE, "invalid")).build();
            cluster.provision(pod).expectNotScheduled(pod);
        }

        @Test
        @DisplayName("should relax multiple terms")
        void multipleTerms() {
            // [K] suite_test.go: "should relax multiple terms"
            Pod pod = cluster.pod()
                    .requiredTerm(in(ZONE, "invalid"))
                    .requiredTerm(in(ZONE, "invalid"))
                    .requiredTerm(in(ZONE, ZONE_1))
                    .requiredTerm(in(ZONE, ZONE_2))
                    .build();
            assertThat(cluster.provision(pod).label(pod, ZONE)).isEqualTo(ZONE_1);
        }

        @Test
        @DisplayName("should relax all terms")
        void allTerms() {
            // [K] suite_test.go: "should relax all terms"
            Pod pod = cluster.pod()
                    .preferred(1, in(ZONE, "invalid"))
                    .preferred(1, in(TYPE, "invalid"))
                    .build();
            TestCluster.Round r = cluster.provision(pod).expectScheduled(pod);
            assertThat(r.result.relaxations()).isEqualTo(2);
        }

        @Test
        @DisplayName("should relax to use lighter weights")
        void lighterWeights() {
            // [K] suite_test.go: "should relax to use lighter weights"
            cluster.nodePool("default").requirement(Requirement.in(ZONE, ZONE_1, ZONE_2));
            Pod pod = cluster.pod()
                    .preferred(100, in(TYPE, ZONE_3))
                    .preferred(50, in(ZONE, ZONE_2))
                    .preferred(1, in(ZONE, ZONE_1))
                    .build();
            assertThat(cluster.provision(pod).label(pod, ZONE)).isEqualTo(ZONE_2);
        }

        @Test
        @DisplayName("should schedule even if preference is conflicting with requirement")
        void preferenceConflictsWithRequirement() {
            // [K] suite_test.go: "should schedule even if preference is conflicting with requirement"
            Pod pod = cluster.pod()
                    .preferred(1, notIn(ZONE, ZONE_3))
                    .nodeRequirements(in(ZONE, ZONE_3))
                    .build();
            assertThat(cluster.provision(pod).label(pod, ZONE)).isEqualTo(ZONE_3);
        }

        @Test
        @DisplayName("should schedule even if preference requirements are conflicting")
        void conflictingPreference() {
            // [K] suite_test.go: "should schedule even if preference requirements are conflicting"
            Pod pod = cluster.pod()
                    .preferred(1, in(ZONE, "invalid"), notIn(ZONE, "invalid"))
                    .build();
            cluster.provision(pod).expectScheduled(pod);
        }

        @Test
        @DisplayName("should relax preferred pod affinity before preferred node affinity")
        void podAffinityBeforeNodeAffinity() {
            // [K] preferences.go Relax order (no dedicated It): required OR-terms, preferred pod affinity, preferred
            // pod anti-affinity, preferred node affinity. The satisfiable node preference survives relaxing the
            // impossible pod-affinity preference.
            Pod pod = cluster.pod()
                    .preferred(1, in(ZONE, ZONE_2))
                    .preferredPodAffinity(50, term(Labels.HOSTNAME, Map.of("security", "s2")))
                    .build();
            TestCluster.Round r = cluster.provision(pod);
            assertThat(r.label(pod, ZONE)).isEqualTo(ZONE_2);
            assertThat(r.result.relaxations()).isEqualTo(1);
        }
    }

    @Nested
    @DisplayName("taints and tolerations")
    class Taints {

        private final Taint noSchedule = taint("test-key", "test-value", TaintEffect.NO_SCHEDULE);

        @Test
        @DisplayName("should taint nodes with NodePool taints")
        void taintsNodes() {
            // [K] topology_test.go (Taints): "should taint nodes with NodePool taints"
            cluster.nodePool("default").taint(taint("test", "bar", TaintEffect.NO_SCHEDULE));
            Pod pod = cluster.pod()
                    .toleration(tolerateExists("test", TaintEffect.NO_SCHEDULE))
                    .build();
            TestCluster.Round r = cluster.provision(pod);
            assertThat(r.claimOf(pod).orElseThrow().template().taints())
                    .containsExactly(taint("test", "bar", TaintEffect.NO_SCHEDULE));
        }

        @Test
        @DisplayName("should schedule pods that tolerate NodePool constraints")
        void tolerations() {
            // [K] topology_test.go (Taints): "should schedule pods that tolerate NodePool constraints"
            cluster.nodePool("default").taint(noSchedule);
            Pod byKey = cluster.pod()
                    .toleration(tolerateExists("test-key", TaintEffect.NO_SCHEDULE))
                    .build();
            Pod byValue = cluster.pod()
                    .toleration(tolerateEqual("test-key", "test-value", TaintEffect.NO_SCHEDULE))
                    .build();
            Pod none = cluster.pod().build();
            Pod wrongKey = cluster.pod()
                    .toleration(tolerateExists("invalid", TaintEffect.NO_SCHEDULE))
                    .build();
            Pod wrongValue = cluster.pod()
                    .toleration(tolerateEqual("test-key", "invalid", TaintEffect.NO_SCHEDULE))
                    .build();
            TestCluster.Round r = cluster.provision(byKey, byValue, none, wrongKey, wrongValue);
            r.expectScheduled(byKey, byValue).expectNotScheduled(none, wrongKey, wrongValue);
            assertThat(r.errorOf(none)).contains("did not tolerate taint (taint=test-key=test-value:NoSchedule)");
        }

        @Test
        @DisplayName("should provision nodes with taints and schedule pods if the taint is only a startup taint")
        void startupTaintOnly() {
            // [K] topology_test.go (Taints): "should provision nodes with taints and schedule pods if the taint is only
            // a startup taint"
            cluster.nodePool("default")
                    .startupTaint(taint("ignore-me", "nothing-to-see-here", TaintEffect.NO_SCHEDULE));
            Pod pod = cluster.pod().build();
            cluster.provision(pod).expectScheduled(pod);
        }

        @Test
        @DisplayName("should not generate taints for OpExists")
        void noTaintsFromTolerations() {
            // [K] topology_test.go (Taints): "should not generate taints for OpExists"
            Pod pod = cluster.pod()
                    .toleration(tolerateExists("test-key", TaintEffect.NO_EXECUTE))
                    .build();
            TestCluster.Round r = cluster.provision(pod);
            assertThat(r.claimOf(pod).orElseThrow().template().taints()).isEmpty();
        }

        @Test
        @DisplayName("should treat a NodePool PreferNoSchedule taint as required until relaxed")
        void preferNoScheduleRelaxed() {
            // [K] preferences.go Relax step 6 (no dedicated It): with two pools, the untainted one wins without any
            // relaxation; with only the PreferNoSchedule pool the pod lands there after tolerating it
            Taint prefer = taint("prefer", "", TaintEffect.PREFER_NO_SCHEDULE);
            cluster.nodePool("default").taint(prefer);
            Pod pod = cluster.pod().build();
            TestCluster.Round r = cluster.provision(pod).expectScheduled(pod);
            assertThat(r.result.relaxations()).isEqualTo(1);
            assertThat(r.claimOf(pod).orElseThrow().nodePoolName()).isEqualTo("default");
        }

        @Test
        @DisplayName("should prefer a NodePool without a PreferNoSchedule taint over a heavier one with it")
        void preferNoScheduleAvoided() {
            // [K] preferences.go / scheduler.go (no dedicated It): PreferNoSchedule blocks until relaxed, so the
            // untainted lower-weight pool takes the pod before any relaxation
            cluster.nodePool("default").weight(100).taint(taint("prefer", "", TaintEffect.PREFER_NO_SCHEDULE));
            cluster.nodePool(nodePool("untainted").weight(1));
            Pod pod = cluster.pod().build();
            TestCluster.Round r = cluster.provision(pod);
            assertThat(r.claimOf(pod).orElseThrow().nodePoolName()).isEqualTo("untainted");
            assertThat(r.result.relaxations()).isZero();
        }

        @Test
        @DisplayName("should not tolerate PreferNoSchedule taints of existing nodes when no NodePool has one")
        void preferNoScheduleOnlyWithNodePoolTaint() {
            // [K] scheduler.go NewScheduler (no dedicated It): the PreferNoSchedule relaxation exists only when some
            // NodePool template has such a taint
            cluster.nodePool("default").limit(NodeClaimTemplate.NODES, "0");
            cluster.node(ExistingNodeBuilder.node("preferred-off")
                    .resources(PodBuilder.quantities("cpu", "4", "memory", "4Gi", "pods", "10"))
                    .taint(taint("prefer", "", TaintEffect.PREFER_NO_SCHEDULE)));
            Pod pod = cluster.pod().requests("cpu", "1").build();
            cluster.provision(pod).expectNotScheduled(pod);

            cluster.nodePool(nodePool("other")
                    .taint(taint("prefer", "", TaintEffect.PREFER_NO_SCHEDULE))
                    .limit(NodeClaimTemplate.NODES, "0"));
            Pod again = cluster.pod().requests("cpu", "1").build();
            assertThat(cluster.provision(again).nodeOf(again).name()).isEqualTo("preferred-off");
        }
    }

    @Nested
    @DisplayName("NodePools: weights, limits and fall-through")
    class NodePools {

        @Test
        @DisplayName("should schedule to the NodePool with the highest weight")
        void highestWeight() {
            // [K] provisioning suite_test.go (Weighted NodePools): "should schedule to the nodepool with the highest
            // priority always"
            cluster.nodePool(nodePool("low").weight(10));
            cluster.nodePool(nodePool("high").weight(100));
            List<Pod> pods = cluster.pods(3, p -> p.requests("cpu", "1"));
            TestCluster.Round r = cluster.provision(pods);
            assertThat(pods)
                    .allSatisfy(p -> assertThat(r.nodeOf(p).nodePoolName()).isEqualTo("high"));
        }

        @Test
        @DisplayName("should order NodePools of equal weight by name, descending")
        void equalWeights() {
            // [K] pkg/utils/nodepool OrderByWeight, stated in suite_test.go "shouldn't relax preferences when a pod
            // fails to schedule due to a reserved offering error": np-2 is tried before np-1
            cluster.clearNodePools().nodePool(nodePool("np-1")).nodePool(nodePool("np-2"));
            Pod pod = cluster.pod().build();
            assertThat(cluster.provision(pod).nodeOf(pod).nodePoolName()).isEqualTo("np-2");
            assertThat(cluster.scheduler().templates())
                    .extracting(NodeClaimTemplate::nodePoolName)
                    .containsExactly("np-2", "np-1");
        }

        @Test
        @DisplayName("should schedule to an explicitly selected NodePool")
        void explicitSelection() {
            // [K] provisioning suite_test.go (Weighted NodePools): "should schedule to explicitly selected nodepool
            // even if other nodePools are higher priority"
            cluster.nodePool(nodePool("high").weight(100));
            Pod pod = cluster.pod().nodeSelector(Labels.NODE_POOL, "default").build();
            assertThat(cluster.provision(pod).nodeOf(pod).nodePoolName()).isEqualTo("default");
        }

        @Test
        @DisplayName("should fall through to a lower-weight NodePool when the heavier one cannot take the pod")
        void fallThrough() {
            // [K] scheduler.go addToNewNodeClaim (no dedicated It): templates are tried in weight order and the first
            // that accepts wins
            cluster.nodePool(nodePool("high").weight(100).requirement(Requirement.in(Labels.ARCH, "arm64")));
            Pod amd = cluster.pod().nodeSelector(Labels.ARCH, "amd64").build();
            Pod arm = cluster.pod().nodeSelector(Labels.ARCH, "arm64").build();
            TestCluster.Round r = cluster.provision(amd, arm);
            assertThat(r.nodeOf(amd).nodePoolName()).isEqualTo("default");
            assertThat(r.nodeOf(arm).nodePoolName()).isEqualTo("high");
        }

        @Test
        @DisplayName("should send tolerating pods to the tainted NodePool and others elsewhere")
        void taintedPools() {
            // [K] provisioning suite_test.go (Taints, multiple NodePools): each pod goes to a pool it tolerates
            cluster.nodePool(nodePool("gpu").weight(100).taint(taint("gpu", "true", TaintEffect.NO_SCHEDULE)));
            Pod tolerant = cluster.pod()
                    .toleration(tolerateExists("gpu", TaintEffect.NO_SCHEDULE))
                    .build();
            assertThat(cluster.provision(tolerant).nodeOf(tolerant).nodePoolName())
                    .isEqualTo("gpu");
            Pod plain = cluster.pod().build();
            TestCluster.Round r = cluster.provision(plain);
            assertThat(r.nodeOf(plain).nodePoolName()).isEqualTo("default");
        }

        @Test
        @DisplayName("should report every NodePool's reason when none can take the pod")
        void combinedErrors() {
            // [K] scheduler.go addToNewNodeClaim (no dedicated It): errors of all templates, in template order,
            // joined by "; "
            cluster.nodePool(nodePool("tainted").weight(10).taint(taint("dedicated", "x", TaintEffect.NO_SCHEDULE)));
            Pod pod = cluster.pod().requests("cpu", "512").build();
            String error = cluster.provision(pod).errorOf(pod);
            assertThat(error)
                    .contains("incompatible with nodepool \"tainted\"")
                    .contains("did not tolerate taint")
                    .contains("; incompatible with nodepool \"default\"")
                    .contains("no instance type has enough resources");
            assertThat(error.indexOf("\"tainted\"")).isLessThan(error.indexOf("\"default\""));
        }

        @Test
        @DisplayName("should skip a NodePool whose requirements filter out every instance type")
        void emptyNodePool() {
            // [K] scheduler.go NewScheduler (no dedicated It): such a template is dropped ("skipping, nodepool
            // requirements filtered out all instance types"), so it is neither tried nor named in errors
            cluster.nodePool(nodePool("impossible")
                    .weight(100)
                    .requirement(Requirement.in(Labels.ARCH, "arm64"))
                    .requirement(Requirement.in(TYPE, "small-instance-type")));
            Pod pod = cluster.pod().requests("cpu", "512").build();
            String error = cluster.provision(pod).errorOf(pod);
            assertThat(error).contains("incompatible with nodepool \"default\"").doesNotContain("impossible");
            cluster.clearNodePools()
                    .nodePool(nodePool("impossible")
                            .requirement(Requirement.in(Labels.ARCH, "arm64"))
                            .requirement(Requirement.in(TYPE, "small-instance-type")));
            Pod other = cluster.pod().build();
            assertThat(cluster.provision(other).errorOf(other))
                    .contains("nodepool requirements filtered out all available instance types");
        }

        @Test
        @DisplayName("should not schedule when limits are exceeded")
        void limitsExceeded() {
            // [K] provisioning suite_test.go: "should not schedule when limits are exceeded"
            cluster.nodePool("default").limit("cpu", "20");
            cluster.node(ExistingNodeBuilder.node("big")
                    .nodePool("default")
                    .resources(PodBuilder.quantities("cpu", "100", "memory", "100Gi", "pods", "100"))
                    .taint(taint("full", "", TaintEffect.NO_SCHEDULE)));
            Pod pod = cluster.pod().build();
            TestCluster.Round r = cluster.provision(pod).expectNotScheduled(pod);
            assertThat(r.errorOf(pod)).contains("all available instance types exceed limits for nodepool");
        }

        @Test
        @DisplayName("should schedule if limits would be met")
        void limitsMet() {
            // [K] provisioning suite_test.go: "should schedule if limits would be met"
            cluster.nodePool("default").limit("cpu", "2");
            Pod pod = cluster.pod().requests("cpu", "1.75").build();
            assertThat(cluster.provision(pod).label(pod, TYPE)).isEqualTo("small-instance-type");
        }

        @Test
        @DisplayName("should partially schedule if limits would be exceeded")
        void partiallyScheduled() {
            // [K] provisioning suite_test.go: "should partially schedule if limits would be exceeded"
            cluster.nodePool("default").limit("cpu", "3");
            List<Pod> pods = cluster.pods(
                    2,
                    p -> p.label("app", "foo")
                            .requests("cpu", "1.5")
                            .podAntiAffinity(term(Labels.HOSTNAME, Map.of("app", "foo"))));
            TestCluster.Round r = cluster.provision(pods);
            assertThat(r.result.podsScheduled()).isEqualTo(1);
            assertThat(r.result.podErrors())
                    .singleElement()
                    .satisfies(e -> assertThat(e.reason())
                            .contains("all available instance types exceed limits for nodepool (NodePool=default)"));
        }

        @Test
        @DisplayName("should not schedule if limits would be exceeded")
        void wouldExceed() {
            // [K] provisioning suite_test.go: "should not schedule if limits would be exceeded"
            cluster.nodePool("default").limit("cpu", "2");
            Pod pod = cluster.pod().requests("cpu", "2.1").build();
            cluster.provision(pod).expectNotScheduled(pod);
        }

        @Test
        @DisplayName("should not schedule if limits would be exceeded (GPU)")
        void gpuPodsLimit() {
            // [K] provisioning suite_test.go: "should not schedule if limits would be exceeded (GPU)"
            cluster.nodePool("default").limit("pods", "1");
            Pod pod = cluster.pod().limits(GPU_VENDOR_A, "1").build();
            cluster.provision(pod).expectNotScheduled(pod);
        }

        @Test
        @DisplayName("should not schedule to a nodepool after a scheduling round if limits would be exceeded")
        void limitsAcrossRounds() {
            // [K] provisioning suite_test.go: "should not schedule to a nodepool after a scheduling round if limits
            // would be exceeded"
            cluster.nodePool("default").limit("cpu", "2");
            Pod first = cluster.pod().requests("cpu", "1.75").build();
            cluster.provision(first).expectScheduled(first);
            Pod second = cluster.pod().requests("cpu", "1.75").build();
            cluster.provision(second).expectNotScheduled(second);
        }

        @Test
        @DisplayName("should stop launching NodeClaims when the nodes limit is exhausted")
        void nodesLimit() {
            // [K] scheduler.go addToNewNodeClaim, newer (no dedicated It in the baseline): limits.nodes
            cluster.nodePool("default").limit(NodeClaimTemplate.NODES, "2");
            List<Pod> pods = cluster.pods(
                    3, p -> p.label("app", "x").podAntiAffinity(term(Labels.HOSTNAME, Map.of("app", "x"))));
            TestCluster.Round r = cluster.provision(pods);
            assertThat(r.newNodeCount()).isEqualTo(2);
            assertThat(r.result.podErrors())
                    .singleElement()
                    .satisfies(e -> assertThat(e.reason())
                            .contains("node limits have been exhausted for nodepool (NodePool=default)"));
        }

        @Test
        @DisplayName("should count existing nodes against the nodes limit")
        void nodesLimitWithExisting() {
            // [K] scheduler.go NewScheduler (no dedicated It): existing and in-flight nodes use up the limit
            cluster.nodePool("default").limit(NodeClaimTemplate.NODES, "1");
            Pod first = cluster.pod().requests("cpu", "3").build();
            cluster.provision(first).expectScheduled(first);
            Pod second = cluster.pod().requests("cpu", "3").build();
            TestCluster.Round r = cluster.provision(second).expectNotScheduled(second);
            assertThat(r.errorOf(second)).contains("node limits have been exhausted");
        }

        @Test
        @DisplayName("should fall back to another NodePool when the heavier one hits its limit")
        void limitFallThrough() {
            // [K] scheduler.go addToNewNodeClaim (no dedicated It): a template over its limit fails, the next is tried
            cluster.nodePool("default").weight(100).limit("cpu", "4");
            cluster.nodePool(nodePool("overflow").weight(1));
            List<Pod> pods = cluster.pods(2, p -> p.requests("cpu", "3"));
            TestCluster.Round r = cluster.provision(pods);
            assertThat(pods)
                    .extracting(p -> r.nodeOf(p).nodePoolName())
                    .containsExactlyInAnyOrder("default", "overflow");
        }
    }

    @Nested
    @DisplayName("instance selection")
    class InstanceSelection {

        @Test
        @DisplayName("should launch pods with different archs on different instances")
        void archs() {
            // [K] suite_test.go: "should launch pods with different archs on different instances"
            Pod amd = cluster.pod().nodeSelector(Labels.ARCH, "amd64").build();
            Pod arm = cluster.pod().nodeSelector(Labels.ARCH, "arm64").build();
            TestCluster.Round r = cluster.provision(amd, arm);
            assertThat(r.nodeOf(amd).name()).isNotEqualTo(r.nodeOf(arm).name());
            assertThat(r.label(arm, TYPE)).isEqualTo("arm-instance-type");
        }

        @Test
        @DisplayName(
                "should exclude instance types that are not supported by the pod constraints (node affinity/instance type)")
        void excludedByInstanceType() {
            // [K] suite_test.go: "should exclude instance types that are not supported by the pod constraints (node
            // affinity/instance type)"
            cluster.nodePool("default").requirement(Requirement.in(Labels.ARCH, "amd64"));
            Pod pod = cluster.pod()
                    .nodeRequirements(in(TYPE, "arm-instance-type"))
                    .build();
            cluster.provision(pod).expectNotScheduled(pod);
        }

        @Test
        @DisplayName(
                "should exclude instance types that are not supported by the pod constraints (node affinity/operating system)")
        void excludedByOs() {
            // [K] suite_test.go: "should exclude instance types that are not supported by the pod constraints (node
            // affinity/operating system)"
            cluster.nodePool("default").requirement(Requirement.in(Labels.ARCH, "amd64"));
            Pod pod = cluster.pod().nodeRequirements(in(Labels.OS, "ios")).build();
            cluster.provision(pod).expectNotScheduled(pod);
        }

        @Test
        @DisplayName("should exclude instance types that are not supported by the provider constraints (arch)")
        void excludedByArchAndSize() {
            // [K] suite_test.go: "should exclude instance types that are not supported by the provider constraints
            // (arch)"
            cluster.nodePool("default").requirement(Requirement.in(Labels.ARCH, "amd64"));
            Pod pod = cluster.pod().limits("cpu", "14").build();
            cluster.provision(pod).expectNotScheduled(pod);
        }

        @Test
        @DisplayName("should launch pods with different operating systems on different instances")
        void operatingSystems() {
            // [K] suite_test.go: "should launch pods with different operating systems on different instances"
            Pod linux = cluster.pod().nodeSelector(Labels.OS, "linux").build();
            Pod windows = cluster.pod().nodeSelector(Labels.OS, "windows").build();
            TestCluster.Round r = cluster.provision(linux, windows);
            assertThat(r.nodeOf(linux).name()).isNotEqualTo(r.nodeOf(windows).name());
        }

        @Test
        @DisplayName("should launch pods with different instance type node selectors on different instances")
        void instanceTypeSelectors() {
            // [K] suite_test.go: "should launch pods with different instance type node selectors on different
            // instances"
            Pod small = cluster.pod().nodeSelector(TYPE, "small-instance-type").build();
            Pod dflt = cluster.pod().nodeSelector(TYPE, "default-instance-type").build();
            TestCluster.Round r = cluster.provision(small, dflt);
            assertThat(r.label(small, TYPE)).isEqualTo("small-instance-type");
            assertThat(r.label(dflt, TYPE)).isEqualTo("default-instance-type");
        }

        @Test
        @DisplayName("should launch pods with different zone selectors on different instances")
        void zoneSelectors() {
            // [K] suite_test.go: "should launch pods with different zone selectors on different instances"
            Pod a = cluster.pod().nodeSelector(ZONE, ZONE_1).build();
            Pod b = cluster.pod().nodeSelector(ZONE, ZONE_2).build();
            TestCluster.Round r = cluster.provision(a, b);
            assertThat(r.label(a, ZONE)).isEqualTo(ZONE_1);
            assertThat(r.label(b, ZONE)).isEqualTo(ZONE_2);
        }

        @Test
        @DisplayName("should filter instance types that match labels")
        void filterByLabels() {
            // [K] suite_test.go: "should filter instance types that match labels"
            cluster.nodePool("default").instanceTypes(FakeInstanceTypes.incrementing(5));
            Pod large = cluster.pod().nodeSelector(SIZE, "large").build();
            Pod small = cluster.pod().nodeSelector(SIZE, "small").build();
            TestCluster.Round r = cluster.provision(large, small);
            assertThat(r.label(large, TYPE)).isEqualTo("fake-it-4");
            assertThat(r.label(small, TYPE)).isEqualTo("fake-it-0");
        }

        @Test
        @DisplayName("should not schedule with incompatible labels")
        void incompatibleLabels() {
            // [K] suite_test.go: "should not schedule with incompatible labels"
            cluster.nodePool("default").instanceTypes(FakeInstanceTypes.incrementing(5));
            Pod a = cluster.pod()
                    .nodeSelector(SIZE, "large")
                    .nodeSelector(TYPE, "fake-it-0")
                    .build();
            Pod b = cluster.pod()
                    .nodeSelector(SIZE, "small")
                    .nodeSelector(TYPE, "fake-it-4")
                    .build();
            cluster.provision(a, b).expectNotScheduled(a, b);
        }

        @Test
        @DisplayName("should schedule optional labels")
        void optionalLabels() {
            // [K] suite_test.go: "should schedule optional labels"
            cluster.nodePool("default").instanceTypes(FakeInstanceTypes.incrementing(5));
            Pod pod = cluster.pod().nodeRequirements(exists(EXOTIC)).build();
            TestCluster.Round r = cluster.provision(pod);
            assertThat(r.nodeOf(pod).labels()).containsKey(EXOTIC);
            assertThat(r.label(pod, TYPE)).isEqualTo("fake-it-4");
        }

        @Test
        @DisplayName("should schedule without optional labels if disallowed")
        void optionalLabelsDisallowed() {
            // [K] suite_test.go: "should schedule without optional labels if disallowed"
            cluster.nodePool("default").instanceTypes(FakeInstanceTypes.incrementing(5));
            Pod pod = cluster.pod().nodeRequirements(doesNotExist(EXOTIC)).build();
            assertThat(cluster.provision(pod).nodeOf(pod).labels()).doesNotContainKey(EXOTIC);
        }

        @Test
        @DisplayName("should select for valid instance types, regardless of price")
        void validRegardlessOfPrice() {
            // [K] suite_test.go: "should select for valid instance types, regardless of price"
            cluster.nodePool("default")
                    .instanceTypes(List.of(
                            type("medium")
                                    .cpu(2)
                                    .offerings(offering(ZONE_1, CapacityType.ON_DEMAND, 3))
                                    .build(),
                            type("small")
                                    .cpu(1)
                                    .offerings(offering(ZONE_1, CapacityType.ON_DEMAND, 2))
                                    .build(),
                            type("large")
                                    .cpu(4)
                                    .offerings(offering(ZONE_1, CapacityType.ON_DEMAND, 1))
                                    .build()));
            Pod pod = cluster.pod().limits("cpu", "1m", "memory", "1Mi").build();
            TestCluster.Round r = cluster.provision(pod);
            assertThat(r.label(pod, TYPE)).isEqualTo("large");
            assertThat(r.instanceTypeOptions(pod)).containsExactly("large", "small", "medium");
        }

        @Test
        @DisplayName("should schedule on one of the cheapest instances")
        void cheapest() {
            // [K] instance_selection_test.go: "should schedule on one of the cheapest instances"
            List<InstanceType> assorted = FakeInstanceTypes.assorted();
            cluster.nodePool("default")
                    .instanceTypes(assorted)
                    .requirement(Requirement.in(Labels.ARCH, "arm64", "amd64"));
            Pod pod = cluster.pod().build();
            TestCluster.Round r = cluster.provision(pod);
            assertThat(r.claimOf(pod).orElseThrow().pricePerHourUsd()).isEqualTo(minPrice(assorted, o -> true));
        }

        @Test
        @DisplayName("should schedule on one of the cheapest instances (pod arch = amd64)")
        void cheapestAmd64() {
            // [K] instance_selection_test.go: "should schedule on one of the cheapest instances (pod arch = amd64)"
            cluster.nodePool("default").instanceTypes(FakeInstanceTypes.assorted());
            Pod pod = cluster.pod().nodeRequirements(in(Labels.ARCH, "amd64")).build();
            PlannedNodeClaim c = cluster.provision(pod).claimOf(pod).orElseThrow();
            assertThat(c.instanceTypes())
                    .allSatisfy(
                            it -> assertThat(it.requirements().get(Labels.ARCH).has("amd64"))
                                    .isTrue());
            assertThat(c.pricePerHourUsd())
                    .isEqualTo(minPrice(
                            FakeInstanceTypes.assorted().stream()
                                    .filter(it ->
                                            it.requirements().get(Labels.ARCH).has("amd64"))
                                    .toList(),
                            o -> true));
        }

        @Test
        @DisplayName("should schedule on one of the cheapest instances (pod ct = spot)")
        void cheapestSpot() {
            // [K] instance_selection_test.go: "should schedule on one of the cheapest instances (pod ct = spot)"
            cluster.nodePool("default").instanceTypes(FakeInstanceTypes.assorted());
            Pod pod = cluster.pod()
                    .nodeRequirements(in(Labels.CAPACITY_TYPE, "spot"))
                    .build();
            PlannedNodeClaim c = cluster.provision(pod).claimOf(pod).orElseThrow();
            assertThat(c.expectedOffering().capacityType()).isEqualTo(CapacityType.SPOT);
            assertThat(c.instanceTypes())
                    .allSatisfy(it -> assertThat(it.offerings()).anyMatch(o -> o.capacityType() == CapacityType.SPOT));
        }

        @Test
        @DisplayName("should schedule on one of the cheapest instances (prov ct = ondemand, prov zone = test-zone-1)")
        void nodePoolCapacityTypeAndZone() {
            // [K] instance_selection_test.go: "should schedule on one of the cheapest instances (prov ct = ondemand,
            // prov zone = test-zone-1)"
            cluster.nodePool("default")
                    .instanceTypes(FakeInstanceTypes.assorted())
                    .requirement(Requirement.in(Labels.CAPACITY_TYPE, "on-demand"))
                    .requirement(Requirement.in(ZONE, ZONE_1));
            Pod pod = cluster.pod().build();
            PlannedNodeClaim c = cluster.provision(pod).claimOf(pod).orElseThrow();
            assertThat(c.instanceTypes())
                    .isNotEmpty()
                    .allSatisfy(it -> assertThat(it.offerings())
                            .anyMatch(o -> o.capacityType() == CapacityType.ON_DEMAND
                                    && o.zone().equals(ZONE_1)));
            assertThat(c.expectedOffering().zone()).isEqualTo(ZONE_1);
        }

        @Test
        @DisplayName("should not use unavailable offerings")
        void unavailableOfferings() {
            // [K] nodeclaim.go filterInstanceTypesByRequirements (no dedicated It): an offering must be available
            InstanceType onlyZone1Available = type("partly-available")
                    .offerings(
                            offering(ZONE_1, CapacityType.ON_DEMAND, 1),
                            offering(ZONE_2, CapacityType.ON_DEMAND, 1).withAvailable(false))
                    .build();
            cluster.nodePool("default").instanceTypes(List.of(onlyZone1Available));
            Pod inZone2 = cluster.pod().nodeSelector(ZONE, ZONE_2).build();
            Pod anywhere = cluster.pod().build();
            TestCluster.Round r = cluster.provision(inZone2, anywhere).expectNotScheduled(inZone2);
            assertThat(r.label(anywhere, ZONE)).isEqualTo(ZONE_1);
        }

        @Test
        @DisplayName("should keep every compatible instance type on a NodeClaim, cheapest first")
        void optionsCheapestFirst() {
            // [K] nodeclaim.go and pkg/cloudprovider OrderByPrice (no dedicated It)
            Pod pod = cluster.pod()
                    .requests("cpu", "3")
                    .nodeSelector(Labels.ARCH, "amd64")
                    .build();
            assertThat(cluster.provision(pod).instanceTypeOptions(pod))
                    .containsExactly(
                            "default-instance-type",
                            "single-pod-instance-type",
                            "gpu-vendor-b-instance-type",
                            "gpu-vendor-instance-type");
        }

        @Test
        @DisplayName("should schedule respecting the minValues from instance-type requirements")
        void minValuesInstanceType() {
            // [K] instance_selection_test.go: "should schedule respecting the minValues from instance-type
            // requirements"
            cluster.nodePool("default")
                    .instanceTypes(List.of(
                            type("instance-type-1")
                                    .cpu(1)
                                    .memoryGi(1)
                                    .price(0.52)
                                    .build(),
                            type("instance-type-2")
                                    .cpu(4)
                                    .memoryGi(4)
                                    .price(1.0)
                                    .build()))
                    .requirement(Requirement.of(
                            TYPE, NodeSelectorOperator.IN, List.of("instance-type-1", "instance-type-2"), 2));
            List<Pod> pods = cluster.pods(2, p -> p.requests("cpu", "0.9", "memory", "0.9Gi"));
            TestCluster.Round r = cluster.provision(pods);
            assertThat(r.distinctNodes(pods)).isEqualTo(2);
            assertThat(r.result.newNodeClaims())
                    .allSatisfy(c -> assertThat(c.instanceTypes()).hasSizeGreaterThanOrEqualTo(2));
        }

        @Test
        @DisplayName("should schedule respecting the minValues in Gt operator")
        void minValuesGt() {
            // [K] instance_selection_test.go: "should schedule respecting the minValues in Gt operator"
            String key = "karpenter/numerical-value";
            cluster.nodePool("default")
                    .instanceTypes(numericTypes(key))
                    .requirement(Requirement.of(key, NodeSelectorOperator.GT, List.of("2"), 2));
            List<Pod> pods = cluster.pods(2, p -> p.requests("cpu", "0.9", "memory", "0.9Gi"));
            TestCluster.Round r = cluster.provision(pods);
            assertThat(r.distinctNodes(pods)).isEqualTo(2);
            assertThat(r.result.newNodeClaims())
                    .allSatisfy(c -> assertThat(c.instanceTypes())
                            .extracting(InstanceType::name)
                            .containsExactlyInAnyOrder("instance-type-2", "instance-type-3"));
        }

        @Test
        @DisplayName("scheduler should fail if the minValues in Gt operator is not satisfied")
        void minValuesGtUnsatisfied() {
            // [K] instance_selection_test.go: "scheduler should fail if the minValues in Gt operator is not satisfied"
            String key = "karpenter/numerical-value";
            cluster.nodePool("default")
                    .instanceTypes(numericTypes(key).subList(0, 2))
                    .requirement(Requirement.of(key, NodeSelectorOperator.EXISTS, List.of(), 2));
            List<Pod> pods = cluster.pods(
                    2, p -> p.requests("cpu", "0.9", "memory", "0.9Gi").nodeRequirements(gt(key, 2)));
            TestCluster.Round r = cluster.provision(pods).expectNotScheduled(pods);
            assertThat(pods)
                    .allSatisfy(
                            p -> assertThat(r.errorOf(p))
                                    .contains(
                                            "minValues requirement is not met for label(s) (label(s)=[karpenter/numerical-value])"));
        }

        @Test
        @DisplayName("should schedule respecting the minValues in Lt operator")
        void minValuesLt() {
            // [K] instance_selection_test.go: "should schedule respecting the minValues in Lt operator"
            String key = "karpenter/numerical-value";
            List<InstanceType> types = List.of(
                    type("instance-type-1")
                            .cpu(1)
                            .memoryGi(1)
                            .price(0.52)
                            .requirement(Requirement.in(key, "2"))
                            .build(),
                    type("instance-type-2")
                            .cpu(2)
                            .memoryGi(2)
                            .price(1.0)
                            .requirement(Requirement.in(key, "3"))
                            .build(),
                    type("instance-type-3")
                            .cpu(4)
                            .memoryGi(4)
                            .price(1.2)
                            .requirement(Requirement.in(key, "4"))
                            .build());
            cluster.nodePool("default")
                    .instanceTypes(types)
                    .requirement(Requirement.of(key, NodeSelectorOperator.LT, List.of("4"), 2));
            List<Pod> pods = cluster.pods(2, p -> p.requests("cpu", "0.9", "memory", "0.9Gi"));
            TestCluster.Round r = cluster.provision(pods);
            assertThat(r.distinctNodes(pods)).isEqualTo(2);
            assertThat(r.result.newNodeClaims())
                    .allSatisfy(c -> assertThat(c.instanceTypes()).hasSizeGreaterThanOrEqualTo(2));
        }

        private List<InstanceType> numericTypes(String key) {
            return List.of(
                    type("instance-type-1")
                            .cpu(1)
                            .memoryGi(1)
                            .price(0.52)
                            .requirement(Requirement.in(key, "2"))
                            .build(),
                    type("instance-type-2")
                            .cpu(1)
                            .memoryGi(1)
                            .price(1.0)
                            .requirement(Requirement.in(key, "3"))
                            .build(),
                    type("instance-type-3")
                            .cpu(4)
                            .memoryGi(4)
                            .price(1.2)
                            .requirement(Requirement.in(key, "4"))
                            .build());
        }

        private double minPrice(List<InstanceType> types, java.util.function.Predicate<Offering> which) {
            return types.stream()
                    .flatMap(it -> it.offerings().stream())
                    .filter(which)
                    .mapToDouble(Offering::pricePerHourUsd)
                    .min()
                    .orElseThrow();
        }
    }

    @Nested
    @DisplayName("DaemonSet overhead")
    class DaemonSetOverhead {

        @Test
        @DisplayName("should account for daemonsets")
        void daemonSets() {
            // [K] provisioning suite_test.go: "should account for daemonsets"
            cluster.daemonSet(daemonSet("ds", PodBuilder.named("ds").requests("cpu", "1", "memory", "1Gi")));
            Pod pod = cluster.pod().requests("cpu", "1", "memory", "1Gi").build();
            TestCluster.Round r = cluster.provision(pod);
            assertThat(r.label(pod, TYPE)).isEqualTo("default-instance-type");
            assertThat(r.claimOf(pod).orElseThrow().daemonSetOverhead())
                    .isEqualTo(PodBuilder.quantities("cpu", "1", "memory", "1Gi", "pods", "1"));
        }

        @Test
        @DisplayName("should account for daemonsets (with startup taint)")
        void withStartupTaint() {
            // [K] provisioning suite_test.go: "should account for daemonsets (with startup taint)"
            cluster.nodePool("default").startupTaint(taint("foo.com/taint", "tainted", TaintEffect.NO_SCHEDULE));
            cluster.daemonSet(daemonSet("ds", PodBuilder.named("ds").requests("cpu", "1", "memory", "1Gi")));
            Pod pod = cluster.pod().requests("cpu", "1", "memory", "1Gi").build();
            assertThat(cluster.provision(pod).label(pod, TYPE)).isEqualTo("default-instance-type");
        }

        @Test
        @DisplayName("should not schedule if daemonset overhead is too large")
        void overheadTooLarge() {
            // [K] provisioning suite_test.go: "should not schedule if daemonset overhead is too large"
            cluster.daemonSet(daemonSet("ds", PodBuilder.named("ds").requests("cpu", "10000", "memory", "10000Gi")));
            Pod pod = cluster.pod().build();
            TestCluster.Round r = cluster.provision(pod).expectNotScheduled(pod);
            assertThat(r.errorOf(pod)).contains("daemonset overhead=");
        }

        @Test
        @DisplayName("should not schedule if resource requests are not defined and limits (requests) are too large")
        void limitsTooLarge() {
            // [K] provisioning suite_test.go: "should not schedule if resource requests are not defined and limits
            // (requests) are too large"
            cluster.daemonSet(daemonSet(
                    "ds",
                    PodBuilder.named("ds")
                            .container(
                                    PodBuilder.quantities("cpu", "1"),
                                    PodBuilder.quantities("cpu", "10000", "memory", "10000Gi"))));
            Pod pod = cluster.pod().build();
            cluster.provision(pod).expectNotScheduled(pod);
        }

        @Test
        @DisplayName("should schedule based on the max resource requests of containers and initContainers")
        void initContainers() {
            // [K] provisioning suite_test.go: "should schedule based on the max resource requests of containers and
            // initContainers"
            cluster.daemonSet(daemonSet(
                    "ds",
                    PodBuilder.named("ds")
                            .container(PodBuilder.quantities("cpu", "1"), PodBuilder.quantities("memory", "1Gi"))
                            .initContainer("cpu", "2", "memory", "2Gi")));
            Pod pod = cluster.pod().requests("cpu", "1", "memory", "1Gi").build();
            assertThat(cluster.provision(pod).label(pod, TYPE)).isEqualTo("default-instance-type");
        }

        @Test
        @DisplayName("should not schedule if initContainer resources are too large")
        void initContainerTooLarge() {
            // [K] provisioning suite_test.go: "should not schedule if initContainer resources are too large"
            cluster.daemonSet(daemonSet("ds", PodBuilder.named("ds").initContainer("cpu", "10000")));
            Pod pod = cluster.pod().build();
            cluster.provision(pod).expectNotScheduled(pod);
        }

        @Test
        @DisplayName("should ignore daemonsets that do not tolerate the NodePool taints")
        void intolerantDaemonSet() {
            // [K] provisioning suite_test.go: "should ignore daemonsets without matching tolerations"
            cluster.nodePool("default").taint(taint("foo", "bar", TaintEffect.NO_SCHEDULE));
            cluster.daemonSet(daemonSet("ds", PodBuilder.named("ds").requests("cpu", "1", "memory", "1Gi")));
            Pod pod = cluster.pod()
                    .requests("cpu", "1", "memory", "1Gi")
                    .toleration(tolerateExists("foo", TaintEffect.NO_SCHEDULE))
                    .build();
            TestCluster.Round r = cluster.provision(pod);
            assertThat(r.label(pod, TYPE)).isEqualTo("small-instance-type");
            assertThat(r.claimOf(pod).orElseThrow().daemonSetOverhead()).isEqualTo(Resources.NONE);
        }

        @Test
        @DisplayName("should count daemonsets that tolerate PreferNoSchedule taints implicitly")
        void preferNoScheduleDaemonSet() {
            // [K] scheduler.go isDaemonPodCompatible: the DaemonSet pod gets an Exists/PreferNoSchedule toleration
            cluster.nodePool("default").taint(taint("soft", "", TaintEffect.PREFER_NO_SCHEDULE));
            cluster.daemonSet(daemonSet("ds", PodBuilder.named("ds").requests("cpu", "1", "memory", "1Gi")));
            assertThat(cluster.scheduler()
                            .daemonSetOverhead(cluster.scheduler().templates().get(0)))
                    .isEqualTo(PodBuilder.quantities("cpu", "1", "memory", "1Gi", "pods", "1"));
        }

        @Test
        @DisplayName("should ignore daemonsets with a node selector the NodePool cannot meet")
        void daemonSetSelector() {
            // [K] provisioning suite_test.go: "should ignore daemonsets with an invalid selector"
            cluster.daemonSet(daemonSet(
                    "ds",
                    PodBuilder.named("ds").requests("cpu", "1", "memory", "1Gi").nodeSelector(Labels.ARCH, "arm64")));
            cluster.nodePool("default").requirement(Requirement.in(Labels.ARCH, "amd64"));
            Pod pod = cluster.pod().requests("cpu", "1", "memory", "1Gi").build();
            assertThat(cluster.provision(pod).label(pod, TYPE)).isEqualTo("small-instance-type");
        }

        @Test
        @DisplayName("should count daemonsets whose later required node-affinity term matches the NodePool")
        void daemonSetOrTerms() {
            // [K] provisioning suite_test.go: "should account daemonsets with NotIn operator and unspecified key"
            // family; scheduler.go isDaemonPodCompatible relaxes required OR-terms one at a time
            cluster.nodePool("default").requirement(Requirement.in(ZONE, ZONE_1));
            cluster.daemonSet(daemonSet(
                    "ds",
                    PodBuilder.named("ds")
                            .requests("cpu", "1", "memory", "1Gi")
                            .requiredTerm(in(ZONE, ZONE_2))
                            .requiredTerm(in(ZONE, ZONE_1))));
            Pod pod = cluster.pod().requests("cpu", "1", "memory", "1Gi").build();
            assertThat(cluster.provision(pod).label(pod, TYPE)).isEqualTo("default-instance-type");
        }

        @Test
        @DisplayName(
                "should track daemonset usage separately so we know how many DS resources are remaining to be scheduled")
        void daemonSetUsageOnExistingNodes() {
            // [K] suite_test.go: "should track daemonset usage separately so we know how many DS resources are
            // remaining to be scheduled"
            cluster.daemonSet(daemonSet("ds", PodBuilder.named("ds").requests("cpu", "1", "memory", "1Gi")));
            InstanceType arm = FakeInstanceTypes.defaults().get(4);
            ExistingNodeBuilder node = ExistingNodeBuilder.node("arm-node").ofType(arm);
            cluster.node(node);
            Pod tooBigWithDs = cluster.pod().requests("cpu", "15").build();
            assertThat(cluster.provision(tooBigWithDs).result.existingNodePods())
                    .doesNotContainKey("arm-node");

            cluster.deletePods(p -> true);
            cluster.nodes().removeIf(n -> !n.name().equals("arm-node"));
            node.pod(PodBuilder.named("ds-pod")
                    .requests("cpu", "1", "memory", "1Gi")
                    .ownedByDaemonSet("ds")
                    .build());
            Pod fits = cluster.pod().requests("cpu", "14.9").build();
            assertThat(cluster.provision(fits).nodeOf(fits).name()).isEqualTo("arm-node");
        }

        @Test
        @DisplayName(
                "should keep room for a daemonset on an uninitialized node even if it does not tolerate the startup taint")
        void daemonSetOnUninitializedNode() {
            // [K] existingnode.go NewExistingNode with state node Taints() (no dedicated It): while a managed node is
            // uninitialized its startup and ephemeral taints are ignored, for the DaemonSets that will run there too
            cluster.nodePool("default").startupTaint(taint("foo.com/taint", "tainted", TaintEffect.NO_SCHEDULE));
            cluster.daemonSet(daemonSet("ds", PodBuilder.named("ds").requests("cpu", "1", "memory", "1Gi")));
            Pod first = cluster.pod().requests("cpu", "1", "memory", "1Gi").build();
            ExistingNodeBuilder node = cluster.provision(first).nodeOf(first);
            assertThat(node.labels().get(TYPE)).isEqualTo("default-instance-type");
            Pod fitsBesideDaemonSet = cluster.pod().requests("cpu", "1.5").build();
            assertThat(cluster.provision(fitsBesideDaemonSet)
                            .nodeOf(fitsBesideDaemonSet)
                            .name())
                    .isEqualTo(node.name());
            Pod needsDaemonSetRoom = cluster.pod().requests("cpu", "0.5").build();
            assertThat(cluster.provision(needsDaemonSetRoom)
                            .nodeOf(needsDaemonSetRoom)
                            .name())
                    .isNotEqualTo(node.name());
        }

        @Test
        @DisplayName("should not subtract daemonset overhead that is not strictly compatible with an existing node")
        void strictCompatibility() {
            // [K] suite_test.go: "should not subtract daemonset overhead that is not strictly compatible with an
            // existing node"
            cluster.node(ExistingNodeBuilder.node("tiny")
                    .resources(PodBuilder.quantities("cpu", "1", "memory", "1Gi", "pods", "110")));
            cluster.daemonSet(daemonSet(
                    "ds",
                    PodBuilder.named("ds")
                            .requests("cpu", "100", "memory", "100Gi")
                            .nodeRequirements(in(ZONE, ZONE_1))));
            Pod first = cluster.pod().requests("cpu", "1", "memory", "1Gi").build();
            assertThat(cluster.provision(first).nodeOf(first).name()).isEqualTo("tiny");
            Pod second = cluster.pod().requests("cpu", "1", "memory", "1Gi").build();
            cluster.provision(second).expectNotScheduled(second);
        }
    }

    @Nested
    @DisplayName("existing and in-flight nodes")
    class ExistingNodes {

        @Test
        @DisplayName("should not launch a second node if there is an in-flight node that can support the pod")
        void reuseInFlight() {
            // [K] suite_test.go: "should not launch a second node if there is an in-flight node that can support the
            // pod"
            Pod first = cluster.pod().requests("cpu", "10m").build();
            TestCluster.Round r1 = cluster.provision(first);
            Pod second = cluster.pod().requests("cpu", "10m").build();
            TestCluster.Round r2 = cluster.provision(second);
            assertThat(r2.newNodeCount()).isZero();
            assertThat(r2.nodeOf(second).name()).isEqualTo(r1.nodeOf(first).name());
        }

        @Test
        @DisplayName(
                "should not launch a second node if there is an in-flight node that can support the pod (node selectors)")
        void reuseInFlightSelectors() {
            // [K] suite_test.go: "should not launch a second node if there is an in-flight node that can support the
            // pod (node selectors)"
            Pod first = cluster.pod().nodeRequirements(in(ZONE, ZONE_2)).build();
            String node = cluster.provision(first).nodeOf(first).name();
            Pod second =
                    cluster.pod().nodeRequirements(in(ZONE, ZONE_1, ZONE_2)).build();
            assertThat(cluster.provision(second).nodeOf(second).name()).isEqualTo(node);
            Pod third = cluster.pod().nodeRequirements(in(ZONE, ZONE_1, ZONE_3)).build();
            assertThat(cluster.provision(third).nodeOf(third).name()).isNotEqualTo(node);
        }

        @Test
        @DisplayName("should launch a second node if a pod won't fit on the existingNodes node")
        void secondNodeWhenFull() {
            // [K] suite_test.go: "should launch a second node if a pod won't fit on the existingNodes node"
            Pod first = cluster.pod().requests("cpu", "1001m").build();
            String node = cluster.provision(first).nodeOf(first).name();
            Pod second = cluster.pod().requests("cpu", "1").build();
            assertThat(cluster.provision(second).nodeOf(second).name()).isNotEqualTo(node);
        }

        @Test
        @DisplayName(
                "should launch a second node if a pod isn't compatible with the existingNodes node (node selector)")
        void secondNodeWhenIncompatible() {
            // [K] suite_test.go: "should launch a second node if a pod isn't compatible with the existingNodes node
            // (node selector)"
            Pod first = cluster.pod().nodeSelector(Labels.ARCH, "amd64").build();
            String node = cluster.provision(first).nodeOf(first).name();
            Pod second = cluster.pod().nodeSelector(Labels.ARCH, "arm64").build();
            assertThat(cluster.provision(second).nodeOf(second).name()).isNotEqualTo(node);
        }

        @Test
        @DisplayName("should launch a second node if an in-flight node is terminating")
        void markedForDeletion() {
            // [K] suite_test.go: "should launch a second node if an in-flight node is terminating"
            Pod first = cluster.pod().requests("cpu", "10m").build();
            ExistingNodeBuilder node = cluster.provision(first).nodeOf(first);
            node.markedForDeletion(true);
            Pod second = cluster.pod().requests("cpu", "10m").build();
            TestCluster.Round r = cluster.provision(second);
            assertThat(r.nodeOf(second).name()).isNotEqualTo(node.name());
            assertThat(r.newNodeCount()).isEqualTo(1);
        }

        @Test
        @DisplayName("should pack in-flight nodes before launching new nodes")
        void packInFlight() {
            // [K] suite_test.go: "should pack in-flight nodes before launching new nodes" (deterministic batches
            // instead of random ones)
            cluster.nodePool("default")
                    .instanceTypes(List.of(
                            type("arbitrary-instance-type").cpu(4).pods(4).build()));
            int[] batches = {3, 1, 0, 4, 2, 2, 5, 1, 3, 0};
            for (int n : batches) {
                cluster.provision(cluster.pods(n, p -> p.requests("cpu", "1")));
            }
            long total = 0;
            for (int n : batches) {
                total += n;
            }
            long withRoom =
                    cluster.nodes().stream().filter(n -> n.pods().size() < 3).count();
            assertThat(withRoom).isLessThanOrEqualTo(1);
            assertThat(cluster.nodes()).hasSize((int) ((total + 2) / 3));
        }

        @Test
        @DisplayName("should schedule a pod to an existing node unowned by Karpenter")
        void unownedNode() {
            // [K] suite_test.go: "should schedule a pod to an existing node unowned by Karpenter"
            cluster.node(ExistingNodeBuilder.node("unowned")
                    .resources(PodBuilder.quantities("cpu", "10", "memory", "10Gi", "pods", "110")));
            Pod pod = cluster.pod().requests("cpu", "10m").build();
            TestCluster.Round r = cluster.provision(pod);
            assertThat(r.nodeOf(pod).name()).isEqualTo("unowned");
            assertThat(r.newNodeCount()).isZero();
        }

        @Test
        @DisplayName("should schedule multiple pods to an existing node unowned by Karpenter")
        void unownedNodeMany() {
            // [K] suite_test.go: "should schedule multiple pods to an existing node unowned by Karpenter"
            cluster.node(ExistingNodeBuilder.node("unowned")
                    .resources(PodBuilder.quantities("cpu", "10", "memory", "10Gi", "pods", "110")));
            List<Pod> pods = cluster.pods(100, p -> p.requests("cpu", "10m"));
            TestCluster.Round r = cluster.provision(pods);
            assertThat(r.result.existingNodePods().get("unowned")).hasSize(100);
            assertThat(r.newNodeCount()).isZero();
        }

        @Test
        @DisplayName("should order initialized nodes for scheduling uninitialized nodes")
        void initializedFirst() {
            // [K] suite_test.go: "should order initialized nodes for scheduling uninitialized nodes"
            for (int i = 0; i < 20; i++) {
                cluster.node(ExistingNodeBuilder.node(String.format("node-%02d", i))
                        .resources(PodBuilder.quantities("cpu", "4", "memory", "4Gi", "pods", "10"))
                        .initialized(i == 13));
            }
            Pod pod = cluster.pod().requests("cpu", "10m").build();
            assertThat(cluster.provision(pod).nodeOf(pod).name()).isEqualTo("node-13");
        }

        @Test
        @DisplayName("should consider a pod incompatible with an existing node but compatible with NodePool")
        void incompatibleExistingCompatiblePool() {
            // [K] suite_test.go: "should consider a pod incompatible with an existing node but compatible with
            // NodePool"
            cluster.clearNodePools();
            cluster.node(ExistingNodeBuilder.node("no-zone")
                    .resources(PodBuilder.quantities("cpu", "10", "memory", "10Gi", "pods", "110")));
            Pod pod = cluster.pod().nodeRequirements(in(ZONE, ZONE_1)).build();
            TestCluster.Round r = cluster.provision(pod).expectNotScheduled(pod);
            assertThat(r.errorOf(pod)).contains("nodepool requirements filtered out all available instance types");
            cluster.nodePool(nodePool("default"));
            TestCluster.Round again = cluster.provision(pod);
            assertThat(again.nodeOf(pod).name()).isNotEqualTo("no-zone");
            assertThat(again.label(pod, ZONE)).isEqualTo(ZONE_1);
        }

        @Test
        @DisplayName("should assume pod will schedule to a tainted node with no taints")
        void taintsCleared() {
            // [K] suite_test.go: "should assume pod will schedule to a tainted node with no taints"
            Pod first = cluster.pod().requests("cpu", "8").build();
            ExistingNodeBuilder node = cluster.provision(first).nodeOf(first);
            cluster.deletePods(p -> true);
            node.initialized(true).clearTaints();
            Pod second = cluster.pod().requests("cpu", "8").build();
            assertThat(cluster.provision(second).nodeOf(second).name()).isEqualTo(node.name());
        }

        @Test
        @DisplayName(
                "should assume pod will schedule to a node with ephemeral taint node.kubernetes.io/not-ready:NoExecute when the node is uninitialized")
        void ephemeralTaintWhileUninitialized() {
            // [K] suite_test.go: "should assume pod will schedule to a tainted node with ephemeral taint
            // node.kubernetes.io/not-ready:NoExecute when the node is uninitialized"
            Pod first = cluster.pod().requests("cpu", "10m").build();
            ExistingNodeBuilder node = cluster.provision(first).nodeOf(first);
            node.taint(taint("node.kubernetes.io/not-ready", "", TaintEffect.NO_EXECUTE));
            Pod second = cluster.pod().requests("cpu", "10m").build();
            assertThat(cluster.provision(second).nodeOf(second).name()).isEqualTo(node.name());
            node.initialized(true);
            Pod third = cluster.pod().requests("cpu", "10m").build();
            assertThat(cluster.provision(third).nodeOf(third).name()).isNotEqualTo(node.name());
        }

        @Test
        @DisplayName("should not assume pod will schedule to a tainted node")
        void taintedInitialized() {
            // [K] suite_test.go: "should not assume pod will schedule to a tainted node"
            Pod first = cluster.pod().requests("cpu", "10m").build();
            ExistingNodeBuilder node = cluster.provision(first).nodeOf(first);
            node.initialized(true).taint(taint("foo.com/taint", "tainted", TaintEffect.NO_SCHEDULE));
            Pod second = cluster.pod().requests("cpu", "10m").build();
            assertThat(cluster.provision(second).nodeOf(second).name()).isNotEqualTo(node.name());
        }

        @Test
        @DisplayName("should assume pod will schedule to a tainted node with a custom startup taint")
        void startupTaintWhileUninitialized() {
            // [K] suite_test.go: "should assume pod will schedule to a tainted node with a custom startup taint"
            cluster.nodePool("default").startupTaint(taint("foo.com/taint", "tainted", TaintEffect.NO_SCHEDULE));
            Pod first = cluster.pod().requests("cpu", "10m").build();
            ExistingNodeBuilder node = cluster.provision(first).nodeOf(first);
            node.taint(taint("node.kubernetes.io/not-ready", "", TaintEffect.NO_SCHEDULE));
            Pod second = cluster.pod().requests("cpu", "10m").build();
            assertThat(cluster.provision(second).nodeOf(second).name()).isEqualTo(node.name());
        }

        @Test
        @DisplayName("should not assume pod will schedule to a node with startup taints after initialization")
        void startupTaintAfterInitialization() {
            // [K] suite_test.go: "should not assume pod will schedule to a node with startup taints after
            // initialization"
            cluster.nodePool("default").startupTaint(taint("foo.com/taint", "tainted", TaintEffect.NO_SCHEDULE));
            Pod first = cluster.pod().requests("cpu", "10m").build();
            ExistingNodeBuilder node = cluster.provision(first).nodeOf(first);
            node.initialized(true);
            Pod second = cluster.pod().requests("cpu", "10m").build();
            assertThat(cluster.provision(second).nodeOf(second).name()).isNotEqualTo(node.name());
        }

        @Test
        @DisplayName("should re-schedule pods from a deleting node when pods are active")
        void reschedulePodsOfDeletingNode() {
            // [K] suite_test.go: "should re-schedule pods from a deleting node when pods are active"
            Pod pod = cluster.pod().requests("cpu", "10m").build();
            ExistingNodeBuilder node = cluster.provision(pod).nodeOf(pod);
            node.markedForDeletion(true);
            Pod bound = node.pods().get(0);
            Pod daemon = PodBuilder.named("ds-pod")
                    .ownedByDaemonSet("ds")
                    .boundTo(node.name())
                    .build();
            Pod mirror = PodBuilder.named("static")
                    .ownedByNode(node.name())
                    .boundTo(node.name())
                    .build();
            assertThat(daemon.isOwnedByDaemonSet()).isTrue();
            assertThat(mirror.isMirror()).isTrue();
            TestCluster.Round r = cluster.provision(bound);
            assertThat(r.nodeOf(bound).name()).isNotEqualTo(node.name());
            assertThat(r.label(bound, TYPE)).isEqualTo("small-instance-type");
        }

        @Test
        @DisplayName("should ignore the unregistered taint of an in-flight node")
        void unregisteredTaint() {
            // [K] state node Taints() (no dedicated It): karpenter.sh/unregistered:NoExecute is a known ephemeral
            // taint of a node that has not registered yet
            Pod first = cluster.pod().requests("cpu", "10m").build();
            ExistingNodeBuilder node = cluster.provision(first).nodeOf(first);
            node.taint(Taint.UNREGISTERED);
            Pod second = cluster.pod().requests("cpu", "10m").build();
            assertThat(cluster.provision(second).nodeOf(second).name()).isEqualTo(node.name());
            node.initialized(true);
            Pod third = cluster.pod().requests("cpu", "10m").build();
            assertThat(cluster.provision(third).nodeOf(third).name()).isNotEqualTo(node.name());
        }

        @Test
        @DisplayName("should still count the pods of a node marked for deletion in topology")
        void deletingNodeCountsForTopology() {
            // [K] topology.go countDomains (no dedicated It): counted pods are every bound pod not being scheduled,
            // whatever the state of its node; the node itself takes no new pods
            Map<String, String> labels = Map.of("app", "web");
            cluster.nodePool("default").requirement(Requirement.in(ZONE, ZONE_1, ZONE_2));
            cluster.node(ExistingNodeBuilder.node("deleting")
                    .label(ZONE, ZONE_1)
                    .resources(PodBuilder.quantities("cpu", "4", "memory", "4Gi", "pods", "10"))
                    .markedForDeletion(true)
                    .pod(PodBuilder.named("web-0").labels(labels).build()));
            Pod pod = cluster.pod()
                    .labels(labels)
                    .spread(SchedulingFixtures.spread(ZONE, labels).build())
                    .build();
            TestCluster.Round r = cluster.provision(pod);
            assertThat(r.nodeOf(pod).name()).isNotEqualTo("deleting");
            assertThat(r.label(pod, ZONE)).isEqualTo(ZONE_2);
        }

        @Test
        @DisplayName("should handle unexpected daemonset pods binding to the node")
        void unexpectedDaemonSetPods() {
            // [K] suite_test.go: "should handle unexpected daemonset pods binding to the node"
            cluster.daemonSet(daemonSet(
                    "ds1",
                    PodBuilder.named("ds1")
                            .requests("cpu", "1", "memory", "1Gi")
                            .nodeSelector("my-node-label", "value")));
            cluster.daemonSet(daemonSet("ds2", PodBuilder.named("ds2").requests("cpu", "1m")));
            InstanceType arm = FakeInstanceTypes.defaults().get(4);
            ExistingNodeBuilder node =
                    ExistingNodeBuilder.node("arm-node").ofType(arm).label("my-node-label", "value");
            node.pod(PodBuilder.named("ds1-pod")
                    .requests("cpu", "1", "memory", "1Gi")
                    .ownedByDaemonSet("ds1")
                    .build());
            cluster.node(node);
            Pod pod = cluster.pod().requests("cpu", "15.5").build();
            assertThat(cluster.provision(pod).nodeOf(pod).name()).isNotEqualTo("arm-node");
        }
    }

    @Nested
    @DisplayName("error messages users see")
    class ErrorMessages {

        @Test
        @DisplayName("should hint at an m vs M typo for a CPU request of a million cores")
        void cpuTypo() {
            // [K] nodeclaim.go InstanceTypeFilterError (no dedicated It): "(CPU request >= 1 Million, m vs M typo?)"
            Pod pod = cluster.pod().requests("cpu", "1M").build();
            assertThat(cluster.provision(pod).errorOf(pod))
                    .contains("no instance type has enough resources (CPU request >= 1 Million, m vs M typo?)");
        }

        @Test
        @DisplayName("should suggest the well-known label a misspelled node selector key was meant to be")
        void labelTypo() {
            // [K] pkg/scheduling/requirements.go Compatible (no dedicated It): "does not have known values (typo of
            // ...?)"
            Pod pod = cluster.pod()
                    .nodeSelector("topology.kubernetes.io/zones", ZONE_1)
                    .build();
            assertThat(cluster.provision(pod).errorOf(pod))
                    .contains("label \"topology.kubernetes.io/zones\" does not have known values (typo of \"" + ZONE
                            + "\"?)");
        }

        @Test
        @DisplayName("should name the conflicting values of an incompatible requirement")
        void incompatibleValues() {
            // [K] pkg/scheduling/requirements.go Intersects (no dedicated It): "key <k>, <incoming> not in <existing>"
            cluster.nodePool("default").requirement(Requirement.in(Labels.CAPACITY_TYPE, "on-demand"));
            Pod pod = cluster.pod().nodeSelector(Labels.CAPACITY_TYPE, "spot").build();
            assertThat(cluster.provision(pod).errorOf(pod))
                    .contains("incompatible requirements, key karpenter.sh/capacity-type,")
                    .contains("not in");
        }

        @Test
        @DisplayName("should report the instance-type filter reason with the requirements and requested resources")
        void filterReason() {
            // [K] nodeclaim.go InstanceTypeFilterError (no dedicated It): the first matching reason wins and is
            // followed by ", requirements=..., resources=..."
            Pod pod = cluster.pod()
                    .nodeSelector(TYPE, "small-instance-type")
                    .requests("cpu", "3")
                    .build();
            String error = cluster.provision(pod).errorOf(pod);
            assertThat(error)
                    .contains(
                            "no instance type which had enough resources and the required offering met the scheduling requirements")
                    .contains("requirements=")
                    .contains("resources={cpu=3, pods=1}");
        }

        @Test
        @DisplayName("should explain an unsatisfiable topology spread with the domain counts")
        void topologyReason() {
            // [K] topology.go AddRequirements (no dedicated It): "unsatisfiable topology constraint for topology
            // spread, key=... (counts = ..., podDomains = ..., nodeDomains = ...)"
            cluster.nodePool("default").requirement(Requirement.in(ZONE, ZONE_1));
            Map<String, String> labels = Map.of("app", "web");
            cluster.node(ExistingNodeBuilder.node("full-zone-2")
                    .label(ZONE, ZONE_2)
                    .resources(PodBuilder.quantities("cpu", "1"))
                    .pod(PodBuilder.named("web-0").labels(labels).build()));
            List<Pod> pods = cluster.pods(
                    3,
                    p -> p.labels(labels)
                            .spread(SchedulingFixtures.spread(ZONE, labels).build()));
            TestCluster.Round r = cluster.provision(pods);
            assertThat(r.result.podsScheduled()).isEqualTo(2);
            assertThat(r.result.podErrors())
                    .singleElement()
                    .satisfies(e -> assertThat(e.reason())
                            .contains("unsatisfiable topology constraint for topology spread, key=" + ZONE)
                            .contains("counts = {" + ZONE_1 + "=2, " + ZONE_2 + "=1}"));
        }

        @Test
        @DisplayName("should report invalid numeric requirements instead of dropping the pod")
        void invalidPod() {
            // [K] provisioner.go Validate (no dedicated It): invalid pods are reported, never lost silently
            Pod pod = cluster.pod()
                    .nodeRequirements(new dev.fleetwright.core.api.corev1.NodeSelectorRequirement(
                            INTEGER, NodeSelectorOperator.GT, List.of("four"), null))
                    .build();
            assertThat(cluster.provision(pod).errorOf(pod)).startsWith("invalid scheduling constraints");
        }
    }

    @Nested
    @DisplayName("determinism")
    class Determinism {

        @Test
        @DisplayName("should give the same result for the same input twice")
        void sameInputSameResult() {
            // Fleetwright: every tie Karpenter breaks randomly is broken by domain name, creation order or type name
            cluster.nodePool(nodePool("spot")
                    .weight(5)
                    .requirement(Requirement.in(Labels.CAPACITY_TYPE, "spot"))
                    .instanceTypes(FakeInstanceTypes.incrementing(6)));
            List<Pod> pods = new ArrayList<>();
            pods.addAll(cluster.pods(
                    7,
                    p -> p.label("app", "web")
                            .requests("cpu", "500m")
                            .spread(SchedulingFixtures.spread(ZONE, Map.of("app", "web"))
                                    .build())));
            pods.addAll(cluster.pods(
                    5,
                    p -> p.label("app", "db")
                            .requests("cpu", "1")
                            .podAntiAffinity(term(Labels.HOSTNAME, Map.of("app", "db")))));
            pods.addAll(cluster.pods(
                    4,
                    p -> p.label("app", "cache")
                            .requests("cpu", "250m")
                            .podAffinity(term(ZONE, Map.of("app", "cache")))));
            pods.addAll(cluster.pods(
                    6, p -> p.requests("cpu", "1", "memory", "1Gi").preferred(10, in(ZONE, ZONE_3))));
            Scheduler scheduler = cluster.scheduler();
            SchedulingResult first = scheduler.solve(pods);
            SchedulingResult second = cluster.scheduler().solve(pods);
            assertThat(first.podErrors()).isEmpty();
            assertThat(first.newNodeClaims()).hasSizeGreaterThan(3);
            assertThat(describe(second)).isEqualTo(describe(first));
            List<Pod> reversed = new ArrayList<>(pods);
            java.util.Collections.reverse(reversed);
            assertThat(describe(scheduler.solve(reversed)))
                    .as("pods are queued by size, then creation time, so input order does not matter")
                    .isEqualTo(describe(first));
        }

        private List<String> describe(SchedulingResult r) {
            List<String> out = new ArrayList<>();
            for (PlannedNodeClaim c : r.newNodeClaims()) {
                out.add(c.nodePoolName() + " " + c.requirements() + " "
                        + c.instanceTypes().stream().map(InstanceType::name).toList() + " "
                        + c.pods().stream().map(Pod::key).toList());
            }
            r.existingNodePods().forEach((n, pods) -> out.add(n + " " + pods));
            r.podErrors().forEach(e -> out.add(e.pod().key() + ": " + e.reason()));
            return out;
        }
    }
}
