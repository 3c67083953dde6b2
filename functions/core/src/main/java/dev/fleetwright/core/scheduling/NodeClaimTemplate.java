package dev.fleetwright.core.scheduling;

import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.Limits;
import dev.fleetwright.core.api.NodeClaimTemplateSpec;
import dev.fleetwright.core.api.NodePool;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.api.corev1.Taint;
import dev.fleetwright.core.cloudprovider.InstanceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a NodePool can launch, ready for scheduling: the NodePool's requirements (its requirements, its template labels
 * and {@code karpenter.sh/nodepool}), taints, startup taints, the instance types compatible with those requirements,
 * and what remains of its limits. After Karpenter's {@code NodeClaimTemplate} ([K]
 * pkg/controllers/provisioning/scheduling/nodeclaimtemplate.go).
 *
 * @param nodePoolName the NodePool name
 * @param weight the NodePool weight (0 when unset); higher weights are tried first
 * @param requirements the requirements every NodeClaim of this NodePool carries
 * @param labels labels every node gets (template labels and {@code karpenter.sh/nodepool}); sorted by key
 * @param taints taints pods must tolerate
 * @param startupTaints taints removed after start-up, which pods need not tolerate
 * @param instanceTypes instance types compatible with {@code requirements} that have an available compatible offering
 * @param remainingLimits what is left of each limited resource in canonical units ({@code cpu} in millicores, {@code
 *     memory} in bytes, {@code nodes} as a count, ...); a resource absent here is unlimited
 */
public record NodeClaimTemplate(
        String nodePoolName,
        int weight,
        Requirements requirements,
        Map<String, String> labels,
        List<Taint> taints,
        List<Taint> startupTaints,
        List<InstanceType> instanceTypes,
        Map<String, Long> remainingLimits) {

    /** The pseudo-resource that limits the number of nodes of a NodePool. */
    public static final String NODES = "nodes";

    /** Copies collections. */
    public NodeClaimTemplate {
        Objects.requireNonNull(nodePoolName, "nodePoolName");
        Objects.requireNonNull(requirements, "requirements");
        labels = Map.copyOf(labels);
        taints = List.copyOf(taints);
        startupTaints = List.copyOf(startupTaints);
        instanceTypes = List.copyOf(instanceTypes);
        remainingLimits = Map.copyOf(remainingLimits);
    }

    /**
     * A template from NodePool parts, keeping only the instance types that intersect the requirements and have an
     * available offering compatible with them (as Karpenter's provisioner filters them).
     *
     * @param nodePoolName the NodePool name
     * @param weight the NodePool weight, 0 when unset
     * @param nodePoolRequirements the NodePool's {@code spec.template.spec.requirements}
     * @param templateLabels the NodePool's {@code spec.template.metadata.labels}
     * @param taints the NodePool taints
     * @param startupTaints the NodePool startup taints
     * @param instanceTypes every instance type the NodePool's EC2NodeClass resolves to
     * @param remainingLimits see the record component
     * @return the template
     */
    public static NodeClaimTemplate of(
            String nodePoolName,
            int weight,
            Requirements nodePoolRequirements,
            Map<String, String> templateLabels,
            List<Taint> taints,
            List<Taint> startupTaints,
            List<InstanceType> instanceTypes,
            Map<String, Long> remainingLimits) {
        Map<String, String> labels = new TreeMap<>(templateLabels);
        labels.put(Labels.NODE_POOL, nodePoolName);
        Requirements requirements = nodePoolRequirements.and(Requirements.fromLabels(labels));
        List<InstanceType> compatible = new ArrayList<>();
        for (InstanceType it : instanceTypes) {
            if (it.requirements().intersects(requirements) && it.hasCompatibleAvailableOffering(requirements)) {
                compatible.add(it);
            }
        }
        return new NodeClaimTemplate(
                nodePoolName, weight, requirements, labels, taints, startupTaints, compatible, remainingLimits);
    }

    /**
     * The template of a NodePool: its requirements, labels and taints, the instance types among {@code instanceTypes}
     * that meet them, and what remains of its limits after {@code usage} (the capacity of its existing and in-flight
     * nodes, [K] scheduler.go: limits minus usage).
     *
     * @param nodePool the NodePool
     * @param instanceTypes the instance types its EC2NodeClass resolves to
     * @param usage the summed capacity of the NodePool's existing and in-flight nodes
     * @param nodeCount how many nodes and in-flight NodeClaims the NodePool has
     * @return the template
     */
    public static NodeClaimTemplate of(
            NodePool nodePool, List<InstanceType> instanceTypes, Resources usage, long nodeCount) {
        Map<String, Long> remaining = new TreeMap<>();
        Limits limits = nodePool.spec().limits();
        for (String resource : limits.limitedResources()) {
            remaining.put(resource, limits.resources().get(resource) - usage.get(resource));
        }
        limits.nodes().ifPresent(n -> remaining.put(NODES, n - nodeCount));
        NodeClaimTemplateSpec spec = nodePool.spec().template().spec();
        return of(
                nodePool.name(),
                nodePool.weight(),
                Requirements.fromNodeSelector(spec.requirements()),
                nodePool.spec().template().labels(),
                spec.taints(),
                spec.startupTaints(),
                instanceTypes,
                remaining);
    }

    /** A copy with other instance types (for example restricted to a size range by the cost optimiser). */
    public NodeClaimTemplate withInstanceTypes(List<InstanceType> types) {
        return new NodeClaimTemplate(
                nodePoolName, weight, requirements, labels, taints, startupTaints, types, remainingLimits);
    }
}
