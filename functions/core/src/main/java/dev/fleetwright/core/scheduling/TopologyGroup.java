package dev.fleetwright.core.scheduling;

import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.corev1.LabelSelector;
import dev.fleetwright.core.api.corev1.NodeSelectorOperator;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.Taint;
import dev.fleetwright.core.api.corev1.TaintEffect;
import dev.fleetwright.core.api.corev1.Toleration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Pod counts per domain of one topology key for one selector: the unit behind topology spread, pod affinity and pod
 * anti-affinity ([K] pkg/controllers/provisioning/scheduling/topologygroup.go). Pods of the same workload share a
 * group. Mutable; used by one solve on one thread.
 */
final class TopologyGroup {

    /** What the group enforces. */
    enum Type {
        SPREAD,
        AFFINITY,
        ANTI_AFFINITY
    }

    /**
     * The identity of a group: pods whose constraints produce the same identity share counts.
     *
     * @param type spread, affinity or anti-affinity
     * @param key the topology key
     * @param namespaces the namespaces whose pods count
     * @param selector which pods count; null counts none
     * @param maxSkew for spread; {@code Integer.MAX_VALUE} otherwise
     * @param minDomains for spread with DoNotSchedule; null otherwise
     * @param nodeFilter which nodes' pods count (spread with Honor policies); {@link NodeFilter#ANY} otherwise
     * @param honorNodeAffinity for spread: whether the owner's node affinity limits the domains of the global minimum
     */
    record Identity(
            Type type,
            String key,
            NamespaceSet namespaces,
            LabelSelector selector,
            int maxSkew,
            Integer minDomains,
            NodeFilter nodeFilter,
            boolean honorNodeAffinity) {}

    /**
     * A set of namespaces: every namespace, or the listed ones.
     *
     * @param all whether every namespace is included
     * @param names the included namespaces when not all
     */
    record NamespaceSet(boolean all, Set<String> names) {
        NamespaceSet {
            names = Set.copyOf(names);
        }

        boolean contains(String namespace) {
            return all || names.contains(namespace);
        }
    }

    /**
     * Which nodes count for a spread constraint ([K] topologynodefilter.go): with nodeAffinityPolicy Honor the node
     * must satisfy the owner pod's nodeSelector and required node affinity (any term); with nodeTaintsPolicy Honor the
     * owner pod must tolerate the node's taints.
     *
     * @param requirementTerms alternative requirement sets (ORed); empty means any node
     * @param tolerations the tolerations to check taints against; null means taints are ignored
     */
    record NodeFilter(List<Requirements> requirementTerms, List<Toleration> tolerations) {
        static final NodeFilter ANY = new NodeFilter(List.of(), null);

        NodeFilter {
            requirementTerms = List.copyOf(requirementTerms);
            tolerations = tolerations == null ? null : List.copyOf(tolerations);
        }

        boolean matches(Requirements node, List<Taint> taints) {
            if (tolerations != null) {
                for (Taint t : taints) {
                    if (t.effect() != TaintEffect.PREFER_NO_SCHEDULE
                            && Toleration.firstUntolerated(List.of(t), tolerations)
                                    .isPresent()) {
                        return false;
                    }
                }
            }
            if (requirementTerms.isEmpty()) {
                return true;
            }
            for (Requirements term : requirementTerms) {
                if (node.isCompatible(term, Labels.WELL_KNOWN)) {
                    return true;
                }
            }
            return false;
        }

        /** Whether the taint policy lets the owner onto capacity with these taints (PreferNoSchedule never blocks). */
        boolean tolerates(List<Taint> taints) {
            if (tolerations == null) {
                return true;
            }
            for (Taint t : taints) {
                if (t.effect() != TaintEffect.PREFER_NO_SCHEDULE
                        && Toleration.firstUntolerated(List.of(t), tolerations).isPresent()) {
                    return false;
                }
            }
            return true;
        }
    }

    final Identity id;
    /** Domain to count; every known domain is present, with 0 when empty. */
    private final Map<String, Integer> counts = new HashMap<>();
    /** Domains known to the group in a stable order, for deterministic choices. */
    private final TreeSet<String> orderedDomains = new TreeSet<>();
    /** Domains that the group's taint policy lets its owners reach. */
    private final Set<String> eligibleDomains = new HashSet<>();

    private final Set<String> owners = new HashSet<>();

    TopologyGroup(Identity id) {
        this.id = id;
    }

    String key() {
        return id.key();
    }

    Type type() {
        return id.type();
    }

    void addOwner(String podKey) {
        owners.add(podKey);
    }

    void removeOwner(String podKey) {
        owners.remove(podKey);
    }

    boolean isOwnedBy(String podKey) {
        return owners.contains(podKey);
    }

    /** Adds a domain with count 0 if unknown; {@code eligible} says whether the owners may reach it. */
    void registerDomain(String domain, boolean eligible) {
        if (counts.putIfAbsent(domain, 0) == null) {
            orderedDomains.add(domain);
        }
        if (eligible) {
            eligibleDomains.add(domain);
        }
    }

    /** Counts one more matching pod in each domain. */
    void record(Iterable<String> domains) {
        for (String d : domains) {
            if (counts.merge(d, 1, Integer::sum) == 1) {
                orderedDomains.add(d);
            }
        }
    }

    /** Counts one more matching pod in {@code domain}. */
    void record(String domain) {
        if (counts.merge(domain, 1, Integer::sum) == 1) {
            orderedDomains.add(domain);
        }
    }

    int count(String domain) {
        return counts.getOrDefault(domain, 0);
    }

    /** Whether this group counts {@code pod}: the pod is in a selected namespace and matches the selector. */
    boolean selects(Pod pod) {
        return id.selector() != null
                && id.namespaces().contains(pod.namespace())
                && id.selector().matches(pod.metadata().labels());
    }

    /** Whether placing {@code pod} on a node with these requirements and taints adds to this group's counts. */
    boolean counts(Pod pod, Requirements node, List<Taint> taints) {
        return selects(pod) && id.nodeFilter().matches(node, taints);
    }

    /**
     * The domains {@code pod} may take on a node whose domains are {@code nodeDomains}, given the pod's own allowed
     * domains {@code podDomains}; an empty requirement when there are none.
     */
    Requirement next(Pod pod, Requirement podDomains, Requirement nodeDomains) {
        return switch (id.type()) {
            case SPREAD -> nextSpread(pod, podDomains, nodeDomains);
            case AFFINITY -> nextAffinity(pod, podDomains, nodeDomains);
            case ANTI_AFFINITY -> nextAntiAffinity(podDomains, nodeDomains);
        };
    }

    /**
     * The kube-scheduler skew rule: a domain is allowed when its count (plus one if the pod counts itself) minus the
     * global minimum over eligible domains is at most maxSkew. The minimum is 0 for hostname (a new node is always
     * possible) and when fewer eligible domains exist than minDomains. Among allowed domains the least loaded is chosen,
     * ties broken by name (Karpenter breaks them by map order).
     */
    private Requirement nextSpread(Pod pod, Requirement podDomains, Requirement nodeDomains) {
        long min = minCount(podDomains);
        boolean self = selects(pod);
        String best = null;
        long bestCount = Long.MAX_VALUE;
        for (String domain : candidates(nodeDomains)) {
            if (!nodeDomains.has(domain) || !counts.containsKey(domain)) {
                continue;
            }
            long count = counts.get(domain) + (self ? 1 : 0);
            if (count - min <= id.maxSkew() && count < bestCount) {
                best = domain;
                bestCount = count;
            }
        }
        return best == null ? Requirement.doesNotExist(id.key()) : Requirement.in(id.key(), best);
    }

    private long minCount(Requirement podDomains) {
        if (id.key().equals(Labels.HOSTNAME)) {
            return 0;
        }
        long min = Long.MAX_VALUE;
        int eligible = 0;
        for (String domain : orderedDomains) {
            if (podDomains.has(domain) && eligibleDomains.contains(domain)) {
                eligible++;
                min = Math.min(min, counts.get(domain));
            }
        }
        if (id.minDomains() != null && eligible < id.minDomains()) {
            return 0;
        }
        return eligible == 0 ? 0 : min;
    }

    /**
     * Pod affinity: the domains that already hold a matching pod. A pod that matches its own selector may start a new
     * domain when none holds one yet, preferring a domain the node can offer.
     */
    private Requirement nextAffinity(Pod pod, Requirement podDomains, Requirement nodeDomains) {
        List<String> options = new ArrayList<>();
        for (String domain : orderedDomains) {
            if (podDomains.has(domain) && counts.get(domain) > 0) {
                options.add(domain);
            }
        }
        if (options.isEmpty() && selects(pod)) {
            for (String domain : candidates(nodeDomains)) {
                if (podDomains.has(domain) && nodeDomains.has(domain)) {
                    return Requirement.in(id.key(), domain);
                }
            }
            for (String domain : orderedDomains) {
                if (podDomains.has(domain)) {
                    return Requirement.in(id.key(), domain);
                }
            }
        }
        return options.isEmpty() ? Requirement.doesNotExist(id.key()) : Requirement.in(id.key(), options);
    }

    /** Pod anti-affinity: the domains that hold no matching pod. */
    private Requirement nextAntiAffinity(Requirement podDomains, Requirement nodeDomains) {
        List<String> options = new ArrayList<>();
        Requirement narrower = smaller(podDomains, nodeDomains);
        for (String domain : candidates(narrower)) {
            if (podDomains.has(domain) && counts.getOrDefault(domain, 0) == 0 && counts.containsKey(domain)) {
                options.add(domain);
            }
        }
        return options.isEmpty() ? Requirement.doesNotExist(id.key()) : Requirement.in(id.key(), options);
    }

    /** The domains worth scanning for a node requirement: its own values when it is a finite set, else all known. */
    private Iterable<String> candidates(Requirement domains) {
        if (domains.operator() == NodeSelectorOperator.IN && domains.values().size() < orderedDomains.size()) {
            return new TreeSet<>(domains.values());
        }
        return orderedDomains;
    }

    private static Requirement smaller(Requirement a, Requirement b) {
        return a.len() <= b.len() ? a : b;
    }

    /** For error messages: the counts of the domains, sorted. */
    String describeCounts() {
        StringBuilder sb = new StringBuilder("{");
        for (String d : orderedDomains) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            if (sb.length() > 200) {
                sb.append("...");
                break;
            }
            sb.append(d).append('=').append(counts.get(d));
        }
        return sb.append('}').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopologyGroup g && g.id.equals(id);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id);
    }
}
