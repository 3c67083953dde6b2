package dev.fleetwright.core.cloudprovider;

import dev.fleetwright.core.api.Labels;

/**
 * How an instance is bought: the values of the {@code karpenter.sh/capacity-type} label ([K] pkg/apis/v1/labels.go
 * {@code CapacityTypeSpot}, {@code CapacityTypeOnDemand}, {@code CapacityTypeReserved}).
 */
public enum CapacityType {
    /** Spare EC2 capacity at a discount, reclaimable with a two-minute warning. Label value {@code spot}. */
    SPOT(Labels.CAPACITY_TYPE_SPOT),
    /** Regular EC2 capacity at the on-demand price. Label value {@code on-demand}. */
    ON_DEMAND(Labels.CAPACITY_TYPE_ON_DEMAND),
    /** Capacity from an On-Demand Capacity Reservation or Capacity Block. Label value {@code reserved}. */
    RESERVED(Labels.CAPACITY_TYPE_RESERVED);

    private final String labelValue;

    CapacityType(String labelValue) {
        this.labelValue = labelValue;
    }

    /** The value of the {@code karpenter.sh/capacity-type} label, for example {@code on-demand}. */
    public String labelValue() {
        return labelValue;
    }

    /**
     * The capacity type a label value (or an EC2 usage class, which is spelled the same for spot and on-demand) names.
     *
     * @param labelValue {@code spot}, {@code on-demand} or {@code reserved}
     * @return the capacity type
     * @throws IllegalArgumentException if the value is none of these (null included)
     */
    public static CapacityType fromLabelValue(String labelValue) {
        for (CapacityType type : values()) {
            if (type.labelValue.equals(labelValue)) {
                return type;
            }
        }
        throw new IllegalArgumentException(
                "capacity type \"" + labelValue + "\" is not one of spot, on-demand, reserved");
    }

    @Override
    public String toString() {
        return labelValue;
    }
}
