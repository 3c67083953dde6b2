package dev.fleetwright.core.scheduling;

import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.cloudprovider.InstanceType;
import dev.fleetwright.core.cloudprovider.InstanceTypes;
import dev.fleetwright.core.cloudprovider.Offering;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pattern linear program of one NodePool's pods (Gilmore and Gomory's cutting-stock relaxation), solved by column
 * generation: a lower bound on the cost of any plan, and a fractional plan to round for {@link NodePacking}.
 *
 * <p>A <em>pattern</em> is an instance type with a number of pods of each pod class that fit on one node of it
 * together: their requests sum to at most its allocatable less DaemonSet overhead, in every requested resource, and
 * the type can hold each of those classes ({@link CostLowerBound#eligible}). The master problem is {@code min Σ_p
 * price_p·x_p} subject to {@code Σ_p count_p,c·x_p ≥ pods_c} for every class c, {@code x ≥ 0}; every plan is an
 * integer point of it, so its optimum bounds every plan from below. P. C. Gilmore, R. E. Gomory, "A linear programming
 * approach to the cutting-stock problem", Operations Research 9 (1961).
 *
 * <p>The master is solved over the patterns generated so far by a revised simplex method; its duals {@code π ≥ 0} (USD
 * per hour per pod of each class) price new patterns: for every instance type, a bounded integer knapsack over its
 * resources finds the pattern of most dual value. The bound reported does not rely on the master having been solved to
 * optimality: for any {@code π ≥ 0}, {@code Σ_c π_c·pods_c / max(1, max_t V_t / price_t)} is a valid bound when
 * {@code V_t} is at least the most dual value a node of type t can hold (Farley's bound, A. A. Farley, "A note on
 * bounding a class of linear programming problems, including cutting stock problems", Operations Research 38 (1990)).
 * {@code V_t} comes from a branch and bound whose unexplored subtrees are charged their upper bounds, so it stays an
 * upper bound when the node budget runs out. Limits on iterations and nodes are counts, not time, so the result is
 * deterministic.
 *
 * <p>Instance types that another type dominates (no more expensive, at least as much usable capacity in every requested
 * resource, and able to hold every class the first can) add no pattern of better value and are left out. Topology,
 * pod (anti-)affinity and per-class offerings (zones, capacity types) are relaxed: each type is priced at its cheapest
 * offering the NodePool allows, which only lowers the bound, so it stays valid. Exotic types (metal, GPU, Neuron) that
 * no pod needs and that a generic type covers are left out too, because a planned NodeClaim is priced at a generic
 * type whenever one holds its pods (see {@code Problem.dropCoveredExoticTypes}).
 *
 * <p>Column generation greedily prices every type first (cheap) and adds the most improving patterns; when greedy finds
 * none it prices exactly with a node budget of {@link #ROUND_NODES} per type. It ends when exact pricing finds no
 * improving pattern, after {@link #MAX_ROUNDS} rounds, or when the master has not improved by {@link
 * #STALL_IMPROVEMENT} in {@link #STALL_ROUNDS} rounds; the last duals are then priced with {@link #FINAL_NODES} per
 * type for the bound. On the bundled trace workloads (1,088 and 8,152 pods, 25 and 112 classes, the full catalog) this
 * takes about 0.1 s and 6 s on two cores.
 */
final class PatternLp {

    /** Column generation rounds (each solves the master and prices every instance type). */
    static final int MAX_ROUNDS = 300;

    /** Branch and bound nodes per pricing problem while generating columns. */
    static final int ROUND_NODES = 8_000;

    /** Branch and bound nodes per pricing problem for the bound at the final duals. */
    static final int FINAL_NODES = 50_000;

    /** Rounds without the master improving by {@link #STALL_IMPROVEMENT} (relative) that end column generation. */
    static final int STALL_ROUNDS = 30;

    /** The relative improvement of the master that resets the stall count. */
    static final double STALL_IMPROVEMENT = 1e-4;

    /** Patterns added per round from the greedy pricing. */
    private static final int COLUMNS_PER_ROUND = 20;

    /** Reduced costs above {@code -TOLERANCE·price} do not improve the master. */
    private static final double TOLERANCE = 1e-7;

    private PatternLp() {}

    /**
     * One NodePool's pods as pod classes, with the instance types that are not dominated.
     *
     * @param classKeys the pod classes, in order of their first pod
     * @param podsOfClass each class's pods, in input order
     * @param requests each class's requests per pod in the requested dimensions ({@code [class][dim]}; millicores, bytes,
     *     pods, units)
     * @param demand pods of each class
     * @param types the instance types kept
     * @param prices each type's cheapest available offering the NodePool allows, USD per hour
     * @param usable each type's allocatable less DaemonSet overhead ({@code [type][dim]})
     * @param holds which classes each type can hold ({@code holds[type].get(class)})
     */
    record Problem(
            List<CostLowerBound.ClassKey> classKeys,
            List<List<Pod>> podsOfClass,
            double[][] requests,
            int[] demand,
            List<InstanceType> types,
            double[] prices,
            double[][] usable,
            BitSet[] holds) {

        int classes() {
            return demand.length;
        }

        /** How many pods of class {@code c} fit on an empty node of type {@code t} (0 when it cannot hold them). */
        int maxCount(int t, int c) {
            if (!holds[t].get(c)) {
                return 0;
            }
            long fit = demand[c];
            for (int r = 0; r < usable[t].length; r++) {
                if (requests[c][r] > 0) {
                    fit = Math.min(fit, (long) Math.floor(usable[t][r] / requests[c][r] + 1e-9));
                }
            }
            return (int) Math.max(0, fit);
        }

        /**
         * Builds the problem.
         *
         * @return empty when some pod fits no instance type of the template
         */
        static Optional<Problem> of(NodeClaimTemplate template, Resources daemonOverhead, List<Pod> pods) {
            Map<CostLowerBound.ClassKey, List<Pod>> grouped = new LinkedHashMap<>();
            Resources total = Resources.NONE;
            for (Pod p : pods) {
                CostLowerBound.ClassKey key = CostLowerBound.ClassKey.of(p);
                total = total.plus(key.requests());
                grouped.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
            }
            List<String> dims = CostLowerBound.dimensions(total);
            int n = grouped.size();
            List<CostLowerBound.ClassKey> keys = new ArrayList<>(grouped.keySet());
            List<InstanceType> all = template.instanceTypes();
            BitSet[] holdsAll = new BitSet[all.size()];
            double[][] requests = new double[n][];
            int[] demand = new int[n];
            for (int c = 0; c < n; c++) {
                CostLowerBound.ClassKey key = keys.get(c);
                requests[c] = vector(key.requests(), dims);
                demand[c] = grouped.get(key).size();
                List<CostLowerBound.Eligible> eligible = CostLowerBound.eligible(template, daemonOverhead, key);
                if (eligible.isEmpty()) {
                    return Optional.empty();
                }
                for (CostLowerBound.Eligible e : eligible) {
                    if (holdsAll[e.index()] == null) {
                        holdsAll[e.index()] = new BitSet(n);
                    }
                    holdsAll[e.index()].set(c);
                }
            }
            dropCoveredExoticTypes(template, daemonOverhead, dims, holdsAll);
            // Candidates in price order (ties by name), each at the NodePool's cheapest offering of it.
            List<Integer> candidates = new ArrayList<>();
            double[] price = new double[all.size()];
            for (int j = 0; j < all.size(); j++) {
                if (holdsAll[j] == null) {
                    continue;
                }
                Optional<Offering> offering = all.get(j).cheapestCompatibleAvailableOffering(template.requirements());
                if (offering.isEmpty()) {
                    continue; // cannot happen: an eligible class's offering is also the NodePool's
                }
                price[j] = offering.get().pricePerHourUsd();
                candidates.add(j);
            }
            candidates.sort(Comparator.<Integer>comparingDouble(j -> price[j])
                    .thenComparing(j -> all.get(j).name()));
            List<Integer> kept = new ArrayList<>();
            List<double[]> keptUsable = new ArrayList<>();
            for (int j : candidates) {
                double[] usable = vector(all.get(j).allocatable().minus(daemonOverhead), dims);
                boolean dominated = false;
                for (int k = 0; k < kept.size() && !dominated; k++) {
                    dominated = dominates(keptUsable.get(k), holdsAll[kept.get(k)], usable, holdsAll[j]);
                }
                if (!dominated) {
                    kept.add(j);
                    keptUsable.add(usable);
                }
            }
            List<InstanceType> types = new ArrayList<>();
            double[] prices = new double[kept.size()];
            BitSet[] holds = new BitSet[kept.size()];
            for (int k = 0; k < kept.size(); k++) {
                types.add(all.get(kept.get(k)));
                prices[k] = price[kept.get(k)];
                holds[k] = holdsAll[kept.get(k)];
            }
            return Optional.of(new Problem(
                    keys,
                    new ArrayList<>(grouped.values()),
                    requests,
                    demand,
                    types,
                    prices,
                    keptUsable.toArray(new double[0][]),
                    holds));
        }

        /**
         * Leaves out exotic types (metal, GPU, Neuron; {@link InstanceTypes#isExotic}) that no pod needs and whose
         * nodes a generic type could replace: a planned NodeClaim is priced at its cheapest generic launch candidate
         * whenever one holds its pods ({@link PlannedNodeClaim#launchInstanceTypes}), so a node of such a type costs
         * what a node of a generic type holding the same pods costs, and that pattern is already in the problem. A
         * type stays when some class can only go on exotic types and this type can hold it (its nodes may then carry
         * other pods too), or when no generic type has at least its usable capacity in every requested resource, can
         * hold every class it can and is offered wherever it is (zone and capacity type). Nothing is left out when the
         * NodePool has limits, which can drop the larger generic type from a NodeClaim. The Planner's own variants
         * keep generic types in a NodeClaim whose first pod a generic type holds ({@link Scheduler.Options}).
         */
        private static void dropCoveredExoticTypes(
                NodeClaimTemplate template, Resources daemonOverhead, List<String> dims, BitSet[] holds) {
            if (!template.remainingLimits().isEmpty()) {
                return; // limits may leave a NodeClaim without its larger generic types
            }
            List<InstanceType> all = template.instanceTypes();
            BitSet needExotic = new BitSet();
            BitSet onGeneric = new BitSet();
            for (int j = 0; j < all.size(); j++) {
                if (holds[j] != null && !InstanceTypes.isExotic(all.get(j))) {
                    onGeneric.or(holds[j]);
                }
            }
            for (int j = 0; j < all.size(); j++) {
                if (holds[j] != null) {
                    BitSet only = (BitSet) holds[j].clone();
                    only.andNot(onGeneric);
                    needExotic.or(only);
                }
            }
            for (int j = 0; j < all.size(); j++) {
                if (holds[j] == null || !InstanceTypes.isExotic(all.get(j)) || holds[j].intersects(needExotic)) {
                    continue;
                }
                double[] usable = vector(all.get(j).allocatable().minus(daemonOverhead), dims);
                for (int g = 0; g < all.size(); g++) {
                    if (holds[g] != null
                            && !InstanceTypes.isExotic(all.get(g))
                            && offersWherever(all.get(g), all.get(j))
                            && dominates(
                                    vector(all.get(g).allocatable().minus(daemonOverhead), dims),
                                    holds[g],
                                    usable,
                                    holds[j])) {
                        holds[j] = null;
                        break;
                    }
                }
            }
        }

        /**
         * Whether {@code generic} has an available offering in every zone and capacity type where {@code exotic} has
         * one, so that whatever zone and capacity type a NodeClaim's pods (and topology) leave to the exotic type, the
         * generic one stays in the NodeClaim too.
         */
        private static boolean offersWherever(InstanceType generic, InstanceType exotic) {
            for (Offering o : exotic.offerings()) {
                if (o.available()
                        && generic.offerings().stream()
                                .noneMatch(g -> g.available()
                                        && g.zone().equals(o.zone())
                                        && g.capacityType() == o.capacityType())) {
                    return false;
                }
            }
            return true;
        }

        /** Whether a type (already no more expensive) with {@code usableA} and {@code holdsA} dominates the other. */
        private static boolean dominates(double[] usableA, BitSet holdsA, double[] usableB, BitSet holdsB) {
            for (int r = 0; r < usableA.length; r++) {
                if (usableA[r] < usableB[r]) {
                    return false;
                }
            }
            BitSet extra = (BitSet) holdsB.clone();
            extra.andNot(holdsA);
            return extra.isEmpty();
        }
    }

    /**
     * A pattern: an instance type and how many pods of each class one node of it holds.
     *
     * @param type index into {@link Problem#types()}
     * @param counts pods per class
     */
    record Pattern(int type, int[] counts) {}

    /**
     * The outcome of column generation.
     *
     * @param problem the problem solved
     * @param bound a valid lower bound on the cost of any plan, USD per hour
     * @param masterValue the last master optimum (an upper bound on the LP optimum, so at least {@code bound}), USD per
     *     hour
     * @param patterns the patterns generated
     * @param x the last master's solution, one value per pattern (nodes of it)
     */
    record Result(Problem problem, double bound, double masterValue, List<Pattern> patterns, double[] x) {}

    /**
     * Solves the pattern LP for one NodePool's pods.
     *
     * @param template the NodePool template
     * @param daemonOverhead DaemonSet requests on each of its nodes
     * @param pods the pods
     * @return the result; empty when some pod fits no instance type (or there are no pods)
     */
    static Optional<Result> solve(NodeClaimTemplate template, Resources daemonOverhead, List<Pod> pods) {
        if (pods.isEmpty()) {
            return Optional.empty();
        }
        return Problem.of(template, daemonOverhead, pods).map(PatternLp::solve);
    }

    /** Column generation over a built problem. */
    static Result solve(Problem problem) {
        int m = problem.classes();
        Master master = new Master(problem);
        // One single-class pattern per class, on the type cheapest per pod of it: a feasible starting basis.
        for (int c = 0; c < m; c++) {
            int bestType = -1;
            double bestPerPod = Double.POSITIVE_INFINITY;
            int bestCount = 0;
            for (int t = 0; t < problem.types().size(); t++) {
                int k = problem.maxCount(t, c);
                if (k > 0 && problem.prices()[t] / k < bestPerPod) {
                    bestPerPod = problem.prices()[t] / k;
                    bestType = t;
                    bestCount = k;
                }
            }
            int[] counts = new int[m];
            counts[c] = bestCount;
            master.add(new Pattern(bestType, counts));
        }
        master.startBasis();
        Knapsack knapsack = new Knapsack(problem);
        double bound = 0;
        double lastValue = Double.POSITIVE_INFINITY;
        int stalled = 0;
        for (int round = 0; round < MAX_ROUNDS && stalled < STALL_ROUNDS; round++) {
            master.optimize();
            double value = master.value();
            if (value < lastValue * (1 - STALL_IMPROVEMENT)) {
                lastValue = value;
                stalled = 0;
            } else {
                stalled++;
            }
            double[] pi = master.duals();
            List<double[]> greedy = new ArrayList<>(); // {reduced cost / price, index in greedyPatterns, type}
            List<int[]> greedyPatterns = new ArrayList<>();
            for (int t = 0; t < problem.types().size(); t++) {
                int[] counts = knapsack.greedy(t, pi);
                double reduced = problem.prices()[t] - dot(pi, counts);
                if (reduced < -TOLERANCE * problem.prices()[t]) {
                    greedy.add(new double[] {reduced / problem.prices()[t], greedyPatterns.size(), t});
                    greedyPatterns.add(counts);
                }
            }
            if (!greedy.isEmpty()) {
                greedy.sort(Comparator.comparingDouble((double[] g) -> g[0]).thenComparingDouble(g -> g[2]));
                for (int i = 0; i < Math.min(COLUMNS_PER_ROUND, greedy.size()); i++) {
                    master.add(new Pattern((int) greedy.get(i)[2], greedyPatterns.get((int) greedy.get(i)[1])));
                }
                continue;
            }
            Pricing pricing = price(problem, knapsack, pi, ROUND_NODES);
            if (Double.isFinite(pricing.bound())) {
                bound = Math.max(bound, pricing.bound());
            }
            if (pricing.columns().isEmpty()) {
                break;
            }
            pricing.columns().forEach(master::add);
        }
        // The final duals, priced with the larger budget, give the bound.
        master.optimize();
        Pricing last = price(problem, knapsack, master.duals(), FINAL_NODES);
        if (Double.isFinite(last.bound())) {
            bound = Math.max(bound, last.bound());
        }
        // Guard against rounding in the sums above, and against a numerically broken master (no bound then).
        bound = Double.isFinite(bound) ? bound * (1 - 1e-9) : 0;
        return new Result(problem, bound, master.value(), master.patterns(), master.solution());
    }

    /**
     * Exact pricing of every instance type at duals π.
     *
     * @param columns the best pattern of each type whose value exceeds its price (they improve the master)
     * @param bound Farley's bound: {@code Σ_c π_c·pods_c} over the largest upper bound on a type's pattern value per
     *     its price (at least 1)
     */
    private record Pricing(List<Pattern> columns, double bound) {}

    private static Pricing price(Problem problem, Knapsack knapsack, double[] pi, int nodeBudget) {
        double worstRatio = 1;
        List<Pattern> columns = new ArrayList<>();
        for (int t = 0; t < problem.types().size(); t++) {
            Knapsack.Best best = knapsack.exact(t, pi, nodeBudget);
            double price = problem.prices()[t];
            worstRatio = Math.max(worstRatio, best.upperBound() / price);
            if (price - dot(pi, best.counts()) < -TOLERANCE * price) {
                columns.add(new Pattern(t, best.counts()));
            }
        }
        double dualValue = 0;
        for (int c = 0; c < problem.classes(); c++) {
            dualValue += pi[c] * problem.demand()[c];
        }
        return new Pricing(columns, dualValue / worstRatio);
    }

    private static double dot(double[] pi, int[] counts) {
        double v = 0;
        for (int c = 0; c < counts.length; c++) {
            v += pi[c] * counts[c];
        }
        return v;
    }

    private static double[] vector(Resources r, List<String> dims) {
        double[] v = new double[dims.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.get(dims.get(i));
        }
        return v;
    }

    /**
     * The master LP over the patterns so far: {@code min Σ price_p x_p, Σ_p count_p,c x_p − s_c = pods_c, x, s ≥ 0},
     * by the revised simplex method with an explicit basis inverse (one row per class), refactored periodically.
     * Entering variable by most negative reduced cost; after a run of degenerate pivots, by lowest index (Bland), which
     * cannot cycle.
     */
    private static final class Master {
        private static final double EPS = 1e-10;
        private static final double SINGULAR = 1e-12;
        private static final int REFACTOR_EVERY = 64;
        private static final int DEGENERATE_RUN = 50;
        private static final int MAX_PIVOTS = 20_000;

        private final Problem problem;
        private final int m;
        private final List<Pattern> patterns = new ArrayList<>();
        private final List<Double> costs = new ArrayList<>();
        /** Each pattern's classes with a positive count, and those counts. */
        private final List<int[]> sparseIndex = new ArrayList<>();

        private final List<int[]> sparseCount = new ArrayList<>();
        /** Basic variable per row: a pattern index, or {@code -1 - c} for class c's surplus. */
        private final int[] basis;

        private double[][] inverse;
        private double[] values;
        private int pivots;

        Master(Problem problem) {
            this.problem = problem;
            this.m = problem.classes();
            this.basis = new int[m];
        }

        void add(Pattern p) {
            patterns.add(p);
            costs.add(problem.prices()[p.type()]);
            int nnz = 0;
            for (int k : p.counts()) {
                nnz += k > 0 ? 1 : 0;
            }
            int[] idx = new int[nnz];
            int[] cnt = new int[nnz];
            for (int c = 0, i = 0; c < m; c++) {
                if (p.counts()[c] > 0) {
                    idx[i] = c;
                    cnt[i++] = p.counts()[c];
                }
            }
            sparseIndex.add(idx);
            sparseCount.add(cnt);
        }

        List<Pattern> patterns() {
            return List.copyOf(patterns);
        }

        /** The first m patterns (one per class, diagonal) form the starting basis. */
        void startBasis() {
            for (int c = 0; c < m; c++) {
                basis[c] = c;
            }
            refactor();
        }

        private double[] column(int variable) {
            double[] a = new double[m];
            if (variable < 0) {
                a[-1 - variable] = -1;
            } else {
                int[] counts = patterns.get(variable).counts();
                for (int c = 0; c < m; c++) {
                    a[c] = counts[c];
                }
            }
            return a;
        }

        private double cost(int variable) {
            return variable < 0 ? 0 : costs.get(variable);
        }

        /** Rebuilds the inverse of the basis by Gauss-Jordan elimination with partial pivoting, and the values. */
        private void refactor() {
            double[][] a = new double[m][2 * m];
            for (int j = 0; j < m; j++) {
                double[] col = column(basis[j]);
                for (int i = 0; i < m; i++) {
                    a[i][j] = col[i];
                }
            }
            for (int i = 0; i < m; i++) {
                a[i][m + i] = 1;
            }
            for (int col = 0; col < m; col++) {
                int pivot = col;
                for (int i = col + 1; i < m; i++) {
                    if (Math.abs(a[i][col]) > Math.abs(a[pivot][col])) {
                        pivot = i;
                    }
                }
                double[] tmp = a[col];
                a[col] = a[pivot];
                a[pivot] = tmp;
                double p = a[col][col];
                if (Math.abs(p) < SINGULAR) {
                    // A numerically singular basis: restart from the starting one (diagonal, always regular).
                    for (int c = 0; c < m; c++) {
                        basis[c] = c;
                    }
                    refactor();
                    return;
                }
                for (int k = 0; k < 2 * m; k++) {
                    a[col][k] /= p;
                }
                for (int i = 0; i < m; i++) {
                    if (i != col && a[i][col] != 0) {
                        double f = a[i][col];
                        for (int k = 0; k < 2 * m; k++) {
                            a[i][k] -= f * a[col][k];
                        }
                    }
                }
            }
            inverse = new double[m][m];
            for (int i = 0; i < m; i++) {
                System.arraycopy(a[i], m, inverse[i], 0, m);
            }
            values = new double[m];
            for (int i = 0; i < m; i++) {
                double v = 0;
                for (int c = 0; c < m; c++) {
                    v += inverse[i][c] * problem.demand()[c];
                }
                values[i] = Math.max(0, v);
            }
        }

        /** {@code π = c_B B⁻¹}, clamped at zero (exact duals are non-negative: surplus columns price out). */
        double[] duals() {
            double[] pi = simplexMultipliers();
            for (int c = 0; c < m; c++) {
                pi[c] = Math.max(0, pi[c]);
            }
            return pi;
        }

        /** {@code c_B B⁻¹}, unclamped: the reduced costs of the current basis are priced with these. */
        private double[] simplexMultipliers() {
            double[] pi = new double[m];
            for (int i = 0; i < m; i++) {
                double cb = cost(basis[i]);
                if (cb != 0) {
                    for (int c = 0; c < m; c++) {
                        pi[c] += cb * inverse[i][c];
                    }
                }
            }
            return pi;
        }

        double value() {
            double v = 0;
            for (int i = 0; i < m; i++) {
                v += cost(basis[i]) * values[i];
            }
            return v;
        }

        double[] solution() {
            double[] x = new double[patterns.size()];
            for (int i = 0; i < m; i++) {
                if (basis[i] >= 0) {
                    x[basis[i]] = values[i];
                }
            }
            return x;
        }

        void optimize() {
            int degenerate = 0;
            int steps = 0;
            BitSet blocked = new BitSet();
            boolean[] inBasis = new boolean[patterns.size() + m];
            while (true) {
                Arrays.fill(inBasis, false);
                for (int b : basis) {
                    inBasis[b >= 0 ? b : patterns.size() + (-1 - b)] = true;
                }
                double[] pi = simplexMultipliers();
                boolean bland = degenerate >= DEGENERATE_RUN;
                int entering = Integer.MIN_VALUE;
                for (int c = 0; c < m && entering == Integer.MIN_VALUE; c++) {
                    // A negative dual: the surplus of class c enters (its reduced cost is π_c).
                    if (!inBasis[patterns.size() + c] && !blocked.get(patterns.size() + c) && pi[c] < -1e-9) {
                        entering = -1 - c;
                    }
                }
                double best = -1e-9;
                boolean surplusEnters = entering != Integer.MIN_VALUE;
                for (int j = 0; j < patterns.size() && !surplusEnters; j++) {
                    if (inBasis[j] || blocked.get(j)) {
                        continue;
                    }
                    int[] idx = sparseIndex.get(j);
                    int[] cnt = sparseCount.get(j);
                    double reduced = costs.get(j);
                    for (int i = 0; i < idx.length; i++) {
                        reduced -= pi[idx[i]] * cnt[i];
                    }
                    double scaled = reduced / costs.get(j);
                    if (scaled < best) {
                        best = scaled;
                        entering = j;
                        if (bland) {
                            break;
                        }
                    }
                }
                if (entering == Integer.MIN_VALUE) {
                    return;
                }
                double[] a = column(entering);
                double[] w = new double[m];
                for (int i = 0; i < m; i++) {
                    double v = 0;
                    for (int c = 0; c < m; c++) {
                        v += inverse[i][c] * a[c];
                    }
                    w[i] = v;
                }
                int leaving = -1;
                double ratio = Double.POSITIVE_INFINITY;
                for (int i = 0; i < m; i++) {
                    if (w[i] > EPS) {
                        double r = values[i] / w[i];
                        if (r < ratio - 1e-12 || (r <= ratio + 1e-12 && leaving >= 0 && basis[i] < basis[leaving])) {
                            ratio = r;
                            leaving = i;
                        }
                    }
                }
                if (leaving < 0) {
                    // No ray can lower a non-negative cost: the reduced cost is rounding noise. Skip the variable.
                    blocked.set(entering >= 0 ? entering : patterns.size() + (-1 - entering));
                    continue;
                }
                degenerate = ratio <= 1e-12 ? degenerate + 1 : 0;
                double p = w[leaving];
                for (int c = 0; c < m; c++) {
                    inverse[leaving][c] /= p;
                }
                values[leaving] /= p;
                for (int i = 0; i < m; i++) {
                    if (i != leaving && w[i] != 0) {
                        double f = w[i];
                        for (int c = 0; c < m; c++) {
                            inverse[i][c] -= f * inverse[leaving][c];
                        }
                        values[i] = Math.max(0, values[i] - f * values[leaving]);
                    }
                }
                basis[leaving] = entering;
                if (++pivots % REFACTOR_EVERY == 0) {
                    refactor();
                }
                if (++steps > MAX_PIVOTS) {
                    return; // a safeguard: the duals so far still give a valid (if weaker) bound
                }
            }
        }
    }

    /**
     * The pricing problem: for an instance type and duals π, the pods of most total dual value that fit one node of it
     * (a bounded integer knapsack in every requested resource).
     */
    static final class Knapsack {
        /** Duals at most this (USD per hour per pod) are left out of the search and added to its upper bound. */
        private static final double TINY_DUAL = 1e-12;

        private final Problem problem;

        Knapsack(Problem problem) {
            this.problem = problem;
        }

        /**
         * @param counts the best pattern found
         * @param upperBound at least the most dual value any pattern of the type holds
         */
        record Best(int[] counts, double upperBound) {}

        /** Items of type {@code t} with positive dual, most dual value per largest share of the node first. */
        private int[] items(int t, double[] pi) {
            double[] usable = problem.usable()[t];
            List<Integer> items = new ArrayList<>();
            double[] density = new double[problem.classes()];
            for (int c = 0; c < problem.classes(); c++) {
                if (pi[c] > TINY_DUAL && problem.maxCount(t, c) > 0) {
                    items.add(c);
                    double share = 0;
                    for (int r = 0; r < usable.length; r++) {
                        if (problem.requests()[c][r] > 0) {
                            share = Math.max(share, problem.requests()[c][r] / usable[r]);
                        }
                    }
                    density[c] = pi[c] / Math.max(share, 1e-12);
                }
            }
            items.sort(Comparator.<Integer>comparingDouble(c -> -density[c]).thenComparingInt(c -> c));
            return items.stream().mapToInt(Integer::intValue).toArray();
        }

        /** A greedy pattern: items in density order, each as many as fit. */
        int[] greedy(int t, double[] pi) {
            int[] counts = new int[problem.classes()];
            double[] room = problem.usable()[t].clone();
            for (int c : items(t, pi)) {
                int k = fits(c, room, problem.maxCount(t, c));
                counts[c] = k;
                for (int r = 0; r < room.length; r++) {
                    room[r] -= k * problem.requests()[c][r];
                }
            }
            return counts;
        }

        private int fits(int c, double[] room, int cap) {
            long k = cap;
            for (int r = 0; r < room.length; r++) {
                double q = problem.requests()[c][r];
                if (q > 0) {
                    k = Math.min(k, (long) Math.floor(room[r] / q + 1e-9));
                }
            }
            return (int) Math.max(0, k);
        }

        /**
         * Depth-first branch and bound with a node budget; see {@link Best}. Subtrees that cannot beat the type's price
         * are pruned too: only patterns worth more than the node's price improve the master, and an upper bound below
         * the price does not change Farley's bound.
         */
        Best exact(int t, double[] pi, int nodeBudget) {
            return new Search(t, pi, nodeBudget).run();
        }

        private final class Search {
            final int[] items;
            final double[] pi;
            final int[] caps;
            final int d;
            /** Per dimension, the positions in {@link #items} by dual value per unit of that resource, best first. */
            final int[][] byDensity;

            final int[] counts;
            int[] best;
            double bestValue;
            int nodes;
            boolean aborted;

            /** The type's price: values at most this need no exploring. */
            final double floor;

            /** Nodes this search may visit. */
            final int budget;

            /** The instance type searched. */
            final int type;

            Search(int t, double[] pi, int budget) {
                this.type = t;
                this.budget = budget;
                this.pi = pi;
                this.floor = problem.prices()[t];
                this.items = items(t, pi);
                this.d = problem.usable()[t].length;
                this.caps = new int[items.length];
                for (int i = 0; i < items.length; i++) {
                    caps[i] = problem.maxCount(t, items[i]);
                }
                this.byDensity = new int[d][];
                for (int r = 0; r < d; r++) {
                    int rr = r;
                    byDensity[r] = java.util.stream.IntStream.range(0, items.length)
                            .boxed()
                            .sorted(Comparator.<Integer>comparingDouble(i -> {
                                        double q = problem.requests()[items[i]][rr];
                                        return q > 0 ? -pi[items[i]] / q : Double.NEGATIVE_INFINITY;
                                    })
                                    .thenComparingInt(i -> i))
                            .mapToInt(Integer::intValue)
                            .toArray();
                }
                this.counts = new int[problem.classes()];
                this.best = new int[problem.classes()];
                this.room0 = problem.usable()[t].clone();
            }

            final double[] room0;

            Best run() {
                if (d > 1 && items.length > 0) {
                    chooseLambda();
                }
                double ub = visit(0, room0, 0);
                // Classes left out for a dual too small to matter still count, at most, their whole cap.
                double ignored = 0;
                for (int c = 0; c < problem.classes(); c++) {
                    if (pi[c] > 0 && pi[c] <= TINY_DUAL) {
                        ignored += pi[c] * problem.maxCount(type, c);
                    }
                }
                return new Best(best.clone(), Math.max(ub, bestValue) * (1 + 1e-9) + ignored + 1e-12);
            }

            /** Lagrange multipliers of the resources (per unit), chosen at the root; see {@link #lagrangian}. */
            double[] lambda;

            /**
             * An upper bound on the value addable from items at positions {@code ≥ k} within {@code room}: the least of
             * the fractional knapsack in each dimension alone and of the Lagrangian bound at {@link #lambda}.
             */
            double bound(int k, double[] room) {
                double min = lambda == null ? Double.POSITIVE_INFINITY : lagrangian(k, room, lambda);
                for (int r = 0; r < d; r++) {
                    double left = room[r];
                    double v = 0;
                    // Items free in this resource come first in byDensity; once the room is used up nothing more is
                    // added, and once the value reaches the least so far this resource cannot lower it.
                    for (int i : byDensity[r]) {
                        if (i < k) {
                            continue;
                        }
                        int c = items[i];
                        double q = problem.requests()[c][r];
                        if (q <= 0) {
                            v += caps[i] * pi[c];
                        } else if (left > 0) {
                            double take = Math.min(caps[i], left / q);
                            v += take * pi[c];
                            left -= take * q;
                        } else {
                            break;
                        }
                        if (v >= min) {
                            break;
                        }
                    }
                    min = Math.min(min, v);
                }
                return min;
            }

            /**
             * The Lagrangian bound {@code λ·room + Σ_i cap_i·max(0, π_i − λ·request_i)} over items at positions
             * {@code ≥ k}: for any {@code λ ≥ 0} at least the value of the knapsack's linear relaxation (weak duality),
             * so at least any pattern's value.
             */
            double lagrangian(int k, double[] room, double[] l) {
                double v = 0;
                for (int r = 0; r < d; r++) {
                    v += l[r] * room[r];
                }
                for (int i = k; i < items.length; i++) {
                    int c = items[i];
                    double reduced = pi[c];
                    for (int r = 0; r < d; r++) {
                        reduced -= l[r] * problem.requests()[c][r];
                    }
                    if (reduced > 0) {
                        v += caps[i] * reduced;
                    }
                }
                return v;
            }

            /**
             * Chooses {@link #lambda} by coordinate descent on the Lagrangian at the root: each coordinate moves to the
             * minimum of the (convex, piecewise linear) function along it. Any λ ≥ 0 keeps the bound valid; descent
             * only makes it tighter.
             */
            void chooseLambda() {
                double[] l = new double[d];
                double best = Double.POSITIVE_INFINITY;
                // Start from the best single-resource multiplier: π per unit of the marginal item in that resource.
                for (int r = 0; r < d; r++) {
                    double[] candidate = new double[d];
                    candidate[r] = lineMinimum(candidate, r);
                    double v = lagrangian(0, room0, candidate);
                    if (v < best) {
                        best = v;
                        l = candidate;
                    }
                }
                for (int sweep = 0; sweep < 8; sweep++) {
                    boolean moved = false;
                    for (int r = 0; r < d; r++) {
                        double[] candidate = l.clone();
                        candidate[r] = lineMinimum(l, r);
                        double v = lagrangian(0, room0, candidate);
                        if (v < best - 1e-12 * Math.abs(best)) {
                            best = v;
                            l = candidate;
                            moved = true;
                        }
                    }
                    if (!moved) {
                        break;
                    }
                }
                lambda = l;
            }

            /** The minimiser over {@code λ_r ≥ 0} of the root Lagrangian with the other multipliers fixed. */
            private double lineMinimum(double[] l, int r) {
                // Slope in λ_r: room_r − Σ over items still profitable of cap·request_r; items stop being profitable
                // at their breakpoints (π − Σ_{s≠r} λ_s·request_s) / request_r.
                List<double[]> breaks = new ArrayList<>();
                double slope = room0[r];
                for (int i = 0; i < items.length; i++) {
                    int c = items[i];
                    double q = problem.requests()[c][r];
                    if (q <= 0) {
                        continue;
                    }
                    double b = pi[c];
                    for (int s = 0; s < d; s++) {
                        if (s != r) {
                            b -= l[s] * problem.requests()[c][s];
                        }
                    }
                    if (b > 0) {
                        slope -= caps[i] * q;
                        breaks.add(new double[] {b / q, caps[i] * q});
                    }
                }
                if (slope >= 0) {
                    return 0;
                }
                breaks.sort(Comparator.comparingDouble(x -> x[0]));
                for (double[] b : breaks) {
                    slope += b[1];
                    if (slope >= 0) {
                        return b[0];
                    }
                }
                return breaks.isEmpty() ? 0 : breaks.get(breaks.size() - 1)[0];
            }

            /**
             * Explores the subtree at position k; returns an upper bound on the best value in it counting unexplored
             * parts at their bounds (the exact best when nothing was cut short).
             */
            double visit(int k, double[] room, double value) {
                if (value > bestValue) {
                    bestValue = value;
                    System.arraycopy(counts, 0, best, 0, counts.length);
                }
                if (k == items.length) {
                    return value;
                }
                double ub = value + bound(k, room);
                if (ub <= Math.max(bestValue, floor) * (1 + 1e-12)) {
                    return ub;
                }
                if (aborted || ++nodes > budget) {
                    aborted = true;
                    return ub;
                }
                int c = items[k];
                int max = fits(c, room, caps[k]);
                double open = value;
                for (int q = max; q >= 0; q--) {
                    double[] next = room.clone();
                    for (int r = 0; r < d; r++) {
                        next[r] -= q * problem.requests()[c][r];
                    }
                    counts[c] = q;
                    double child = visit(k + 1, next, value + q * pi[c]);
                    open = Math.max(open, child);
                }
                counts[c] = 0;
                return Math.min(ub, Math.max(open, bestValue));
            }
        }
    }
}
