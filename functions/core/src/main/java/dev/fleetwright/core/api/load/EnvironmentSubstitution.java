package dev.fleetwright.core.api.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Replaces {@code ${VAR}} placeholders in configuration text with values from an environment map, the way users
 * template NodePools with {@code envsubst} before {@code kubectl apply}.
 *
 * <p>Syntax:
 *
 * <ul>
 *   <li>{@code ${NAME}}: the value of {@code NAME}; an unset variable is an error (reported with its line).
 *   <li>{@code ${NAME:-default}}: the value of {@code NAME}, or {@code default} when it is unset or empty (as in the
 *       shell); the default runs to the first {@code }}.
 *   <li>{@code $${NAME}}: a literal {@code ${NAME}}, for text such as shell variables in {@code userData}.
 * </ul>
 *
 * {@code NAME} is a letter or underscore followed by letters, digits or underscores. Any other {@code ${...}} (shell
 * forms such as {@code ${#list[@]}}) is left unchanged. Values are inserted verbatim.
 */
public final class EnvironmentSubstitution {

    private EnvironmentSubstitution() {}

    /** What a loader does with a placeholder whose variable is unset. */
    public enum UnsetVariables {
        /** Report an error naming the file and line and withhold the document (deployment, {@code validate}). */
        ERROR,
        /**
         * Keep the placeholder as written and warn; identifier formats (AMI, subnet, security group and capacity
         * reservation IDs) accept it. For the simulator, whose plans do not depend on deploy-time values such as the
         * cluster name or AMI IDs.
         */
        KEEP
    }

    /**
     * The text with placeholders replaced.
     *
     * @param text the text after substitution; an unset variable's placeholder is left as written
     * @param unresolved the placeholders whose variable is unset, in order
     */
    public record Result(String text, List<Unresolved> unresolved) {
        /** Copies the list. */
        public Result {
            unresolved = List.copyOf(unresolved);
        }
    }

    /**
     * A placeholder whose variable is not set.
     *
     * @param variable the variable name
     * @param line the 1-based line of the placeholder in the original text
     */
    public record Unresolved(String variable, int line) {}

    /**
     * Substitutes every placeholder.
     *
     * @param text the configuration text, not null
     * @param environment variable name to value, not null (core never reads the process environment itself)
     * @return the substituted text and the unset variables
     */
    public static Result substitute(String text, Map<String, String> environment) {
        Objects.requireNonNull(environment, "environment");
        StringBuilder out = new StringBuilder(text.length());
        List<Unresolved> unresolved = new ArrayList<>();
        int line = 1;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
            }
            if (c == '$' && text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
                continue;
            }
            if (c == '$' && text.startsWith("${", i)) {
                int nameStart = i + 2;
                int nameEnd = nameStart;
                while (nameEnd < text.length() && isNameChar(text.charAt(nameEnd), nameEnd == nameStart)) {
                    nameEnd++;
                }
                if (nameEnd > nameStart && nameEnd < text.length()) {
                    String name = text.substring(nameStart, nameEnd);
                    if (text.charAt(nameEnd) == '}') {
                        String value = environment.get(name);
                        if (value == null) {
                            unresolved.add(new Unresolved(name, line));
                            out.append(text, i, nameEnd + 1);
                        } else {
                            out.append(value);
                        }
                        i = nameEnd + 1;
                        continue;
                    }
                    if (text.startsWith(":-", nameEnd)) {
                        int close = text.indexOf('}', nameEnd + 2);
                        if (close >= 0) {
                            String fallback = text.substring(nameEnd + 2, close);
                            String value = environment.get(name);
                            out.append(value == null || value.isEmpty() ? fallback : value);
                            line += (int)
                                    fallback.chars().filter(ch -> ch == '\n').count();
                            i = close + 1;
                            continue;
                        }
                    }
                }
            }
            out.append(c);
            i++;
        }
        return new Result(out.toString(), unresolved);
    }

    private static boolean isNameChar(char c, boolean first) {
        boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
        return first ? letter : letter || (c >= '0' && c <= '9');
    }
}
