package dev.fleetwright.core.api.corev1;

import java.util.List;
import java.util.Objects;

/**
 * A pod (anti-)affinity term ({@code core/v1 PodAffinityTerm}): the pods matched by {@code labelSelector} in the
 * selected namespaces, grouped by {@code topologyKey}.
 *
 * @param labelSelector which pods; null matches no pods (Kubernetes semantics)
 * @param namespaces namespaces to look in; with a null {@code namespaceSelector} and no names, the pod's own
 * @param namespaceSelector namespaces selected by label; an empty selector means every namespace; null means unset
 * @param topologyKey the node label that defines a domain, for example {@code topology.kubernetes.io/zone}
 * @param matchLabelKeys pod label keys whose values are ANDed into the selector (Kubernetes 1.29+)
 */
public record PodAffinityTerm(
        LabelSelector labelSelector,
        List<String> namespaces,
        LabelSelector namespaceSelector,
        String topologyKey,
        List<String> matchLabelKeys) {

    /** Copies lists; nulls are empty. */
    public PodAffinityTerm {
        namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
        Objects.requireNonNull(topologyKey, "topologyKey");
        matchLabelKeys = matchLabelKeys == null ? List.of() : List.copyOf(matchLabelKeys);
    }
}
