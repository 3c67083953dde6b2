package dev.fleetwright.core.scheduling;

import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.api.corev1.Taint;
import dev.fleetwright.core.cloudprovider.InstanceType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A NodePool for specifications, turned into a {@link NodeClaimTemplate} the way Karpenter's {@code NewScheduler}
 * prepares one: weight, requirements, template labels, taints, startup taints, the instance types the fake cloud
 * provider returns, and {@code spec.limits} minus what the pool's existing nodes and in-flight NodeClaims already use
 * (their capacity, and one node each).
 */
final class NodePoolBuilder {

    private final String name;
    private int weight;
    private final List<Requirement> requirements = new ArrayList<>();
    private boolean defaultCapacityType = true;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final List<Taint> taints = new ArrayList<>();
    private final List<Taint> startupTaints = new ArrayList<>();
    private List<InstanceType> instanceTypes = FakeInstanceTypes.defaults();
    private final Map<String, Long> limits = new LinkedHashMap<>();

    NodePoolBuilder(String name) {
        this.name = name;
    }

    static NodePoolBuilder nodePool(String name) {
        return new NodePoolBuilder(name);
    }

    String name() {
        return name;
    }

    NodePoolBuilder weight(int w) {
        this.weight = w;
        return this;
    }

    /** Adds a requirement; one on capacity type replaces the default {@code In [spot, on-demand]}. */
    NodePoolBuilder requirement(Requirement r) {
        if (r.key().equals(Labels.CAPACITY_TYPE)) {
            defaultCapacityType = false;
        }
        requirements.add(r);
        return this;
    }

    NodePoolBuilder label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    NodePoolBuilder taint(Taint t) {
        taints.add(t);
        return this;
    }

    NodePoolBuilder startupTaint(Taint t) {
        startupTaints.add(t);
        return this;
    }

    NodePoolBuilder instanceTypes(List<InstanceType> types) {
        this.instanceTypes = List.copyOf(types);
        return this;
    }

    /** A limit in Kubernetes notation ({@code "cpu", "20"}; {@code "nodes", "2"}). */
    NodePoolBuilder limit(String resource, String quantity) {
        long amount = resource.equals(NodeClaimTemplate.NODES)
                ? Long.parseLong(quantity)
                : Resources.parse(Map.of(resource, quantity)).get(resource);
        limits.put(resource, amount);
        return this;
    }

    /**
     * The template, with limits reduced by {@code used} (capacity of the pool's nodes, plus {@code nodes} = their
     * count), as [K] scheduler.go NewScheduler does.
     */
    NodeClaimTemplate template(Resources usedCapacity, long usedNodes) {
        List<Requirement> all = new ArrayList<>(requirements);
        if (defaultCapacityType) {
            all.add(Requirement.in(Labels.CAPACITY_TYPE, Labels.CAPACITY_TYPE_SPOT, Labels.CAPACITY_TYPE_ON_DEMAND));
        }
        Map<String, Long> remaining = new HashMap<>();
        limits.forEach((resource, amount) -> remaining.put(
                resource,
                amount - (resource.equals(NodeClaimTemplate.NODES) ? usedNodes : usedCapacity.get(resource))));
        return NodeClaimTemplate.of(
                name, weight, Requirements.of(all), labels, taints, startupTaints, instanceTypes, remaining);
    }
}
