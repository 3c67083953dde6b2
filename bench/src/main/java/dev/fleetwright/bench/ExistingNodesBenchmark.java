package dev.fleetwright.bench;

import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.cloudprovider.InstanceType;
import dev.fleetwright.core.cloudprovider.InstanceTypeCatalog;
import dev.fleetwright.core.cloudprovider.NodeOverheadSettings;
import dev.fleetwright.core.scheduling.ExistingNode;
import dev.fleetwright.core.scheduling.Scheduler;
import dev.fleetwright.core.scheduling.SchedulingResult;
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
 * {@link ExistingNodesFixture}: 20,000 pending pods against 5,000 partly filled existing nodes, solved by the {@link
 * Scheduler} with Karpenter's options. One operation is one solve; the target is under 5 s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx6g"})
public class ExistingNodesBenchmark {

    /** Existing nodes. */
    @Param({"5000"})
    public int nodes;

    /** Pending pods. */
    @Param({"20000"})
    public int pods;

    private Scheduler scheduler;
    private List<Pod> pending;

    /** Builds the cluster and prints where one solve puts the pods. */
    @Setup
    public void setup() {
        List<InstanceType> catalog = InstanceTypeCatalog.bundled().resolveAll(NodeOverheadSettings.defaults());
        List<ExistingNode> existing = ExistingNodesFixture.nodes(catalog, nodes, 1);
        pending = ExistingNodesFixture.pendingPods(pods, 2);
        scheduler = new Scheduler(
                List.of(ExistingNodesFixture.nodePool(catalog)),
                existing,
                List.of(),
                Map.of(),
                Scheduler.Options.KARPENTER);
        System.out.println();
        System.out.println("[existing " + nodes + " nodes] " + PlanReport.describe(scheduler.solve(pending)));
    }

    /** One solve of all pending pods. */
    @Benchmark
    public SchedulingResult solve() {
        return scheduler.solve(pending);
    }

    List<Pod> pending() {
        return pending;
    }
}
