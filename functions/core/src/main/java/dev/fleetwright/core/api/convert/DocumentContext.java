package dev.fleetwright.core.api.convert;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The messages about one source document, and typed reads of its fields that report a wrong type as an error naming the
 * field. A read that fails returns null, exactly like an absent field, so the caller goes on and reports every problem
 * of the document at once; the document is then left out of the output because it has errors.
 */
final class DocumentContext {

    private final DocumentOrigin origin;
    private final List<ConversionMessage> warnings = new ArrayList<>();
    private final List<ConversionMessage> errors = new ArrayList<>();

    DocumentContext(DocumentOrigin origin) {
        this.origin = origin;
    }

    DocumentOrigin origin() {
        return origin;
    }

    void warn(String path, String message) {
        warnings.add(new ConversionMessage(origin, path, message));
    }

    void error(String path, String message) {
        errors.add(new ConversionMessage(origin, path, message));
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    List<ConversionMessage> warnings() {
        return warnings;
    }

    List<ConversionMessage> errors() {
        return errors;
    }

    /** The value as a map (a modifiable copy), null when absent; an error when it is something else. */
    Map<String, Object> map(Object value, String path) {
        if (value == null) {
            return null;
        }
        if (value instanceof Map<?, ?> m) {
            return Trees.mutableMap(m);
        }
        error(path, "must be a map, found " + Trees.typeName(value));
        return null;
    }

    /** The value as a list (a modifiable copy), null when absent; an error when it is something else. */
    List<Object> list(Object value, String path) {
        if (value == null) {
            return null;
        }
        if (value instanceof List<?> l) {
            List<Object> copy = new ArrayList<>();
            for (Object item : l) {
                copy.add(Trees.mutableCopy(item));
            }
            return copy;
        }
        error(path, "must be a list, found " + Trees.typeName(value));
        return null;
    }

    /** The value as a string, null when absent; an error when it is something else. */
    String string(Object value, String path) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return s;
        }
        error(path, "must be a string, found " + Trees.typeName(value) + " " + value);
        return null;
    }

    /** The value as a boolean, null when absent; an error when it is something else. */
    Boolean bool(Object value, String path) {
        if (value == null) {
            return null;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        error(path, "must be true or false, found " + Trees.typeName(value) + " " + value);
        return null;
    }

    /**
     * The value as a whole number of at least zero, null when absent; an error when it is something else. Whole
     * floating-point numbers are accepted because JSON parsers such as Gson read every number as a double.
     */
    Long nonNegativeWholeNumber(Object value, String path) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            try {
                BigDecimal d = n instanceof BigInteger i ? new BigDecimal(i) : new BigDecimal(n.toString());
                long whole = d.longValueExact();
                if (whole >= 0) {
                    return whole;
                }
            } catch (ArithmeticException | NumberFormatException notWholeOrNotFinite) {
                // reported below, with the other invalid values
            }
        }
        error(path, "must be a whole number of at least 0, found " + value);
        return null;
    }
}
