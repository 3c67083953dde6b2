package dev.fleetwright.core.api.corev1;

import java.util.List;

/**
 * A pod's affinity ({@code core/v1 Affinity}), flattened: node affinity, pod affinity and pod anti-affinity, each with
 * its required ({@code requiredDuringSchedulingIgnoredDuringExecution}) and preferred
 * ({@code preferredDuringSchedulingIgnoredDuringExecution}) parts.
 *
 * @param requiredNodeTerms node selector terms, ORed; empty when unset
 * @param preferredNodeTerms weighted node preferences
 * @param requiredPodAffinity pod affinity terms, ANDed
 * @param preferredPodAffinity weighted pod affinity preferences
 * @param requiredPodAntiAffinity pod anti-affinity terms, ANDed
 * @param preferredPodAntiAffinity weighted pod anti-affinity preferences
 */
public record Affinity(
        List<NodeSelectorTerm> requiredNodeTerms,
        List<PreferredSchedulingTerm> preferredNodeTerms,
        List<PodAffinityTerm> requiredPodAffinity,
        List<WeightedPodAffinityTerm> preferredPodAffinity,
        List<PodAffinityTerm> requiredPodAntiAffinity,
        List<WeightedPodAffinityTerm> preferredPodAntiAffinity) {

    /** No affinity at all. */
    public static final Affinity NONE = new Affinity(null, null, null, null, null, null);

    /** Copies lists; nulls are empty. */
    public Affinity {
        requiredNodeTerms = copy(requiredNodeTerms);
        preferredNodeTerms = copy(preferredNodeTerms);
        requiredPodAffinity = copy(requiredPodAffinity);
        preferredPodAffinity = copy(preferredPodAffinity);
        requiredPodAntiAffinity = copy(requiredPodAntiAffinity);
        preferredPodAntiAffinity = copy(preferredPodAntiAffinity);
    }

    /** Whether any part is set. */
    public boolean isEmpty() {
        return requiredNodeTerms.isEmpty()
                && preferredNodeTerms.isEmpty()
                && requiredPodAffinity.isEmpty()
                && preferredPodAffinity.isEmpty()
                && requiredPodAntiAffinity.isEmpty()
                && preferredPodAntiAffinity.isEmpty();
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}
