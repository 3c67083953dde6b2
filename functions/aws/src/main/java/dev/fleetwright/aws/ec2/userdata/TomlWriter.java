package dev.fleetwright.aws.ec2.userdata;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Writes a tree of maps as TOML, deterministically: in every table the plain values (strings, numbers, booleans,
 * arrays) come first, sorted by key, then each sub-table under its own {@code [dotted.header]}, sorted by key. A table
 * gets a header only when it has plain values or is empty (so {@code [settings]} is not written when it holds only
 * sub-tables). Tables are separated by a blank line. Keys are bare when they match {@code [A-Za-z0-9_-]+}, otherwise
 * double-quoted; strings are double-quoted basic strings; maps inside arrays become inline tables.
 */
final class TomlWriter {

    private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private TomlWriter() {}

    /** The TOML of {@code root}, ending in a line break. */
    static String write(Map<String, ?> root) {
        List<String> sections = new ArrayList<>();
        writeTable(sections, List.of(), root);
        return String.join("\n", sections);
    }

    private static void writeTable(List<String> sections, List<String> path, Map<String, ?> table) {
        Map<String, Object> plain = new TreeMap<>();
        Map<String, Map<String, ?>> tables = new TreeMap<>();
        for (Map.Entry<String, ?> e : table.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> m) {
                tables.put(e.getKey(), cast(m));
            } else if (e.getValue() != null) {
                plain.put(e.getKey(), e.getValue());
            }
        }
        if (!plain.isEmpty() || (table.isEmpty() && !path.isEmpty())) {
            StringBuilder sb = new StringBuilder();
            if (!path.isEmpty()) {
                sb.append('[').append(dotted(path)).append("]\n");
            }
            plain.forEach(
                    (k, v) -> sb.append(key(k)).append(" = ").append(value(v)).append('\n'));
            sections.add(sb.toString());
        }
        for (Map.Entry<String, Map<String, ?>> e : tables.entrySet()) {
            List<String> child = new ArrayList<>(path);
            child.add(e.getKey());
            writeTable(sections, child, e.getValue());
        }
    }

    private static String dotted(List<String> path) {
        return String.join(".", path.stream().map(TomlWriter::key).toList());
    }

    /** A key, bare or quoted. */
    static String key(String k) {
        return BARE_KEY.matcher(k).matches() ? k : string(k);
    }

    private static String value(Object v) {
        if (v instanceof String s) {
            return string(s);
        }
        if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof BigInteger) {
            return v.toString();
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d)) {
                return "nan";
            }
            if (Double.isInfinite(d)) {
                return d > 0 ? "inf" : "-inf";
            }
            String plain = BigDecimal.valueOf(d).toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        if (v instanceof BigDecimal b) {
            String plain = b.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        if (v instanceof List<?> list) {
            List<String> items = new ArrayList<>();
            for (Object item : list) {
                items.add(value(item));
            }
            return "[" + String.join(", ", items) + "]";
        }
        if (v instanceof Map<?, ?> m) {
            List<String> items = new ArrayList<>();
            new TreeMap<>(cast(m)).forEach((k, x) -> items.add(key(k) + " = " + value(x)));
            return "{" + String.join(", ", items) + "}";
        }
        throw new IllegalArgumentException(
                "cannot write " + v + " (" + v.getClass().getSimpleName() + ") as TOML");
    }

    /** A TOML basic string. */
    static String string(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\u%04X", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    @SuppressWarnings("unchecked") // trees are built from String-keyed maps only
    private static Map<String, ?> cast(Map<?, ?> m) {
        return (Map<String, ?>) m;
    }
}
