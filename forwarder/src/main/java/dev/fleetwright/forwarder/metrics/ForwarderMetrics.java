package dev.fleetwright.forwarder.metrics;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The forwarder's metrics. One instance per process, created by the composition root and handed to the parts that
 * update it; thread-safe.
 *
 * <p>Names (all prefixed {@code fleetwright_forwarder_}):
 *
 * <ul>
 *   <li>{@code pods_pending_seen_total}: pods that became pending (each pod counted once per pending spell);
 *   <li>{@code pods_pending}: pods pending now, as last seen;
 *   <li>{@code events_sent_total}: PutEvents entries EventBridge accepted;
 *   <li>{@code put_events_calls_total}: PutEvents calls made;
 *   <li>{@code entries_failed_total{error_code}}: entries EventBridge rejected, or that a failed call carried; retried;
 *   <li>{@code pods_trimmed_total}: pods sent without node selector and tolerations because their entry would not fit;
 *   <li>{@code pods_skipped_total}: pending pods that could not be reported (malformed: no uid, no timestamps);
 *   <li>{@code watch_restarts_total{reason}}: watches re-opened: {@code expired} (server timeout), {@code gone} (410,
 *       re-list), {@code throttled} (429), {@code error};
 *   <li>{@code last_successful_send_timestamp_seconds}: Unix time of the last accepted entry; 0 before the first.
 * </ul>
 */
public final class ForwarderMetrics {

    private static final String PREFIX = "fleetwright_forwarder_";

    private final LongAdder podsSeenPending = new LongAdder();
    private final AtomicLong podsPending = new AtomicLong();
    private final LongAdder eventsSent = new LongAdder();
    private final LongAdder putEventsCalls = new LongAdder();
    private final LongAdder podsTrimmed = new LongAdder();
    private final LongAdder podsSkipped = new LongAdder();
    private final ConcurrentMap<String, LongAdder> entriesFailed = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LongAdder> watchRestarts = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> lastSuccessfulSend = new AtomicReference<>();

    /** Counts one pod that became pending. */
    public void podSeenPending() {
        podsSeenPending.increment();
    }

    /**
     * Sets the number of pods pending now.
     *
     * @param count at least 0
     */
    public void podsPending(long count) {
        podsPending.set(count);
    }

    /**
     * Counts one PutEvents call and the entries EventBridge accepted in it.
     *
     * @param acceptedEntries entries with an event id in the response
     * @param at when the response arrived; the last-successful-send time when {@code acceptedEntries > 0}
     */
    public void putEventsCall(int acceptedEntries, Instant at) {
        putEventsCalls.increment();
        if (acceptedEntries > 0) {
            eventsSent.add(acceptedEntries);
            lastSuccessfulSend.set(Objects.requireNonNull(at, "at"));
        }
    }

    /**
     * Counts entries that were not accepted.
     *
     * @param errorCode EventBridge's per-entry ErrorCode, or the exception's error code for a failed call
     * @param entries how many
     */
    public void entriesFailed(String errorCode, int entries) {
        entriesFailed.computeIfAbsent(label(errorCode), k -> new LongAdder()).add(entries);
    }

    /** Counts one pod sent without node selector and tolerations. */
    public void podTrimmed() {
        podsTrimmed.increment();
    }

    /** Counts one pending pod that could not be reported. */
    public void podSkipped() {
        podsSkipped.increment();
    }

    /**
     * Counts a watch re-opened.
     *
     * @param reason {@code expired}, {@code gone}, {@code throttled} or {@code error}
     */
    public void watchRestart(String reason) {
        watchRestarts.computeIfAbsent(label(reason), k -> new LongAdder()).increment();
    }

    /** @return total entries accepted so far */
    public long eventsSent() {
        return eventsSent.sum();
    }

    /** @return total watch restarts for {@code reason} */
    public long watchRestarts(String reason) {
        LongAdder adder = watchRestarts.get(reason);
        return adder == null ? 0 : adder.sum();
    }

    /** @return total failed entries for {@code errorCode} */
    public long entriesFailed(String errorCode) {
        LongAdder adder = entriesFailed.get(errorCode);
        return adder == null ? 0 : adder.sum();
    }

    /**
     * Renders every metric in the Prometheus text format 0.0.4.
     *
     * @return the exposition, ending with a newline
     */
    public String render() {
        StringBuilder out = new StringBuilder(1024);
        counter(
                out,
                "pods_pending_seen_total",
                "Pods that became pending (unschedulable, unbound).",
                podsSeenPending.sum());
        gauge(out, "pods_pending", "Pods pending now.", podsPending.get());
        counter(out, "events_sent_total", "PutEvents entries accepted by EventBridge.", eventsSent.sum());
        counter(out, "put_events_calls_total", "PutEvents calls made.", putEventsCalls.sum());
        labelled(out, "entries_failed_total", "PutEvents entries not accepted (retried).", "error_code", entriesFailed);
        counter(
                out,
                "pods_trimmed_total",
                "Pods sent without node selector and tolerations to fit one entry.",
                podsTrimmed.sum());
        counter(
                out,
                "pods_skipped_total",
                "Pending pods that could not be reported (malformed objects).",
                podsSkipped.sum());
        labelled(out, "watch_restarts_total", "Pod watches re-opened, by reason.", "reason", watchRestarts);
        Instant last = lastSuccessfulSend.get();
        gaugeText(
                out,
                "last_successful_send_timestamp_seconds",
                "Unix time of the last accepted PutEvents entry (0 before the first).",
                last == null
                        ? "0"
                        : BigDecimal.valueOf(last.getEpochSecond())
                                .add(BigDecimal.valueOf(last.getNano(), 9))
                                .stripTrailingZeros()
                                .toPlainString());
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        header(out, name, help, "counter");
        out.append(PREFIX).append(name).append(' ').append(value).append('\n');
    }

    private static void gauge(StringBuilder out, String name, String help, long value) {
        header(out, name, help, "gauge");
        out.append(PREFIX).append(name).append(' ').append(value).append('\n');
    }

    private static void gaugeText(StringBuilder out, String name, String help, String value) {
        header(out, name, help, "gauge");
        out.append(PREFIX).append(name).append(' ').append(value).append('\n');
    }

    private static void labelled(
            StringBuilder out, String name, String help, String label, Map<String, LongAdder> values) {
        header(out, name, help, "counter");
        new TreeMap<>(values)
                .forEach((value, adder) -> out.append(PREFIX)
                        .append(name)
                        .append('{')
                        .append(label)
                        .append("=\"")
                        .append(value)
                        .append("\"} ")
                        .append(adder.sum())
                        .append('\n'));
    }

    private static void header(StringBuilder out, String name, String help, String type) {
        out.append("# HELP ")
                .append(PREFIX)
                .append(name)
                .append(' ')
                .append(help)
                .append('\n');
        out.append("# TYPE ")
                .append(PREFIX)
                .append(name)
                .append(' ')
                .append(type)
                .append('\n');
    }

    /** Label values come from AWS error codes and our own reasons; keep them to a safe alphabet. */
    private static String label(String value) {
        if (value == null || value.isEmpty()) {
            return "unknown";
        }
        return value.replaceAll("[^A-Za-z0-9_.:-]", "_");
    }
}
