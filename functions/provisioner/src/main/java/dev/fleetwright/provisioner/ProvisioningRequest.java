package dev.fleetwright.provisioner;

import java.time.Instant;
import java.util.Objects;

/**
 * One SQS message of the provisioning queue, understood: "look at this cluster now". Level-triggered, so the pod list a
 * forwarder event carries is only counted here for logs and the latency metric; the provisioner reads the pods again
 * from the Kubernetes API.
 *
 * @param messageId the SQS message ID (what a partial batch failure names)
 * @param kind which kind of event it is
 * @param eventId the EventBridge event ID ({@code id})
 * @param eventTime when the event was put on the bus ({@code time})
 * @param cluster the cluster to reconcile ({@code detail.cluster}), one this stack serves; {@link #ALL_CLUSTERS} for a
 *     sweep of every served cluster
 * @param pendingPods how many pods the forwarder listed ({@code detail.pods}); 0 for other kinds
 * @param earliestPendingSince the earliest {@code pendingSince} of the listed pods; null when none is listed
 * @param reason why the request was made ({@code detail.reason}); empty when the event gives none
 */
public record ProvisioningRequest(
        String messageId,
        Kind kind,
        String eventId,
        Instant eventTime,
        String cluster,
        int pendingPods,
        Instant earliestPendingSince,
        String reason) {

    /** The {@link #cluster} of a sweep that covers every cluster the stack serves. */
    public static final String ALL_CLUSTERS = "*";

    /** The events the provisioning queue accepts ({@code docs/design/events.md}, {@code lambda-functions.md}). */
    public enum Kind {
        /** {@code source: dev.fleetwright.forwarder}, {@code detail-type: Pending Pods}. */
        PENDING_PODS("dev.fleetwright.forwarder", "Pending Pods"),
        /** {@code source: dev.fleetwright.interruption}, {@code detail-type: Provisioning Requested}. */
        PROVISIONING_REQUESTED("dev.fleetwright.interruption", "Provisioning Requested"),
        /**
         * {@code source: dev.fleetwright.schedule}, {@code detail-type: Sweep Requested}: the stack's EventBridge
         * Scheduler schedule (every minute), or a person. Catches pending pods whose events were lost, follows
         * launched NodeClaims to registration and times out those that never register. {@code detail.cluster} is
         * optional: absent or {@value ProvisioningRequest#ALL_CLUSTERS} means every served cluster.
         */
        SWEEP_REQUESTED("dev.fleetwright.schedule", "Sweep Requested");

        private final String source;
        private final String detailType;

        Kind(String source, String detailType) {
            this.source = source;
            this.detailType = detailType;
        }

        /** The EventBridge {@code source}. */
        public String source() {
            return source;
        }

        /** The EventBridge {@code detail-type}. */
        public String detailType() {
            return detailType;
        }
    }

    /**
     * @throws NullPointerException if a component other than {@code earliestPendingSince} is null
     * @throws IllegalArgumentException if {@code pendingPods} is negative
     */
    public ProvisioningRequest {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(reason, "reason");
        if (pendingPods < 0) {
            throw new IllegalArgumentException("pendingPods must not be negative, got " + pendingPods);
        }
    }

    /** True when this request covers every served cluster. */
    public boolean allClusters() {
        return ALL_CLUSTERS.equals(cluster);
    }

    /**
     * When the need this request reports began: the earliest listed pod's {@code pendingSince}, else the event time.
     * The start of {@code fleetwright_launch_latency_seconds}.
     */
    public Instant needSince() {
        return earliestPendingSince != null && earliestPendingSince.isBefore(eventTime)
                ? earliestPendingSince
                : eventTime;
    }
}
