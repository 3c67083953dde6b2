package dev.fleetwright.core.cloudprovider;

import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.scheduling.Requirement;
import dev.fleetwright.core.scheduling.Requirements;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A schedulable instance type: what a node of this type offers to pods, after Karpenter's {@code
 * cloudprovider.InstanceType} ([K] pkg/cloudprovider/types.go). Built from the catalog by {@link
 * InstanceTypes#resolve}, or directly by tests and fakes.
 *
 * <p>{@link #allocatable()} is Karpenter's {@code Allocatable()}: capacity minus the overhead total, resource by
 * resource, for the resources present in capacity only ([K] pkg/utils/resources {@code Subtract} keeps the left
 * side's keys, so a reservation such as {@code pid} that capacity does not list is ignored). It may be negative for a
 * type too small for its overhead. It and the list of available offerings are computed once, so the accessors used
 * in scheduling loops allocate nothing.
 *
 * <p>Immutable and thread-safe.
 */
public final class InstanceType {

    private final String name;
    private final Requirements requirements;
    private final List<Offering> offerings;
    private final List<Offering> availableOfferings;
    private final Resources capacity;
    private final InstanceTypeOverhead overhead;
    private final Resources allocatable;

    /**
     * @param name the instance type name, for example {@code m5.large}
     * @param requirements the well-known labels a node of this type carries, as requirements
     * @param offerings the ways to buy it; copied
     * @param capacity what the node reports as capacity
     * @param overhead what the kubelet keeps from pods
     * @throws NullPointerException if an argument or an offering is null
     * @throws IllegalArgumentException if the name is blank
     */
    public InstanceType(
            String name,
            Requirements requirements,
            List<Offering> offerings,
            Resources capacity,
            InstanceTypeOverhead overhead) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name: must not be blank");
        }
        this.name = name;
        this.requirements = Objects.requireNonNull(requirements, "requirements");
        this.offerings = List.copyOf(offerings);
        this.capacity = Objects.requireNonNull(capacity, "capacity");
        this.overhead = Objects.requireNonNull(overhead, "overhead");
        List<Offering> available = new ArrayList<>(this.offerings.size());
        for (Offering offering : this.offerings) {
            if (offering.available()) {
                available.add(offering);
            }
        }
        this.availableOfferings = List.copyOf(available);
        this.allocatable = subtractPresent(capacity, overhead.total());
    }

    /** The instance type name, for example {@code m5.large}. */
    public String name() {
        return name;
    }

    /** The well-known labels a node of this type carries, as requirements (see {@link InstanceTypes#resolve}). */
    public Requirements requirements() {
        return requirements;
    }

    /** Every offering, available or not. */
    public List<Offering> offerings() {
        return offerings;
    }

    /** The offerings that can be launched now, in the order of {@link #offerings()}. */
    public List<Offering> availableOfferings() {
        return availableOfferings;
    }

    /** What the node reports as capacity: cpu, memory, ephemeral-storage, pods and extended resources. */
    public Resources capacity() {
        return capacity;
    }

    /** What the kubelet keeps from pods: kubeReserved, systemReserved and the eviction threshold. */
    public InstanceTypeOverhead overhead() {
        return overhead;
    }

    /** What pods can request: capacity minus the overhead total; computed once. */
    public Resources allocatable() {
        return allocatable;
    }

    /** Whether some available offering meets {@code requirements} (zone and capacity type); allocates nothing. */
    public boolean hasCompatibleAvailableOffering(Requirements requirements) {
        return hasAvailableOffering(requirements.get(Labels.TOPOLOGY_ZONE), requirements.get(Labels.CAPACITY_TYPE));
    }

    /**
     * Whether some available offering's zone and capacity type are in the given requirements; the form for hot loops,
     * where the two requirements are looked up once for many types.
     *
     * @param zone the requirement on {@code topology.kubernetes.io/zone}
     * @param capacityType the requirement on {@code karpenter.sh/capacity-type}
     * @return whether such an offering exists
     */
    public boolean hasAvailableOffering(Requirement zone, Requirement capacityType) {
        for (Offering offering : availableOfferings) {
            if (zone.has(offering.zone())
                    && capacityType.has(offering.capacityType().labelValue())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The cheapest available offering that meets {@code requirements}; among equal prices the first in {@link
     * #offerings()} order. Empty when none does.
     */
    public Optional<Offering> cheapestCompatibleAvailableOffering(Requirements requirements) {
        Offering best = null;
        for (Offering offering : availableOfferings) {
            if (offering.isCompatible(requirements)
                    && (best == null || offering.pricePerHourUsd() < best.pricePerHourUsd())) {
                best = offering;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The price of the cheapest available offering whose zone and capacity type are in the given requirements: the
     * price of {@link #cheapestCompatibleAvailableOffering} for requirements whose zone and capacity-type requirements
     * are these, in the form for hot loops (nothing looked up or allocated per offering).
     *
     * @param zone the requirement on {@code topology.kubernetes.io/zone}
     * @param capacityType the requirement on {@code karpenter.sh/capacity-type}
     * @return the price in USD per hour, or {@link Double#MAX_VALUE} when no available offering meets both
     */
    public double cheapestAvailablePrice(Requirement zone, Requirement capacityType) {
        double best = Double.MAX_VALUE;
        for (Offering offering : availableOfferings) {
            if (offering.pricePerHourUsd() < best
                    && zone.has(offering.zone())
                    && capacityType.has(offering.capacityType().labelValue())) {
                best = offering.pricePerHourUsd();
            }
        }
        return best;
    }

    /**
     * A copy with other offerings (for example with some marked unavailable); requirements, capacity and overhead are
     * kept.
     */
    public InstanceType withOfferings(List<Offering> newOfferings) {
        return new InstanceType(name, requirements, newOfferings, capacity, overhead);
    }

    /** For example {@code InstanceType[m5.large, allocatable {cpu=1930m, memory=6903Mi, ...}, 10 offerings]}. */
    @Override
    public String toString() {
        return "InstanceType[" + name + ", allocatable " + allocatable + ", " + offerings.size() + " offerings]";
    }

    private static Resources subtractPresent(Resources capacity, Resources overhead) {
        TreeMap<String, Long> extended = new TreeMap<>(capacity.extended());
        extended.replaceAll((resource, amount) -> amount - overhead.extended().getOrDefault(resource, 0L));
        return new Resources(
                capacity.cpuMillis() - overhead.cpuMillis(),
                capacity.memoryBytes() - overhead.memoryBytes(),
                capacity.ephemeralStorageBytes() - overhead.ephemeralStorageBytes(),
                capacity.pods() - overhead.pods(),
                extended);
    }
}
