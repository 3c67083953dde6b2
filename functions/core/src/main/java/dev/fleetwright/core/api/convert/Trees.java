package dev.fleetwright.core.api.convert;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Helpers for generic document trees: maps with string keys (insertion order kept), lists, strings, numbers, booleans
 * and nulls.
 */
final class Trees {

    private Trees() {}

    /**
     * A deep, unmodifiable copy that keeps key order.
     *
     * @throws IllegalArgumentException naming the path when a key is not a string or a value is of another type
     */
    static Map<String, Object> freeze(Map<?, ?> tree, String path) {
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : tree.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException(
                        path + ": map key " + e.getKey() + " is not a string (" + typeName(e.getKey()) + ")");
            }
            copy.put(key, freezeValue(e.getValue(), child(path, key)));
        }
        return Collections.unmodifiableMap(copy);
    }

    private static Object freezeValue(Object value, String path) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Number) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            return freeze(map, path);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                copy.add(freezeValue(list.get(i), path + "[" + i + "]"));
            }
            return Collections.unmodifiableList(copy);
        }
        throw new IllegalArgumentException(path + ": unsupported value type " + typeName(value)
                + "; trees hold only maps, lists, strings, numbers, booleans and null");
    }

    /** A deep, modifiable copy ({@link LinkedHashMap}, {@link ArrayList}) of a frozen value. */
    static Object mutableCopy(Object value) {
        if (value instanceof Map<?, ?> map) {
            return mutableMap(map);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object item : list) {
                copy.add(mutableCopy(item));
            }
            return copy;
        }
        return value;
    }

    /** A deep, modifiable copy of a map whose keys are strings (as every frozen tree's are). */
    static Map<String, Object> mutableMap(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            copy.put(String.valueOf(e.getKey()), mutableCopy(e.getValue()));
        }
        return copy;
    }

    /**
     * Equality that ignores map key order and compares numbers by value, so that {@code 110} read by SnakeYAML
     * ({@code Integer}) equals {@code 110.0} read by Gson ({@code Double}).
     */
    static boolean semanticEquals(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return decimal(x).compareTo(decimal(y)) == 0;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !semanticEquals(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!semanticEquals(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a == null ? b == null : a.equals(b);
    }

    private static BigDecimal decimal(Number n) {
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (n instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (n instanceof Double || n instanceof Float) {
            return BigDecimal.valueOf(n.doubleValue());
        }
        return BigDecimal.valueOf(n.longValue());
    }

    /** A one-line, YAML flow-style rendering of a value for messages, e.g. {@code {maxPods: 110}}. */
    static String render(Object value) {
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream()
                    .map(e -> e.getKey() + ": " + render(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Trees::render).collect(Collectors.joining(", ", "[", "]"));
        }
        return String.valueOf(value);
    }

    /** The path of a map entry: {@code parent.key}, or {@code parent[key]} when the key contains a dot or slash. */
    static String child(String parent, String key) {
        boolean plain = !key.isEmpty() && key.chars().allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '_');
        if (plain) {
            return parent.isEmpty() ? key : parent + "." + key;
        }
        return parent + "[" + key + "]";
    }

    /** A short type name for messages. */
    static String typeName(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "a map";
        }
        if (value instanceof List) {
            return "a list";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        return value.getClass().getName();
    }
}
