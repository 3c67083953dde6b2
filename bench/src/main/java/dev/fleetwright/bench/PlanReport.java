package dev.fleetwright.bench;

import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.cloudprovider.InstanceType;
import dev.fleetwright.core.cloudprovider.InstanceTypeCatalog;
import dev.fleetwright.core.cloudprovider.NodeOverheadSettings;
import dev.fleetwright.core.scheduling.ExistingNode;
import dev.fleetwright.core.scheduling.NodeClaimTemplate;
import dev.fleetwright.core.scheduling.Planner;
import dev.fleetwright.core.scheduling.Scheduler;
import dev.fleetwright.core.scheduling.SchedulingResult;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Prints, as Markdown, what each benchmark workload's plan looks like (pods placed, NodeClaims, cost per hour, lower
 * bound, gap): the quality side of the benchmarks, which JMH's timings do not show. Run by {@code bench/run}; plans
 * once per workload, so its timings are single cold runs and only indicative.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.fleetwright.bench.PlanReport}
 */
public final class PlanReport {

    /** The cost target of the trace workloads: plan cost within this many percent of the lower bound. */
    public static final double TARGET_GAP_PERCENT = 5.0;

    private PlanReport() {}

    /**
     * Prints the report for the benchmarks' default sizes.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.print(report(List.of(1, 100, 1000, 5000, 20000), Integer.MAX_VALUE, 5000, 20000));
    }

    /**
     * The report.
     *
     * @param karpenterSizes pod counts of the Karpenter benchmark to plan
     * @param traceMaxPods at most this many pods of each trace workload
     * @param existingNodes existing nodes in the existing-node workload
     * @param existingPods pending pods in the existing-node workload
     * @return Markdown
     */
    static String report(List<Integer> karpenterSizes, int traceMaxPods, int existingNodes, int existingPods) {
        StringBuilder out = new StringBuilder();
        out.append("### Plan quality: trace workloads, full catalog, Planner (cost-optimising)\n\n");
        out.append(
                "| workload | pods | scheduled | unschedulable | NodeClaims | chosen strategy | cost $/h"
                        + " | Planner lower bound $/h | gap | within 5%? | fit-aware bound $/h | gap to it | one cold plan |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        NodeClaimTemplate nodePool = TracePlanBenchmark.nodePool();
        Planner planner = TracePlanBenchmark.planner();
        for (String workload : List.of("cpu-only", "full")) {
            List<Pod> pods = TracePlanBenchmark.workloadPods(workload, traceMaxPods);
            long start = System.nanoTime();
            Planner.Plan plan = planner.plan(pods);
            long ms = (System.nanoTime() - start) / 1_000_000;
            SchedulingResult r = plan.result();
            OptionalDouble gap = gapPercent(plan.costPerHourUsd(), plan.lowerBoundPerHourUsd());
            OptionalDouble fitAware = FitAwareLowerBound.of(nodePool, Resources.NONE, pods);
            OptionalDouble fitAwareGap = gapPercent(plan.costPerHourUsd(), fitAware);
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %d | %d | %s | %.2f | %s | %s | %s | %s | %s | %d ms |%n",
                    workload,
                    pods.size(),
                    r.podsScheduled(),
                    r.podErrors().size(),
                    r.newNodeClaims().size(),
                    plan.strategy(),
                    plan.costPerHourUsd(),
                    plan.lowerBoundPerHourUsd().isPresent()
                            ? String.format(
                                    Locale.ROOT,
                                    "%.2f",
                                    plan.lowerBoundPerHourUsd().getAsDouble())
                            : "n/a",
                    gap.isPresent() ? String.format(Locale.ROOT, "%.2f%%", gap.getAsDouble()) : "n/a",
                    gap.isPresent() ? (gap.getAsDouble() <= TARGET_GAP_PERCENT ? "yes" : "**no**") : "n/a",
                    fitAware.isPresent() ? String.format(Locale.ROOT, "%.2f", fitAware.getAsDouble()) : "n/a",
                    fitAwareGap.isPresent() ? String.format(Locale.ROOT, "%.2f%%", fitAwareGap.getAsDouble()) : "n/a",
                    ms));
            for (Planner.Candidate c : plan.candidates()) {
                out.append(String.format(
                        Locale.ROOT,
                        "|  |  | %d |  | %d | candidate: %s | %.2f |  |  |  |  |  |  |%n",
                        c.podsScheduled(),
                        c.nodeClaims(),
                        c.strategy(),
                        c.costPerHourUsd()));
            }
            if (!r.podErrors().isEmpty()) {
                out.append("\nFirst unschedulable pod of ")
                        .append(workload)
                        .append(": `")
                        .append(r.podErrors().get(0))
                        .append("`\n\n");
            }
        }

        out.append("\n### Plan quality: Karpenter benchmark (Scheduler, Karpenter's options)\n\n");
        out.append("| pods | scheduled | NodeClaims | cost $/h | lower bound $/h | gap |\n|---|---|---|---|---|---|\n");
        List<InstanceType> fake =
                KarpenterBenchmarkFixture.instanceTypes(KarpenterBenchmarkFixture.INSTANCE_TYPE_COUNT);
        Scheduler karpenter = new Scheduler(
                List.of(KarpenterBenchmarkFixture.nodePool(fake)),
                List.of(),
                List.of(),
                Map.of(),
                Scheduler.Options.KARPENTER);
        for (int size : karpenterSizes) {
            SchedulingResult r = karpenter.solve(KarpenterBenchmarkFixture.diversePods(size));
            OptionalDouble bound = Planner.lowerBound(karpenter, r);
            OptionalDouble gap = gapPercent(r.newCostPerHourUsd(), bound);
            out.append(String.format(
                    Locale.ROOT,
                    "| %d | %d | %d | %.2f | %s | %s |%n",
                    size,
                    r.podsScheduled(),
                    r.newNodeClaims().size(),
                    r.newCostPerHourUsd(),
                    bound.isPresent() ? String.format(Locale.ROOT, "%.2f", bound.getAsDouble()) : "n/a",
                    gap.isPresent() ? String.format(Locale.ROOT, "%.2f%%", gap.getAsDouble()) : "n/a"));
        }

        out.append("\n### Existing-node workload (Scheduler, Karpenter's options)\n\n");
        List<InstanceType> catalog = InstanceTypeCatalog.bundled().resolveAll(NodeOverheadSettings.defaults());
        List<ExistingNode> nodes = ExistingNodesFixture.nodes(catalog, existingNodes, 1);
        List<Pod> pending = ExistingNodesFixture.pendingPods(existingPods, 2);
        Scheduler scheduler = new Scheduler(
                List.of(ExistingNodesFixture.nodePool(catalog)),
                nodes,
                List.of(),
                Map.of(),
                Scheduler.Options.KARPENTER);
        long bound = nodes.stream().mapToLong(n -> n.pods().size()).sum();
        long start = System.nanoTime();
        SchedulingResult r = scheduler.solve(pending);
        long ms = (System.nanoTime() - start) / 1_000_000;
        out.append(String.format(
                Locale.ROOT,
                "%d existing nodes with %d bound pods; %d pending pods: %s; one cold solve %d ms%n",
                nodes.size(),
                bound,
                pending.size(),
                describe(r),
                ms));
        return out.toString();
    }

    /** One line about a plan: pods placed, NodeClaims, cost, lower bound and gap. */
    static String describe(Planner.Plan plan, int pods) {
        OptionalDouble gap = gapPercent(plan.costPerHourUsd(), plan.lowerBoundPerHourUsd());
        return String.format(
                Locale.ROOT,
                "%d pods, %d scheduled, %d NodeClaims, strategy '%s', cost $%.2f/h, lower bound %s, gap %s",
                pods,
                plan.result().podsScheduled(),
                plan.result().newNodeClaims().size(),
                plan.strategy(),
                plan.costPerHourUsd(),
                plan.lowerBoundPerHourUsd().isPresent()
                        ? String.format(
                                Locale.ROOT,
                                "$%.2f/h",
                                plan.lowerBoundPerHourUsd().getAsDouble())
                        : "n/a",
                gap.isPresent() ? String.format(Locale.ROOT, "%.2f%%", gap.getAsDouble()) : "n/a");
    }

    /** One line about a solve: pods on existing nodes, on new NodeClaims, unschedulable, and the new cost. */
    static String describe(SchedulingResult r) {
        int onExisting =
                r.existingNodePods().values().stream().mapToInt(List::size).sum();
        return String.format(
                Locale.ROOT,
                "%d on %d existing nodes, %d on %d new NodeClaims ($%.2f/h), %d unschedulable",
                onExisting,
                r.existingNodePods().size(),
                r.podsScheduled() - onExisting,
                r.newNodeClaims().size(),
                r.newCostPerHourUsd(),
                r.podErrors().size());
    }

    /** {@code (cost − bound) / bound × 100}; empty without a positive bound. */
    static OptionalDouble gapPercent(double costPerHourUsd, OptionalDouble lowerBoundPerHourUsd) {
        if (lowerBoundPerHourUsd.isEmpty() || lowerBoundPerHourUsd.getAsDouble() <= 0) {
            return OptionalDouble.empty();
        }
        double bound = lowerBoundPerHourUsd.getAsDouble();
        return OptionalDouble.of((costPerHourUsd - bound) / bound * 100);
    }
}
