package dev.fleetwright.interruption;

import dev.fleetwright.core.interruption.InterruptionMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The interruption function's metrics, collected during one invocation and handed to a {@link MetricsSink} at its end
 * (contract: {@code docs/design/lambda-functions.md}, "Metrics"; Karpenter's names where they exist).
 *
 * <table>
 *   <caption>Metrics (namespace {@code Fleetwright})</caption>
 *   <tr><th>name</th><th>unit</th><th>dimensions</th><th>what</th></tr>
 *   <tr><td>{@value #RECEIVED_MESSAGES}</td><td>Count</td><td>cluster, message_type</td><td>messages read from the
 *       queue, by {@link #messageType}</td></tr>
 *   <tr><td>{@value #INTERRUPTION_LATENCY}</td><td>Seconds</td><td>cluster</td><td>from the event's {@code time} to
 *       the end of its handling (AWS events only; continuations are delayed on purpose)</td></tr>
 *   <tr><td>{@value #DRAIN_DURATION}</td><td>Seconds</td><td>cluster</td><td>from the start of a drain (NodeClaim
 *       marked Draining) to its instance's termination</td></tr>
 *   <tr><td>{@value #EVICTIONS_BLOCKED}</td><td>Count</td><td>cluster</td><td>eviction requests refused by a
 *       PodDisruptionBudget (429, or 500 for several budgets)</td></tr>
 *   <tr><td>{@value #DRAINS_IN_PROGRESS}</td><td>Count</td><td>cluster</td><td>NodeClaims in phase Draining after the
 *       invocation, per cluster it touched</td></tr>
 * </table>
 *
 * <p>{@code cluster} is the cluster of the NodeClaim concerned, or {@value #NO_CLUSTER} for a message that concerns no
 * NodeClaim of this stack or could not be parsed. Counts with the same name and dimensions are summed; durations are
 * one value each; a gauge keeps its last value. Not thread-safe: one invocation at a time.
 */
public final class InterruptionMetrics {

    /** Karpenter's count of messages received, dimension {@code message_type}. */
    public static final String RECEIVED_MESSAGES = "karpenter_interruption_received_messages_total";

    /** Seconds from event time to handled. */
    public static final String INTERRUPTION_LATENCY = "fleetwright_interruption_latency_seconds";

    /** Seconds from drain start to termination. */
    public static final String DRAIN_DURATION = "fleetwright_drain_duration_seconds";

    /** Evictions a PodDisruptionBudget refused. */
    public static final String EVICTIONS_BLOCKED = "fleetwright_evictions_blocked_by_pdb_total";

    /** NodeClaims draining. */
    public static final String DRAINS_IN_PROGRESS = "fleetwright_drains_in_progress";

    /** The {@code cluster} dimension of messages that concern no NodeClaim of this stack. */
    public static final String NO_CLUSTER = "none";

    /** The {@code message_type} of a message that could not be parsed. */
    public static final String UNPARSEABLE = "unparseable";

    /** The unit of a metric, as CloudWatch names it. */
    public enum Unit {
        /** A count. */
        COUNT,
        /** Seconds. */
        SECONDS
    }

    /**
     * One metric value.
     *
     * @param name the metric name
     * @param value the value, in {@code unit}
     * @param unit the unit
     * @param dimensions the dimensions, in order
     */
    public record Datum(String name, double value, Unit unit, Map<String, String> dimensions) {
        /** Copies the dimensions, keeping their order. */
        public Datum {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(unit, "unit");
            dimensions = Collections.unmodifiableMap(new LinkedHashMap<>(dimensions));
        }
    }

    private record Key(String name, Map<String, String> dimensions) {}

    private final Map<Key, Double> counts = new LinkedHashMap<>();
    private final Map<Key, Double> gauges = new LinkedHashMap<>();
    private final List<Datum> values = new ArrayList<>();

    /**
     * Karpenter's {@code message_type} of a message ([A] pkg/controllers/interruption/messages/types.go): {@code
     * spot_interrupted}, {@code rebalance_recommendation}, {@code scheduled_change}, {@code instance_stopped} (state
     * stopping or stopped), {@code instance_terminated} (shutting-down or terminated), {@code no_op} (state pending or
     * running, which Karpenter's parser drops), {@code capacity_reservation_interrupted}, and Fleetwright's {@code
     * drain_continuation}.
     */
    public static String messageType(InterruptionMessage message) {
        return switch (message) {
            case InterruptionMessage.SpotInterruptionWarning w -> "spot_interrupted";
            case InterruptionMessage.RebalanceRecommendation r -> "rebalance_recommendation";
            case InterruptionMessage.ScheduledChange s -> "scheduled_change";
            case InterruptionMessage.StateChange s ->
                switch (s.state()) {
                    case "stopping", "stopped" -> "instance_stopped";
                    case "shutting-down", "terminated" -> "instance_terminated";
                    default -> "no_op";
                };
            case InterruptionMessage.CapacityReservationInterruption r -> "capacity_reservation_interrupted";
            case InterruptionMessage.ContinueDrain d -> "drain_continuation";
        };
    }

    /** Counts one message received. */
    public void messageReceived(String cluster, String messageType) {
        add(counts, RECEIVED_MESSAGES, Map.of("cluster", cluster, "message_type", messageType), 1);
    }

    /** Records the time from an event to the end of its handling. */
    public void interruptionLatency(String cluster, Duration latency) {
        values.add(new Datum(INTERRUPTION_LATENCY, seconds(latency), Unit.SECONDS, Map.of("cluster", cluster)));
    }

    /** Records a finished drain's duration. */
    public void drainDuration(String cluster, Duration duration) {
        values.add(new Datum(DRAIN_DURATION, seconds(duration), Unit.SECONDS, Map.of("cluster", cluster)));
    }

    /** Counts one eviction a PodDisruptionBudget refused. */
    public void evictionBlocked(String cluster) {
        add(counts, EVICTIONS_BLOCKED, Map.of("cluster", cluster), 1);
    }

    /** Sets the number of NodeClaims draining in a cluster. */
    public void drainsInProgress(String cluster, int count) {
        gauges.put(new Key(DRAINS_IN_PROGRESS, Map.of("cluster", cluster)), (double) count);
    }

    /**
     * Returns everything collected since the last call and forgets it.
     *
     * @return counts (summed), then gauges, then single values
     */
    public List<Datum> drain() {
        List<Datum> all = new ArrayList<>();
        counts.forEach((k, v) -> all.add(new Datum(k.name(), v, Unit.COUNT, ordered(k.dimensions()))));
        gauges.forEach((k, v) -> all.add(new Datum(k.name(), v, Unit.COUNT, ordered(k.dimensions()))));
        all.addAll(values);
        counts.clear();
        gauges.clear();
        values.clear();
        return all;
    }

    private static void add(Map<Key, Double> into, String name, Map<String, String> dimensions, double value) {
        into.merge(new Key(name, dimensions), value, Double::sum);
    }

    /** {@code cluster} first, then the rest by name, so the EMF output is stable. */
    private static Map<String, String> ordered(Map<String, String> dimensions) {
        Map<String, String> ordered = new LinkedHashMap<>();
        if (dimensions.containsKey("cluster")) {
            ordered.put("cluster", dimensions.get("cluster"));
        }
        new TreeMap<>(dimensions).forEach(ordered::putIfAbsent);
        return ordered;
    }

    private static double seconds(Duration d) {
        return Math.max(0, d.toNanos()) / 1e9;
    }
}
