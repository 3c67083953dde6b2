package dev.fleetwright.bench;

import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.corev1.Affinity;
import dev.fleetwright.core.api.corev1.LabelSelector;
import dev.fleetwright.core.api.corev1.ObjectMeta;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.PodAffinityTerm;
import dev.fleetwright.core.api.corev1.PodSpec;
import dev.fleetwright.core.api.corev1.PodStatus;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.api.corev1.TopologySpreadConstraint;
import dev.fleetwright.core.api.corev1.TopologySpreadConstraint.WhenUnsatisfiable;
import dev.fleetwright.core.cloudprovider.CapacityType;
import dev.fleetwright.core.cloudprovider.InstanceType;
import dev.fleetwright.core.cloudprovider.InstanceTypeOverhead;
import dev.fleetwright.core.cloudprovider.Offering;
import dev.fleetwright.core.scheduling.NodeClaimTemplate;
import dev.fleetwright.core.scheduling.Requirement;
import dev.fleetwright.core.scheduling.Requirements;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The setup of Karpenter's scheduling benchmark, rebuilt with Fleetwright's types: [K]
 * pkg/controllers/provisioning/scheduling/scheduling_benchmark_test.go ({@code setupScheduler}, {@code
 * makeDiversePods} and the {@code make*Pods} helpers), [K] pkg/cloudprovider/fake/instancetype.go ({@code
 * InstanceTypes}, {@code NewInstanceType}, {@code PriceFromResources}) and [K] pkg/test/nodepool.go, pods.go. Read at
 * the Karpenter core snapshot the scheduler port follows (v1.8.x, see docs/design/karpenter-scheduler-notes.md).
 *
 * <p>Every place where this setup differs from Karpenter's, and why:
 *
 * <ol>
 *   <li>Random numbers: Karpenter draws from Go's {@code math/rand} seeded with 42 in one package-level generator
 *       shared by every benchmark of the test binary (so the pods of one size depend on which benchmarks ran before,
 *       and Go's benchmark driver re-creates them each time it grows {@code b.N}). Here each pod list has its own
 *       {@link Random} seeded with 42. The draws happen in Karpenter's order (label, selector, CPU, memory, as the
 *       struct literal evaluates them) from the same value lists with the same uniform choice, but Java's and Go's
 *       generators produce different sequences, so individual pods differ while the distribution is the same.
 *   <li>Pod UIDs: Karpenter sets {@code uuid.NewUUID()} (time-based) and no creation timestamp; here UIDs are a
 *       zero-padded sequence number. UIDs only break ties between pods with equal CPU and memory in the queue order.
 *   <li>Pod and NodePool names: Karpenter's are random ({@code test.RandomName()}); here {@code pod-N} and
 *       {@code default}. Names do not influence scheduling.
 *   <li>Karpenter's fake cloud provider registers its labels {@code size}, {@code special} and {@code integer} as
 *       well-known. Fleetwright's {@code Labels.WELL_KNOWN} is a constant without them; no benchmark pod selects on
 *       these keys, so nothing depends on it.
 *   <li>Karpenter builds the {@code Topology} once, outside the timed loop, and passes it to the scheduler;
 *       Fleetwright's {@code Scheduler.solve} builds its topology inside every solve, so our timing includes that
 *       work (stricter than Karpenter's).
 *   <li>Karpenter runs the existing-node checks with {@code NumConcurrentReconciles(5)}; there are no existing nodes
 *       here, so this changes nothing.
 * </ol>
 */
public final class KarpenterBenchmarkFixture {

    /** Number of fake instance types in every Karpenter scheduling benchmark ({@code fake.InstanceTypes(400)}). */
    public static final int INSTANCE_TYPE_COUNT = 400;

    /** The seed of Karpenter's benchmark generator ({@code rand.NewSource(42)}). */
    public static final long SEED = 42;

    /** The fake zones, in the order of the fake offerings. */
    public static final List<String> ZONES = List.of("test-zone-1", "test-zone-2", "test-zone-3");

    /** Fake label: {@code small} or {@code large} ([K] fake.LabelInstanceSize). */
    static final String LABEL_SIZE = "size";
    /** Fake label: {@code optional} on large types, absent on small ones ([K] fake.ExoticInstanceLabelKey). */
    static final String LABEL_SPECIAL = "special";
    /** Fake label: the vCPU count as an integer ([K] fake.IntegerInstanceLabelKey). */
    static final String LABEL_INTEGER = "integer";

    private static final long GIB = 1L << 30;
    private static final long MIB = 1L << 20;
    private static final int[] CPU_MILLIS = {100, 250, 500, 1000, 1500};
    private static final int[] MEMORY_MIB = {100, 256, 512, 1024, 2048, 4096};
    private static final String[] LABEL_VALUES = {"a", "b", "c", "d", "e", "f", "g"};
    /** Karpenter's benchmark file spells the affinity label key this way. */
    static final String AFFINITY_LABEL = "my-affininity";

    static final String SPREAD_LABEL = "my-label";

    private KarpenterBenchmarkFixture() {}

    /**
     * {@code fake.InstanceTypes(total)}: type {@code i} (0-based) is {@code fake-it-i} with {@code i+1} vCPU, {@code
     * 2(i+1)} GiB memory and {@code 10(i+1)} pods of capacity; kubeReserved 100m CPU and 10Mi memory; five available
     * offerings (spot in test-zone-1 and -2, on-demand in test-zone-1, -2 and -3) all at {@code 0.1 × vCPU + 0.1 ×
     * memory bytes / 10⁹} USD per hour.
     *
     * @param total how many types
     * @return the types, smallest first
     */
    public static List<InstanceType> instanceTypes(int total) {
        List<InstanceType> types = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            types.add(instanceType(i));
        }
        return types;
    }

    static InstanceType instanceType(int i) {
        long vcpu = i + 1L;
        long memoryBytes = 2 * (i + 1L) * GIB;
        long pods = 10 * (i + 1L);
        String name = "fake-it-" + i;
        double pricePerHourUsd = priceFromResources(vcpu, memoryBytes);
        List<Offering> offerings = List.of(
                new Offering("test-zone-1", CapacityType.SPOT, pricePerHourUsd, true, false),
                new Offering("test-zone-2", CapacityType.SPOT, pricePerHourUsd, true, false),
                new Offering("test-zone-1", CapacityType.ON_DEMAND, pricePerHourUsd, true, false),
                new Offering("test-zone-2", CapacityType.ON_DEMAND, pricePerHourUsd, true, false),
                new Offering("test-zone-3", CapacityType.ON_DEMAND, pricePerHourUsd, true, false));
        // Karpenter: size=large and special=optional when cpu > 4 and memory > 8Gi, otherwise size=small and no
        // special.
        boolean large = vcpu > 4 && memoryBytes > 8 * GIB;
        Requirements requirements = Requirements.of(
                Requirement.in(Labels.INSTANCE_TYPE, name),
                Requirement.in(Labels.ARCH, "amd64"),
                Requirement.in(Labels.OS, "darwin", "linux", "windows"),
                Requirement.in(Labels.TOPOLOGY_ZONE, ZONES),
                Requirement.in(Labels.CAPACITY_TYPE, "on-demand", "spot"),
                Requirement.in(LABEL_SIZE, large ? "large" : "small"),
                large ? Requirement.in(LABEL_SPECIAL, "optional") : Requirement.doesNotExist(LABEL_SPECIAL),
                Requirement.in(LABEL_INTEGER, Long.toString(vcpu)));
        Resources capacity = new Resources(vcpu * 1000, memoryBytes, 0, pods, null);
        InstanceTypeOverhead overhead =
                new InstanceTypeOverhead(Resources.of(100, 10 * MIB), Resources.NONE, Resources.NONE);
        return new InstanceType(name, requirements, offerings, capacity, overhead);
    }

    /** {@code fake.PriceFromResources}: 0.1 USD per vCPU plus 0.1 USD per 10⁹ bytes of memory, per hour. */
    static double priceFromResources(long vcpu, long memoryBytes) {
        return 0.1 * vcpu + 0.1 * memoryBytes / 1e9;
    }

    /**
     * The benchmark's NodePool: no requirements, limits {@code cpu: 10000000} and {@code memory: 10000000Gi} (set so
     * that the limit checks run without ever binding).
     *
     * @param instanceTypes the fake instance types
     * @return the template
     */
    public static NodeClaimTemplate nodePool(List<InstanceType> instanceTypes) {
        return NodeClaimTemplate.of(
                "default",
                0,
                Requirements.EMPTY,
                Map.of(),
                List.of(),
                List.of(),
                instanceTypes,
                Map.of(Resources.CPU, 10_000_000L * 1000, Resources.MEMORY, 10_000_000L * GIB));
    }

    /**
     * {@code makeDiversePods(count)}: five equal classes of {@code count / 5} pods, in this order: generic; zonal
     * topology spread; hostname topology spread; zonal pod self-affinity; hostname pod anti-affinity; then the
     * remainder as generic pods.
     *
     * @param count the number of pods
     * @return the pods, with a fresh generator seeded with {@link #SEED}
     */
    public static List<Pod> diversePods(int count) {
        Random random = new Random(SEED);
        PodFactory f = new PodFactory(random);
        int perClass = count / 5;
        List<Pod> pods = new ArrayList<>(count);
        for (int i = 0; i < perClass; i++) {
            pods.add(f.generic());
        }
        for (int i = 0; i < perClass; i++) {
            pods.add(f.topologySpread(Labels.TOPOLOGY_ZONE));
        }
        for (int i = 0; i < perClass; i++) {
            pods.add(f.topologySpread(Labels.HOSTNAME));
        }
        for (int i = 0; i < perClass; i++) {
            pods.add(f.selfAffinity(Labels.TOPOLOGY_ZONE));
        }
        for (int i = 0; i < perClass; i++) {
            pods.add(f.antiAffinity(Labels.HOSTNAME));
        }
        while (pods.size() < count) {
            pods.add(f.generic());
        }
        return pods;
    }

    /** Builds benchmark pods, drawing random values in Karpenter's order. */
    private static final class PodFactory {
        private final Random random;
        private int sequence;

        PodFactory(Random random) {
            this.random = random;
        }

        /** {@code makeGenericPods}: label {@code my-label} random; draws label, CPU, memory. */
        Pod generic() {
            Map<String, String> labels = Map.of(SPREAD_LABEL, labelValue());
            Resources requests = requests();
            return pod(labels, requests, Affinity.NONE, List.of());
        }

        /**
         * {@code makeTopologySpreadPods}: maxSkew 1, DoNotSchedule, selector {@code my-label} with its own random value
         * (independent of the pod's label, as in Karpenter); draws label, selector, CPU, memory.
         */
        Pod topologySpread(String topologyKey) {
            Map<String, String> labels = Map.of(SPREAD_LABEL, labelValue());
            Map<String, String> selector = Map.of(SPREAD_LABEL, labelValue());
            Resources requests = requests();
            TopologySpreadConstraint spread = TopologySpreadConstraint.of(
                    1, topologyKey, WhenUnsatisfiable.DO_NOT_SCHEDULE, LabelSelector.of(selector));
            return pod(labels, requests, Affinity.NONE, List.of(spread));
        }

        /** {@code makePodAffinityPods}: required affinity to pods with its own {@code my-affininity} label. */
        Pod selfAffinity(String topologyKey) {
            Map<String, String> labels = Map.of(AFFINITY_LABEL, labelValue());
            Resources requests = requests();
            PodAffinityTerm term = new PodAffinityTerm(LabelSelector.of(labels), null, null, topologyKey, null);
            return pod(labels, requests, new Affinity(null, null, List.of(term), null, null, null), List.of());
        }

        /** {@code makePodAntiAffinityPods}: label {@code app=nginx}, required anti-affinity to {@code app=nginx}. */
        Pod antiAffinity(String topologyKey) {
            Map<String, String> labels = Map.of("app", "nginx");
            Resources requests = requests();
            PodAffinityTerm term = new PodAffinityTerm(LabelSelector.of(labels), null, null, topologyKey, null);
            return pod(labels, requests, new Affinity(null, null, null, null, List.of(term), null), List.of());
        }

        private Resources requests() {
            long cpuMillis = CPU_MILLIS[random.nextInt(CPU_MILLIS.length)];
            long memoryMiB = MEMORY_MIB[random.nextInt(MEMORY_MIB.length)];
            return Resources.ofCpuMemoryMiB(cpuMillis, memoryMiB);
        }

        private String labelValue() {
            return LABEL_VALUES[random.nextInt(LABEL_VALUES.length)];
        }

        private Pod pod(
                Map<String, String> labels,
                Resources requests,
                Affinity affinity,
                List<TopologySpreadConstraint> spread) {
            int n = sequence++;
            ObjectMeta meta = new ObjectMeta(
                    "pod-" + n, "default", String.format("uid-%08d", n), labels, Map.of(), List.of(), null, null);
            PodSpec spec = new PodSpec(
                    requests,
                    null,
                    affinity,
                    null,
                    spread,
                    null,
                    0,
                    null,
                    PodSpec.DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS,
                    null);
            return new Pod(meta, spec, PodStatus.UNSCHEDULABLE);
        }
    }
}
