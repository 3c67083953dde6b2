package dev.fleetwright.core.scheduling;

import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.corev1.LabelSelector;
import dev.fleetwright.core.api.corev1.NodeSelectorTerm;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.PodAffinityTerm;
import dev.fleetwright.core.api.corev1.Taint;
import dev.fleetwright.core.api.corev1.TopologySpreadConstraint;
import dev.fleetwright.core.api.corev1.TopologySpreadConstraint.Policy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Topology state of one solve: every topology group that pending pods own (spread constraints, pod affinity, pod
 * anti-affinity) and the inverse anti-affinity groups of pods already running or placed, with pod counts per domain.
 * After Karpenter's {@code Topology} ([K] pkg/controllers/provisioning/scheduling/topology.go).
 *
 * <p>Mutable; one instance per solve, used on one thread.
 */
final class Topology {

    /**
     * A domain value that some capacity can provide, with the taints of that capacity (for nodeTaintsPolicy).
     *
     * @param key the topology key
     * @param value the domain, for example {@code us-east-1a}
     * @param taints taints of the NodePool or node providing it
     * @param node the labels of the existing node providing it, as requirements; null when a NodePool provides it. A
     *     spread group only learns a node's domain when the node passes the group's node filter (nodeAffinityPolicy
     *     and nodeTaintsPolicy), as Karpenter's {@code countDomains} skips other nodes ([K] topologygroup.go)
     */
    record Domain(String key, String value, List<Taint> taints, Requirements node) {

        /** A domain a NodePool provides. */
        Domain(String key, String value, List<Taint> taints) {
            this(key, value, taints, null);
        }
    }

    /**
     * A pod already bound somewhere, with the labels and taints of its node.
     *
     * @param pod the pod
     * @param nodeLabels the node's labels (hostname included)
     * @param nodeRequirements the node's labels as requirements (shared by all pods of a node)
     * @param nodeTaints the node's taints
     */
    record PlacedPod(Pod pod, Map<String, String> nodeLabels, Requirements nodeRequirements, List<Taint> nodeTaints) {}

    private final Map<String, Map<String, String>> namespaceLabels;
    private final List<Domain> domains;
    private final List<PlacedPod> placed;
    private final Map<TopologyGroup.Identity, TopologyGroup> groups = new LinkedHashMap<>();
    private final Map<TopologyGroup.Identity, TopologyGroup> inverseGroups = new LinkedHashMap<>();
    private final Map<String, List<TopologyGroup>> ownedByPod = new HashMap<>();
    private final Map<String, List<TopologyGroup>> inverseSelectingPod = new HashMap<>();
    private final Set<String> topologyKeys = new HashSet<>();
    private final Set<Domain> registered = new HashSet<>();
    private boolean lastFailurePermanent;
    private final Map<String, List<PlacedPod>> placedByNamespace = new HashMap<>();
    private final Map<Selected, List<TopologyGroup>> selectingCache = new HashMap<>();
    private long selectingVersion;
    private long selectingCacheVersion = -1;

    /**
     * Builds the topology for a solve.
     *
     * @param namespaceLabels labels of each namespace, for namespace selectors
     * @param domains every domain the NodePools' instance types and the existing nodes provide
     * @param placed pods already bound to nodes (existing and in-flight), excluding the pods being scheduled
     * @param pending the pods being scheduled
     */
    Topology(
            Map<String, Map<String, String>> namespaceLabels,
            List<Domain> domains,
            List<PlacedPod> placed,
            List<PodConstraints> pending) {
        this.namespaceLabels = namespaceLabels;
        this.domains = new ArrayList<>(domains);
        this.placed = placed;
        for (PlacedPod p : placed) {
            placedByNamespace
                    .computeIfAbsent(p.pod().namespace(), ns -> new ArrayList<>())
                    .add(p);
        }
        for (PlacedPod p : placed) {
            for (PodAffinityTerm term : p.pod().spec().affinity().requiredPodAntiAffinity()) {
                TopologyGroup g = inverseGroup(p.pod(), term);
                String domain = p.nodeLabels().get(term.topologyKey());
                if (domain != null) {
                    g.record(domain);
                }
            }
        }
        for (PodConstraints c : pending) {
            update(c);
            for (PodAffinityTerm term : c.pod().spec().affinity().requiredPodAntiAffinity()) {
                inverseGroup(c.pod(), term).addOwner(c.pod().key());
            }
        }
    }

    /** Whether any pod has a constraint on this key (then new NodeClaims register their domain). */
    boolean tracks(String key) {
        return topologyKeys.contains(key);
    }

    /**
     * Re-derives the groups a pod owns from its current constraints (after construction and after each relaxation),
     * so that relaxed preferences stop influencing placement.
     */
    void update(PodConstraints c) {
        String podKey = c.pod().key();
        List<TopologyGroup> previous = ownedByPod.remove(podKey);
        if (previous != null) {
            previous.forEach(g -> g.removeOwner(podKey));
        }
        List<TopologyGroup> owned = new ArrayList<>();
        for (TopologySpreadConstraint s : c.topologySpread()) {
            owned.add(group(spreadIdentity(c, s)));
        }
        for (PodAffinityTerm term : c.podAffinity()) {
            owned.add(group(affinityIdentity(c.pod(), term, TopologyGroup.Type.AFFINITY)));
        }
        for (PodAffinityTerm term : c.podAntiAffinity()) {
            owned.add(group(affinityIdentity(c.pod(), term, TopologyGroup.Type.ANTI_AFFINITY)));
        }
        owned.forEach(g -> g.addOwner(podKey));
        ownedByPod.put(podKey, owned);
    }

    /** Makes a new domain known (a new NodeClaim's hostname) to every group on {@code key}. */
    void register(String key, String value, List<Taint> taints) {
        Domain d = new Domain(key, value, taints);
        if (!registered.add(d)) {
            return;
        }
        domains.add(d);
        for (TopologyGroup g : groups.values()) {
            if (g.key().equals(key)) {
                g.registerDomain(value, eligible(g, d));
            }
        }
        for (TopologyGroup g : inverseGroups.values()) {
            if (g.key().equals(key)) {
                g.registerDomain(value, true);
            }
        }
    }

    /**
     * Tightens {@code node} with what topology allows {@code c} on it.
     *
     * @param c the pod's current constraints
     * @param podRequirements the pod's node requirements (its allowed domains)
     * @param node the node's requirements, already intersected with the pod's
     * @param failure receives the reason when the result is null; null when no reason is wanted
     * @return the tightened requirements, or null when no domain is allowed
     */
    Requirements addRequirements(
            String podKey, PodConstraints c, Requirements podRequirements, Requirements node, StringBuilder failure) {
        List<TopologyGroup> owned = ownedByPod.getOrDefault(podKey, List.of());
        List<TopologyGroup> inverse = inverseSelecting(podKey, c.pod());
        if (owned.isEmpty() && inverse.isEmpty()) {
            return node;
        }
        Requirements result = node;
        for (int i = 0, n = owned.size() + inverse.size(); i < n; i++) {
            TopologyGroup g = i < owned.size() ? owned.get(i) : inverse.get(i - owned.size());
            Requirement podDomains = podRequirements.get(g.key());
            if (g.type() == TopologyGroup.Type.SPREAD && !g.id.honorNodeAffinity()) {
                podDomains = Requirement.exists(g.key());
            }
            Requirement nodeDomains = result.get(g.key());
            Requirement allowed = g.next(c.pod(), podDomains, nodeDomains);
            if (!allowed.hasIntersection(nodeDomains)) {
                lastFailurePermanent = isPermanent(g, nodeDomains);
                if (failure == null) {
                    return null;
                }
                failure.append("unsatisfiable topology constraint for ")
                        .append(describe(g, i >= owned.size()))
                        .append(", key=")
                        .append(g.key())
                        .append(" (counts = ")
                        .append(g.describeCounts())
                        .append(", podDomains = ")
                        .append(podDomains)
                        .append(", nodeDomains = ")
                        .append(nodeDomains)
                        .append(')');
                return null;
            }
            result = result.and(allowed);
        }
        return result;
    }

    /**
     * Whether the last failed {@link #addRequirements} can never succeed later in this solve for the same pod and node:
     * counts only grow during a solve, so a single concrete domain refused by anti-affinity (it holds a matching pod)
     * or by hostname spread (its count already exceeds maxSkew; the global minimum of hostname spread is always 0)
     * stays refused.
     */
    boolean lastFailurePermanent() {
        return lastFailurePermanent;
    }

    private static boolean isPermanent(TopologyGroup g, Requirement nodeDomains) {
        boolean concrete = !nodeDomains.isComplement() && nodeDomains.values().size() == 1;
        return concrete
                && (g.type() == TopologyGroup.Type.ANTI_AFFINITY
                        || (g.type() == TopologyGroup.Type.SPREAD && g.key().equals(Labels.HOSTNAME)));
    }

    /** Whether any topology group constrains the pod (its own constraints, or running pods' anti-affinity). */
    boolean constrains(String podKey, Pod pod) {
        return !ownedByPod.getOrDefault(podKey, List.of()).isEmpty()
                || !inverseSelecting(podKey, pod).isEmpty();
    }

    /** Counts a pod placed on a node with these requirements and taints in every group that cares. */
    void record(String podKey, Pod pod, Requirements node, List<Taint> taints) {
        for (TopologyGroup g : selecting(pod)) {
            if (!g.id.nodeFilter().matches(node, taints)) {
                continue;
            }
            Requirement domains = node.get(g.key());
            if (g.type() == TopologyGroup.Type.ANTI_AFFINITY) {
                if (!domains.isComplement()) {
                    g.record(domains.values());
                }
            } else if (!domains.isComplement() && domains.values().size() == 1) {
                g.record(domains.values().iterator().next());
            }
        }
        for (TopologyGroup g : inverseGroups.values()) {
            if (g.isOwnedBy(podKey)) {
                Requirement domains = node.get(g.key());
                if (!domains.isComplement()) {
                    g.record(domains.values());
                }
            }
        }
    }

    private List<TopologyGroup> inverseSelecting(String podKey, Pod pod) {
        return inverseSelectingPod.computeIfAbsent(podKey, k -> {
            List<TopologyGroup> list = new ArrayList<>();
            for (TopologyGroup g : inverseGroups.values()) {
                if (g.selects(pod)) {
                    list.add(g);
                }
            }
            return list;
        });
    }

    private TopologyGroup group(TopologyGroup.Identity id) {
        TopologyGroup existing = groups.get(id);
        if (existing != null) {
            return existing;
        }
        TopologyGroup g = new TopologyGroup(id);
        topologyKeys.add(id.key());
        for (Domain d : domains) {
            if (!d.key().equals(id.key())) {
                continue;
            }
            if (d.node() == null) {
                g.registerDomain(d.value(), eligible(g, d));
            } else if (id.nodeFilter().matches(d.node(), d.taints())) {
                g.registerDomain(d.value(), true);
            }
        }
        Iterable<PlacedPod> candidates =
                id.namespaces().all() ? placed : placedIn(id.namespaces().names());
        for (PlacedPod p : candidates) {
            // Cheapest test first: most running pods are not selected by a given group.
            if (!g.selects(p.pod()) || p.pod().isTerminal() || p.pod().isTerminating()) {
                continue;
            }
            String domain = p.nodeLabels().get(id.key());
            if (domain != null && id.nodeFilter().matches(p.nodeRequirements(), p.nodeTaints())) {
                g.record(domain);
            }
        }
        groups.put(id, g);
        selectingVersion++;
        return g;
    }

    /** Placed pods of the given namespaces. */
    private List<PlacedPod> placedIn(Set<String> namespaces) {
        List<PlacedPod> out = new ArrayList<>();
        for (String ns : namespaces) {
            out.addAll(placedByNamespace.getOrDefault(ns, List.of()));
        }
        return out;
    }

    /**
     * The groups whose namespaces and selector include a pod with this namespace and these labels, cached per
     * (namespace, labels) until a group is added.
     */
    private List<TopologyGroup> selecting(Pod pod) {
        if (selectingCacheVersion != selectingVersion) {
            selectingCache.clear();
            selectingCacheVersion = selectingVersion;
        }
        return selectingCache.computeIfAbsent(
                new Selected(pod.namespace(), pod.metadata().labels()), k -> {
                    List<TopologyGroup> list = new ArrayList<>();
                    for (TopologyGroup g : groups.values()) {
                        if (g.selects(pod)) {
                            list.add(g);
                        }
                    }
                    return list;
                });
    }

    private record Selected(String namespace, Map<String, String> labels) {}

    private TopologyGroup inverseGroup(Pod owner, PodAffinityTerm term) {
        TopologyGroup.Identity id = new TopologyGroup.Identity(
                TopologyGroup.Type.ANTI_AFFINITY,
                term.topologyKey(),
                namespaces(owner, term),
                selectorWithMatchLabelKeys(term.labelSelector(), term.matchLabelKeys(), owner),
                Integer.MAX_VALUE,
                null,
                TopologyGroup.NodeFilter.ANY,
                false);
        TopologyGroup g = inverseGroups.get(id);
        if (g == null) {
            g = new TopologyGroup(id);
            topologyKeys.add(id.key());
            for (Domain d : domains) {
                if (d.key().equals(id.key())) {
                    g.registerDomain(d.value(), true);
                }
            }
            inverseGroups.put(id, g);
        }
        g.addOwner(owner.key());
        return g;
    }

    private static boolean eligible(TopologyGroup g, Domain d) {
        return g.id.nodeFilter().tolerates(d.taints());
    }

    private TopologyGroup.Identity spreadIdentity(PodConstraints c, TopologySpreadConstraint s) {
        TopologyGroup.NodeFilter filter;
        boolean honorAffinity = s.nodeAffinityPolicy() == Policy.HONOR;
        boolean honorTaints = s.nodeTaintsPolicy() == Policy.HONOR;
        List<Requirements> terms = new ArrayList<>();
        if (honorAffinity) {
            Requirements selector = Requirements.fromLabels(c.pod().spec().nodeSelector());
            List<NodeSelectorTerm> required = c.pod().spec().affinity().requiredNodeTerms();
            if (required.isEmpty()) {
                if (!selector.isEmpty()) {
                    terms.add(selector);
                }
            } else {
                for (NodeSelectorTerm t : required) {
                    terms.add(selector.and(Requirements.fromNodeSelector(t.matchExpressions())));
                }
            }
        }
        filter =
                new TopologyGroup.NodeFilter(terms, honorTaints ? c.pod().spec().tolerations() : null);
        Integer minDomains = s.whenUnsatisfiable() == TopologySpreadConstraint.WhenUnsatisfiable.DO_NOT_SCHEDULE
                ? s.minDomains()
                : null;
        return new TopologyGroup.Identity(
                TopologyGroup.Type.SPREAD,
                s.topologyKey(),
                new TopologyGroup.NamespaceSet(false, Set.of(c.pod().namespace())),
                selectorWithMatchLabelKeys(s.labelSelector(), s.matchLabelKeys(), c.pod()),
                s.maxSkew(),
                minDomains,
                filter,
                honorAffinity);
    }

    private TopologyGroup.Identity affinityIdentity(Pod pod, PodAffinityTerm term, TopologyGroup.Type type) {
        return new TopologyGroup.Identity(
                type,
                term.topologyKey(),
                namespaces(pod, term),
                selectorWithMatchLabelKeys(term.labelSelector(), term.matchLabelKeys(), pod),
                Integer.MAX_VALUE,
                null,
                TopologyGroup.NodeFilter.ANY,
                false);
    }

    /**
     * The namespaces a term selects (Kubernetes rules): the namespaces matched by {@code namespaceSelector} (every
     * namespace for an empty selector) plus the listed ones; the pod's own namespace when neither is given.
     */
    private TopologyGroup.NamespaceSet namespaces(Pod pod, PodAffinityTerm term) {
        if (term.namespaceSelector() == null) {
            return new TopologyGroup.NamespaceSet(
                    false, term.namespaces().isEmpty() ? Set.of(pod.namespace()) : Set.copyOf(term.namespaces()));
        }
        LabelSelector ns = term.namespaceSelector();
        if (ns.matchLabels().isEmpty() && ns.matchExpressions().isEmpty()) {
            return new TopologyGroup.NamespaceSet(true, Set.of());
        }
        Set<String> names = new HashSet<>(term.namespaces());
        namespaceLabels.forEach((name, labels) -> {
            if (ns.matches(labels)) {
                names.add(name);
            }
        });
        return new TopologyGroup.NamespaceSet(false, names);
    }

    private static LabelSelector selectorWithMatchLabelKeys(LabelSelector selector, List<String> keys, Pod pod) {
        if (selector == null || keys.isEmpty()) {
            return selector;
        }
        List<LabelSelector.Requirement> expressions = new ArrayList<>(selector.matchExpressions());
        for (String key : keys) {
            String value = pod.metadata().labels().get(key);
            if (value != null) {
                expressions.add(new LabelSelector.Requirement(key, LabelSelector.Operator.IN, Set.of(value)));
            }
        }
        return new LabelSelector(selector.matchLabels(), expressions);
    }

    private static String describe(TopologyGroup g, boolean inverse) {
        if (inverse) {
            return "pod anti-affinity of a running pod";
        }
        return switch (g.type()) {
            case SPREAD -> "topology spread";
            case AFFINITY -> "pod affinity";
            case ANTI_AFFINITY -> "pod anti-affinity";
        };
    }
}
