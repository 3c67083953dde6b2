package dev.fleetwright.core.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A duration that may be switched off: Karpenter's {@code NillableDuration} ([K] pkg/apis/v1/duration.go), written as
 * a duration ({@code 720h}) or {@code Never}.
 *
 * <p>Used for {@code expireAfter} and {@code consolidateAfter}, where {@code Never} disables the behaviour, and for
 * {@code terminationGracePeriod}, where {@link #NEVER} stands for "unset: wait for pods forever". Immutable; equal
 * when both are never or both hold the same duration.
 */
public final class NillableDuration {

    /** The literal that switches the behaviour off. */
    public static final String NEVER_LITERAL = "Never";

    /** No duration: the behaviour never happens (or, for a grace period, never cuts in). */
    public static final NillableDuration NEVER = new NillableDuration(null);

    private final Duration duration;

    private NillableDuration(Duration duration) {
        this.duration = duration;
    }

    /**
     * A finite duration.
     *
     * @param duration zero or positive, not null
     * @return the nillable duration holding it
     * @throws IllegalArgumentException if the duration is negative
     */
    public static NillableDuration of(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, got " + duration);
        }
        return new NillableDuration(duration);
    }

    /**
     * Parses {@code Never} or a duration in Karpenter's grammar ({@link Durations#parseKarpenter}).
     *
     * @param text the text, not null
     * @return the value
     * @throws IllegalArgumentException if the text is neither {@code Never} nor a duration like {@code 720h}
     */
    public static NillableDuration parse(String text) {
        if (NEVER_LITERAL.equals(text)) {
            return NEVER;
        }
        try {
            return of(Durations.parseKarpenter(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "\"" + text + "\" is neither Never nor a duration like 30s, 5m, 720h or 1h30m", e);
        }
    }

    /** Whether the duration is switched off. */
    public boolean isNever() {
        return duration == null;
    }

    /** The duration, or empty for {@link #NEVER}. */
    public Optional<Duration> duration() {
        return Optional.ofNullable(duration);
    }

    /**
     * The instant this duration after {@code start}, or empty for {@link #NEVER} (for example when a node created at
     * {@code start} expires).
     */
    public Optional<Instant> after(Instant start) {
        return duration().map(start::plus);
    }

    /** Whether at least this duration has passed from {@code start} to {@code now}; always false for {@link #NEVER}. */
    public boolean hasElapsed(Instant start, Instant now) {
        return duration != null && !now.isBefore(start.plus(duration));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NillableDuration other && Objects.equals(duration, other.duration);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(duration);
    }

    /** {@code Never}, or the duration as Karpenter users write it ({@code 720h}, {@code 1m}, {@code 0s}). */
    @Override
    public String toString() {
        return duration == null ? NEVER_LITERAL : Durations.format(duration);
    }
}
