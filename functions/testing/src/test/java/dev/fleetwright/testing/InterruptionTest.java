package dev.fleetwright.testing;

import static dev.fleetwright.testing.Fixtures.CLUSTER;
import static dev.fleetwright.testing.Fixtures.NODE_CLASS;
import static dev.fleetwright.testing.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.fleetwright.core.api.NodeClaimPhase;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.cloudprovider.CapacityType;
import dev.fleetwright.core.cloudprovider.OfferingKey;
import dev.fleetwright.core.interruption.Interruption;
import dev.fleetwright.core.interruption.Interruption.Action;
import dev.fleetwright.core.interruption.InterruptionMessage;
import dev.fleetwright.core.state.UnavailableOfferings;
import dev.fleetwright.core.termination.Terminator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Specifications of core's {@link Interruption} use case on the simulated cluster. */
class InterruptionTest {

    static final String TYPE = "m5.2xlarge";
    static final String REBALANCE_OPT_IN =
            "  annotations:\n    " + Interruption.DRAIN_ON_REBALANCE_ANNOTATION + ": \"true\"";

    ClusterHarness h;
    Interruption interruption;
    String node;
    String claim;
    String instance;
    Instant now;

    @BeforeEach
    void setUp() {
        h = new ClusterHarness(
                NODE_CLASS,
                Fixtures.nodePool("spot", "spot", ""),
                Fixtures.nodePool("eager", "spot", REBALANCE_OPT_IN));
        interruption = h.interruption(h.terminator(Terminator.Settings.DEFAULT));
        node = h.node("spot", TYPE, "spot");
        claim = h.cluster.nodeClaimOf(node).orElseThrow();
        instance = h.instanceOf(node);
        h.run(pod("web-0").grace(5), node);
        now = h.clock.instant();
    }

    NodeClaimPhase phase(String name) {
        return h.claim(name).nodeClaim().status().phase();
    }

    Interruption.Outcome only(List<Interruption.Outcome> outcomes) {
        assertThat(outcomes).hasSize(1);
        return outcomes.get(0);
    }

    @Nested
    @DisplayName("spot interruption warning")
    class SpotWarning {

        @Test
        @DisplayName(
                "should mark the offering unavailable for 3 minutes, ask for replacements, then drain and terminate")
        void drains() {
            Interruption.Outcome o = only(interruption.handle(
                    new InterruptionMessage.SpotInterruptionWarning("e-1", now, instance, "terminate")));

            assertThat(o.action()).isEqualTo(Action.CORDON_AND_DRAIN);
            assertThat(o.cluster()).isEqualTo(CLUSTER);
            assertThat(o.nodeClaimName()).isEqualTo(claim);
            assertThat(o.status()).isInstanceOf(Terminator.Status.Terminated.class);
            assertThat(o.continueAfter()).isNull();
            String zone = h.claim(claim).nodeClaim().status().zone();
            OfferingKey key = new OfferingKey(TYPE, zone, CapacityType.SPOT);
            assertThat(h.unavailable.unavailable(now)).containsExactly(key);
            assertThat(h.unavailable.unavailable(
                            now.plus(UnavailableOfferings.DEFAULT_TTL).minusSeconds(1)))
                    .containsExactly(key);
            assertThat(h.unavailable.unavailable(now.plus(UnavailableOfferings.DEFAULT_TTL)))
                    .isEmpty();
            assertThat(h.provisionRequests).singleElement().satisfies(r -> {
                assertThat(r.at()).as("before the drain waited").isEqualTo(now);
                assertThat(r.cluster()).isEqualTo(CLUSTER);
                assertThat(r.reason()).contains(instance);
            });
            assertThat(phase(claim)).isEqualTo(NodeClaimPhase.TERMINATED);
        }

        @Test
        @DisplayName(
                "should ask to be called again when the drain outlives the pass, and not ask for replacements twice")
        void continues() {
            h.run(pod("batch").annotations(Map.of(Pod.DO_NOT_DISRUPT_ANNOTATION, "true")), node);
            InterruptionMessage warning =
                    new InterruptionMessage.SpotInterruptionWarning("e-1", now, instance, "terminate");

            Interruption.Outcome first = only(interruption.handle(warning));
            Interruption.Outcome duplicate = only(interruption.handle(warning));

            assertThat(first.status()).isInstanceOf(Terminator.Status.Draining.class);
            assertThat(first.continueAfter()).isEqualTo(Interruption.CONTINUE_AFTER);
            assertThat(duplicate.action()).isEqualTo(Action.CORDON_AND_DRAIN);
            assertThat(duplicate.continueAfter()).isEqualTo(Interruption.CONTINUE_AFTER);
            assertThat(h.provisionRequests).hasSize(1);
            assertThat(phase(claim)).isEqualTo(NodeClaimPhase.DRAINING);
        }
    }

    @Nested
    @DisplayName("rebalance recommendation")
    class Rebalance {

        @Test
        @DisplayName("should only record it, leaving the node alone")
        void recorded() {
            Interruption.Outcome o =
                    only(interruption.handle(new InterruptionMessage.RebalanceRecommendation("e-1", now, instance)));

            assertThat(o.action()).isEqualTo(Action.RECORDED);
            assertThat(o.status()).isNull();
            assertThat(phase(claim)).isEqualTo(NodeClaimPhase.INITIALIZED);
            assertThat(h.unavailable.unavailable(now)).isEmpty();
            assertThat(h.provisionRequests).isEmpty();
            assertThat(h.cluster.evictionCalls()).isEmpty();
        }

        @Test
        @DisplayName("should drain when the NodePool opts in with fleetwright.dev/drain-on-rebalance: \"true\"")
        void drainsWhenOptedIn() {
            String eagerNode = h.node("eager", TYPE, "spot");
            String eagerClaim = h.cluster.nodeClaimOf(eagerNode).orElseThrow();

            Interruption.Outcome o = only(interruption.handle(
                    new InterruptionMessage.RebalanceRecommendation("e-1", now, h.instanceOf(eagerNode))));

            assertThat(o.action()).isEqualTo(Action.CORDON_AND_DRAIN);
            assertThat(phase(eagerClaim)).isEqualTo(NodeClaimPhase.TERMINATED);
            assertThat(h.unavailable.unavailable(h.clock.instant()))
                    .as("a rebalance is no capacity signal")
                    .isEmpty();
        }
    }

    @Nested
    @DisplayName("state change")
    class StateChange {

        @ParameterizedTest(name = "state {0}")
        @ValueSource(strings = {"pending", "running"})
        @DisplayName("should record a change to pending or running")
        void recorded(String state) {
            Interruption.Outcome o =
                    only(interruption.handle(new InterruptionMessage.StateChange("e-1", now, instance, state)));

            assertThat(o.action()).isEqualTo(Action.RECORDED);
            assertThat(phase(claim)).isEqualTo(NodeClaimPhase.INITIALIZED);
        }

        @ParameterizedTest(name = "state {0}")
        @ValueSource(strings = {"stopping", "stopped", "shutting-down", "terminated"})
        @DisplayName("should drain on stopping, stopped, shutting-down and terminated")
        void drains(String state) {
            Interruption.Outcome o =
                    only(interruption.handle(new InterruptionMessage.StateChange("e-1", now, instance, state)));

            assertThat(o.action()).isEqualTo(Action.CORDON_AND_DRAIN);
            assertThat(phase(claim)).isEqualTo(NodeClaimPhase.TERMINATED);
            assertThat(h.unavailable.unavailable(now)).isEmpty();
        }
    }

    @Nested
    @DisplayName("scheduled change and capacity reservation")
    class ScheduledChange {

        @Test
        @DisplayName("should drain every instance of a scheduled change and ignore the ones it does not own")
        void severalInstances() {
            String second = h.node("spot", TYPE, "spot");
            String secondInstance = h.instanceOf(second);
            String secondClaim = h.cluster.nodeClaimOf(second).orElseThrow();

            List<Interruption.Outcome> outcomes = interruption.handle(new InterruptionMessage.ScheduledChange(
                    "e-1",
                    now,
                    "AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED",
                    List.of(instance, "i-0notours", secondInstance),
                    now.plus(Duration.ofDays(3))));

            assertThat(outcomes)
                    .extracting(Interruption.Outcome::instanceId, Interruption.Outcome::action)
                    .containsExactly(
                            tuple(instance, Action.CORDON_AND_DRAIN),
                            tuple("i-0notours", Action.IGNORED_NOT_OWNED),
                            tuple(secondInstance, Action.CORDON_AND_DRAIN));
            assertThat(phase(claim)).isEqualTo(NodeClaimPhase.TERMINATED);
            assertThat(phase(secondClaim)).isEqualTo(NodeClaimPhase.TERMINATED);
        }

        @Test
        @DisplayName("should ask for the replacements of every instance before a drain pass waits")
        void replacementsFirst() {
            String second = h.node("spot", TYPE, "spot");
            h.run(pod("batch-1").annotations(Map.of(Pod.DO_NOT_DISRUPT_ANNOTATION, "true")), node);
            h.run(pod("batch-2").annotations(Map.of(Pod.DO_NOT_DISRUPT_ANNOTATION, "true")), second);
            Instant received = h.clock.instant();

            interruption.handle(new InterruptionMessage.ScheduledChange(
                    "e-1",
                    received,
                    "AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED",
                    List.of(instance, h.instanceOf(second)),
                    null));

            assertThat(h.provisionRequests)
                    .hasSize(2)
                    .allSatisfy(r -> assertThat(r.at()).isEqualTo(received));
            assertThat(h.cluster.disruptions())
                    .filteredOn(d -> d.podKey().equals("default/web-0"))
                    .singleElement()
                    .satisfies(d -> assertThat(d.at()).isEqualTo(received));
        }

        @Test
        @DisplayName("should ask for every replacement of a batch before the first drain pass waits")
        void batchReplacementsFirst() {
            String second = h.node("spot", TYPE, "spot");
            h.run(pod("batch-1").annotations(Map.of(Pod.DO_NOT_DISRUPT_ANNOTATION, "true")), node);
            h.run(pod("batch-2").annotations(Map.of(Pod.DO_NOT_DISRUPT_ANNOTATION, "true")), second);
            Instant received = h.clock.instant();

            List<Interruption.MessageResult> results = interruption.handleAll(List.of(
                    new InterruptionMessage.SpotInterruptionWarning("e-1", received, instance, "terminate"),
                    new InterruptionMessage.SpotInterruptionWarning(
                            "e-2", received, h.instanceOf(second), "terminate")));

            // Both drains wait on do-not-disrupt pods for a whole pass; the second replacement must not wait for the
            // first pass.
            assertThat(results).allSatisfy(r -> assertThat(r.failure()).isNull());
            assertThat(h.provisionRequests)
                    .hasSize(2)
                    .allSatisfy(r -> assertThat(r.at()).isEqualTo(received));
        }

        @Test
        @DisplayName("should report a failing message of a batch without stopping the others")
        void batchIsolation() {
            Interruption broken = new Interruption(
                    h.store,
                    h.unavailable,
                    (cluster, reason) -> {
                        throw new IllegalStateException("provisioning queue unavailable");
                    },
                    cluster -> h.terminator(Terminator.Settings.DEFAULT),
                    cluster -> List.of(),
                    h.clock);

            List<Interruption.MessageResult> results = broken.handleAll(List.of(
                    new InterruptionMessage.SpotInterruptionWarning("e-1", now, instance, "terminate"),
                    new InterruptionMessage.SpotInterruptionWarning("e-2", now, "i-notours", "terminate")));

            assertThat(results.get(0).failure()).hasMessageContaining("provisioning queue unavailable");
            assertThat(results.get(1).failure()).isNull();
            assertThat(results.get(1).outcomes())
                    .singleElement()
                    .satisfies(o -> assertThat(o.action()).isEqualTo(Action.IGNORED_NOT_OWNED));
        }

        @Test
        @DisplayName("should drain on a capacity reservation interruption")
        void capacityReservation() {
            Interruption.Outcome o = only(interruption.handle(
                    new InterruptionMessage.CapacityReservationInterruption("e-1", now, instance, "cr-0123")));

            assertThat(o.action()).isEqualTo(Action.CORDON_AND_DRAIN);
            assertThat(phase(claim)).isEqualTo(NodeClaimPhase.TERMINATED);
        }
    }

    @Nested
    @DisplayName("instances and NodeClaims that need nothing")
    class Ignored {

        @Test
        @DisplayName("should ignore an instance no NodeClaim owns")
        void notOwned() {
            Interruption.Outcome o = only(interruption.handle(
                    new InterruptionMessage.SpotInterruptionWarning("e-1", now, "i-0notours", "terminate")));

            assertThat(o.action()).isEqualTo(Action.IGNORED_NOT_OWNED);
            assertThat(o.cluster()).isEmpty();
            assertThat(h.unavailable.unavailable(now)).isEmpty();
            assertThat(h.provisionRequests).isEmpty();
        }

        @Test
        @DisplayName("should ignore a warning for a NodeClaim already terminated, and not mark its offering again")
        void lateWarning() {
            InterruptionMessage warning =
                    new InterruptionMessage.SpotInterruptionWarning("e-1", now, instance, "terminate");
            interruption.handle(warning);
            h.advance(Duration.ofMinutes(4));

            Interruption.Outcome late = only(interruption.handle(warning));

            assertThat(late.action()).isEqualTo(Action.IGNORED_ALREADY_GONE);
            assertThat(h.unavailable.unavailable(h.clock.instant())).isEmpty();
            assertThat(h.provisionRequests).hasSize(1);
        }

        @Test
        @DisplayName("should ignore a drain continuation for a NodeClaim that is terminated or unknown")
        void continuationOfTerminated() {
            interruption.handle(new InterruptionMessage.SpotInterruptionWarning("e-1", now, instance, "terminate"));
            assertThat(phase(claim)).isEqualTo(NodeClaimPhase.TERMINATED);

            Interruption.Outcome o = only(interruption.handle(
                    new InterruptionMessage.ContinueDrain("c-1", h.clock.instant(), CLUSTER, claim)));
            Interruption.Outcome unknown = only(interruption.handle(
                    new InterruptionMessage.ContinueDrain("c-2", h.clock.instant(), CLUSTER, "spot-nobody")));

            assertThat(o.action()).isEqualTo(Action.IGNORED_ALREADY_GONE);
            assertThat(o.status()).isNull();
            assertThat(unknown.action()).isEqualTo(Action.IGNORED_ALREADY_GONE);
        }

        @Test
        @DisplayName("should continue a drain from a continuation without asking for replacements again")
        void continuation() {
            h.run(
                    pod("batch")
                            .annotations(Map.of(Pod.DO_NOT_DISRUPT_ANNOTATION, "true"))
                            .grace(1),
                    node);
            interruption.handle(new InterruptionMessage.SpotInterruptionWarning("e-1", now, instance, "terminate"));
            h.cluster.deletePod(h.cluster.pod("default/batch").orElseThrow(), 1);
            h.advance(Duration.ofSeconds(5));

            Interruption.Outcome o = only(interruption.handle(
                    new InterruptionMessage.ContinueDrain("c-1", h.clock.instant(), CLUSTER, claim)));

            assertThat(o.action()).isEqualTo(Action.CORDON_AND_DRAIN);
            assertThat(o.instanceId()).isEqualTo(instance);
            assertThat(o.status()).isInstanceOf(Terminator.Status.Terminated.class);
            assertThat(h.provisionRequests).hasSize(1);
        }
    }
}
