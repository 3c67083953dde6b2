package dev.fleetwright.core.api.corev1;

import java.util.List;
import java.util.Optional;

/**
 * A pod toleration, as in Kubernetes {@code core/v1 Toleration}.
 *
 * @param key the taint key it matches; empty matches every key (only with {@link Operator#EXISTS})
 * @param operator {@link Operator#EQUAL} (the default) or {@link Operator#EXISTS}
 * @param value the value compared under {@code Equal}; empty when absent (never null)
 * @param effect the effect it matches; null matches every effect
 * @param tolerationSeconds how long a {@code NoExecute} taint is tolerated, in seconds; null means forever
 */
public record Toleration(String key, Operator operator, String value, TaintEffect effect, Long tolerationSeconds) {

    /** A toleration operator. */
    public enum Operator {
        /** Key and value must equal the taint's. */
        EQUAL("Equal"),
        /** Any value of the key (or any key when the key is empty). */
        EXISTS("Exists");

        private final String wireName;

        Operator(String wireName) {
            this.wireName = wireName;
        }

        /** The API name, {@code Equal} or {@code Exists}. */
        public String wireName() {
            return wireName;
        }

        /** The operator with this API name ({@code ""} means Equal), or empty. */
        public static Optional<Operator> fromWireName(String name) {
            if (name == null || name.isEmpty() || name.equals("Equal")) {
                return Optional.of(EQUAL);
            }
            return name.equals("Exists") ? Optional.of(EXISTS) : Optional.empty();
        }
    }

    /** Normalises nulls: key and value become empty, the operator {@code Equal}. */
    public Toleration {
        key = key == null ? "" : key;
        value = value == null ? "" : value;
        operator = operator == null ? Operator.EQUAL : operator;
    }

    /** A toleration of exactly this taint (same key, value and effect). */
    public static Toleration of(Taint taint) {
        return new Toleration(taint.key(), Operator.EQUAL, taint.value(), taint.effect(), null);
    }

    /** A toleration of every taint with this key, whatever its value and effect. */
    public static Toleration exists(String key) {
        return new Toleration(key, Operator.EXISTS, "", null, null);
    }

    /**
     * Whether this toleration tolerates {@code taint}, by the Kubernetes rule ({@code
     * k8s.io/api/core/v1/toleration.go ToleratesTaint}): a set effect must equal the taint's; a non-empty key must equal
     * the taint's; {@code Exists} then matches any value and {@code Equal} needs equal values.
     */
    public boolean tolerates(Taint taint) {
        if (effect != null && effect != taint.effect()) {
            return false;
        }
        if (!key.isEmpty() && !key.equals(taint.key())) {
            return false;
        }
        return switch (operator) {
            case EXISTS -> true;
            case EQUAL -> value.equals(taint.value());
        };
    }

    /**
     * The first taint in {@code taints} that no toleration in {@code tolerations} tolerates, whatever its effect
     * (Karpenter treats {@code PreferNoSchedule} as a constraint too, relaxed last: [K] pkg/scheduling/taints.go).
     *
     * @return the untolerated taint, or empty when every taint is tolerated
     */
    public static Optional<Taint> firstUntolerated(List<Taint> taints, List<Toleration> tolerations) {
        for (Taint taint : taints) {
            boolean tolerated = false;
            for (Toleration toleration : tolerations) {
                if (toleration.tolerates(taint)) {
                    tolerated = true;
                    break;
                }
            }
            if (!tolerated) {
                return Optional.of(taint);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        String e = effect == null ? "" : ":" + effect.wireName();
        return switch (operator) {
            case EXISTS -> (key.isEmpty() ? "*" : key) + " Exists" + e;
            case EQUAL -> key + "=" + value + e;
        };
    }
}
