package dev.fleetwright.core.api.convert;

import java.util.Objects;

/**
 * A warning or an error about one field of one source document.
 *
 * @param origin the document the message is about, not null
 * @param fieldPath the field in the source document, dotted with list indexes and map keys in brackets (for example
 *     {@code spec.requirements[2].key} or {@code spec.annotations[karpenter.sh/do-not-evict]}); {@code .} for the
 *     whole document
 * @param message what happened and why, not blank
 */
public record ConversionMessage(DocumentOrigin origin, String fieldPath, String message) {

    /**
     * @throws NullPointerException if any component is null
     * @throws IllegalArgumentException if the message is blank
     */
    public ConversionMessage {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(fieldPath, "fieldPath");
        Objects.requireNonNull(message, "message");
        if (message.isBlank()) {
            throw new IllegalArgumentException("message must not be blank");
        }
    }

    /** {@code file[index] Kind "name": field.path: message}. */
    @Override
    public String toString() {
        return origin + ": " + fieldPath + ": " + message;
    }
}
