package dev.fleetwright.forwarder;

import java.util.List;

/** The environment does not describe a valid forwarder configuration; the message lists every problem, one a line. */
public final class SettingsException extends RuntimeException {

    private final List<String> problems;

    /**
     * Creates the exception.
     *
     * @param problems one message per invalid variable, each naming the variable and the rule; not empty
     */
    public SettingsException(List<String> problems) {
        super("invalid forwarder configuration:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** @return the problems, one per invalid variable */
    public List<String> problems() {
        return problems;
    }
}
