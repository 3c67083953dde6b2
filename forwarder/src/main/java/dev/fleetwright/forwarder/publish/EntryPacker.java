package dev.fleetwright.forwarder.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.fleetwright.forwarder.pods.PendingPod;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Splits pending pods into PutEvents entries and entries into calls, within {@link PutEventsLimits}.
 *
 * <p>Entries: pods in the given order, greedily, as many per entry as fit {@code maxEntryBytes}. The size of an entry
 * is computed exactly, not estimated: the detail is the envelope serialised with an empty {@code pods} array plus each
 * pod's own serialisation plus one comma between pods (compact JSON, {@code pods} last), and the built detail is
 * checked against it. A pod whose entry would not fit even alone is sent without node selector and tolerations, and
 * if still too large without requests ({@link Packing#trimmedPods()}): the provisioner re-reads the pod anyway.
 *
 * <p>Calls: entries in order, greedily, at most {@code maxEntriesPerCall} and {@code maxCallBytes} per call.
 */
public final class EntryPacker {

    /** The event's Source ({@code docs/design/events.md}). */
    public static final String SOURCE = "dev.fleetwright.forwarder";

    /** The event's DetailType ({@code docs/design/events.md}). */
    public static final String DETAIL_TYPE = "Pending Pods";

    private static final int FIXED_BYTES = utf8(SOURCE) + utf8(DETAIL_TYPE);

    private final ObjectMapper mapper;
    private final PutEventsLimits limits;

    /**
     * One PutEvents entry's detail and the pods it carries.
     *
     * @param detail the detail JSON
     * @param podUids the UIDs of the pods in {@code detail}, in order; copied
     * @param sizeBytes the entry size as EventBridge counts it
     */
    public record Entry(String detail, List<String> podUids, int sizeBytes) {
        /** Copies. */
        public Entry {
            Objects.requireNonNull(detail, "detail");
            podUids = List.copyOf(podUids);
        }
    }

    /**
     * The entries for one batch of pods.
     *
     * @param entries the entries, in pod order; copied
     * @param trimmedPods UIDs of pods sent in a reduced form to fit; copied
     */
    public record Packing(List<Entry> entries, List<String> trimmedPods) {
        /** Copies. */
        public Packing {
            entries = List.copyOf(entries);
            trimmedPods = List.copyOf(trimmedPods);
        }
    }

    /**
     * Creates a packer.
     *
     * @param limits the limits to stay within; not null
     */
    public EntryPacker(PutEventsLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.mapper = objectMapper();
    }

    /**
     * The JSON mapper the event is written with: compact, ISO-8601 instants.
     *
     * @return a new mapper
     */
    public static ObjectMapper objectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.INDENT_OUTPUT);
    }

    /**
     * Splits {@code pods} into entries.
     *
     * @param cluster the detail's cluster
     * @param forwarder the detail's forwarder
     * @param observedAt the detail's observedAt
     * @param pods the pods, in the order they should appear; empty gives no entries
     * @return the entries and any pods reduced to fit
     */
    public Packing pack(String cluster, String forwarder, Instant observedAt, List<PendingPod> pods) {
        PendingPodsDetail empty = new PendingPodsDetail(cluster, forwarder, observedAt, List.of());
        int envelopeBytes = FIXED_BYTES + utf8(write(empty));
        List<Entry> entries = new ArrayList<>();
        List<String> trimmed = new ArrayList<>();
        List<PendingPod> current = new ArrayList<>();
        int currentBytes = envelopeBytes;
        for (PendingPod original : pods) {
            PendingPod pod = original;
            int podBytes = utf8(write(pod));
            if (envelopeBytes + podBytes > limits.maxEntryBytes()) {
                pod = original.withoutSchedulingDetail();
                podBytes = utf8(write(pod));
                if (envelopeBytes + podBytes > limits.maxEntryBytes()) {
                    pod = original.identityOnly();
                    podBytes = utf8(write(pod));
                }
                trimmed.add(pod.uid());
            }
            int separator = current.isEmpty() ? 0 : 1;
            if (!current.isEmpty() && currentBytes + separator + podBytes > limits.maxEntryBytes()) {
                entries.add(entry(empty, current, currentBytes));
                current = new ArrayList<>();
                currentBytes = envelopeBytes;
                separator = 0;
            }
            current.add(pod);
            currentBytes += separator + podBytes;
        }
        if (!current.isEmpty()) {
            entries.add(entry(empty, current, currentBytes));
        }
        return new Packing(entries, trimmed);
    }

    /**
     * Groups entries into PutEvents calls.
     *
     * @param entries entries each within {@code maxEntryBytes}
     * @return the calls, each a non-empty list of entries, in order
     */
    public List<List<Entry>> calls(List<Entry> entries) {
        List<List<Entry>> calls = new ArrayList<>();
        List<Entry> current = new ArrayList<>();
        int currentBytes = 0;
        for (Entry entry : entries) {
            if (!current.isEmpty()
                    && (current.size() == limits.maxEntriesPerCall()
                            || currentBytes + entry.sizeBytes() > limits.maxCallBytes())) {
                calls.add(List.copyOf(current));
                current = new ArrayList<>();
                currentBytes = 0;
            }
            current.add(entry);
            currentBytes += entry.sizeBytes();
        }
        if (!current.isEmpty()) {
            calls.add(List.copyOf(current));
        }
        return calls;
    }

    private Entry entry(PendingPodsDetail envelope, List<PendingPod> pods, int expectedBytes) {
        String detail =
                write(new PendingPodsDetail(envelope.cluster(), envelope.forwarder(), envelope.observedAt(), pods));
        int size = FIXED_BYTES + utf8(detail);
        if (size != expectedBytes || size > limits.maxEntryBytes()) {
            throw new IllegalStateException("entry size " + size + " differs from the computed " + expectedBytes
                    + " or exceeds " + limits.maxEntryBytes() + " bytes: the detail serialisation changed shape");
        }
        return new Entry(detail, pods.stream().map(PendingPod::uid).toList(), size);
    }

    private String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    private static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
