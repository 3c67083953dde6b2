package dev.fleetwright.core.cloudprovider;

import java.util.Objects;

/**
 * How much cheaper spot capacity of one instance type is than on-demand, in percent, and where the figure comes from.
 * Fleetwright has no spot price feed (see the catalog's PROVENANCE.md): every spot price is an ESTIMATE, {@code
 * onDemandPriceUsdPerHour × (1 − pct/100)}.
 *
 * @param pct savings compared with on-demand, 0..100 percent
 * @param basis where {@code pct} comes from
 */
public record SpotSavings(int pct, Basis basis) {

    /** Where a savings figure comes from, most to least specific. */
    public enum Basis {
        /** The type's own figure in the AWS Spot Instance Advisor feed (30-day average for Linux in the region). */
        SPOT_ADVISOR,
        /** The type is not in the feed: the median of the feed figures of the other types of its family. */
        FAMILY_MEDIAN,
        /** Neither the type nor its family is in the feed: the median of its category (for example {@code c}). */
        CATEGORY_MEDIAN,
        /** Nothing closer is in the feed: the median over every type of the catalog that is in the feed. */
        CATALOG_MEDIAN
    }

    /**
     * @throws IllegalArgumentException if {@code pct} is outside 0..100
     * @throws NullPointerException if {@code basis} is null
     */
    public SpotSavings {
        Objects.requireNonNull(basis, "basis");
        if (pct < 0 || pct > 100) {
            throw new IllegalArgumentException("spotSavingsPct: must be within 0..100, got " + pct);
        }
    }

    /** A figure published by the Spot Instance Advisor for the type itself. */
    public static SpotSavings advisor(int pct) {
        return new SpotSavings(pct, Basis.SPOT_ADVISOR);
    }
}
