package dev.fleetwright.core.scheduling;

import dev.fleetwright.core.api.corev1.Affinity;
import dev.fleetwright.core.api.corev1.Container;
import dev.fleetwright.core.api.corev1.NodeSelectorRequirement;
import dev.fleetwright.core.api.corev1.NodeSelectorTerm;
import dev.fleetwright.core.api.corev1.ObjectMeta;
import dev.fleetwright.core.api.corev1.OwnerReference;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.PodAffinityTerm;
import dev.fleetwright.core.api.corev1.PodSpec;
import dev.fleetwright.core.api.corev1.PodStatus;
import dev.fleetwright.core.api.corev1.PreferredSchedulingTerm;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.api.corev1.Toleration;
import dev.fleetwright.core.api.corev1.TopologySpreadConstraint;
import dev.fleetwright.core.api.corev1.WeightedPodAffinityTerm;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds pods the way Karpenter's {@code test.UnschedulablePod(test.PodOptions{...})} does: pending and unschedulable
 * by default, in namespace {@code default}, with resources given per container so that limits, init containers,
 * sidecars and RuntimeClass overhead go through {@link Container#podRequests}. Quantities use Kubernetes notation
 * ({@code "1.5"}, {@code "100m"}, {@code "1Gi"}, {@code "2000M"}).
 */
final class PodBuilder {

    private final String name;
    private String namespace = "default";
    private final Map<String, String> labels = new LinkedHashMap<>();
    private Instant created = Instant.EPOCH;
    private final List<Container> containers = new ArrayList<>();
    private final List<Container> initContainers = new ArrayList<>();
    private Resources overhead;
    private final Map<String, String> nodeSelector = new LinkedHashMap<>();
    private final List<NodeSelectorTerm> requiredTerms = new ArrayList<>();
    private final List<PreferredSchedulingTerm> preferredTerms = new ArrayList<>();
    private final List<Toleration> tolerations = new ArrayList<>();
    private final List<TopologySpreadConstraint> spreads = new ArrayList<>();
    private final List<PodAffinityTerm> podAffinity = new ArrayList<>();
    private final List<WeightedPodAffinityTerm> preferredPodAffinity = new ArrayList<>();
    private final List<PodAffinityTerm> podAntiAffinity = new ArrayList<>();
    private final List<WeightedPodAffinityTerm> preferredPodAntiAffinity = new ArrayList<>();
    private OwnerReference owner;
    private String nodeName;
    private PodStatus status = PodStatus.UNSCHEDULABLE;
    private Instant deletion;

    PodBuilder(String name) {
        this.name = name;
    }

    static PodBuilder named(String name) {
        return new PodBuilder(name);
    }

    PodBuilder namespace(String ns) {
        this.namespace = ns;
        return this;
    }

    PodBuilder label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    PodBuilder labels(Map<String, String> more) {
        labels.putAll(more);
        return this;
    }

    PodBuilder createdAt(Instant t) {
        this.created = t;
        return this;
    }

    /** One container requesting these quantities, given as name/value pairs ({@code "cpu", "1", "memory", "1Gi"}). */
    PodBuilder requests(String... nameValuePairs) {
        containers.add(new Container("c" + containers.size(), quantities(nameValuePairs), null, false));
        return this;
    }

    /** One container with only limits (Karpenter then uses the limits as requests). */
    PodBuilder limits(String... nameValuePairs) {
        containers.add(new Container("c" + containers.size(), null, quantities(nameValuePairs), false));
        return this;
    }

    /** One container with both. */
    PodBuilder container(Resources requests, Resources limits) {
        containers.add(new Container("c" + containers.size(), requests, limits, false));
        return this;
    }

    PodBuilder initContainer(String... nameValuePairs) {
        initContainers.add(new Container("i" + initContainers.size(), quantities(nameValuePairs), null, false));
        return this;
    }

    /** An init container with {@code restartPolicy: Always}. */
    PodBuilder sidecar(String... nameValuePairs) {
        initContainers.add(new Container("s" + initContainers.size(), quantities(nameValuePairs), null, true));
        return this;
    }

    /** RuntimeClass pod overhead ({@code spec.overhead}). */
    PodBuilder overhead(String... nameValuePairs) {
        this.overhead = quantities(nameValuePairs);
        return this;
    }

    PodBuilder nodeSelector(String key, String value) {
        nodeSelector.put(key, value);
        return this;
    }

    /**
     * Karpenter's {@code NodeRequirements}: the expressions are ANDed into the first required term (created when
     * absent).
     */
    PodBuilder nodeRequirements(NodeSelectorRequirement... reqs) {
        if (requiredTerms.isEmpty()) {
            requiredTerms.add(new NodeSelectorTerm(List.of(reqs)));
        } else {
            List<NodeSelectorRequirement> all =
                    new ArrayList<>(requiredTerms.get(0).matchExpressions());
            all.addAll(List.of(reqs));
            requiredTerms.set(0, new NodeSelectorTerm(all));
        }
        return this;
    }

    /** One more required node-selector term (terms are ORed). */
    PodBuilder requiredTerm(NodeSelectorRequirement... reqs) {
        requiredTerms.add(new NodeSelectorTerm(List.of(reqs)));
        return this;
    }

    /** One preferred node-affinity term. */
    PodBuilder preferred(int weight, NodeSelectorRequirement... reqs) {
        preferredTerms.add(new PreferredSchedulingTerm(weight, new NodeSelectorTerm(List.of(reqs))));
        return this;
    }

    PodBuilder toleration(Toleration t) {
        tolerations.add(t);
        return this;
    }

    PodBuilder spread(TopologySpreadConstraint c) {
        spreads.add(c);
        return this;
    }

    PodBuilder podAffinity(PodAffinityTerm t) {
        podAffinity.add(t);
        return this;
    }

    PodBuilder preferredPodAffinity(int weight, PodAffinityTerm t) {
        preferredPodAffinity.add(new WeightedPodAffinityTerm(weight, t));
        return this;
    }

    PodBuilder podAntiAffinity(PodAffinityTerm t) {
        podAntiAffinity.add(t);
        return this;
    }

    PodBuilder preferredPodAntiAffinity(int weight, PodAffinityTerm t) {
        preferredPodAntiAffinity.add(new WeightedPodAffinityTerm(weight, t));
        return this;
    }

    PodBuilder ownedByDaemonSet(String daemonSetName) {
        this.owner = new OwnerReference("apps/v1", "DaemonSet", daemonSetName, daemonSetName + "-uid", true);
        return this;
    }

    /** A mirror (static) pod, owned by its Node. */
    PodBuilder ownedByNode(String node) {
        this.owner = new OwnerReference("v1", "Node", node, node + "-uid", true);
        return this;
    }

    /** Bound and running on {@code node}. */
    PodBuilder boundTo(String node) {
        this.nodeName = node;
        this.status = PodStatus.RUNNING;
        return this;
    }

    PodBuilder phase(String phase) {
        this.status = new PodStatus(phase, status.conditions(), "");
        return this;
    }

    PodBuilder terminating() {
        this.deletion = Instant.EPOCH.plusSeconds(1);
        return this;
    }

    Pod build() {
        ObjectMeta meta = new ObjectMeta(
                name,
                namespace,
                namespace + "-" + name + "-uid",
                new HashMap<>(labels),
                Map.of(),
                owner == null ? List.of() : List.of(owner),
                created,
                deletion);
        Resources requests = Container.podRequests(containers, initContainers, overhead);
        Affinity affinity = new Affinity(
                requiredTerms,
                preferredTerms,
                podAffinity,
                preferredPodAffinity,
                podAntiAffinity,
                preferredPodAntiAffinity);
        PodSpec spec = new PodSpec(
                requests,
                nodeSelector,
                affinity,
                tolerations,
                spreads,
                nodeName,
                0,
                null,
                PodSpec.DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS,
                null);
        return new Pod(meta, spec, status);
    }

    static Resources quantities(String... nameValuePairs) {
        if (nameValuePairs.length % 2 != 0) {
            throw new IllegalArgumentException("quantities come in name/value pairs");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            map.put(nameValuePairs[i], nameValuePairs[i + 1]);
        }
        return Resources.parse(map);
    }
}
