package dev.fleetwright.core.api;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kubernetes' syntax rules for names, label keys and label values ({@code
 * k8s.io/apimachinery/pkg/util/validation/validation.go}: {@code IsQualifiedName}, {@code IsValidLabelValue}, {@code
 * IsDNS1123Subdomain}). Each check returns the problem, or empty when the text is valid.
 */
public final class KubernetesNames {

    /** Longest name part of a qualified name, and longest label value. */
    public static final int MAX_NAME_LENGTH = 63;

    /** Longest DNS-1123 subdomain (and qualified-name prefix). */
    public static final int MAX_SUBDOMAIN_LENGTH = 253;

    private static final Pattern NAME_PART = Pattern.compile("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$");
    private static final Pattern SUBDOMAIN =
            Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");

    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

    private KubernetesNames() {}

    /**
     * Checks a qualified name such as a label key or taint key: an optional DNS-1123 subdomain prefix and {@code /},
     * then a name of at most 63 alphanumerics, {@code -}, {@code _} or {@code .}, starting and ending alphanumeric.
     *
     * @param text the text, not null
     * @return the problem, or empty
     */
    public static Optional<String> qualifiedNameProblem(String text) {
        String[] parts = text.split("/", -1);
        String name;
        if (parts.length == 1) {
            name = parts[0];
        } else if (parts.length == 2) {
            String prefix = parts[0];
            name = parts[1];
            if (prefix.isEmpty()) {
                return Optional.of("\"" + text + "\" has an empty prefix before /");
            }
            Optional<String> prefixProblem = subdomainProblem(prefix);
            if (prefixProblem.isPresent()) {
                return Optional.of("\"" + text + "\" has an invalid prefix: " + prefixProblem.get());
            }
        } else {
            return Optional.of(
                    "\"" + text
                            + "\" is not a qualified name: it may contain at most one / (an optional DNS subdomain prefix and a name)");
        }
        if (name.isEmpty()) {
            return Optional.of("\"" + text + "\" has an empty name part");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return Optional.of("\"" + text + "\" has a name part longer than 63 characters");
        }
        if (!NAME_PART.matcher(name).matches()) {
            return Optional.of("\"" + text + "\" is not a qualified name: the name part must consist of alphanumerics,"
                    + " '-', '_' or '.', and start and end with an alphanumeric");
        }
        return Optional.empty();
    }

    /**
     * Checks a label value: empty, or at most 63 alphanumerics, {@code -}, {@code _} or {@code .}, starting and ending
     * alphanumeric.
     *
     * @param text the text, not null
     * @return the problem, or empty
     */
    public static Optional<String> labelValueProblem(String text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (text.length() > MAX_NAME_LENGTH) {
            return Optional.of("\"" + text + "\" is longer than 63 characters");
        }
        if (!NAME_PART.matcher(text).matches()) {
            return Optional.of("\"" + text + "\" is not a valid label value: it must consist of alphanumerics, '-', '_'"
                    + " or '.', and start and end with an alphanumeric");
        }
        return Optional.empty();
    }

    /**
     * Checks a DNS-1123 label, the rule for namespace and container names: at most 63 lower-case alphanumerics or
     * {@code -}, starting and ending alphanumeric ({@code IsDNS1123Label}).
     *
     * @param text the text, not null
     * @return the problem, or empty
     */
    public static Optional<String> dnsLabelProblem(String text) {
        if (text.isEmpty()) {
            return Optional.of("name must not be empty");
        }
        if (text.length() > MAX_NAME_LENGTH) {
            return Optional.of("\"" + text + "\" is longer than 63 characters");
        }
        if (!DNS_LABEL.matcher(text).matches()) {
            return Optional.of("\"" + text + "\" is not a DNS-1123 label: it must consist of lower-case alphanumerics"
                    + " or '-', and start and end with an alphanumeric");
        }
        return Optional.empty();
    }

    /**
     * Checks a DNS-1123 subdomain, the rule for object names: at most 253 lower-case alphanumerics, {@code -} or
     * {@code .}, starting and ending alphanumeric.
     *
     * @param text the text, not null
     * @return the problem, or empty
     */
    public static Optional<String> subdomainProblem(String text) {
        if (text.isEmpty()) {
            return Optional.of("name must not be empty");
        }
        if (text.length() > MAX_SUBDOMAIN_LENGTH) {
            return Optional.of("\"" + text + "\" is longer than 253 characters");
        }
        if (!SUBDOMAIN.matcher(text).matches()) {
            return Optional.of("\"" + text + "\" is not a DNS-1123 subdomain: it must consist of lower-case"
                    + " alphanumerics, '-' or '.', and start and end with an alphanumeric");
        }
        return Optional.empty();
    }
}
