package dev.fleetwright.core.api.corev1;

import java.util.List;
import java.util.Objects;

/**
 * A topology spread constraint ({@code core/v1 TopologySpreadConstraint}).
 *
 * @param maxSkew the largest allowed difference in matching pods between two eligible domains, at least 1
 * @param topologyKey the node label that defines a domain
 * @param whenUnsatisfiable {@code DoNotSchedule} (a constraint) or {@code ScheduleAnyway} (a preference)
 * @param labelSelector which pods count; null counts none
 * @param minDomains the minimum number of eligible domains (only with DoNotSchedule); null when unset
 * @param nodeAffinityPolicy whether the pod's node affinity limits eligible domains (default Honor)
 * @param nodeTaintsPolicy whether node taints limit eligible domains (default Ignore)
 * @param matchLabelKeys pod label keys whose values are ANDed into the selector
 */
public record TopologySpreadConstraint(
        int maxSkew,
        String topologyKey,
        WhenUnsatisfiable whenUnsatisfiable,
        LabelSelector labelSelector,
        Integer minDomains,
        Policy nodeAffinityPolicy,
        Policy nodeTaintsPolicy,
        List<String> matchLabelKeys) {

    /** What to do when the constraint cannot be met. */
    public enum WhenUnsatisfiable {
        /** A hard constraint. */
        DO_NOT_SCHEDULE("DoNotSchedule"),
        /** A preference, relaxed by Karpenter when it cannot be met. */
        SCHEDULE_ANYWAY("ScheduleAnyway");

        private final String wireName;

        WhenUnsatisfiable(String wireName) {
            this.wireName = wireName;
        }

        /** The API name. */
        public String wireName() {
            return wireName;
        }
    }

    /** {@code Honor} or {@code Ignore}, for nodeAffinityPolicy and nodeTaintsPolicy. */
    public enum Policy {
        HONOR,
        IGNORE
    }

    /** Applies the Kubernetes defaults (Honor for affinity, Ignore for taints) and copies lists. */
    public TopologySpreadConstraint {
        if (maxSkew < 1) {
            throw new IllegalArgumentException("maxSkew must be at least 1, got " + maxSkew);
        }
        Objects.requireNonNull(topologyKey, "topologyKey");
        Objects.requireNonNull(whenUnsatisfiable, "whenUnsatisfiable");
        nodeAffinityPolicy = nodeAffinityPolicy == null ? Policy.HONOR : nodeAffinityPolicy;
        nodeTaintsPolicy = nodeTaintsPolicy == null ? Policy.IGNORE : nodeTaintsPolicy;
        matchLabelKeys = matchLabelKeys == null ? List.of() : List.copyOf(matchLabelKeys);
    }

    /** A DoNotSchedule or ScheduleAnyway constraint with default policies. */
    public static TopologySpreadConstraint of(
            int maxSkew, String topologyKey, WhenUnsatisfiable whenUnsatisfiable, LabelSelector selector) {
        return new TopologySpreadConstraint(maxSkew, topologyKey, whenUnsatisfiable, selector, null, null, null, null);
    }
}
