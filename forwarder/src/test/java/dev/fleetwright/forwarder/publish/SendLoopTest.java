package dev.fleetwright.forwarder.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetwright.forwarder.fixtures.FakeEventBridge;
import dev.fleetwright.forwarder.fixtures.MutableClock;
import dev.fleetwright.forwarder.fixtures.TestPendingPods;
import dev.fleetwright.forwarder.metrics.ForwarderMetrics;
import dev.fleetwright.forwarder.pods.PendingPod;
import dev.fleetwright.forwarder.watch.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;

class SendLoopTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final FakeEventBridge eventBridge = new FakeEventBridge();
    private final ForwarderMetrics metrics = new ForwarderMetrics();
    private final PendingPodBatcher batcher = new PendingPodBatcher(clock, BatchTimings.DEFAULT);
    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new SplittableRandom(7));
    // One pod per entry, so an entry failure names exactly one pod.
    private final SendLoop loop = new SendLoop(
            batcher,
            new EventPublisher(
                    eventBridge,
                    "fleetwright-dev",
                    "eks-dev",
                    "fwd-1",
                    new EntryPacker(new PutEventsLimits(2048, 10, 262_144)),
                    clock,
                    metrics),
            backoff,
            clock,
            new Wakeup(),
            metrics);

    /** A pod of about 1.2 KB: with 2 KiB entries, one pod per entry. */
    private static PendingPod pod(String name) {
        return TestPendingPods.large(name, 14);
    }

    private static List<String> podNames(PutEventsRequest request) {
        List<String> names = new ArrayList<>();
        request.entries().forEach(entry -> {
            for (String part : entry.detail().split("\"name\":\"")) {
                if (!part.startsWith("{")) {
                    names.add(part.substring(0, part.indexOf('"')));
                }
            }
        });
        return names;
    }

    private List<String> sentInCall(int call) {
        return podNames(eventBridge.requests().get(call));
    }

    @Nested
    class Timing {

        @Test
        @DisplayName("should wait out the debounce window, then send, then wait for the 30 s re-send")
        void waits() {
            batcher.pending(pod("a"));

            assertThat(loop.runOnce()).isEqualTo(Duration.ofSeconds(1));
            assertThat(eventBridge.requests()).isEmpty();

            clock.advance(Duration.ofSeconds(1));
            assertThat(loop.runOnce()).isEqualTo(Duration.ofSeconds(30));
            assertThat(sentInCall(0)).containsExactly("a");

            clock.advance(Duration.ofSeconds(30));
            loop.runOnce();
            assertThat(eventBridge.requests()).hasSize(2);
            assertThat(sentInCall(1)).containsExactly("a");
        }

        @Test
        @DisplayName("should wait at most 30 s when nothing is pending")
        void idle() {
            assertThat(loop.runOnce()).isEqualTo(SendLoop.MAX_WAIT);
            assertThat(eventBridge.requests()).isEmpty();
        }
    }

    @Nested
    class Retries {

        @Test
        @DisplayName("should retry only the pods of failed entries, after a backoff, and count the failure")
        void partialFailure() {
            eventBridge.thenFailEntries("InternalFailure", 1);
            batcher.pending(pod("a"));
            batcher.pending(pod("b"));
            batcher.pending(pod("c"));
            clock.advance(Duration.ofSeconds(1));

            Duration wait = loop.runOnce();

            assertThat(eventBridge.requests().get(0).entries())
                    .as("precondition: one pod per entry")
                    .hasSize(3);
            assertThat(sentInCall(0)).containsExactly("a", "b", "c");
            assertThat(metrics.entriesFailed("InternalFailure")).isEqualTo(1);
            assertThat(wait).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));

            clock.advance(wait);
            loop.runOnce();

            assertThat(eventBridge.requests()).hasSize(2);
            assertThat(sentInCall(1)).containsExactly("b");
            assertThat(metrics.eventsSent()).isEqualTo(3);
        }

        @Test
        @DisplayName("should retry a throttled call's pods with growing backoff until accepted, never dropping them")
        void throttling() {
            EventBridgeException throttled = (EventBridgeException) EventBridgeException.builder()
                    .statusCode(400)
                    .awsErrorDetails(AwsErrorDetails.builder()
                            .errorCode("ThrottlingException")
                            .build())
                    .build();
            eventBridge.thenThrow(throttled).thenThrow(throttled).thenThrow(throttled);
            batcher.pending(pod("a"));
            clock.advance(Duration.ofSeconds(1));

            List<Duration> waits = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Duration wait = loop.runOnce();
                waits.add(wait);
                clock.advance(wait);
            }

            assertThat(eventBridge.requests()).hasSize(4);
            for (int call = 0; call < 4; call++) {
                assertThat(sentInCall(call)).containsExactly("a");
            }
            // Backoff ceilings 1 s, 2 s, 4 s: each wait is in [ceiling/2, ceiling].
            assertThat(waits.get(0)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
            assertThat(waits.get(1)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
            assertThat(waits.get(2)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
            assertThat(waits.get(3)).as("accepted: next is the re-send").isEqualTo(Duration.ofSeconds(30));
            assertThat(metrics.entriesFailed("ThrottlingException")).isEqualTo(3);
        }

        @Test
        @DisplayName("should keep pods owed when the client fails outside the service (network, credentials)")
        void clientFailure() {
            eventBridge.thenThrow(SdkClientException.create("Unable to load credentials"));
            batcher.pending(pod("a"));
            clock.advance(Duration.ofSeconds(1));

            Duration wait = loop.runOnce();
            clock.advance(wait);
            loop.runOnce();

            assertThat(eventBridge.requests()).hasSize(2);
            assertThat(sentInCall(1)).containsExactly("a");
            assertThat(metrics.entriesFailed("SdkClientException")).isEqualTo(1);
        }

        @Test
        @DisplayName("should send unsent pods once at shutdown even inside the debounce window")
        void drain() {
            batcher.pending(pod("a"));

            assertThat(loop.drain()).isTrue();

            assertThat(sentInCall(0)).containsExactly("a");
        }
    }
}
