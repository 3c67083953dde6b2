package dev.fleetwright.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Cron schedules as robfig/cron's standard parser reads them, evaluated in UTC. */
class CronScheduleTest {

    /** 2024-08-05 is a Monday. */
    private static Instant utc(int year, int month, int day, int hour, int minute) {
        return LocalDateTime.of(year, month, day, hour, minute).toInstant(ZoneOffset.UTC);
    }

    @Nested
    @DisplayName("matching")
    class Matching {
        @Test
        @DisplayName("should match every minute with five stars")
        void everyMinute() {
            CronSchedule s = CronSchedule.parse("* * * * *");
            assertThat(s.matches(utc(2024, 8, 5, 13, 37))).isTrue();
            assertThat(s.matches(utc(2024, 2, 29, 0, 0))).isTrue();
        }

        @Test
        @DisplayName("should match a fixed minute and hour only then")
        void fixedTime() {
            CronSchedule s = CronSchedule.parse("30 9 * * *");
            assertThat(s.matches(utc(2024, 8, 5, 9, 30))).isTrue();
            assertThat(s.matches(utc(2024, 8, 5, 9, 31))).isFalse();
            assertThat(s.matches(utc(2024, 8, 5, 10, 30))).isFalse();
        }

        @Test
        @DisplayName("should ignore seconds within the matching minute")
        void seconds() {
            CronSchedule s = CronSchedule.parse("30 9 * * *");
            assertThat(s.matches(utc(2024, 8, 5, 9, 30).plusSeconds(59))).isTrue();
        }

        @Test
        @DisplayName("should expand ranges, steps and lists")
        void rangesStepsLists() {
            CronSchedule s = CronSchedule.parse("*/15 8-10,20 * * *");
            assertThat(s.matches(utc(2024, 8, 5, 8, 0))).isTrue();
            assertThat(s.matches(utc(2024, 8, 5, 9, 45))).isTrue();
            assertThat(s.matches(utc(2024, 8, 5, 20, 15))).isTrue();
            assertThat(s.matches(utc(2024, 8, 5, 9, 10))).isFalse();
            assertThat(s.matches(utc(2024, 8, 5, 11, 0))).isFalse();
        }

        @Test
        @DisplayName("should read a/n as from a to the field maximum every n")
        void startWithStep() {
            CronSchedule s = CronSchedule.parse("50/5 * * * *");
            assertThat(s.matches(utc(2024, 8, 5, 1, 50))).isTrue();
            assertThat(s.matches(utc(2024, 8, 5, 1, 55))).isTrue();
            assertThat(s.matches(utc(2024, 8, 5, 1, 0))).isFalse();
            assertThat(s.matches(utc(2024, 8, 5, 1, 45))).isFalse();
        }

        @Test
        @DisplayName("should step within a range")
        void rangeWithStep() {
            CronSchedule s = CronSchedule.parse("0 1-9/4 * * *");
            assertThat(s.matches(utc(2024, 8, 5, 1, 0))).isTrue();
            assertThat(s.matches(utc(2024, 8, 5, 5, 0))).isTrue();
            assertThat(s.matches(utc(2024, 8, 5, 9, 0))).isTrue();
            assertThat(s.matches(utc(2024, 8, 5, 3, 0))).isFalse();
        }

        @Test
        @DisplayName("should accept month and day names in any case")
        void names() {
            CronSchedule s = CronSchedule.parse("0 0 * JAN-mar Mon-Fri");
            assertThat(s.matches(utc(2024, 1, 8, 0, 0))).isTrue(); // Monday 8 January
            assertThat(s.matches(utc(2024, 1, 6, 0, 0))).isFalse(); // Saturday
            assertThat(s.matches(utc(2024, 4, 8, 0, 0))).isFalse(); // April
        }

        @Test
        @DisplayName("should treat Sunday as 0")
        void sundayIsZero() {
            CronSchedule s = CronSchedule.parse("0 0 * * 0");
            assertThat(s.matches(utc(2024, 8, 4, 0, 0))).isTrue(); // Sunday
            assertThat(s.matches(utc(2024, 8, 5, 0, 0))).isFalse();
        }

        @Test
        @DisplayName("should match either day field when both are restricted")
        void dayOr() {
            CronSchedule s = CronSchedule.parse("0 0 13 * 5"); // the 13th, or any Friday
            assertThat(s.matches(utc(2024, 8, 13, 0, 0))).isTrue(); // Tuesday the 13th
            assertThat(s.matches(utc(2024, 8, 9, 0, 0))).isTrue(); // Friday the 9th
            assertThat(s.matches(utc(2024, 8, 12, 0, 0))).isFalse();
        }

        @Test
        @DisplayName("should need both day fields when one starts with a star")
        void dayAnd() {
            CronSchedule s = CronSchedule.parse("0 0 1-7 * *");
            assertThat(s.matches(utc(2024, 8, 3, 0, 0))).isTrue();
            assertThat(s.matches(utc(2024, 8, 9, 0, 0))).isFalse();
            CronSchedule q = CronSchedule.parse("0 0 ? * 1");
            assertThat(q.matches(utc(2024, 8, 5, 0, 0))).isTrue();
            assertThat(q.matches(utc(2024, 8, 6, 0, 0))).isFalse();
        }

        @Test
        @DisplayName("should treat a stepped star as a restriction of the day fields")
        void steppedStarIsNotStar() {
            // */2 in day-of-month restricts (odd days), so the day fields are ORed with Monday.
            CronSchedule s = CronSchedule.parse("0 0 */2 * 1");
            assertThat(s.matches(utc(2024, 8, 5, 0, 0))).isTrue(); // Monday the 5th (odd anyway)
            assertThat(s.matches(utc(2024, 8, 12, 0, 0))).isTrue(); // Monday the 12th, even
            assertThat(s.matches(utc(2024, 8, 7, 0, 0))).isTrue(); // Wednesday the 7th, odd
            assertThat(s.matches(utc(2024, 8, 8, 0, 0))).isFalse(); // Thursday the 8th, even
        }
    }

    @Nested
    @DisplayName("descriptors")
    class Descriptors {
        @ParameterizedTest(name = "{0} fires at {1}")
        @CsvSource({
            "@yearly,   2025-01-01T00:00:00Z",
            "@annually, 2025-01-01T00:00:00Z",
            "@monthly,  2024-09-01T00:00:00Z",
            "@weekly,   2024-08-11T00:00:00Z",
            "@daily,    2024-08-06T00:00:00Z",
            "@midnight, 2024-08-06T00:00:00Z",
            "@hourly,   2024-08-05T14:00:00Z"
        })
        @DisplayName("should fire next at the descriptor's time after Monday 2024-08-05 13:37")
        void next(String descriptor, String expected) {
            assertThat(CronSchedule.parse(descriptor).next(utc(2024, 8, 5, 13, 37)))
                    .contains(Instant.parse(expected));
        }
    }

    @Nested
    @DisplayName("next")
    class Next {
        @Test
        @DisplayName("should be strictly after the given instant")
        void strictlyAfter() {
            CronSchedule s = CronSchedule.parse("30 9 * * *");
            assertThat(s.next(utc(2024, 8, 5, 9, 30))).contains(utc(2024, 8, 6, 9, 30));
            assertThat(s.next(utc(2024, 8, 5, 9, 29).plusSeconds(30))).contains(utc(2024, 8, 5, 9, 30));
        }

        @Test
        @DisplayName("should roll over months and years")
        void rollOver() {
            assertThat(CronSchedule.parse("0 0 31 * *").next(utc(2024, 9, 1, 0, 0)))
                    .contains(utc(2024, 10, 31, 0, 0));
            assertThat(CronSchedule.parse("0 12 29 2 *").next(utc(2024, 3, 1, 0, 0)))
                    .contains(utc(2028, 2, 29, 12, 0));
        }

        @Test
        @DisplayName("should be empty for a schedule that never fires")
        void never() {
            assertThat(CronSchedule.parse("0 0 30 2 *").next(utc(2024, 1, 1, 0, 0)))
                    .isEqualTo(Optional.empty());
        }
    }

    @Nested
    @DisplayName("windows")
    class Windows {
        private final CronSchedule nineAm = CronSchedule.parse("0 9 * * *");

        @Test
        @DisplayName("should be open from the firing minute for the duration")
        void open() {
            Duration eightHours = Duration.ofHours(8);
            assertThat(nineAm.isWithinWindow(utc(2024, 8, 5, 9, 0), eightHours)).isTrue();
            assertThat(nineAm.isWithinWindow(utc(2024, 8, 5, 16, 59), eightHours))
                    .isTrue();
        }

        @Test
        @DisplayName("should be closed before the firing and once the duration has passed")
        void closed() {
            Duration eightHours = Duration.ofHours(8);
            assertThat(nineAm.isWithinWindow(utc(2024, 8, 5, 8, 59), eightHours))
                    .isFalse();
            assertThat(nineAm.isWithinWindow(utc(2024, 8, 5, 17, 0), eightHours))
                    .isFalse();
        }

        @Test
        @DisplayName("should span midnight")
        void midnight() {
            CronSchedule tenPm = CronSchedule.parse("0 22 * * *");
            assertThat(tenPm.isWithinWindow(utc(2024, 8, 6, 3, 0), Duration.ofHours(6)))
                    .isTrue();
            assertThat(tenPm.isWithinWindow(utc(2024, 8, 6, 4, 0), Duration.ofHours(6)))
                    .isFalse();
        }
    }

    @Nested
    @DisplayName("invalid expressions")
    class Invalid {
        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(
                strings = {
                    "",
                    "* * * *",
                    "* * * * * *",
                    "60 * * * *",
                    "* 24 * * *",
                    "* * 0 * *",
                    "* * 32 * *",
                    "* * * 13 *",
                    "* * * * 7",
                    "5-1 * * * *",
                    "*/0 * * * *",
                    "1-2-3 * * * *",
                    "*/2/3 * * * *",
                    "a * * * *",
                    "* * * foo *",
                    "1,,2 * * * *",
                    "@every 1h",
                    "@DAILY",
                    "TZ=UTC 0 9 * * *",
                    "CRON_TZ=Europe/Paris 0 9 * * *"
                })
        @DisplayName("should be rejected")
        void rejected(String expression) {
            assertThatThrownBy(() -> CronSchedule.parse(expression)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        @DisplayName("should name the field in the message")
        void namesField() {
            assertThatThrownBy(() -> CronSchedule.parse("0 25 * * *"))
                    .hasMessageContaining("hour")
                    .hasMessageContaining("0-23");
        }
    }

    @Test
    @DisplayName("should keep the expression as written")
    void expression() {
        assertThat(CronSchedule.parse("  0 9 * * mon-fri ").expression()).isEqualTo("0 9 * * mon-fri");
        assertThat(CronSchedule.parse("@daily")).isEqualTo(CronSchedule.parse("@daily"));
    }
}
