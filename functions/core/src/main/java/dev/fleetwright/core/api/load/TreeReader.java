package dev.fleetwright.core.api.load;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the fields of one object of a generic tree, tracking the field path and which fields were read, so that
 * {@link #rejectUnknownFields} can report every field nobody asked for (with a "did you mean" hint).
 *
 * <p>Typed accessors report missing required fields and type mismatches to the {@link Diagnostics} and return empty;
 * a field whose value is {@code null} counts as absent, as Kubernetes treats {@code null} in JSON. The reader records
 * the fields read and is meant for one decoding pass over one object.
 */
public final class TreeReader {

    private final Map<String, Object> fields;
    private final FieldPath path;
    private final Diagnostics diagnostics;
    private final Set<String> read = new LinkedHashSet<>();

    /**
     * @param fields the object's fields, not null
     * @param path where the object is, not null
     * @param diagnostics where to report, not null
     */
    public TreeReader(Map<String, Object> fields, FieldPath path, Diagnostics diagnostics) {
        this.fields = Objects.requireNonNull(fields, "fields");
        this.path = Objects.requireNonNull(path, "path");
        this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
    }

    /**
     * A reader for the root of a document.
     *
     * @param tree the document's tree
     * @param diagnostics where to report
     * @return the reader, or empty after reporting that the document is not an object
     */
    public static Optional<TreeReader> root(Object tree, Diagnostics diagnostics) {
        if (tree == null) {
            diagnostics.error(FieldPath.ROOT, "the document is empty");
            return Optional.empty();
        }
        return new TreeValue(tree, FieldPath.ROOT, diagnostics).asObject();
    }

    /** Where the object is. */
    public FieldPath path() {
        return path;
    }

    /** The path of one of its fields. */
    public FieldPath pathOf(String field) {
        return path.child(field);
    }

    /** The diagnostics this reader reports to. */
    public Diagnostics diagnostics() {
        return diagnostics;
    }

    /** Whether the field is present with a non-null value; does not mark it read. */
    public boolean has(String field) {
        return fields.get(field) != null;
    }

    /** The raw value of a field without marking it read (for cross-field rules); null when absent. */
    public Object peek(String field) {
        return fields.get(field);
    }

    /** Reports {@code message} at field {@code field}. */
    public void error(String field, String message) {
        diagnostics.error(path.child(field), message);
    }

    /** Reports {@code message} at this object's path. */
    public void error(String message) {
        diagnostics.error(path, message);
    }

    /** The field's value, marking it read; empty when absent or null. */
    public Optional<TreeValue> field(String field) {
        read.add(field);
        Object value = fields.get(field);
        return value == null ? Optional.empty() : Optional.of(new TreeValue(value, path.child(field), diagnostics));
    }

    /** The field's value, marking it read; reports {@code required} and returns empty when absent or null. */
    public Optional<TreeValue> requiredField(String field) {
        Optional<TreeValue> value = field(field);
        if (value.isEmpty()) {
            error(field, "required");
        }
        return value;
    }

    /** A string field. */
    public Optional<String> string(String field) {
        return field(field).flatMap(TreeValue::asString);
    }

    /** A required string field; an empty string counts as missing. */
    public Optional<String> requiredString(String field) {
        Optional<String> value = requiredField(field).flatMap(TreeValue::asString);
        if (value.isPresent() && value.get().isEmpty()) {
            error(field, "must not be empty");
            return Optional.empty();
        }
        return value;
    }

    /** An int field. */
    public Optional<Integer> integer(String field) {
        return field(field).flatMap(TreeValue::asInt);
    }

    /** A long field. */
    public Optional<Long> longInteger(String field) {
        return field(field).flatMap(TreeValue::asLong);
    }

    /** A boolean field. */
    public Optional<Boolean> bool(String field) {
        return field(field).flatMap(TreeValue::asBoolean);
    }

    /** An object field. */
    public Optional<TreeReader> object(String field) {
        return field(field).flatMap(TreeValue::asObject);
    }

    /** A required object field. */
    public Optional<TreeReader> requiredObject(String field) {
        return requiredField(field).flatMap(TreeValue::asObject);
    }

    /** A list field. */
    public Optional<List<TreeValue>> list(String field) {
        return field(field).flatMap(TreeValue::asList);
    }

    /** A list-of-strings field. */
    public Optional<List<String>> stringList(String field) {
        return field(field).flatMap(TreeValue::asStringList);
    }

    /** A map-of-strings field (labels, annotations, tags). */
    public Optional<Map<String, String>> stringMap(String field) {
        return field(field).flatMap(TreeValue::asStringMap);
    }

    /** Marks fields as read without reading them (tolerated fields such as {@code status}). */
    public void ignore(String... names) {
        read.addAll(List.of(names));
    }

    /**
     * The fields present with a non-null value that were neither read nor ignored, in document order, for decoders
     * that tolerate unknown fields (workload manifests carry many Kubernetes fields Fleetwright does not model) but
     * still want to flag the likely typos among them.
     */
    public List<String> unreadFields() {
        return fields.entrySet().stream()
                .filter(e -> e.getValue() != null && !read.contains(e.getKey()))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** The names of the fields present in the object. */
    public Set<String> fieldNames() {
        return fields.keySet();
    }

    /**
     * Reports every field present but not read: {@code unknown field; did you mean "consolidateAfter"?}. Fields not
     * read are usually typos, fields of another API version, or fields Fleetwright does not support; they would
     * otherwise be lost silently.
     */
    public void rejectUnknownFields() {
        rejectUnknownFields(Map.of());
    }

    /**
     * Like {@link #rejectUnknownFields()}, with a specific explanation for some field names (for example fields that
     * moved between Karpenter API versions), used instead of the generic suggestion.
     *
     * @param explanations field name to explanation
     */
    public void rejectUnknownFields(Map<String, String> explanations) {
        Collection<String> known = read;
        for (String name : fields.keySet()) {
            if (read.contains(name)) {
                continue;
            }
            String explanation = explanations.get(name);
            if (explanation != null) {
                error(name, explanation);
                continue;
            }
            Optional<String> suggestion = Suggestions.closest(name, known);
            error(
                    name,
                    "unknown field"
                            + suggestion
                                    .map(s -> "; did you mean \"" + s + "\"?")
                                    .orElse(""));
        }
    }
}
