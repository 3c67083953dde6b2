package dev.fleetwright.core.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.corev1.DaemonSet;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.cloudprovider.InstanceType;
import dev.fleetwright.core.cloudprovider.Offering;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A small cluster for scheduling specifications, playing the parts of Karpenter's test environment: NodePools, nodes,
 * DaemonSets and namespaces; {@link #provision} runs one {@link Scheduler} solve (Karpenter's options) and then acts
 * like the fake cloud provider plus {@code ExpectProvisioned}: every new NodeClaim is launched as an in-flight node of
 * its cheapest instance type at that type's cheapest compatible offering, and its pods are bound to it. Later rounds
 * therefore see earlier NodeClaims as existing, uninitialized nodes with bound pods.
 */
final class TestCluster {

    private final List<NodePoolBuilder> nodePools = new ArrayList<>();
    private final List<ExistingNodeBuilder> nodes = new ArrayList<>();
    private final List<DaemonSet> daemonSets = new ArrayList<>();
    private final Map<String, Map<String, String>> namespaces = new HashMap<>();
    private int podCounter;
    private int nodeCounter;

    /** A cluster with one default NodePool named {@code default} over the fake default instance types. */
    static TestCluster withDefaultNodePool() {
        return new TestCluster().nodePool(NodePoolBuilder.nodePool("default"));
    }

    static TestCluster empty() {
        return new TestCluster();
    }

    TestCluster nodePool(NodePoolBuilder pool) {
        nodePools.removeIf(p -> p.name().equals(pool.name()));
        nodePools.add(pool);
        return this;
    }

    /** The NodePool named {@code name}, to change it between rounds. */
    NodePoolBuilder nodePool(String name) {
        return nodePools.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    TestCluster clearNodePools() {
        nodePools.clear();
        return this;
    }

    TestCluster node(ExistingNodeBuilder node) {
        nodes.add(node);
        return this;
    }

    TestCluster daemonSet(DaemonSet ds) {
        daemonSets.add(ds);
        return this;
    }

    TestCluster namespace(String name, Map<String, String> labels) {
        namespaces.put(name, Map.copyOf(labels));
        return this;
    }

    List<ExistingNodeBuilder> nodes() {
        return nodes;
    }

    ExistingNodeBuilder node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
    }

    /** Marks every node initialized (Karpenter's {@code ExpectMakeNodesInitialized}). */
    TestCluster initializeNodes() {
        nodes.forEach(n -> n.initialized(true));
        return this;
    }

    /** Deletes bound pods matching {@code which} from every node. */
    TestCluster deletePods(Predicate<Pod> which) {
        nodes.forEach(n -> n.removePods(which));
        return this;
    }

    /** A new pending pod named {@code pod-N}, created one second after the previous one. */
    PodBuilder pod() {
        podCounter++;
        return PodBuilder.named(String.format("pod-%04d", podCounter)).createdAt(Instant.EPOCH.plusSeconds(podCounter));
    }

    /** {@code count} pending pods, each customized by {@code options}. */
    List<Pod> pods(int count, Consumer<PodBuilder> options) {
        List<Pod> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            PodBuilder b = pod();
            options.accept(b);
            out.add(b.build());
        }
        return out;
    }

    /** The scheduler this cluster would run now. */
    Scheduler scheduler() {
        List<NodeClaimTemplate> templates = new ArrayList<>();
        for (NodePoolBuilder pool : nodePools) {
            Resources used = Resources.NONE;
            long count = 0;
            for (ExistingNodeBuilder n : nodes) {
                if (pool.name().equals(n.nodePoolName())) {
                    used = used.plus(n.capacity());
                    count++;
                }
            }
            templates.add(pool.template(used, count));
        }
        List<ExistingNode> existing =
                nodes.stream().map(ExistingNodeBuilder::build).toList();
        return new Scheduler(templates, existing, daemonSets, namespaces, Scheduler.Options.KARPENTER);
    }

    Round provision(Pod... pods) {
        return provision(List.of(pods));
    }

    /** Solves, launches the new NodeClaims as in-flight nodes and binds every placed pod. */
    Round provision(List<Pod> pods) {
        SchedulingResult result = scheduler().solve(pods);
        Map<String, ExistingNodeBuilder> placement = new HashMap<>();
        Map<String, PlannedNodeClaim> claims = new HashMap<>();
        result.existingNodePods().forEach((name, placed) -> {
            ExistingNodeBuilder n = node(name);
            for (Pod p : placed) {
                n.pod(p);
                placement.put(p.key(), n);
            }
        });
        List<ExistingNodeBuilder> launched = new ArrayList<>();
        for (PlannedNodeClaim c : result.newNodeClaims()) {
            ExistingNodeBuilder n = launch(c);
            launched.add(n);
            for (Pod p : c.pods()) {
                n.pod(p);
                placement.put(p.key(), n);
                claims.put(p.key(), c);
            }
        }
        return new Round(result, placement, claims, launched);
    }

    /** The fake cloud provider's Create: the cheapest type at its cheapest offering, labelled from requirements. */
    private ExistingNodeBuilder launch(PlannedNodeClaim c) {
        nodeCounter++;
        InstanceType type = c.cheapestInstanceType();
        Offering offering = c.expectedOffering();
        Requirements all = c.requirements().and(type.requirements()).and(offering.requirements());
        ExistingNodeBuilder n = ExistingNodeBuilder.node(String.format("node-%04d", nodeCounter))
                .ofType(type)
                .nodePool(c.nodePoolName())
                .initialized(false);
        for (Requirement r : new TreeMap<>(toMap(all)).values()) {
            if (r.key().equals(Labels.HOSTNAME) || r.isComplement()) {
                continue;
            }
            r.any().ifPresent(v -> n.label(r.key(), v));
        }
        c.template().taints().forEach(n::taint);
        c.template().startupTaints().forEach(t -> {
            n.taint(t);
            n.startupTaint(t);
        });
        nodes.add(n);
        return n;
    }

    private static Map<String, Requirement> toMap(Requirements r) {
        Map<String, Requirement> m = new LinkedHashMap<>();
        for (Requirement x : r.values()) {
            m.put(x.key(), x);
        }
        return m;
    }

    /**
     * Pod counts per domain of {@code key} over bound, non-terminal pods in {@code namespace} whose labels include
     * {@code labels}, like Karpenter's {@code ExpectSkew}; domains without pods are absent.
     */
    List<Integer> skew(String namespace, String key, Map<String, String> labels) {
        Map<String, Integer> counts = new TreeMap<>();
        for (ExistingNodeBuilder n : nodes) {
            String domain = n.labels().get(key);
            if (key.equals(Labels.HOSTNAME)) {
                domain = n.name();
            }
            if (domain == null) {
                continue;
            }
            for (Pod p : n.pods()) {
                if (p.namespace().equals(namespace)
                        && !p.isTerminal()
                        && !p.isTerminating()
                        && p.metadata().labels().entrySet().containsAll(labels.entrySet())) {
                    counts.merge(domain, 1, Integer::sum);
                }
            }
        }
        return new ArrayList<>(counts.values());
    }

    List<Integer> skew(String key, Map<String, String> labels) {
        return skew("default", key, labels);
    }

    /** The outcome of one provisioning round. */
    static final class Round {
        final SchedulingResult result;
        private final Map<String, ExistingNodeBuilder> placement;
        private final Map<String, PlannedNodeClaim> claims;
        final List<ExistingNodeBuilder> launched;

        Round(
                SchedulingResult result,
                Map<String, ExistingNodeBuilder> placement,
                Map<String, PlannedNodeClaim> claims,
                List<ExistingNodeBuilder> launched) {
            this.result = result;
            this.placement = placement;
            this.claims = claims;
            this.launched = launched;
        }

        boolean isScheduled(Pod p) {
            return placement.containsKey(p.key());
        }

        /** The node (existing or just launched) the pod was placed on; fails the spec when it was not placed. */
        ExistingNodeBuilder nodeOf(Pod p) {
            assertThat(placement)
                    .as("pod %s should be scheduled; errors: %s", p.key(), result.podErrors())
                    .containsKey(p.key());
            return placement.get(p.key());
        }

        /** A label of the pod's node. */
        String label(Pod p, String key) {
            return nodeOf(p).labels().get(key);
        }

        /** The new NodeClaim the pod went to, if any. */
        Optional<PlannedNodeClaim> claimOf(Pod p) {
            return Optional.ofNullable(claims.get(p.key()));
        }

        /** The instance-type names the pod's new NodeClaim may launch, cheapest first. */
        List<String> instanceTypeOptions(Pod p) {
            return claimOf(p).orElseThrow().instanceTypes().stream()
                    .map(InstanceType::name)
                    .toList();
        }

        /** The pod's scheduling error, or empty when it was placed. */
        String errorOf(Pod p) {
            return result.podErrors().stream()
                    .filter(e -> e.pod().key().equals(p.key()))
                    .map(PodError::reason)
                    .findFirst()
                    .orElse("");
        }

        int newNodeCount() {
            return result.newNodeClaims().size();
        }

        Round expectScheduled(Pod... pods) {
            return expectScheduled(List.of(pods));
        }

        Round expectScheduled(List<Pod> pods) {
            for (Pod p : pods) {
                nodeOf(p);
            }
            return this;
        }

        Round expectNotScheduled(Pod... pods) {
            return expectNotScheduled(List.of(pods));
        }

        Round expectNotScheduled(List<Pod> pods) {
            for (Pod p : pods) {
                assertThat(placement)
                        .as("pod %s should not be scheduled", p.key())
                        .doesNotContainKey(p.key());
                assertThat(errorOf(p)).as("error of %s", p.key()).isNotEmpty();
            }
            return this;
        }

        /** The number of distinct nodes the given pods landed on. */
        long distinctNodes(List<Pod> pods) {
            return pods.stream().map(p -> nodeOf(p).name()).distinct().count();
        }
    }
}
