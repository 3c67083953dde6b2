package dev.fleetwright.bench;

import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.cloudprovider.InstanceType;
import dev.fleetwright.core.scheduling.NodeClaimTemplate;
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
 * Karpenter's scheduling benchmark ([K] pkg/controllers/provisioning/scheduling/scheduling_benchmark_test.go, {@code
 * BenchmarkScheduling1} … {@code BenchmarkScheduling20000}) on Fleetwright's {@link Scheduler} with Karpenter's
 * options: 400 fake instance types, one NodePool, {@link KarpenterBenchmarkFixture#diversePods} pods, no existing
 * nodes. One operation is one {@code solve} of all pods; the score is milliseconds per solve, and pods per second is
 * {@code pods / (ms per op / 1000)} (computed by {@link BenchMain}, as Karpenter's {@code pods/sec} metric is).
 *
 * <p>As in Karpenter's benchmark, the setup fails when the first solve leaves any pod unscheduled.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx6g"})
public class KarpenterSchedulingBenchmark {

    /** Pods per solve. */
    @Param({"1", "100", "1000", "5000", "20000"})
    public int pods;

    private Scheduler scheduler;
    private List<Pod> podList;

    /** Builds the instance types, the NodePool and the pods, and checks that one solve schedules every pod. */
    @Setup
    public void setup() {
        List<InstanceType> types =
                KarpenterBenchmarkFixture.instanceTypes(KarpenterBenchmarkFixture.INSTANCE_TYPE_COUNT);
        NodeClaimTemplate nodePool = KarpenterBenchmarkFixture.nodePool(types);
        scheduler = new Scheduler(List.of(nodePool), List.of(), List.of(), Map.of(), Scheduler.Options.KARPENTER);
        podList = KarpenterBenchmarkFixture.diversePods(pods);
        SchedulingResult first = scheduler.solve(podList);
        if (!first.podErrors().isEmpty()) {
            throw new IllegalStateException("Karpenter's benchmark expects every pod to schedule, but "
                    + first.podErrors().size() + " did not; first: "
                    + first.podErrors().get(0));
        }
        System.out.printf(
                "%n[karpenter] %d pods -> %d scheduled on %d new NodeClaims%n",
                podList.size(), first.podsScheduled(), first.newNodeClaims().size());
    }

    /** One solve of all pods. */
    @Benchmark
    public SchedulingResult solve() {
        return scheduler.solve(podList);
    }

    List<Pod> podList() {
        return podList;
    }
}
