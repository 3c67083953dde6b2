package dev.fleetwright.aws.ec2.userdata;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A small YAML block-style writer for generated documents (maps in the given order, lists, strings, integers,
 * booleans), with a quoting rule simple enough to predict: a string is written plain when it matches {@code
 * [A-Za-z][A-Za-z0-9._/-]*} and is not a YAML 1.1 boolean or null word, otherwise double-quoted with JSON escapes. Keys
 * follow the same rule. Lists are written at their key's indentation, as Kubernetes tools do.
 */
final class YamlWriter {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z][A-Za-z0-9._/-]*");
    private static final Set<String> RESERVED_WORDS =
            Set.of("y", "yes", "n", "no", "true", "false", "on", "off", "null");

    private YamlWriter() {}

    /** The block YAML of {@code document}, each line ending in a line break. */
    static String write(Map<String, ?> document) {
        StringBuilder sb = new StringBuilder();
        writeMap(sb, document, 0);
        return sb.toString();
    }

    private static void writeMap(StringBuilder sb, Map<String, ?> map, int indent) {
        for (Map.Entry<String, ?> e : map.entrySet()) {
            pad(sb, indent).append(scalar(e.getKey())).append(':');
            writeValue(sb, e.getValue(), indent);
        }
    }

    /** Writes what follows {@code key:} for a value at {@code indent}. */
    private static void writeValue(StringBuilder sb, Object value, int indent) {
        if (value instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append(" {}\n");
            } else {
                sb.append('\n');
                writeMap(sb, cast(m), indent + 2);
            }
        } else if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                sb.append(" []\n");
            } else {
                sb.append('\n');
                writeList(sb, list, indent);
            }
        } else {
            sb.append(' ').append(scalarValue(value)).append('\n');
        }
    }

    private static void writeList(StringBuilder sb, List<?> list, int indent) {
        for (Object item : list) {
            pad(sb, indent).append('-');
            if (item instanceof Map<?, ?> m && !m.isEmpty()) {
                boolean first = true;
                for (Map.Entry<String, ?> e : cast(m).entrySet()) {
                    if (first) {
                        sb.append(' ');
                        first = false;
                    } else {
                        pad(sb, indent + 2);
                    }
                    sb.append(scalar(e.getKey())).append(':');
                    writeValue(sb, e.getValue(), indent + 2);
                }
            } else if (item instanceof List<?> || item instanceof Map<?, ?>) {
                throw new IllegalArgumentException("nested lists are not supported: " + item);
            } else {
                sb.append(' ').append(scalarValue(item)).append('\n');
            }
        }
    }

    private static String scalarValue(Object value) {
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof String s) {
            return scalar(s);
        }
        throw new IllegalArgumentException("cannot write " + value + " as YAML");
    }

    /** A string as a plain scalar when safe, else double-quoted. */
    static String scalar(String s) {
        if (PLAIN.matcher(s).matches() && !RESERVED_WORDS.contains(s.toLowerCase(java.util.Locale.ROOT))) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static StringBuilder pad(StringBuilder sb, int indent) {
        return sb.append(" ".repeat(indent));
    }

    @SuppressWarnings("unchecked") // documents are built from String-keyed maps only
    private static Map<String, ?> cast(Map<?, ?> m) {
        return (Map<String, ?>) m;
    }
}
