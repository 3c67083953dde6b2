package dev.fleetwright.core.scheduling;

import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.cloudprovider.InstanceType;
import dev.fleetwright.core.cloudprovider.Offering;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.DoubleUnaryOperator;

/**
 * Lower bounds on the cost per hour of any plan that places a given set of pods on new nodes of one NodePool. Two valid
 * bounds are computed and the larger is reported:
 *
 * <ul>
 *   <li><b>Fractional</b>: the cheapest mix of fractional nodes whose usable capacity (allocatable less DaemonSet
 *       overhead) covers the total demand of every resource, solved exactly with {@link LinearProgram}. Pods are
 *       treated as divisible, so it is weak when pods are large relative to nodes.
 *   <li><b>Indivisible</b>: for weights θ ≥ 0 over the requested resources with Σθ = 1, every pod costs at least
 *       {@code min over instance types t that can hold it of price(t) · Σ_r θ_r · request_r / usable_r(t)}; on any
 *       node the pods' terms sum to at most the node's price, so their sum over all pods bounds every plan. θ is
 *       chosen by a grid search over the simplex refined by coordinate steps. A type can hold a pod when the pod's
 *       requests plus DaemonSet overhead fit its allocatable, its labels meet the pod's and NodePool's requirements,
 *       and it has a compatible available offering (whose cheapest price is used).
 * </ul>
 *
 * <p>Both ignore topology and pod (anti-)affinity, which only raise the true optimum, so they stay valid.
 */
public final class CostLowerBound {

    /** Grid resolution of the θ search (steps of 1/GRID on each weight). */
    private static final int GRID = 10;

    private CostLowerBound() {}

    /**
     * The largest of the fractional, indivisible and pattern bounds for pods on one NodePool.
     *
     * @param template the NodePool template (its instance types and requirements)
     * @param daemonOverhead DaemonSet requests on each of its nodes
     * @param pods the pods placed on its new NodeClaims
     * @return the bound in USD per hour; empty when some pod fits no instance type
     */
    public static OptionalDouble of(NodeClaimTemplate template, Resources daemonOverhead, List<Pod> pods) {
        return of(template, daemonOverhead, pods, pattern(template, daemonOverhead, pods));
    }

    /**
     * {@link #of(NodeClaimTemplate, Resources, List)} with the pattern bound already known (the {@link Planner} solves
     * the pattern LP once for its plan and its bound).
     */
    static OptionalDouble of(
            NodeClaimTemplate template, Resources daemonOverhead, List<Pod> pods, OptionalDouble pattern) {
        Resources demand = Resources.NONE;
        for (Pod p : pods) {
            demand = demand.plus(Scheduler.podRequests(p));
        }
        OptionalDouble fractional = fractional(template, daemonOverhead, demand);
        OptionalDouble indivisible = indivisible(template, daemonOverhead, pods);
        if (fractional.isEmpty() || indivisible.isEmpty() || pattern.isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(
                Math.max(Math.max(fractional.getAsDouble(), indivisible.getAsDouble()), pattern.getAsDouble()));
    }

    /**
     * The pattern bound: the optimum of the pattern linear program, where each column is one node of an instance type
     * with a set of whole pods that fit on it together, solved by column generation ({@link PatternLp}). It accounts
     * for pods being indivisible and for every resource at once, so it is never weaker than the fractional bound when
     * solved to optimality; when the iteration budget runs out, Farley's bound from the last duals keeps it valid.
     *
     * @param template the NodePool template
     * @param daemonOverhead DaemonSet requests on each of its nodes
     * @param pods the pods placed on its new NodeClaims
     * @return the bound in USD per hour (0 for no pods); empty when some pod fits no instance type
     */
    public static OptionalDouble pattern(NodeClaimTemplate template, Resources daemonOverhead, List<Pod> pods) {
        if (pods.isEmpty()) {
            return OptionalDouble.of(0);
        }
        return PatternLp.solve(template, daemonOverhead, pods)
                .map(r -> OptionalDouble.of(r.bound()))
                .orElse(OptionalDouble.empty());
    }

    /**
     * The fractional bound: {@code min Σ price_t·x_t} such that, for every requested resource r, {@code Σ usable_t[r]·x_t
     * ≥ demand[r]}, with each type at its cheapest available offering the NodePool allows.
     *
     * @param template the NodePool template
     * @param daemonOverhead DaemonSet requests on each of its nodes
     * @param demand the pods' total requests, with the pods count
     * @return the bound in USD per hour, or empty if some demanded resource is offered by no instance type
     */
    public static OptionalDouble fractional(NodeClaimTemplate template, Resources daemonOverhead, Resources demand) {
        return relaxation(template, daemonOverhead, demand)
                .map(solution -> OptionalDouble.of(solution.value()))
                .orElse(OptionalDouble.empty());
    }

    /**
     * The optimum of the fractional relaxation; its columns are the template's instance types, in order.
     *
     * @param template the NodePool template
     * @param daemonOverhead DaemonSet requests on each of its nodes
     * @param demand total requests
     * @return the optimum, or empty when infeasible
     */
    static Optional<LinearProgram.Solution> relaxation(
            NodeClaimTemplate template, Resources daemonOverhead, Resources demand) {
        List<String> dims = dimensions(demand);
        List<InstanceType> types = template.instanceTypes();
        double[] cost = new double[types.size()];
        double[][] a = new double[dims.size()][types.size()];
        for (int j = 0; j < types.size(); j++) {
            InstanceType it = types.get(j);
            Optional<Offering> offering = it.cheapestCompatibleAvailableOffering(template.requirements());
            Resources usable = it.allocatable().minus(daemonOverhead);
            for (int i = 0; i < dims.size(); i++) {
                a[i][j] = offering.isPresent() ? Math.max(0, usable.get(dims.get(i))) : 0;
            }
            cost[j] = offering.map(Offering::pricePerHourUsd).orElse(0.0);
        }
        double[] b = new double[dims.size()];
        for (int i = 0; i < dims.size(); i++) {
            b[i] = demand.get(dims.get(i));
        }
        return LinearProgram.minimizeCover(cost, a, b);
    }

    /**
     * The indivisible bound (see the class description).
     *
     * @param template the NodePool template
     * @param daemonOverhead DaemonSet requests on each of its nodes
     * @param pods the pods
     * @return the bound in USD per hour; empty when some pod fits no instance type
     */
    public static OptionalDouble indivisible(NodeClaimTemplate template, Resources daemonOverhead, List<Pod> pods) {
        return indivisibleSolution(template, daemonOverhead, pods)
                .map(s -> OptionalDouble.of(s.value()))
                .orElse(OptionalDouble.empty());
    }

    /**
     * The indivisible bound with the instance types that attain it: at the best θ, the cheapest type for each pod
     * class, and how many pods chose it. These are the cost-efficient shapes for this workload; the {@link Planner}
     * tries plans that prefer them.
     *
     * @param value the bound in USD per hour
     * @param efficientTypes instance type name to the number of pods whose cheapest type it is, most pods first
     * @param efficientTypeByPod each pod's ({@code namespace/name}) cheapest type
     */
    public record Indivisible(
            double value, Map<String, Integer> efficientTypes, Map<String, String> efficientTypeByPod) {
        /** Copies the maps, keeping the order of {@code efficientTypes}. */
        public Indivisible {
            efficientTypes = Collections.unmodifiableMap(new LinkedHashMap<>(efficientTypes));
            efficientTypeByPod = Map.copyOf(efficientTypeByPod);
        }
    }

    /**
     * The indivisible bound and the types that attain it (see {@link Indivisible}).
     *
     * @param template the NodePool template
     * @param daemonOverhead DaemonSet requests on each of its nodes
     * @param pods the pods
     * @return the solution; empty when some pod fits no instance type
     */
    public static Optional<Indivisible> indivisibleSolution(
            NodeClaimTemplate template, Resources daemonOverhead, List<Pod> pods) {
        if (pods.isEmpty()) {
            return Optional.of(new Indivisible(0, Map.of(), Map.of()));
        }
        Map<ClassKey, Integer> classes = new LinkedHashMap<>();
        Map<ClassKey, List<String>> podsOfClass = new LinkedHashMap<>();
        Resources demand = Resources.NONE;
        for (Pod p : pods) {
            ClassKey key = ClassKey.of(p);
            demand = demand.plus(key.requests());
            classes.merge(key, 1, Integer::sum);
            podsOfClass.computeIfAbsent(key, k -> new ArrayList<>()).add(p.key());
        }
        List<String> dims = dimensions(demand);
        int d = dims.size();
        List<InstanceType> types = template.instanceTypes();
        // For each class: the (price, usable) of every type that can hold it.
        List<double[]> classRequests = new ArrayList<>();
        List<double[][]> classOptions = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (Map.Entry<ClassKey, Integer> e : classes.entrySet()) {
            Resources requests = e.getKey().requests();
            List<double[]> options = new ArrayList<>();
            for (Eligible el : eligible(template, daemonOverhead, e.getKey())) {
                Resources usable = el.type().allocatable().minus(daemonOverhead);
                double[] option = new double[d + 2];
                option[0] = el.offering().pricePerHourUsd();
                option[d + 1] = el.index();
                for (int r = 0; r < d; r++) {
                    option[r + 1] = usable.get(dims.get(r));
                }
                options.add(option);
            }
            if (options.isEmpty()) {
                return Optional.empty();
            }
            double[] req = new double[d];
            for (int r = 0; r < d; r++) {
                req[r] = requests.get(dims.get(r));
            }
            classRequests.add(req);
            classOptions.add(options.toArray(new double[0][]));
            counts.add(e.getValue());
        }
        Evaluator evaluator = new Evaluator(classRequests, classOptions, counts, d, x -> x);
        double best = 0;
        double[] bestTheta = null;
        for (double[] theta : simplexGrid(d, GRID)) {
            double v = evaluator.value(theta);
            if (v > best) {
                best = v;
                bestTheta = theta;
            }
        }
        if (bestTheta == null) {
            return Optional.of(new Indivisible(0, Map.of(), Map.of()));
        }
        Search search = refine(evaluator, bestTheta, best);
        // Dual feasible functions tighten the bound for pods that take a large share of a node.
        for (DoubleUnaryOperator dff : DUAL_FEASIBLE_FUNCTIONS) {
            Evaluator e = evaluator.with(dff);
            Search candidate = refine(e, search.theta(), e.value(search.theta()));
            if (candidate.value() > search.value() + 1e-9) {
                search = candidate;
                evaluator = e;
            }
        }
        best = search.value();
        bestTheta = search.theta();
        Map<String, Integer> efficient = new LinkedHashMap<>();
        Map<String, String> byPod = new HashMap<>();
        List<List<String>> classPods = new ArrayList<>(podsOfClass.values());
        for (int c = 0; c < classRequests.size(); c++) {
            double[] o = evaluator.argmin(c, bestTheta);
            String type = types.get((int) o[d + 1]).name();
            efficient.merge(type, counts.get(c), Integer::sum);
            for (String pod : classPods.get(c)) {
                byPod.put(pod, type);
            }
        }
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(efficient.entrySet());
        sorted.sort((x, y) -> y.getValue() - x.getValue());
        Map<String, Integer> ordered = new LinkedHashMap<>();
        sorted.forEach(e -> ordered.put(e.getKey(), e.getValue()));
        return Optional.of(new Indivisible(best, ordered, byPod));
    }

    private record Search(double[] theta, double value) {}

    /** Coordinate refinement: moves weight between pairs of dimensions in shrinking steps while the value rises. */
    private static Search refine(Evaluator evaluator, double[] start, double startValue) {
        double[] bestTheta = start.clone();
        double best = startValue;
        int d = bestTheta.length;
        for (double step = 1.0 / GRID / 2; step > 1e-4; step /= 2) {
            boolean improved = true;
            while (improved) {
                improved = false;
                for (int i = 0; i < d; i++) {
                    for (int j = 0; j < d; j++) {
                        if (i == j || bestTheta[j] < step) {
                            continue;
                        }
                        double[] t = bestTheta.clone();
                        t[i] += step;
                        t[j] -= step;
                        double v = evaluator.value(t);
                        if (v > best + 1e-12) {
                            best = v;
                            bestTheta = t;
                            improved = true;
                        }
                    }
                }
            }
        }
        return new Search(bestTheta, best);
    }

    /**
     * Dual feasible functions f on [0, 1]: whenever sizes x_i sum to at most 1, the f(x_i) sum to at most 1, so a pod
     * whose share of a node's usable resource r is x may be charged f(x) of the node instead of x. Two families from
     * the bin-packing literature: the threshold function (x > 1 − ε → 1, x < ε → 0, otherwise x) and Fekete and
     * Schepers' {@code u_k} (x if (k + 1)x is an integer, else ⌊(k + 1)x⌋ / k), S. P. Fekete, J. Schepers, "New classes
     * of fast lower bounds for bin packing problems", Math. Program. 91 (2001).
     */
    static final List<DoubleUnaryOperator> DUAL_FEASIBLE_FUNCTIONS = dualFeasibleFunctions();

    private static List<DoubleUnaryOperator> dualFeasibleFunctions() {
        List<DoubleUnaryOperator> functions = new ArrayList<>();
        for (double eps : new double[] {0.1, 0.2, 0.25, 0.3, 1.0 / 3, 0.4, 0.45, 0.5}) {
            functions.add(x -> x > 1 - eps + 1e-12 ? 1 : x < eps - 1e-12 ? 0 : x);
        }
        for (int k = 1; k <= 4; k++) {
            int kk = k;
            functions.add(x -> {
                double scaled = (kk + 1) * x;
                double rounded = Math.rint(scaled);
                return Math.abs(scaled - rounded) < 1e-9 ? x : Math.floor(scaled) / kk;
            });
        }
        return List.copyOf(functions);
    }

    /** Pods with the same requests and strict node requirements fit the same types at the same prices. */
    /** A pod class: the scheduler's requests of a pod and its strict node requirements. */
    record ClassKey(Resources requests, Requirements requirements) {
        /** The class of {@code pod}. */
        static ClassKey of(Pod pod) {
            // With several required node-affinity terms the scheduler may move to a later term (the terms are ORed),
            // so only the nodeSelector is certain: a bound must not narrow such a pod to its first term.
            Requirements requirements =
                    pod.spec().affinity().requiredNodeTerms().size() > 1
                            ? Requirements.fromLabels(pod.spec().nodeSelector())
                            : PodConstraints.of(pod).strictRequirements();
            return new ClassKey(Scheduler.podRequests(pod), requirements);
        }
    }

    /**
     * An instance type that can hold one pod of a class.
     *
     * @param index the type's index in the template's instance types
     * @param type the instance type
     * @param offering its cheapest available offering that the class's and the NodePool's requirements allow
     */
    record Eligible(int index, InstanceType type, Offering offering) {}

    /**
     * The instance types of {@code template} that can hold one pod of {@code podClass}: its requests plus DaemonSet
     * overhead fit the allocatable, the labels meet the pod's and the NodePool's requirements, and a compatible
     * offering is available. In the template's order.
     */
    static List<Eligible> eligible(NodeClaimTemplate template, Resources daemonOverhead, ClassKey podClass) {
        Requirements requirements = template.requirements().and(podClass.requirements());
        Resources needed = podClass.requests().plus(daemonOverhead);
        List<InstanceType> types = template.instanceTypes();
        List<Eligible> out = new ArrayList<>();
        for (int j = 0; j < types.size(); j++) {
            InstanceType it = types.get(j);
            if (!needed.fitsIn(it.allocatable()) || !it.requirements().intersects(requirements)) {
                continue;
            }
            Optional<Offering> offering = it.cheapestCompatibleAvailableOffering(requirements);
            if (offering.isPresent()) {
                out.add(new Eligible(j, it, offering.get()));
            }
        }
        return out;
    }

    /** Evaluates Σ_c n_c · min_t price_t · Σ_r θ_r · req_c,r / usable_t,r. */
    private record Evaluator(
            List<double[]> requests, List<double[][]> options, List<Integer> counts, int d, DoubleUnaryOperator dff) {

        Evaluator with(DoubleUnaryOperator other) {
            return new Evaluator(requests, options, counts, d, other);
        }

        double value(double[] theta) {
            double total = 0;
            for (int c = 0; c < requests.size(); c++) {
                total += counts.get(c) * cost(c, argmin(c, theta), theta);
            }
            return total;
        }

        /** The option (type) with the lowest cost share for class {@code c}. */
        double[] argmin(int c, double[] theta) {
            double min = Double.POSITIVE_INFINITY;
            double[] best = null;
            for (double[] o : options.get(c)) {
                double cost = cost(c, o, theta);
                if (cost < min) {
                    min = cost;
                    best = o;
                }
            }
            return best;
        }

        private double cost(int c, double[] o, double[] theta) {
            double[] req = requests.get(c);
            double share = 0;
            for (int r = 0; r < d; r++) {
                if (theta[r] > 0 && req[r] > 0) {
                    share += theta[r] * dff.applyAsDouble(Math.min(1.0, req[r] / o[r + 1]));
                }
            }
            return o[0] * share;
        }
    }

    /** Every θ on the simplex with coordinates in steps of 1/n. */
    private static List<double[]> simplexGrid(int d, int n) {
        List<double[]> out = new ArrayList<>();
        fill(new int[d], 0, n, n, out);
        return out;
    }

    private static void fill(int[] parts, int index, int remaining, int n, List<double[]> out) {
        if (index == parts.length - 1) {
            parts[index] = remaining;
            double[] theta = new double[parts.length];
            for (int i = 0; i < parts.length; i++) {
                theta[i] = (double) parts[i] / n;
            }
            out.add(theta);
            return;
        }
        for (int k = 0; k <= remaining; k++) {
            parts[index] = k;
            fill(parts, index + 1, remaining - k, n, out);
        }
    }

    /** The resources {@code demand} asks for (positive amounts), in the order of {@link Resources#toQuantities}. */
    static List<String> dimensions(Resources demand) {
        List<String> dims = new ArrayList<>(demand.toQuantities().keySet());
        dims.removeIf(name -> demand.get(name) <= 0);
        return dims;
    }
}
