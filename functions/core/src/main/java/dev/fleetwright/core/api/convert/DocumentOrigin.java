package dev.fleetwright.core.api.convert;

import java.util.Objects;

/**
 * Where a document came from: a file, the 0-based position of the document in it, and the document's kind and name as
 * written there. Used to name documents in warnings and errors.
 *
 * @param fileName the file name or path as the caller gave it, not null
 * @param index the 0-based index of the document within the file, not negative
 * @param kind the document's {@code kind}, or {@code ?} when it has none
 * @param name the document's {@code metadata.name}, or {@code ?} when it has none
 */
public record DocumentOrigin(String fileName, int index, String kind, String name) {

    /**
     * @throws NullPointerException if any component is null
     * @throws IllegalArgumentException if the index is negative
     */
    public DocumentOrigin {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        if (index < 0) {
            throw new IllegalArgumentException("document index must not be negative: " + index);
        }
    }

    /** {@code file[index] Kind "name"}, the prefix of every message about this document. */
    @Override
    public String toString() {
        return fileName + "[" + index + "] " + kind + " \"" + name + "\"";
    }
}
