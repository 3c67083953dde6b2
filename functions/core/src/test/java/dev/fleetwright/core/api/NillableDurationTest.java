package dev.fleetwright.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class NillableDurationTest {

    private static final Instant T0 = Instant.parse("2024-08-05T00:00:00Z");

    @Test
    @DisplayName("should read Never as switched off and print it back")
    void never() {
        NillableDuration never = NillableDuration.parse("Never");
        assertThat(never.isNever()).isTrue();
        assertThat(never.duration()).isEmpty();
        assertThat(never).isEqualTo(NillableDuration.NEVER).hasToString("Never");
        assertThat(never.hasElapsed(T0, T0.plus(Duration.ofDays(10_000)))).isFalse();
        assertThat(never.after(T0)).isEmpty();
    }

    @Test
    @DisplayName("should hold a duration and tell when it has elapsed")
    void finite() {
        NillableDuration d = NillableDuration.parse("1h30m");
        assertThat(d.duration()).contains(Duration.ofMinutes(90));
        assertThat(d).hasToString("1h30m").isEqualTo(NillableDuration.of(Duration.ofMinutes(90)));
        assertThat(d.hasElapsed(T0, T0.plus(Duration.ofMinutes(89)))).isFalse();
        assertThat(d.hasElapsed(T0, T0.plus(Duration.ofMinutes(90)))).isTrue();
        assertThat(d.after(T0)).contains(T0.plus(Duration.ofMinutes(90)));
    }

    @Test
    @DisplayName("should reject other text and negative durations")
    void invalid() {
        assertThatThrownBy(() -> NillableDuration.parse("never")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NillableDuration.parse("30d")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NillableDuration.of(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
