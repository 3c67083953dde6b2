package dev.fleetwright.core.scheduling;

import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.api.corev1.Taint;
import dev.fleetwright.core.cloudprovider.InstanceType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A registered node or in-flight NodeClaim for specifications. Mutable so that a {@link TestCluster} can bind pods,
 * initialize it, taint it or mark it for deletion between provisioning rounds; {@link #build} takes a snapshot. What
 * bound pods request is derived from the bound pods (plus {@link #extraRequested}).
 */
final class ExistingNodeBuilder {

    private final String name;
    private String nodePool;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final List<Taint> taints = new ArrayList<>();
    private final List<Taint> startupTaints = new ArrayList<>();
    private Resources capacity = Resources.NONE;
    private Resources allocatable = Resources.NONE;
    private Resources extraRequested = Resources.NONE;
    private final List<Pod> pods = new ArrayList<>();
    private boolean initialized = true;
    private boolean markedForDeletion;

    ExistingNodeBuilder(String name) {
        this.name = name;
    }

    static ExistingNodeBuilder node(String name) {
        return new ExistingNodeBuilder(name);
    }

    /** A node of {@code type}: its capacity, allocatable and instance-type/arch labels. */
    ExistingNodeBuilder ofType(InstanceType type) {
        this.capacity = type.capacity();
        this.allocatable = type.allocatable();
        labels.put(Labels.INSTANCE_TYPE, type.name());
        type.requirements().get(Labels.ARCH).any().ifPresent(a -> labels.put(Labels.ARCH, a));
        return this;
    }

    ExistingNodeBuilder nodePool(String pool) {
        this.nodePool = pool;
        labels.put(Labels.NODE_POOL, pool);
        return this;
    }

    ExistingNodeBuilder label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    ExistingNodeBuilder taint(Taint t) {
        taints.add(t);
        return this;
    }

    ExistingNodeBuilder clearTaints() {
        taints.clear();
        return this;
    }

    ExistingNodeBuilder startupTaint(Taint t) {
        startupTaints.add(t);
        return this;
    }

    /** Capacity and allocatable (the same, no overhead). */
    ExistingNodeBuilder resources(Resources r) {
        this.capacity = r;
        this.allocatable = r;
        return this;
    }

    ExistingNodeBuilder allocatable(Resources r) {
        this.allocatable = r;
        return this;
    }

    ExistingNodeBuilder extraRequested(Resources r) {
        this.extraRequested = r;
        return this;
    }

    /** Binds a pod (its requests then count as used). */
    ExistingNodeBuilder pod(Pod p) {
        pods.add(p.isBound() ? p : p.boundTo(name));
        return this;
    }

    ExistingNodeBuilder removePods(java.util.function.Predicate<Pod> which) {
        pods.removeIf(which);
        return this;
    }

    ExistingNodeBuilder initialized(boolean value) {
        this.initialized = value;
        return this;
    }

    ExistingNodeBuilder markedForDeletion(boolean value) {
        this.markedForDeletion = value;
        return this;
    }

    String name() {
        return name;
    }

    String nodePoolName() {
        return nodePool;
    }

    Map<String, String> labels() {
        return labels;
    }

    Resources capacity() {
        return capacity;
    }

    List<Pod> pods() {
        return pods;
    }

    ExistingNode build() {
        Resources requested = extraRequested;
        for (Pod p : pods) {
            if (!p.isTerminal()) {
                requested = requested.plus(Scheduler.podRequests(p));
            }
        }
        return new ExistingNode(
                name,
                nodePool,
                labels,
                taints,
                startupTaints,
                allocatable,
                requested,
                pods,
                initialized,
                markedForDeletion);
    }
}
