package dev.fleetwright.core.api.corev1;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * A Kubernetes resource quantity such as {@code 100m}, {@code 1.5}, {@code 512Mi}, {@code 1G} or {@code 1e3}, held
 * exactly.
 *
 * <p>Grammar (Kubernetes {@code k8s.io/apimachinery/pkg/api/resource/quantity.go}): an optionally signed decimal
 * number followed by a binary-SI suffix ({@code Ki Mi Gi Ti Pi Ei}), a decimal-SI suffix ({@code n u m k M G T P E},
 * or none) or a decimal exponent ({@code e}/{@code E} and an integer). Rounding follows Kubernetes: {@link
 * #toMillisCeil()} is {@code MilliValue()} and {@link #toUnitsCeil()} is {@code Value()}, both rounding up.
 *
 * @param value the exact value in base units (cores for CPU, bytes for memory, a count otherwise)
 */
public record Quantity(BigDecimal value) implements Comparable<Quantity> {

    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private static final BigDecimal KI = BigDecimal.valueOf(1024);
    private static final BigDecimal MI = KI.multiply(KI);

    /** @throws NullPointerException if {@code value} is null */
    public Quantity {
        Objects.requireNonNull(value, "value");
    }

    /**
     * Parses a Kubernetes quantity string.
     *
     * @param text the quantity, for example {@code "250m"} or {@code "8Gi"}; surrounding blanks are ignored
     * @return the exact quantity
     * @throws IllegalArgumentException naming the text if it is not a valid quantity
     */
    public static Quantity parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("quantity is missing");
        }
        String s = text.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("quantity is empty");
        }
        int end = numberEnd(s);
        if (end == 0 || (end == 1 && (s.charAt(0) == '+' || s.charAt(0) == '-'))) {
            throw invalid(text);
        }
        BigDecimal number;
        try {
            number = new BigDecimal(s.substring(0, end));
        } catch (NumberFormatException e) {
            throw invalid(text);
        }
        String suffix = s.substring(end);
        return new Quantity(number.multiply(multiplier(suffix, text)));
    }

    /** A quantity of whole base units (bytes, cores or a count). */
    public static Quantity ofUnits(long units) {
        return new Quantity(BigDecimal.valueOf(units));
    }

    /** A quantity of thousandths of a unit (millicores for CPU). */
    public static Quantity ofMillis(long millis) {
        return new Quantity(BigDecimal.valueOf(millis, 3));
    }

    /** The value in thousandths of a unit, rounded up (Kubernetes {@code MilliValue()}). */
    public long toMillisCeil() {
        return value.multiply(THOUSAND).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** The value in whole units, rounded up (Kubernetes {@code Value()}): bytes for memory, a count otherwise. */
    public long toUnitsCeil() {
        return value.setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** Whether the value is below zero. */
    public boolean isNegative() {
        return value.signum() < 0;
    }

    @Override
    public int compareTo(Quantity other) {
        return value.compareTo(other.value);
    }

    /**
     * Formats a byte count the way people read memory: the largest binary suffix that divides it exactly ({@code
     * 6903Mi}, {@code 8Gi}), otherwise plain bytes.
     */
    public static String formatBytes(long bytes) {
        String[] suffixes = {"Ei", "Pi", "Ti", "Gi", "Mi", "Ki"};
        long[] factors = {1L << 60, 1L << 50, 1L << 40, 1L << 30, 1L << 20, 1L << 10};
        for (int i = 0; i < suffixes.length; i++) {
            if (bytes != 0 && bytes % factors[i] == 0) {
                return (bytes / factors[i]) + suffixes[i];
            }
        }
        return Long.toString(bytes);
    }

    /** Formats millicores as Kubernetes does: whole cores without a suffix ({@code 2}), otherwise {@code 1930m}. */
    public static String formatMillis(long millis) {
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : millis + "m";
    }

    /** The value in MiB, rounded up; convenient for display. */
    public static long bytesToMiBCeil(long bytes) {
        return BigDecimal.valueOf(bytes).divide(MI, 0, RoundingMode.CEILING).longValueExact();
    }

    @Override
    public String toString() {
        return value.stripTrailingZeros().toPlainString();
    }

    private static int numberEnd(String s) {
        int i = 0;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        boolean digits = false;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
            digits = true;
        }
        if (i < s.length() && s.charAt(i) == '.') {
            i++;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
                digits = true;
            }
        }
        return digits ? i : 0;
    }

    private static BigDecimal multiplier(String suffix, String text) {
        switch (suffix) {
            case "":
                return BigDecimal.ONE;
            case "n":
                return BigDecimal.ONE.scaleByPowerOfTen(-9);
            case "u":
                return BigDecimal.ONE.scaleByPowerOfTen(-6);
            case "m":
                return BigDecimal.ONE.scaleByPowerOfTen(-3);
            case "k":
                return BigDecimal.ONE.scaleByPowerOfTen(3);
            case "M":
                return BigDecimal.ONE.scaleByPowerOfTen(6);
            case "G":
                return BigDecimal.ONE.scaleByPowerOfTen(9);
            case "T":
                return BigDecimal.ONE.scaleByPowerOfTen(12);
            case "P":
                return BigDecimal.ONE.scaleByPowerOfTen(15);
            case "E":
                return BigDecimal.ONE.scaleByPowerOfTen(18);
            case "Ki":
                return KI;
            case "Mi":
                return MI;
            case "Gi":
                return new BigDecimal(BigInteger.ONE.shiftLeft(30));
            case "Ti":
                return new BigDecimal(BigInteger.ONE.shiftLeft(40));
            case "Pi":
                return new BigDecimal(BigInteger.ONE.shiftLeft(50));
            case "Ei":
                return new BigDecimal(BigInteger.ONE.shiftLeft(60));
            default:
                if (suffix.length() > 1 && (suffix.charAt(0) == 'e' || suffix.charAt(0) == 'E')) {
                    try {
                        int exponent = Integer.parseInt(suffix.substring(1));
                        if (Math.abs(exponent) <= 30) {
                            return BigDecimal.ONE.scaleByPowerOfTen(exponent);
                        }
                    } catch (NumberFormatException e) {
                        throw invalid(text);
                    }
                }
                throw invalid(text);
        }
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException(
                "\"" + text
                        + "\" is not a Kubernetes quantity (a number with an optional suffix: m, k, M, G, Ki, Mi, Gi, ... or e<n>)");
    }
}
