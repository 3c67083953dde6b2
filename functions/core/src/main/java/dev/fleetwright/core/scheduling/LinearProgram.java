package dev.fleetwright.core.scheduling;

import java.util.Optional;

/**
 * A small dense simplex solver for covering problems: minimise {@code c·x} subject to {@code A x ≥ b}, {@code x ≥ 0},
 * with {@code b ≥ 0} and {@code c ≥ 0}. Meant for few rows (resource dimensions) and many columns (instance types):
 * the tableau has one row per constraint, so a solve costs a few passes over the columns.
 *
 * <p>Two-phase method with artificial variables; Bland's rule (lowest index) for entering and leaving variables, so it
 * cannot cycle. Rows are scaled so each right-hand side is 1, which keeps bytes and millicores comparable.
 */
public final class LinearProgram {

    private static final double EPS = 1e-9;

    private LinearProgram() {}

    /**
     * An optimal solution.
     *
     * @param value the optimal objective {@code c·x}
     * @param x the optimal point, one value per column
     */
    public record Solution(double value, double[] x) {}

    /**
     * Solves {@code min c·x s.t. A x ≥ b, x ≥ 0}.
     *
     * @param c the cost per column, non-negative
     * @param a the constraint matrix, {@code a[row][column]}
     * @param b the right-hand sides, non-negative
     * @return the optimum, or empty when infeasible (some row cannot be covered)
     * @throws IllegalArgumentException if dimensions disagree or {@code b} or {@code c} has a negative entry
     */
    public static Optional<Solution> minimizeCover(double[] c, double[][] a, double[] b) {
        int m = b.length;
        int n = c.length;
        if (a.length != m) {
            throw new IllegalArgumentException("A has " + a.length + " rows, b has " + m);
        }
        for (double[] row : a) {
            if (row.length != n) {
                throw new IllegalArgumentException("every row of A needs " + n + " columns");
            }
        }
        for (double v : b) {
            if (v < 0) {
                throw new IllegalArgumentException("b must be non-negative");
            }
        }
        for (double v : c) {
            if (v < 0) {
                throw new IllegalArgumentException("c must be non-negative");
            }
        }
        // Columns: x (n), surplus (m), artificial (m), then the right-hand side.
        int cols = n + 2 * m;
        double[][] t = new double[m][cols + 1];
        int[] basis = new int[m];
        for (int i = 0; i < m; i++) {
            double scale = b[i] > EPS ? 1.0 / b[i] : 1.0;
            for (int j = 0; j < n; j++) {
                t[i][j] = a[i][j] * scale;
            }
            t[i][n + i] = -1;
            t[i][n + m + i] = 1;
            t[i][cols] = b[i] * scale;
            basis[i] = n + m + i;
        }
        // Phase 1: minimise the sum of artificials.
        double[] phase1 = new double[cols];
        for (int i = 0; i < m; i++) {
            phase1[n + m + i] = 1;
        }
        run(t, basis, phase1, cols);
        double infeasibility = 0;
        for (int i = 0; i < m; i++) {
            if (basis[i] >= n + m) {
                infeasibility += t[i][cols];
            }
        }
        if (infeasibility > 1e-7) {
            return Optional.empty();
        }
        // Drive remaining (zero-valued) artificials out of the basis where possible.
        for (int i = 0; i < m; i++) {
            if (basis[i] >= n + m) {
                for (int j = 0; j < n + m; j++) {
                    if (Math.abs(t[i][j]) > EPS) {
                        pivot(t, basis, i, j, cols);
                        break;
                    }
                }
            }
        }
        // Phase 2: minimise c·x with artificials barred from entering.
        double[] phase2 = new double[cols];
        System.arraycopy(c, 0, phase2, 0, n);
        for (int j = n + m; j < cols; j++) {
            phase2[j] = Double.NaN;
        }
        run(t, basis, phase2, cols);
        double[] x = new double[n];
        for (int i = 0; i < m; i++) {
            if (basis[i] < n) {
                x[basis[i]] = t[i][cols];
            }
        }
        double value = 0;
        for (int j = 0; j < n; j++) {
            value += c[j] * x[j];
        }
        return Optional.of(new Solution(value, x));
    }

    /** Runs simplex iterations for cost vector {@code cost} (NaN marks a column that may not enter). */
    private static void run(double[][] t, int[] basis, double[] cost, int cols) {
        int m = t.length;
        for (int iteration = 0; iteration < 50_000; iteration++) {
            int entering = -1;
            for (int j = 0; j < cols; j++) {
                if (Double.isNaN(cost[j]) || isBasic(basis, j)) {
                    continue;
                }
                double reduced = cost[j];
                for (int i = 0; i < m; i++) {
                    double cb = cost[basis[i]];
                    if (!Double.isNaN(cb)) {
                        reduced -= cb * t[i][j];
                    }
                }
                if (reduced < -EPS) {
                    entering = j;
                    break;
                }
            }
            if (entering < 0) {
                return;
            }
            int leaving = -1;
            double best = Double.POSITIVE_INFINITY;
            for (int i = 0; i < m; i++) {
                if (t[i][entering] > EPS) {
                    double ratio = t[i][cols] / t[i][entering];
                    if (leaving < 0
                            || ratio < best - EPS
                            || (Math.abs(ratio - best) <= EPS && basis[i] < basis[leaving])) {
                        best = ratio;
                        leaving = i;
                    }
                }
            }
            if (leaving < 0) {
                throw new IllegalStateException("unbounded covering problem (negative cost?)");
            }
            pivot(t, basis, leaving, entering, cols);
        }
        throw new IllegalStateException("simplex did not converge");
    }

    private static boolean isBasic(int[] basis, int j) {
        for (int b : basis) {
            if (b == j) {
                return true;
            }
        }
        return false;
    }

    private static void pivot(double[][] t, int[] basis, int row, int col, int cols) {
        double p = t[row][col];
        double[] r = t[row];
        for (int j = 0; j <= cols; j++) {
            r[j] /= p;
        }
        for (int i = 0; i < t.length; i++) {
            if (i == row) {
                continue;
            }
            double f = t[i][col];
            if (f != 0) {
                double[] ri = t[i];
                for (int j = 0; j <= cols; j++) {
                    ri[j] -= f * r[j];
                }
            }
        }
        basis[row] = col;
    }
}
