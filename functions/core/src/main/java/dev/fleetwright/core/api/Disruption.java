package dev.fleetwright.core.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A NodePool's disruption settings ({@code spec.disruption}, [K] pkg/apis/v1/nodepool.go {@code Disruption}).
 *
 * @param consolidationPolicy which nodes consolidation may disrupt, not null
 * @param consolidateAfter how long a node must be without pod events before consolidation considers it, or never;
 *     not null
 * @param budgets the budgets; the most restrictive active one wins. Empty means no limit (an explicit {@code budgets:
 *     []}); when the field is absent the loader applies {@link Budget#DEFAULT}
 */
public record Disruption(
        ConsolidationPolicy consolidationPolicy, NillableDuration consolidateAfter, List<Budget> budgets) {

    /** Karpenter's default {@code consolidateAfter} when the disruption block is absent: {@code 0s}. */
    public static final NillableDuration DEFAULT_CONSOLIDATE_AFTER = NillableDuration.of(Duration.ZERO);

    /** Karpenter's default {@code consolidationPolicy}: {@code WhenEmptyOrUnderutilized}. */
    public static final ConsolidationPolicy DEFAULT_CONSOLIDATION_POLICY =
            ConsolidationPolicy.WHEN_EMPTY_OR_UNDERUTILIZED;

    /** The settings of a NodePool without a {@code disruption} block. */
    public static final Disruption DEFAULT =
            new Disruption(DEFAULT_CONSOLIDATION_POLICY, DEFAULT_CONSOLIDATE_AFTER, List.of(Budget.DEFAULT));

    /**
     * Copies the budgets.
     *
     * @throws NullPointerException if a component is null
     */
    public Disruption {
        Objects.requireNonNull(consolidationPolicy, "consolidationPolicy");
        Objects.requireNonNull(consolidateAfter, "consolidateAfter");
        budgets = List.copyOf(budgets);
    }

    /**
     * The number of nodes that may be disrupted for {@code reason} at {@code now}: the minimum over the active budgets
     * that govern the reason, {@link Integer#MAX_VALUE} when none does or when the reason is not {@link
     * DisruptionReason#isBudgeted() budgeted} (expiration and interruption ignore budgets). Karpenter's {@code
     * GetAllowedDisruptionsByReason}; the caller subtracts nodes already being disrupted.
     *
     * @param now the instant to evaluate
     * @param nodeCount the NodePool's node count, not negative
     * @param reason the disruption reason, not null
     * @return the allowed disruptions
     */
    public int allowedDisruptions(Instant now, int nodeCount, DisruptionReason reason) {
        int allowed = Integer.MAX_VALUE;
        if (!reason.isBudgeted()) {
            return allowed;
        }
        for (Budget budget : budgets) {
            if (budget.appliesTo(reason)) {
                allowed = Math.min(allowed, budget.allowedDisruptions(now, nodeCount));
            }
        }
        return allowed;
    }
}
