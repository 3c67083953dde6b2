package dev.fleetwright.core.api;

import java.util.Arrays;
import java.util.Optional;

/**
 * Why a NodeClaim is disrupted. The first three are Karpenter's graceful disruption methods, the only reasons a
 * disruption budget may name ([K] pkg/apis/v1/nodepool.go {@code DisruptionReason}); {@link #EXPIRED} and {@link
 * #INTERRUPTED} record forceful terminations, which ignore budgets.
 */
public enum DisruptionReason {
    /** Consolidation replaced or removed an underutilized node. */
    UNDERUTILIZED("Underutilized", true),
    /** The node had no reschedulable pods. */
    EMPTY("Empty", true),
    /** The node no longer matches its NodePool or EC2NodeClass. */
    DRIFTED("Drifted", true),
    /** The node reached its NodePool's {@code expireAfter}. */
    EXPIRED("Expired", false),
    /** EC2 announced an interruption (spot reclaim, scheduled maintenance, instance stopping). */
    INTERRUPTED("Interrupted", false);

    private final String wireName;
    private final boolean budgeted;

    DisruptionReason(String wireName, boolean budgeted) {
        this.wireName = wireName;
        this.budgeted = budgeted;
    }

    /** The API name, for example {@code Underutilized}. */
    public String wireName() {
        return wireName;
    }

    /** Whether disruption budgets govern this reason (and a budget may list it in {@code reasons}). */
    public boolean isBudgeted() {
        return budgeted;
    }

    /** The reason with this API name, or empty. */
    public static Optional<DisruptionReason> fromWireName(String name) {
        return Arrays.stream(values()).filter(r -> r.wireName.equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
