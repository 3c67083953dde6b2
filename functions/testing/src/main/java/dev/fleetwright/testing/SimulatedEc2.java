package dev.fleetwright.testing;

import dev.fleetwright.core.api.Ec2NodeClass;
import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.NodeClaimStatus;
import dev.fleetwright.core.cloudprovider.CapacityType;
import dev.fleetwright.core.cloudprovider.CloudInstance;
import dev.fleetwright.core.cloudprovider.CloudProvider;
import dev.fleetwright.core.cloudprovider.CloudProviderException;
import dev.fleetwright.core.cloudprovider.InstanceType;
import dev.fleetwright.core.cloudprovider.InstanceTypeCatalog;
import dev.fleetwright.core.cloudprovider.InstanceTypeInfo;
import dev.fleetwright.core.cloudprovider.InstanceTypes;
import dev.fleetwright.core.cloudprovider.InsufficientCapacityException;
import dev.fleetwright.core.cloudprovider.LaunchRequest;
import dev.fleetwright.core.cloudprovider.LaunchResult;
import dev.fleetwright.core.cloudprovider.NodeClaimNotFoundException;
import dev.fleetwright.core.cloudprovider.NodeOverheadSettings;
import dev.fleetwright.core.cloudprovider.Offering;
import dev.fleetwright.core.cloudprovider.OfferingKey;
import dev.fleetwright.core.scheduling.Requirements;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A simulated EC2 behind the {@link CloudProvider} port, on the real instance catalog: instance types resolved per
 * EC2NodeClass in the zones its subnets would cover, launches that pick the cheapest available compatible offering
 * (reserved, then spot, then on-demand, as CreateFleet's capacity-type precedence; lowest price within it), capacity
 * pools that can be made to run out ({@link #removeCapacity}), injected failures ({@link #failNextLaunch}), instances EC2
 * terminates on its own such as a reclaimed spot instance ({@link #reclaim}), and a record of every call. Idempotent on
 * the NodeClaim name like CreateFleet's client token.
 *
 * <p>Thread-safe (synchronized); instance IDs are sequential, so runs are reproducible.
 */
public final class SimulatedEc2 implements CloudProvider {

    private final InstanceTypeCatalog catalog;
    private final Clock clock;
    private final Set<String> zones;
    private final Map<String, List<InstanceType>> typesByNodeClass = new HashMap<>();
    private final Map<String, CloudInstance> instances = new LinkedHashMap<>();
    private final Map<String, NodeClaimStatus.Launch> launchesByNodeClaim = new HashMap<>();
    private final Set<OfferingKey> noCapacity = new HashSet<>();
    private final List<LaunchRequest> launchRequests = new ArrayList<>();
    private final List<String> terminated = new ArrayList<>();
    private final List<String> reclaimed = new ArrayList<>();
    private final Map<String, InstanceType> typeByInstance = new HashMap<>();
    private CloudProviderException nextFailure;
    private long nextInstance = 1;

    /**
     * @param catalog the instance catalog
     * @param clock the clock for launch times
     * @param zones the zones the EC2NodeClasses' subnets cover
     */
    public SimulatedEc2(InstanceTypeCatalog catalog, Clock clock, Collection<String> zones) {
        this.catalog = catalog;
        this.clock = clock;
        this.zones = new TreeSet<>(zones);
    }

    @Override
    public synchronized List<InstanceType> instanceTypes(Ec2NodeClass nodeClass) {
        return typesByNodeClass.computeIfAbsent(
                nodeClass.name() + "#" + nodeClass.spec().hashCode(), k -> {
                    NodeOverheadSettings settings = NodeOverheadSettings.of(nodeClass);
                    List<InstanceType> types = new ArrayList<>();
                    for (InstanceTypeInfo info : catalog.all()) {
                        InstanceTypeInfo inZones = info.withZonesWithin(zones);
                        if (!inZones.zones().isEmpty()) {
                            types.add(InstanceTypes.resolve(inZones, settings));
                        }
                    }
                    return List.copyOf(types);
                });
    }

    @Override
    public synchronized LaunchResult launch(LaunchRequest request) {
        launchRequests.add(request);
        if (nextFailure != null) {
            CloudProviderException failure = nextFailure;
            nextFailure = null;
            throw failure;
        }
        String name = request.nodeClaim().name();
        NodeClaimStatus.Launch existing = launchesByNodeClaim.get(name);
        if (existing != null) {
            return new LaunchResult(existing, List.of());
        }
        Requirements requirements =
                Requirements.fromNodeSelector(request.nodeClaim().spec().requirements());
        List<OfferingKey> refused = new ArrayList<>();
        for (CapacityType capacityType : List.of(CapacityType.RESERVED, CapacityType.SPOT, CapacityType.ON_DEMAND)) {
            if (!requirements.get(Labels.CAPACITY_TYPE).has(capacityType.labelValue())) {
                continue;
            }
            List<Candidate> candidates = new ArrayList<>();
            for (InstanceType it : request.instanceTypes()) {
                if (!requirements.get(Labels.INSTANCE_TYPE).has(it.name())) {
                    continue;
                }
                for (Offering o : it.availableOfferings()) {
                    if (o.capacityType() == capacityType && o.isCompatible(requirements)) {
                        candidates.add(new Candidate(it, o));
                    }
                }
            }
            candidates.sort((a, b) ->
                    Double.compare(a.offering().pricePerHourUsd(), b.offering().pricePerHourUsd()));
            for (Candidate c : candidates) {
                OfferingKey key = new OfferingKey(c.type().name(), c.offering().zone(), capacityType);
                if (noCapacity.contains(key)) {
                    refused.add(key);
                    continue;
                }
                return new LaunchResult(start(name, request, c), refused);
            }
            if (!candidates.isEmpty()) {
                break;
            }
        }
        throw new InsufficientCapacityException(
                "InsufficientInstanceCapacity: no capacity for NodeClaim " + name + " in " + refused, refused);
    }

    private record Candidate(InstanceType type, Offering offering) {}

    private NodeClaimStatus.Launch start(String nodeClaimName, LaunchRequest request, Candidate c) {
        String instanceId = String.format("i-%017x", nextInstance++);
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(Labels.NODE_CLAIM_TAG, nodeClaimName);
        tags.put(Labels.NODE_POOL, request.nodePool().name());
        tags.put(Labels.EC2_NODE_CLASS, request.nodeClass().name());
        instances.put(
                instanceId,
                new CloudInstance(
                        instanceId,
                        c.type().name(),
                        c.offering().zone(),
                        c.offering().capacityType(),
                        "running",
                        clock.instant(),
                        tags));
        NodeClaimStatus.Launch launch = new NodeClaimStatus.Launch(
                "aws:///" + c.offering().zone() + "/" + instanceId,
                instanceId,
                c.type().name(),
                c.offering().zone(),
                c.offering().capacityType().labelValue(),
                BigDecimal.valueOf(c.offering().pricePerHourUsd()),
                "ami-simulated",
                c.type().capacity(),
                c.type().allocatable());
        launchesByNodeClaim.put(nodeClaimName, launch);
        typeByInstance.put(instanceId, c.type());
        return launch;
    }

    @Override
    public synchronized void terminate(String instanceId) {
        CloudInstance i = instances.get(instanceId);
        if (i == null || i.isTerminating()) {
            throw new NodeClaimNotFoundException("instance " + instanceId + " does not exist or is terminated");
        }
        markTerminated(i);
        terminated.add(instanceId);
    }

    /**
     * EC2 terminates an instance on its own, as when it reclaims a spot instance two minutes after the interruption
     * warning. Unlike {@link #terminate}, this is not a call Fleetwright made: it is recorded in {@link
     * #reclaimedInstances()}, not in {@link #terminatedInstances()}.
     *
     * @param instanceId the instance
     * @return whether the instance was running (false when unknown or already terminated: nothing happens)
     */
    public synchronized boolean reclaim(String instanceId) {
        CloudInstance i = instances.get(instanceId);
        if (i == null || i.isTerminating()) {
            return false;
        }
        markTerminated(i);
        reclaimed.add(instanceId);
        return true;
    }

    private void markTerminated(CloudInstance i) {
        instances.put(
                i.instanceId(),
                new CloudInstance(
                        i.instanceId(),
                        i.instanceType(),
                        i.zone(),
                        i.capacityType(),
                        "terminated",
                        i.launchTime(),
                        i.tags()));
    }

    /** Whether the instance exists and is not terminated (false for an instance this EC2 never launched). */
    public synchronized boolean isRunning(String instanceId) {
        CloudInstance i = instances.get(instanceId);
        return i != null && !i.isTerminating();
    }

    /** Whether this EC2 launched the instance (terminated or not). */
    public synchronized boolean knows(String instanceId) {
        return instances.containsKey(instanceId);
    }

    /** The instance type an instance was launched as, with its labels and capacity; empty for an unknown instance. */
    public synchronized Optional<InstanceType> launchedInstanceType(String instanceId) {
        return Optional.ofNullable(typeByInstance.get(instanceId));
    }

    /** Every instance EC2 reclaimed on its own ({@link #reclaim}), in order. */
    public synchronized List<String> reclaimedInstances() {
        return List.copyOf(reclaimed);
    }

    @Override
    public synchronized List<CloudInstance> instances() {
        return instances.values().stream().filter(i -> !i.isTerminating()).toList();
    }

    @Override
    public synchronized Optional<CloudInstance> instanceOf(String nodeClaimName) {
        return instances.values().stream()
                .filter(i -> nodeClaimName.equals(i.nodeClaimName()) && !i.isTerminating())
                .findFirst();
    }

    /** Makes EC2 refuse these offerings for capacity until {@link #restoreCapacity}. */
    public synchronized void removeCapacity(OfferingKey... offerings) {
        noCapacity.addAll(List.of(offerings));
    }

    /** Gives every offering capacity again. */
    public synchronized void restoreCapacity() {
        noCapacity.clear();
    }

    /** Makes the next launch fail with {@code failure}. */
    public synchronized void failNextLaunch(CloudProviderException failure) {
        nextFailure = failure;
    }

    /** Every launch request received, in order. */
    public synchronized List<LaunchRequest> launchRequests() {
        return List.copyOf(launchRequests);
    }

    /** Every instance terminated, in order. */
    public synchronized List<String> terminatedInstances() {
        return List.copyOf(terminated);
    }

    /** Every instance ever launched, terminated ones included. */
    public synchronized List<CloudInstance> allInstances() {
        return List.copyOf(instances.values());
    }
}
