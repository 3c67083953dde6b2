package dev.fleetwright.core.provisioning;

import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.NodeClaim;
import dev.fleetwright.core.api.NodeClaimPhase;
import dev.fleetwright.core.api.NodePool;
import dev.fleetwright.core.api.corev1.Node;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.api.corev1.Taint;
import dev.fleetwright.core.cloudprovider.InstanceType;
import dev.fleetwright.core.scheduling.ExistingNode;
import dev.fleetwright.core.scheduling.Requirement;
import dev.fleetwright.core.scheduling.Requirements;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scheduler's view of a cluster: registered nodes and in-flight NodeClaims as {@link ExistingNode}s, the capacity
 * each NodePool already uses (for limits), and the pods that need a place (pending ones plus those of nodes being
 * disrupted, so replacements launch while they drain). After Karpenter's cluster state ([K] pkg/controllers/state) and
 * {@code GetPendingPods}/{@code deletingNodePods} ([K] pkg/controllers/provisioning/provisioner.go).
 *
 * @param existingNodes nodes and in-flight NodeClaims, for the scheduler
 * @param usageByNodePool summed capacity of each NodePool's nodes and in-flight NodeClaims (largest candidate type when
 *     the instance type is not known yet)
 * @param nodeCountByNodePool nodes plus in-flight NodeClaims per NodePool
 * @param podsToSchedule provisionable pending pods, then reschedulable pods of nodes being disrupted
 */
public record ClusterModel(
        List<ExistingNode> existingNodes,
        Map<String, Resources> usageByNodePool,
        Map<String, Long> nodeCountByNodePool,
        List<Pod> podsToSchedule) {

    /** Copies collections. */
    public ClusterModel {
        existingNodes = List.copyOf(existingNodes);
        usageByNodePool = Map.copyOf(usageByNodePool);
        nodeCountByNodePool = Map.copyOf(nodeCountByNodePool);
        podsToSchedule = List.copyOf(podsToSchedule);
    }

    /**
     * Builds the model.
     *
     * @param nodes every node
     * @param boundPods pods bound to nodes
     * @param unboundPods pods not bound to a node
     * @param nodeClaims every NodeClaim of the cluster
     * @param nodePools NodePools by name (for startup taints of their nodes)
     * @param instanceTypesByName resolved instance types by name (for in-flight NodeClaims not launched yet)
     * @return the model
     */
    public static ClusterModel of(
            List<Node> nodes,
            List<Pod> boundPods,
            List<Pod> unboundPods,
            List<NodeClaim> nodeClaims,
            Map<String, NodePool> nodePools,
            Map<String, InstanceType> instanceTypesByName) {
        Map<String, List<Pod>> podsByNode = new HashMap<>();
        for (Pod p : boundPods) {
            podsByNode
                    .computeIfAbsent(p.spec().nodeName(), n -> new ArrayList<>())
                    .add(p);
        }
        Map<String, NodeClaim> claimByNode = new HashMap<>();
        Set<String> registeredClaims = new HashSet<>();
        Set<String> nodeNames = new HashSet<>();
        for (Node n : nodes) {
            nodeNames.add(n.name());
        }
        for (NodeClaim c : nodeClaims) {
            String nodeName = c.status().nodeName();
            if (!nodeName.isEmpty() && nodeNames.contains(nodeName)) {
                claimByNode.put(nodeName, c);
                registeredClaims.add(c.name());
            }
        }
        List<ExistingNode> existing = new ArrayList<>();
        Map<String, Resources> usage = new LinkedHashMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        List<Pod> disrupted = new ArrayList<>();
        for (Node n : nodes) {
            NodeClaim claim = claimByNode.get(n.name());
            String pool = n.metadata().labels().get(Labels.NODE_POOL);
            List<Pod> pods = podsByNode.getOrDefault(n.name(), List.of());
            Resources requested = Resources.NONE;
            for (Pod p : pods) {
                if (!p.isTerminal()) {
                    requested = requested.plus(withPodCount(p.spec().requests()));
                }
            }
            boolean deleting = isBeingDisrupted(n, claim);
            List<Taint> startup = pool != null && nodePools.containsKey(pool)
                    ? nodePools.get(pool).spec().template().spec().startupTaints()
                    : List.of();
            boolean initialized = claim != null
                    ? claim.status().phase() == NodeClaimPhase.INITIALIZED
                            || claim.status().phase() == NodeClaimPhase.DRAINING
                    : n.ready();
            existing.add(new ExistingNode(
                    n.name(),
                    pool,
                    n.metadata().labels(),
                    n.taints(),
                    startup,
                    n.allocatable(),
                    requested,
                    pods,
                    initialized,
                    deleting));
            if (pool != null) {
                usage.merge(pool, n.capacity(), Resources::plus);
                counts.merge(pool, 1L, Long::sum);
            }
            if (deleting) {
                for (Pod p : pods) {
                    if (isReschedulable(p)) {
                        disrupted.add(p);
                    }
                }
            }
        }
        for (NodeClaim c : nodeClaims) {
            if (registeredClaims.contains(c.name()) || !isInFlight(c)) {
                continue;
            }
            String pool = c.nodePoolName().orElse(null);
            InFlight inFlight = inFlight(c, instanceTypesByName);
            if (inFlight == null) {
                continue;
            }
            existing.add(new ExistingNode(
                    c.name(),
                    pool,
                    inFlight.labels(),
                    withUnregistered(c.spec().taints()),
                    c.spec().startupTaints(),
                    inFlight.allocatable(),
                    Resources.NONE,
                    List.of(),
                    false,
                    false));
            if (pool != null) {
                usage.merge(pool, inFlight.capacity(), Resources::plus);
                counts.merge(pool, 1L, Long::sum);
            }
        }
        List<Pod> toSchedule = new ArrayList<>();
        for (Pod p : unboundPods) {
            if (p.isProvisionable()) {
                toSchedule.add(p);
            }
        }
        toSchedule.addAll(disrupted);
        return new ClusterModel(existing, usage, counts, toSchedule);
    }

    /** Whether a NodeClaim holds capacity that has not registered yet: Launching or Launched. */
    static boolean isInFlight(NodeClaim c) {
        return c.status().phase() == NodeClaimPhase.LAUNCHING || c.status().phase() == NodeClaimPhase.LAUNCHED;
    }

    private record InFlight(Map<String, String> labels, Resources allocatable, Resources capacity) {}

    /**
     * Labels and capacity of an in-flight NodeClaim: from its launch when EC2 returned an instance; otherwise the
     * smallest allocatable and largest capacity among the instance types it may become (pods planned for it fit all
     * of them; limits count the largest, as Karpenter does).
     */
    private static InFlight inFlight(NodeClaim c, Map<String, InstanceType> types) {
        Requirements requirements = Requirements.fromNodeSelector(c.spec().requirements());
        Map<String, String> labels = new LinkedHashMap<>(c.metadata().labels());
        labels.putAll(requirements.labels());
        labels.put(Labels.HOSTNAME, c.name());
        for (Requirement r : requirements.values()) {
            if (!r.isComplement() && r.values().size() == 1) {
                labels.put(r.key(), r.values().iterator().next());
            }
        }
        if (c.status().phase() == NodeClaimPhase.LAUNCHED
                && !c.status().instanceType().isEmpty()) {
            labels.put(Labels.INSTANCE_TYPE, c.status().instanceType());
            labels.put(Labels.TOPOLOGY_ZONE, c.status().zone());
            labels.put(Labels.CAPACITY_TYPE, c.status().capacityType());
            return new InFlight(labels, c.status().allocatable(), c.status().capacity());
        }
        Resources allocatable = null;
        Resources capacity = null;
        for (String name : requirements.get(Labels.INSTANCE_TYPE).values()) {
            InstanceType it = types.get(name);
            if (it == null) {
                continue;
            }
            allocatable = allocatable == null ? it.allocatable() : allocatable.min(it.allocatable());
            capacity = capacity == null ? it.capacity() : capacity.max(it.capacity());
        }
        if (allocatable == null) {
            return null;
        }
        return new InFlight(labels, allocatable, capacity);
    }

    private static Resources withPodCount(Resources requests) {
        return requests.with(Resources.PODS, requests.pods() + 1);
    }

    private static List<Taint> withUnregistered(List<Taint> taints) {
        List<Taint> all = new ArrayList<>(taints);
        all.add(Taint.UNREGISTERED);
        return all;
    }

    /** Karpenter's disrupted taint, a deletion request, or a draining NodeClaim marks a node as going away. */
    private static boolean isBeingDisrupted(Node n, NodeClaim claim) {
        if (n.metadata().deletionTimestamp() != null) {
            return true;
        }
        if (claim != null
                && (claim.status().phase() == NodeClaimPhase.DRAINING
                        || claim.status().phase() == NodeClaimPhase.TERMINATED)) {
            return true;
        }
        return n.taints().stream().anyMatch(t -> t.matchesKeyAndEffect(Taint.DISRUPTED));
    }

    /** A pod that must move when its node goes: not a DaemonSet or mirror pod and not finished ([K] IsReschedulable). */
    static boolean isReschedulable(Pod p) {
        return !p.isOwnedByDaemonSet() && !p.isMirror() && !p.isTerminal() && !p.isTerminating();
    }
}
