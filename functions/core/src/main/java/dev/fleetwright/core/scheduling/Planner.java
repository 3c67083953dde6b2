package dev.fleetwright.core.scheduling;

import dev.fleetwright.core.api.corev1.DaemonSet;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.Quantity;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.cloudprovider.InstanceType;
import dev.fleetwright.core.cloudprovider.InstanceTypes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;

/**
 * Chooses the plan to launch: runs the {@link Scheduler} with Karpenter's options and with a few deterministic
 * variants (first-fit order, node-size caps suggested by the cost lower bound, the cost-efficient instance types of the
 * lower bound, and each pod's instance type from packing whole nodes with {@link NodePacking}), and keeps the cheapest
 * plan among those that place the most pods. Karpenter's own plan is always a candidate, so the result never places fewer pods and never
 * costs more than Karpenter's rule would (at the prices known here).
 *
 * <p>Next to the plan it reports a lower bound on the cost of any plan that puts the same pods on the same NodePools:
 * per NodePool, the largest of the fractional, indivisible-pod and pattern bounds ({@link #lowerBound}, {@link CostLowerBound}).
 */
public final class Planner {

    /** Largest number of node-size caps tried. */
    private static final int MAX_CAPS = 6;

    /** Largest number of single-type strategies tried (the most used efficient types). */
    private static final int MAX_SINGLE_TYPES = 3;

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
        Map<String, String> packed = Map.of();
        Map<String, Integer> roundedGroups = Map.of();
        Map<NodeClaimTemplate, PatternLp.Result> lps = Map.of();
        if (optimize && !best.newNodeClaims().isEmpty()) {
            variants.add(new Scheduler.Options(Scheduler.ClaimOrder.CREATION_ORDER, 0));
            for (long cap : caps(karpenter, best)) {
                variants.add(new Scheduler.Options(Scheduler.ClaimOrder.FEWEST_PODS_FIRST, cap));
                variants.add(new Scheduler.Options(Scheduler.ClaimOrder.CREATION_ORDER, cap));
            }
            List<CostLowerBound.Indivisible> solutions = efficientSolutions(karpenter, best);
            Map<String, String> byPod = efficientTypeByPod(solutions);
            if (!byPod.isEmpty()) {
                for (Scheduler.ClaimOrder order : Scheduler.ClaimOrder.values()) {
                    variants.add(new Scheduler.Options(order, 0, Set.of(), byPod));
                }
            }
            lps = patternLps(karpenter, best);
            NodePacking.Nodes rounded = roundedNodes(karpenter, lps);
            if (!rounded.nodeByPod().isEmpty()) {
                roundedGroups = rounded.nodeByPod();
                variants.add(new Scheduler.Options(
                        Scheduler.ClaimOrder.CREATION_ORDER, 0, Set.of(), rounded.typeByPod(), roundedGroups));
            }
            NodePacking.Nodes packedNodes = packedNodes(karpenter, best);
            packed = packedNodes.typeByPod();
            if (!packed.isEmpty()) {
                variants.add(new Scheduler.Options(
                        Scheduler.ClaimOrder.CREATION_ORDER, 0, Set.of(), packed, packedNodes.nodeByPod()));
                for (Scheduler.ClaimOrder order : Scheduler.ClaimOrder.values()) {
                    variants.add(new Scheduler.Options(order, 0, Set.of(), packed));
                }
                variants.add(
                        new Scheduler.Options(Scheduler.ClaimOrder.CREATION_ORDER, 0, Set.copyOf(packed.values())));
            }
            List<String> efficient = efficientTypes(solutions);
            if (!efficient.isEmpty()) {
                for (Scheduler.ClaimOrder order : Scheduler.ClaimOrder.values()) {
                    variants.add(new Scheduler.Options(order, 0, Set.copyOf(efficient)));
                }
                for (String type : efficient.subList(0, Math.min(MAX_SINGLE_TYPES, efficient.size()))) {
                    variants.add(new Scheduler.Options(Scheduler.ClaimOrder.CREATION_ORDER, 0, Set.of(type)));
                }
            }
        }
        variants = distinctAndEffective(variants, best);
        int total = 1 + variants.size();
        listener.solved(candidates.get(0), 1, total);
        for (Scheduler.Options o : variants) {
            SchedulingResult r = scheduler(o).solve(pods);
            String name = describe(o, packed, roundedGroups);
            Candidate c = candidate(name, r);
            candidates.add(c);
            listener.solved(c, candidates.size(), total);
            if (isBetter(r, best)) {
                best = r;
                bestStrategy = name;
            }
        }
        OptionalDouble bound = lowerBound(karpenter, best, lps);
        return new Plan(best, bestStrategy, best.newCostPerHourUsd(), bound, candidates);
    }

    /**
     * A lower bound on the cost of the result's new NodeClaims for the same pods per NodePool: per NodePool, the largest
     * of the fractional, indivisible-pod and pattern bounds ({@link CostLowerBound#of}), summed.
     *
     * @param scheduler the scheduler whose templates and DaemonSets apply
     * @param result the result whose new NodeClaims are bounded
     * @return the bound in USD per hour, or empty when some pod fits no instance type
     */
    public static OptionalDouble lowerBound(Scheduler scheduler, SchedulingResult result) {
        return lowerBound(scheduler, result, Map.of());
    }

    /**
     * {@link #lowerBound(Scheduler, SchedulingResult)} reusing pattern LPs already solved for the same NodePools and
     * pods; NodePools without one solve it here.
     */
    private static OptionalDouble lowerBound(
            Scheduler scheduler, SchedulingResult result, Map<NodeClaimTemplate, PatternLp.Result> lps) {
        double total = 0;
        for (Map.Entry<NodeClaimTemplate, List<Pod>> e : podsByTemplate(result).entrySet()) {
            NodeClaimTemplate t = e.getKey();
            Resources overhead = scheduler.daemonSetOverhead(t);
            PatternLp.Result lp = lps.get(t);
            OptionalDouble pattern = lp != null && samePods(lp, e.getValue())
                    ? OptionalDouble.of(lp.bound())
                    : CostLowerBound.pattern(t, overhead, e.getValue());
            OptionalDouble bound = CostLowerBound.of(t, overhead, e.getValue(), pattern);
            if (bound.isEmpty()) {
                return OptionalDouble.empty();
            }
            total += bound.getAsDouble();
        }
        return OptionalDouble.of(total);
    }

    /** Whether the LP was solved for exactly these pods. */
    private static boolean samePods(PatternLp.Result lp, List<Pod> pods) {
        Set<String> solved = new HashSet<>();
        lp.problem().podsOfClass().forEach(c -> c.forEach(p -> solved.add(p.key())));
        Set<String> keys = new HashSet<>();
        pods.forEach(p -> keys.add(p.key()));
        return solved.equals(keys);
    }

    /** The pattern LP of each NodePool's pods in the result ({@link PatternLp}), for NodePools where it solves. */
    private static Map<NodeClaimTemplate, PatternLp.Result> patternLps(Scheduler scheduler, SchedulingResult result) {
        Map<NodeClaimTemplate, PatternLp.Result> lps = new LinkedHashMap<>();
        for (Map.Entry<NodeClaimTemplate, List<Pod>> e : podsByTemplate(result).entrySet()) {
            PatternLp.solve(e.getKey(), scheduler.daemonSetOverhead(e.getKey()), e.getValue())
                    .ifPresent(lp -> lps.put(e.getKey(), lp));
        }
        return lps;
    }

    /** Whole nodes from rounding each NodePool's pattern LP ({@link NodePacking#rounded}); node numbers unique. */
    private static NodePacking.Nodes roundedNodes(Scheduler scheduler, Map<NodeClaimTemplate, PatternLp.Result> lps) {
        NodePacking.Nodes nodes = NodePacking.Nodes.NONE;
        for (Map.Entry<NodeClaimTemplate, PatternLp.Result> e : lps.entrySet()) {
            nodes = nodes.plus(NodePacking.rounded(e.getValue(), e.getKey(), scheduler.daemonSetOverhead(e.getKey())));
        }
        return nodes;
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
            CostLowerBound.relaxation(t, scheduler.daemonSetOverhead(t), e.getValue())
                    .ifPresent(solution -> {
                        for (int j = 0; j < t.instanceTypes().size(); j++) {
                            if (solution.x()[j] > 1e-9) {
                                caps.add(t.instanceTypes().get(j).allocatable().cpuMillis());
                            }
                        }
                    });
        }
        // Half and a quarter of what the baseline bought: two smaller nodes often pack the last pods more cheaply.
        for (PlannedNodeClaim c : result.newNodeClaims()) {
            long bought = c.cheapestInstanceType().allocatable().cpuMillis();
            for (long divisor : new long[] {2, 4}) {
                long target = bought / divisor;
                long below = 0;
                for (InstanceType it : c.template().instanceTypes()) {
                    long cpu = it.allocatable().cpuMillis();
                    if (cpu <= target && cpu > below) {
                        below = cpu;
                    }
                }
                if (below > 0) {
                    caps.add(below);
                }
            }
        }
        return caps.stream().limit(MAX_CAPS).toList();
    }

    /**
     * The cost-efficient instance types of a result's pods: per NodePool, the types attaining the indivisible lower
     * bound ({@link CostLowerBound#indivisibleSolution}), with their pod counts. Pods that fit a generic type are
     * solved over generic types only (launches never buy exotic types for them, {@link InstanceTypes#launchCandidates});
     * pods that need an exotic type (GPUs, Neuron) over all types.
     */
    private static List<CostLowerBound.Indivisible> efficientSolutions(Scheduler scheduler, SchedulingResult result) {
        List<CostLowerBound.Indivisible> solutions = new ArrayList<>();
        for (Split s : splitByGenericFit(scheduler, result)) {
            CostLowerBound.indivisibleSolution(s.generic(), s.overhead(), s.fitGeneric())
                    .ifPresent(solutions::add);
            CostLowerBound.indivisibleSolution(s.all(), s.overhead(), s.needExotic())
                    .ifPresent(solutions::add);
        }
        return solutions;
    }

    /**
     * A NodePool's pods in a result, split by whether a generic instance type can hold them.
     *
     * @param all the NodePool's template
     * @param generic the same template restricted to generic (not exotic) instance types
     * @param overhead DaemonSet requests on each of its nodes
     * @param fitGeneric pods some generic type can hold (launches never buy exotic types for them)
     * @param needExotic pods only an exotic type (GPUs, Neuron) can hold
     */
    private record Split(
            NodeClaimTemplate all,
            NodeClaimTemplate generic,
            Resources overhead,
            List<Pod> fitGeneric,
            List<Pod> needExotic) {}

    private static List<Split> splitByGenericFit(Scheduler scheduler, SchedulingResult result) {
        List<Split> splits = new ArrayList<>();
        for (Map.Entry<NodeClaimTemplate, List<Pod>> e : podsByTemplate(result).entrySet()) {
            NodeClaimTemplate all = e.getKey();
            Resources overhead = scheduler.daemonSetOverhead(all);
            List<InstanceType> genericTypes = new ArrayList<>();
            for (InstanceType it : all.instanceTypes()) {
                if (!InstanceTypes.isExotic(it)) {
                    genericTypes.add(it);
                }
            }
            NodeClaimTemplate generic = all.withInstanceTypes(genericTypes);
            List<Pod> fitGeneric = new ArrayList<>();
            List<Pod> needExotic = new ArrayList<>();
            for (Pod p : e.getValue()) {
                (fitsAny(generic, overhead, p) ? fitGeneric : needExotic).add(p);
            }
            splits.add(new Split(all, generic, overhead, fitGeneric, needExotic));
        }
        return splits;
    }

    private static boolean fitsAny(NodeClaimTemplate template, Resources overhead, Pod pod) {
        Resources requests = Scheduler.podRequests(pod).plus(overhead);
        Requirements requirements =
                template.requirements().and(PodConstraints.of(pod).strictRequirements());
        for (InstanceType it : template.instanceTypes()) {
            if (requests.fitsIn(it.allocatable())
                    && it.requirements().intersects(requirements)
                    && it.hasCompatibleAvailableOffering(requirements)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whole nodes from packing ({@link NodePacking#pack}), per NodePool of the result; pods that fit a generic type are
     * packed on generic types only, as in {@link #efficientSolutions}. Node numbers are unique across NodePools.
     */
    private static NodePacking.Nodes packedNodes(Scheduler scheduler, SchedulingResult result) {
        NodePacking.Nodes nodes = NodePacking.Nodes.NONE;
        for (Split s : splitByGenericFit(scheduler, result)) {
            nodes = nodes.plus(NodePacking.sequential(s.generic(), s.overhead(), s.fitGeneric()));
            nodes = nodes.plus(NodePacking.sequential(s.all(), s.overhead(), s.needExotic()));
        }
        return nodes;
    }

    /** The cost-efficient types, most pods first (ties by name). */
    private static List<String> efficientTypes(List<CostLowerBound.Indivisible> solutions) {
        Map<String, Integer> weight = new LinkedHashMap<>();
        for (CostLowerBound.Indivisible s : solutions) {
            s.efficientTypes().forEach((type, pods) -> weight.merge(type, pods, Integer::sum));
        }
        List<String> types = new ArrayList<>(weight.keySet());
        types.sort(Comparator.comparingInt((String t) -> -weight.get(t)).thenComparing(Comparator.naturalOrder()));
        return types;
    }

    /** Each pod's cost-efficient type. */
    private static Map<String, String> efficientTypeByPod(List<CostLowerBound.Indivisible> solutions) {
        Map<String, String> byPod = new HashMap<>();
        for (CostLowerBound.Indivisible s : solutions) {
            byPod.putAll(s.efficientTypeByPod());
        }
        return byPod;
    }

    private static Map<NodeClaimTemplate, List<Pod>> podsByTemplate(SchedulingResult result) {
        Map<NodeClaimTemplate, List<Pod>> pods = new LinkedHashMap<>();
        for (PlannedNodeClaim c : result.newNodeClaims()) {
            pods.computeIfAbsent(c.template(), t -> new ArrayList<>()).addAll(c.pods());
        }
        return pods;
    }

    private static Map<NodeClaimTemplate, Resources> demandByTemplate(SchedulingResult result) {
        Map<NodeClaimTemplate, Resources> demand = new LinkedHashMap<>();
        for (PlannedNodeClaim c : result.newNodeClaims()) {
            demand.merge(c.template(), c.podRequests(), Resources::plus);
        }
        return demand;
    }

    /**
     * The variants worth solving: without duplicates, and without those that restrict nothing for the NodePools the
     * baseline used (a cap at or above every type's CPU, a preferred set holding every type), which would only repeat
     * a plan already made.
     */
    private static List<Scheduler.Options> distinctAndEffective(
            List<Scheduler.Options> variants, SchedulingResult baseline) {
        Set<String> used = new HashSet<>();
        long maxCpu = 0;
        for (PlannedNodeClaim c : baseline.newNodeClaims()) {
            for (InstanceType it : c.template().instanceTypes()) {
                used.add(it.name());
                maxCpu = Math.max(maxCpu, it.allocatable().cpuMillis());
            }
        }
        List<Scheduler.Options> out = new ArrayList<>();
        Set<Scheduler.Options> seen = new HashSet<>();
        for (Scheduler.Options o : variants) {
            boolean capsNothing = o.preferredMaxCpuMillis() == 0 || o.preferredMaxCpuMillis() >= maxCpu;
            boolean setNothing = o.preferredInstanceTypes().isEmpty()
                    || o.preferredInstanceTypes().containsAll(used);
            boolean podsNothing = o.preferredInstanceTypeByPod().isEmpty()
                    || (used.size() == 1
                            && o.preferredInstanceTypeByPod()
                                    .containsValue(used.iterator().next()));
            boolean restricts = !capsNothing
                    || !setNothing
                    || !podsNothing
                    || !o.nodeGroupByPod().isEmpty();
            Scheduler.Options normalised = new Scheduler.Options(
                    o.claimOrder(),
                    capsNothing ? 0 : o.preferredMaxCpuMillis(),
                    setNothing ? Set.of() : o.preferredInstanceTypes(),
                    podsNothing ? Map.of() : o.preferredInstanceTypeByPod(),
                    o.nodeGroupByPod());
            boolean isBaseline = normalised.equals(Scheduler.Options.KARPENTER);
            if ((restricts || normalised.claimOrder() != Scheduler.ClaimOrder.FEWEST_PODS_FIRST)
                    && !isBaseline
                    && seen.add(normalised)) {
                out.add(normalised);
            }
        }
        return out;
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

    /**
     * A strategy's name for reports.
     *
     * @param o the options
     * @param packed the type per pod from packing whole nodes, to tell its variants apart
     * @param roundedGroups the node per pod from rounding the pattern LP
     */
    private static String describe(
            Scheduler.Options o, Map<String, String> packed, Map<String, Integer> roundedGroups) {
        String order = o.claimOrder() == Scheduler.ClaimOrder.FEWEST_PODS_FIRST ? "karpenter order" : "first-fit";
        if (o.preferredMaxCpuMillis() > 0) {
            order += ", nodes <= " + Quantity.formatMillis(o.preferredMaxCpuMillis()) + " CPU allocatable preferred";
        }
        boolean fromPacking =
                !packed.isEmpty() && o.preferredInstanceTypeByPod().equals(packed);
        if (!roundedGroups.isEmpty() && o.nodeGroupByPod().equals(roundedGroups)) {
            order += ", the nodes of the pattern LP rounded down, the rest packed whole";
        } else if (!o.nodeGroupByPod().isEmpty()) {
            order += ", the nodes of whole-node packing";
        } else if (fromPacking) {
            order += ", each pod's type from whole-node packing preferred";
        } else if (!o.preferredInstanceTypeByPod().isEmpty()) {
            order += ", each pod's cost-efficient type preferred";
        }
        if (!packed.isEmpty()
                && o.preferredInstanceTypes().size() > 1
                && o.preferredInstanceTypes().equals(Set.copyOf(packed.values()))) {
            order += ", " + o.preferredInstanceTypes().size() + " types of whole-node packing preferred";
        } else if (o.preferredInstanceTypes().size() == 1) {
            order += ", " + o.preferredInstanceTypes().iterator().next() + " preferred";
        } else if (!o.preferredInstanceTypes().isEmpty()) {
            order += ", " + o.preferredInstanceTypes().size() + " cost-efficient types preferred";
        }
        return order;
    }
}
