package dev.fleetwright.testing;

import static dev.fleetwright.testing.Fixtures.CLUSTER;
import static dev.fleetwright.testing.Fixtures.NODE_CLASS;
import static dev.fleetwright.testing.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.NodeClaim;
import dev.fleetwright.core.api.NodeClaimPhase;
import dev.fleetwright.core.api.corev1.LabelSelector;
import dev.fleetwright.core.api.corev1.Node;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.PodStatus;
import dev.fleetwright.core.api.corev1.Taint;
import dev.fleetwright.core.api.corev1.TaintEffect;
import dev.fleetwright.core.api.corev1.Toleration;
import dev.fleetwright.core.state.NodeOperations;
import dev.fleetwright.core.state.NodeOperations.EvictionResult;
import dev.fleetwright.core.state.VersionedNodeClaim;
import dev.fleetwright.testing.PodDisruptionBudget.IntOrPercent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Specifications of the simulated cluster's controllers and API semantics. */
class SimulatedClusterTest {

    static final String TYPE = "m5.2xlarge";
    static final LabelSelector WEB = LabelSelector.of(Map.of("app", "web"));
    static final Taint STARTUP = new Taint("example.com/cni-not-ready", "", TaintEffect.NO_SCHEDULE);
    static final Taint DEDICATED = new Taint("dedicated", "web", TaintEffect.NO_SCHEDULE);

    static ClusterHarness harness() {
        String pool = Fixtures.nodePool("general", "on-demand", "")
                .replace(
                        "      nodeClassRef:",
                        "      taints:\n"
                                + "        - key: dedicated\n"
                                + "          value: web\n"
                                + "          effect: NoSchedule\n"
                                + "      startupTaints:\n"
                                + "        - key: example.com/cni-not-ready\n"
                                + "          effect: NoSchedule\n"
                                + "      nodeClassRef:")
                .replace("  template:\n", "  template:\n    metadata:\n      labels:\n        team: web\n");
        return new ClusterHarness(NODE_CLASS, pool, Fixtures.nodePool("plain", "on-demand", ""));
    }

    static Fixtures.PodBuilder web(String name) {
        return pod(name).labels(Map.of("app", "web")).ownedBy("ReplicaSet", "web-rs");
    }

    @Nested
    @DisplayName("registration and initialization")
    class Registration {

        @Test
        @DisplayName("should register a launched NodeClaim's node after the registration delay, with its labels")
        void registers() {
            ClusterHarness h = harness();
            VersionedNodeClaim launched = h.launch("general", TYPE, "on-demand");
            NodeClaim c = launched.nodeClaim();

            h.advance(Duration.ofSeconds(44));
            assertThat(h.cluster.nodes()).isEmpty();
            h.advance(Duration.ofSeconds(1));

            Node node = h.cluster.nodes().get(0);
            assertThat(node.ready()).isTrue();
            assertThat(node.providerId()).isEqualTo(c.status().providerId());
            assertThat(node.allocatable()).isEqualTo(c.status().allocatable());
            assertThat(node.capacity()).isEqualTo(c.status().capacity());
            assertThat(node.metadata().labels())
                    .containsEntry("team", "web")
                    .containsEntry(Labels.NODE_POOL, "general")
                    .containsEntry(Labels.INSTANCE_TYPE, TYPE)
                    .containsEntry(Labels.TOPOLOGY_ZONE, c.status().zone())
                    .containsEntry(Labels.CAPACITY_TYPE, "on-demand")
                    .containsEntry(Labels.ARCH, "amd64")
                    .containsEntry(Labels.OS, "linux")
                    .containsEntry(Labels.INSTANCE_CPU, "8")
                    .containsEntry(Labels.HOSTNAME, node.name());
            assertThat(node.taints()).containsExactlyInAnyOrder(DEDICATED, STARTUP);
            assertThat(node.taints()).doesNotContain(Taint.UNREGISTERED);
            NodeClaim registered = h.claim(c.name()).nodeClaim();
            assertThat(registered.status().phase()).isEqualTo(NodeClaimPhase.REGISTERED);
            assertThat(registered.status().nodeName()).isEqualTo(node.name());
            assertThat(h.cluster.nodeClaimOf(node.name())).contains(c.name());
        }

        @Test
        @DisplayName("should remove the startup taints and record Initialized after the initialization delay")
        void initializes() {
            ClusterHarness h = harness();
            VersionedNodeClaim launched = h.launch("general", TYPE, "on-demand");
            h.advance(Duration.ofSeconds(49));
            assertThat(h.claim(launched.nodeClaim().name()).nodeClaim().status().phase())
                    .isEqualTo(NodeClaimPhase.REGISTERED);

            h.advance(Duration.ofSeconds(1));

            Node node = h.cluster.nodes().get(0);
            assertThat(node.taints()).containsExactly(DEDICATED);
            assertThat(node.metadata().labels()).containsEntry(Labels.INITIALIZED, "true");
            assertThat(h.claim(launched.nodeClaim().name()).nodeClaim().status().phase())
                    .isEqualTo(NodeClaimPhase.INITIALIZED);
        }

        @Test
        @DisplayName("should not register the node of a NodeClaim that started draining before it registered")
        void drainingNotRegistered() {
            ClusterHarness h = harness();
            VersionedNodeClaim launched = h.launch("general", TYPE, "on-demand");
            NodeClaim c = launched.nodeClaim();
            h.store.update(
                    CLUSTER,
                    c.withStatus(c.status()
                            .withDraining(dev.fleetwright.core.api.DisruptionReason.INTERRUPTED, h.clock.instant())),
                    launched.version());

            h.advance(Duration.ofMinutes(2));

            assertThat(h.cluster.nodes()).isEmpty();
        }
    }

    @Nested
    @DisplayName("kube-scheduler")
    class KubeScheduler {

        @Test
        @DisplayName("should bind pending pods to nodes they tolerate and fit, and start them after the start delay")
        void binds() {
            ClusterHarness h = harness();
            String dedicated = h.node("general", TYPE, "on-demand");
            String plain = h.node("plain", TYPE, "on-demand");
            h.cluster.addPod(
                    pod("any").cpu(1000).status(PodStatus.UNSCHEDULABLE).build());
            h.cluster.addPod(pod("tolerant")
                    .cpu(7000)
                    .tolerations(List.of(Toleration.of(DEDICATED)))
                    .status(PodStatus.UNSCHEDULABLE)
                    .build());
            h.cluster.addPod(
                    pod("too-big").cpu(9000).status(PodStatus.UNSCHEDULABLE).build());

            h.cluster.step();

            assertThat(h.cluster.pod("default/any").orElseThrow().spec().nodeName())
                    .isEqualTo(plain);
            assertThat(h.cluster.pod("default/tolerant").orElseThrow().spec().nodeName())
                    .isEqualTo(dedicated);
            assertThat(h.cluster.pod("default/too-big").orElseThrow().isBound()).isFalse();
            assertThat(h.cluster.pod("default/too-big").orElseThrow().status().failedToSchedule())
                    .isTrue();
            assertThat(h.cluster.pod("default/any").orElseThrow().status().phase())
                    .isEqualTo("Pending");
            h.advance(SimulatedCluster.Settings.DEFAULT.podStartDelay());
            assertThat(h.cluster.pod("default/any").orElseThrow().status().phase())
                    .isEqualTo("Running");
        }

        @Test
        @DisplayName("should not bind to a node with the disrupted taint")
        void respectsDisrupted() {
            ClusterHarness h = harness();
            String plain = h.node("plain", TYPE, "on-demand");
            h.cluster.addTaint(plain, Taint.DISRUPTED);
            h.cluster.addPod(pod("any").status(PodStatus.UNSCHEDULABLE).build());

            h.advance(Duration.ofSeconds(5));

            assertThat(h.cluster.pod("default/any").orElseThrow().isBound()).isFalse();
        }
    }

    @Nested
    @DisplayName("Eviction API and ReplicaSet controller")
    class Eviction {

        @Test
        @DisplayName("should mark an evicted pod terminating, remove it after its grace, and replace it at once")
        void evictsAndReplaces() {
            ClusterHarness h = harness();
            String node = h.node("plain", TYPE, "on-demand");
            Pod p = h.run(web("web-0").grace(10), node);

            EvictionResult r = h.cluster.evict(p);

            assertThat(r).isEqualTo(EvictionResult.EVICTED);
            Pod evicted = h.cluster.pod("default/web-0").orElseThrow();
            assertThat(evicted.metadata().deletionTimestamp())
                    .isEqualTo(h.clock.instant().plusSeconds(10));
            List<Pod> replacements = h.cluster.pods().stream()
                    .filter(x -> !x.name().equals("web-0"))
                    .toList();
            assertThat(replacements).singleElement().satisfies(x -> {
                assertThat(x.name()).startsWith("web-rs-");
                assertThat(x.metadata().uid()).isNotEqualTo(p.metadata().uid());
                assertThat(x.metadata().labels()).isEqualTo(p.metadata().labels());
                assertThat(x.spec().requests()).isEqualTo(p.spec().requests());
                assertThat(x.status().failedToSchedule()).isTrue();
                assertThat(x.metadata().controller()).isEqualTo(p.metadata().controller());
            });
            h.advance(Duration.ofSeconds(9));
            assertThat(h.cluster.pod("default/web-0")).isPresent();
            h.advance(Duration.ofSeconds(1));
            assertThat(h.cluster.pod("default/web-0")).isEmpty();
        }

        @Test
        @DisplayName("should refuse an eviction whose UID precondition fails, and report a missing pod")
        void preconditions() {
            ClusterHarness h = harness();
            String node = h.node("plain", TYPE, "on-demand");
            Pod p = h.run(pod("web-0"), node);
            Pod impostor = new Pod(
                    new dev.fleetwright.core.api.corev1.ObjectMeta(
                            "web-0", "default", "other-uid", Map.of(), Map.of(), List.of(), null, null),
                    p.spec(),
                    p.status());

            assertThat(h.cluster.evict(impostor)).isEqualTo(EvictionResult.UID_CHANGED);
            assertThat(h.cluster.evict(pod("ghost").build())).isEqualTo(EvictionResult.NOT_FOUND);
            assertThat(h.cluster.pod("default/web-0").orElseThrow().isTerminating())
                    .isFalse();
        }

        @Test
        @DisplayName("should refuse with 429 while the budget allows no disruption, and 500 when two budgets select")
        void budgets() {
            ClusterHarness h = harness();
            String node = h.node("plain", TYPE, "on-demand");
            Pod a = h.run(web("web-0"), node);
            Pod b = h.run(web("web-1"), node);
            h.cluster.putPodDisruptionBudget(
                    PodDisruptionBudget.minAvailable("default", "web", WEB, IntOrPercent.parse("1")));

            assertThat(h.cluster.evict(a)).isEqualTo(EvictionResult.EVICTED);
            assertThat(h.cluster.evict(b)).isEqualTo(EvictionResult.BLOCKED_BY_DISRUPTION_BUDGET);

            h.cluster.putPodDisruptionBudget(
                    PodDisruptionBudget.maxUnavailable("default", "web-too", WEB, IntOrPercent.parse("5")));
            assertThat(h.cluster.evict(b)).isEqualTo(EvictionResult.MISCONFIGURED_BUDGETS);
        }

        @Test
        @DisplayName("should evict a Pending pod without looking at budgets")
        void pendingIgnoresBudgets() {
            ClusterHarness h = harness();
            String node = h.node("plain", TYPE, "on-demand");
            Pod starting = h.run(web("web-0").status(SimulatedCluster.STARTING), node);
            h.cluster.putPodDisruptionBudget(
                    PodDisruptionBudget.maxUnavailable("default", "web", WEB, IntOrPercent.parse("0")));

            assertThat(h.cluster.evict(starting)).isEqualTo(EvictionResult.EVICTED);
            assertThat(h.cluster.pdbViolations()).isEmpty();
        }

        @Test
        @DisplayName("should delete a node's pods with the node and replace the controlled ones")
        void deleteNode() {
            ClusterHarness h = harness();
            String node = h.node("plain", TYPE, "on-demand");
            h.run(web("web-0"), node);
            h.run(pod("bare"), node);

            h.cluster.deleteNode(node);

            assertThat(h.cluster.node(node)).isEmpty();
            assertThat(h.cluster.pods()).singleElement().satisfies(p -> {
                assertThat(p.name()).startsWith("web-rs-");
                assertThat(p.isBound()).isFalse();
            });
            assertThat(h.cluster.disruptions())
                    .extracting(SimulatedCluster.Disruption::kind)
                    .containsOnly(SimulatedCluster.DisruptionKind.NODE_DELETION);
        }

        @Test
        @DisplayName("should throw NotFoundException for taints and labels on a missing node")
        void missingNode() {
            ClusterHarness h = harness();
            assertThatThrownBy(() -> h.cluster.addTaint("nope", Taint.DISRUPTED))
                    .isInstanceOf(NodeOperations.NotFoundException.class)
                    .hasMessageContaining("nope");
            assertThatThrownBy(() -> h.cluster.setLabel("nope", "a", "b"))
                    .isInstanceOf(NodeOperations.NotFoundException.class);
            assertThat(h.cluster.podsOn("nope")).isEmpty();
        }
    }

    @Nested
    @DisplayName("PodDisruptionBudget arithmetic")
    class Arithmetic {

        /** Ten Running replicas of one ReplicaSet, {@code down} of them not yet started. */
        ClusterHarness replicas(int down) {
            ClusterHarness h = harness();
            String node = h.node("plain", TYPE, "on-demand");
            for (int i = 0; i < 10; i++) {
                h.run(web("web-" + i).status(i < down ? SimulatedCluster.STARTING : PodStatus.RUNNING), node);
            }
            return h;
        }

        @ParameterizedTest(name = "{0}={1} with 10 replicas, {2} down: desired {3}, allowed {4}")
        @DisplayName("should compute desired healthy and allowed disruptions as the disruption controller does")
        @CsvSource({
            // maxUnavailable 15% of 10 = 1.5, rounded up to 2: desired 8.
            "maxUnavailable, 15%, 0, 8, 2",
            "maxUnavailable, 15%, 1, 8, 1",
            "maxUnavailable, 15%, 3, 8, 0",
            "maxUnavailable, 3, 0, 7, 3",
            // minAvailable 25% of 10 = 2.5, rounded up to 3.
            "minAvailable, 25%, 0, 3, 7",
            "minAvailable, 9, 0, 9, 1",
            "minAvailable, 100%, 0, 10, 0",
            "maxUnavailable, 0%, 0, 10, 0",
        })
        void status(String field, String value, int down, int desired, int allowed) {
            ClusterHarness h = replicas(down);
            IntOrPercent v = IntOrPercent.parse(value);
            h.cluster.putPodDisruptionBudget(
                    field.equals("minAvailable")
                            ? PodDisruptionBudget.minAvailable("default", "web", WEB, v)
                            : PodDisruptionBudget.maxUnavailable("default", "web", WEB, v));

            SimulatedCluster.PdbStatus s = h.cluster.pdbStatus("default/web");

            assertThat(s.expectedPods()).isEqualTo(10);
            assertThat(s.currentHealthy()).isEqualTo(10 - down);
            assertThat(s.desiredHealthy()).isEqualTo(desired);
            assertThat(s.disruptionsAllowed()).isEqualTo(allowed);
        }

        @Test
        @DisplayName("should count the controller's replicas as expected, not the pods that exist")
        void expectedFromScale() {
            ClusterHarness h = replicas(0);
            h.cluster.putPodDisruptionBudget(
                    PodDisruptionBudget.maxUnavailable("default", "web", WEB, IntOrPercent.parse("2")));
            h.cluster.evict(h.cluster.pod("default/web-0").orElseThrow());

            SimulatedCluster.PdbStatus s = h.cluster.pdbStatus("default/web");

            assertThat(s.expectedPods()).isEqualTo(10);
            assertThat(s.currentHealthy()).isEqualTo(9);
            assertThat(s.disruptionsAllowed()).isEqualTo(1);
        }

        @Test
        @DisplayName("should allow nothing when a percentage needs a scale and a selected pod has no controller")
        void failSafe() {
            ClusterHarness h = harness();
            String node = h.node("plain", TYPE, "on-demand");
            Pod bare = h.run(pod("web-0").labels(Map.of("app", "web")), node);
            h.cluster.putPodDisruptionBudget(
                    PodDisruptionBudget.maxUnavailable("default", "web", WEB, IntOrPercent.parse("50%")));

            assertThat(h.cluster.pdbStatus("default/web").syncFailed()).isTrue();
            assertThat(h.cluster.evict(bare)).isEqualTo(EvictionResult.BLOCKED_BY_DISRUPTION_BUDGET);
        }

        @Test
        @DisplayName("should reject a budget with both or neither of minAvailable and maxUnavailable, naming the rule")
        void validation() {
            assertThatThrownBy(() -> new PodDisruptionBudget(
                            dev.fleetwright.core.api.corev1.ObjectMeta.of("default", "web"),
                            WEB,
                            IntOrPercent.parse("1"),
                            IntOrPercent.parse("1")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("default/web")
                    .hasMessageContaining("exactly one of minAvailable and maxUnavailable");
            assertThatThrownBy(() -> IntOrPercent.parse("ten")).hasMessageContaining("\"ten\"");
            assertThatThrownBy(() -> IntOrPercent.parse("120%")).hasMessageContaining("0..100");
        }
    }

    @Nested
    @DisplayName("violation detector and node loss")
    class Violations {

        @Test
        @DisplayName("should record a violation when a healthy pod is deleted while its budget allows nothing")
        void voluntaryDeletion() {
            ClusterHarness h = harness();
            String node = h.node("plain", TYPE, "on-demand");
            Pod a = h.run(web("web-0"), node);
            h.run(web("web-1"), node);
            h.cluster.putPodDisruptionBudget(
                    PodDisruptionBudget.minAvailable("default", "web", WEB, IntOrPercent.parse("2")));
            Instant at = h.clock.instant();

            h.cluster.deletePod(a, 30);

            assertThat(h.cluster.pdbViolations())
                    .singleElement()
                    .isEqualTo(new SimulatedCluster.PdbViolation(
                            at, "default/web", "default/web-0", SimulatedCluster.DisruptionKind.DELETION, 2, 2));
        }

        @Test
        @DisplayName("should not count an eviction the budget allowed")
        void allowedEviction() {
            ClusterHarness h = harness();
            String node = h.node("plain", TYPE, "on-demand");
            Pod a = h.run(web("web-0"), node);
            h.run(web("web-1"), node);
            h.cluster.putPodDisruptionBudget(
                    PodDisruptionBudget.minAvailable("default", "web", WEB, IntOrPercent.parse("1")));

            h.cluster.evict(a);

            assertThat(h.cluster.pdbViolations()).isEmpty();
            assertThat(h.cluster.disruptions())
                    .singleElement()
                    .satisfies(d -> assertThat(d.voluntary()).isTrue());
        }

        @Test
        @DisplayName(
                "should take a node whose instance EC2 reclaimed NotReady, then delete it with its pods, involuntarily")
        void nodeLost() {
            ClusterHarness h = harness();
            String node = h.node("plain", TYPE, "on-demand");
            h.run(web("web-0"), node);
            h.run(web("web-1"), node);
            h.cluster.putPodDisruptionBudget(
                    PodDisruptionBudget.minAvailable("default", "web", WEB, IntOrPercent.parse("2")));

            assertThat(h.ec2.reclaim(h.instanceOf(node))).isTrue();
            assertThat(h.ec2.reclaim(h.instanceOf(node))).as("already gone").isFalse();
            h.cluster.step();

            Node lost = h.cluster.node(node).orElseThrow();
            assertThat(lost.ready()).isFalse();
            assertThat(lost.taints()).contains(SimulatedCluster.UNREACHABLE);
            assertThat(h.cluster.pdbStatus("default/web").currentHealthy()).isZero();
            h.advance(SimulatedCluster.Settings.DEFAULT.nodeLostGrace().minusSeconds(1));
            assertThat(h.cluster.node(node)).isPresent();
            h.advance(Duration.ofSeconds(1));

            assertThat(h.cluster.node(node)).isEmpty();
            assertThat(h.cluster.disruptions())
                    .hasSize(2)
                    .allSatisfy(d -> assertThat(d.voluntary()).isFalse());
            assertThat(h.cluster.pdbViolations()).isEmpty();
            assertThat(h.cluster.pods())
                    .hasSize(2)
                    .allSatisfy(p -> assertThat(p.isBound()).isFalse());
            assertThat(h.ec2.reclaimedInstances()).containsExactly(lost.instanceId());
            assertThat(h.ec2.terminatedInstances()).isEmpty();
        }

        @Test
        @DisplayName("should keep a terminating pod on a NotReady node until the node is deleted")
        void stuckOnLostNode() {
            ClusterHarness h = harness();
            String node = h.node("plain", TYPE, "on-demand");
            Pod p = h.run(pod("web-0").grace(5), node);
            h.cluster.evict(p);
            h.ec2.reclaim(h.instanceOf(node));

            h.advance(Duration.ofSeconds(10));
            assertThat(h.cluster.pod("default/web-0")).isPresent();
            h.advance(SimulatedCluster.Settings.DEFAULT.nodeLostGrace());
            assertThat(h.cluster.pod("default/web-0")).isEmpty();
        }
    }
}
