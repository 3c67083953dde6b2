package dev.fleetwright.core.api;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One disruption budget of a NodePool ({@code spec.disruption.budgets[]}, [K] pkg/apis/v1/nodepool.go {@code
 * Budget}): at most {@code nodes} of the NodePool's nodes may be disrupted at once, for the listed reasons, while the
 * window is active.
 *
 * @param nodes the allowed disruptions, not null
 * @param window when the budget is active; null means always
 * @param reasons the disruption reasons the budget governs, each {@link DisruptionReason#isBudgeted() budgeted}; empty
 *     means every reason
 */
public record Budget(BudgetNodes nodes, BudgetWindow window, Set<DisruptionReason> reasons) {

    /** Karpenter's default when no budgets are written: {@code [{nodes: "10%"}]}. */
    public static final Budget DEFAULT = new Budget(new BudgetNodes.Percent(10), null, Set.of());

    /**
     * Copies the reasons.
     *
     * @throws NullPointerException if {@code nodes} is null
     * @throws IllegalArgumentException if a reason is not one a budget may govern
     */
    public Budget {
        Objects.requireNonNull(nodes, "nodes");
        if (reasons == null || reasons.isEmpty()) {
            reasons = Set.of();
        } else {
            EnumSet<DisruptionReason> copy = EnumSet.copyOf(reasons);
            for (DisruptionReason r : copy) {
                if (!r.isBudgeted()) {
                    throw new IllegalArgumentException(
                            "budget reason " + r + " is not one of Underutilized, Empty, Drifted");
                }
            }
            reasons = Collections.unmodifiableSet(copy);
        }
    }

    /** Whether the budget is active at {@code now} (always, when it has no window). */
    public boolean isActive(Instant now) {
        return window == null || window.isActive(now);
    }

    /** Whether the budget governs disruptions for {@code reason}. */
    public boolean appliesTo(DisruptionReason reason) {
        return reasons.isEmpty() || reasons.contains(reason);
    }

    /**
     * The number of disruptions this budget allows among {@code nodeCount} nodes when active (percentages rounded up).
     *
     * @param nodeCount the NodePool's node count, not negative
     * @return the allowed disruptions
     */
    public int allowedDisruptions(int nodeCount) {
        return nodes.allowedDisruptions(nodeCount);
    }

    /**
     * The number of disruptions this budget allows at {@code now}: {@link #allowedDisruptions(int)} while active,
     * {@link Integer#MAX_VALUE} (no constraint) while inactive, as Karpenter's {@code GetAllowedDisruptions}.
     *
     * @param now the instant to evaluate
     * @param nodeCount the NodePool's node count, not negative
     * @return the allowed disruptions
     */
    public int allowedDisruptions(Instant now, int nodeCount) {
        return isActive(now) ? allowedDisruptions(nodeCount) : Integer.MAX_VALUE;
    }

    /** For example {@code 10%}, or {@code 0 during "0 9 * * mon-fri" for 8h (Drifted)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(nodes.toString());
        if (window != null) {
            sb.append(" during ").append(window);
        }
        if (!reasons.isEmpty()) {
            sb.append(reasons.stream().map(DisruptionReason::wireName).collect(Collectors.joining(", ", " (", ")")));
        }
        return sb.toString();
    }
}
