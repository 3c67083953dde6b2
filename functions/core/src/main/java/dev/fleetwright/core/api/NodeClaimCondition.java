package dev.fleetwright.core.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One status condition of a NodeClaim.
 *
 * @param type the condition type, not null
 * @param status the status, not null
 * @param reason a CamelCase reason, empty when none
 * @param message a human-readable message, empty when none
 * @param lastTransitionTime when the status last changed, not null
 */
public record NodeClaimCondition(
        NodeClaimConditionType type,
        ConditionStatus status,
        String reason,
        String message,
        Instant lastTransitionTime) {

    /** @throws NullPointerException if {@code type}, {@code status} or {@code lastTransitionTime} is null */
    public NodeClaimCondition {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        reason = reason == null ? "" : reason;
        message = message == null ? "" : message;
        Objects.requireNonNull(lastTransitionTime, "lastTransitionTime");
    }

    /** A {@code True} condition without reason or message. */
    public static NodeClaimCondition isTrue(NodeClaimConditionType type, Instant at) {
        return new NodeClaimCondition(type, ConditionStatus.TRUE, "", "", at);
    }

    /** Whether the status is {@code True}. */
    public boolean isTrue() {
        return status == ConditionStatus.TRUE;
    }
}
