package dev.fleetwright.core.scheduling;

import static dev.fleetwright.core.scheduling.FakeInstanceTypes.ZONE_1;
import static dev.fleetwright.core.scheduling.FakeInstanceTypes.ZONE_2;
import static dev.fleetwright.core.scheduling.FakeInstanceTypes.ZONE_3;
import static dev.fleetwright.core.scheduling.NodePoolBuilder.nodePool;
import static dev.fleetwright.core.scheduling.SchedulingFixtures.in;
import static dev.fleetwright.core.scheduling.SchedulingFixtures.spread;
import static dev.fleetwright.core.scheduling.SchedulingFixtures.taint;
import static dev.fleetwright.core.scheduling.SchedulingFixtures.term;
import static dev.fleetwright.core.scheduling.SchedulingFixtures.tolerateEqual;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.corev1.LabelSelector;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.PodAffinityTerm;
import dev.fleetwright.core.api.corev1.TaintEffect;
import dev.fleetwright.core.api.corev1.TopologySpreadConstraint;
import dev.fleetwright.core.api.corev1.TopologySpreadConstraint.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Karpenter's topology suite ([K] pkg/controllers/provisioning/scheduling/topology_test.go, plus the in-flight
 * topology cases of suite_test.go) ported as executable specifications of {@link Scheduler}: topology spread on zone,
 * hostname, capacity type and custom labels, node inclusion policies, pod affinity and pod anti-affinity (inverse
 * included). Skews are pod counts per domain, in any order, like Karpenter's {@code ExpectSkew(...).To(ConsistOf(...))}.
 */
class KarpenterTopologyTest {

    private static final String ZONE = Labels.TOPOLOGY_ZONE;
    private static final String HOST = Labels.HOSTNAME;
    private static final String CT = Labels.CAPACITY_TYPE;
    private static final Map<String, String> LABELS = Map.of("test", "test");
    private static final Map<String, String> S2 = Map.of("security", "s2");

    private final TestCluster cluster = TestCluster.withDefaultNodePool();

    private static TopologySpreadConstraint zoneSpread() {
        return spread(ZONE, LABELS).build();
    }

    private List<Pod> spreadPods(int count, TopologySpreadConstraint c, String... requests) {
        return cluster.pods(count, p -> p.labels(LABELS).spread(c).requests(requests));
    }

    private List<Integer> skew(String key) {
        return cluster.skew(key, LABELS);
    }

    /** Max minus min pod count over the domains that hold pods (Karpenter's {@code ExpectMaxSkew}). */
    private int maxSkew(String key) {
        List<Integer> counts = skew(key);
        return counts.stream().mapToInt(Integer::intValue).max().orElse(0)
                - counts.stream().mapToInt(Integer::intValue).min().orElse(0);
    }

    @Nested
    @DisplayName("topology spread: zone")
    class Zonal {

        @Test
        @DisplayName("should ignore unknown topology keys")
        void unknownKey() {
            // [K] topology_test.go: "should ignore unknown topology keys"
            Pod spreadOnUnknown = cluster.pod()
                    .labels(LABELS)
                    .spread(spread("unknown", LABELS).build())
                    .build();
            Pod plain = cluster.pod().build();
            cluster.provision(spreadOnUnknown, plain)
                    .expectNotScheduled(spreadOnUnknown)
                    .expectScheduled(plain);
        }

        @Test
        @DisplayName("should not spread when a nil label selector is defined")
        void nilSelector() {
            // [K] topology_test.go: "should not spread when a nil label selector is defined"
            TopologySpreadConstraint c = spread(ZONE, LABELS).nilSelector().build();
            cluster.provision(spreadPods(2, c));
            assertThat(skew(ZONE)).containsExactly(2);
        }

        @Test
        @DisplayName("should balance pods across zones (match labels)")
        void matchLabels() {
            // [K] topology_test.go: "should balance pods across zones (match labels)"
            cluster.provision(spreadPods(4, zoneSpread()));
            assertThat(skew(ZONE)).containsExactlyInAnyOrder(1, 1, 2);
        }

        @Test
        @DisplayName("should balance pods across zones (match expressions)")
        void matchExpressions() {
            // [K] topology_test.go: "should balance pods across zones (match expressions)"
            LabelSelector selector = new LabelSelector(
                    Map.of(),
                    List.of(new LabelSelector.Requirement("test", LabelSelector.Operator.IN, Set.of("test"))));
            TopologySpreadConstraint c = TopologySpreadConstraint.of(
                    1, ZONE, TopologySpreadConstraint.WhenUnsatisfiable.DO_NOT_SCHEDULE, selector);
            cluster.provision(spreadPods(4, c));
            assertThat(skew(ZONE)).containsExactlyInAnyOrder(1, 1, 2);
        }

        @Test
        @DisplayName("should respect NodePool zonal constraints")
        void nodePoolZones() {
            // [K] topology_test.go: "should respect NodePool zonal constraints"
            cluster.nodePool("default").requirement(Requirement.in(ZONE, ZONE_1, ZONE_2, ZONE_3));
            cluster.provision(spreadPods(4, zoneSpread()));
            assertThat(skew(ZONE)).containsExactlyInAnyOrder(1, 1, 2);
        }

        @Test
        @DisplayName("should respect NodePool zonal constraints (subset) with requirements")
        void nodePoolZoneSubset() {
            // [K] topology_test.go: "should respect NodePool zonal constraints (subset) with requirements"
            cluster.nodePool("default").requirement(Requirement.in(ZONE, ZONE_1, ZONE_2));
            cluster.provision(spreadPods(4, zoneSpread()));
            assertThat(skew(ZONE)).containsExactlyInAnyOrder(2, 2);
        }

        @Test
        @DisplayName("should respect NodePool zonal constraints (subset) with labels")
        void nodePoolZoneLabel() {
            // [K] topology_test.go: "should respect NodePool zonal constraints (subset) with labels"
            cluster.nodePool("default").label(ZONE, ZONE_1);
            cluster.provision(spreadPods(4, zoneSpread()));
            assertThat(skew(ZONE)).containsExactly(4);
        }

        @Test
        @DisplayName("should respect NodePool zonal constraints (subset) with labels across NodePools")
        void zoneLabelsAcrossNodePools() {
            // [K] topology_test.go: "should respect NodePool zonal constraints (subset) with labels across NodePools"
            cluster.nodePool("default")
                    .requirement(Requirement.in(ZONE, ZONE_1, ZONE_2))
                    .label(ZONE, ZONE_1);
            cluster.nodePool(nodePool("second").label(ZONE, ZONE_2));
            cluster.provision(spreadPods(4, zoneSpread()));
            assertThat(skew(ZONE)).containsExactlyInAnyOrder(2, 2);
        }

        @Test
        @DisplayName("should respect NodePool zonal constraints (existing pod)")
        void existingPod() {
            // [K] topology_test.go: "should respect NodePool zonal constraints (existing pod)"
            Pod first = cluster.pod()
                    .labels(LABELS)
                    .requests("cpu", "1.1")
                    .nodeSelector(ZONE, ZONE_3)
                    .build();
            cluster.provision(first).expectScheduled(first);
            cluster.nodePool("default").requirement(Requirement.in(ZONE, ZONE_1, ZONE_2));
            TestCluster.Round r = cluster.provision(spreadPods(6, zoneSpread(), "cpu", "1.1"));
            assertThat(skew(ZONE)).containsExactlyInAnyOrder(1, 2, 2);
            assertThat(r.result.podErrors()).hasSize(2);
        }

        @Test
        @DisplayName("should schedule to the non-minimum domain if its all that's available")
        void nonMinimumDomain() {
            // [K] topology_test.go: "should schedule to the non-minimum domain if its all that's available"
            TopologySpreadConstraint c = spread(ZONE, LABELS).maxSkew(5).build();
            cluster.nodePool("default").requirement(Requirement.in(ZONE, ZONE_1));
            cluster.provision(spreadPods(1, c, "cpu", "1.1"));
            cluster.nodePool(nodePool("default").requirement(Requirement.in(ZONE, ZONE_2)));
            cluster.provision(spreadPods(1, c, "cpu", "1.1"));
            assertThat(skew(ZONE)).containsExactlyInAnyOrder(1, 1);
            cluster.nodePool(nodePool("default").requirement(Requirement.in(ZONE, ZONE_3)));
            cluster.provision(spreadPods(10, c, "cpu", "1.1"));
            assertThat(skew(ZONE)).containsExactlyInAnyOrder(1, 1, 6);
        }

        @Test
        @DisplayName("should only schedule to minimum domains if already violating max skew")
        void onlyMinimumDomains() {
            // [K] topology_test.go: "should only schedule to minimum domains if already violating max skew"
            cluster.provision(spreadPods(9, zoneSpread(), "cpu", "1.1"));
            assertThat(skew(ZONE)).containsExactlyInAnyOrder(3, 3, 3);
            for (ExistingNodeBuilder n : cluster.nodes()) {
                if (!ZONE_1.equals(n.labels().get(ZONE))) {
                    n.removePods(p -> true);
                }
            }
            assertThat(skew(ZONE)).containsExactly(3);
            cluster.provision(spreadPods(3, zoneSpread(), "cpu", "1.1"));
            assertThat(skew(ZONE)).containsExactlyInAnyOrder(3, 1, 2);
        }

        @Test
        @DisplayName("should not violate max-skew when unsat = do not schedule")
        void doNotSchedule() {
            // [K] topology_test.go: "should not violate max-skew when unsat = do not schedule"
            cluster.nodePool("default").requirement(Requirement.in(ZONE, ZONE_1));
            cluster.provision(spreadPods(1, zoneSpread(), "cpu", "1.1"));
            cluster.nodePool(nodePool("default").requirement(Requirement.in(ZONE, ZONE_2, ZONE_3)));
            cluster.provision(spreadPods(10, zoneSpread(), "cpu", "1.1"));
            assertThat(skew(ZONE)).containsExactlyInAnyOrder(1, 2, 2);
        }

        @Test
        @DisplayName("should not violate max-skew when unsat = do not schedule (discover domains)")
        void doNotScheduleDiscoverDomains() {
            // [K] topology_test.go: "should not violate max-skew when unsat = do not schedule (discover domains)"
            cluster.nodePool("default").requirement(Requirement.in(ZONE, ZONE_1));
            cluster.provision(
                    cluster.pod().labels(LABELS).requests("cpu", "1.1").build());
            cluster.nodePool(nodePool("default").requirement(Requirement.in(ZONE, ZONE_2, ZONE_3)));
            cluster.provision(spreadPods(10, zoneSpread(), "cpu", "1.1"));
            assertThat(skew(ZONE)).containsExactlyInAnyOrder(1, 2, 2);
        }

        @Test
        @DisplayName(
                "should only count running/scheduled pods with matching labels scheduled to nodes with a corresponding domain")
        void countsOnlyRelevantPods() {
            // [K] topology_test.go: "should only count running/scheduled pods with matching labels scheduled to nodes
            // with a corresponding domain"
            ExistingNodeBuilder first = ExistingNodeBuilder.node("first").label(ZONE, ZONE_1);
            ExistingNodeBuilder second = ExistingNodeBuilder.node("second").label(ZONE, ZONE_2);
            ExistingNodeBuilder third = ExistingNodeBuilder.node("third");
            first.pod(cluster.pod().build()); // ignored, missing labels
            third.pod(cluster.pod().labels(LABELS).build()); // ignored, no domain on node
            first.pod(cluster.pod().labels(LABELS).namespace("wrong").build()); // ignored, wrong namespace
            first.pod(cluster.pod().labels(LABELS).terminating().build()); // ignored, terminating
            first.pod(cluster.pod()
                    .labels(LABELS)
                    .boundTo("first")
                    .phase("Failed")
                    .build()); // ignored, Failed
            first.pod(cluster.pod()
                    .labels(LABELS)
                    .boundTo("first")
                    .phase("Succeeded")
                    .build()); // ignored
            first.pod(cluster.pod().labels(LABELS).build());
            first.pod(cluster.pod().labels(LABELS).build());
            second.pod(cluster.pod().labels(LABELS).build());
            cluster.node(first).node(second).node(third);
            TestCluster.Round r = cluster.provision(spreadPods(2, zoneSpread()));
            assertThat(r.result.podErrors()).isEmpty();
            assertThat(skew(ZONE)).containsExactlyInAnyOrder(2, 2, 1);
        }

        @Test
        @DisplayName("should handle interdependent selectors")
        void interdependentSelectors() {
            // [K] topology_test.go: "should handle interdependent selectors"
            List<Pod> pods = cluster.pods(5, p -> p.spread(spread(HOST, LABELS).build()));
            assertThat(cluster.provision(pods).distinctNodes(pods)).isEqualTo(1);
        }

        @Test
        @DisplayName("should respect minDomains constraints")
        void minDomains() {
            // [K] topology_test.go: "should respect minDomains constraints"
            cluster.nodePool("default").requirement(Requirement.in(ZONE, ZONE_1, ZONE_2));
            cluster.provision(spreadPods(3, spread(ZONE, LABELS).minDomains(3).build()));
            assertThat(skew(ZONE)).containsExactlyInAnyOrder(1, 1);
        }

        @Test
        @DisplayName("satisfied minDomains constraints (equal) should allow expected pod scheduling")
        void minDomainsEqual() {
            // [K] topology_test.go: "satisfied minDomains constraints (equal) should allow expected pod scheduling"
            cluster.nodePool("default").requirement(Requirement.in(ZONE, ZONE_1, ZONE_2, ZONE_3));
            cluster.provision(spreadPods(11, spread(ZONE, LABELS).minDomains(3).build()));
            assertThat(skew(ZONE)).containsExactlyInAnyOrder(4, 4, 3);
        }

        @Test
        @DisplayName("satisfied minDomains constraints (greater than minimum) should allow expected pod scheduling")
        void minDomainsGreater() {
            // [K] topology_test.go: "satisfied minDomains constraints (greater than minimum) should allow expected pod
            // scheduling"
            cluster.nodePool("default").requirement(Requirement.in(ZONE, ZONE_1, ZONE_2, ZONE_3));
            cluster.provision(spreadPods(11, spread(ZONE, LABELS).minDomains(2).build()));
            assertThat(skew(ZONE)).containsExactlyInAnyOrder(4, 4, 3);
        }

        @Test
        @DisplayName("should limit spread options by nodeSelector")
        void limitByNodeSelector() {
            // [K] topology_test.go: "should limit spread options by nodeSelector"
            List<Pod> pods = new ArrayList<>();
            pods.addAll(
                    cluster.pods(5, p -> p.labels(LABELS).spread(zoneSpread()).nodeSelector(ZONE, ZONE_1)));
            pods.addAll(
                    cluster.pods(10, p -> p.labels(LABELS).spread(zoneSpread()).nodeSelector(ZONE, ZONE_2)));
            cluster.provision(pods).expectScheduled(pods);
            assertThat(skew(ZONE)).containsExactlyInAnyOrder(5, 10);
        }

        @Test
        @DisplayName("should limit spread options by node requirements")
        void limitByRequirements() {
            // [K] topology_test.go: "should limit spread options by node requirements"
            cluster.provision(cluster.pods(
                    10, p -> p.labels(LABELS).spread(zoneSpread()).nodeRequirements(in(ZONE, ZONE_1, ZONE_2))));
            assertThat(skew(ZONE)).containsExactlyInAnyOrder(5, 5);
        }

        @Test
        @DisplayName("should limit spread options by required node affinity")
        void limitByRequiredAffinity() {
            // [K] topology_test.go: "should limit spread options by required node affinity"
            cluster.provision(cluster.pods(
                    6, p -> p.labels(LABELS).spread(zoneSpread()).nodeRequirements(in(ZONE, ZONE_1, ZONE_2))));
            assertThat(skew(ZONE)).containsExactlyInAnyOrder(3, 3);
            cluster.provision(cluster.pods(
                    1, p -> p.labels(LABELS).spread(zoneSpread()).nodeRequirements(in(ZONE, ZONE_2, ZONE_3))));
            assertThat(skew(ZONE)).containsExactlyInAnyOrder(3, 3, 1);
            cluster.provision(spreadPods(5, zoneSpread()));
            assertThat(skew(ZONE)).containsExactlyInAnyOrder(4, 4, 4);
        }

        @Test
        @DisplayName("should not limit spread options by preferred node affinity")
        void notLimitedByPreferredAffinity() {
            // [K] topology_test.go: "should not limit spread options by preferred node affinity"
            cluster.provision(cluster.pods(
                    6, p -> p.labels(LABELS).spread(zoneSpread()).preferred(10, in(ZONE, ZONE_1, ZONE_2))));
            assertThat(skew(ZONE)).containsExactlyInAnyOrder(2, 2, 2);
        }

        @Test
        @DisplayName("should balance pods across zones with in-flight nodes")
        void inFlightZones() {
            // [K] suite_test.go: "should balance pods across zones with in-flight nodes"
            cluster.provision(spreadPods(4, zoneSpread()));
            assertThat(skew(ZONE)).containsExactlyInAnyOrder(1, 1, 2);
            int nodes = cluster.nodes().size();
            TestCluster.Round r = cluster.provision(spreadPods(5, zoneSpread()));
            assertThat(skew(ZONE)).containsExactlyInAnyOrder(3, 3, 3);
            assertThat(r.newNodeCount()).isZero();
            assertThat(cluster.nodes()).hasSize(nodes);
        }

        @Test
        @DisplayName("should spread pods while respecting both constraints")
        void zoneAndScheduleAnywayHostname() {
            // [K] topology_test.go: "should spread pods while respecting both constraints" (zone DoNotSchedule with
            // hostname ScheduleAnyway): test-zone-3 comes from a NodePool that cannot launch (cpu limit 0), so zones 1
            // and 2 take one pod each and relaxing the ScheduleAnyway hostname spread does not help the others
            cluster.nodePool("default").requirement(Requirement.in(ZONE, ZONE_1, ZONE_2));
            cluster.nodePool(
                    nodePool("zone-3").requirement(Requirement.in(ZONE, ZONE_3)).limit("cpu", "0"));
            TopologySpreadConstraint host =
                    spread(HOST, LABELS).scheduleAnyway().build();
            List<Pod> pods =
                    cluster.pods(10, p -> p.labels(LABELS).spread(zoneSpread()).spread(host));
            TestCluster.Round r = cluster.provision(pods);
            assertThat(skew(ZONE)).containsExactlyInAnyOrder(1, 1);
            assertThat(skew(HOST)).containsExactlyInAnyOrder(1, 1);
            assertThat(r.result.podErrors()).hasSize(8);
        }

        @Test
        @DisplayName("should balance pods across NodePool requirements")
        void acrossNodePoolRequirements() {
            // [K] topology_test.go: "should balance pods across NodePool requirements"
            String key = "capacity.spread.4-1";
            cluster.clearNodePools()
                    .nodePool(nodePool("spot")
                            .requirement(Requirement.in(CT, "spot"))
                            .requirement(Requirement.in(key, "2", "3", "4", "5")))
                    .nodePool(nodePool("on-demand")
                            .requirement(Requirement.in(CT, "on-demand"))
                            .requirement(Requirement.in(key, "1")));
            List<Pod> pods = spreadPods(20, spread(key, LABELS).build());
            cluster.provision(pods).expectScheduled(pods);
            assertThat(skew(key)).containsExactly(4, 4, 4, 4, 4);
            assertThat(skew(CT)).containsExactlyInAnyOrder(4, 16);
        }
    }

    @Nested
    @DisplayName("topology spread: hostname")
    class Hostname {

        @Test
        @DisplayName("should balance pods across nodes")
        void acrossNodes() {
            // [K] topology_test.go: "should balance pods across nodes"
            cluster.provision(spreadPods(4, spread(HOST, LABELS).build()));
            assertThat(skew(HOST)).containsExactly(1, 1, 1, 1);
        }

        @Test
        @DisplayName("should balance pods on the same hostname up to maxskew")
        void upToMaxSkew() {
            // [K] topology_test.go: "should balance pods on the same hostname up to maxskew"
            cluster.provision(spreadPods(4, spread(HOST, LABELS).maxSkew(4).build()));
            assertThat(skew(HOST)).containsExactly(4);
        }

        @Test
        @DisplayName("balance multiple deployments with hostname topology spread")
        void multipleDeployments() {
            // [K] topology_test.go: "balance multiple deployments with hostname topology spread"
            List<Pod> pods = new ArrayList<>();
            for (String app : List.of("app1", "app1", "app2", "app2")) {
                pods.add(cluster.pod()
                        .label("app", app)
                        .spread(spread(HOST, Map.of("app", app)).build())
                        .build());
            }
            TestCluster.Round r = cluster.provision(pods).expectScheduled(pods);
            assertThat(r.newNodeCount()).isEqualTo(2);
        }

        @Test
        @DisplayName("balance multiple deployments with hostname topology spread & varying arch")
        void multipleDeploymentsArch() {
            // [K] topology_test.go: "balance multiple deployments with hostname topology spread & varying arch"
            List<Pod> pods = new ArrayList<>();
            String[][] specs = {{"app1", "amd64"}, {"app1", "amd64"}, {"app2", "arm64"}, {"app2", "arm64"}};
            for (String[] s : specs) {
                pods.add(cluster.pod()
                        .label("app", s[0])
                        .nodeRequirements(in(Labels.ARCH, s[1]))
                        .spread(spread(HOST, Map.of("app", s[0])).build())
                        .build());
            }
            TestCluster.Round r = cluster.provision(pods).expectScheduled(pods);
            assertThat(r.newNodeCount()).isEqualTo(4);
        }

        @Test
        @DisplayName("should balance pods across hostnames with in-flight nodes")
        void inFlightHostnames() {
            // [K] suite_test.go: "should balance pods across hostnames with in-flight nodes"
            TopologySpreadConstraint c = spread(HOST, LABELS).build();
            cluster.provision(spreadPods(4, c));
            assertThat(skew(HOST)).containsExactly(1, 1, 1, 1);
            cluster.provision(spreadPods(5, c));
            assertThat(skew(HOST)).containsExactly(1, 1, 1, 1, 1, 1, 1, 1, 1);
        }

        @Test
        @DisplayName("should support matchLabelKeys")
        void matchLabelKeys() {
            // [K] topology_test.go: "should support matchLabelKeys"
            TopologySpreadConstraint c =
                    spread(HOST, LABELS).matchLabelKeys("test-label").build();
            List<Pod> pods = new ArrayList<>();
            pods.addAll(cluster.pods(
                    2, p -> p.labels(LABELS).label("test-label", "value-a").spread(c)));
            pods.addAll(cluster.pods(
                    2, p -> p.labels(LABELS).label("test-label", "value-b").spread(c)));
            cluster.provision(pods).expectScheduled(pods);
            assertThat(skew(HOST)).containsExactly(2, 2);
        }

        @Test
        @DisplayName("should ignore unknown labels specified in matchLabelKeys")
        void unknownMatchLabelKeys() {
            // [K] topology_test.go: "should ignore unknown labels specified in matchLabelKeys"
            cluster.provision(spreadPods(
                    4, spread(HOST, LABELS).matchLabelKeys("test-label").build()));
            assertThat(skew(HOST)).containsExactly(1, 1, 1, 1);
        }

        @Test
        @DisplayName("should spread pods while respecting both constraints (hostname and zonal)")
        void hostnameAndZonal() {
            // [K] topology_test.go: "should spread pods while respecting both constraints (hostname and zonal)"
            TopologySpreadConstraint zone = zoneSpread();
            TopologySpreadConstraint host = spread(HOST, LABELS).maxSkew(3).build();
            int[] batches = {2, 3, 5, 11};
            List<List<Integer>> expected = List.of(List.of(1, 1), List.of(1, 2, 2), List.of(3, 3, 4), List.of(7, 7, 7));
            for (int i = 0; i < batches.length; i++) {
                cluster.provision(cluster.pods(
                        batches[i], p -> p.labels(LABELS).spread(zone).spread(host)));
                assertThat(skew(ZONE)).containsExactlyInAnyOrderElementsOf(expected.get(i));
                assertThat(skew(HOST)).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(3));
            }
        }
    }

    @Nested
    @DisplayName("topology spread: capacity type, arch and custom labels")
    class OtherKeys {

        @Test
        @DisplayName("should balance pods across capacity types")
        void capacityTypes() {
            // [K] topology_test.go: "should balance pods across capacity types"
            cluster.provision(spreadPods(4, spread(CT, LABELS).build()));
            assertThat(skew(CT)).containsExactly(2, 2);
        }

        @Test
        @DisplayName("should not violate max-skew when unsat = do not schedule (capacity type)")
        void capacityTypeDoNotSchedule() {
            // [K] topology_test.go: "should not violate max-skew when unsat = do not schedule (capacity type)"
            TopologySpreadConstraint c = spread(CT, LABELS).build();
            cluster.nodePool("default").requirement(Requirement.in(CT, "spot"));
            cluster.provision(spreadPods(1, c, "cpu", "1.1"));
            cluster.nodePool(nodePool("default").requirement(Requirement.in(CT, "on-demand")));
            cluster.provision(spreadPods(5, c, "cpu", "1.1"));
            assertThat(skew(CT)).containsExactlyInAnyOrder(1, 2);
        }

        @Test
        @DisplayName("should violate max-skew when unsat = schedule anyway (capacity type)")
        void capacityTypeScheduleAnyway() {
            // [K] topology_test.go: "should violate max-skew when unsat = schedule anyway (capacity type)"
            TopologySpreadConstraint c = spread(CT, LABELS).scheduleAnyway().build();
            cluster.nodePool("default").requirement(Requirement.in(CT, "spot"));
            cluster.provision(spreadPods(1, c, "cpu", "1.1"));
            cluster.nodePool(nodePool("default").requirement(Requirement.in(CT, "on-demand")));
            cluster.provision(spreadPods(5, c, "cpu", "1.1"));
            assertThat(skew(CT)).containsExactlyInAnyOrder(1, 5);
        }

        @Test
        @DisplayName("should spread pods while respecting both constraints (capacity type and hostname)")
        void capacityTypeAndHostname() {
            // [K] topology_test.go: "should spread pods while respecting both constraints" (capacity type maxSkew 1
            // with hostname maxSkew 3, in batches)
            TopologySpreadConstraint ct = spread(CT, LABELS).build();
            TopologySpreadConstraint host = spread(HOST, LABELS).maxSkew(3).build();
            int[] batches = {2, 3, 5, 11};
            List<List<Integer>> expected = List.of(List.of(1, 1), List.of(3, 2), List.of(5, 5), List.of(11, 10));
            for (int i = 0; i < batches.length; i++) {
                cluster.provision(cluster.pods(
                        batches[i], p -> p.labels(LABELS).spread(ct).spread(host)));
                assertThat(skew(CT)).containsExactlyInAnyOrderElementsOf(expected.get(i));
                assertThat(skew(HOST)).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(3));
            }
        }

        @Test
        @DisplayName("should spread pods while respecting all constraints")
        void allConstraints() {
            // [K] topology_test.go: "should spread pods while respecting all constraints" (assorted instance types,
            // one offering each; capacity type maxSkew 1, zone maxSkew 2, hostname maxSkew 3; batches of 1..14)
            cluster.nodePool("default").instanceTypes(FakeInstanceTypes.assorted());
            TopologySpreadConstraint ct = spread(CT, LABELS).build();
            TopologySpreadConstraint zone = spread(ZONE, LABELS).maxSkew(2).build();
            TopologySpreadConstraint host = spread(HOST, LABELS).maxSkew(3).build();
            for (int i = 1; i < 15; i++) {
                List<Pod> pods = cluster.pods(
                        i, p -> p.labels(LABELS).spread(ct).spread(zone).spread(host));
                cluster.provision(pods).expectScheduled(pods);
                assertThat(maxSkew(CT)).isLessThanOrEqualTo(1);
                assertThat(maxSkew(ZONE)).isLessThanOrEqualTo(2);
                assertThat(maxSkew(HOST)).isLessThanOrEqualTo(3);
            }
            assertThat(skew(CT)).hasSize(2);
            assertThat(skew(ZONE)).hasSize(3);
        }

        @Test
        @DisplayName("should balance pods across capacity-types (no constraints)")
        void capacityTypesExistingNode() {
            // [K] topology_test.go: "should balance pods across capacity-types (no constraints)"
            Pod onDemand = cluster.pod()
                    .labels(LABELS)
                    .nodeSelector(Labels.INSTANCE_TYPE, "single-pod-instance-type")
                    .nodeRequirements(in(CT, "on-demand"))
                    .build();
            cluster.provision(onDemand).expectScheduled(onDemand);
            cluster.nodePool(nodePool("default").requirement(Requirement.in(CT, "spot")));
            cluster.provision(spreadPods(5, spread(CT, LABELS).build(), "cpu", "2"));
            assertThat(skew(CT)).containsExactlyInAnyOrder(1, 2);
        }

        @Test
        @DisplayName("should balance pods across capacity-types (node required affinity constrained)")
        void capacityTypesAffinityConstrained() {
            // [K] topology_test.go: "should balance pods across capacity-types (node required affinity constrained)"
            Pod onDemand = cluster.pod()
                    .labels(LABELS)
                    .nodeSelector(Labels.INSTANCE_TYPE, "single-pod-instance-type")
                    .nodeRequirements(in(CT, "on-demand"), in(ZONE, ZONE_1))
                    .build();
            cluster.provision(onDemand).expectScheduled(onDemand);
            cluster.provision(cluster.pods(
                    5,
                    p -> p.labels(LABELS)
                            .spread(spread(CT, LABELS).build())
                            .nodeRequirements(in(ZONE, ZONE_2), in(CT, "spot"))));
            assertThat(skew(CT)).containsExactlyInAnyOrder(1, 5);
        }

        @Test
        @DisplayName("should balance pods across arch (no constraints)")
        void arch() {
            // [K] topology_test.go: "should balance pods across arch (no constraints)"
            Pod amd = cluster.pod()
                    .labels(LABELS)
                    .requests("cpu", "2")
                    .nodeRequirements(in(Labels.ARCH, "amd64"))
                    .build();
            cluster.provision(amd).expectScheduled(amd);
            cluster.nodePool(nodePool("default").requirement(Requirement.in(Labels.ARCH, "arm64")));
            cluster.provision(spreadPods(5, spread(Labels.ARCH, LABELS).build(), "cpu", "2"));
            assertThat(skew(Labels.ARCH)).containsExactlyInAnyOrder(1, 2);
        }

        @Test
        @DisplayName("should limit spread options by node affinity (capacity type)")
        void capacityTypeLimitedByAffinity() {
            // [K] topology_test.go: "should limit spread options by node affinity (capacity type)"
            TopologySpreadConstraint c = spread(CT, LABELS).scheduleAnyway().build();
            cluster.provision(cluster.pods(3, p -> p.labels(LABELS).spread(c).nodeRequirements(in(CT, "spot"))));
            assertThat(skew(CT)).containsExactly(3);
            cluster.provision(
                    cluster.pods(1, p -> p.labels(LABELS).spread(c).nodeRequirements(in(CT, "spot", "on-demand"))));
            assertThat(skew(CT)).containsExactlyInAnyOrder(3, 1);
            cluster.provision(spreadPods(5, c));
            assertThat(skew(CT)).containsExactlyInAnyOrder(5, 4);
        }
    }

    @Nested
    @DisplayName("topology spread: nodeTaintsPolicy and nodeAffinityPolicy")
    class InclusionPolicies {

        private static final String SPREAD_LABEL = "fake-label";

        private void taintedNodes() {
            for (String value : List.of("foo", "bar")) {
                cluster.node(ExistingNodeBuilder.node("node-" + value)
                        .label(SPREAD_LABEL, value)
                        .taint(taint("taintname", "taintvalue", TaintEffect.NO_SCHEDULE))
                        .resources(PodBuilder.quantities("cpu", "100m")));
            }
            cluster.nodePool("default").label(SPREAD_LABEL, "baz");
        }

        @Test
        @DisplayName("should balance pods across a label (NodeTaintsPolicy=ignore)")
        void taintsIgnore() {
            // [K] topology_test.go: "should balance pods across a label (NodeTaintsPolicy=ignore)"
            taintedNodes();
            TopologySpreadConstraint c =
                    spread(SPREAD_LABEL, LABELS).nodeTaintsPolicy(Policy.IGNORE).build();
            cluster.provision(spreadPods(5, c, "cpu", "1"));
            assertThat(skew(SPREAD_LABEL)).containsExactly(1);
        }

        @Test
        @DisplayName("should balance pods across a label (NodeTaintsPolicy=honor)")
        void taintsHonor() {
            // [K] topology_test.go: "should balance pods across a label (NodeTaintsPolicy=honor)"
            taintedNodes();
            TopologySpreadConstraint c =
                    spread(SPREAD_LABEL, LABELS).nodeTaintsPolicy(Policy.HONOR).build();
            cluster.provision(spreadPods(5, c, "cpu", "1"));
            assertThat(skew(SPREAD_LABEL)).containsExactly(5);
        }

        private void taintedNodePool() {
            cluster.nodePool("default").requirement(Requirement.in(SPREAD_LABEL, "foo"));
            cluster.nodePool(nodePool("tainted")
                    .taint(taint("taint-key", "taint-value", TaintEffect.NO_SCHEDULE))
                    .requirement(Requirement.in(SPREAD_LABEL, "bar")));
        }

        @Test
        @DisplayName("should balance pods across a label when discovered from the nodepool (NodeTaintsPolicy=ignore)")
        void discoveredIgnore() {
            // [K] topology_test.go: "should balance pods across a label when discovered from the nodepool
            // (NodeTaintsPolicy=ignore)"
            taintedNodePool();
            cluster.provision(spreadPods(
                    2,
                    spread(SPREAD_LABEL, LABELS).nodeTaintsPolicy(Policy.IGNORE).build()));
            assertThat(skew(SPREAD_LABEL)).containsExactly(1);
        }

        @Test
        @DisplayName("should balance pods across a label when discovered from the nodepool (NodeTaintsPolicy=honor)")
        void discoveredHonor() {
            // [K] topology_test.go: "should balance pods across a label when discovered from the nodepool
            // (NodeTaintsPolicy=honor)"
            taintedNodePool();
            cluster.provision(spreadPods(
                    2,
                    spread(SPREAD_LABEL, LABELS).nodeTaintsPolicy(Policy.HONOR).build()));
            assertThat(skew(SPREAD_LABEL)).containsExactly(2);
        }

        @Test
        @DisplayName(
                "should balance pods across a label when mutually exclusive NodePools (by taints) share domains (NodeTaintsPolicy=honor)")
        void mutuallyExclusivePools() {
            // [K] topology_test.go: "should balance pods across a label when mutually exclusive NodePools (by taints)
            // share domains (NodeTaintsPolicy=honor)"
            cluster.clearNodePools();
            List<List<String>> domains = List.of(List.of("foo", "bar"), List.of("foo", "baz"));
            TopologySpreadConstraint c =
                    spread(SPREAD_LABEL, LABELS).nodeTaintsPolicy(Policy.HONOR).build();
            List<Pod> pods = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                String value = "nodepool-" + i;
                cluster.nodePool(nodePool("np-" + i)
                        .taint(taint("taint-key", value, TaintEffect.NO_SCHEDULE))
                        .requirement(Requirement.in(SPREAD_LABEL, domains.get(i))));
                pods.addAll(cluster.pods(
                        (i + 1) * 2,
                        p -> p.labels(LABELS)
                                .spread(c)
                                .toleration(tolerateEqual("taint-key", value, TaintEffect.NO_SCHEDULE))));
            }
            cluster.provision(pods).expectScheduled(pods);
            assertThat(skew(SPREAD_LABEL)).containsExactlyInAnyOrder(3, 2, 1);
        }

        private void mismatchedNodes() {
            for (String value : List.of("foo", "bar")) {
                cluster.node(ExistingNodeBuilder.node("node-" + value)
                        .label(SPREAD_LABEL, value)
                        .label("selector", "mismatch")
                        .resources(PodBuilder.quantities("cpu", "100m")));
            }
            cluster.nodePool("default").label(SPREAD_LABEL, "baz").label("selector", "value");
        }

        @Test
        @DisplayName("should balance pods across a label (NodeAffinityPolicy=ignore)")
        void affinityIgnore() {
            // [K] topology_test.go: "should balance pods across a label (NodeAffinityPolicy=ignore)"
            mismatchedNodes();
            TopologySpreadConstraint c = spread(SPREAD_LABEL, LABELS)
                    .nodeAffinityPolicy(Policy.IGNORE)
                    .build();
            cluster.provision(cluster.pods(
                    5, p -> p.labels(LABELS).spread(c).requests("cpu", "1").nodeSelector("selector", "value")));
            assertThat(skew(SPREAD_LABEL)).containsExactly(1);
        }

        @Test
        @DisplayName("should balance pods across a label (NodeAffinityPolicy=honor)")
        void affinityHonor() {
            // [K] topology_test.go: "should balance pods across a label (NodeAffinityPolicy=honor)"
            mismatchedNodes();
            TopologySpreadConstraint c = spread(SPREAD_LABEL, LABELS)
                    .nodeAffinityPolicy(Policy.HONOR)
                    .build();
            cluster.provision(cluster.pods(
                    5, p -> p.labels(LABELS).spread(c).requests("cpu", "1").nodeSelector("selector", "value")));
            assertThat(skew(SPREAD_LABEL)).containsExactly(5);
        }
    }

    @Nested
    @DisplayName("pod affinity")
    class PodAffinity {

        @Test
        @DisplayName("should schedule a pod with empty pod affinity and anti-affinity")
        void empty() {
            // [K] topology_test.go: "should schedule a pod with empty pod affinity and anti-affinity"
            Pod pod = cluster.pod().build();
            cluster.provision(pod).expectScheduled(pod);
        }

        @Test
        @DisplayName("should respect pod affinity (hostname)")
        void hostname() {
            // [K] topology_test.go: "should respect pod affinity (hostname)"
            List<Pod> pods = new ArrayList<>(spreadPods(10, spread(HOST, LABELS).build()));
            Pod target = cluster.pod().labels(S2).build();
            Pod follower = cluster.pod().podAffinity(term(HOST, S2)).build();
            pods.add(target);
            pods.add(follower);
            TestCluster.Round r = cluster.provision(pods).expectScheduled(pods);
            assertThat(r.nodeOf(follower).name()).isEqualTo(r.nodeOf(target).name());
        }

        @Test
        @DisplayName("should respect pod affinity (arch)")
        void arch() {
            // [K] topology_test.go: "should respect pod affinity (arch)"
            TopologySpreadConstraint host = spread(HOST, S2).build();
            Pod target = cluster.pod()
                    .labels(S2)
                    .spread(host)
                    .nodeSelector(Labels.ARCH, "arm64")
                    .requests("cpu", "2")
                    .build();
            Pod follower = cluster.pod()
                    .labels(S2)
                    .spread(host)
                    .podAffinity(term(Labels.ARCH, S2))
                    .requests("cpu", "1")
                    .build();
            TestCluster.Round r = cluster.provision(target, follower);
            assertThat(r.label(follower, Labels.ARCH)).isEqualTo("arm64");
            assertThat(r.nodeOf(follower).name()).isNotEqualTo(r.nodeOf(target).name());
        }

        @Test
        @DisplayName("should respect self pod affinity (hostname)")
        void selfHostname() {
            // [K] topology_test.go: "should respect self pod affinity (hostname)"
            List<Pod> pods = cluster.pods(3, p -> p.labels(S2).podAffinity(term(HOST, S2)));
            assertThat(cluster.provision(pods).distinctNodes(pods)).isEqualTo(1);
        }

        @Test
        @DisplayName("should respect self pod affinity for first empty topology domain only (hostname)")
        void selfHostnameFirstDomainOnly() {
            // [K] topology_test.go: "should respect self pod affinity for first empty topology domain only (hostname)"
            List<Pod> pods = cluster.pods(10, p -> p.labels(S2).podAffinity(term(HOST, S2)));
            TestCluster.Round r = cluster.provision(pods);
            assertThat(r.result.podsScheduled()).isEqualTo(5);
            assertThat(r.newNodeCount()).isEqualTo(1);
            TestCluster.Round again =
                    cluster.provision(cluster.pods(10, p -> p.labels(S2).podAffinity(term(HOST, S2))));
            assertThat(again.result.podsScheduled()).isZero();
        }

        @Test
        @DisplayName(
                "should respect self pod affinity for first empty topology domain only (hostname/constrained zones)")
        void selfHostnameConstrainedZones() {
            // [K] topology_test.go: "should respect self pod affinity for first empty topology domain only
            // (hostname/constrained zones)"
            Pod existing = cluster.pod().labels(S2).nodeSelector(ZONE, ZONE_1).build();
            cluster.provision(existing).expectScheduled(existing);
            List<Pod> pods = cluster.pods(
                    10, p -> p.labels(S2).podAffinity(term(HOST, S2)).nodeRequirements(in(ZONE, ZONE_2, ZONE_3)));
            cluster.provision(pods).expectNotScheduled(pods);
        }

        @Test
        @DisplayName("should respect self pod affinity (zone)")
        void selfZone() {
            // [K] topology_test.go: "should respect self pod affinity (zone)"
            List<Pod> pods = cluster.pods(3, p -> p.labels(S2).podAffinity(term(ZONE, S2)));
            assertThat(cluster.provision(pods).distinctNodes(pods)).isEqualTo(1);
        }

        @Test
        @DisplayName("should respect self pod affinity (zone w/ constraint)")
        void selfZoneConstrained() {
            // [K] topology_test.go: "should respect self pod affinity (zone w/ constraint)"
            List<Pod> pods = cluster.pods(
                    3, p -> p.labels(S2).podAffinity(term(ZONE, S2)).nodeRequirements(in(ZONE, ZONE_3)));
            TestCluster.Round r = cluster.provision(pods);
            assertThat(r.distinctNodes(pods)).isEqualTo(1);
            assertThat(r.label(pods.get(0), ZONE)).isEqualTo(ZONE_3);
        }

        @Test
        @DisplayName(
                "should allow two nodes to be created when two pods with matching affinities have incompatible selectors")
        void incompatibleSelectors() {
            // [K] topology_test.go: "should allow two nodes to be created when two pods with matching affinities have
            // incompatible selectors"
            Pod a = cluster.pod()
                    .labels(S2)
                    .podAffinity(term(ZONE, S2))
                    .nodeSelector(ZONE, ZONE_2)
                    .build();
            Pod b = cluster.pod()
                    .labels(S2)
                    .podAffinity(term(ZONE, S2))
                    .nodeSelector(ZONE, ZONE_3)
                    .build();
            TestCluster.Round r = cluster.provision(a, b);
            assertThat(r.label(a, ZONE)).isEqualTo(ZONE_2);
            assertThat(r.label(b, ZONE)).isEqualTo(ZONE_3);
        }

        @Test
        @DisplayName("should allow violation of preferred pod affinity")
        void preferredViolated() {
            // [K] topology_test.go: "should allow violation of preferred pod affinity"
            Pod pod = cluster.pod().preferredPodAffinity(50, term(HOST, S2)).build();
            TestCluster.Round r = cluster.provision(pod).expectScheduled(pod);
            assertThat(r.result.relaxations()).isEqualTo(1);
        }

        @Test
        @DisplayName("should allow violation of a pod affinity preference with a conflicting required constraint")
        void preferenceConflictsWithRequired() {
            // [K] topology_test.go: "should allow violation of a pod affinity preference with a conflicting required
            // constraint"
            Pod target = cluster.pod().labels(S2).build();
            List<Pod> pods = new ArrayList<>(cluster.pods(
                    3,
                    p -> p.labels(LABELS)
                            .spread(spread(HOST, LABELS).build())
                            .preferredPodAffinity(50, term(HOST, S2))));
            pods.add(target);
            cluster.provision(pods).expectScheduled(pods);
            assertThat(skew(HOST)).containsExactly(1, 1, 1);
        }

        @Test
        @DisplayName("should not schedule pods with affinity to a non-existent pod")
        void nonExistentTarget() {
            // [K] topology_test.go: "should not schedule pods with affinity to a non-existent pod"
            List<Pod> pods = cluster.pods(10, p -> p.podAffinity(term(ZONE, S2)));
            TestCluster.Round r = cluster.provision(pods).expectNotScheduled(pods);
            assertThat(r.errorOf(pods.get(0))).contains("unsatisfiable topology constraint for pod affinity");
        }

        @Test
        @DisplayName("should support pod affinity with zone topology (unconstrained target)")
        void unconstrainedTarget() {
            // [K] topology_test.go: "should support pod affinity with zone topology (unconstrained target)"
            Pod target = cluster.pod().labels(S2).build();
            List<Pod> followers = cluster.pods(10, p -> p.labels(LABELS).podAffinity(term(ZONE, S2)));
            List<Pod> all = new ArrayList<>(followers);
            all.add(target);
            TestCluster.Round first = cluster.provision(all);
            first.expectScheduled(target).expectNotScheduled(followers);
            cluster.provision(followers).expectScheduled(followers);
            assertThat(cluster.skew(ZONE, Map.of())).containsExactly(11);
        }

        @Test
        @DisplayName("should support pod affinity with zone topology (constrained target)")
        void constrainedTarget() {
            // [K] topology_test.go: "should support pod affinity with zone topology (constrained target)"
            Pod target =
                    cluster.pod().labels(S2).nodeRequirements(in(ZONE, ZONE_1)).build();
            List<Pod> followers = cluster.pods(10, p -> p.podAffinity(term(ZONE, S2)));
            List<Pod> all = new ArrayList<>(followers);
            all.add(target);
            cluster.provision(all).expectScheduled(all);
            assertThat(cluster.skew(ZONE, Map.of())).containsExactly(11);
        }

        @Test
        @DisplayName("should handle multiple dependent affinities")
        void dependentAffinities() {
            // [K] topology_test.go: "should handle multiple dependent affinities"
            Pod ui = cluster.pod()
                    .label("type", "ui")
                    .podAffinity(term(HOST, Map.of("type", "cache")))
                    .build();
            Pod cache = cluster.pod()
                    .label("type", "cache")
                    .podAffinity(term(HOST, Map.of("type", "web")))
                    .build();
            Pod web = cluster.pod()
                    .label("type", "web")
                    .podAffinity(term(HOST, Map.of("type", "db")))
                    .build();
            Pod db = cluster.pod().label("type", "db").build();
            TestCluster.Round r = cluster.provision(ui, cache, web, db).expectScheduled(ui, cache, web, db);
            assertThat(r.distinctNodes(List.of(ui, cache, web, db))).isEqualTo(1);
        }

        @Test
        @DisplayName("should fail to schedule pods with unsatisfiable dependencies")
        void unsatisfiableDependencies() {
            // [K] topology_test.go: "should fail to schedule pods with unsatisfiable dependencies"
            Pod ui = cluster.pod()
                    .label("type", "ui")
                    .podAffinity(term(HOST, Map.of("type", "web")))
                    .build();
            cluster.provision(ui).expectNotScheduled(ui);
        }

        @Test
        @DisplayName("should filter pod affinity topologies by namespace, no matching pods")
        void namespaceNoMatch() {
            // [K] topology_test.go: "should filter pod affinity topologies by namespace, no matching pods"
            Pod target = cluster.pod().labels(S2).namespace("other-ns-no-match").build();
            Pod follower = cluster.pod().podAffinity(term(HOST, S2)).build();
            cluster.provision(target, follower).expectScheduled(target).expectNotScheduled(follower);
        }

        @Test
        @DisplayName("should filter pod affinity topologies by namespace, matching pods namespace list")
        void namespaceList() {
            // [K] topology_test.go: "should filter pod affinity topologies by namespace, matching pods namespace list"
            Pod target = cluster.pod().labels(S2).namespace("other-ns-list").build();
            Pod follower = cluster.pod()
                    .podAffinity(term(HOST, S2, List.of("other-ns-list"), null))
                    .build();
            TestCluster.Round r = cluster.provision(target, follower);
            assertThat(r.nodeOf(follower).name()).isEqualTo(r.nodeOf(target).name());
        }

        @Test
        @DisplayName("should filter pod affinity topologies by namespace, empty namespace selector")
        void emptyNamespaceSelector() {
            // [K] topology_test.go: "should filter pod affinity topologies by namespace, empty namespace selector"
            Pod target = cluster.pod().labels(S2).namespace("empty-ns-selector").build();
            Pod follower = cluster.pod()
                    .podAffinity(term(HOST, S2, List.of(), LabelSelector.EVERYTHING))
                    .build();
            TestCluster.Round r = cluster.provision(target, follower);
            assertThat(r.nodeOf(follower).name()).isEqualTo(r.nodeOf(target).name());
        }

        @Test
        @DisplayName("should filter pod affinity topologies by namespace selector labels")
        void namespaceSelectorLabels() {
            // [K] topology_test.go namespace cases (no dedicated It for a non-empty selector): a namespace selector
            // picks namespaces by their labels
            cluster.namespace("team-a", Map.of("team", "a")).namespace("team-b", Map.of("team", "b"));
            Pod inB = cluster.pod()
                    .labels(S2)
                    .namespace("team-b")
                    .nodeSelector(ZONE, ZONE_2)
                    .build();
            Pod inA = cluster.pod()
                    .labels(S2)
                    .namespace("team-a")
                    .nodeSelector(ZONE, ZONE_1)
                    .build();
            Pod follower = cluster.pod()
                    .podAffinity(term(ZONE, S2, List.of(), LabelSelector.of(Map.of("team", "a"))))
                    .build();
            TestCluster.Round r = cluster.provision(inA, inB, follower);
            assertThat(r.label(follower, ZONE)).isEqualTo(ZONE_1);
        }

        @Test
        @DisplayName("should respect self pod affinity without pod binding (zone)")
        void selfZoneInFlight() {
            // [K] suite_test.go: "should respect self pod affinity without pod binding (zone)"
            Pod first = cluster.pod().labels(S2).podAffinity(term(ZONE, S2)).build();
            String node = cluster.provision(first).nodeOf(first).name();
            Pod second = cluster.pod().labels(S2).podAffinity(term(ZONE, S2)).build();
            TestCluster.Round r = cluster.provision(second);
            assertThat(r.nodeOf(second).name()).isEqualTo(node);
            assertThat(r.newNodeCount()).isZero();
        }
    }

    @Nested
    @DisplayName("pod anti-affinity")
    class PodAntiAffinity {

        @Test
        @DisplayName("should separate nodes using simple pod anti-affinity on hostname")
        void hostname() {
            // [K] topology_test.go: "should separate nodes using simple pod anti-affinity on hostname"
            for (boolean targetFirst : new boolean[] {true, false}) {
                TestCluster c = TestCluster.withDefaultNodePool();
                Pod target = c.pod().labels(S2).build();
                Pod anti = c.pod().podAntiAffinity(term(HOST, S2)).build();
                TestCluster.Round r = targetFirst ? c.provision(target, anti) : c.provision(anti, target);
                assertThat(r.nodeOf(anti).name()).isNotEqualTo(r.nodeOf(target).name());
            }
        }

        @Test
        @DisplayName("should not violate pod anti-affinity on zone")
        void zone() {
            // [K] topology_test.go: "should not violate pod anti-affinity on zone"
            List<Pod> targets = new ArrayList<>();
            for (String zone : List.of(ZONE_1, ZONE_2, ZONE_3)) {
                targets.add(cluster.pod()
                        .labels(S2)
                        .requests("cpu", "2")
                        .nodeSelector(ZONE, zone)
                        .build());
            }
            Pod anti = cluster.pod().podAntiAffinity(term(ZONE, S2)).build();
            List<Pod> all = new ArrayList<>(targets);
            all.add(anti);
            TestCluster.Round r =
                    cluster.provision(all).expectScheduled(targets).expectNotScheduled(anti);
            assertThat(r.errorOf(anti)).contains("unsatisfiable topology constraint for pod anti-affinity");
        }

        @Test
        @DisplayName("should not violate pod anti-affinity on zone (other schedules first)")
        void zoneOtherFirst() {
            // [K] topology_test.go: "should not violate pod anti-affinity on zone (other schedules first)"
            Pod target = cluster.pod().labels(S2).requests("cpu", "2").build();
            Pod anti = cluster.pod().podAntiAffinity(term(ZONE, S2)).build();
            cluster.provision(target, anti).expectScheduled(target).expectNotScheduled(anti);
        }

        @Test
        @DisplayName("should not violate pod anti-affinity (arch)")
        void arch() {
            // [K] topology_test.go: "should not violate pod anti-affinity (arch)"
            Pod target = cluster.pod()
                    .labels(S2)
                    .nodeSelector(Labels.ARCH, "arm64")
                    .requests("cpu", "2")
                    .build();
            Pod anti = cluster.pod().podAntiAffinity(term(Labels.ARCH, S2)).build();
            TestCluster.Round r = cluster.provision(target, anti);
            assertThat(r.label(anti, Labels.ARCH)).isEqualTo("amd64");
        }

        @Test
        @DisplayName("should violate preferred pod anti-affinity on zone (inverse)")
        void preferredInverse() {
            // [K] topology_test.go: "should violate preferred pod anti-affinity on zone (inverse)"
            List<Pod> pods = new ArrayList<>();
            for (String zone : List.of(ZONE_1, ZONE_2, ZONE_3)) {
                pods.add(cluster.pod()
                        .requests("cpu", "2")
                        .nodeSelector(ZONE, zone)
                        .preferredPodAntiAffinity(10, term(ZONE, S2))
                        .build());
            }
            Pod target = cluster.pod().labels(S2).build();
            pods.add(target);
            cluster.provision(pods).expectScheduled(pods);
        }

        @Test
        @DisplayName("should not violate pod anti-affinity on zone (inverse)")
        void requiredInverse() {
            // [K] topology_test.go: "should not violate pod anti-affinity on zone (inverse)"
            List<Pod> antis = new ArrayList<>();
            for (String zone : List.of(ZONE_1, ZONE_2, ZONE_3)) {
                antis.add(cluster.pod()
                        .requests("cpu", "2")
                        .nodeSelector(ZONE, zone)
                        .podAntiAffinity(term(ZONE, S2))
                        .build());
            }
            Pod target = cluster.pod().labels(S2).build();
            List<Pod> all = new ArrayList<>(antis);
            all.add(target);
            TestCluster.Round r = cluster.provision(all).expectScheduled(antis).expectNotScheduled(target);
            assertThat(r.errorOf(target)).contains("pod anti-affinity of a running pod");
        }

        @Test
        @DisplayName("should not violate pod anti-affinity on zone (Schrödinger)")
        void schrodinger() {
            // [K] topology_test.go: "should not violate pod anti-affinity on zone (Schrödinger)"
            Pod anti = cluster.pod()
                    .requests("cpu", "2")
                    .podAntiAffinity(term(ZONE, S2))
                    .build();
            Pod target = cluster.pod().labels(S2).build();
            cluster.provision(anti, target).expectScheduled(anti).expectNotScheduled(target);
            TestCluster.Round second = cluster.provision(target);
            String antiZone = cluster.nodes().stream()
                    .filter(n -> n.pods().stream().anyMatch(p -> p.key().equals(anti.key())))
                    .findFirst()
                    .orElseThrow()
                    .labels()
                    .get(ZONE);
            assertThat(second.label(target, ZONE)).isNotEqualTo(antiZone);
        }

        @Test
        @DisplayName("should not violate pod anti-affinity on zone (inverse w/existing nodes)")
        void inverseExistingNodes() {
            // [K] topology_test.go: "should not violate pod anti-affinity on zone (inverse w/existing nodes)"
            for (String zone : List.of(ZONE_1, ZONE_2, ZONE_3)) {
                Pod anti = cluster.pod()
                        .requests("cpu", "2")
                        .nodeSelector(ZONE, zone)
                        .podAntiAffinity(term(ZONE, S2))
                        .build();
                cluster.provision(anti).expectScheduled(anti);
            }
            Pod target = cluster.pod().labels(S2).build();
            cluster.provision(target).expectNotScheduled(target);
        }

        @Test
        @DisplayName("should violate preferred pod anti-affinity on zone (inverse w/existing nodes)")
        void preferredInverseExistingNodes() {
            // [K] topology_test.go: "should violate preferred pod anti-affinity on zone (inverse w/existing nodes)"
            for (String zone : List.of(ZONE_1, ZONE_2, ZONE_3)) {
                Pod anti = cluster.pod()
                        .requests("cpu", "2")
                        .nodeSelector(ZONE, zone)
                        .preferredPodAntiAffinity(10, term(ZONE, S2))
                        .build();
                cluster.provision(anti).expectScheduled(anti);
            }
            Pod target = cluster.pod().labels(S2).build();
            cluster.provision(target).expectScheduled(target);
        }

        @Test
        @DisplayName("should allow violation of preferred pod anti-affinity")
        void preferredViolated() {
            // [K] topology_test.go: "should allow violation of preferred pod anti-affinity"
            List<Pod> pods = new ArrayList<>(cluster.pods(10, p -> p.preferredPodAntiAffinity(50, term(ZONE, LABELS))));
            pods.addAll(spreadPods(3, zoneSpread()));
            cluster.provision(pods).expectScheduled(pods);
        }

        @Test
        @DisplayName("should support pod anti-affinity with a zone topology")
        void selfAntiAffinityZone() {
            // [K] topology_test.go: "should support pod anti-affinity with a zone topology"
            PodAffinityTerm t = term(ZONE, S2);
            List<List<Integer>> expected = List.of(List.of(1), List.of(1, 1), List.of(1, 1, 1), List.of(1, 1, 1));
            for (List<Integer> e : expected) {
                cluster.provision(cluster.pods(3, p -> p.labels(S2).podAntiAffinity(t)));
                assertThat(cluster.skew(ZONE, S2)).containsExactlyElementsOf(e);
            }
        }

        @Test
        @DisplayName("should narrow pod anti-affinity with matchLabelKeys")
        void antiAffinityMatchLabelKeys() {
            // [K] topology.go newForAffinities with matchLabelKeys (no dedicated It in the baseline): the pod's own
            // value of each key is ANDed into the selector, so only pods of the same revision repel each other
            PodAffinityTerm t = new PodAffinityTerm(
                    LabelSelector.of(Map.of("app", "web")), List.of(), null, HOST, List.of("revision"));
            List<Pod> pods = new ArrayList<>();
            for (String revision : List.of("a", "a", "b", "b")) {
                pods.add(cluster.pod()
                        .label("app", "web")
                        .label("revision", revision)
                        .podAntiAffinity(t)
                        .build());
            }
            TestCluster.Round r = cluster.provision(pods).expectScheduled(pods);
            assertThat(r.newNodeCount()).isEqualTo(2);
            assertThat(r.nodeOf(pods.get(0)).name())
                    .isNotEqualTo(r.nodeOf(pods.get(1)).name());
            assertThat(r.nodeOf(pods.get(2)).name())
                    .isNotEqualTo(r.nodeOf(pods.get(3)).name());
        }

        @Test
        @DisplayName("should not place a pod next to a running pod whose required anti-affinity selects it (hostname)")
        void inverseHostname() {
            // [K] topology.go inverse anti-affinity (no dedicated It for hostname): a running pod's required
            // anti-affinity keeps matching pods off its node even when the node has room
            Pod guard = cluster.pod().podAntiAffinity(term(HOST, S2)).build();
            String node = cluster.provision(guard).nodeOf(guard).name();
            Pod target = cluster.pod().labels(S2).build();
            assertThat(cluster.provision(target).nodeOf(target).name()).isNotEqualTo(node);
            Pod other = cluster.pod().build();
            assertThat(cluster.provision(other).nodeOf(other).name()).isEqualTo(node);
        }
    }
}
