package dev.fleetwright.core.api.load;

import java.util.Objects;

/**
 * The path of a field inside a document, printed the way Kubernetes prints field paths: {@code
 * spec.template.spec.requirements[2].values}, with map keys in brackets ({@code spec.limits[nvidia.com/gpu]}).
 * Immutable.
 */
public final class FieldPath {

    /** The document itself. */
    public static final FieldPath ROOT = new FieldPath("");

    private final String text;

    private FieldPath(String text) {
        this.text = text;
    }

    /**
     * A path from its printed form, for example {@code spec.template}.
     *
     * @param dotted the path, not null; empty for the root
     * @return the path
     */
    public static FieldPath of(String dotted) {
        return dotted.isEmpty() ? ROOT : new FieldPath(dotted);
    }

    /** The path of field {@code name} of the object at this path. */
    public FieldPath child(String name) {
        return new FieldPath(text.isEmpty() ? name : text + "." + name);
    }

    /** The path of element {@code index} of the list at this path. */
    public FieldPath index(int index) {
        return new FieldPath(text + "[" + index + "]");
    }

    /** The path of entry {@code key} of the map at this path. */
    public FieldPath key(String key) {
        return new FieldPath(text + "[" + key + "]");
    }

    /** Whether this is the document root. */
    public boolean isRoot() {
        return text.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldPath other && text.equals(other.text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text);
    }

    /** The printed path; empty for the root. */
    @Override
    public String toString() {
        return text;
    }
}
