package dev.fleetwright.core.api;

/** The status of a condition, as in Kubernetes {@code metav1.ConditionStatus}. */
public enum ConditionStatus {
    /** {@code True}. */
    TRUE,
    /** {@code False}. */
    FALSE,
    /** {@code Unknown}. */
    UNKNOWN;

    /** {@code True}, {@code False} or {@code Unknown}. */
    public String wireName() {
        return name().charAt(0) + name().substring(1).toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
        return wireName();
    }
}
