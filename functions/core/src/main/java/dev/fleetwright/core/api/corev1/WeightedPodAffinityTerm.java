package dev.fleetwright.core.api.corev1;

import java.util.Objects;

/**
 * A preferred pod (anti-)affinity term ({@code core/v1 WeightedPodAffinityTerm}).
 *
 * @param weight 1..100; heavier preferences are relaxed last
 * @param term the term
 */
public record WeightedPodAffinityTerm(int weight, PodAffinityTerm term) {

    /** @throws NullPointerException if the term is null */
    public WeightedPodAffinityTerm {
        Objects.requireNonNull(term, "term");
    }
}
