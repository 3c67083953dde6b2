package dev.fleetwright.interruption;

import dev.fleetwright.core.api.Ec2NodeClass;
import dev.fleetwright.core.cloudprovider.CloudInstance;
import dev.fleetwright.core.cloudprovider.CloudProvider;
import dev.fleetwright.core.cloudprovider.InstanceType;
import dev.fleetwright.core.cloudprovider.LaunchRequest;
import dev.fleetwright.core.cloudprovider.LaunchResult;
import dev.fleetwright.core.cloudprovider.NodeClaimNotFoundException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The part of EC2 drain uses: {@code terminate}, recorded; an instance already terminated (by us or by EC2, see {@link
 * #reclaimedByEc2}) answers {@link NodeClaimNotFoundException} as the EC2 adapter does.
 */
final class RecordingCloud implements CloudProvider {

    /** Every terminate call, in order. */
    final List<String> terminateCalls = new ArrayList<>();
    /** The instances a terminate call of ours actually terminated. */
    final List<String> terminated = new ArrayList<>();

    private final Set<String> gone = new HashSet<>();

    /** EC2 reclaimed the instance (a spot interruption that ran its course). */
    void reclaimedByEc2(String instanceId) {
        gone.add(instanceId);
    }

    @Override
    public synchronized void terminate(String instanceId) {
        terminateCalls.add(instanceId);
        if (!gone.add(instanceId)) {
            throw new NodeClaimNotFoundException("instance " + instanceId + " does not exist or is terminated");
        }
        terminated.add(instanceId);
    }

    @Override
    public List<InstanceType> instanceTypes(Ec2NodeClass nodeClass) {
        throw new UnsupportedOperationException("the interruption function never lists instance types");
    }

    @Override
    public LaunchResult launch(LaunchRequest request) {
        throw new UnsupportedOperationException("the interruption function never launches");
    }

    @Override
    public List<CloudInstance> instances() {
        throw new UnsupportedOperationException("the interruption function never lists instances");
    }

    @Override
    public Optional<CloudInstance> instanceOf(String nodeClaimName) {
        throw new UnsupportedOperationException("the interruption function never looks instances up");
    }
}
