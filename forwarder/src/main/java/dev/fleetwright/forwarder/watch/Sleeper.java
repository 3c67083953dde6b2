package dev.fleetwright.forwarder.watch;

import java.time.Duration;

/** Waits; injected so tests run backoffs without real time passing. */
@FunctionalInterface
public interface Sleeper {

    /** Sleeps with {@link Thread#sleep(Duration)}. */
    Sleeper SYSTEM = Thread::sleep;

    /**
     * Waits for {@code duration}.
     *
     * @param duration how long; zero or negative returns at once
     * @throws InterruptedException when the thread is interrupted (the forwarder is stopping)
     */
    void sleep(Duration duration) throws InterruptedException;
}
