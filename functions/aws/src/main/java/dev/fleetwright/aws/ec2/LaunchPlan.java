package dev.fleetwright.aws.ec2;

import dev.fleetwright.core.cloudprovider.CapacityType;
import dev.fleetwright.core.cloudprovider.InstanceType;
import dev.fleetwright.core.cloudprovider.Offering;
import dev.fleetwright.core.cloudprovider.OfferingKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one CreateFleet call asks for: the capacity type, the launch template groups (one per AMI and pod capacity,
 * since both are baked into the user data) and the overrides, cheapest first. Built by {@link LaunchPlanner}.
 *
 * @param capacityType the capacity type of every override
 * @param groups the launch template groups, in the order of their cheapest override
 * @param overrides every (instance type, zone) to try, cheapest first; {@link PlannedOverride#priority()} is the position
 */
public record LaunchPlan(CapacityType capacityType, List<TemplateGroup> groups, List<PlannedOverride> overrides) {

    /**
     * Instance types that share one launch template.
     *
     * @param ami the AMI they run
     * @param maxPods their pod capacity, passed to the kubelet
     * @param instanceTypes the types, cheapest first
     */
    public record TemplateGroup(Ami ami, long maxPods, List<InstanceType> instanceTypes) {

        /** Copies the list. */
        public TemplateGroup {
            Objects.requireNonNull(ami, "ami");
            instanceTypes = List.copyOf(instanceTypes);
        }
    }

    /**
     * One CreateFleet override: an instance type in a zonal subnet.
     *
     * @param instanceType the instance type
     * @param offering the offering it launches as (zone, capacity type, price)
     * @param subnet the subnet of the offering's zone
     * @param group the index of its {@link TemplateGroup}
     * @param priority CreateFleet {@code Priority}: 0 for the cheapest, then 1, 2, ... (lower is tried first)
     */
    public record PlannedOverride(
            InstanceType instanceType, Offering offering, Subnet subnet, int group, double priority) {

        /** @throws NullPointerException if a component is null */
        public PlannedOverride {
            Objects.requireNonNull(instanceType, "instanceType");
            Objects.requireNonNull(offering, "offering");
            Objects.requireNonNull(subnet, "subnet");
        }

        /** The offering's key, with the plan's capacity type. */
        public OfferingKey key() {
            return new OfferingKey(instanceType.name(), offering.zone(), offering.capacityType());
        }
    }

    /** Copies the lists. */
    public LaunchPlan {
        Objects.requireNonNull(capacityType, "capacityType");
        groups = List.copyOf(groups);
        overrides = List.copyOf(overrides);
    }

    /** The overrides of one group, in plan order. */
    public List<PlannedOverride> overridesOf(int group) {
        List<PlannedOverride> out = new ArrayList<>();
        for (PlannedOverride o : overrides) {
            if (o.group() == group) {
                out.add(o);
            }
        }
        return out;
    }

    /**
     * The override EC2 reports back, found by instance type and subnet (or zone when the subnet is not reported).
     *
     * @param instanceType the instance type EC2 reported
     * @param subnetId the subnet EC2 reported, or null
     * @param zone the zone EC2 reported, or null
     */
    public Optional<PlannedOverride> find(String instanceType, String subnetId, String zone) {
        Map<String, PlannedOverride> bySubnet = new HashMap<>();
        for (PlannedOverride o : overrides) {
            if (!o.instanceType().name().equals(instanceType)) {
                continue;
            }
            if (subnetId != null && o.subnet().id().equals(subnetId)) {
                return Optional.of(o);
            }
            bySubnet.put(o.offering().zone(), o);
        }
        return zone == null ? Optional.empty() : Optional.ofNullable(bySubnet.get(zone));
    }
}
