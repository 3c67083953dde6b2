package dev.fleetwright.aws.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The messages Fleetwright's functions send to its own queues, in the EventBridge envelope ({@code version}, {@code
 * id}, {@code detail-type}, {@code source}, {@code time}, {@code region}, {@code resources}, {@code detail}) so that
 * every queue body has one shape (contract: {@code docs/design/lambda-functions.md}, "Messages").
 *
 * <ul>
 *   <li>{@value #DRAIN_CONTINUATION} on the interruption queue: {@code detail: {"cluster", "nodeClaim"}}.
 *   <li>{@value #PROVISIONING_REQUESTED} on the provisioning queue: {@code detail: {"cluster", "reason"}}.
 * </ul>
 *
 * <p>The envelope has no {@code account}: the sender does not know it without an STS call, and no reader needs it.
 */
public final class FleetwrightEvents {

    /** The {@code source} of messages the interruption function sends. */
    public static final String INTERRUPTION_SOURCE = "dev.fleetwright.interruption";

    /** The {@code detail-type} of a drain continuation. */
    public static final String DRAIN_CONTINUATION = "Drain Continuation";

    /** The {@code detail-type} of a "look now" request to the provisioner. */
    public static final String PROVISIONING_REQUESTED = "Provisioning Requested";

    private static final ObjectMapper JSON = new ObjectMapper();

    private FleetwrightEvents() {}

    /**
     * A drain continuation body.
     *
     * @param id a unique ID for this request (the EventBridge {@code id})
     * @param time when it was requested; written with millisecond precision
     * @param region the AWS region of the stack
     * @param cluster the cluster
     * @param nodeClaimName the NodeClaim being drained
     * @return the JSON text
     * @throws IllegalArgumentException if a text argument is blank
     */
    public static String drainContinuation(
            String id, Instant time, String region, String cluster, String nodeClaimName) {
        ObjectNode detail = JSON.createObjectNode();
        detail.put("cluster", required("cluster", cluster));
        detail.put("nodeClaim", required("nodeClaim", nodeClaimName));
        return envelope(id, time, region, DRAIN_CONTINUATION, detail);
    }

    /**
     * A provisioning request body.
     *
     * @param id a unique ID for this request
     * @param time when it was requested; written with millisecond precision
     * @param region the AWS region of the stack
     * @param cluster the cluster to look at
     * @param reason why, for logs; may be empty
     * @return the JSON text
     * @throws IllegalArgumentException if the ID, region or cluster is blank
     */
    public static String provisioningRequested(String id, Instant time, String region, String cluster, String reason) {
        ObjectNode detail = JSON.createObjectNode();
        detail.put("cluster", required("cluster", cluster));
        detail.put("reason", reason == null ? "" : reason);
        return envelope(id, time, region, PROVISIONING_REQUESTED, detail);
    }

    private static String envelope(String id, Instant time, String region, String detailType, ObjectNode detail) {
        Objects.requireNonNull(time, "time");
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "0");
        event.put("id", required("id", id));
        event.put("detail-type", detailType);
        event.put("source", INTERRUPTION_SOURCE);
        event.put("time", time.truncatedTo(ChronoUnit.MILLIS).toString());
        event.put("region", required("region", region));
        event.putArray("resources");
        event.set("detail", detail);
        try {
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a " + detailType + " event: " + e.getMessage(), e);
        }
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + ": must not be blank");
        }
        return value;
    }
}
