package dev.fleetwright.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of {@link CronSchedule#next} checked against a brute-force minute-by-minute scan: the result fires, and no
 * minute in between does.
 */
class CronScheduleProperties {

    /** How far the brute-force scan looks; schedules in the generator fire at least every few days. */
    private static final Duration SCAN = Duration.ofDays(8);

    @Property(tries = 300)
    void nextIsTheFirstFiringMinute(@ForAll("expressions") String expression, @ForAll("instants") Instant from) {
        CronSchedule schedule = CronSchedule.parse(expression);
        Optional<Instant> next = schedule.next(from);
        Instant bruteForce = null;
        Instant t = from.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        Instant end = from.plus(SCAN);
        while (!t.isAfter(end)) {
            if (schedule.matches(t)) {
                bruteForce = t;
                break;
            }
            t = t.plus(Duration.ofMinutes(1));
        }
        if (bruteForce != null) {
            assertThat(next).as(expression + " after " + from).contains(bruteForce);
        } else {
            assertThat(next)
                    .as(expression + " after " + from)
                    .hasValueSatisfying(n -> assertThat(n).isAfter(end));
        }
    }

    @Property(tries = 300)
    void windowIsOpenExactlyAfterAFiring(
            @ForAll("expressions") String expression, @ForAll("instants") Instant now, @ForAll("minutes") int minutes) {
        CronSchedule schedule = CronSchedule.parse(expression);
        Duration duration = Duration.ofMinutes(minutes);
        boolean fired = false;
        for (Instant t = now.truncatedTo(ChronoUnit.MINUTES);
                t.isAfter(now.minus(duration));
                t = t.minus(Duration.ofMinutes(1))) {
            if (schedule.matches(t)) {
                fired = true;
                break;
            }
        }
        assertThat(schedule.isWithinWindow(now, duration))
                .as(expression + " at " + now + " for " + duration)
                .isEqualTo(fired);
    }

    @Provide
    Arbitrary<String> expressions() {
        Arbitrary<String> minute = field(0, 59);
        Arbitrary<String> hour = field(0, 23);
        Arbitrary<String> dom = Arbitraries.oneOf(Arbitraries.just("*"), Arbitraries.just("?"), field(1, 28));
        Arbitrary<String> month = Arbitraries.oneOf(Arbitraries.just("*"), Arbitraries.just("*"), field(1, 12));
        Arbitrary<String> dow = Arbitraries.oneOf(
                Arbitraries.just("*"), field(0, 6), Arbitraries.of("mon-fri", "sat,sun", "MON", "*/2"));
        return Combinators.combine(minute, hour, dom, month, dow)
                .as((a, b, c, d, e) -> a + " " + b + " " + c + " " + d + " " + e);
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.longs()
                .between(
                        Instant.parse("2023-12-20T00:00:00Z").getEpochSecond(),
                        Instant.parse("2025-03-10T00:00:00Z").getEpochSecond())
                .map(Instant::ofEpochSecond);
    }

    @Provide
    Arbitrary<Integer> minutes() {
        return Arbitraries.integers().between(1, 3 * 24 * 60);
    }

    private static Arbitrary<String> field(int min, int max) {
        Arbitrary<Integer> value = Arbitraries.integers().between(min, max);
        Arbitrary<String> single = value.map(String::valueOf);
        Arbitrary<String> range = Combinators.combine(value, value).as((a, b) -> Math.min(a, b) + "-" + Math.max(a, b));
        Arbitrary<String> step =
                Arbitraries.integers().between(1, Math.max(1, (max - min) / 2)).map(s -> "*/" + s);
        Arbitrary<String> rangeStep =
                Combinators.combine(range, Arbitraries.integers().between(1, 5)).as((r, s) -> r + "/" + s);
        Arbitrary<String> list = Combinators.combine(single, single).as((a, b) -> a + "," + b);
        return Arbitraries.oneOf(Arbitraries.just("*"), single, range, step, rangeStep, list);
    }
}
