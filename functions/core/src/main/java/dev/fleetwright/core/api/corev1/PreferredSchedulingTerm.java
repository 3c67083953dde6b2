package dev.fleetwright.core.api.corev1;

import java.util.Objects;

/**
 * A weighted node affinity preference, as in Kubernetes {@code PreferredSchedulingTerm}.
 *
 * @param weight 1..100; higher preferences are tried first and relaxed last
 * @param preference the term preferred
 */
public record PreferredSchedulingTerm(int weight, NodeSelectorTerm preference) {

    /** @throws NullPointerException if the preference is null */
    public PreferredSchedulingTerm {
        Objects.requireNonNull(preference, "preference");
    }
}
