package dev.fleetwright.core.cloudprovider;

import dev.fleetwright.core.api.NodeClaimStatus;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of a successful launch: the instance, and the offerings EC2 reported without capacity on the way (an
 * instant fleet tries overrides in priority order and reports the pools it could not fill even when another one
 * succeeded; [A] pkg/providers/instance/instance.go updates the unavailable-offerings cache from them).
 *
 * @param launch what was launched
 * @param insufficientCapacity offerings EC2 reported without capacity during this launch
 */
public record LaunchResult(NodeClaimStatus.Launch launch, List<OfferingKey> insufficientCapacity) {

    /** Copies the list. */
    public LaunchResult {
        Objects.requireNonNull(launch, "launch");
        insufficientCapacity = List.copyOf(insufficientCapacity);
    }
}
