package dev.fleetwright.core.api.corev1;

import java.util.List;
import java.util.Objects;

/**
 * One node selector requirement as written in YAML: Kubernetes {@code NodeSelectorRequirement}, with Karpenter's
 * {@code minValues} ({@code NodeSelectorRequirementWithMinValues}, [K] pkg/apis/v1/nodeclaim.go).
 *
 * <p>This is the raw shape; rules on value counts, integers and {@code minValues} bounds are checked by the loaders
 * (which report the field path), and the set algebra lives in {@code dev.fleetwright.core.scheduling.Requirement}.
 *
 * @param key the label key
 * @param operator the operator
 * @param values the values, in the order written (empty for Exists and DoesNotExist)
 * @param minValues the minimum number of distinct values of this key across the instance types a NodeClaim keeps;
 *     null when unset
 */
public record NodeSelectorRequirement(
        String key, NodeSelectorOperator operator, List<String> values, Integer minValues) {

    /** Copies the values; a null list is empty. */
    public NodeSelectorRequirement {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(operator, "operator");
        values = values == null ? List.of() : List.copyOf(values);
    }

    /** A requirement without {@code minValues}. */
    public static NodeSelectorRequirement of(String key, NodeSelectorOperator operator, String... values) {
        return new NodeSelectorRequirement(key, operator, List.of(values), null);
    }

    @Override
    public String toString() {
        String v = values.isEmpty() ? "" : " " + values;
        return key + " " + operator.wireName() + v + (minValues == null ? "" : " minValues " + minValues);
    }
}
