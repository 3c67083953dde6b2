package dev.fleetwright.core.scheduling;

import dev.fleetwright.core.api.corev1.Pod;
import java.util.Objects;

/**
 * A pod the scheduler could not place, with the reason a user can act on.
 *
 * @param pod the pod
 * @param reason why, per NodePool, for example {@code incompatible with nodepool "default", daemonset overhead={...},
 *     no instance type has enough resources ...}
 */
public record PodError(Pod pod, String reason) {

    /** @throws NullPointerException if an argument is null */
    public PodError {
        Objects.requireNonNull(pod, "pod");
        Objects.requireNonNull(reason, "reason");
    }
}
