package dev.fleetwright.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/** A clock that stands still until told to move: the virtual clock of simulations and tests. Not thread-safe. */
public final class MutableClock extends Clock {

    private Instant now;

    /** @param start the initial time */
    public MutableClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    /** Moves the clock forward. @throws IllegalArgumentException if {@code step} is negative */
    public void advance(Duration step) {
        if (step.isNegative()) {
            throw new IllegalArgumentException("time does not go back: " + step);
        }
        now = now.plus(step);
    }

    /** Sets the clock. @throws IllegalArgumentException if {@code to} is before the current time */
    public void set(Instant to) {
        if (to.isBefore(now)) {
            throw new IllegalArgumentException("time does not go back: " + to + " < " + now);
        }
        now = to;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
