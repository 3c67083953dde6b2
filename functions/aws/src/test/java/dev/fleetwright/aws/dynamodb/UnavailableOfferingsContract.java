package dev.fleetwright.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetwright.core.cloudprovider.CapacityType;
import dev.fleetwright.core.cloudprovider.OfferingKey;
import dev.fleetwright.core.state.UnavailableOfferings;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link UnavailableOfferings} shares. Subclasses supply a fresh, empty cache per test. */
abstract class UnavailableOfferingsContract {

    /** Far in the future so that no TTL derived from it has passed. */
    protected static final Instant NOW = Instant.parse("2099-03-01T12:00:00Z");

    protected static final Instant UNTIL = NOW.plus(UnavailableOfferings.DEFAULT_TTL);

    protected static final OfferingKey M5_SPOT_A = new OfferingKey("m5.large", "us-east-1a", CapacityType.SPOT);
    protected static final OfferingKey M5_ON_DEMAND_A =
            new OfferingKey("m5.large", "us-east-1a", CapacityType.ON_DEMAND);
    protected static final OfferingKey M5_SPOT_B = new OfferingKey("m5.large", "us-east-1b", CapacityType.SPOT);
    protected static final OfferingKey C5_RESERVED_A =
            new OfferingKey("c5.xlarge", "us-east-1a", CapacityType.RESERVED);

    protected UnavailableOfferings offerings;

    /** A new cache with no entries. */
    protected abstract UnavailableOfferings newUnavailableOfferings();

    @BeforeEach
    void setUpOfferings() {
        offerings = newUnavailableOfferings();
    }

    @Test
    @DisplayName("should report nothing when nothing was marked")
    void empty() {
        assertThat(offerings.unavailable(NOW)).isEmpty();
    }

    @Test
    @DisplayName("should report marked offerings until, and not at, their deadline")
    void untilDeadline() {
        offerings.markUnavailable(List.of(M5_SPOT_A, C5_RESERVED_A), UNTIL);

        assertThat(offerings.unavailable(NOW)).containsExactlyInAnyOrder(M5_SPOT_A, C5_RESERVED_A);
        assertThat(offerings.unavailable(UNTIL.minusMillis(1))).containsExactlyInAnyOrder(M5_SPOT_A, C5_RESERVED_A);
        assertThat(offerings.unavailable(UNTIL)).isEmpty();
        assertThat(offerings.unavailable(UNTIL.plusSeconds(3600))).isEmpty();
    }

    @Test
    @DisplayName("should tell offerings apart by instance type, zone and capacity type")
    void distinctKeys() {
        offerings.markUnavailable(List.of(M5_SPOT_A), UNTIL);

        assertThat(offerings.unavailable(NOW)).containsExactly(M5_SPOT_A).doesNotContain(M5_ON_DEMAND_A, M5_SPOT_B);
    }

    @Test
    @DisplayName("should expire each offering at its own deadline")
    void ownDeadlines() {
        offerings.markUnavailable(List.of(M5_SPOT_A), NOW.plusSeconds(60));
        offerings.markUnavailable(List.of(M5_SPOT_B), NOW.plusSeconds(120));

        assertThat(offerings.unavailable(NOW.plusSeconds(90))).containsExactly(M5_SPOT_B);
    }

    @Test
    @DisplayName("should extend a deadline when marked again later")
    void extends_() {
        offerings.markUnavailable(List.of(M5_SPOT_A), NOW.plusSeconds(60));

        offerings.markUnavailable(List.of(M5_SPOT_A), NOW.plusSeconds(240));

        assertThat(offerings.unavailable(NOW.plusSeconds(200))).containsExactly(M5_SPOT_A);
    }

    @Test
    @DisplayName("should keep the later deadline when marked again with an earlier one")
    void keepsLaterDeadline() {
        offerings.markUnavailable(List.of(M5_SPOT_A), NOW.plusSeconds(240));

        offerings.markUnavailable(List.of(M5_SPOT_A, M5_SPOT_B), NOW.plusSeconds(60));

        assertThat(offerings.unavailable(NOW.plusSeconds(200))).containsExactly(M5_SPOT_A);
        assertThat(offerings.unavailable(NOW.plusSeconds(30))).containsExactlyInAnyOrder(M5_SPOT_A, M5_SPOT_B);
    }

    @Test
    @DisplayName("should accept an empty batch and duplicate keys")
    void emptyAndDuplicates() {
        offerings.markUnavailable(List.of(), UNTIL);
        offerings.markUnavailable(List.of(M5_SPOT_A, M5_SPOT_A), UNTIL);

        assertThat(offerings.unavailable(NOW)).containsExactly(M5_SPOT_A);
    }
}
