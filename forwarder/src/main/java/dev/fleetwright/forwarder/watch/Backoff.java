package dev.fleetwright.forwarder.watch;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Jittered exponential backoff ("equal jitter"): the n-th consecutive failure waits a random duration in {@code
 * [d/2, d]} with {@code d = min(max, initial * 2^(n-1))}. Half the delay is guaranteed, so a failing dependency is not
 * hammered; the random half spreads forwarders of many clusters that failed together. {@link #reset()} after a
 * success. Not thread-safe: one instance per loop.
 */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final RandomGenerator random;
    private int failures;

    /**
     * Creates the backoff.
     *
     * @param initial the first delay's upper bound; positive
     * @param max the cap of the upper bound; at least {@code initial}
     * @param random the jitter source (seeded in tests); not null
     * @throws IllegalArgumentException if the durations are not positive or {@code max < initial}
     */
    public Backoff(Duration initial, Duration max, RandomGenerator random) {
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("backoff initial: must be positive, was " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff max: must be at least initial " + initial + ", was " + max);
        }
        this.initial = initial;
        this.max = max;
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Counts a failure and returns how long to wait before the next attempt.
     *
     * @return a delay in {@code [d/2, d]} as described above
     */
    public Duration next() {
        failures++;
        Duration ceiling = ceiling(failures);
        long ceilingMillis = Math.max(1, ceiling.toMillis());
        long half = ceilingMillis / 2;
        return Duration.ofMillis(half + random.nextLong(ceilingMillis - half + 1));
    }

    /** @return consecutive failures since the last {@link #reset()} */
    public int failures() {
        return failures;
    }

    /** Forgets past failures after a success. */
    public void reset() {
        failures = 0;
    }

    /**
     * The upper bound of the n-th delay.
     *
     * @param failure the 1-based count of consecutive failures
     * @return {@code min(max, initial * 2^(failure-1))}
     */
    public Duration ceiling(int failure) {
        if (failure < 1) {
            throw new IllegalArgumentException("failure: must be at least 1, was " + failure);
        }
        int shift = Math.min(failure - 1, 30);
        Duration grown = initial.multipliedBy(1L << shift);
        return grown.compareTo(max) > 0 ? max : grown;
    }
}
