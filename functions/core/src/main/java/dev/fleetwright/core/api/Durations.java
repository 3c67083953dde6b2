package dev.fleetwright.core.api;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsing and formatting of the duration strings Karpenter's API uses.
 *
 * <p>Two grammars exist: the restricted one of Karpenter's CRD patterns ({@code ^([0-9]+(s|m|h))+$}, [K]
 * pkg/apis/v1/nodepool.go, e.g. {@code 720h}, {@code 1h30m}), and Go's {@code time.ParseDuration}, used by {@code
 * metav1.Duration} fields such as {@code kubelet.evictionSoftGracePeriod} (e.g. {@code 1m30s}, {@code 1.5h}, {@code
 * 500ms}).
 */
public final class Durations {

    private static final Pattern KARPENTER = Pattern.compile("^([0-9]+(s|m|h))+$");
    private static final Pattern KARPENTER_PART = Pattern.compile("([0-9]+)(s|m|h)");
    private static final Pattern GO = Pattern.compile("^[-+]?(([0-9]*(\\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h))+$");
    private static final Pattern GO_PART = Pattern.compile("([0-9]*(?:\\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)");

    private Durations() {}

    /**
     * Parses a duration in Karpenter's restricted grammar: one or more {@code <digits><unit>} with unit {@code s},
     * {@code m} or {@code h}, for example {@code 30s}, {@code 720h}, {@code 1h30m}.
     *
     * @param text the duration text, not null
     * @return the duration, never negative
     * @throws IllegalArgumentException naming the grammar if {@code text} does not match it or overflows
     */
    public static Duration parseKarpenter(String text) {
        if (text == null || !KARPENTER.matcher(text).matches()) {
            throw new IllegalArgumentException(
                    "\"" + text + "\" is not a duration like 30s, 5m, 720h or 1h30m (digits followed by s, m or h)");
        }
        Duration total = Duration.ZERO;
        Matcher m = KARPENTER_PART.matcher(text);
        try {
            while (m.find()) {
                long amount = Long.parseLong(m.group(1));
                Duration part = switch (m.group(2)) {
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
                total = total.plus(part);
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("\"" + text + "\" is too long a duration", e);
        }
        return total;
    }

    /**
     * Parses a duration in Go's {@code time.ParseDuration} grammar: an optional sign and one or more decimal numbers,
     * each with an optional fraction and a unit ({@code ns, us, µs, ms, s, m, h}), for example {@code 1m30s}, {@code
     * 1.5h} or {@code 300ms}. {@code 0} alone is zero, as in Go.
     *
     * @param text the duration text, not null
     * @return the duration (negative if written with {@code -})
     * @throws IllegalArgumentException if the text is not a Go duration or overflows
     */
    public static Duration parseGo(String text) {
        if ("0".equals(text) || "+0".equals(text) || "-0".equals(text)) {
            return Duration.ZERO;
        }
        if (text == null || !GO.matcher(text).matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a Go duration like 90s, 1m30s, 1.5h or 500ms");
        }
        boolean negative = text.startsWith("-");
        Matcher m = GO_PART.matcher(text);
        BigDecimal nanos = BigDecimal.ZERO;
        while (m.find()) {
            String number = m.group(1);
            if (number.isEmpty() || number.equals(".")) {
                throw new IllegalArgumentException("\"" + text + "\" has a unit without a number");
            }
            long unitNanos = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs", "μs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            nanos = nanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unitNanos)));
        }
        try {
            long total = nanos.setScale(0, java.math.RoundingMode.DOWN).longValueExact();
            return Duration.ofNanos(negative ? -total : total);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("\"" + text + "\" is too long a duration", e);
        }
    }

    /**
     * Formats a duration compactly, the way people write them in NodePools: {@code 720h}, {@code 1h30m}, {@code 45s},
     * {@code 1.5s}, {@code 0s}. Negative durations get a leading {@code -}.
     *
     * @param duration the duration, not null
     * @return the text, which {@link #parseGo} reads back to the same duration
     */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        Duration d = duration;
        if (d.isNegative()) {
            sb.append('-');
            d = d.negated();
        }
        long hours = d.toHours();
        int minutes = d.toMinutesPart();
        int seconds = d.toSecondsPart();
        int nanos = d.toNanosPart();
        if (hours > 0) {
            sb.append(hours).append('h');
        }
        if (minutes > 0) {
            sb.append(minutes).append('m');
        }
        if (seconds > 0 || nanos > 0) {
            if (nanos == 0) {
                sb.append(seconds).append('s');
            } else {
                BigDecimal s = BigDecimal.valueOf(seconds).add(BigDecimal.valueOf(nanos, 9));
                sb.append(s.stripTrailingZeros().toPlainString()).append('s');
            }
        }
        return sb.toString();
    }
}
