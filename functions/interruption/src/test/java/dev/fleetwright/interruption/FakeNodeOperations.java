package dev.fleetwright.interruption;

import dev.fleetwright.core.api.corev1.Node;
import dev.fleetwright.core.api.corev1.ObjectMeta;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.api.corev1.Taint;
import dev.fleetwright.core.state.NodeOperations;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A minimal in-memory cluster behind {@link NodeOperations} for handler specs: nodes with taints and labels, pods per
 * node, pods a PodDisruptionBudget protects (evictions answer 429 until {@link #allowDisruption}), attached volumes, a
 * failure to inject, and a log of every call. An evicted or deleted pod leaves the node at once.
 */
final class FakeNodeOperations implements NodeOperations {

    /** A node: its taints and labels. */
    static final class FakeNode {
        final List<Taint> taints = new ArrayList<>();
        final Map<String, String> labels = new LinkedHashMap<>();
    }

    final Map<String, FakeNode> nodes = new LinkedHashMap<>();
    final Map<String, List<Pod>> pods = new LinkedHashMap<>();
    final Set<String> protectedPods = new HashSet<>();
    final Map<String, Integer> volumes = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();
    final List<String> deletedNodes = new ArrayList<>();
    private RuntimeException nextPodsOnFailure;

    FakeNodeOperations addNode(String name, Pod... onNode) {
        nodes.put(name, new FakeNode());
        pods.put(name, new ArrayList<>(List.of(onNode)));
        return this;
    }

    /** Makes evictions of the pod answer 429 until {@link #allowDisruption}. */
    FakeNodeOperations protect(String podName) {
        protectedPods.add(podName);
        return this;
    }

    void allowDisruption() {
        protectedPods.clear();
    }

    void failNextPodsOn(RuntimeException failure) {
        nextPodsOnFailure = failure;
    }

    @Override
    public synchronized Optional<Node> node(String node) {
        FakeNode n = nodes.get(node);
        if (n == null) {
            return Optional.empty();
        }
        ObjectMeta meta = new ObjectMeta(node, "", "", n.labels, Map.of(), List.of(), null, null);
        return Optional.of(new Node(meta, "", n.taints, false, Resources.NONE, Resources.NONE, true));
    }

    @Override
    public synchronized void removeTaint(String node, Taint taint) {
        calls.add("removeTaint " + node + " " + taint);
        existing(node).taints.removeIf(t -> t.matchesKeyAndEffect(taint));
    }

    @Override
    public synchronized void addTaint(String node, Taint taint) {
        calls.add("addTaint " + node + " " + taint);
        FakeNode n = existing(node);
        if (n.taints.stream().noneMatch(t -> t.matchesKeyAndEffect(taint))) {
            n.taints.add(taint);
        }
    }

    @Override
    public synchronized void setLabel(String node, String key, String value) {
        calls.add("setLabel " + node + " " + key + "=" + value);
        existing(node).labels.put(key, value);
    }

    @Override
    public synchronized List<Pod> podsOn(String node) {
        if (nextPodsOnFailure != null) {
            RuntimeException failure = nextPodsOnFailure;
            nextPodsOnFailure = null;
            throw failure;
        }
        return List.copyOf(pods.getOrDefault(node, List.of()));
    }

    @Override
    public synchronized EvictionResult evict(Pod pod) {
        for (List<Pod> onNode : pods.values()) {
            for (Pod p : onNode) {
                if (p.key().equals(pod.key())) {
                    if (!p.metadata().uid().equals(pod.metadata().uid())) {
                        calls.add("evict " + pod.key() + " 409");
                        return EvictionResult.UID_CHANGED;
                    }
                    if (protectedPods.contains(p.name())) {
                        calls.add("evict " + pod.key() + " 429");
                        return EvictionResult.BLOCKED_BY_DISRUPTION_BUDGET;
                    }
                    onNode.remove(p);
                    calls.add("evict " + pod.key() + " 201");
                    return EvictionResult.EVICTED;
                }
            }
        }
        calls.add("evict " + pod.key() + " 404");
        return EvictionResult.NOT_FOUND;
    }

    @Override
    public synchronized void deletePod(Pod pod, long gracePeriodSeconds) {
        calls.add("deletePod " + pod.key() + " grace=" + gracePeriodSeconds);
        pods.values().forEach(list -> list.removeIf(p -> p.key().equals(pod.key())));
    }

    @Override
    public synchronized int attachedVolumes(String node) {
        return volumes.getOrDefault(node, 0);
    }

    @Override
    public synchronized void deleteNode(String node) {
        calls.add("deleteNode " + node);
        if (nodes.remove(node) != null) {
            deletedNodes.add(node);
        }
        pods.remove(node);
    }

    private FakeNode existing(String node) {
        FakeNode n = nodes.get(node);
        if (n == null) {
            throw new NotFoundException("node " + node + " does not exist");
        }
        return n;
    }
}
