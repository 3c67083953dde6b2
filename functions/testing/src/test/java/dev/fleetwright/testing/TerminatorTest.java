package dev.fleetwright.testing;

import static dev.fleetwright.testing.Fixtures.CLUSTER;
import static dev.fleetwright.testing.Fixtures.NODE_CLASS;
import static dev.fleetwright.testing.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetwright.core.api.DisruptionReason;
import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.NodeClaimConditionType;
import dev.fleetwright.core.api.NodeClaimPhase;
import dev.fleetwright.core.api.corev1.LabelSelector;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.Taint;
import dev.fleetwright.core.api.corev1.Toleration;
import dev.fleetwright.core.state.NodeOperations.EvictionResult;
import dev.fleetwright.core.state.VersionedNodeClaim;
import dev.fleetwright.core.termination.Terminator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Specifications of core's {@link Terminator} against the simulated cluster's Eviction API and budgets. */
class TerminatorTest {

    static final Terminator.Settings LONG_PASS =
            new Terminator.Settings(Duration.ofMinutes(5), Duration.ofMillis(100), Duration.ofSeconds(10));

    static final String TYPE = "m5.2xlarge";

    static String pool(String extraSpec) {
        return Fixtures.nodePool("general", "on-demand", "")
                .replace("      nodeClassRef:", extraSpec + "      nodeClassRef:");
    }

    static ClusterHarness harness(String extraSpec) {
        return new ClusterHarness(NODE_CLASS, pool(extraSpec));
    }

    /** Runs passes, each followed by {@code between} of waiting, until the NodeClaim is terminated. */
    static Terminator.Status untilTerminated(ClusterHarness h, Terminator t, String claim, Duration between) {
        for (int pass = 0; pass < 200; pass++) {
            Terminator.Status s = t.terminate(h.claim(claim), DisruptionReason.INTERRUPTED);
            if (s instanceof Terminator.Status.Terminated) {
                return s;
            }
            h.advance(between);
        }
        throw new AssertionError(claim + " not terminated after 200 passes");
    }

    static List<SimulatedCluster.Disruption> disruptionsOf(ClusterHarness h, String podName) {
        return h.cluster.disruptions().stream()
                .filter(d -> d.podKey().equals("default/" + podName))
                .toList();
    }

    static Instant evictedAt(ClusterHarness h, String podName) {
        return disruptionsOf(h, podName).stream()
                .filter(d -> d.kind() == SimulatedCluster.DisruptionKind.EVICTION)
                .findFirst()
                .orElseThrow(() -> new AssertionError(podName + " was never evicted"))
                .at();
    }

    @Nested
    @DisplayName("draining")
    class Draining {

        @Test
        @DisplayName("should taint and label the node, evict its pods, terminate the instance and record Terminated")
        void drainsAndTerminates() {
            ClusterHarness h = harness("");
            String node = h.node("general", TYPE, "on-demand");
            String claim = h.cluster.nodeClaimOf(node).orElseThrow();
            String instance = h.instanceOf(node);
            h.run(pod("web-1").grace(10), node);
            Instant start = h.clock.instant();

            Terminator.Status status = h.terminator(LONG_PASS).terminate(h.claim(claim), DisruptionReason.INTERRUPTED);

            assertThat(status).isInstanceOf(Terminator.Status.Terminated.class);
            assertThat(h.ec2.terminatedInstances()).containsExactly(instance);
            assertThat(h.cluster.node(node)).isEmpty();
            assertThat(h.claim(claim).nodeClaim().status().phase()).isEqualTo(NodeClaimPhase.TERMINATED);
            assertThat(h.claim(claim).nodeClaim().status().disruptionReason()).isEqualTo(DisruptionReason.INTERRUPTED);
            assertThat(evictedAt(h, "web-1")).isEqualTo(start);
            assertThat(h.claim(claim).nodeClaim().status().terminatedAt()).isAfterOrEqualTo(start.plusSeconds(10));
        }

        @Test
        @DisplayName("should put the disrupted taint and the load-balancer exclusion label on the node before evicting")
        void taintsFirst() {
            ClusterHarness h = harness("");
            String node = h.node("general", TYPE, "on-demand");
            String claim = h.cluster.nodeClaimOf(node).orElseThrow();
            h.run(pod("slow").annotations(Map.of(Pod.DO_NOT_DISRUPT_ANNOTATION, "true")), node);

            Terminator.Settings shortPass =
                    new Terminator.Settings(Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(10));
            h.terminator(shortPass).terminate(h.claim(claim), DisruptionReason.INTERRUPTED);

            assertThat(h.cluster.node(node).orElseThrow().taints())
                    .anySatisfy(t ->
                            assertThat(t.matchesKeyAndEffect(Taint.DISRUPTED)).isTrue());
            assertThat(h.cluster.node(node).orElseThrow().metadata().labels())
                    .containsKey(Labels.EXCLUDE_FROM_EXTERNAL_LOAD_BALANCERS);
        }

        @Test
        @DisplayName("should evict in four groups: non-critical, non-critical DaemonSet, critical, critical DaemonSet")
        void evictionOrder() {
            ClusterHarness h = harness("");
            String node = h.node("general", TYPE, "on-demand");
            String claim = h.cluster.nodeClaimOf(node).orElseThrow();
            // Added in reverse order, so the order of eviction cannot come from the order of the pods.
            h.run(
                    pod("critical-ds")
                            .critical()
                            .ownedBy("DaemonSet", "node-agent")
                            .grace(5),
                    node);
            h.run(pod("critical").critical().grace(5), node);
            h.run(pod("plain-ds").ownedBy("DaemonSet", "log-shipper").grace(5), node);
            h.run(pod("plain-a").grace(5), node);
            h.run(pod("plain-b").ownedBy("ReplicaSet", "web-abc").grace(5), node);

            untilTerminated(h, h.terminator(LONG_PASS), claim, Duration.ofSeconds(1));

            Instant plainA = evictedAt(h, "plain-a");
            assertThat(evictedAt(h, "plain-b")).isEqualTo(plainA);
            Instant plainDs = evictedAt(h, "plain-ds");
            Instant critical = evictedAt(h, "critical");
            Instant criticalDs = evictedAt(h, "critical-ds");
            assertThat(plainDs).as("after the first group is gone").isAfterOrEqualTo(plainA.plusSeconds(5));
            assertThat(critical).isAfterOrEqualTo(plainDs.plusSeconds(5));
            assertThat(criticalDs).isAfterOrEqualTo(critical.plusSeconds(5));
        }

        @Test
        @DisplayName("should not wait for pods that tolerate the disrupted taint, nor for mirror pods")
        void skipsToleratingAndMirrorPods() {
            ClusterHarness h = harness("");
            String node = h.node("general", TYPE, "on-demand");
            String claim = h.cluster.nodeClaimOf(node).orElseThrow();
            h.run(pod("tolerant").tolerations(List.of(Toleration.of(Taint.DISRUPTED))), node);
            h.run(
                    pod("tolerates-all")
                            .tolerations(List.of(new Toleration("", Toleration.Operator.EXISTS, "", null, null))),
                    node);
            h.run(pod("static").annotations(Map.of(Pod.MIRROR_POD_ANNOTATION, "abc")), node);
            h.run(pod("node-owned").ownedBy("Node", node), node);
            Instant start = h.clock.instant();

            Terminator.Status status = h.terminator(LONG_PASS).terminate(h.claim(claim), DisruptionReason.INTERRUPTED);

            assertThat(status).isInstanceOf(Terminator.Status.Terminated.class);
            assertThat(h.clock.instant()).as("nothing was waited for").isEqualTo(start);
            assertThat(h.cluster.evictionCalls()).isEmpty();
            assertThat(h.cluster.disruptions())
                    .extracting(SimulatedCluster.Disruption::kind)
                    .containsOnly(SimulatedCluster.DisruptionKind.NODE_DELETION);
        }

        @Test
        @DisplayName("should wait for attached volumes after the pods left")
        void waitsForVolumes() {
            ClusterHarness h = harness("");
            String node = h.node("general", TYPE, "on-demand");
            String claim = h.cluster.nodeClaimOf(node).orElseThrow();
            h.cluster.setAttachedVolumes(node, 2);
            Terminator.Settings shortPass =
                    new Terminator.Settings(Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofSeconds(10));

            Terminator.Status first = h.terminator(shortPass).terminate(h.claim(claim), DisruptionReason.INTERRUPTED);
            h.cluster.setAttachedVolumes(node, 0);
            Terminator.Status second = h.terminator(shortPass).terminate(h.claim(claim), DisruptionReason.INTERRUPTED);

            assertThat(first)
                    .isInstanceOfSatisfying(
                            Terminator.Status.Draining.class,
                            d -> assertThat(d.attachedVolumes()).isEqualTo(2));
            assertThat(second).isInstanceOf(Terminator.Status.Terminated.class);
        }
    }

    @Nested
    @DisplayName("do-not-disrupt pods")
    class DoNotDisrupt {

        @Test
        @DisplayName("should never evict a do-not-disrupt pod and keep draining while it runs")
        void neverEvicted() {
            ClusterHarness h = harness("");
            String node = h.node("general", TYPE, "on-demand");
            String claim = h.cluster.nodeClaimOf(node).orElseThrow();
            h.run(pod("batch").annotations(Map.of(Pod.DO_NOT_DISRUPT_ANNOTATION, "true")), node);
            h.run(pod("web").grace(1), node);
            Terminator t = h.terminator(Terminator.Settings.DEFAULT);

            Terminator.Status last = null;
            for (int pass = 0; pass < 5; pass++) {
                last = t.terminate(h.claim(claim), DisruptionReason.INTERRUPTED);
                h.advance(Duration.ofSeconds(5));
            }

            assertThat(last).isInstanceOfSatisfying(Terminator.Status.Draining.class, d -> {
                assertThat(d.waitingPods()).isEqualTo(1);
                assertThat(d.doNotDisrupt()).isEqualTo(1);
            });
            assertThat(h.cluster.evictionCalls())
                    .extracting(SimulatedCluster.EvictionCall::podKey)
                    .containsOnly("default/web");
            assertThat(h.cluster.pod("default/batch")).isPresent();
            assertThat(h.claim(claim).nodeClaim().status().phase()).isEqualTo(NodeClaimPhase.DRAINING);
        }

        @Test
        @DisplayName("should delete a do-not-disrupt pod at the terminationGracePeriod deadline minus its own grace")
        void deletedAtDeadline() {
            ClusterHarness h = harness("      terminationGracePeriod: 2m\n");
            String node = h.node("general", TYPE, "on-demand");
            String claim = h.cluster.nodeClaimOf(node).orElseThrow();
            h.run(
                    pod("batch")
                            .annotations(Map.of(Pod.DO_NOT_DISRUPT_ANNOTATION, "true"))
                            .grace(30),
                    node);
            Instant start = h.clock.instant();
            Instant deadline = start.plus(Duration.ofMinutes(2));

            untilTerminated(h, h.terminator(Terminator.Settings.DEFAULT), claim, Duration.ofSeconds(5));

            assertThat(h.cluster.evictionCalls()).isEmpty();
            assertThat(disruptionsOf(h, "batch")).singleElement().satisfies(d -> {
                assertThat(d.kind()).isEqualTo(SimulatedCluster.DisruptionKind.DELETION);
                assertThat(d.at()).isBetween(deadline.minusSeconds(30), deadline.minusSeconds(29));
            });
            assertThat(h.claim(claim).nodeClaim().status().terminatedAt())
                    .as("the pod had its full grace and the node went at the deadline")
                    .isBetween(deadline.minusSeconds(1), deadline.plusSeconds(6));
        }

        @Test
        @DisplayName("should give a pod whose grace exceeds the time left only the time left")
        void graceClampedToDeadline() {
            ClusterHarness h = harness("      terminationGracePeriod: 1m\n");
            String node = h.node("general", TYPE, "on-demand");
            String claim = h.cluster.nodeClaimOf(node).orElseThrow();
            h.run(
                    pod("db")
                            .annotations(Map.of(Pod.DO_NOT_DISRUPT_ANNOTATION, "true"))
                            .grace(600),
                    node);
            Instant deadline = h.clock.instant().plus(Duration.ofMinutes(1));

            h.terminator(Terminator.Settings.DEFAULT).terminate(h.claim(claim), DisruptionReason.INTERRUPTED);

            Pod db = h.cluster.pod("default/db").orElseThrow();
            assertThat(db.isTerminating()).isTrue();
            assertThat(db.metadata().deletionTimestamp()).isBetween(deadline.minusSeconds(1), deadline);
        }
    }

    @Nested
    @DisplayName("PodDisruptionBudgets")
    class Budgets {

        static final LabelSelector WEB = LabelSelector.of(Map.of("app", "web"));

        @Test
        @DisplayName(
                "should evict only what the budget allows and report the blocked pods when nothing can replace them")
        void blocked() {
            ClusterHarness h = harness("");
            String node = h.node("general", TYPE, "on-demand");
            String claim = h.cluster.nodeClaimOf(node).orElseThrow();
            for (int i = 0; i < 4; i++) {
                h.run(pod("web-" + i).labels(Map.of("app", "web")).ownedBy("ReplicaSet", "web-rs"), node);
            }
            h.cluster.putPodDisruptionBudget(PodDisruptionBudget.minAvailable(
                    "default", "web", WEB, PodDisruptionBudget.IntOrPercent.parse("3")));

            Terminator.Status status =
                    h.terminator(Terminator.Settings.DEFAULT).terminate(h.claim(claim), DisruptionReason.INTERRUPTED);

            assertThat(status).isInstanceOfSatisfying(Terminator.Status.Draining.class, d -> {
                assertThat(d.waitingPods()).isEqualTo(4);
                assertThat(d.blockedByDisruptionBudget()).isEqualTo(3);
            });
            assertThat(h.cluster.disruptions())
                    .filteredOn(d -> d.kind() == SimulatedCluster.DisruptionKind.EVICTION)
                    .hasSize(1);
            assertThat(h.cluster.evictionCalls())
                    .extracting(SimulatedCluster.EvictionCall::result)
                    .contains(EvictionResult.BLOCKED_BY_DISRUPTION_BUDGET);
            assertThat(h.cluster.pdbViolations()).isEmpty();
        }

        @Test
        @DisplayName(
                "should evict the next pod once a replacement is healthy elsewhere, never going below minAvailable")
        void waitsForReplacements() {
            ClusterHarness h = harness("");
            String node = h.node("general", TYPE, "on-demand");
            String spare = h.node("general", TYPE, "on-demand");
            String claim = h.cluster.nodeClaimOf(node).orElseThrow();
            for (int i = 0; i < 4; i++) {
                h.run(
                        pod("web-" + i)
                                .labels(Map.of("app", "web"))
                                .ownedBy("ReplicaSet", "web-rs")
                                .grace(3),
                        node);
            }
            h.cluster.putPodDisruptionBudget(PodDisruptionBudget.minAvailable(
                    "default", "web", WEB, PodDisruptionBudget.IntOrPercent.parse("3")));
            int[] minHealthy = {Integer.MAX_VALUE};
            Terminator t = new Terminator(
                    CLUSTER,
                    h.store,
                    h.cluster,
                    h.ec2,
                    h.clock,
                    d -> {
                        h.cluster.advance(d);
                        minHealthy[0] = Math.min(
                                minHealthy[0],
                                h.cluster.pdbStatus("default/web").currentHealthy());
                    },
                    Terminator.Settings.DEFAULT);

            Terminator.Status status = untilTerminated(h, t, claim, Duration.ofSeconds(5));

            assertThat(status).isInstanceOf(Terminator.Status.Terminated.class);
            List<Instant> evictions = h.cluster.disruptions().stream()
                    .filter(d -> d.kind() == SimulatedCluster.DisruptionKind.EVICTION)
                    .map(SimulatedCluster.Disruption::at)
                    .toList();
            assertThat(evictions).hasSize(4);
            for (int i = 1; i < evictions.size(); i++) {
                assertThat(evictions.get(i))
                        .as("each eviction waits for the previous replacement to start")
                        .isAfterOrEqualTo(evictions.get(i - 1).plus(SimulatedCluster.Settings.DEFAULT.podStartDelay()));
            }
            assertThat(h.cluster.pdbViolations()).isEmpty();
            assertThat(minHealthy[0]).isEqualTo(3);
            assertThat(h.cluster.pods())
                    .filteredOn(p -> "web".equals(p.metadata().labels().get("app")))
                    .hasSize(4)
                    .allSatisfy(p -> assertThat(p.spec().nodeName()).isEqualTo(spare));
        }

        @Test
        @DisplayName("should violate no budget before the terminationGracePeriod deadline, then delete the blocked pods"
                + " so that their own grace ends at the deadline")
        void budgetHoldsUntilDeadline() {
            ClusterHarness h = harness("      terminationGracePeriod: 2m\n");
            String node = h.node("general", TYPE, "on-demand");
            String claim = h.cluster.nodeClaimOf(node).orElseThrow();
            for (int i = 0; i < 4; i++) {
                h.run(
                        pod("web-" + i)
                                .labels(Map.of("app", "web"))
                                .ownedBy("ReplicaSet", "web-rs")
                                .grace(30),
                        node);
            }
            h.cluster.putPodDisruptionBudget(PodDisruptionBudget.minAvailable(
                    "default", "web", WEB, PodDisruptionBudget.IntOrPercent.parse("3")));
            Instant deadline = h.clock.instant().plus(Duration.ofMinutes(2));
            Instant forced = deadline.minusSeconds(30);

            untilTerminated(h, h.terminator(Terminator.Settings.DEFAULT), claim, Duration.ofSeconds(5));

            List<SimulatedCluster.Disruption> disruptions = h.cluster.disruptions();
            assertThat(disruptions)
                    .as("before the deadline minus the pods' grace only the eviction the budget allowed")
                    .filteredOn(d -> d.at().isBefore(forced))
                    .singleElement()
                    .satisfies(d -> assertThat(d.kind()).isEqualTo(SimulatedCluster.DisruptionKind.EVICTION));
            assertThat(h.cluster.pdbViolations())
                    .as("no budget violated before the forced deletions")
                    .allSatisfy(v -> assertThat(v.at()).isAfterOrEqualTo(forced));
            assertThat(disruptions)
                    .filteredOn(d -> d.kind() == SimulatedCluster.DisruptionKind.DELETION)
                    .hasSize(3)
                    .allSatisfy(d -> assertThat(d.at()).isBetween(forced, forced.plusSeconds(5)));
            assertThat(h.cluster.evictionCalls())
                    .extracting(SimulatedCluster.EvictionCall::result)
                    .contains(EvictionResult.BLOCKED_BY_DISRUPTION_BUDGET);
            assertThat(h.claim(claim).nodeClaim().status().terminatedAt())
                    .as("the node went at the deadline, after the deleted pods' grace")
                    .isBetween(deadline.minusSeconds(1), deadline.plusSeconds(6));
        }

        @Test
        @DisplayName("should treat a pod selected by two budgets as not evictable, and keep retrying")
        void misconfigured() {
            ClusterHarness h = harness("");
            String node = h.node("general", TYPE, "on-demand");
            String claim = h.cluster.nodeClaimOf(node).orElseThrow();
            h.run(pod("web-0").labels(Map.of("app", "web")), node);
            h.cluster.putPodDisruptionBudget(PodDisruptionBudget.maxUnavailable(
                    "default", "a", WEB, PodDisruptionBudget.IntOrPercent.parse("1")));
            h.cluster.putPodDisruptionBudget(PodDisruptionBudget.maxUnavailable(
                    "default", "b", WEB, PodDisruptionBudget.IntOrPercent.parse("1")));

            Terminator.Status status =
                    h.terminator(Terminator.Settings.DEFAULT).terminate(h.claim(claim), DisruptionReason.INTERRUPTED);

            assertThat(status)
                    .isInstanceOfSatisfying(
                            Terminator.Status.Draining.class,
                            d -> assertThat(d.blockedByDisruptionBudget()).isEqualTo(1));
            assertThat(h.cluster.evictionCalls())
                    .hasSizeGreaterThan(1)
                    .extracting(SimulatedCluster.EvictionCall::result)
                    .containsOnly(EvictionResult.MISCONFIGURED_BUDGETS);
        }

        @Test
        @DisplayName("should back off exponentially from 100 ms to at most 10 s between refused evictions")
        void backoff() {
            ClusterHarness h = harness("");
            String node = h.node("general", TYPE, "on-demand");
            String claim = h.cluster.nodeClaimOf(node).orElseThrow();
            h.run(pod("web-0").labels(Map.of("app", "web")).ownedBy("ReplicaSet", "web-rs"), node);
            h.cluster.putPodDisruptionBudget(PodDisruptionBudget.maxUnavailable(
                    "default", "web", WEB, PodDisruptionBudget.IntOrPercent.parse("0")));
            Terminator.Settings minute =
                    new Terminator.Settings(Duration.ofSeconds(60), Duration.ofMillis(100), Duration.ofSeconds(10));

            h.terminator(minute).terminate(h.claim(claim), DisruptionReason.INTERRUPTED);

            List<Instant> calls = h.cluster.evictionCalls().stream()
                    .map(SimulatedCluster.EvictionCall::at)
                    .toList();
            assertThat(calls).hasSizeGreaterThan(8);
            assertThat(Duration.between(calls.get(0), calls.get(1))).isEqualTo(Duration.ofMillis(100));
            assertThat(Duration.between(calls.get(1), calls.get(2))).isEqualTo(Duration.ofMillis(200));
            assertThat(Duration.between(calls.get(2), calls.get(3))).isEqualTo(Duration.ofMillis(400));
            assertThat(Duration.between(calls.get(calls.size() - 2), calls.get(calls.size() - 1)))
                    .isEqualTo(Duration.ofSeconds(10));
        }
    }

    @Nested
    @DisplayName("resumption")
    class Resumption {

        @Test
        @DisplayName("should resume a drain from the stored NodeClaim, keeping the deadline of the first pass")
        void resumesFromStoredState() {
            ClusterHarness h = harness("      terminationGracePeriod: 3m\n");
            String node = h.node("general", TYPE, "on-demand");
            String claim = h.cluster.nodeClaimOf(node).orElseThrow();
            h.run(
                    pod("batch")
                            .annotations(Map.of(Pod.DO_NOT_DISRUPT_ANNOTATION, "true"))
                            .grace(20),
                    node);
            Instant drainStart = h.clock.instant();

            Terminator.Status first =
                    h.terminator(Terminator.Settings.DEFAULT).terminate(h.claim(claim), DisruptionReason.INTERRUPTED);
            VersionedNodeClaim stored = h.claim(claim);
            h.advance(Duration.ofSeconds(90));
            // A later invocation: a new terminator that knows only what the store says.
            Terminator.Status resumed =
                    untilTerminated(h, h.terminator(Terminator.Settings.DEFAULT), claim, Duration.ofSeconds(5));

            assertThat(first).isInstanceOf(Terminator.Status.Draining.class);
            assertThat(stored.nodeClaim().status().phase()).isEqualTo(NodeClaimPhase.DRAINING);
            assertThat(stored.nodeClaim().status().condition(NodeClaimConditionType.DRAINED))
                    .hasValueSatisfying(c -> assertThat(c.lastTransitionTime()).isEqualTo(drainStart));
            assertThat(resumed).isInstanceOf(Terminator.Status.Terminated.class);
            Instant deadline = drainStart.plus(Duration.ofMinutes(3));
            assertThat(disruptionsOf(h, "batch"))
                    .singleElement()
                    .satisfies(d -> assertThat(d.at()).isBetween(deadline.minusSeconds(20), deadline.minusSeconds(14)));
            assertThat(h.claim(claim).nodeClaim().status().isTrue(NodeClaimConditionType.DRAINED))
                    .isTrue();
        }

        @Test
        @DisplayName(
                "should not drain a NotReady node whose instance is gone: delete it at once so its pods are replaced")
        void instanceGoneNodeNotReady() {
            ClusterHarness h = harness("");
            String node = h.node("general", TYPE, "on-demand");
            String claim = h.cluster.nodeClaimOf(node).orElseThrow();
            for (int i = 0; i < 3; i++) {
                h.run(pod("web-" + i).labels(Map.of("app", "web")).ownedBy("ReplicaSet", "web-rs"), node);
            }
            h.cluster.putPodDisruptionBudget(PodDisruptionBudget.maxUnavailable(
                    "default", "web", Budgets.WEB, PodDisruptionBudget.IntOrPercent.parse("1")));
            h.ec2.reclaim(h.instanceOf(node));
            h.cluster.step();
            assertThat(h.cluster.node(node).orElseThrow().ready()).isFalse();
            Instant start = h.clock.instant();

            Terminator.Status status =
                    h.terminator(Terminator.Settings.DEFAULT).terminate(h.claim(claim), DisruptionReason.INTERRUPTED);

            assertThat(status).isInstanceOf(Terminator.Status.Terminated.class);
            assertThat(h.clock.instant())
                    .as("nothing waited for the node lifecycle")
                    .isEqualTo(start);
            assertThat(h.cluster.evictionCalls()).isEmpty();
            assertThat(h.cluster.node(node)).isEmpty();
            assertThat(h.cluster.pods())
                    .as("replaced by their ReplicaSet at once")
                    .hasSize(3)
                    .allSatisfy(p -> assertThat(p.isBound()).isFalse());
        }

        @Test
        @DisplayName("should still drain a node that is Ready though EC2 no longer lists its instance")
        void instanceGoneNodeReady() {
            ClusterHarness h = harness("");
            String node = h.node("general", TYPE, "on-demand");
            String claim = h.cluster.nodeClaimOf(node).orElseThrow();
            h.run(pod("web-0"), node);
            h.ec2.reclaim(h.instanceOf(node));

            h.terminator(Terminator.Settings.DEFAULT).terminate(h.claim(claim), DisruptionReason.INTERRUPTED);

            assertThat(h.cluster.evictionCalls())
                    .as("the kubelet may still run: drain as usual")
                    .isNotEmpty();
        }

        @Test
        @DisplayName("should finish when the node is already gone, and treat an instance EC2 reclaimed as terminated")
        void nodeAndInstanceGone() {
            ClusterHarness h = harness("");
            String node = h.node("general", TYPE, "on-demand");
            String claim = h.cluster.nodeClaimOf(node).orElseThrow();
            h.ec2.reclaim(h.instanceOf(node));
            h.advance(SimulatedCluster.Settings.DEFAULT.nodeLostGrace().plusSeconds(1));
            assertThat(h.cluster.node(node)).isEmpty();

            Terminator.Status status =
                    h.terminator(Terminator.Settings.DEFAULT).terminate(h.claim(claim), DisruptionReason.INTERRUPTED);

            assertThat(status).isInstanceOf(Terminator.Status.Terminated.class);
            assertThat(h.ec2.terminatedInstances()).isEmpty();
            assertThat(h.claim(claim).nodeClaim().status().phase()).isEqualTo(NodeClaimPhase.TERMINATED);
        }
    }
}
