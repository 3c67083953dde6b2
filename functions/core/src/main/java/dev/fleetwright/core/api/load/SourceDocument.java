package dev.fleetwright.core.api.load;

import java.util.Objects;

/**
 * One document to decode: a generic tree (usually a {@code Map<String,Object>} from SnakeYAML or Gson) and where it
 * came from, so every error can name it.
 *
 * @param source the file path or source name (for the Kubernetes API, for example {@code cluster}), not null
 * @param index the 0-based document index in the source (for API objects, the position in the list read)
 * @param tree the parsed document; null for an empty document
 * @param line the 1-based line where the document starts, or 0 when not from text
 */
public record SourceDocument(String source, int index, Object tree, int line) {

    /** @throws NullPointerException if {@code source} is null */
    public SourceDocument {
        Objects.requireNonNull(source, "source");
    }

    /** A document that did not come from text (for example an object read from the Kubernetes API). */
    public static SourceDocument of(String source, int index, Object tree) {
        return new SourceDocument(source, index, tree, 0);
    }

    /** The document's {@code apiVersion}, or empty text when absent or not a string. */
    public String apiVersion() {
        return topLevelString("apiVersion");
    }

    /** The document's {@code kind}, or empty text when absent or not a string. */
    public String kind() {
        return topLevelString("kind");
    }

    /** The document's {@code metadata.name}, or null when absent or not a string. */
    public String name() {
        if (tree instanceof java.util.Map<?, ?> map && map.get("metadata") instanceof java.util.Map<?, ?> metadata) {
            return metadata.get("name") instanceof String s ? s : null;
        }
        return null;
    }

    private String topLevelString(String field) {
        if (tree instanceof java.util.Map<?, ?> map && map.get(field) instanceof String s) {
            return s;
        }
        return "";
    }
}
