package dev.fleetwright.core.api;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A standard five-field cron schedule evaluated in UTC, as Karpenter's disruption budgets use it ({@code
 * budgets[].schedule}, [K] pkg/apis/v1/nodepool.go {@code Budget.IsActive}, which parses with robfig/cron's standard
 * parser and {@code TZ=UTC}).
 *
 * <p>Grammar: {@code minute hour day-of-month month day-of-week}, fields separated by blanks. Each field is a
 * comma-separated list of {@code *} (or {@code ?}), a value, a range {@code a-b}, optionally with a step {@code /n}
 * ({@code *}{@code /15}, {@code 1-30/5}; {@code a/n} means {@code a-max/n}). Ranges: minute 0-59, hour 0-23,
 * day-of-month 1-31, month 1-12 or {@code jan..dec}, day-of-week 0-6 (Sunday = 0) or {@code sun..sat}; names are
 * case-insensitive. Descriptors: {@code @yearly} and {@code @annually} ({@code 0 0 1 1 *}), {@code @monthly}
 * ({@code 0 0 1 * *}), {@code @weekly} ({@code 0 0 * * 0}), {@code @daily} and {@code @midnight} ({@code 0 0 * * *}),
 * {@code @hourly} ({@code 0 * * * *}), lower case as in robfig/cron. As in robfig/cron (and Vixie cron), when both day fields are restricted a day
 * matches if <em>either</em> matches; when one of them starts with {@code *} or {@code ?} (without a step above 1),
 * both must match. Time zones ({@code TZ=}, {@code CRON_TZ=}) and {@code @every} are rejected: Karpenter evaluates in
 * UTC and its CRD pattern does not admit them.
 *
 * <p>Immutable and thread-safe. Equality is by the expression text.
 */
public final class CronSchedule {

    private static final Map<String, String> DESCRIPTORS = Map.of(
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");

    private static final List<String> MONTH_NAMES =
            List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
    private static final List<String> DAY_NAMES = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");

    /** How far {@link #next} looks ahead, as robfig/cron does, before concluding a schedule never fires. */
    private static final int SEARCH_YEARS = 5;

    private static final Field MINUTE = new Field("minute", 0, 59, List.of(), 0);
    private static final Field HOUR = new Field("hour", 0, 23, List.of(), 0);
    private static final Field DAY_OF_MONTH = new Field("day-of-month", 1, 31, List.of(), 0);
    private static final Field MONTH = new Field("month", 1, 12, MONTH_NAMES, 1);
    private static final Field DAY_OF_WEEK = new Field("day-of-week", 0, 6, DAY_NAMES, 0);

    private final String expression;
    private final long minutes;
    private final long hours;
    private final long daysOfMonth;
    private final long months;
    private final long daysOfWeek;
    private final boolean daysOfMonthStar;
    private final boolean daysOfWeekStar;

    private CronSchedule(String expression, long[] bits, boolean domStar, boolean dowStar) {
        this.expression = expression;
        this.minutes = bits[0];
        this.hours = bits[1];
        this.daysOfMonth = bits[2];
        this.months = bits[3];
        this.daysOfWeek = bits[4];
        this.daysOfMonthStar = domStar;
        this.daysOfWeekStar = dowStar;
    }

    /**
     * Parses a cron expression.
     *
     * @param expression five fields or a descriptor such as {@code @daily}; surrounding blanks are ignored
     * @return the schedule
     * @throws IllegalArgumentException naming the field and the problem if the expression is not valid
     */
    public static CronSchedule parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("cron schedule is empty");
        }
        String text = expression.strip();
        String expanded = text;
        if (text.startsWith("@")) {
            expanded = DESCRIPTORS.get(text);
            if (expanded == null) {
                throw new IllegalArgumentException("unknown cron descriptor \"" + text
                        + "\"; use @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly");
            }
        } else if (text.startsWith("TZ=") || text.startsWith("CRON_TZ=")) {
            throw new IllegalArgumentException("cron time zones are not supported: budgets are evaluated in UTC");
        }
        String[] parts = expanded.split("\\s+");
        if (parts.length != 5) {
            throw new IllegalArgumentException("cron schedule \"" + text
                    + "\" must have 5 fields (minute hour day-of-month month day-of-week), got " + parts.length);
        }
        Field[] fields = {MINUTE, HOUR, DAY_OF_MONTH, MONTH, DAY_OF_WEEK};
        long[] bits = new long[5];
        boolean[] star = new boolean[5];
        for (int i = 0; i < 5; i++) {
            ParsedField parsed = fields[i].parse(parts[i]);
            bits[i] = parsed.bits;
            star[i] = parsed.star;
        }
        return new CronSchedule(text, bits, star[2], star[4]);
    }

    /** The expression as written (without surrounding blanks). */
    public String expression() {
        return expression;
    }

    /** Whether the schedule fires in the minute containing {@code instant} (UTC). */
    public boolean matches(Instant instant) {
        LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        return has(months, t.getMonthValue())
                && dayMatches(t)
                && has(hours, t.getHour())
                && has(minutes, t.getMinute());
    }

    /**
     * The first minute strictly after {@code after} at which the schedule fires, as robfig/cron's {@code Next}: the
     * result is a whole UTC minute. Empty if the schedule does not fire within five years (for example {@code 0 0 30
     * 2 *}, February 30th).
     *
     * @param after the instant to search from, exclusive
     * @return the next firing time, or empty
     */
    public Optional<Instant> next(Instant after) {
        LocalDateTime t = LocalDateTime.ofInstant(after, ZoneOffset.UTC)
                .truncatedTo(ChronoUnit.MINUTES)
                .plusMinutes(1);
        int yearLimit = t.getYear() + SEARCH_YEARS;
        while (t.getYear() <= yearLimit) {
            if (!has(months, t.getMonthValue())) {
                t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
                continue;
            }
            if (!dayMatches(t)) {
                t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
                continue;
            }
            if (!has(hours, t.getHour())) {
                t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
                continue;
            }
            if (!has(minutes, t.getMinute())) {
                t = t.plusMinutes(1);
                continue;
            }
            return Optional.of(t.toInstant(ZoneOffset.UTC));
        }
        return Optional.empty();
    }

    /**
     * Whether a window of {@code duration} opened by some firing is open at {@code now}: the schedule fired at a
     * minute in {@code (now - duration, now]}. This is Karpenter's {@code Budget.IsActive}, which looks for the next
     * firing after {@code now - duration} and checks it is not after {@code now}.
     *
     * @param now the instant to evaluate
     * @param duration how long each firing keeps the window open, not negative
     * @return whether the window is open
     */
    public boolean isWithinWindow(Instant now, java.time.Duration duration) {
        return next(now.minus(duration)).filter(hit -> !hit.isAfter(now)).isPresent();
    }

    private boolean dayMatches(LocalDateTime t) {
        boolean dom = has(daysOfMonth, t.getDayOfMonth());
        boolean dow = has(daysOfWeek, t.getDayOfWeek().getValue() % 7);
        if (daysOfMonthStar || daysOfWeekStar) {
            return dom && dow;
        }
        return dom || dow;
    }

    private static boolean has(long bits, int value) {
        return (bits & (1L << value)) != 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CronSchedule other && expression.equals(other.expression);
    }

    @Override
    public int hashCode() {
        return Objects.hash(expression);
    }

    @Override
    public String toString() {
        return expression;
    }

    private record ParsedField(long bits, boolean star) {}

    private record Field(String name, int min, int max, List<String> names, int nameOffset) {

        ParsedField parse(String text) {
            long bits = 0;
            boolean star = false;
            for (String part : text.split(",", -1)) {
                if (part.isEmpty()) {
                    throw new IllegalArgumentException(name + " field \"" + text + "\" has an empty list element");
                }
                ParsedField range = parseRange(part);
                bits |= range.bits;
                star |= range.star;
            }
            return new ParsedField(bits, star);
        }

        private ParsedField parseRange(String part) {
            String[] rangeAndStep = part.split("/", -1);
            if (rangeAndStep.length > 2) {
                throw new IllegalArgumentException(name + " field \"" + part + "\" has more than one /");
            }
            String range = rangeAndStep[0];
            int start;
            int end;
            boolean star = false;
            boolean single = false;
            if (range.equals("*") || range.equals("?")) {
                start = min;
                end = max;
                star = true;
            } else {
                String[] lowHigh = range.split("-", -1);
                if (lowHigh.length > 2) {
                    throw new IllegalArgumentException(name + " field \"" + part + "\" has more than one -");
                }
                start = value(lowHigh[0], part);
                if (lowHigh.length == 2) {
                    end = value(lowHigh[1], part);
                } else {
                    end = start;
                    single = true;
                }
            }
            int step = 1;
            if (rangeAndStep.length == 2) {
                step = number(rangeAndStep[1], part, "step");
                if (single) {
                    end = max;
                }
                if (step > 1) {
                    star = false;
                }
            }
            if (start < min || end > max) {
                throw new IllegalArgumentException(name + " field \"" + part + "\" is outside " + min + "-" + max);
            }
            if (start > end) {
                throw new IllegalArgumentException(
                        name + " field \"" + part + "\" has a range that ends before it starts");
            }
            if (step == 0) {
                throw new IllegalArgumentException(name + " field \"" + part + "\" has a step of 0");
            }
            long bits = 0;
            for (int v = start; v <= end; v += step) {
                bits |= 1L << v;
            }
            return new ParsedField(bits, star);
        }

        private int value(String text, String part) {
            int index = names.indexOf(text.toLowerCase(Locale.ROOT));
            if (index >= 0) {
                return index + nameOffset;
            }
            return number(text, part, "value");
        }

        private int number(String text, String part, String what) {
            if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
                String allowed = names.isEmpty() ? "a number" : "a number or a name (" + String.join(", ", names) + ")";
                throw new IllegalArgumentException(name + " field \"" + part + "\" has an invalid " + what + " \""
                        + text + "\"; expected " + allowed);
            }
            return Integer.parseInt(text);
        }
    }
}
