package dev.fleetwright.core.cloudprovider;

import java.util.List;

/**
 * EC2 had no capacity for any offering the launch allowed ({@code InsufficientInstanceCapacity}, {@code
 * MaxSpotInstanceCountExceeded}, {@code UnfulfillableCapacity}, ...). The offerings named are marked unavailable for
 * a while and the pods are planned again elsewhere ([A] pkg/providers/instance/instance.go, [K] InsufficientCapacityError).
 */
public final class InsufficientCapacityException extends CloudProviderException {

    private final List<OfferingKey> offerings;

    /**
     * @param message what EC2 said
     * @param offerings the offerings EC2 reported without capacity (may be empty when it did not say)
     */
    public InsufficientCapacityException(String message, List<OfferingKey> offerings) {
        super(message, true, null);
        this.offerings = List.copyOf(offerings);
    }

    /** The offerings without capacity. */
    public List<OfferingKey> offerings() {
        return offerings;
    }
}
