package dev.fleetwright.core.api;

import java.util.Arrays;
import java.util.Optional;

/**
 * Which nodes consolidation may disrupt ({@code spec.disruption.consolidationPolicy}, [K] pkg/apis/v1/nodepool.go).
 * The default is {@link #WHEN_EMPTY_OR_UNDERUTILIZED}.
 */
public enum ConsolidationPolicy {
    /** Only nodes without reschedulable pods. */
    WHEN_EMPTY("WhenEmpty"),
    /** Empty nodes and nodes whose pods fit elsewhere or on a cheaper replacement. */
    WHEN_EMPTY_OR_UNDERUTILIZED("WhenEmptyOrUnderutilized");

    private final String wireName;

    ConsolidationPolicy(String wireName) {
        this.wireName = wireName;
    }

    /** The API name, for example {@code WhenEmpty}. */
    public String wireName() {
        return wireName;
    }

    /** The policy with this API name, or empty. */
    public static Optional<ConsolidationPolicy> fromWireName(String name) {
        return Arrays.stream(values()).filter(p -> p.wireName.equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
