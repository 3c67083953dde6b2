package dev.fleetwright.core.api.corev1;

import java.util.List;

/**
 * One term of a required node affinity: all its expressions must hold (terms are ORed), as in Kubernetes {@code
 * NodeSelectorTerm}. Field-based selectors ({@code matchFields}) are carried as requirements on the pseudo-label
 * {@code metadata.name}.
 *
 * @param matchExpressions the label requirements, ANDed
 */
public record NodeSelectorTerm(List<NodeSelectorRequirement> matchExpressions) {

    /** Copies the list; null is empty. */
    public NodeSelectorTerm {
        matchExpressions = matchExpressions == null ? List.of() : List.copyOf(matchExpressions);
    }
}
