package dev.fleetwright.core.api.convert;

import java.util.Map;
import java.util.Objects;

/**
 * One parsed input document: a generic tree as SnakeYAML or Gson produce it, and where it came from.
 *
 * @param fileName the file name or path, as it should appear in messages; not null
 * @param index the 0-based index of the document within its file (counting every document of a multi-document file)
 * @param tree the document: a map whose values are maps with string keys, lists, strings, numbers, booleans or null;
 *     copied deeply (key order kept) and unmodifiable
 */
public record ConversionInput(String fileName, int index, Map<String, Object> tree) {

    /**
     * @throws NullPointerException if the file name or tree is null
     * @throws IllegalArgumentException if the index is negative, or the tree holds a non-string key or a value of
     *     another type (the message names the path)
     */
    public ConversionInput {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(tree, "tree");
        if (index < 0) {
            throw new IllegalArgumentException("document index must not be negative: " + index);
        }
        tree = Trees.freeze(tree, "");
    }

    /** The {@code apiVersion}, or null when absent or not a string. */
    public String apiVersion() {
        return tree.get("apiVersion") instanceof String s ? s : null;
    }

    /** The {@code kind}, or null when absent or not a string. */
    public String kind() {
        return tree.get("kind") instanceof String s ? s : null;
    }

    /** The {@code metadata.name}, or null when absent or not a string. */
    public String name() {
        return tree.get("metadata") instanceof Map<?, ?> m && m.get("name") instanceof String s ? s : null;
    }

    /** This document's origin for messages, with {@code ?} standing for a missing kind or name. */
    public DocumentOrigin origin() {
        return new DocumentOrigin(fileName, index, kind() == null ? "?" : kind(), name() == null ? "?" : name());
    }
}
