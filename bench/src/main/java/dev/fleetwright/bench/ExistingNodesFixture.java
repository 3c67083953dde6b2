package dev.fleetwright.bench;

import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.corev1.Affinity;
import dev.fleetwright.core.api.corev1.LabelSelector;
import dev.fleetwright.core.api.corev1.NodeSelectorOperator;
import dev.fleetwright.core.api.corev1.ObjectMeta;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.PodAffinityTerm;
import dev.fleetwright.core.api.corev1.PodSpec;
import dev.fleetwright.core.api.corev1.PodStatus;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.api.corev1.TopologySpreadConstraint;
import dev.fleetwright.core.api.corev1.TopologySpreadConstraint.WhenUnsatisfiable;
import dev.fleetwright.core.cloudprovider.InstanceType;
import dev.fleetwright.core.scheduling.ExistingNode;
import dev.fleetwright.core.scheduling.NodeClaimTemplate;
import dev.fleetwright.core.scheduling.Requirement;
import dev.fleetwright.core.scheduling.Requirements;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * A large running cluster with a burst of pending pods: existing nodes of common us-east-1 types from the real
 * catalog, each partly filled with bound pods, and pending pods of which most fit on the free capacity while some
 * need new NodeClaims. Everything is drawn from generators with fixed seeds.
 *
 * <p>Existing nodes cycle through {@link #NODE_TYPES} and the three zones of the NodePool, one in five is spot; each
 * gets bound pods (Karpenter benchmark sizes, label {@code app=app-K} of 50 apps) until 35–85% of its allocatable
 * CPU or memory is requested.
 *
 * <p>Pending pods, in these shares: 72% plain (100m–1 CPU, 128Mi–2Gi, label {@code app=app-K}); 10% zonal topology
 * spread (maxSkew 1, DoNotSchedule, over their own deployment label, 20 deployments); 10% required hostname pod
 * anti-affinity in groups of 10 replicas; 5% with a {@code kubernetes.io/arch: arm64} node selector (every existing
 * node is amd64, so these need new NodeClaims); 3% large (16 CPU, 64Gi: more than any existing node has free, so new
 * NodeClaims).
 */
public final class ExistingNodesFixture {

    /** Instance types of the existing nodes, in rotation. */
    public static final List<String> NODE_TYPES =
            List.of("m5.xlarge", "m5.2xlarge", "c5.4xlarge", "r5.2xlarge", "m6i.4xlarge");

    /** The NodePool's zones, which the existing nodes cover too. */
    public static final List<String> ZONES = List.of("us-east-1a", "us-east-1b", "us-east-1c");

    private static final int[] BOUND_CPU_MILLIS = {100, 250, 500, 1000, 1500};
    private static final int[] BOUND_MEMORY_MIB = {100, 256, 512, 1024, 2048, 4096};
    private static final int[] PENDING_CPU_MILLIS = {100, 250, 500, 1000};
    private static final int[] PENDING_MEMORY_MIB = {128, 256, 512, 1024, 2048};

    private ExistingNodesFixture() {}

    /**
     * The NodePool {@code default}: zones {@link #ZONES}, on-demand or spot, every catalog type.
     *
     * @param catalog the resolved catalog
     */
    public static NodeClaimTemplate nodePool(List<InstanceType> catalog) {
        return NodeClaimTemplate.of(
                "default",
                0,
                Requirements.of(
                        Requirement.in(Labels.CAPACITY_TYPE, Labels.CAPACITY_TYPE_ON_DEMAND, Labels.CAPACITY_TYPE_SPOT),
                        Requirement.in(Labels.TOPOLOGY_ZONE, ZONES)),
                Map.of(),
                List.of(),
                List.of(),
                catalog,
                Map.of());
    }

    /**
     * The existing nodes with their bound pods.
     *
     * @param catalog the resolved catalog (must contain {@link #NODE_TYPES})
     * @param count how many nodes
     * @param seed the generator seed
     * @throws NoSuchElementException if a node type is not in the catalog
     */
    public static List<ExistingNode> nodes(List<InstanceType> catalog, int count, long seed) {
        Map<String, InstanceType> byName = new HashMap<>();
        catalog.forEach(it -> byName.put(it.name(), it));
        Random random = new Random(seed);
        List<ExistingNode> nodes = new ArrayList<>(count);
        int podSequence = 0;
        for (int i = 0; i < count; i++) {
            String typeName = NODE_TYPES.get(i % NODE_TYPES.size());
            InstanceType type = byName.get(typeName);
            if (type == null) {
                throw new NoSuchElementException("instance type " + typeName + " is not in the catalog");
            }
            String zone = ZONES.get(i % ZONES.size());
            String capacityType = i % 5 == 4 ? Labels.CAPACITY_TYPE_SPOT : Labels.CAPACITY_TYPE_ON_DEMAND;
            String name = String.format("ip-10-0-%d-%d.ec2.internal", i / 250, i % 250);
            Map<String, String> labels = nodeLabels(type, name, zone, capacityType);
            Resources allocatable = type.allocatable();
            double fill = 0.35 + 0.5 * random.nextDouble();
            long cpuBudget = (long) (allocatable.cpuMillis() * fill);
            long memoryBudget = (long) (allocatable.memoryBytes() * fill);
            Resources requested = Resources.NONE;
            List<Pod> bound = new ArrayList<>();
            while (true) {
                Resources r = Resources.ofCpuMemoryMiB(
                        BOUND_CPU_MILLIS[random.nextInt(BOUND_CPU_MILLIS.length)],
                        BOUND_MEMORY_MIB[random.nextInt(BOUND_MEMORY_MIB.length)]);
                if (requested.cpuMillis() + r.cpuMillis() > cpuBudget
                        || requested.memoryBytes() + r.memoryBytes() > memoryBudget
                        || requested.pods() + 1 > allocatable.pods()) {
                    break;
                }
                Map<String, String> podLabels = Map.of("app", "app-" + random.nextInt(50));
                bound.add(pod("bound-" + podSequence++, podLabels, r, null, Affinity.NONE, List.of())
                        .boundTo(name));
                requested = requested.plus(r).with(Resources.PODS, requested.pods() + 1);
            }
            nodes.add(new ExistingNode(
                    name, "default", labels, List.of(), List.of(), allocatable, requested, bound, true, false));
        }
        return nodes;
    }

    /**
     * The pending pods.
     *
     * @param count how many
     * @param seed the generator seed
     */
    public static List<Pod> pendingPods(int count, long seed) {
        Random random = new Random(seed);
        int spread = count / 10;
        int anti = count / 10;
        int arm = count / 20;
        int large = count * 3 / 100;
        int plain = count - spread - anti - arm - large;
        List<Pod> pods = new ArrayList<>(count);
        int n = 0;
        for (int i = 0; i < plain; i++) {
            pods.add(pod(
                    "plain-" + n++,
                    Map.of("app", "app-" + random.nextInt(50)),
                    smallRequests(random),
                    null,
                    Affinity.NONE,
                    List.of()));
        }
        for (int i = 0; i < spread; i++) {
            Map<String, String> labels = Map.of("app", "spread-" + (i % 20));
            TopologySpreadConstraint c = TopologySpreadConstraint.of(
                    1, Labels.TOPOLOGY_ZONE, WhenUnsatisfiable.DO_NOT_SCHEDULE, LabelSelector.of(labels));
            pods.add(pod("spread-" + n++, labels, smallRequests(random), null, Affinity.NONE, List.of(c)));
        }
        for (int i = 0; i < anti; i++) {
            Map<String, String> labels = Map.of("app", "anti-" + (i / 10));
            PodAffinityTerm term = new PodAffinityTerm(LabelSelector.of(labels), null, null, Labels.HOSTNAME, null);
            pods.add(pod(
                    "anti-" + n++,
                    labels,
                    smallRequests(random),
                    null,
                    new Affinity(null, null, null, null, List.of(term), null),
                    List.of()));
        }
        for (int i = 0; i < arm; i++) {
            pods.add(pod(
                    "arm-" + n++,
                    Map.of("app", "arm-" + (i % 10)),
                    smallRequests(random),
                    Map.of(Labels.ARCH, "arm64"),
                    Affinity.NONE,
                    List.of()));
        }
        for (int i = 0; i < large; i++) {
            pods.add(pod(
                    "large-" + n++,
                    Map.of("app", "large"),
                    Resources.ofCpuMemoryMiB(16_000, 64 * 1024),
                    null,
                    Affinity.NONE,
                    List.of()));
        }
        return pods;
    }

    /**
     * The labels a node of {@code type} carries: every single-valued {@code In} requirement of the type (instance
     * type, architecture, category, family, size, cpu, memory, ...), plus zone, capacity type, {@code
     * kubernetes.io/os=linux}, NodePool and hostname.
     */
    static Map<String, String> nodeLabels(InstanceType type, String name, String zone, String capacityType) {
        Map<String, String> labels = new HashMap<>();
        for (Requirement r : type.requirements().values()) {
            if (r.operator() == NodeSelectorOperator.IN && r.values().size() == 1) {
                labels.put(r.key(), r.values().iterator().next());
            }
        }
        labels.put(Labels.TOPOLOGY_ZONE, zone);
        labels.put(Labels.CAPACITY_TYPE, capacityType);
        labels.put(Labels.OS, "linux");
        labels.put(Labels.NODE_POOL, "default");
        labels.put(Labels.HOSTNAME, name);
        return labels;
    }

    private static Resources smallRequests(Random random) {
        return Resources.ofCpuMemoryMiB(
                PENDING_CPU_MILLIS[random.nextInt(PENDING_CPU_MILLIS.length)],
                PENDING_MEMORY_MIB[random.nextInt(PENDING_MEMORY_MIB.length)]);
    }

    private static Pod pod(
            String name,
            Map<String, String> labels,
            Resources requests,
            Map<String, String> nodeSelector,
            Affinity affinity,
            List<TopologySpreadConstraint> spread) {
        ObjectMeta meta = new ObjectMeta(name, "default", name, labels, Map.of(), List.of(), null, null);
        PodSpec spec = new PodSpec(
                requests,
                nodeSelector,
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
