package dev.fleetwright.forwarder.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetwright.forwarder.fixtures.FakeEventBridge;
import dev.fleetwright.forwarder.fixtures.MutableClock;
import dev.fleetwright.forwarder.fixtures.TestPendingPods;
import dev.fleetwright.forwarder.metrics.ForwarderMetrics;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

class EventPublisherTest {

    private static final String BUS = "arn:aws:events:eu-west-1:123456789012:event-bus/fleetwright-prod";

    private final FakeEventBridge eventBridge = new FakeEventBridge();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00.123456Z"));
    private final ForwarderMetrics metrics = new ForwarderMetrics();

    private EventPublisher publisher(PutEventsLimits limits) {
        return new EventPublisher(eventBridge, BUS, "eks-prod", "fwd-abc", new EntryPacker(limits), clock, metrics);
    }

    @Nested
    class RequestShape {

        @Test
        @DisplayName("should send Source, DetailType, bus and a detail with the contract's envelope")
        void contract() throws Exception {
            PublishOutcome outcome = publisher(PutEventsLimits.AWS).publish(TestPendingPods.many("web", 2));

            assertThat(outcome.allAccepted()).isTrue();
            assertThat(outcome.acceptedUids()).containsExactlyInAnyOrder("uid-web-0", "uid-web-1");
            assertThat(eventBridge.requests()).hasSize(1);
            PutEventsRequestEntry entry =
                    eventBridge.requests().get(0).entries().get(0);
            assertThat(entry.source()).isEqualTo("dev.fleetwright.forwarder");
            assertThat(entry.detailType()).isEqualTo("Pending Pods");
            assertThat(entry.eventBusName()).isEqualTo(BUS);
            assertThat(entry.time()).as("EventBridge stamps the time").isNull();
            assertThat(entry.resources()).isEmpty();
            JsonNode detail = new ObjectMapper().readTree(entry.detail());
            assertThat(detail.get("cluster").asText()).isEqualTo("eks-prod");
            assertThat(detail.get("forwarder").asText()).isEqualTo("fwd-abc");
            assertThat(detail.get("observedAt").asText()).isEqualTo("2026-11-22T10:00:00.123Z");
            assertThat(detail.get("pods")).hasSize(2);
            assertThat(metrics.eventsSent()).isEqualTo(1);
        }
    }

    @Nested
    class Failures {

        @Test
        @DisplayName("should report the pods of an entry EventBridge rejected as failed and the others as accepted")
        void partial() {
            eventBridge.thenFailEntries("InternalFailure", 1);
            // Entries of 2 KiB hold a few small pods each: 30 pods give several entries in one call.
            PublishOutcome outcome =
                    publisher(new PutEventsLimits(2048, 10, 262_144)).publish(TestPendingPods.many("web", 30));

            PutEventsRequestEntry rejected =
                    eventBridge.requests().get(0).entries().get(1);
            assertThat(outcome.failedUids()).isNotEmpty();
            for (String uid : outcome.failedUids()) {
                assertThat(rejected.detail()).contains("\"" + uid + "\"");
            }
            assertThat(outcome.acceptedUids()).hasSize(30 - outcome.failedUids().size());
            assertThat(outcome.failedEntriesByCode()).containsEntry("InternalFailure", 1);
            assertThat(metrics.entriesFailed("InternalFailure")).isEqualTo(1);
        }

        @Test
        @DisplayName("should fail every entry of a throttled call and not attempt the calls after it")
        void throttledCall() {
            eventBridge.thenThrow((EventBridgeException) EventBridgeException.builder()
                    .statusCode(400)
                    .awsErrorDetails(AwsErrorDetails.builder()
                            .errorCode("ThrottlingException")
                            .errorMessage("Rate exceeded")
                            .build())
                    .build());
            // Two calls: 20 entries of at most 2 KiB, 10 per call.
            PutEventsLimits limits = new PutEventsLimits(2048, 10, 262_144);
            EntryPacker packer = new EntryPacker(limits);
            int entries = packer.pack("c", "f", clock.instant(), TestPendingPods.many("web", 150))
                    .entries()
                    .size();
            assertThat(entries).as("precondition").isGreaterThan(10);

            PublishOutcome outcome = publisher(limits).publish(TestPendingPods.many("web", 150));

            assertThat(eventBridge.requests()).hasSize(1);
            assertThat(outcome.acceptedUids()).isEmpty();
            assertThat(outcome.failedUids()).hasSize(150);
            assertThat(outcome.failedEntriesByCode())
                    .containsEntry("ThrottlingException", 10)
                    .containsEntry("NotAttempted", entries - 10);
        }
    }
}
