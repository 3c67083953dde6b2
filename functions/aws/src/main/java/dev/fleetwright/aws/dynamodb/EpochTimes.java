package dev.fleetwright.aws.dynamodb;

import java.time.Instant;

/**
 * Instants as the whole numbers stored in state items. Deadlines round up and "now" rounds down, so that rounding
 * never makes a lease or an unavailable offering end early: at worst it lasts under a millisecond longer.
 */
final class EpochTimes {

    private EpochTimes() {}

    /** Milliseconds since the epoch, rounded up. */
    static long ceilMillis(Instant instant) {
        long millis = instant.toEpochMilli();
        return instant.getNano() % 1_000_000 == 0 ? millis : millis + 1;
    }

    /** Milliseconds since the epoch, rounded down ({@link Instant#toEpochMilli()}). */
    static long floorMillis(Instant instant) {
        return instant.toEpochMilli();
    }

    /** Seconds since the epoch, rounded up: a TTL never deletes an item before its deadline. */
    static long ceilSeconds(Instant instant) {
        return instant.getNano() == 0 ? instant.getEpochSecond() : instant.getEpochSecond() + 1;
    }
}
