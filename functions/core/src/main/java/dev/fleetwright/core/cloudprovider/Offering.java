package dev.fleetwright.core.cloudprovider;

import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.scheduling.Requirement;
import dev.fleetwright.core.scheduling.Requirements;
import java.util.Objects;

/**
 * One way to buy an instance type: a zone and a capacity type at a price, after Karpenter's {@code
 * cloudprovider.Offering} ([K] pkg/cloudprovider/types.go). An instance type has one offering per zone × capacity
 * type, so each offering's requirements hold exactly one zone and one capacity type ([A]
 * pkg/providers/instancetype/offering/offering.go).
 *
 * @param zone the availability zone name, for example {@code us-east-1a}
 * @param capacityType how the capacity is bought
 * @param pricePerHourUsd the price in USD per instance-hour, finite and non-negative
 * @param available whether the offering can be launched now (false, for example, after EC2 reported insufficient
 *     capacity for it)
 * @param priceEstimated whether {@code pricePerHourUsd} is an estimate rather than a published price (every spot
 *     price in Fleetwright's catalog is one, see {@link SpotSavings})
 */
public record Offering(
        String zone, CapacityType capacityType, double pricePerHourUsd, boolean available, boolean priceEstimated) {

    /**
     * @throws NullPointerException if {@code zone} or {@code capacityType} is null
     * @throws IllegalArgumentException if the zone is blank or the price is negative or not finite
     */
    public Offering {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(capacityType, "capacityType");
        if (zone.isBlank()) {
            throw new IllegalArgumentException("zone: must not be blank");
        }
        if (!Double.isFinite(pricePerHourUsd) || pricePerHourUsd < 0) {
            throw new IllegalArgumentException(
                    "pricePerHourUsd: must be a finite non-negative number, got " + pricePerHourUsd);
        }
    }

    /**
     * The offering's requirements: {@code topology.kubernetes.io/zone In [zone]} and {@code karpenter.sh/capacity-type
     * In [capacityType]}. Builds a new object on every call; in hot loops use {@link #isCompatible}.
     */
    public Requirements requirements() {
        return Requirements.of(
                Requirement.in(Labels.TOPOLOGY_ZONE, zone),
                Requirement.in(Labels.CAPACITY_TYPE, capacityType.labelValue()));
    }

    /**
     * Whether the offering meets {@code requirements} (Karpenter's {@code Offerings.Compatible}: {@code
     * requirements.IsCompatible(offering.Requirements, AllowUndefinedWellKnownLabels)}). Both keys are well-known, so a
     * key {@code requirements} does not constrain is met; a constrained key must allow the offering's value. Allocates
     * nothing.
     */
    public boolean isCompatible(Requirements requirements) {
        return allows(requirements, Labels.TOPOLOGY_ZONE, zone)
                && allows(requirements, Labels.CAPACITY_TYPE, capacityType.labelValue());
    }

    /** A copy with another availability. */
    public Offering withAvailable(boolean newAvailable) {
        return newAvailable == available
                ? this
                : new Offering(zone, capacityType, pricePerHourUsd, newAvailable, priceEstimated);
    }

    private static boolean allows(Requirements requirements, String key, String value) {
        return !requirements.has(key) || requirements.get(key).has(value);
    }
}
