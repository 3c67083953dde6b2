package dev.fleetwright.core.api.load;

import java.util.Objects;

/**
 * One problem found while loading configuration, with everything a user needs to find it. Printed as
 *
 * <pre>{@code
 * nodepools.yaml[1] NodePool "batch": spec.template.spec.requirements[2].values: operator Gt needs exactly one non-negative integer
 * }</pre>
 *
 * that is: the source, the 0-based document index in brackets, {@code line N} when the problem is tied to a line
 * rather than an object (YAML syntax, unset variables), the kind and quoted object name when known, then the field
 * path and the rule broken.
 *
 * @param source the file path or source name, not null
 * @param documentIndex the 0-based index of the YAML document in the source, or -1 when not known
 * @param line the 1-based line, or 0 when not relevant
 * @param kind the object kind, or null when not known
 * @param name the object name, or null when not known
 * @param path the field path, empty for the whole object or document; not null
 * @param message the rule broken, not null
 */
public record ConfigError(
        String source, int documentIndex, int line, String kind, String name, String path, String message) {

    /** @throws NullPointerException if {@code source}, {@code path} or {@code message} is null */
    public ConfigError {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** An error about a whole source (unreadable file, empty directory). */
    public static ConfigError ofSource(String source, String message) {
        return new ConfigError(source, -1, 0, null, null, "", message);
    }

    /** The error in the documented one-line format. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(source);
        if (documentIndex >= 0) {
            sb.append('[').append(documentIndex).append(']');
        }
        if (line > 0) {
            sb.append(" line ").append(line);
        }
        if (kind != null) {
            sb.append(' ').append(kind);
        }
        if (name != null) {
            sb.append(" \"").append(name).append('"');
        }
        sb.append(": ");
        if (!path.isEmpty()) {
            sb.append(path).append(": ");
        }
        return sb.append(message).toString();
    }
}
