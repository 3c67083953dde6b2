package dev.fleetwright.core.api.convert;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One output document, in the v1 API when it was converted, or exactly as given when it passed through.
 *
 * @param tree the document, unmodifiable, keys in output order ({@code apiVersion, kind, metadata, spec})
 * @param origins the source documents it was made from, first the one it mainly derives from: one for a plain
 *     conversion; for an EC2NodeClass that received a kubelet from NodePools, the class and those NodePools; for a
 *     class generated from a Provisioner's inline {@code spec.provider}, the Provisioner; not empty
 */
public record ConvertedDocument(Map<String, Object> tree, List<DocumentOrigin> origins) {

    /**
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if there is no origin, or the tree holds a value of an unsupported type
     */
    public ConvertedDocument {
        Objects.requireNonNull(tree, "tree");
        origins = List.copyOf(origins);
        if (origins.isEmpty()) {
            throw new IllegalArgumentException("a converted document needs at least one origin");
        }
        tree = Trees.freeze(tree, "");
    }

    /** The {@code apiVersion}, or null when absent. */
    public String apiVersion() {
        return tree.get("apiVersion") instanceof String s ? s : null;
    }

    /** The {@code kind}, or null when absent. */
    public String kind() {
        return tree.get("kind") instanceof String s ? s : null;
    }

    /** The {@code metadata.name}, or null when absent. */
    public String name() {
        return tree.get("metadata") instanceof Map<?, ?> m && m.get("name") instanceof String s ? s : null;
    }
}
