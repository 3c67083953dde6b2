package dev.fleetwright.testing;

import dev.fleetwright.core.api.corev1.DaemonSet;
import dev.fleetwright.core.api.corev1.Node;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.load.LoadResult;
import dev.fleetwright.core.state.ClusterState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link ClusterState} whose objects tests set directly. Pods are kept in one list; bound ones are those with a
 * node name. Thread-safe (synchronized).
 */
public final class FakeClusterState implements ClusterState {

    private LoadResult config;
    private final List<Pod> pods = new ArrayList<>();
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final List<DaemonSet> daemonSets = new ArrayList<>();
    private final Map<String, Map<String, String>> namespaces = new LinkedHashMap<>();

    /** @param config the NodePools and EC2NodeClasses */
    public FakeClusterState(LoadResult config) {
        this.config = config;
    }

    /** Replaces the configuration. */
    public synchronized void setConfig(LoadResult newConfig) {
        config = newConfig;
    }

    /** Adds pods (pending or bound). */
    public synchronized void addPods(List<Pod> more) {
        pods.addAll(more);
    }

    /** Replaces the pod with the same key, or adds it. */
    public synchronized void putPod(Pod pod) {
        pods.removeIf(p -> p.key().equals(pod.key()));
        pods.add(pod);
    }

    /** Removes the pod with this key. */
    public synchronized void removePod(String key) {
        pods.removeIf(p -> p.key().equals(key));
    }

    /** Adds or replaces a node. */
    public synchronized void putNode(Node node) {
        nodes.put(node.name(), node);
    }

    /** Removes a node. */
    public synchronized void removeNode(String name) {
        nodes.remove(name);
    }

    /** Adds a DaemonSet. */
    public synchronized void addDaemonSet(DaemonSet ds) {
        daemonSets.add(ds);
    }

    /** Sets a namespace's labels. */
    public synchronized void putNamespace(String name, Map<String, String> labels) {
        namespaces.put(name, Map.copyOf(labels));
    }

    /** Every pod. */
    public synchronized List<Pod> pods() {
        return List.copyOf(pods);
    }

    @Override
    public synchronized LoadResult nodePoolsAndNodeClasses() {
        return config;
    }

    @Override
    public synchronized List<Pod> unboundPods() {
        return pods.stream().filter(p -> !p.isBound()).toList();
    }

    @Override
    public synchronized List<Pod> boundPods() {
        return pods.stream().filter(Pod::isBound).toList();
    }

    @Override
    public synchronized List<Node> nodes() {
        return List.copyOf(nodes.values());
    }

    @Override
    public synchronized List<DaemonSet> daemonSets() {
        return List.copyOf(daemonSets);
    }

    @Override
    public synchronized Map<String, Map<String, String>> namespaceLabels() {
        return Map.copyOf(namespaces);
    }
}
