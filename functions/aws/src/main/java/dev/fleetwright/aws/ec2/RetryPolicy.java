package dev.fleetwright.aws.ec2;

import java.time.Duration;
import java.util.Objects;

/**
 * How throttled AWS calls are retried: exponential backoff with full jitter (the delay before retry {@code n} is
 * uniform in {@code [0, min(maxDelay, baseDelay × 2^(n-1))]}), at most {@code maxAttempts} calls in all. The total time
 * spent sleeping is therefore bounded by {@link #maxTotalSleep()}.
 *
 * @param maxAttempts calls in all, the first included; at least 1
 * @param baseDelay the cap of the first backoff; positive
 * @param maxDelay the cap of any one backoff; at least {@code baseDelay}
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {

    /** Six calls, backoff caps 200 ms, 400 ms, 800 ms, 1.6 s, 3.2 s: at most 6.2 s asleep. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(6, Duration.ofMillis(200), Duration.ofSeconds(5));

    /** One call, no retry. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1));

    /** @throws IllegalArgumentException naming the field when a value is out of range */
    public RetryPolicy {
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts: must be at least 1, got " + maxAttempts);
        }
        if (baseDelay.isNegative() || baseDelay.isZero()) {
            throw new IllegalArgumentException("baseDelay: must be positive, got " + baseDelay);
        }
        if (maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException(
                    "maxDelay: must be at least baseDelay (" + baseDelay + "), got " + maxDelay);
        }
    }

    /**
     * The cap of the backoff before retry {@code retry}: {@code min(maxDelay, baseDelay × 2^(retry-1))}.
     *
     * @param retry 1 for the backoff after the first call
     * @throws IllegalArgumentException if {@code retry} is below 1
     */
    public Duration backoffCap(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry: must be at least 1, got " + retry);
        }
        long base = baseDelay.toNanos();
        long cap = maxDelay.toNanos();
        int shift = Math.min(retry - 1, 62);
        long scaled = base > (cap >> shift) ? cap : base << shift;
        return Duration.ofNanos(Math.min(scaled, cap));
    }

    /** The longest total sleep of one call: the sum of every backoff cap. */
    public Duration maxTotalSleep() {
        Duration total = Duration.ZERO;
        for (int retry = 1; retry < maxAttempts; retry++) {
            total = total.plus(backoffCap(retry));
        }
        return total;
    }
}
