package dev.fleetwright.core.scheduling;

import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.cloudprovider.InstanceType;
import dev.fleetwright.core.cloudprovider.InstanceTypes;
import dev.fleetwright.core.cloudprovider.Offering;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A NodeClaim the scheduler decided to create: the NodePool template it came from, its final requirements, the
 * instance types that can hold all its pods (cheapest first), and the pods.
 *
 * @param template the NodePool template
 * @param requirements the NodeClaim requirements: the NodePool's, narrowed by its pods and by topology (for example a
 *     zone chosen for spread)
 * @param instanceTypes every instance type that fits the pods plus DaemonSet overhead and meets the requirements,
 *     ordered by the price of its cheapest compatible available offering, then by name
 * @param pods the pods placed on it
 * @param podRequests the sum of the pods' requests, with the {@code pods} count
 * @param daemonSetOverhead the requests of the DaemonSet pods that will run on it
 */
public record PlannedNodeClaim(
        NodeClaimTemplate template,
        Requirements requirements,
        List<InstanceType> instanceTypes,
        List<Pod> pods,
        Resources podRequests,
        Resources daemonSetOverhead) {

    /** Copies lists. */
    public PlannedNodeClaim {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(requirements, "requirements");
        instanceTypes = List.copyOf(instanceTypes);
        pods = List.copyOf(pods);
    }

    /** The NodePool name. */
    public String nodePoolName() {
        return template.nodePoolName();
    }

    /** Pod requests plus DaemonSet overhead: what the node must hold. */
    public Resources totalRequests() {
        return podRequests.plus(daemonSetOverhead);
    }

    /**
     * The instance types a launch offers EC2: without exotic types (metal, GPU, Neuron) when generic ones can hold
     * the pods ({@link InstanceTypes#launchCandidates}), cheapest first.
     */
    public List<InstanceType> launchInstanceTypes() {
        return InstanceTypes.launchCandidates(instanceTypes);
    }

    /** The cheapest launch candidate, which an on-demand {@code lowest-price} launch picks. */
    public InstanceType cheapestInstanceType() {
        return launchInstanceTypes().get(0);
    }

    /** The offering (zone, capacity type, price) a launch is expected to get: the cheapest of the cheapest type. */
    public Offering expectedOffering() {
        return cheapestInstanceType()
                .cheapestCompatibleAvailableOffering(requirements)
                .orElseThrow(() -> new IllegalStateException("planned NodeClaim without a compatible offering"));
    }

    /** The expected price in USD per hour. */
    public double pricePerHourUsd() {
        return expectedOffering().pricePerHourUsd();
    }

    /** The cheapest offering price of {@code type} under these requirements, if it has one. */
    public Optional<Offering> offeringOf(InstanceType type) {
        return type.cheapestCompatibleAvailableOffering(requirements);
    }
}
