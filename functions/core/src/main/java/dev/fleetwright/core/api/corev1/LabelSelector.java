package dev.fleetwright.core.api.corev1;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A Kubernetes label selector ({@code metav1.LabelSelector}): {@code matchLabels} and {@code matchExpressions}, all
 * ANDed. An empty selector matches every object; where Kubernetes treats a missing selector as matching nothing (pod
 * affinity terms, topology spread constraints) callers hold a null selector instead.
 *
 * @param matchLabels labels that must be present with these values
 * @param matchExpressions set-based requirements
 */
public record LabelSelector(Map<String, String> matchLabels, List<Requirement> matchExpressions) {

    /** The empty selector, which matches everything. */
    public static final LabelSelector EVERYTHING = new LabelSelector(Map.of(), List.of());

    /** Copies the collections; nulls are empty. */
    public LabelSelector {
        matchLabels = matchLabels == null ? Map.of() : Map.copyOf(matchLabels);
        matchExpressions = matchExpressions == null ? List.of() : List.copyOf(matchExpressions);
    }

    /** A selector of exactly these labels. */
    public static LabelSelector of(Map<String, String> matchLabels) {
        return new LabelSelector(matchLabels, List.of());
    }

    /**
     * A set-based selector requirement ({@code metav1.LabelSelectorRequirement}).
     *
     * @param key the label key
     * @param operator In, NotIn, Exists or DoesNotExist
     * @param values the values (In and NotIn need at least one; Exists and DoesNotExist none)
     */
    public record Requirement(String key, Operator operator, Set<String> values) {

        /** Copies the values; null is empty. */
        public Requirement {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(operator, "operator");
            values = values == null ? Set.of() : Set.copyOf(values);
        }

        /** Whether a set of labels satisfies this requirement. */
        public boolean matches(Map<String, String> labels) {
            String value = labels.get(key);
            return switch (operator) {
                case IN -> value != null && values.contains(value);
                case NOT_IN -> value == null || !values.contains(value);
                case EXISTS -> value != null;
                case DOES_NOT_EXIST -> value == null;
            };
        }
    }

    /** A label selector operator. */
    public enum Operator {
        IN("In"),
        NOT_IN("NotIn"),
        EXISTS("Exists"),
        DOES_NOT_EXIST("DoesNotExist");

        private final String wireName;

        Operator(String wireName) {
            this.wireName = wireName;
        }

        /** The API name, for example {@code NotIn}. */
        public String wireName() {
            return wireName;
        }

        /** The operator with this API name, or empty. */
        public static Optional<Operator> fromWireName(String name) {
            for (Operator o : values()) {
                if (o.wireName.equals(name)) {
                    return Optional.of(o);
                }
            }
            return Optional.empty();
        }
    }

    /** Whether {@code labels} satisfies every label and expression of this selector. */
    public boolean matches(Map<String, String> labels) {
        for (Map.Entry<String, String> e : matchLabels.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (Requirement r : matchExpressions) {
            if (!r.matches(labels)) {
                return false;
            }
        }
        return true;
    }
}
