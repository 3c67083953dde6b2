package dev.fleetwright.testing;

import dev.fleetwright.core.api.corev1.LabelSelector;
import dev.fleetwright.core.api.corev1.ObjectMeta;
import java.util.Objects;

/**
 * A PodDisruptionBudget ({@code policy/v1}) as the simulated API server enforces it on evictions: the pods it selects
 * in its namespace, and either {@code minAvailable} or {@code maxUnavailable} (exactly one), each a count or a
 * percentage. The arithmetic is the disruption controller's ({@code pkg/controller/disruption/disruption.go}
 * {@code getExpectedPodCount}): percentages are scaled against the expected pod count <b>rounded up</b>, for both
 * fields.
 *
 * @param metadata name and namespace
 * @param selector the pods it protects, in its namespace
 * @param minAvailable how many selected pods must stay healthy; null when {@code maxUnavailable} is set
 * @param maxUnavailable how many selected pods may be unhealthy; null when {@code minAvailable} is set
 */
public record PodDisruptionBudget(
        ObjectMeta metadata, LabelSelector selector, IntOrPercent minAvailable, IntOrPercent maxUnavailable) {

    /**
     * @throws NullPointerException if metadata or selector is null
     * @throws IllegalArgumentException unless exactly one of minAvailable and maxUnavailable is set (the API server's
     *     validation: "minAvailable and maxUnavailable cannot be both set")
     */
    public PodDisruptionBudget {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(selector, "selector");
        if ((minAvailable == null) == (maxUnavailable == null)) {
            throw new IllegalArgumentException("PodDisruptionBudget " + metadata.key()
                    + ": spec: exactly one of minAvailable and maxUnavailable must be set");
        }
    }

    /** A budget with {@code minAvailable}. */
    public static PodDisruptionBudget minAvailable(
            String namespace, String name, LabelSelector selector, IntOrPercent minAvailable) {
        return new PodDisruptionBudget(
                ObjectMeta.of(namespace, name), selector, Objects.requireNonNull(minAvailable, "minAvailable"), null);
    }

    /** A budget with {@code maxUnavailable}. */
    public static PodDisruptionBudget maxUnavailable(
            String namespace, String name, LabelSelector selector, IntOrPercent maxUnavailable) {
        return new PodDisruptionBudget(
                ObjectMeta.of(namespace, name),
                selector,
                null,
                Objects.requireNonNull(maxUnavailable, "maxUnavailable"));
    }

    /** {@code namespace/name}. */
    public String key() {
        return metadata.key();
    }

    /** Whether the budget selects this pod: same namespace and the selector matches its labels. */
    boolean selects(dev.fleetwright.core.api.corev1.Pod pod) {
        return pod.namespace().equals(metadata.namespace())
                && selector.matches(pod.metadata().labels());
    }

    /** Whether the budget needs the controllers' scale (every form but an integer {@code minAvailable}). */
    boolean needsScale() {
        return maxUnavailable != null || minAvailable instanceof IntOrPercent.Percent;
    }

    /**
     * The healthy pods the budget wants: {@code minAvailable} (a percentage of {@code expectedPods}, rounded up), or
     * {@code expectedPods − maxUnavailable} (a percentage rounded up), never below 0.
     *
     * @param expectedPods the controllers' summed scale, or the number of selected pods for an integer minAvailable
     * @return the desired healthy count
     */
    int desiredHealthy(int expectedPods) {
        if (maxUnavailable != null) {
            return Math.max(0, expectedPods - maxUnavailable.scaledRoundingUp(expectedPods));
        }
        return minAvailable.scaledRoundingUp(expectedPods);
    }

    /**
     * An {@code intstr.IntOrString} value of a budget: a count, or a percentage of the expected pods.
     */
    public sealed interface IntOrPercent permits IntOrPercent.Count, IntOrPercent.Percent {

        /**
         * The value against {@code total}: the count itself, or {@code ceil(percent × total / 100)} (Kubernetes'
         * {@code GetScaledValueFromIntOrPercent} with roundUp, as the disruption controller calls it).
         */
        int scaledRoundingUp(int total);

        /**
         * Parses {@code "3"} or {@code "10%"}.
         *
         * @throws IllegalArgumentException if the text is neither a non-negative integer nor a percentage 0..100
         */
        static IntOrPercent parse(String text) {
            Objects.requireNonNull(text, "text");
            try {
                if (text.endsWith("%")) {
                    return new Percent(Integer.parseInt(text.substring(0, text.length() - 1)));
                }
                return new Count(Integer.parseInt(text));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("\"" + text + "\" is neither a count (3) nor a percentage (10%)", e);
            }
        }

        /**
         * A number of pods.
         *
         * @param value not negative
         */
        record Count(int value) implements IntOrPercent {
            /** @throws IllegalArgumentException if negative */
            public Count {
                if (value < 0) {
                    throw new IllegalArgumentException("count must not be negative, got " + value);
                }
            }

            @Override
            public int scaledRoundingUp(int total) {
                return value;
            }

            @Override
            public String toString() {
                return Integer.toString(value);
            }
        }

        /**
         * A percentage of the expected pods.
         *
         * @param percent 0..100
         */
        record Percent(int percent) implements IntOrPercent {
            /** @throws IllegalArgumentException if outside 0..100 */
            public Percent {
                if (percent < 0 || percent > 100) {
                    throw new IllegalArgumentException("percent must be within 0..100, got " + percent);
                }
            }

            @Override
            public int scaledRoundingUp(int total) {
                return (int) ((percent * (long) total + 99) / 100);
            }

            @Override
            public String toString() {
                return percent + "%";
            }
        }
    }
}
