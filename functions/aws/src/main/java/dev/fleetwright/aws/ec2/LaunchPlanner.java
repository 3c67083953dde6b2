package dev.fleetwright.aws.ec2;

import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.NodeClaim;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.cloudprovider.CapacityType;
import dev.fleetwright.core.cloudprovider.CloudProviderException;
import dev.fleetwright.core.cloudprovider.InstanceType;
import dev.fleetwright.core.cloudprovider.NodeClassNotReadyException;
import dev.fleetwright.core.cloudprovider.Offering;
import dev.fleetwright.core.scheduling.Requirement;
import dev.fleetwright.core.scheduling.Requirements;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Decides what a NodeClaim's CreateFleet asks for, as Karpenter's instance provider does ([A]
 * pkg/providers/instance/instance.go {@code Create}, {@code filterInstanceTypes}, {@code getCapacityType}, {@code
 * getOverrides}; [K] {@code InstanceTypes.Truncate}). Pure: no AWS calls.
 *
 * <ol>
 *   <li>An offering can be launched when it is available, meets the NodeClaim's requirements (zone, capacity type) and
 *       its zone has a subnet; instance types must be allowed by the NodeClaim's {@code node.kubernetes.io/instance-type}
 *       requirement and have such an offering.
 *   <li>Without {@code minValues}: exotic types (metal sizes, GPU, Neuron, Gaudi) are dropped when others remain; and when
 *       both spot and on-demand are allowed and offered, types whose cheapest offering costs more than the cheapest
 *       on-demand offering are dropped, and so are single spot offerings that cost more than it.
 *   <li>The capacity type is the first of reserved, spot, on-demand that the requirements allow and an offering has.
 *   <li>The types are ordered by their cheapest offering of that capacity type and cut to the {@value #MAX_INSTANCE_TYPES}
 *       cheapest; each {@code minValues} must still be met.
 *   <li>Each type runs on the first AMI (newest first) whose requirements it meets; types are grouped by AMI and pod
 *       capacity, one launch template per group.
 *   <li>Overrides: every type × offering of the capacity type, cheapest first, priority = position.
 * </ol>
 */
public final class LaunchPlanner {

    /** The most instance types one CreateFleet offers ([A] instance.go {@code maxInstanceTypes}). */
    public static final int MAX_INSTANCE_TYPES = 60;

    private static final List<CapacityType> PRECEDENCE =
            List.of(CapacityType.RESERVED, CapacityType.SPOT, CapacityType.ON_DEMAND);

    private static final List<String> EXOTIC_RESOURCES = List.of(
            Resources.NVIDIA_GPU,
            Resources.AMD_GPU,
            Resources.AWS_NEURON,
            "aws.amazon.com/neuroncore",
            "habana.ai/gaudi");

    private LaunchPlanner() {}

    /**
     * Plans a launch.
     *
     * @param nodeClaim the NodeClaim (its requirements)
     * @param instanceTypes the types it may be, with offerings
     * @param resolved the EC2NodeClass's subnets and AMIs
     * @return the plan
     * @throws CloudProviderException (not retryable) naming the NodeClaim when no offering can be launched or a
     *     {@code minValues} cannot be met
     * @throws NodeClassNotReadyException naming {@code spec.amiSelectorTerms} when no AMI runs any of the types
     */
    public static LaunchPlan plan(NodeClaim nodeClaim, List<InstanceType> instanceTypes, ResolvedNodeClass resolved) {
        Requirements requirements =
                Requirements.fromNodeSelector(nodeClaim.spec().requirements());
        Map<String, Subnet> zonal = resolved.zonalSubnets();
        Requirement allowedTypes = requirements.get(Labels.INSTANCE_TYPE);
        List<InstanceType> candidates = new ArrayList<>();
        for (InstanceType it : instanceTypes) {
            if (allowedTypes.has(it.name())
                    && cheapest(it, requirements, zonal, null).isPresent()) {
                candidates.add(it);
            }
        }
        if (candidates.isEmpty()) {
            throw new CloudProviderException(
                    "NodeClaim \"" + nodeClaim.name() + "\": none of its " + instanceTypes.size()
                            + " instance types has an available offering compatible with its requirements in the"
                            + " zones of its subnets " + zonal.keySet(),
                    false,
                    null);
        }
        if (!hasMinValues(requirements)) {
            candidates = withoutExotic(candidates);
            if (isMixedCapacity(candidates, requirements, zonal)) {
                candidates = withoutUnwantedSpot(candidates, requirements, zonal);
                candidates = withoutDearSpotOfferings(candidates, requirements, zonal);
            }
        }
        CapacityType capacityType = capacityType(candidates, requirements, zonal);
        List<InstanceType> ordered = new ArrayList<>();
        for (InstanceType it : candidates) {
            if (cheapest(it, requirements, zonal, capacityType).isPresent()) {
                ordered.add(it);
            }
        }
        ordered.sort(Comparator.comparingDouble((InstanceType it) ->
                        cheapest(it, requirements, zonal, capacityType).orElseThrow())
                .thenComparing(InstanceType::name));
        if (ordered.size() > MAX_INSTANCE_TYPES) {
            ordered = new ArrayList<>(ordered.subList(0, MAX_INSTANCE_TYPES));
        }
        checkMinValues(nodeClaim, requirements, ordered);

        List<LaunchPlan.TemplateGroup> groups = new ArrayList<>();
        Map<String, Integer> groupIndex = new LinkedHashMap<>();
        Map<String, List<InstanceType>> members = new LinkedHashMap<>();
        Map<String, Integer> groupOfType = new LinkedHashMap<>();
        Map<String, Ami> amiOfGroup = new LinkedHashMap<>();
        Map<String, Long> podsOfGroup = new LinkedHashMap<>();
        for (InstanceType it : ordered) {
            Ami ami = resolved.amis().stream()
                    .filter(a -> it.requirements().isCompatible(a.requirements(), Labels.WELL_KNOWN))
                    .findFirst()
                    .orElse(null);
            if (ami == null) {
                continue;
            }
            long pods = it.capacity().pods();
            String key = ami.id() + "#" + pods + "#" + ami.requirements();
            groupIndex.computeIfAbsent(key, k -> groupIndex.size());
            members.computeIfAbsent(key, k -> new ArrayList<>()).add(it);
            amiOfGroup.putIfAbsent(key, ami);
            podsOfGroup.putIfAbsent(key, pods);
            groupOfType.put(it.name(), groupIndex.get(key));
        }
        if (groupIndex.isEmpty()) {
            throw new NodeClassNotReadyException(
                    "EC2NodeClass \"" + resolved.nodeClass().name()
                            + "\" spec.amiSelectorTerms: none of the AMIs "
                            + resolved.amis().stream().map(Ami::id).toList()
                            + " runs any of NodeClaim \"" + nodeClaim.name() + "\"'s instance types "
                            + ordered.stream().map(InstanceType::name).toList());
        }
        for (String key : groupIndex.keySet()) {
            groups.add(new LaunchPlan.TemplateGroup(amiOfGroup.get(key), podsOfGroup.get(key), members.get(key)));
        }

        record Candidate(InstanceType type, Offering offering) {}
        List<Candidate> offers = new ArrayList<>();
        for (InstanceType it : ordered) {
            if (!groupOfType.containsKey(it.name())) {
                continue;
            }
            for (Offering o : it.availableOfferings()) {
                if (launchable(o, requirements, zonal) && o.capacityType() == capacityType) {
                    offers.add(new Candidate(it, o));
                }
            }
        }
        offers.sort(Comparator.comparingDouble((Candidate c) -> c.offering().pricePerHourUsd())
                .thenComparing(c -> c.type().name())
                .thenComparing(c -> c.offering().zone()));
        List<LaunchPlan.PlannedOverride> overrides = new ArrayList<>();
        for (int i = 0; i < offers.size(); i++) {
            Candidate c = offers.get(i);
            overrides.add(new LaunchPlan.PlannedOverride(
                    c.type(),
                    c.offering(),
                    zonal.get(c.offering().zone()),
                    groupOfType.get(c.type().name()),
                    i));
        }
        return new LaunchPlan(capacityType, groups, overrides);
    }

    /**
     * The capacity type of a launch: the first of reserved, spot, on-demand that the requirements allow and some
     * type offers ([A] instance.go {@code getCapacityType}; reserved capacity first as in Karpenter v1.3+).
     */
    static CapacityType capacityType(List<InstanceType> types, Requirements requirements, Map<String, Subnet> zonal) {
        for (CapacityType ct : PRECEDENCE) {
            if (!requirements.get(Labels.CAPACITY_TYPE).has(ct.labelValue())) {
                continue;
            }
            for (InstanceType it : types) {
                if (cheapest(it, requirements, zonal, ct).isPresent()) {
                    return ct;
                }
            }
        }
        throw new IllegalStateException("no capacity type has an offering; candidates were checked before");
    }

    /** The cheapest launchable offering's price, of {@code capacityType} when not null. */
    private static OptionalDouble cheapest(
            InstanceType it, Requirements requirements, Map<String, Subnet> zonal, CapacityType capacityType) {
        double best = Double.NaN;
        for (Offering o : it.availableOfferings()) {
            if ((capacityType == null || o.capacityType() == capacityType)
                    && launchable(o, requirements, zonal)
                    && (Double.isNaN(best) || o.pricePerHourUsd() < best)) {
                best = o.pricePerHourUsd();
            }
        }
        return Double.isNaN(best) ? OptionalDouble.empty() : OptionalDouble.of(best);
    }

    private static boolean launchable(Offering o, Requirements requirements, Map<String, Subnet> zonal) {
        return o.available() && o.isCompatible(requirements) && zonal.containsKey(o.zone());
    }

    private static boolean hasMinValues(Requirements requirements) {
        return requirements.values().stream().anyMatch(r -> r.minValues() != null);
    }

    /**
     * Drops metal sizes and accelerator types when other types remain ([A] instance.go {@code
     * filterExoticInstanceTypes}).
     */
    static List<InstanceType> withoutExotic(List<InstanceType> types) {
        List<InstanceType> generic = new ArrayList<>();
        for (InstanceType it : types) {
            boolean metal = it.requirements().get(Labels.INSTANCE_SIZE).values().stream()
                    .anyMatch(size -> size.contains("metal"));
            boolean accelerated = EXOTIC_RESOURCES.stream()
                    .anyMatch(r -> it.capacity().extended().getOrDefault(r, 0L) > 0);
            if (!metal && !accelerated) {
                generic.add(it);
            }
        }
        return generic.isEmpty() ? types : generic;
    }

    private static boolean isMixedCapacity(
            List<InstanceType> types, Requirements requirements, Map<String, Subnet> zonal) {
        Requirement ct = requirements.get(Labels.CAPACITY_TYPE);
        if (!ct.has(CapacityType.SPOT.labelValue()) || !ct.has(CapacityType.ON_DEMAND.labelValue())) {
            return false;
        }
        boolean spot = false;
        boolean onDemand = false;
        for (InstanceType it : types) {
            spot |= cheapest(it, requirements, zonal, CapacityType.SPOT).isPresent();
            onDemand |=
                    cheapest(it, requirements, zonal, CapacityType.ON_DEMAND).isPresent();
        }
        return spot && onDemand;
    }

    /**
     * Drops types whose cheapest offering costs more than the cheapest on-demand offering, so that a mixed launch
     * never buys a larger spot type that costs more than on-demand would ([A] instance.go {@code filterUnwantedSpot}).
     */
    static List<InstanceType> withoutUnwantedSpot(
            List<InstanceType> types, Requirements requirements, Map<String, Subnet> zonal) {
        double cheapestOnDemand = Double.MAX_VALUE;
        for (InstanceType it : types) {
            OptionalDouble od = cheapest(it, requirements, zonal, CapacityType.ON_DEMAND);
            if (od.isPresent()) {
                cheapestOnDemand = Math.min(cheapestOnDemand, od.getAsDouble());
            }
        }
        List<InstanceType> kept = new ArrayList<>();
        for (InstanceType it : types) {
            if (cheapest(it, requirements, zonal, null).orElse(Double.MAX_VALUE) <= cheapestOnDemand) {
                kept.add(it);
            }
        }
        return kept;
    }

    /**
     * Marks unavailable, for this launch, the spot offerings that cost more than the cheapest on-demand offering, so
     * that a mixed launch never pays more for spot in one zone than on-demand would cost (the per-offering form of
     * {@link #withoutUnwantedSpot}, which looks only at each type's cheapest offering).
     */
    static List<InstanceType> withoutDearSpotOfferings(
            List<InstanceType> types, Requirements requirements, Map<String, Subnet> zonal) {
        double cheapestOnDemand = Double.MAX_VALUE;
        for (InstanceType it : types) {
            OptionalDouble od = cheapest(it, requirements, zonal, CapacityType.ON_DEMAND);
            if (od.isPresent()) {
                cheapestOnDemand = Math.min(cheapestOnDemand, od.getAsDouble());
            }
        }
        List<InstanceType> out = new ArrayList<>(types.size());
        for (InstanceType it : types) {
            List<Offering> offerings = new ArrayList<>(it.offerings().size());
            boolean changed = false;
            for (Offering o : it.offerings()) {
                if (o.available() && o.capacityType() == CapacityType.SPOT && o.pricePerHourUsd() > cheapestOnDemand) {
                    offerings.add(o.withAvailable(false));
                    changed = true;
                } else {
                    offerings.add(o);
                }
            }
            out.add(changed ? it.withOfferings(offerings) : it);
        }
        return out;
    }

    private static void checkMinValues(NodeClaim nodeClaim, Requirements requirements, List<InstanceType> types) {
        for (Requirement r : requirements.values()) {
            if (r.minValues() == null) {
                continue;
            }
            Set<String> values = new HashSet<>();
            for (InstanceType it : types) {
                Requirement own = it.requirements().get(r.key());
                if (!own.isComplement()) {
                    for (String v : own.values()) {
                        if (r.has(v)) {
                            values.add(v);
                        }
                    }
                }
            }
            if (values.size() < r.minValues()) {
                throw new CloudProviderException(
                        "NodeClaim \"" + nodeClaim.name() + "\": requirement " + r.key() + " needs minValues "
                                + r.minValues() + " but the " + types.size() + " cheapest launchable instance types"
                                + " have " + values.size() + " distinct values " + new java.util.TreeSet<>(values),
                        false,
                        null);
            }
        }
    }
}
