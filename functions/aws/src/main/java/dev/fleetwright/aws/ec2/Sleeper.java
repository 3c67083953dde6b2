package dev.fleetwright.aws.ec2;

import java.time.Duration;

/** Waits between retries; tests inject one that records instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

    /**
     * Waits for {@code duration}.
     *
     * @param duration how long, not negative
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    void sleep(Duration duration) throws InterruptedException;

    /** A sleeper that blocks the calling thread. */
    static Sleeper threadSleep() {
        return duration -> Thread.sleep(duration);
    }
}
