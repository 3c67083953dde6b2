package dev.fleetwright.core.api.corev1;

import java.util.Objects;

/**
 * A node taint, as in Kubernetes {@code core/v1 Taint}.
 *
 * @param key the taint key, not blank
 * @param value the taint value; empty when absent (never null)
 * @param effect the effect, not null
 */
public record Taint(String key, String value, TaintEffect effect) {

    /** Karpenter's taint on nodes being disrupted, set before drain ({@code karpenter.sh/disrupted:NoSchedule}). */
    public static final Taint DISRUPTED = new Taint("karpenter.sh/disrupted", "", TaintEffect.NO_SCHEDULE);

    /** Karpenter's bootstrap taint, removed at registration ({@code karpenter.sh/unregistered:NoExecute}). */
    public static final Taint UNREGISTERED = new Taint("karpenter.sh/unregistered", "", TaintEffect.NO_EXECUTE);

    /**
     * @throws IllegalArgumentException if the key is blank
     * @throws NullPointerException if the effect is null
     */
    public Taint {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("taint key must not be blank");
        }
        value = value == null ? "" : value;
        Objects.requireNonNull(effect, "effect");
    }

    /** Whether this taint has the same key and effect as {@code other} (Kubernetes identifies taints by both). */
    public boolean matchesKeyAndEffect(Taint other) {
        return key.equals(other.key) && effect == other.effect;
    }

    /** {@code key=value:Effect}, or {@code key:Effect} without a value, as kubectl prints taints. */
    @Override
    public String toString() {
        return value.isEmpty() ? key + ":" + effect.wireName() : key + "=" + value + ":" + effect.wireName();
    }
}
