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
 * @param cluster the cluster to reconcile ({@code detail.cluster}), one this stack serves
 * @param pendingPods how many pods the forwarder listed ({@code detail.pods}); 0 for other kinds
 * @param earliestPendingSince the earliest {@code pendingSince} of the listed pods; null when none is listed
 * @param reason why the interruption function asked ({@code detail.reason}); empty for other kinds
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

    /** The events the provisioning queue accepts ({@code docs/design/events.md}, {@code lambda-functions.md}). */
    public enum Kind {
        /** {@code source: dev.fleetwright.forwarder}, {@code detail-type: Pending Pods}. */
        PENDING_PODS("dev.fleetwright.forwarder", "Pending Pods"),
        /** {@code source: dev.fleetwright.interruption}, {@code detail-type: Provisioning Requested}. */
        PROVISIONING_REQUESTED("dev.fleetwright.interruption", "Provisioning Requested");

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
