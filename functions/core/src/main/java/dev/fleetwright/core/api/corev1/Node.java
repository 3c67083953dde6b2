package dev.fleetwright.core.api.corev1;

import java.util.List;
import java.util.Objects;

/**
 * The scheduling view of a Kubernetes node.
 *
 * @param metadata name, labels (zone, instance type, capacity type, NodePool, ...) and annotations
 * @param providerId the cloud provider ID, for example {@code aws:///us-east-1a/i-0123456789abcdef0}; empty if unset
 * @param taints taints
 * @param unschedulable whether the node is cordoned
 * @param capacity the node's capacity
 * @param allocatable what pods may request
 * @param ready whether the {@code Ready} condition is {@code True}
 */
public record Node(
        ObjectMeta metadata,
        String providerId,
        List<Taint> taints,
        boolean unschedulable,
        Resources capacity,
        Resources allocatable,
        boolean ready) {

    /** Copies the taints; nulls become empty. */
    public Node {
        Objects.requireNonNull(metadata, "metadata");
        providerId = providerId == null ? "" : providerId;
        taints = taints == null ? List.of() : List.copyOf(taints);
        capacity = capacity == null ? Resources.NONE : capacity;
        allocatable = allocatable == null ? Resources.NONE : allocatable;
    }

    /** The node name. */
    public String name() {
        return metadata.name();
    }

    /**
     * The EC2 instance ID from the provider ID ({@code aws:///zone/i-...}), or empty when the provider ID has none.
     */
    public String instanceId() {
        int slash = providerId.lastIndexOf('/');
        String last = slash < 0 ? providerId : providerId.substring(slash + 1);
        return last.startsWith("i-") ? last : "";
    }
}
