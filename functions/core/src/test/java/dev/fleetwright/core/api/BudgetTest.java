package dev.fleetwright.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Disruption budgets: Karpenter's GetAllowedDisruptionsByReason and IsActive. */
class BudgetTest {

    /** A Monday, 10:00 UTC. */
    private static final Instant MONDAY_10AM = Instant.parse("2024-08-05T10:00:00Z");

    private static Budget budget(String nodes, String schedule, Duration duration, DisruptionReason... reasons) {
        BudgetWindow window = schedule == null ? null : new BudgetWindow(CronSchedule.parse(schedule), duration);
        return new Budget(BudgetNodes.parse(nodes), window, Set.of(reasons));
    }

    @Nested
    @DisplayName("nodes")
    class Nodes {
        @ParameterizedTest(name = "{0} of {1} nodes allows {2}")
        @CsvSource({
            "10%, 0, 0",
            "10%, 1, 1",
            "10%, 5, 1",
            "10%, 10, 1",
            "10%, 11, 2",
            "10%, 100, 10",
            "0%, 50, 0",
            "100%, 7, 7",
            "33%, 10, 4",
            "5, 3, 5",
            "0, 10, 0"
        })
        @DisplayName("should round percentages up and keep counts as they are")
        void allowed(String nodes, int nodeCount, int expected) {
            assertThat(BudgetNodes.parse(nodes).allowedDisruptions(nodeCount)).isEqualTo(expected);
        }

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"101%", "-1", "1.5", "10 %", "%", "", "ten", "99999999999"})
        @DisplayName("should reject values outside the pattern")
        void invalid(String nodes) {
            assertThatThrownBy(() -> BudgetNodes.parse(nodes)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    @DisplayName("activity")
    class Activity {
        @Test
        @DisplayName("should always be active without a schedule")
        void always() {
            assertThat(Budget.DEFAULT.isActive(MONDAY_10AM)).isTrue();
        }

        @Test
        @DisplayName("should be active only within the window after each firing")
        void window() {
            Budget business = budget("0", "0 9 * * mon-fri", Duration.ofHours(8));
            assertThat(business.isActive(MONDAY_10AM)).isTrue();
            assertThat(business.isActive(MONDAY_10AM.plus(Duration.ofHours(7)))).isFalse();
            assertThat(business.isActive(Instant.parse("2024-08-04T10:00:00Z"))).isFalse(); // Sunday
        }

        @Test
        @DisplayName("should allow anything while inactive")
        void inactiveAllowsAll() {
            Budget night = budget("0", "0 22 * * *", Duration.ofHours(2));
            assertThat(night.allowedDisruptions(MONDAY_10AM, 10)).isEqualTo(Integer.MAX_VALUE);
            assertThat(night.allowedDisruptions(Instant.parse("2024-08-05T23:00:00Z"), 10))
                    .isZero();
        }
    }

    @Nested
    @DisplayName("several budgets")
    class Several {
        private final Disruption disruption = new Disruption(
                ConsolidationPolicy.WHEN_EMPTY_OR_UNDERUTILIZED,
                Disruption.DEFAULT_CONSOLIDATE_AFTER,
                List.of(
                        budget("20%", null, null),
                        budget("0", "0 9 * * mon-fri", Duration.ofHours(8), DisruptionReason.UNDERUTILIZED),
                        budget("1", null, null, DisruptionReason.DRIFTED)));

        @Test
        @DisplayName("should take the most restrictive active budget that governs the reason")
        void mostRestrictive() {
            assertThat(disruption.allowedDisruptions(MONDAY_10AM, 20, DisruptionReason.UNDERUTILIZED))
                    .isZero();
            assertThat(disruption.allowedDisruptions(MONDAY_10AM, 20, DisruptionReason.EMPTY))
                    .isEqualTo(4);
            assertThat(disruption.allowedDisruptions(MONDAY_10AM, 20, DisruptionReason.DRIFTED))
                    .isEqualTo(1);
            assertThat(disruption.allowedDisruptions(
                            Instant.parse("2024-08-05T20:00:00Z"), 20, DisruptionReason.UNDERUTILIZED))
                    .isEqualTo(4);
        }

        @Test
        @DisplayName("should not limit expiration or interruption")
        void forcefulIgnoresBudgets() {
            assertThat(disruption.allowedDisruptions(MONDAY_10AM, 20, DisruptionReason.EXPIRED))
                    .isEqualTo(Integer.MAX_VALUE);
            assertThat(disruption.allowedDisruptions(MONDAY_10AM, 20, DisruptionReason.INTERRUPTED))
                    .isEqualTo(Integer.MAX_VALUE);
        }

        @Test
        @DisplayName("should not limit anything without budgets")
        void none() {
            Disruption unlimited =
                    new Disruption(ConsolidationPolicy.WHEN_EMPTY, Disruption.DEFAULT_CONSOLIDATE_AFTER, List.of());
            assertThat(unlimited.allowedDisruptions(MONDAY_10AM, 20, DisruptionReason.EMPTY))
                    .isEqualTo(Integer.MAX_VALUE);
        }
    }

    @Test
    @DisplayName("should default to 10% of nodes for every reason")
    void defaults() {
        assertThat(Disruption.DEFAULT.budgets()).containsExactly(Budget.DEFAULT);
        assertThat(Budget.DEFAULT.reasons()).isEmpty();
        assertThat(Disruption.DEFAULT.allowedDisruptions(MONDAY_10AM, 30, DisruptionReason.DRIFTED))
                .isEqualTo(3);
        assertThat(Disruption.DEFAULT.consolidationPolicy()).isEqualTo(ConsolidationPolicy.WHEN_EMPTY_OR_UNDERUTILIZED);
        assertThat(Disruption.DEFAULT.consolidateAfter().duration()).contains(Duration.ZERO);
    }

    @Test
    @DisplayName("should refuse budgets for forceful reasons")
    void forcefulReasonRejected() {
        assertThatThrownBy(() -> new Budget(new BudgetNodes.Count(1), null, Set.of(DisruptionReason.EXPIRED)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
