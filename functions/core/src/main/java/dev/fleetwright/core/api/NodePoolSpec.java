package dev.fleetwright.core.api;

import java.util.Objects;

/**
 * The specification of a NodePool ({@code spec}, [K] pkg/apis/v1/nodepool.go {@code NodePoolSpec}).
 *
 * @param template the template of the NodeClaims it launches, not null
 * @param disruption disruption settings, not null ({@link Disruption#DEFAULT} when unset)
 * @param limits provisioning limits, not null ({@link Limits#NONE} when unset)
 * @param weight priority among NodePools, 1..100, higher first; null when unset (ordered as 0)
 */
public record NodePoolSpec(NodeClaimTemplate template, Disruption disruption, Limits limits, Integer weight) {

    /** The smallest weight a NodePool may set. */
    public static final int MIN_WEIGHT = 1;

    /** The largest weight a NodePool may set. */
    public static final int MAX_WEIGHT = 100;

    /**
     * @throws NullPointerException if {@code template}, {@code disruption} or {@code limits} is null
     * @throws IllegalArgumentException if {@code weight} is outside 1..100
     */
    public NodePoolSpec {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(disruption, "disruption");
        Objects.requireNonNull(limits, "limits");
        if (weight != null && (weight < MIN_WEIGHT || weight > MAX_WEIGHT)) {
            throw new IllegalArgumentException("weight must be within 1..100, got " + weight);
        }
    }
}
