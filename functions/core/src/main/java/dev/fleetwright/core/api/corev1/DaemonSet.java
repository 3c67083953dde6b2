package dev.fleetwright.core.api.corev1;

import java.util.Objects;

/**
 * A DaemonSet, reduced to the pod it runs on every matching node: its requests count as overhead on new nodes whose
 * taints and labels the pod template tolerates and selects ([K] provisioning/scheduling daemonset overhead).
 *
 * @param metadata the DaemonSet's metadata
 * @param template the pod template, as a pod whose metadata carries the template labels
 */
public record DaemonSet(ObjectMeta metadata, Pod template) {

    /** @throws NullPointerException if any part is null */
    public DaemonSet {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(template, "template");
    }
}
