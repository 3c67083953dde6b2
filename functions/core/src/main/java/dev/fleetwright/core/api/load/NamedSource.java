package dev.fleetwright.core.api.load;

import java.util.Objects;

/**
 * YAML text with a name for error messages, for configuration that does not come from a file (classpath resources,
 * tests, text received over the network).
 *
 * @param name how errors refer to the source, for example {@code nodepools.yaml}; not null
 * @param text the YAML text, possibly several documents separated by {@code ---}; not null
 */
public record NamedSource(String name, String text) {

    /** @throws NullPointerException if a component is null */
    public NamedSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text");
    }
}
