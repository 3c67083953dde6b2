package dev.fleetwright.provisioner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reads provisioning queue bodies: EventBridge events from the pending-pod forwarder ({@code docs/design/events.md}),
 * the interruption function's "Provisioning Requested" events and the schedule's "Sweep Requested" events ({@code
 * docs/design/lambda-functions.md}). A body
 * that is not such an event, or names a cluster the stack does not serve, is rejected with the field and the rule it
 * breaks, so that the handler reports it as a partial batch failure and it ends in the DLQ. Thread-safe.
 */
public final class ProvisioningMessages {

    /** What a body turned into: a request, or the reason it was refused. */
    public sealed interface Parsed {
        /** The SQS message ID. */
        String messageId();
    }

    /**
     * A valid provisioning event.
     *
     * @param request the request
     */
    public record Accepted(ProvisioningRequest request) implements Parsed {
        /** @throws NullPointerException if the request is null */
        public Accepted {
            Objects.requireNonNull(request, "request");
        }

        @Override
        public String messageId() {
            return request.messageId();
        }
    }

    /**
     * A body that is not a provisioning event for this stack.
     *
     * @param messageId the SQS message ID
     * @param rule the field and the rule it breaks, for example {@code detail.cluster: missing}
     */
    public record Rejected(String messageId, String rule) implements Parsed {
        /** @throws NullPointerException if a component is null */
        public Rejected {
            Objects.requireNonNull(messageId, "messageId");
            Objects.requireNonNull(rule, "rule");
        }
    }

    private static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String rule) {
            super(rule, null, false, false);
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final Set<String> clusters;
    private final String clusterList;

    /**
     * @param clusters the clusters this stack serves
     */
    public ProvisioningMessages(List<String> clusters) {
        this.clusters = Set.copyOf(clusters);
        this.clusterList = String.join(",", clusters);
    }

    /**
     * Reads one message body.
     *
     * @param messageId the SQS message ID; not null
     * @param body the body; null is rejected
     * @return the request, or the rule the body breaks
     */
    public Parsed parse(String messageId, String body) {
        Objects.requireNonNull(messageId, "messageId");
        try {
            return new Accepted(request(messageId, body));
        } catch (Invalid e) {
            return new Rejected(messageId, e.getMessage());
        }
    }

    private ProvisioningRequest request(String messageId, String body) throws Invalid {
        if (body == null || body.isBlank()) {
            throw new Invalid("body: empty; expected an EventBridge event");
        }
        JsonNode event;
        try {
            event = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new Invalid("body: not JSON (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr()
                    + "); expected an EventBridge event");
        }
        if (event == null || !event.isObject()) {
            throw new Invalid("body: not a JSON object; expected an EventBridge event");
        }
        String source = text(event, "source", "source");
        String detailType = text(event, "detail-type", "detail-type");
        ProvisioningRequest.Kind kind = Arrays.stream(ProvisioningRequest.Kind.values())
                .filter(k -> k.source().equals(source) && k.detailType().equals(detailType))
                .findFirst()
                .orElseThrow(() -> new Invalid("source/detail-type: \"" + source + "\" / \"" + detailType
                        + "\" is not a provisioning event; expected " + expectedKinds()));
        String eventId = text(event, "id", "id");
        Instant time = instant(event, "time", "time");
        JsonNode detail = event.get("detail");
        if (detail == null || !detail.isObject()) {
            throw new Invalid("detail: missing or not a JSON object");
        }
        String cluster;
        if (kind == ProvisioningRequest.Kind.SWEEP_REQUESTED
                && (detail.get("cluster") == null || detail.get("cluster").isNull())) {
            cluster = ProvisioningRequest.ALL_CLUSTERS;
        } else {
            cluster = text(detail, "cluster", "detail.cluster");
        }
        boolean sweepAll =
                kind == ProvisioningRequest.Kind.SWEEP_REQUESTED && ProvisioningRequest.ALL_CLUSTERS.equals(cluster);
        if (!sweepAll && !clusters.contains(cluster)) {
            throw new Invalid("detail.cluster: \"" + cluster + "\" is not served by this stack ("
                    + ProvisionerSettings.FLEETWRIGHT_CLUSTERS + " = " + clusterList + ")");
        }
        int pods = 0;
        Instant earliest = null;
        String reason = "";
        switch (kind) {
            case PENDING_PODS -> {
                JsonNode list = detail.get("pods");
                if (list != null && !list.isNull()) {
                    if (!list.isArray()) {
                        throw new Invalid("detail.pods: not a JSON array");
                    }
                    pods = list.size();
                    for (int i = 0; i < list.size(); i++) {
                        JsonNode pod = list.get(i);
                        if (!pod.isObject()) {
                            throw new Invalid("detail.pods[" + i + "]: not a JSON object");
                        }
                        JsonNode since = pod.get("pendingSince");
                        if (since != null && !since.isNull()) {
                            Instant at = instant(pod, "pendingSince", "detail.pods[" + i + "].pendingSince");
                            earliest = earliest == null || at.isBefore(earliest) ? at : earliest;
                        }
                    }
                }
            }
            case PROVISIONING_REQUESTED, SWEEP_REQUESTED -> {
                JsonNode r = detail.get("reason");
                if (r != null && !r.isNull()) {
                    if (!r.isTextual()) {
                        throw new Invalid("detail.reason: not a string");
                    }
                    reason = r.asText();
                }
            }
        }
        return new ProvisioningRequest(messageId, kind, eventId, time, cluster, pods, earliest, reason);
    }

    private static String expectedKinds() {
        StringBuilder s = new StringBuilder();
        for (ProvisioningRequest.Kind k : ProvisioningRequest.Kind.values()) {
            if (!s.isEmpty()) {
                s.append(" or ");
            }
            s.append('"')
                    .append(k.source())
                    .append("\" / \"")
                    .append(k.detailType())
                    .append('"');
        }
        return s.toString();
    }

    private static String text(JsonNode node, String field, String path) throws Invalid {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new Invalid(path + ": missing");
        }
        if (!value.isTextual()) {
            throw new Invalid(path + ": not a string");
        }
        if (value.asText().isBlank()) {
            throw new Invalid(path + ": blank");
        }
        return value.asText();
    }

    private static Instant instant(JsonNode node, String field, String path) throws Invalid {
        String value = text(node, field, path);
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new Invalid(path + ": \"" + value + "\" is not an ISO-8601 UTC time such as 2026-11-22T10:00:00Z");
        }
    }
}
