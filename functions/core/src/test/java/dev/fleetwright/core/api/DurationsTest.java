package dev.fleetwright.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @Nested
    @DisplayName("Karpenter's grammar")
    class Karpenter {
        @Test
        @DisplayName("should add up hours, minutes and seconds")
        void parts() {
            assertThat(Durations.parseKarpenter("720h")).isEqualTo(Duration.ofDays(30));
            assertThat(Durations.parseKarpenter("1h30m")).isEqualTo(Duration.ofMinutes(90));
            assertThat(Durations.parseKarpenter("30s")).isEqualTo(Duration.ofSeconds(30));
            assertThat(Durations.parseKarpenter("1m1m")).isEqualTo(Duration.ofMinutes(2));
            assertThat(Durations.parseKarpenter("0s")).isEqualTo(Duration.ZERO);
        }

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(
                strings = {"", "Never", "1d", "1.5h", "-1h", "h", "10", "1h 30m", "500ms", "99999999999999999999h"})
        @DisplayName("should reject other forms")
        void rejects(String text) {
            assertThatThrownBy(() -> Durations.parseKarpenter(text)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    @DisplayName("Go's grammar")
    class Go {
        @Test
        @DisplayName("should read fractions and every unit")
        void units() {
            assertThat(Durations.parseGo("1.5h")).isEqualTo(Duration.ofMinutes(90));
            assertThat(Durations.parseGo("1m30s")).isEqualTo(Duration.ofSeconds(90));
            assertThat(Durations.parseGo("500ms")).isEqualTo(Duration.ofMillis(500));
            assertThat(Durations.parseGo("2us")).isEqualTo(Duration.ofNanos(2000));
            assertThat(Durations.parseGo("3ns")).isEqualTo(Duration.ofNanos(3));
            assertThat(Durations.parseGo("0")).isEqualTo(Duration.ZERO);
            assertThat(Durations.parseGo("-2m")).isEqualTo(Duration.ofMinutes(-2));
        }

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"", "1", "1d", "m", ".m", "1h-2m", "abc"})
        @DisplayName("should reject other forms")
        void rejects(String text) {
            assertThatThrownBy(() -> Durations.parseGo(text)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    @DisplayName("should format compactly and read back the same duration")
    void format() {
        assertThat(Durations.format(Duration.ofHours(720))).isEqualTo("720h");
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
        for (Duration d : new Duration[] {
            Duration.ofSeconds(3725), Duration.ofMillis(1), Duration.ofHours(-3), Duration.ofNanos(1_000_000_001L)
        }) {
            assertThat(Durations.parseGo(Durations.format(d))).isEqualTo(d);
        }
    }
}
