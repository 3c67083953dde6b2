package dev.fleetwright.core.cloudprovider;

import dev.fleetwright.core.api.Ec2NodeClass;
import java.util.List;
import java.util.Optional;

/**
 * The port to the cloud: what instance types an EC2NodeClass can launch, launching and terminating instances, and
 * listing the cluster's instances. The AWS adapter implements it with EC2 CreateFleet; the simulator with a simulated
 * EC2 on the bundled catalog. After Karpenter's {@code cloudprovider.CloudProvider} ([K] pkg/cloudprovider/types.go).
 *
 * <p>Implementations are safe to call from one reconcile at a time; they hold no per-call state.
 */
public interface CloudProvider {

    /**
     * The instance types the EC2NodeClass can launch: catalog entries resolved with its overhead settings, each with
     * offerings only in zones its subnets cover, and offerings EC2 recently had no capacity for marked unavailable.
     *
     * @param nodeClass the EC2NodeClass
     * @return the instance types, in catalog order
     * @throws NodeClassNotReadyException if its subnets cannot be resolved
     */
    List<InstanceType> instanceTypes(Ec2NodeClass nodeClass);

    /**
     * Launches one instance for a NodeClaim, choosing among the request's instance types and offerings (on-demand:
     * lowest price; spot: price-capacity-optimized). Idempotent on the NodeClaim name: a repeated call for the same
     * NodeClaim returns the instance already launched.
     *
     * @param request what to launch
     * @return what was launched, and offerings found without capacity on the way
     * @throws InsufficientCapacityException if no allowed offering had capacity
     * @throws NodeClassNotReadyException if subnets, security groups, AMI or instance profile cannot be resolved
     * @throws CloudProviderException for other failures; {@link CloudProviderException#isRetryable()} says whether to
     *     retry
     */
    LaunchResult launch(LaunchRequest request);

    /**
     * Terminates an instance.
     *
     * @param instanceId the instance
     * @throws NodeClaimNotFoundException if it is already terminated or unknown
     */
    void terminate(String instanceId);

    /**
     * The cluster's instances that are not terminated, found by tag.
     *
     * @return the instances
     */
    List<CloudInstance> instances();

    /**
     * The instance launched for a NodeClaim, found by its {@code karpenter.sh/nodeclaim} tag.
     *
     * @param nodeClaimName the NodeClaim name
     * @return the instance, or empty when none exists (never launched, or terminated)
     */
    Optional<CloudInstance> instanceOf(String nodeClaimName);
}
