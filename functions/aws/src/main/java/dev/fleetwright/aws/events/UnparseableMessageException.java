package dev.fleetwright.aws.events;

import java.util.Objects;

/**
 * A queue message that is not one of the events the interruption function handles: not JSON, an unknown {@code
 * source}/{@code detail-type}, or a required field missing or malformed. The handler reports the record as a partial
 * batch failure, so after the queue's {@code maxReceiveCount} it ends in the dead-letter queue; it is never retried
 * into success, so the message names exactly what to fix.
 */
public final class UnparseableMessageException extends RuntimeException {

    private final String messageId;
    private final String field;
    private final String rule;

    /**
     * @param messageId the SQS message ID (or the event ID when parsing outside SQS); not null
     * @param field the JSON path of the offending field, for example {@code detail.instance-id}, or {@code body} for
     *     the whole message; not null
     * @param rule what the field must be, for example {@code must be an EC2 instance ID (i- and 8 or 17 hex digits)}
     * @param cause the JSON parser's failure; may be null
     */
    public UnparseableMessageException(String messageId, String field, String rule, Throwable cause) {
        super("message " + messageId + ": " + field + ": " + rule, cause);
        this.messageId = Objects.requireNonNull(messageId, "messageId");
        this.field = Objects.requireNonNull(field, "field");
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    /** The SQS message ID (or event ID) of the message. */
    public String messageId() {
        return messageId;
    }

    /** The JSON path of the field that broke a rule ({@code body} for the whole message). */
    public String field() {
        return field;
    }

    /** The rule the field broke. */
    public String rule() {
        return rule;
    }
}
