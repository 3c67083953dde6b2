package dev.fleetwright.core.api.load;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One value of a generic tree (what SnakeYAML or Gson produce: {@code Map<String,Object>}, {@code List}, {@code
 * String}, {@code Number} — Integer, Long, BigInteger or Double —, {@code Boolean}) together with its field path and
 * the {@link Diagnostics} to report to.
 *
 * <p>The {@code as...} conversions report a type mismatch at this value's path and return empty, so decoders can read
 * on and report every problem of a document in one pass. Numbers that are whole (such as Gson's {@code 3.0}) count as
 * integers. Immutable apart from the shared diagnostics.
 */
public final class TreeValue {

    private final Object raw;
    private final FieldPath path;
    private final Diagnostics diagnostics;

    /**
     * @param raw the value, not null
     * @param path where it is, not null
     * @param diagnostics where to report, not null
     */
    public TreeValue(Object raw, FieldPath path, Diagnostics diagnostics) {
        this.raw = Objects.requireNonNull(raw, "raw");
        this.path = Objects.requireNonNull(path, "path");
        this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
    }

    /** The value as parsed. */
    public Object raw() {
        return raw;
    }

    /** Where the value is. */
    public FieldPath path() {
        return path;
    }

    /** The diagnostics this value reports to. */
    public Diagnostics diagnostics() {
        return diagnostics;
    }

    /** Reports {@code message} at this value's path. */
    public void error(String message) {
        diagnostics.error(path, message);
    }

    /** The string, or empty after reporting that the value is not a string (with a hint to quote numbers). */
    public Optional<String> asString() {
        if (raw instanceof String s) {
            return Optional.of(s);
        }
        if (raw instanceof Number || raw instanceof Boolean) {
            error("expected a string, got " + describe(raw) + "; quote it (\"" + scalarText(raw) + "\")");
        } else {
            error("expected a string, got " + describe(raw));
        }
        return Optional.empty();
    }

    /**
     * The value as text for fields that take an integer or a string (Kubernetes {@code IntOrString}, resource
     * quantities): strings as they are, numbers in plain notation ({@code 1000}, {@code 0.5}).
     */
    public Optional<String> asIntOrString() {
        if (raw instanceof String s) {
            return Optional.of(s);
        }
        if (raw instanceof Number n) {
            return Optional.of(plain(n));
        }
        error("expected a number or a string, got " + describe(raw));
        return Optional.empty();
    }

    /** The whole number, or empty after reporting that the value is not one. */
    public Optional<Long> asLong() {
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
            return Optional.of(((Number) raw).longValue());
        }
        if (raw instanceof Number n) {
            try {
                BigDecimal d = new BigDecimal(plain(n));
                return Optional.of(d.toBigIntegerExact().longValueExact());
            } catch (ArithmeticException | NumberFormatException e) {
                error("expected a whole number, got " + describe(raw));
                return Optional.empty();
            }
        }
        if (raw instanceof String s) {
            error("expected a whole number, got the string \"" + s + "\"; write it without quotes");
        } else {
            error("expected a whole number, got " + describe(raw));
        }
        return Optional.empty();
    }

    /** The whole number within the int range, or empty after reporting. */
    public Optional<Integer> asInt() {
        Optional<Long> value = asLong();
        if (value.isPresent() && (value.get() < Integer.MIN_VALUE || value.get() > Integer.MAX_VALUE)) {
            error("number " + value.get() + " is too large");
            return Optional.empty();
        }
        return value.map(Long::intValue);
    }

    /** The number, exactly, or empty after reporting that the value is not a number. */
    public Optional<BigDecimal> asNumber() {
        if (raw instanceof Number n) {
            try {
                return Optional.of(new BigDecimal(plain(n)));
            } catch (NumberFormatException e) {
                error("expected a finite number, got " + describe(raw));
                return Optional.empty();
            }
        }
        error("expected a number, got " + describe(raw));
        return Optional.empty();
    }

    /** The boolean, or empty after reporting that the value is not {@code true} or {@code false}. */
    public Optional<Boolean> asBoolean() {
        if (raw instanceof Boolean b) {
            return Optional.of(b);
        }
        error("expected true or false, got " + describe(raw));
        return Optional.empty();
    }

    /** The value as an object to read fields from, or empty after reporting that it is not an object. */
    public Optional<TreeReader> asObject() {
        if (raw instanceof Map<?, ?> map) {
            return Optional.of(new TreeReader(stringKeys(map), path, diagnostics));
        }
        error("expected an object, got " + describe(raw));
        return Optional.empty();
    }

    /**
     * The elements of a list, each with its indexed path; null elements are reported and left out. Empty after
     * reporting when the value is not a list.
     */
    public Optional<List<TreeValue>> asList() {
        if (raw instanceof List<?> list) {
            List<TreeValue> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                Object element = list.get(i);
                if (element == null) {
                    diagnostics.error(path.index(i), "must not be null");
                } else {
                    out.add(new TreeValue(element, path.index(i), diagnostics));
                }
            }
            return Optional.of(out);
        }
        error("expected a list, got " + describe(raw));
        return Optional.empty();
    }

    /**
     * The entries of a map, each value with its keyed path, in document order; null values are reported and left
     * out. Empty after reporting when the value is not a map.
     */
    public Optional<Map<String, TreeValue>> asMap() {
        if (raw instanceof Map<?, ?> map) {
            Map<String, TreeValue> out = new LinkedHashMap<>();
            stringKeys(map).forEach((k, v) -> {
                if (v == null) {
                    diagnostics.error(path.key(k), "must not be null");
                } else {
                    out.put(k, new TreeValue(v, path.key(k), diagnostics));
                }
            });
            return Optional.of(out);
        }
        error("expected an object, got " + describe(raw));
        return Optional.empty();
    }

    /**
     * A map of strings (labels, annotations, tags), in document order. Entries whose value is not a string are
     * reported and left out.
     */
    public Optional<Map<String, String>> asStringMap() {
        return asMap().map(entries -> {
            Map<String, String> out = new LinkedHashMap<>();
            entries.forEach((k, v) -> v.asString().ifPresent(s -> out.put(k, s)));
            return out;
        });
    }

    /** A list of strings; elements that are not strings are reported and left out. */
    public Optional<List<String>> asStringList() {
        return asList().map(elements -> {
            List<String> out = new ArrayList<>(elements.size());
            for (TreeValue e : elements) {
                e.asString().ifPresent(out::add);
            }
            return out;
        });
    }

    /** How a value is described in errors: {@code the number 4}, {@code a list}, {@code an object}. */
    public static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return "the string \"" + s + "\"";
        }
        if (value instanceof Boolean b) {
            return "the boolean " + b;
        }
        if (value instanceof Number n) {
            return "the number " + plain(n);
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        if (value instanceof Map<?, ?>) {
            return "an object";
        }
        return "a " + value.getClass().getSimpleName();
    }

    private static String scalarText(Object value) {
        return value instanceof Number n ? plain(n) : String.valueOf(value);
    }

    /** A number in plain notation: {@code 3} for Gson's {@code 3.0}, {@code 0.5}, never an exponent. */
    static String plain(Number n) {
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            return Long.toString(n.longValue());
        }
        if (n instanceof BigInteger b) {
            return b.toString();
        }
        if (n instanceof BigDecimal d) {
            return d.stripTrailingZeros().toPlainString();
        }
        double d = n.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return Double.toString(d);
        }
        return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }

    private Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (k instanceof String s) {
                out.put(s, v);
            } else {
                diagnostics.error(path, "key " + describe(k) + " is not a string; quote it");
            }
        });
        return out;
    }
}
