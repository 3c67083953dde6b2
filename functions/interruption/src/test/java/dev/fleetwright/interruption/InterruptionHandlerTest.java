package dev.fleetwright.interruption;

import static dev.fleetwright.interruption.Fixtures.CLUSTER;
import static dev.fleetwright.interruption.Fixtures.CONTINUED_NODE_CLAIM;
import static dev.fleetwright.interruption.Fixtures.RESERVED_INSTANCE;
import static dev.fleetwright.interruption.Fixtures.RETIRING_1;
import static dev.fleetwright.interruption.Fixtures.RETIRING_2;
import static dev.fleetwright.interruption.Fixtures.SPOT_INSTANCE;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.fleetwright.aws.events.FleetwrightEvents;
import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.NodeClaim;
import dev.fleetwright.core.api.NodeClaimPhase;
import dev.fleetwright.core.api.corev1.Taint;
import dev.fleetwright.core.cloudprovider.CapacityType;
import dev.fleetwright.core.cloudprovider.OfferingKey;
import dev.fleetwright.core.interruption.Interruption;
import dev.fleetwright.core.state.ConflictException;
import dev.fleetwright.core.state.NodeClaimStore;
import dev.fleetwright.core.state.VersionedNodeClaim;
import dev.fleetwright.testing.InMemoryNodeClaimStore;
import dev.fleetwright.testing.InMemoryUnavailableOfferings;
import dev.fleetwright.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The handler driven by the SQS events in {@code events/interruption/} (deserialized by the Lambda runtime's own
 * serializer through {@link EventLoader}), on the in-memory store and offerings of {@code functions/testing}, a fake
 * cluster and a virtual clock that the eviction back-off advances.
 */
@DisplayName("InterruptionHandler")
class InterruptionHandlerTest {

    private static final Instant SPOT_EVENT_TIME = Instant.parse("2026-11-22T10:00:00Z");

    private final MutableClock clock = new MutableClock(SPOT_EVENT_TIME.plusSeconds(2));
    private NodeClaimStore store = new InMemoryNodeClaimStore();
    private final InMemoryUnavailableOfferings offerings = new InMemoryUnavailableOfferings();
    private final List<String> provisioningRequests = new ArrayList<>();
    /** How many Kubernetes node calls had been made when each provisioning request was sent. */
    private final List<Integer> nodeCallsAtProvisioningRequests = new ArrayList<>();

    private final List<Continuation> continuations = new ArrayList<>();
    private final FakeClusterPorts clusters = new FakeClusterPorts();
    private final List<InterruptionMetrics.Datum> metrics = new ArrayList<>();
    private final List<Duration> sleeps = new ArrayList<>();
    private InterruptionSettings settings = settings(Duration.ofSeconds(20));

    private record Continuation(String cluster, String nodeClaim, Duration delay) {}

    private static InterruptionSettings settings(Duration drainPass) {
        return new InterruptionSettings(
                List.of(CLUSTER),
                "fleetwright-NodeClaims",
                "fleetwright-State",
                "https://sqs.us-east-1.amazonaws.com/123456789012/fleetwright-provisioning",
                "https://sqs.us-east-1.amazonaws.com/123456789012/fleetwright-interruption",
                drainPass,
                "us-east-1",
                "Fleetwright");
    }

    private InterruptionHandler handler() {
        return new InterruptionHandler(new InterruptionHandler.Ports(
                settings,
                store,
                offerings,
                (cluster, reason) -> {
                    provisioningRequests.add(cluster + ": " + reason);
                    nodeCallsAtProvisioningRequests.add(clusters.nodes.calls.size());
                },
                (cluster, nodeClaim, delay) -> continuations.add(new Continuation(cluster, nodeClaim, delay)),
                clusters,
                metrics::addAll,
                clock,
                d -> {
                    sleeps.add(d);
                    clock.advance(d);
                }));
    }

    private static SQSEvent sqsEvent(String name) {
        return EventLoader.loadSQSEvent("events/interruption/" + name + ".json");
    }

    private List<String> handle(InterruptionHandler handler, SQSEvent event) {
        SQSBatchResponse response = handler.handleRequest(event, TestContext.fiveMinutes());
        return response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .toList();
    }

    private List<String> handle(String sample) {
        return handle(handler(), sqsEvent(sample));
    }

    private VersionedNodeClaim claim(String name) {
        return store.get(CLUSTER, name).orElseThrow();
    }

    private NodeClaimPhase phase(String name) {
        return claim(name).nodeClaim().status().phase();
    }

    /** A spot NodeClaim {@code general-spot} on {@code node-spot} running {@code web} and a DaemonSet pod. */
    private void spotNode() {
        store.create(
                CLUSTER, Fixtures.initialized("general-spot", SPOT_INSTANCE, "node-spot", Labels.CAPACITY_TYPE_SPOT));
        clusters.nodes.addNode(
                "node-spot", Fixtures.pod("web", "node-spot"), Fixtures.daemonSetPod("logs", "node-spot"));
    }

    private List<Double> metric(String name, Map<String, String> dimensions) {
        return metrics.stream()
                .filter(d -> d.name().equals(name) && d.dimensions().equals(dimensions))
                .map(InterruptionMetrics.Datum::value)
                .toList();
    }

    /** An SQS event holding one body, as SQS delivers a drain continuation. */
    private static SQSEvent bodyEvent(String messageId, String body) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(messageId);
        message.setBody(body);
        message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message));
        return event;
    }

    @Nested
    @DisplayName("every sample event")
    class Samples {

        @ParameterizedTest(name = "{0}")
        @ValueSource(
                strings = {
                    "sqs-spot-interruption-warning",
                    "sqs-sns-spot-interruption-warning",
                    "sqs-rebalance-recommendation",
                    "sqs-state-change-terminated",
                    "sqs-state-change-running",
                    "sqs-health-scheduled-change",
                    "sqs-capacity-reservation-interruption-warning",
                    "sqs-drain-continuation"
                })
        @DisplayName("should be handled without failure, even when no NodeClaim owns its instance")
        void handled(String sample) {
            assertThat(handle(sample)).isEmpty();
            assertThat(provisioningRequests).isEmpty();
            assertThat(clusters.cloud.terminateCalls).isEmpty();
        }
    }

    @Nested
    @DisplayName("a spot interruption warning")
    class SpotWarning {

        @Test
        @DisplayName("should mark the offering unavailable, request replacements, drain and terminate the node")
        void drainsAndTerminates() {
            spotNode();

            List<String> failures = handle("sqs-spot-interruption-warning");

            assertThat(failures).isEmpty();
            assertThat(offerings.unavailable(clock.instant()))
                    .containsExactly(new OfferingKey("m5.large", "us-east-1a", CapacityType.SPOT));
            assertThat(offerings.unavailable(SPOT_EVENT_TIME.plusSeconds(2).plus(Duration.ofMinutes(3))))
                    .isEmpty();
            assertThat(provisioningRequests)
                    .singleElement()
                    .satisfies(r -> assertThat(r).startsWith(CLUSTER + ": interruption of " + SPOT_INSTANCE));
            assertThat(clusters.nodes.calls)
                    .startsWith(
                            "addTaint node-spot " + Taint.DISRUPTED,
                            "setLabel node-spot " + Labels.EXCLUDE_FROM_EXTERNAL_LOAD_BALANCERS + "=true")
                    .containsSubsequence("evict default/web 201", "evict kube-system/logs 201", "deleteNode node-spot");
            assertThat(clusters.cloud.terminated).containsExactly(SPOT_INSTANCE);
            assertThat(phase("general-spot")).isEqualTo(NodeClaimPhase.TERMINATED);
            assertThat(continuations).isEmpty();
        }

        @Test
        @DisplayName("should request every replacement of a batch before the first eviction")
        void batchRequestsBeforeDraining() {
            String second = "i-0f1e2d3c4b5a69788";
            spotNode();
            store.create(
                    CLUSTER, Fixtures.initialized("general-spot-2", second, "node-spot-2", Labels.CAPACITY_TYPE_SPOT));
            clusters.nodes.addNode("node-spot-2", Fixtures.pod("api", "node-spot-2"));
            SQSEvent event = sqsEvent("sqs-spot-interruption-warning");
            SQSEvent.SQSMessage first = event.getRecords().get(0);
            SQSEvent.SQSMessage other = new SQSEvent.SQSMessage();
            other.setMessageId("second-warning");
            other.setBody(first.getBody().replace(SPOT_INSTANCE, second));
            other.setAttributes(first.getAttributes());
            event.setRecords(List.of(first, other));

            List<String> failures = handle(handler(), event);

            assertThat(failures).isEmpty();
            assertThat(provisioningRequests).hasSize(2);
            List<String> calls = clusters.nodes.calls;
            int callsBeforeLastRequest = nodeCallsAtProvisioningRequests.get(1);
            assertThat(calls.subList(0, callsBeforeLastRequest)).noneMatch(c -> c.startsWith("evict "));
            assertThat(calls.subList(callsBeforeLastRequest, calls.size()))
                    .anyMatch(c -> c.startsWith("evict default/web"))
                    .anyMatch(c -> c.startsWith("evict default/api"));
            assertThat(clusters.cloud.terminated).containsExactlyInAnyOrder(SPOT_INSTANCE, second);
        }

        @Test
        @DisplayName("should write the contract's metrics: message type, latency, drain duration, drains in progress")
        void metrics() {
            spotNode();

            handle("sqs-spot-interruption-warning");

            Map<String, String> cluster = Map.of("cluster", CLUSTER);
            assertThat(metric(
                            InterruptionMetrics.RECEIVED_MESSAGES,
                            Map.of("cluster", CLUSTER, "message_type", "spot_interrupted")))
                    .containsExactly(1.0);
            // The clock starts 2 s after the event and the drain waits 100 ms after each of its two evictions.
            assertThat(metric(InterruptionMetrics.INTERRUPTION_LATENCY, cluster))
                    .containsExactly(2.2);
            assertThat(metric(InterruptionMetrics.DRAIN_DURATION, cluster)).containsExactly(0.2);
            assertThat(metric(InterruptionMetrics.DRAINS_IN_PROGRESS, cluster)).containsExactly(0.0);
            assertThat(metric(InterruptionMetrics.EVICTIONS_BLOCKED, cluster)).isEmpty();
        }

        @Test
        @DisplayName("should continue a drain a PodDisruptionBudget blocks, and finish it when the budget allows")
        void continuedDrain() {
            spotNode();
            clusters.nodes.protect("web");

            List<String> failures = handle("sqs-spot-interruption-warning");

            assertThat(failures).isEmpty();
            assertThat(continuations)
                    .containsExactly(new Continuation(CLUSTER, "general-spot", Interruption.CONTINUE_AFTER));
            assertThat(phase("general-spot")).isEqualTo(NodeClaimPhase.DRAINING);
            assertThat(clusters.cloud.terminateCalls).isEmpty();
            assertThat(clusters.nodes.calls).doesNotContain("evict kube-system/logs 201");
            Map<String, String> cluster = Map.of("cluster", CLUSTER);
            long blocked = clusters.nodes.calls.stream()
                    .filter(c -> c.equals("evict default/web 429"))
                    .count();
            assertThat(blocked).isPositive();
            assertThat(metric(InterruptionMetrics.EVICTIONS_BLOCKED, cluster)).containsExactly((double) blocked);
            assertThat(metric(InterruptionMetrics.DRAINS_IN_PROGRESS, cluster)).containsExactly(1.0);
            // One pass: the back-off sleeps never add up to more than the 20 s pass.
            assertThat(sleeps.stream().reduce(Duration.ZERO, Duration::plus))
                    .isLessThanOrEqualTo(Duration.ofSeconds(20));

            clusters.nodes.allowDisruption();
            metrics.clear();
            clock.advance(Interruption.CONTINUE_AFTER);
            String body = FleetwrightEvents.drainContinuation(
                    "cont-1", clock.instant(), "us-east-1", CLUSTER, "general-spot");
            List<String> second = handle(handler(), bodyEvent("msg-cont-1", body));

            assertThat(second).isEmpty();
            assertThat(phase("general-spot")).isEqualTo(NodeClaimPhase.TERMINATED);
            assertThat(clusters.cloud.terminated).containsExactly(SPOT_INSTANCE);
            assertThat(continuations).hasSize(1);
            assertThat(provisioningRequests)
                    .as("replacements were requested once")
                    .hasSize(1);
            assertThat(metric(
                            InterruptionMetrics.RECEIVED_MESSAGES,
                            Map.of("cluster", CLUSTER, "message_type", "drain_continuation")))
                    .containsExactly(1.0);
            assertThat(metric(InterruptionMetrics.INTERRUPTION_LATENCY, cluster))
                    .as("continuations are delayed on purpose")
                    .isEmpty();
            assertThat(metric(InterruptionMetrics.DRAIN_DURATION, cluster))
                    .singleElement()
                    .satisfies(seconds -> {
                        Duration drain = Duration.between(
                                SPOT_EVENT_TIME.plusSeconds(2),
                                claim("general-spot").nodeClaim().status().terminatedAt());
                        assertThat(seconds).isEqualTo(drain.toNanos() / 1e9);
                    });
        }

        @Test
        @DisplayName("should keep each pass within the invocation's remaining time, less the reserve")
        void remainingTime() {
            spotNode();
            clusters.nodes.protect("web");
            InterruptionHandler handler = handler();

            // 6.5 s left, 5 s reserved: the pass may last 1.5 s, not the configured 20 s.
            handler.handleRequest(sqsEvent("sqs-spot-interruption-warning"), new TestContext(6_500));

            assertThat(sleeps.stream().reduce(Duration.ZERO, Duration::plus))
                    .isLessThanOrEqualTo(Duration.ofMillis(1_500));
            assertThat(continuations).hasSize(1);
        }
    }

    @Nested
    @DisplayName("duplicate and out-of-order delivery")
    class Convergence {

        @Test
        @DisplayName("should launch and terminate once when the warning arrives twice")
        void duplicateWarning() {
            spotNode();
            InterruptionHandler handler = handler();

            List<String> first = handle(handler, sqsEvent("sqs-spot-interruption-warning"));
            List<String> second = handle(handler, sqsEvent("sqs-spot-interruption-warning"));

            assertThat(first).isEmpty();
            assertThat(second).isEmpty();
            assertThat(provisioningRequests).hasSize(1);
            assertThat(clusters.cloud.terminateCalls).containsExactly(SPOT_INSTANCE);
            assertThat(phase("general-spot")).isEqualTo(NodeClaimPhase.TERMINATED);
        }

        @Test
        @DisplayName("should continue the same drain when the warning arrives again while it is blocked")
        void duplicateWhileDraining() {
            spotNode();
            clusters.nodes.protect("web");
            InterruptionHandler handler = handler();

            handle(handler, sqsEvent("sqs-spot-interruption-warning"));
            long version = claim("general-spot").version();
            handle(handler, sqsEvent("sqs-spot-interruption-warning"));

            assertThat(provisioningRequests).hasSize(1);
            assertThat(phase("general-spot")).isEqualTo(NodeClaimPhase.DRAINING);
            assertThat(claim("general-spot").version())
                    .as("no new write while still draining")
                    .isEqualTo(version);
            assertThat(continuations).hasSize(2).allMatch(c -> c.nodeClaim().equals("general-spot"));
        }

        @Test
        @DisplayName("should drain on the state change 'terminated' and ignore the warning that arrives after it")
        void terminatedBeforeWarning() {
            spotNode();
            clusters.cloud.reclaimedByEc2(SPOT_INSTANCE);
            InterruptionHandler handler = handler();

            List<String> stateChange = handle(handler, sqsEvent("sqs-state-change-terminated"));
            List<String> lateWarning = handle(handler, sqsEvent("sqs-spot-interruption-warning"));

            assertThat(stateChange).isEmpty();
            assertThat(lateWarning).isEmpty();
            assertThat(phase("general-spot")).isEqualTo(NodeClaimPhase.TERMINATED);
            assertThat(clusters.nodes.deletedNodes).containsExactly("node-spot");
            assertThat(clusters.cloud.terminated)
                    .as("EC2 had already reclaimed it")
                    .isEmpty();
            assertThat(provisioningRequests).hasSize(1);
            assertThat(offerings.unavailable(clock.instant()))
                    .as("a warning about a NodeClaim already gone changes nothing")
                    .isEmpty();
        }

        @Test
        @DisplayName("should leave a NodeClaim terminated by another path alone when a late warning arrives")
        void lateWarning() {
            NodeClaim terminated = Fixtures.initialized("general-spot", SPOT_INSTANCE, "node-spot", "spot");
            terminated = terminated.withStatus(terminated
                    .status()
                    .withDraining(dev.fleetwright.core.api.DisruptionReason.INTERRUPTED, SPOT_EVENT_TIME)
                    .withTermination(SPOT_EVENT_TIME.plusSeconds(30)));
            VersionedNodeClaim stored = store.create(CLUSTER, terminated);

            List<String> failures = handle("sqs-spot-interruption-warning");

            assertThat(failures).isEmpty();
            assertThat(claim("general-spot")).isEqualTo(stored);
            assertThat(clusters.asked).isEmpty();
            assertThat(provisioningRequests).isEmpty();
            assertThat(metric(
                            InterruptionMetrics.RECEIVED_MESSAGES,
                            Map.of("cluster", CLUSTER, "message_type", "spot_interrupted")))
                    .containsExactly(1.0);
        }

        @Test
        @DisplayName("should only record a state change to running")
        void running() {
            spotNode();

            assertThat(handle("sqs-state-change-running")).isEmpty();

            assertThat(phase("general-spot")).isEqualTo(NodeClaimPhase.INITIALIZED);
            assertThat(clusters.nodes.calls).isEmpty();
            assertThat(metric(
                            InterruptionMetrics.RECEIVED_MESSAGES, Map.of("cluster", CLUSTER, "message_type", "no_op")))
                    .containsExactly(1.0);
        }
    }

    @Nested
    @DisplayName("the other events")
    class OtherEvents {

        @Test
        @DisplayName("should drain every instance of a Health scheduled change")
        void health() {
            store.create(CLUSTER, Fixtures.initialized("general-a", RETIRING_1, "node-a", "on-demand"));
            store.create(CLUSTER, Fixtures.initialized("general-b", RETIRING_2, "node-b", "on-demand"));
            clusters.nodes
                    .addNode("node-a", Fixtures.pod("a", "node-a"))
                    .addNode("node-b", Fixtures.pod("b", "node-b"));

            assertThat(handle("sqs-health-scheduled-change")).isEmpty();

            assertThat(clusters.cloud.terminated).containsExactly(RETIRING_1, RETIRING_2);
            assertThat(provisioningRequests).hasSize(2);
            assertThat(offerings.unavailable(clock.instant())).isEmpty();
            assertThat(metric(
                            InterruptionMetrics.RECEIVED_MESSAGES,
                            Map.of("cluster", CLUSTER, "message_type", "scheduled_change")))
                    .containsExactly(1.0);
        }

        @Test
        @DisplayName("should drain on a capacity reservation interruption")
        void capacityReservation() {
            store.create(CLUSTER, Fixtures.initialized("reserved-a", RESERVED_INSTANCE, "node-r", "reserved"));
            clusters.nodes.addNode("node-r", Fixtures.pod("r", "node-r"));

            assertThat(handle("sqs-capacity-reservation-interruption-warning")).isEmpty();

            assertThat(clusters.cloud.terminated).containsExactly(RESERVED_INSTANCE);
            assertThat(metric(
                            InterruptionMetrics.RECEIVED_MESSAGES,
                            Map.of("cluster", CLUSTER, "message_type", "capacity_reservation_interrupted")))
                    .containsExactly(1.0);
        }

        @Test
        @DisplayName("should only record a rebalance recommendation unless the NodePool opts in")
        void rebalance() {
            spotNode();

            assertThat(handle("sqs-rebalance-recommendation")).isEmpty();
            assertThat(phase("general-spot")).isEqualTo(NodeClaimPhase.INITIALIZED);
            assertThat(clusters.nodes.calls).isEmpty();

            clusters.nodePools = Fixtures.generalNodePool(true);
            assertThat(handle("sqs-rebalance-recommendation")).isEmpty();
            assertThat(phase("general-spot")).isEqualTo(NodeClaimPhase.TERMINATED);
            assertThat(offerings.unavailable(clock.instant()))
                    .as("only a spot interruption warning marks the offering")
                    .isEmpty();
        }

        @Test
        @DisplayName("should count a message about an instance no NodeClaim owns under cluster none")
        void notOwned() {
            assertThat(handle("sqs-spot-interruption-warning")).isEmpty();

            assertThat(metric(
                            InterruptionMetrics.RECEIVED_MESSAGES,
                            Map.of("cluster", "none", "message_type", "spot_interrupted")))
                    .containsExactly(1.0);
            assertThat(metric(InterruptionMetrics.INTERRUPTION_LATENCY, Map.of("cluster", "none")))
                    .containsExactly(2.0);
            assertThat(metrics).noneMatch(d -> d.name().equals(InterruptionMetrics.DRAINS_IN_PROGRESS));
        }

        @Test
        @DisplayName("should ignore a drain continuation of a NodeClaim that is gone")
        void continuationGone() {
            assertThat(handle("sqs-drain-continuation")).isEmpty();

            assertThat(store.get(CLUSTER, CONTINUED_NODE_CLAIM)).isEmpty();
            assertThat(continuations).isEmpty();
        }
    }

    @Nested
    @DisplayName("failures")
    class Failures {

        @Test
        @DisplayName("should fail only the unknown and the malformed record of a batch, naming them")
        void partialBatch() {
            spotNode();

            List<String> failures = handle("sqs-batch-mixed");

            assertThat(failures)
                    .containsExactly(
                            "b0000100-batch-4d8e-9a2b-unknowndetail", "b0000101-batch-4d8e-9a2b-notjson000000");
            assertThat(metric(
                            InterruptionMetrics.RECEIVED_MESSAGES,
                            Map.of("cluster", "none", "message_type", "unparseable")))
                    .containsExactly(2.0);
            assertThat(phase("general-spot")).isEqualTo(NodeClaimPhase.TERMINATED);
        }

        @Test
        @DisplayName("should fail a drain continuation for a cluster the stack does not serve")
        void unservedCluster() {
            String body = FleetwrightEvents.drainContinuation(
                    "cont-2", clock.instant(), "us-east-1", "someone-elses-cluster", "np-1");

            assertThat(handle(handler(), bodyEvent("msg-2", body))).containsExactly("msg-2");
            assertThat(clusters.asked).isEmpty();
        }

        @Test
        @DisplayName("should fail the record on a conflicting write and converge when SQS delivers it again")
        void conflict() {
            spotNode();
            AtomicBoolean conflictOnce = new AtomicBoolean(true);
            NodeClaimStore memory = store;
            store = new ConflictingStore(memory, conflictOnce);
            InterruptionHandler handler = handler();

            List<String> first = handle(handler, sqsEvent("sqs-spot-interruption-warning"));
            List<String> second = handle(handler, sqsEvent("sqs-spot-interruption-warning"));

            assertThat(first).containsExactly("00000001-5f1c-4d8e-9a2b-d3123450c061");
            assertThat(second).isEmpty();
            assertThat(phase("general-spot")).isEqualTo(NodeClaimPhase.TERMINATED);
            assertThat(clusters.cloud.terminated).containsExactly(SPOT_INSTANCE);
        }

        @Test
        @DisplayName("should fail only the record whose Kubernetes call failed")
        void kubernetesFailure() {
            spotNode();
            store.create(CLUSTER, Fixtures.initialized("reserved-a", RESERVED_INSTANCE, "node-r", "reserved"));
            clusters.nodes.addNode("node-r", Fixtures.pod("r", "node-r"));
            clusters.nodes.failNextPodsOn(new IllegalStateException("connection reset by the API server"));
            SQSEvent batch = sqsEvent("sqs-spot-interruption-warning");
            List<SQSEvent.SQSMessage> records = new ArrayList<>(batch.getRecords());
            records.addAll(
                    sqsEvent("sqs-capacity-reservation-interruption-warning").getRecords());
            batch.setRecords(records);

            List<String> failures = handle(handler(), batch);

            assertThat(failures).containsExactly("00000001-5f1c-4d8e-9a2b-d3123450c061");
            assertThat(clusters.cloud.terminated).containsExactly(RESERVED_INSTANCE);
            assertThat(phase("general-spot"))
                    .as("marked before the failure; the retry continues")
                    .isEqualTo(NodeClaimPhase.DRAINING);
        }

        @Test
        @DisplayName("should answer an empty batch with no failures and write no metrics")
        void emptyBatch() {
            SQSEvent event = new SQSEvent();
            event.setRecords(List.of());

            assertThat(handle(handler(), event)).isEmpty();
            assertThat(metrics).isEmpty();
        }
    }

    @Nested
    @DisplayName("SnapStart priming")
    class Priming {

        @BeforeEach
        void populated() {
            spotNode();
        }

        @Test
        @DisplayName("should only read: no write, no message, no metric, no cluster contacted")
        void readsOnly() {
            long version = claim("general-spot").version();

            handler().prime();

            assertThat(claim("general-spot").version()).isEqualTo(version);
            assertThat(provisioningRequests).isEmpty();
            assertThat(continuations).isEmpty();
            assertThat(metrics).isEmpty();
            assertThat(clusters.asked).isEmpty();
            assertThat(offerings.unavailable(clock.instant())).isEmpty();
        }
    }

    /** A store whose first update fails as if another invocation had written the NodeClaim meanwhile. */
    private static final class ConflictingStore implements NodeClaimStore {
        private final NodeClaimStore delegate;
        private final AtomicBoolean conflictOnce;

        ConflictingStore(NodeClaimStore delegate, AtomicBoolean conflictOnce) {
            this.delegate = delegate;
            this.conflictOnce = conflictOnce;
        }

        @Override
        public VersionedNodeClaim create(String cluster, NodeClaim nodeClaim) {
            return delegate.create(cluster, nodeClaim);
        }

        @Override
        public VersionedNodeClaim update(String cluster, NodeClaim nodeClaim, long expectedVersion) {
            if (conflictOnce.getAndSet(false)) {
                throw new ConflictException("NodeClaim " + cluster + "/" + nodeClaim.name() + " changed");
            }
            return delegate.update(cluster, nodeClaim, expectedVersion);
        }

        @Override
        public Optional<VersionedNodeClaim> get(String cluster, String name) {
            return delegate.get(cluster, name);
        }

        @Override
        public List<VersionedNodeClaim> list(String cluster) {
            return delegate.list(cluster);
        }

        @Override
        public Optional<Located> findByInstanceId(String instanceId) {
            return delegate.findByInstanceId(instanceId);
        }
    }
}
