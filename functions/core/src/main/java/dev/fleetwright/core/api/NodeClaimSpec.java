package dev.fleetwright.core.api;

import dev.fleetwright.core.api.corev1.NodeSelectorRequirement;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.api.corev1.Taint;
import java.util.List;
import java.util.Objects;

/**
 * What a NodeClaim asks for ({@code spec}, [K] pkg/apis/v1/nodeclaim.go {@code NodeClaimSpec}); immutable once
 * created.
 *
 * @param requirements the requirements the launched instance satisfies (the NodePool's, narrowed by the scheduler,
 *     including the price-ordered instance types kept)
 * @param taints taints applied to the node
 * @param startupTaints taints present at startup and removed by a DaemonSet
 * @param nodeClassRef the EC2NodeClass, not null
 * @param resourceRequests the resources the scheduled pods and DaemonSets request, in {@link Resources} units; not
 *     null
 * @param expireAfter how long after creation the node is replaced, or never; not null
 * @param terminationGracePeriod how long draining waits for pods, or never (wait forever); not null
 */
public record NodeClaimSpec(
        List<NodeSelectorRequirement> requirements,
        List<Taint> taints,
        List<Taint> startupTaints,
        NodeClassReference nodeClassRef,
        Resources resourceRequests,
        NillableDuration expireAfter,
        NillableDuration terminationGracePeriod) {

    /**
     * Copies the lists; null lists are empty.
     *
     * @throws NullPointerException if {@code nodeClassRef}, {@code resourceRequests} or a duration is null
     */
    public NodeClaimSpec {
        requirements = requirements == null ? List.of() : List.copyOf(requirements);
        taints = taints == null ? List.of() : List.copyOf(taints);
        startupTaints = startupTaints == null ? List.of() : List.copyOf(startupTaints);
        Objects.requireNonNull(nodeClassRef, "nodeClassRef");
        Objects.requireNonNull(resourceRequests, "resourceRequests");
        Objects.requireNonNull(expireAfter, "expireAfter");
        Objects.requireNonNull(terminationGracePeriod, "terminationGracePeriod");
    }

    /**
     * A NodeClaim spec from a NodePool template, as Karpenter's {@code NodeClaimTemplate.ToNodeClaim}: taints, startup
     * taints, node class and lifetimes come from the template; requirements and requests from the scheduler.
     *
     * @param template the NodePool's template spec, not null
     * @param requirements the scheduler's requirements for this NodeClaim, not null
     * @param resourceRequests the requests of the pods it was created for, not null
     * @return the spec
     */
    public static NodeClaimSpec fromTemplate(
            NodeClaimTemplateSpec template, List<NodeSelectorRequirement> requirements, Resources resourceRequests) {
        return new NodeClaimSpec(
                requirements,
                template.taints(),
                template.startupTaints(),
                template.nodeClassRef(),
                resourceRequests,
                template.expireAfter(),
                template.terminationGracePeriod());
    }
}
