package dev.fleetwright.core.api.corev1;

import java.util.List;

/**
 * The parts of {@code core/v1 PodStatus} that provisioning and drain read.
 *
 * @param phase Pending, Running, Succeeded, Failed or Unknown
 * @param conditions conditions, in API order
 * @param nominatedNodeName the node the scheduler nominated during preemption; empty when none
 */
public record PodStatus(String phase, List<Condition> conditions, String nominatedNodeName) {

    /** A pending pod the scheduler marked unschedulable ({@code PodScheduled=False}, reason {@code Unschedulable}). */
    public static final PodStatus UNSCHEDULABLE =
            new PodStatus("Pending", List.of(new Condition("PodScheduled", "False", "Unschedulable")), "");

    /** A running pod. */
    public static final PodStatus RUNNING =
            new PodStatus("Running", List.of(new Condition("PodScheduled", "True", "")), "");

    /**
     * A pod condition.
     *
     * @param type for example {@code PodScheduled} or {@code Ready}
     * @param status {@code True}, {@code False} or {@code Unknown}
     * @param reason the machine-readable reason; empty when none
     */
    public record Condition(String type, String status, String reason) {
        /** Normalises a null reason to empty. */
        public Condition {
            reason = reason == null ? "" : reason;
        }
    }

    /** Copies the list; nulls are empty. */
    public PodStatus {
        phase = phase == null ? "Pending" : phase;
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        nominatedNodeName = nominatedNodeName == null ? "" : nominatedNodeName;
    }

    /** Whether {@code PodScheduled} is {@code False} with reason {@code Unschedulable}. */
    public boolean failedToSchedule() {
        return conditions.stream()
                .anyMatch(c -> c.type().equals("PodScheduled")
                        && c.status().equals("False")
                        && c.reason().equals("Unschedulable"));
    }
}
