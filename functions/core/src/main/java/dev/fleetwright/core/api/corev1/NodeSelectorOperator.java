package dev.fleetwright.core.api.corev1;

import java.util.Arrays;
import java.util.Optional;

/**
 * An operator of a node selector requirement: Kubernetes' {@code In, NotIn, Exists, DoesNotExist, Gt, Lt} and
 * Karpenter's {@code Gte, Lte} ([K] pkg/apis/v1/nodepool.go {@code NodeSelectorOpGte}).
 */
public enum NodeSelectorOperator {
    /** The label value is one of the values (at least one value). */
    IN("In"),
    /** The label is absent or its value is none of the values. */
    NOT_IN("NotIn"),
    /** The label is present (no values). */
    EXISTS("Exists"),
    /** The label is absent (no values). */
    DOES_NOT_EXIST("DoesNotExist"),
    /** The label value is an integer greater than the single value. */
    GT("Gt"),
    /** The label value is an integer less than the single value. */
    LT("Lt"),
    /** The label value is an integer greater than or equal to the single value. */
    GTE("Gte"),
    /** The label value is an integer less than or equal to the single value. */
    LTE("Lte");

    private final String wireName;

    NodeSelectorOperator(String wireName) {
        this.wireName = wireName;
    }

    /** The API name, for example {@code NotIn}. */
    public String wireName() {
        return wireName;
    }

    /** Whether the operator compares integers (Gt, Lt, Gte, Lte). */
    public boolean isNumeric() {
        return this == GT || this == LT || this == GTE || this == LTE;
    }

    /** The operator with this API name, or empty. */
    public static Optional<NodeSelectorOperator> fromWireName(String name) {
        return Arrays.stream(values()).filter(o -> o.wireName.equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
