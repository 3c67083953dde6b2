package dev.fleetwright.bench;

import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.cloudprovider.InstanceType;
import dev.fleetwright.core.cloudprovider.InstanceTypeCatalog;
import dev.fleetwright.core.cloudprovider.NodeOverheadSettings;
import dev.fleetwright.core.scheduling.NodeClaimTemplate;
import dev.fleetwright.core.scheduling.Planner;
import dev.fleetwright.core.scheduling.Requirement;
import dev.fleetwright.core.scheduling.Requirements;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost-optimising {@link Planner} on the full bundled us-east-1 catalog with one NodePool that allows every
 * instance type, zone and architecture, on-demand and spot, planning one trace workload as a single batch. One
 * operation is one {@link Planner#plan}. The setup prints the plan's cost per hour, the lower bound and the gap; {@link
 * PlanReport} prints the same for every workload without JMH.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx6g"})
public class TracePlanBenchmark {

    /** Which trace pods: {@code cpu-only} (rows with {@code num_gpu = 0}) or {@code full} (every row). */
    @Param({"cpu-only", "full"})
    public String workload;

    private Planner planner;
    private List<Pod> pods;

    /** Loads the catalog and the trace, and prints one plan's cost against its lower bound. */
    @Setup
    public void setup() {
        prepare(Integer.MAX_VALUE);
        System.out.println();
        System.out.println("[trace " + workload + "] " + PlanReport.describe(planner.plan(pods), pods.size()));
    }

    /** Builds the planner and the first {@code maxPods} pods of the workload (the smoke test uses a few). */
    void prepare(int maxPods) {
        planner = planner();
        pods = workloadPods(workload, maxPods);
    }

    /** One plan of the whole batch. */
    @Benchmark
    public Planner.Plan plan() {
        return planner.plan(pods);
    }

    List<Pod> pods() {
        return pods;
    }

    /** A cost-optimising planner for {@link #nodePool()}, no existing nodes, no DaemonSets. */
    static Planner planner() {
        return new Planner(List.of(nodePool()), List.of(), List.of(), Map.of(), true);
    }

    /** The full catalog with one NodePool {@code default}: {@code karpenter.sh/capacity-type In [on-demand, spot]}. */
    static NodeClaimTemplate nodePool() {
        List<InstanceType> catalog = InstanceTypeCatalog.bundled().resolveAll(NodeOverheadSettings.defaults());
        return NodeClaimTemplate.of(
                "default",
                0,
                Requirements.of(Requirement.in(
                        Labels.CAPACITY_TYPE, Labels.CAPACITY_TYPE_ON_DEMAND, Labels.CAPACITY_TYPE_SPOT)),
                Map.of(),
                List.of(),
                List.of(),
                catalog,
                Map.of());
    }

    /**
     * The pods of a workload.
     *
     * @param workload {@code cpu-only} or {@code full}
     * @param maxPods at most this many (the first ones of the workload)
     * @throws IllegalArgumentException for another workload name
     */
    static List<Pod> workloadPods(String workload, int maxPods) {
        List<TraceCsv.Row> rows = TraceCsv.read(TraceCsv.locateDefaultTrace());
        return switch (workload) {
            case "cpu-only" ->
                rows.stream()
                        .filter(r -> r.gpus() == 0)
                        .limit(maxPods)
                        .map(TraceCsv.Row::toPod)
                        .toList();
            case "full" -> rows.stream().limit(maxPods).map(TraceCsv.Row::toPod).toList();
            default ->
                throw new IllegalArgumentException("workload must be cpu-only or full, got \"" + workload + "\"");
        };
    }
}
