package dev.fleetwright.forwarder.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    @DisplayName("should double the ceiling per consecutive failure up to the cap")
    void ceilings() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new SplittableRandom(1));

        assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.ceiling(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.ceiling(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(backoff.ceiling(6)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.ceiling(1000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    @DisplayName("should wait between half the ceiling and the ceiling, for many seeds")
    void jitterBounds() {
        for (long seed = 0; seed < 200; seed++) {
            Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new SplittableRandom(seed));
            for (int failure = 1; failure <= 8; failure++) {
                Duration ceiling = backoff.ceiling(failure);
                assertThat(backoff.next()).isBetween(ceiling.dividedBy(2), ceiling);
            }
        }
    }

    @Test
    @DisplayName("should spread delays (jitter) and start over after reset")
    void jitterAndReset() {
        Set<Duration> firstDelays = new HashSet<>();
        for (long seed = 0; seed < 50; seed++) {
            firstDelays.add(
                    new Backoff(Duration.ofSeconds(4), Duration.ofSeconds(30), new SplittableRandom(seed)).next());
        }
        assertThat(firstDelays).hasSizeGreaterThan(10);

        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new SplittableRandom(3));
        backoff.next();
        backoff.next();
        backoff.reset();
        assertThat(backoff.failures()).isZero();
        assertThat(backoff.next()).isLessThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    @DisplayName("should reject a cap below the initial delay")
    void validation() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(1), new SplittableRandom()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backoff max");
    }
}
