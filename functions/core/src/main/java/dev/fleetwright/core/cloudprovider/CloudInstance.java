package dev.fleetwright.core.cloudprovider;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An instance the cloud provider reports as Fleetwright's (tagged with the cluster), for orphan collection and crash
 * recovery.
 *
 * @param instanceId the EC2 instance ID
 * @param instanceType the instance type
 * @param zone the availability zone
 * @param capacityType spot, on-demand or reserved
 * @param state the EC2 state name: pending, running, shutting-down, terminated, stopping, stopped
 * @param launchTime when it was launched
 * @param tags the instance tags (karpenter.sh/nodeclaim, karpenter.sh/nodepool, ...)
 */
public record CloudInstance(
        String instanceId,
        String instanceType,
        String zone,
        CapacityType capacityType,
        String state,
        Instant launchTime,
        Map<String, String> tags) {

    /** Copies the tags. */
    public CloudInstance {
        Objects.requireNonNull(instanceId, "instanceId");
        tags = Map.copyOf(tags);
    }

    /** The NodeClaim the instance was launched for, from its {@code karpenter.sh/nodeclaim} tag; null if untagged. */
    public String nodeClaimName() {
        return tags.get("karpenter.sh/nodeclaim");
    }

    /** Whether the instance is gone or going (shutting-down or terminated). */
    public boolean isTerminating() {
        return state.equals("shutting-down") || state.equals("terminated");
    }
}
