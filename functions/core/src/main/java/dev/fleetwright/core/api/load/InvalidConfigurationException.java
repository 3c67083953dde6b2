package dev.fleetwright.core.api.load;

import java.util.List;

/** Thrown by {@link LoadResult#orThrow()} when configuration has errors; lists every one of them. */
public final class InvalidConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<ConfigError> errors;

    /**
     * @param errors the errors, at least one
     * @throws IllegalArgumentException if {@code errors} is empty
     */
    public InvalidConfigurationException(List<ConfigError> errors) {
        super(message(errors));
        this.errors = List.copyOf(errors);
    }

    /** Every error, in the order found. */
    public List<ConfigError> errors() {
        return errors;
    }

    private static String message(List<ConfigError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an invalid configuration has at least one error");
        }
        StringBuilder sb = new StringBuilder()
                .append(errors.size())
                .append(errors.size() == 1 ? " configuration error:" : " configuration errors:");
        for (ConfigError e : errors) {
            sb.append("\n  ").append(e);
        }
        return sb.toString();
    }
}
