package dev.fleetwright.interruption;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetwright.core.interruption.InterruptionMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("InterruptionMetrics")
class InterruptionMetricsTest {

    private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");
    private static final String I = "i-0a1b2c3d4e5f60718";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "stopping, instance_stopped",
        "stopped, instance_stopped",
        "shutting-down, instance_terminated",
        "terminated, instance_terminated",
        "pending, no_op",
        "running, no_op"
    })
    @DisplayName("should name state changes as Karpenter's message_type does")
    void stateChanges(String state, String type) {
        assertThat(InterruptionMetrics.messageType(new InterruptionMessage.StateChange("e", T, I, state)))
                .isEqualTo(type);
    }

    @Test
    @DisplayName("should name the other messages")
    void others() {
        assertThat(InterruptionMetrics.messageType(
                        new InterruptionMessage.SpotInterruptionWarning("e", T, I, "terminate")))
                .isEqualTo("spot_interrupted");
        assertThat(InterruptionMetrics.messageType(new InterruptionMessage.RebalanceRecommendation("e", T, I)))
                .isEqualTo("rebalance_recommendation");
        assertThat(InterruptionMetrics.messageType(
                        new InterruptionMessage.ScheduledChange("e", T, "AWS_EC2_X", List.of(I), null)))
                .isEqualTo("scheduled_change");
        assertThat(InterruptionMetrics.messageType(
                        new InterruptionMessage.CapacityReservationInterruption("e", T, I, "")))
                .isEqualTo("capacity_reservation_interrupted");
        assertThat(InterruptionMetrics.messageType(new InterruptionMessage.ContinueDrain("e", T, "c", "n")))
                .isEqualTo("drain_continuation");
    }

    @Test
    @DisplayName("should sum counts per name and dimensions, keep the last gauge, keep every duration, then forget")
    void drain() {
        InterruptionMetrics m = new InterruptionMetrics();
        m.evictionBlocked("a");
        m.evictionBlocked("a");
        m.evictionBlocked("b");
        m.drainsInProgress("a", 3);
        m.drainsInProgress("a", 2);
        m.drainDuration("a", Duration.ofSeconds(40));
        m.drainDuration("a", Duration.ofSeconds(50));

        List<InterruptionMetrics.Datum> data = m.drain();

        assertThat(data)
                .containsExactly(
                        new InterruptionMetrics.Datum(
                                InterruptionMetrics.EVICTIONS_BLOCKED,
                                2,
                                InterruptionMetrics.Unit.COUNT,
                                Map.of("cluster", "a")),
                        new InterruptionMetrics.Datum(
                                InterruptionMetrics.EVICTIONS_BLOCKED,
                                1,
                                InterruptionMetrics.Unit.COUNT,
                                Map.of("cluster", "b")),
                        new InterruptionMetrics.Datum(
                                InterruptionMetrics.DRAINS_IN_PROGRESS,
                                2,
                                InterruptionMetrics.Unit.COUNT,
                                Map.of("cluster", "a")),
                        new InterruptionMetrics.Datum(
                                InterruptionMetrics.DRAIN_DURATION,
                                40,
                                InterruptionMetrics.Unit.SECONDS,
                                Map.of("cluster", "a")),
                        new InterruptionMetrics.Datum(
                                InterruptionMetrics.DRAIN_DURATION,
                                50,
                                InterruptionMetrics.Unit.SECONDS,
                                Map.of("cluster", "a")));
        assertThat(m.drain()).isEmpty();
    }

    @Test
    @DisplayName("should order dimensions with cluster first")
    void dimensionOrder() {
        InterruptionMetrics m = new InterruptionMetrics();
        m.messageReceived("a", "spot_interrupted");

        assertThat(m.drain().get(0).dimensions().keySet()).containsExactly("cluster", "message_type");
    }
}
