package dev.fleetwright.core.cloudprovider;

import dev.fleetwright.core.api.Ec2NodeClass;
import dev.fleetwright.core.api.NodeClaim;
import dev.fleetwright.core.api.NodePool;
import java.util.List;
import java.util.Objects;

/**
 * Everything a cloud provider needs to launch one NodeClaim.
 *
 * @param nodeClaim the NodeClaim, already recorded with phase Launching; its name is the idempotency token
 * @param nodePool the NodePool it belongs to (labels, taints, startup taints for the node's bootstrap)
 * @param nodeClass its EC2NodeClass
 * @param instanceTypes the instance types it may be, cheapest first, each with its offerings
 */
public record LaunchRequest(
        NodeClaim nodeClaim, NodePool nodePool, Ec2NodeClass nodeClass, List<InstanceType> instanceTypes) {

    /** Copies the list. */
    public LaunchRequest {
        Objects.requireNonNull(nodeClaim, "nodeClaim");
        Objects.requireNonNull(nodePool, "nodePool");
        Objects.requireNonNull(nodeClass, "nodeClass");
        instanceTypes = List.copyOf(instanceTypes);
        if (instanceTypes.isEmpty()) {
            throw new IllegalArgumentException("a launch needs at least one instance type");
        }
    }
}
