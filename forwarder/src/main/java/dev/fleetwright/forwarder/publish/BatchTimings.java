package dev.fleetwright.forwarder.publish;

import java.time.Duration;
import java.util.Objects;

/**
 * When the batcher sends.
 *
 * @param idle send once no new pending pod arrived for this long (Karpenter's {@code BATCH_IDLE_DURATION}, 1 s)
 * @param max send at the latest this long after the first unsent pod arrived (Karpenter's {@code
 *     BATCH_MAX_DURATION}, 10 s)
 * @param resend send a pod again when it is still pending this long after it was last sent (30 s), so a lost event or
 *     a provisioner that could not help yet is asked again
 */
public record BatchTimings(Duration idle, Duration max, Duration resend) {

    /** Karpenter's batch windows and a 30 s re-send. */
    public static final BatchTimings DEFAULT =
            new BatchTimings(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(30));

    /**
     * Validates.
     *
     * @throws IllegalArgumentException if a duration is not positive or {@code idle > max}
     */
    public BatchTimings {
        requirePositive(idle, "idle");
        requirePositive(max, "max");
        requirePositive(resend, "resend");
        if (idle.compareTo(max) > 0) {
            throw new IllegalArgumentException("batch idle " + idle + " must not exceed batch max " + max);
        }
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("batch " + name + ": must be positive, was " + value);
        }
    }
}
