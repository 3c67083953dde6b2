package dev.fleetwright.core.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LinearProgramTest {

    @Test
    @DisplayName("should mix two complementary shapes when that is cheapest")
    void mix() {
        // a: 2 cpu 4 mem $1; b: 4 cpu 2 mem $1; need 6 cpu 6 mem -> one of each, $2
        double[][] a = {{2, 4}, {4, 2}};
        LinearProgram.Solution s = LinearProgram.minimizeCover(new double[] {1, 1}, a, new double[] {6, 6})
                .orElseThrow();
        assertThat(s.value()).isCloseTo(2.0, within(1e-9));
        assertThat(s.x()[0]).isCloseTo(1.0, within(1e-9));
        assertThat(s.x()[1]).isCloseTo(1.0, within(1e-9));
    }

    @Test
    @DisplayName("should buy fractional nodes of the cheapest shape per unit")
    void fractional() {
        // 4 cpu for $2 vs 2 cpu for $1.5: need 10 cpu -> 2.5 x $2 = $5
        LinearProgram.Solution s = LinearProgram.minimizeCover(
                        new double[] {2, 1.5}, new double[][] {{4, 2}}, new double[] {10})
                .orElseThrow();
        assertThat(s.value()).isCloseTo(5.0, within(1e-9));
    }

    @Test
    @DisplayName("should report infeasible when no column covers a row")
    void infeasible() {
        assertThat(LinearProgram.minimizeCover(new double[] {1}, new double[][] {{4}, {0}}, new double[] {1, 1}))
                .isEmpty();
    }

    @Test
    @DisplayName("should cost nothing when nothing is demanded")
    void zeroDemand() {
        assertThat(LinearProgram.minimizeCover(new double[] {3}, new double[][] {{4}}, new double[] {0})
                        .orElseThrow()
                        .value())
                .isCloseTo(0.0, within(1e-12));
    }

    @Property
    @Label("with two rows, the optimum equals the best basic solution (one or two columns)")
    void matchesVertexEnumeration(
            @ForAll @Size(value = 6) List<@IntRange(min = 0, max = 12) Integer> row0,
            @ForAll @Size(value = 6) List<@IntRange(min = 0, max = 12) Integer> row1,
            @ForAll @Size(value = 6) List<@IntRange(min = 1, max = 30) Integer> cost,
            @ForAll @IntRange(min = 0, max = 40) int b0,
            @ForAll @IntRange(min = 0, max = 40) int b1) {
        double[][] a = {toDouble(row0), toDouble(row1)};
        double[] c = toDouble(cost);
        double[] b = {b0, b1};
        Optional<LinearProgram.Solution> lp = LinearProgram.minimizeCover(c, a, b);
        double best = bruteForce(a, b, c);
        if (Double.isInfinite(best)) {
            assertThat(lp).isEmpty();
            return;
        }
        assertThat(lp).isPresent();
        LinearProgram.Solution s = lp.get();
        assertThat(s.value()).isCloseTo(best, within(1e-6 * Math.max(1, best)));
        for (int i = 0; i < 2; i++) {
            double covered = 0;
            for (int j = 0; j < c.length; j++) {
                assertThat(s.x()[j]).isGreaterThanOrEqualTo(-1e-9);
                covered += a[i][j] * s.x()[j];
            }
            assertThat(covered).isGreaterThanOrEqualTo(b[i] - 1e-6);
        }
    }

    /** Every basic feasible point of a 2-row covering LP uses at most two columns. */
    private static double bruteForce(double[][] a, double[] b, double[] c) {
        int n = c.length;
        double best = Double.POSITIVE_INFINITY;
        if (b[0] == 0 && b[1] == 0) {
            return 0;
        }
        for (int j = 0; j < n; j++) {
            double need = 0;
            boolean ok = true;
            for (int i = 0; i < 2; i++) {
                if (b[i] > 0) {
                    if (a[i][j] == 0) {
                        ok = false;
                    } else {
                        need = Math.max(need, b[i] / a[i][j]);
                    }
                }
            }
            if (ok) {
                best = Math.min(best, need * c[j]);
            }
        }
        for (int j = 0; j < n; j++) {
            for (int k = j + 1; k < n; k++) {
                double det = a[0][j] * a[1][k] - a[0][k] * a[1][j];
                if (Math.abs(det) < 1e-12) {
                    continue;
                }
                double xj = (b[0] * a[1][k] - a[0][k] * b[1]) / det;
                double xk = (a[0][j] * b[1] - b[0] * a[1][j]) / det;
                if (xj >= -1e-12 && xk >= -1e-12) {
                    best = Math.min(best, xj * c[j] + xk * c[k]);
                }
            }
        }
        return best;
    }

    private static double[] toDouble(List<Integer> v) {
        double[] d = new double[v.size()];
        for (int i = 0; i < v.size(); i++) {
            d[i] = v.get(i);
        }
        return d;
    }
}
