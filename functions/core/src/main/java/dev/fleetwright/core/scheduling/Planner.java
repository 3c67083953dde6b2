package dev.fleetwright.core.scheduling;

import dev.fleetwright.core.api.corev1.DaemonSet;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.Quantity;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.cloudprovider.InstanceType;
import dev.fleetwright.core.cloudprovider.Offering;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeSet;

/**
 * Chooses the plan to launch: runs the {@link Scheduler} with Karpenter's options and with a few deterministic
 * variants (first-fit order, node-size caps suggested by the cost lower bound), and keeps the cheapest plan among those
 * that place the most pods. Karpenter's own plan is always a candidate, so the result never places fewer pods and never
 * costs more than Karpenter's rule would (at the prices known here).
 *
 * <p>Next to the plan it reports a lower bound on the cost of any plan that puts the same pods on the same NodePools:
 * per NodePool, the fractional relaxation over every requested resource ({@link #lowerBound}).
 */
public final class Planner {

    /** Largest number of node-size caps tried. */
    private static final int MAX_CAPS = 4;

    /**
     * The chosen plan and how it was found.
     *
     * @param result the scheduling result of the chosen strategy
     * @param strategy the chosen strategy, for example {@code karpenter} or {@code first-fit, nodes <= 16 vCPU}
     * @param costPerHourUsd the expected cost of the new NodeClaims in USD per hour
     * @param lowerBoundPerHourUsd a lower bound on that cost for the same pods per NodePool, in USD per hour; empty
     *     when some NodePool's pods need a resource no instance type offers
     * @param candidates every strategy tried, in order
     */
    public record Plan(
            SchedulingResult result,
            String strategy,
            double costPerHourUsd,
            OptionalDouble lowerBoundPerHourUsd,
            List<Candidate> candidates) {

        /** Copies the candidates. */
        public Plan {
            Objects.requireNonNull(result, "result");
            candidates = List.copyOf(candidates);
        }
    }

    /**
     * One strategy's outcome.
     *
     * @param strategy the strategy
     * @param podsScheduled pods it placed
     * @param costPerHourUsd the cost of its new NodeClaims in USD per hour
     * @param nodeClaims how many NodeClaims it creates
     */
    public record Candidate(String strategy, int podsScheduled, double costPerHourUsd, int nodeClaims) {}

    private final List<NodeClaimTemplate> templates;
    private final List<ExistingNode> existingNodes;
    private final List<DaemonSet> daemonSets;
    private final Map<String, Map<String, String>> namespaceLabels;
    private final boolean optimize;

    /**
     * @param templates NodePool templates
     * @param existingNodes existing nodes and in-flight NodeClaims
     * @param daemonSets DaemonSets
     * @param namespaceLabels namespace labels
     * @param optimize whether to try variants beyond Karpenter's rule
     */
    public Planner(
            List<NodeClaimTemplate> templates,
            List<ExistingNode> existingNodes,
            List<DaemonSet> daemonSets,
            Map<String, Map<String, String>> namespaceLabels,
            boolean optimize) {
        this.templates = List.copyOf(templates);
        this.existingNodes = List.copyOf(existingNodes);
        this.daemonSets = List.copyOf(daemonSets);
        this.namespaceLabels = Map.copyOf(namespaceLabels);
        this.optimize = optimize;
    }

    /** Receives progress while planning: called after each strategy's solve. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param candidate the strategy just solved
         * @param done strategies solved so far
         * @param total strategies to solve (known after the first)
         */
        void solved(Candidate candidate, int done, int total);
    }

    /**
     * Plans capacity for the pods.
     *
     * @param pods pending pods
     * @return the chosen plan with its cost, lower bound and the candidates tried
     */
    public Plan plan(List<Pod> pods) {
        return plan(pods, (candidate, done, total) -> {});
    }

    /**
     * Plans capacity for the pods, reporting progress.
     *
     * @param pods pending pods
     * @param listener told after each strategy
     * @return the chosen plan with its cost, lower bound and the candidates tried
     */
    public Plan plan(List<Pod> pods, Listener listener) {
        List<Candidate> candidates = new ArrayList<>();
        Scheduler karpenter = scheduler(Scheduler.Options.KARPENTER);
        SchedulingResult best = karpenter.solve(pods);
        String bestStrategy = "karpenter";
        candidates.add(candidate(bestStrategy, best));
        List<Scheduler.Options> variants = new ArrayList<>();
        if (optimize && !best.newNodeClaims().isEmpty()) {
            variants.add(new Scheduler.Options(Scheduler.ClaimOrder.CREATION_ORDER, 0));
            for (long cap : caps(karpenter, best)) {
                variants.add(new Scheduler.Options(Scheduler.ClaimOrder.FEWEST_PODS_FIRST, cap));
                variants.add(new Scheduler.Options(Scheduler.ClaimOrder.CREATION_ORDER, cap));
            }
        }
        int total = 1 + variants.size();
        listener.solved(candidates.get(0), 1, total);
        for (Scheduler.Options o : variants) {
            SchedulingResult r = scheduler(o).solve(pods);
            String name = describe(o);
            Candidate c = candidate(name, r);
            candidates.add(c);
            listener.solved(c, candidates.size(), total);
            if (isBetter(r, best)) {
                best = r;
                bestStrategy = name;
            }
        }
        return new Plan(best, bestStrategy, best.newCostPerHourUsd(), lowerBound(karpenter, best), candidates);
    }

    /**
     * The fractional lower bound of a result: for each NodePool, the cheapest mix of fractional nodes whose
     * allocatable (less DaemonSet overhead) covers every resource its new NodeClaims' pods request, priced at each
     * instance type's cheapest available offering the NodePool allows. Solved exactly with {@link LinearProgram}.
     *
     * @param scheduler the scheduler whose templates and DaemonSets apply
     * @param result the result whose new NodeClaims are bounded
     * @return the bound in USD per hour, or empty when some demand cannot be covered at all
     */
    public static OptionalDouble lowerBound(Scheduler scheduler, SchedulingResult result) {
        double total = 0;
        for (Map.Entry<NodeClaimTemplate, Resources> e :
                demandByTemplate(result).entrySet()) {
            OptionalDouble bound = lowerBound(e.getKey(), scheduler.daemonSetOverhead(e.getKey()), e.getValue());
            if (bound.isEmpty()) {
                return OptionalDouble.empty();
            }
            total += bound.getAsDouble();
        }
        return OptionalDouble.of(total);
    }

    /**
     * The fractional lower bound for one NodePool: {@code min Σ price_t·x_t} such that, for every resource r with
     * demand, {@code Σ (allocatable_t[r] − overhead[r])·x_t ≥ demand[r]}.
     *
     * @param template the NodePool template
     * @param daemonOverhead DaemonSet requests on each of its nodes
     * @param demand the pods' total requests, with the pods count
     * @return the bound in USD per hour, or empty if some demanded resource is offered by no instance type
     */
    public static OptionalDouble lowerBound(NodeClaimTemplate template, Resources daemonOverhead, Resources demand) {
        return relaxation(template, daemonOverhead, demand)
                .map(solution -> OptionalDouble.of(solution.value()))
                .orElse(OptionalDouble.empty());
    }

    /** The fractional covering LP of one NodePool; columns are the template's instance types, in order. */
    private static Optional<LinearProgram.Solution> relaxation(
            NodeClaimTemplate template, Resources daemonOverhead, Resources demand) {
        List<String> dims = new ArrayList<>(demand.toQuantities().keySet());
        dims.removeIf(name -> demand.get(name) <= 0);
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

    private Scheduler scheduler(Scheduler.Options options) {
        return new Scheduler(templates, existingNodes, daemonSets, namespaceLabels, options);
    }

    /**
     * Node-size caps to try: the allocatable CPU of the instance types the lower bound's optimum uses, for each
     * NodePool with new NodeClaims, largest first.
     */
    private static List<Long> caps(Scheduler scheduler, SchedulingResult result) {
        TreeSet<Long> caps = new TreeSet<>(Comparator.reverseOrder());
        for (Map.Entry<NodeClaimTemplate, Resources> e :
                demandByTemplate(result).entrySet()) {
            NodeClaimTemplate t = e.getKey();
            relaxation(t, scheduler.daemonSetOverhead(t), e.getValue()).ifPresent(solution -> {
                for (int j = 0; j < t.instanceTypes().size(); j++) {
                    if (solution.x()[j] > 1e-9) {
                        caps.add(t.instanceTypes().get(j).allocatable().cpuMillis());
                    }
                }
            });
        }
        return caps.stream().limit(MAX_CAPS).toList();
    }

    private static Map<NodeClaimTemplate, Resources> demandByTemplate(SchedulingResult result) {
        Map<NodeClaimTemplate, Resources> demand = new LinkedHashMap<>();
        for (PlannedNodeClaim c : result.newNodeClaims()) {
            demand.merge(c.template(), c.podRequests(), Resources::plus);
        }
        return demand;
    }

    private static boolean isBetter(SchedulingResult candidate, SchedulingResult best) {
        if (candidate.podsScheduled() != best.podsScheduled()) {
            return candidate.podsScheduled() > best.podsScheduled();
        }
        return candidate.newCostPerHourUsd() < best.newCostPerHourUsd() - 1e-9;
    }

    private static Candidate candidate(String strategy, SchedulingResult r) {
        return new Candidate(
                strategy,
                r.podsScheduled(),
                r.newCostPerHourUsd(),
                r.newNodeClaims().size());
    }

    private static String describe(Scheduler.Options o) {
        String order = o.claimOrder() == Scheduler.ClaimOrder.FEWEST_PODS_FIRST ? "karpenter order" : "first-fit";
        return o.preferredMaxCpuMillis() == 0
                ? order
                : order + ", nodes <= " + Quantity.formatMillis(o.preferredMaxCpuMillis())
                        + " CPU allocatable preferred";
    }
}
