package dev.fleetwright.core.cloudprovider;

import java.util.Objects;

/**
 * Identifies an offering independent of its price: instance type, zone and capacity type. The unit EC2 reports
 * insufficient capacity for, and the key of the unavailable-offerings cache ([A] pkg/cache/unavailableofferings.go).
 *
 * @param instanceType for example {@code m5.large}
 * @param zone for example {@code us-east-1a}
 * @param capacityType spot, on-demand or reserved
 */
public record OfferingKey(String instanceType, String zone, CapacityType capacityType) {

    /** @throws NullPointerException if a component is null */
    public OfferingKey {
        Objects.requireNonNull(instanceType, "instanceType");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(capacityType, "capacityType");
    }

    /** {@code m5.large/us-east-1a/spot}. */
    @Override
    public String toString() {
        return instanceType + "/" + zone + "/" + capacityType.labelValue();
    }
}
