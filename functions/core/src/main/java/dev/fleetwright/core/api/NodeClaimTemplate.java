package dev.fleetwright.core.api;

import java.util.Map;
import java.util.Objects;

/**
 * The template of a NodePool's NodeClaims ({@code spec.template}, [K] pkg/apis/v1/nodepool.go {@code
 * NodeClaimTemplate}).
 *
 * @param labels labels put on every node (and implied as {@code In} requirements)
 * @param annotations annotations put on every node
 * @param spec requirements, taints, node class and lifetimes; not null
 */
public record NodeClaimTemplate(
        Map<String, String> labels, Map<String, String> annotations, NodeClaimTemplateSpec spec) {

    /**
     * Copies the maps; null maps are empty.
     *
     * @throws NullPointerException if {@code spec} is null
     */
    public NodeClaimTemplate {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        Objects.requireNonNull(spec, "spec");
    }
}
