package dev.fleetwright.forwarder.publish;

import dev.fleetwright.forwarder.metrics.ForwarderMetrics;
import dev.fleetwright.forwarder.pods.PendingPod;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Publishes pending pods as "Pending Pods" events with PutEvents ({@code docs/design/events.md}) and reports, per pod,
 * whether EventBridge accepted the entry that carried it.
 *
 * <p>PutEvents is not all-or-nothing: an entry may fail (ErrorCode, e.g. {@code ThrottlingException}, {@code
 * InternalFailure}) while others succeed, and the response counts them in FailedEntryCount. Failed entries are
 * reported as failed, never as sent; the send loop retries their pods. A call that throws (throttled beyond the SDK's
 * own retries, network, credentials) fails all its entries, and the calls after it are not attempted, so a struggling
 * service is not hit with the rest of the batch.
 */
public final class EventPublisher {

    private final EventBridgeClient client;
    private final String eventBusName;
    private final String cluster;
    private final String forwarder;
    private final EntryPacker packer;
    private final Clock clock;
    private final ForwarderMetrics metrics;

    /**
     * Creates the publisher.
     *
     * @param client the EventBridge client (region, credentials and endpoint already configured); not null
     * @param eventBusName the bus name or ARN from the stack outputs; not blank
     * @param cluster the detail's {@code cluster}; not blank
     * @param forwarder the detail's {@code forwarder}; not blank
     * @param packer splits pods into entries and calls; not null
     * @param clock stamps {@code observedAt}; not null
     * @param metrics counts calls, accepted and failed entries; not null
     */
    public EventPublisher(
            EventBridgeClient client,
            String eventBusName,
            String cluster,
            String forwarder,
            EntryPacker packer,
            Clock clock,
            ForwarderMetrics metrics) {
        this.client = Objects.requireNonNull(client, "client");
        if (eventBusName == null || eventBusName.isBlank()) {
            throw new IllegalArgumentException("eventBusName: required, not blank");
        }
        this.eventBusName = eventBusName;
        this.cluster = cluster;
        this.forwarder = forwarder;
        this.packer = Objects.requireNonNull(packer, "packer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * Sends {@code pods} in as few entries and calls as the limits allow.
     *
     * @param pods the pods to report; empty sends nothing
     * @return which pods were accepted and which failed
     */
    public PublishOutcome publish(List<PendingPod> pods) {
        Instant observedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        EntryPacker.Packing packing = packer.pack(cluster, forwarder, observedAt, pods);
        packing.trimmedPods().forEach(uid -> metrics.podTrimmed());
        Set<String> accepted = new HashSet<>();
        Set<String> failed = new HashSet<>();
        Map<String, Integer> failures = new TreeMap<>();
        boolean stop = false;
        for (List<EntryPacker.Entry> call : packer.calls(packing.entries())) {
            if (stop) {
                fail(call, "NotAttempted", failed, failures);
                continue;
            }
            PutEventsResponse response;
            try {
                response = client.putEvents(request(call));
            } catch (SdkException e) {
                fail(call, errorCode(e), failed, failures);
                metrics.putEventsCall(0, clock.instant());
                stop = true;
                continue;
            }
            List<PutEventsResultEntry> results = response.entries();
            int acceptedEntries = 0;
            for (int i = 0; i < call.size(); i++) {
                PutEventsResultEntry result = i < results.size() ? results.get(i) : null;
                EntryPacker.Entry entry = call.get(i);
                if (result != null && result.errorCode() == null && result.eventId() != null) {
                    accepted.addAll(entry.podUids());
                    acceptedEntries++;
                } else {
                    String code = result == null
                            ? "MissingResultEntry"
                            : result.errorCode() == null ? "NoEventId" : result.errorCode();
                    fail(List.of(entry), code, failed, failures);
                }
            }
            metrics.putEventsCall(acceptedEntries, clock.instant());
        }
        failures.forEach(metrics::entriesFailed);
        return new PublishOutcome(accepted, failed, failures);
    }

    private PutEventsRequest request(List<EntryPacker.Entry> call) {
        return PutEventsRequest.builder()
                .entries(call.stream()
                        .map(entry -> PutEventsRequestEntry.builder()
                                .eventBusName(eventBusName)
                                .source(EntryPacker.SOURCE)
                                .detailType(EntryPacker.DETAIL_TYPE)
                                .detail(entry.detail())
                                .build())
                        .toList())
                .build();
    }

    private static void fail(
            List<EntryPacker.Entry> entries, String code, Set<String> failed, Map<String, Integer> failures) {
        for (EntryPacker.Entry entry : entries) {
            failed.addAll(entry.podUids());
            failures.merge(code, 1, Integer::sum);
        }
    }

    private static String errorCode(SdkException e) {
        if (e instanceof AwsServiceException service
                && service.awsErrorDetails() != null
                && service.awsErrorDetails().errorCode() != null) {
            return service.awsErrorDetails().errorCode();
        }
        return e.getClass().getSimpleName();
    }
}
