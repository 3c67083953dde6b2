package dev.fleetwright.core.api.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Collects the errors found in one document, each stamped with the document's source, index, kind and name. Decoders
 * report every problem here and keep going, so one pass finds them all.
 *
 * <p>An accumulator for a single decoding pass: not thread-safe, not to be shared between documents.
 */
public final class Diagnostics {

    private final String source;
    private final int documentIndex;
    private final String kind;
    private final String name;
    private final List<ConfigError> errors = new ArrayList<>();
    private final Set<String> keptPlaceholders;

    /**
     * @param source the file path or source name, not null
     * @param documentIndex the 0-based document index, or -1
     * @param kind the object kind, or null when not known
     * @param name the object name, or null when not known
     */
    public Diagnostics(String source, int documentIndex, String kind, String name) {
        this(source, documentIndex, kind, name, Set.of());
    }

    /**
     * @param source the file path or source name, not null
     * @param documentIndex the 0-based document index, or -1
     * @param kind the object kind, or null when not known
     * @param name the object name, or null when not known
     * @param keptPlaceholders placeholders of unset variables kept as written, such as {@code ${AMI_ID}}
     *     ({@link EnvironmentSubstitution.UnsetVariables#KEEP}), not null
     */
    public Diagnostics(String source, int documentIndex, String kind, String name, Set<String> keptPlaceholders) {
        this.keptPlaceholders = Set.copyOf(keptPlaceholders);
        this.source = source;
        this.documentIndex = documentIndex;
        this.kind = kind;
        this.name = name;
    }

    /** Diagnostics for a document of {@code document}'s source and index. */
    public static Diagnostics forDocument(SourceDocument document, String kind, String name) {
        return new Diagnostics(document.source(), document.index(), kind, name);
    }

    /**
     * Whether {@code value} holds a placeholder of an unset variable that the loader kept as written; such a value
     * skips identifier format checks (it is not the deployed value).
     */
    public boolean hasKeptPlaceholder(String value) {
        for (String placeholder : keptPlaceholders) {
            if (value.contains(placeholder)) {
                return true;
            }
        }
        return false;
    }

    /** Records that the value at {@code path} breaks {@code message}'s rule. */
    public void error(FieldPath path, String message) {
        errors.add(new ConfigError(source, documentIndex, 0, kind, name, path.toString(), message));
    }

    /** Whether any error was recorded. */
    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** The number of errors recorded so far. */
    public int count() {
        return errors.size();
    }

    /** The errors recorded, in the order found. */
    public List<ConfigError> errors() {
        return List.copyOf(errors);
    }
}
