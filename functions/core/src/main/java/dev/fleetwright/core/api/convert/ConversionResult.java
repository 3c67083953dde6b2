package dev.fleetwright.core.api.convert;

import java.util.List;

/**
 * The outcome of {@link ApiConversion#toV1}: the output documents, and the messages about the input.
 *
 * @param documents the output documents in input order; a document generated from another one (an EC2NodeClass from a
 *     Provisioner's inline provider, a per-NodePool clone of an EC2NodeClass) follows the document it was made from.
 *     Source documents with errors produce no output document
 * @param warnings fields that were dropped or whose meaning or placement changed, in input order
 * @param errors input that cannot be converted without changing its meaning, in input order
 */
public record ConversionResult(
        List<ConvertedDocument> documents, List<ConversionMessage> warnings, List<ConversionMessage> errors) {

    /** Copies the lists. */
    public ConversionResult {
        documents = List.copyOf(documents);
        warnings = List.copyOf(warnings);
        errors = List.copyOf(errors);
    }

    /** Whether any source document could not be converted. */
    public boolean hasErrors() {
        return !errors.isEmpty();
    }
}
