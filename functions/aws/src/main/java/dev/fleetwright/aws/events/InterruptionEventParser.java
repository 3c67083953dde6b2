package dev.fleetwright.aws.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetwright.core.interruption.InterruptionMessage;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Parses interruption queue bodies into core's {@link InterruptionMessage}: the five events Karpenter's interruption
 * controller reads ([A] pkg/controllers/interruption/messages) and Fleetwright's own {@value
 * FleetwrightEvents#DRAIN_CONTINUATION}.
 *
 * <table>
 *   <caption>Events, keyed by {@code source} and {@code detail-type}</caption>
 *   <tr><th>source / detail-type</th><th>detail fields read</th><th>record</th></tr>
 *   <tr><td>{@code aws.ec2} / {@value #SPOT_INTERRUPTION_WARNING}</td><td>{@code instance-id},
 *       {@code instance-action}</td><td>{@link InterruptionMessage.SpotInterruptionWarning}</td></tr>
 *   <tr><td>{@code aws.ec2} / {@value #REBALANCE_RECOMMENDATION}</td><td>{@code instance-id}</td>
 *       <td>{@link InterruptionMessage.RebalanceRecommendation}</td></tr>
 *   <tr><td>{@code aws.ec2} / {@value #STATE_CHANGE}</td><td>{@code instance-id}, {@code state}</td>
 *       <td>{@link InterruptionMessage.StateChange}</td></tr>
 *   <tr><td>{@code aws.health} / {@value #HEALTH_EVENT}</td><td>{@code service} = {@code EC2},
 *       {@code eventTypeCategory} = {@code scheduledChange}, {@code eventTypeCode},
 *       {@code affectedEntities[].entityValue}, optional {@code startTime}</td>
 *       <td>{@link InterruptionMessage.ScheduledChange}</td></tr>
 *   <tr><td>{@code aws.ec2} / {@value #CAPACITY_RESERVATION_INTERRUPTION}</td><td>{@code instance-id}, optional
 *       {@code capacity-reservation-id}</td><td>{@link InterruptionMessage.CapacityReservationInterruption}</td></tr>
 *   <tr><td>{@value FleetwrightEvents#INTERRUPTION_SOURCE} / {@value FleetwrightEvents#DRAIN_CONTINUATION}</td>
 *       <td>{@code cluster}, {@code nodeClaim}</td><td>{@link InterruptionMessage.ContinueDrain}</td></tr>
 * </table>
 *
 * <p>Every event needs a non-blank {@code id} and an ISO-8601 {@code time}. EC2 instance IDs must look like one
 * ({@code i-} and 8 or 17 lower-case hex digits), so a typo never passes for "an instance we do not own". AWS Health
 * writes {@code startTime} as RFC 1123 ({@code Sat, 05 Jun 2021 15:10:09 GMT}); ISO-8601 is accepted too. The {@code
 * version} field is not checked (EventBridge sends {@code "0"}), and unknown fields are ignored.
 *
 * <p>Karpenter drops Health events of another service or category, and state changes it does not act on, as no-ops.
 * Here the EventBridge rules already select EC2 {@code scheduledChange} events, so a Health event of another service
 * or category means a misrouted message and is unparseable (it reaches the DLQ and its alarm); state changes to {@code
 * pending} or {@code running} parse, and the use case records them without action.
 *
 * <p>A body may arrive wrapped once or twice: an SNS notification ({@code "Type": "Notification"} with the event as
 * the {@code Message} text) or an SQS message as JSON ({@code messageId} and {@code body}, as in an SQS event's
 * {@code Records[]}). Anything else is an {@link UnparseableMessageException} naming the message ID, the field path
 * and the rule. Thread-safe.
 */
public final class InterruptionEventParser {

    /** The {@code source} of EC2 events. */
    public static final String EC2_SOURCE = "aws.ec2";

    /** The {@code source} of AWS Health events. */
    public static final String HEALTH_SOURCE = "aws.health";

    /** Spot interruption warning, two minutes before EC2 reclaims the instance. */
    public static final String SPOT_INTERRUPTION_WARNING = "EC2 Spot Instance Interruption Warning";

    /** Rebalance recommendation: the spot instance is at elevated risk of interruption. */
    public static final String REBALANCE_RECOMMENDATION = "EC2 Instance Rebalance Recommendation";

    /** Instance state change. */
    public static final String STATE_CHANGE = "EC2 Instance State-change Notification";

    /** AWS Health event. */
    public static final String HEALTH_EVENT = "AWS Health Event";

    /** Interruptible capacity reservation reclaiming the instance. */
    public static final String CAPACITY_RESERVATION_INTERRUPTION =
            "EC2 Capacity Reservation Instance Interruption Warning";

    /** The Health {@code service} of EC2 events. */
    public static final String HEALTH_SERVICE_EC2 = "EC2";

    /** The Health {@code eventTypeCategory} Karpenter acts on. */
    public static final String HEALTH_SCHEDULED_CHANGE = "scheduledChange";

    /** EC2 instance IDs: {@code i-} then 8 (older) or 17 hexadecimal digits. */
    static final Pattern INSTANCE_ID = Pattern.compile("i-(?:[0-9a-f]{8}|[0-9a-f]{17})");

    /** The {@code instance-action} values EC2 documents for spot interruptions. */
    static final Set<String> INSTANCE_ACTIONS = Set.of("terminate", "stop", "hibernate");

    /** The instance states of EC2's state-change notification. */
    static final Set<String> INSTANCE_STATES =
            Set.of("pending", "running", "stopping", "stopped", "shutting-down", "terminated");

    private static final int MAX_WRAPPING = 2;

    private final ObjectMapper json = new ObjectMapper();

    /**
     * Parses one queue message body.
     *
     * @param messageId the SQS message ID, used in error messages; not null
     * @param body the message body: an event, or an SNS notification or SQS message wrapping one
     * @return the message
     * @throws UnparseableMessageException if the body is not one of the handled events, naming the field and the rule
     */
    public InterruptionMessage parse(String messageId, String body) {
        Objects.requireNonNull(messageId, "messageId");
        if (body == null || body.isBlank()) {
            throw new UnparseableMessageException(messageId, "body", "must not be empty", null);
        }
        JsonNode node = readTree(messageId, "body", body);
        String where = "body";
        for (int wrapping = 0; ; wrapping++) {
            if (!node.isObject()) {
                throw new UnparseableMessageException(
                        messageId, where, "must be a JSON object (an EventBridge event), got " + kind(node), null);
            }
            if (node.has("detail-type") || node.has("source")) {
                return event(new Event(messageId, node));
            }
            if (wrapping < MAX_WRAPPING
                    && "Notification".equals(node.path("Type").asText(null))) {
                where = "Message";
                node = readTree(messageId, where, text(messageId, node, "Message", "Message"));
                continue;
            }
            if (wrapping < MAX_WRAPPING && node.has("messageId") && node.has("body")) {
                where = "body";
                node = readTree(messageId, where, text(messageId, node, "body", "body"));
                continue;
            }
            throw new UnparseableMessageException(
                    messageId,
                    "detail-type",
                    "missing: the body is not an EventBridge event (nor an SNS notification or SQS message wrapping"
                            + " one)",
                    null);
        }
    }

    private InterruptionMessage event(Event e) {
        String source = e.text("source");
        String detailType = e.text("detail-type");
        return switch (source + "|" + detailType) {
            case EC2_SOURCE + "|" + SPOT_INTERRUPTION_WARNING ->
                new InterruptionMessage.SpotInterruptionWarning(
                        e.id(), e.time(), e.instanceId(), e.oneOf("detail.instance-action", INSTANCE_ACTIONS));
            case EC2_SOURCE + "|" + REBALANCE_RECOMMENDATION ->
                new InterruptionMessage.RebalanceRecommendation(e.id(), e.time(), e.instanceId());
            case EC2_SOURCE + "|" + STATE_CHANGE ->
                new InterruptionMessage.StateChange(
                        e.id(), e.time(), e.instanceId(), e.oneOf("detail.state", INSTANCE_STATES));
            case EC2_SOURCE + "|" + CAPACITY_RESERVATION_INTERRUPTION ->
                new InterruptionMessage.CapacityReservationInterruption(
                        e.id(), e.time(), e.instanceId(), e.optionalText("detail.capacity-reservation-id"));
            case HEALTH_SOURCE + "|" + HEALTH_EVENT -> scheduledChange(e);
            case FleetwrightEvents.INTERRUPTION_SOURCE + "|" + FleetwrightEvents.DRAIN_CONTINUATION ->
                new InterruptionMessage.ContinueDrain(
                        e.id(), e.time(), e.text("detail.cluster"), e.text("detail.nodeClaim"));
            default ->
                throw e.fail(
                        "detail-type",
                        "\"" + detailType + "\" from source \"" + source + "\" is not an event the interruption"
                                + " function handles; expected " + EC2_SOURCE + ": " + SPOT_INTERRUPTION_WARNING
                                + ", " + REBALANCE_RECOMMENDATION + ", " + STATE_CHANGE + ", "
                                + CAPACITY_RESERVATION_INTERRUPTION + "; " + HEALTH_SOURCE + ": " + HEALTH_EVENT
                                + "; " + FleetwrightEvents.INTERRUPTION_SOURCE + ": "
                                + FleetwrightEvents.DRAIN_CONTINUATION);
        };
    }

    private static InterruptionMessage scheduledChange(Event e) {
        String service = e.text("detail.service");
        if (!HEALTH_SERVICE_EC2.equals(service)) {
            throw e.fail(
                    "detail.service",
                    "\"" + service + "\": only " + HEALTH_SERVICE_EC2 + " Health events concern instances; the"
                            + " EventBridge rule should not route others here");
        }
        String category = e.text("detail.eventTypeCategory");
        if (!HEALTH_SCHEDULED_CHANGE.equals(category)) {
            throw e.fail(
                    "detail.eventTypeCategory",
                    "\"" + category + "\": only " + HEALTH_SCHEDULED_CHANGE + " events are acted on; the EventBridge"
                            + " rule should not route others here");
        }
        JsonNode entities = e.node("detail.affectedEntities");
        if (!entities.isArray()) {
            throw e.fail("detail.affectedEntities", "must be an array, got " + kind(entities));
        }
        List<String> instanceIds = new ArrayList<>();
        for (int i = 0; i < entities.size(); i++) {
            String path = "detail.affectedEntities[" + i + "].entityValue";
            instanceIds.add(e.instanceId(path, e.text(path)));
        }
        String start = e.optionalText("detail.startTime");
        return new InterruptionMessage.ScheduledChange(
                e.id(),
                e.time(),
                e.text("detail.eventTypeCode"),
                instanceIds,
                start.isEmpty() ? null : e.healthTime("detail.startTime", start));
    }

    private JsonNode readTree(String messageId, String field, String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException ex) {
            throw new UnparseableMessageException(
                    messageId,
                    field,
                    "not valid JSON: " + ex.getOriginalMessage() + " at line "
                            + ex.getLocation().getLineNr() + ", column "
                            + ex.getLocation().getColumnNr(),
                    ex);
        }
    }

    private static String text(String messageId, JsonNode node, String name, String field) {
        JsonNode value = node.get(name);
        if (value == null || !value.isTextual()) {
            throw new UnparseableMessageException(
                    messageId, field, "must be a JSON string holding the wrapped event", null);
        }
        return value.asText();
    }

    private static String kind(JsonNode node) {
        return node == null || node.isMissingNode()
                ? "nothing"
                : node.getNodeType().name().toLowerCase();
    }

    /** One event being read, with the message ID every failure names. */
    private record Event(String messageId, JsonNode root) {

        /** The node at a path of names and {@code [index]} suffixes, for example {@code detail.items[0].name}. */
        JsonNode node(String path) {
            JsonNode n = root;
            for (String part : path.split("\\.")) {
                int bracket = part.indexOf('[');
                n = n.path(bracket < 0 ? part : part.substring(0, bracket));
                if (bracket >= 0) {
                    n = n.path(Integer.parseInt(part.substring(bracket + 1, part.length() - 1)));
                }
            }
            return n;
        }

        UnparseableMessageException fail(String field, String rule) {
            return new UnparseableMessageException(messageId, field, rule, null);
        }

        String text(String path) {
            JsonNode n = node(path);
            if (n.isMissingNode() || n.isNull()) {
                throw fail(path, "required");
            }
            if (!n.isTextual()) {
                throw fail(path, "must be a string, got " + kind(n));
            }
            if (n.asText().isBlank()) {
                throw fail(path, "must not be blank");
            }
            return n.asText();
        }

        String optionalText(String path) {
            JsonNode n = node(path);
            if (n.isMissingNode() || n.isNull()) {
                return "";
            }
            if (!n.isTextual()) {
                throw fail(path, "must be a string, got " + kind(n));
            }
            return n.asText().strip();
        }

        String id() {
            return text("id");
        }

        Instant time() {
            String value = text("time");
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException ex) {
                throw fail("time", "\"" + value + "\" is not an ISO-8601 instant such as 2026-11-22T10:00:00Z");
            }
        }

        Instant healthTime(String path, String value) {
            try {
                return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
            } catch (DateTimeParseException rfc1123) {
                try {
                    return Instant.parse(value);
                } catch (DateTimeParseException iso) {
                    throw fail(
                            path,
                            "\"" + value + "\" is neither an RFC 1123 time (Sat, 05 Jun 2021 15:10:09 GMT) nor an"
                                    + " ISO-8601 instant");
                }
            }
        }

        String instanceId() {
            return instanceId("detail.instance-id", text("detail.instance-id"));
        }

        String instanceId(String path, String value) {
            if (!INSTANCE_ID.matcher(value).matches()) {
                throw fail(path, "\"" + value + "\" is not an EC2 instance ID (i- and 8 or 17 lower-case hex digits)");
            }
            return value;
        }

        String oneOf(String path, Set<String> allowed) {
            String value = text(path);
            if (!allowed.contains(value)) {
                throw fail(path, "\"" + value + "\" is not one of " + new TreeSet<>(allowed));
            }
            return value;
        }
    }
}
