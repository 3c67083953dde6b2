package dev.fleetwright.core.api;

import java.util.Arrays;
import java.util.Optional;

/**
 * The status conditions of a NodeClaim ([K] pkg/apis/v1/nodeclaim_status.go). Launched, Registered and Initialized
 * together make the NodeClaim Ready.
 */
public enum NodeClaimConditionType {
    /** The cloud provider created the instance. */
    LAUNCHED("Launched"),
    /** The node registered with the cluster. */
    REGISTERED("Registered"),
    /** The node is ready for pods (startup and ephemeral taints gone, extended resources registered). */
    INITIALIZED("Initialized"),
    /** {@code consolidateAfter} has passed since the last pod event, so consolidation may consider the node. */
    CONSOLIDATABLE("Consolidatable"),
    /** The node no longer matches its NodePool or EC2NodeClass. */
    DRIFTED("Drifted"),
    /** The node's pods have been evicted. */
    DRAINED("Drained"),
    /** Termination of the instance was requested. */
    INSTANCE_TERMINATING("InstanceTerminating");

    private final String wireName;

    NodeClaimConditionType(String wireName) {
        this.wireName = wireName;
    }

    /** The API name, for example {@code Launched}. */
    public String wireName() {
        return wireName;
    }

    /** The condition type with this API name, or empty. */
    public static Optional<NodeClaimConditionType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
