package dev.fleetwright.forwarder.publish;

import dev.fleetwright.forwarder.pods.PendingPod;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The {@code detail} of a "Pending Pods" event, field for field as in {@code docs/design/events.md}. {@code pods} must
 * stay the last component: {@link EntryPacker} computes sizes by appending pods to the serialised envelope.
 *
 * @param cluster the EKS cluster name the stack serves; not blank
 * @param forwarder the forwarder pod's name, for tracing an event to its sender; not blank
 * @param observedAt when this event was built; not null
 * @param pods the pending pods this entry carries; copied; may be empty only in size calculations
 */
public record PendingPodsDetail(String cluster, String forwarder, Instant observedAt, List<PendingPod> pods) {

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if cluster or forwarder is blank
     * @throws NullPointerException if observedAt or pods is null
     */
    public PendingPodsDetail {
        if (cluster == null || cluster.isBlank()) {
            throw new IllegalArgumentException("detail.cluster: required, not blank");
        }
        if (forwarder == null || forwarder.isBlank()) {
            throw new IllegalArgumentException("detail.forwarder: required, not blank");
        }
        Objects.requireNonNull(observedAt, "observedAt");
        pods = List.copyOf(Objects.requireNonNull(pods, "pods"));
    }
}
