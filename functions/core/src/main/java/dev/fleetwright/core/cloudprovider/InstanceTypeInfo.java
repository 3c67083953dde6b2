package dev.fleetwright.core.cloudprovider;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One raw EC2 instance type of the catalog, as EC2 and its price lists describe it, before any EC2NodeClass settings
 * are applied (those turn it into an {@link InstanceType}, see {@link InstanceTypes#resolve}). The fields mirror the
 * columns of {@code /work/shared/data/ec2-instance-types-us-east-1.json}; the data README there names the AWS API
 * field behind each.
 *
 * <p>Nulls: the fields documented as nullable are null when the source has no value; every other field is non-null.
 * Collections are copied and immutable; {@code zones} and {@code zoneIds} are sorted.
 *
 * @param name the instance type, for example {@code m5.large}
 * @param family the part of the name before the {@code .}, for example {@code m5} or {@code c7i-flex}
 * @param size the part of the name after the {@code .}, for example {@code large} or {@code metal-24xl}
 * @param category the leading letters of the name as Karpenter's {@code instance-category} label reads them ({@code
 *     m}, {@code c}, {@code inf}, ...); nullable when the name does not fit Karpenter's pattern
 * @param generation the generation number in the family name as Karpenter's {@code instance-generation} label reads
 *     it ({@code m5} → 5); nullable when the name does not fit the pattern
 * @param currentGeneration EC2's {@code CurrentGeneration} flag (not the same thing as {@code generation})
 * @param vcpu default vCPUs, at least 1
 * @param memoryMiB memory in MiB as EC2 reports it (before any overhead), at least 1
 * @param arch Kubernetes architecture: {@code amd64} or {@code arm64}
 * @param gpuCount number of GPUs (sum over GPU kinds), 0 when none; fractional-GPU types report 0 but have a name
 * @param gpuManufacturer GPU manufacturer as EC2 spells it ({@code NVIDIA}, {@code AMD}); nullable
 * @param gpuName GPU model as EC2 spells it ({@code T4}, {@code A10G}); nullable when the type has no GPU
 * @param gpuMemoryMiB memory per GPU in MiB; nullable
 * @param neuronDeviceCount number of AWS Neuron devices (Inferentia, Trainium), 0 when none
 * @param neuronDeviceName Neuron device name as EC2 spells it ({@code Inferentia2}); nullable
 * @param maxEnis maximum network interfaces on the default network card (what the VPC CNI and max pods use)
 * @param maxEnisAllCards maximum network interfaces across all network cards
 * @param ipv4PerEni IPv4 addresses per network interface
 * @param branchEnis branch network interfaces for security groups for pods
 * @param trunkingCompatible whether the type supports ENI trunking (then it advertises {@code
 *     vpc.amazonaws.com/pod-eni = branchEnis})
 * @param networkPerformance EC2's network performance text, for example {@code Up to 10 Gigabit}
 * @param bareMetal whether the type is bare metal
 * @param hypervisor {@code nitro} or {@code xen}; nullable (bare metal)
 * @param burstable whether the type has burstable CPU credits (t2, t3, t3a, t4g)
 * @param localStorageGB total instance-store size in GB as EC2 reports it, 0 when none
 * @param localStorageType {@code ssd} or {@code hdd}; nullable when there is no instance store
 * @param localNvmeGB instance-store size in GB when the instance store is NVMe, else 0 (Karpenter's {@code
 *     instance-local-nvme} label; the same number as {@code localStorageGB}, no unit conversion)
 * @param supportedCapacityTypes the capacity types EC2 sells the type as ({@code on-demand} and/or {@code spot})
 * @param zones availability zone names offering the type, for example {@code us-east-1a}
 * @param zoneIds availability zone IDs offering the type, for example {@code use1-az1}; which ID belongs to which name
 *     depends on the AWS account, so the two lists are not mapped onto each other
 * @param onDemandPriceUsdPerHour Linux on-demand price in USD per hour, finite and non-negative
 * @param spotSavings spot savings compared with on-demand and where the figure comes from; nullable when nothing is
 *     known (then the type gets no spot offering)
 * @param spotInterruptionFrequency the Spot Instance Advisor's interruption bucket ({@code <5%}, {@code 5-10%}, {@code
 *     10-15%}, {@code 15-20%}, {@code >20%}); nullable
 * @param region the region the zones and prices belong to, for example {@code us-east-1}
 */
public record InstanceTypeInfo(
        String name,
        String family,
        String size,
        String category,
        Integer generation,
        boolean currentGeneration,
        int vcpu,
        long memoryMiB,
        String arch,
        int gpuCount,
        String gpuManufacturer,
        String gpuName,
        Long gpuMemoryMiB,
        int neuronDeviceCount,
        String neuronDeviceName,
        int maxEnis,
        int maxEnisAllCards,
        int ipv4PerEni,
        int branchEnis,
        boolean trunkingCompatible,
        String networkPerformance,
        boolean bareMetal,
        String hypervisor,
        boolean burstable,
        long localStorageGB,
        String localStorageType,
        long localNvmeGB,
        Set<CapacityType> supportedCapacityTypes,
        List<String> zones,
        List<String> zoneIds,
        double onDemandPriceUsdPerHour,
        SpotSavings spotSavings,
        String spotInterruptionFrequency,
        String region) {

    /** Kubernetes architecture value for x86-64. */
    public static final String ARCH_AMD64 = "amd64";
    /** Kubernetes architecture value for 64-bit ARM (Graviton). */
    public static final String ARCH_ARM64 = "arm64";

    /**
     * Validates every field and copies the collections.
     *
     * @throws NullPointerException naming a required field that is null
     * @throws IllegalArgumentException naming the field and the rule it breaks
     */
    public InstanceTypeInfo {
        requireText(name, "name");
        requireText(family, "family");
        requireText(size, "size");
        requireText(region, "region");
        Objects.requireNonNull(arch, field(name, "arch"));
        Objects.requireNonNull(networkPerformance, field(name, "networkPerformance"));
        Objects.requireNonNull(supportedCapacityTypes, field(name, "supportedCapacityTypes"));
        Objects.requireNonNull(zones, field(name, "zones"));
        Objects.requireNonNull(zoneIds, field(name, "zoneIds"));
        int dot = name.indexOf('.');
        if (dot > 0 && dot == name.lastIndexOf('.')) {
            // Karpenter reads family and size from the name; a catalog that disagrees would label nodes wrongly.
            if (!family.equals(name.substring(0, dot)) || !size.equals(name.substring(dot + 1))) {
                throw new IllegalArgumentException(name + ": family \"" + family + "\" and size \"" + size
                        + "\" must be the parts of the name before and after the dot");
            }
        }
        if (!ARCH_AMD64.equals(arch) && !ARCH_ARM64.equals(arch)) {
            throw new IllegalArgumentException(name + ": arch must be amd64 or arm64, got \"" + arch + "\"");
        }
        positive(name, "vcpu", vcpu);
        positive(name, "memoryMiB", memoryMiB);
        nonNegative(name, "gpuCount", gpuCount);
        nonNegative(name, "neuronDeviceCount", neuronDeviceCount);
        nonNegative(name, "maxEnis", maxEnis);
        nonNegative(name, "maxEnisAllCards", maxEnisAllCards);
        nonNegative(name, "ipv4PerEni", ipv4PerEni);
        nonNegative(name, "branchEnis", branchEnis);
        nonNegative(name, "localStorageGB", localStorageGB);
        nonNegative(name, "localNvmeGB", localNvmeGB);
        if (generation != null) {
            nonNegative(name, "generation", generation);
        }
        if (gpuMemoryMiB != null) {
            nonNegative(name, "gpuMemoryMiB", gpuMemoryMiB);
        }
        if (!Double.isFinite(onDemandPriceUsdPerHour) || onDemandPriceUsdPerHour < 0) {
            throw new IllegalArgumentException(name
                    + ": onDemandPriceUsdPerHour must be a finite non-negative number, got " + onDemandPriceUsdPerHour);
        }
        for (CapacityType type : supportedCapacityTypes) {
            if (type == null) {
                throw new IllegalArgumentException(name + ": supportedCapacityTypes must not contain null");
            }
        }
        supportedCapacityTypes = supportedCapacityTypes.isEmpty()
                ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(supportedCapacityTypes));
        zones = sortedCopy(name, "zones", zones);
        zoneIds = sortedCopy(name, "zoneIds", zoneIds);
    }

    /** Whether EC2 sells the type with this capacity type. */
    public boolean supports(CapacityType capacityType) {
        return supportedCapacityTypes.contains(capacityType);
    }

    /** Whether the type has GPUs described by EC2 (a GPU name), including fractional-GPU types with a count of 0. */
    public boolean hasGpu() {
        return gpuName != null;
    }

    /** Whether the type has AWS Neuron devices. */
    public boolean hasNeuron() {
        return neuronDeviceName != null;
    }

    /** The Spot Instance Advisor's own figure for this type, or null when the type is not in the feed. */
    public Integer publishedSpotSavingsPct() {
        return spotSavings != null && spotSavings.basis() == SpotSavings.Basis.SPOT_ADVISOR ? spotSavings.pct() : null;
    }

    /** A copy with other spot savings (null for none). */
    public InstanceTypeInfo withSpotSavings(SpotSavings newSpotSavings) {
        return copy(zones, newSpotSavings);
    }

    /**
     * A copy offered only in the given zones (for example the zones of an EC2NodeClass's subnets, which Karpenter
     * intersects with the type's offering zones): the zones kept are those in both lists.
     */
    public InstanceTypeInfo withZonesWithin(Collection<String> allowedZones) {
        Set<String> allowed = Set.copyOf(allowedZones);
        List<String> kept = new ArrayList<>(zones.size());
        for (String zone : zones) {
            if (allowed.contains(zone)) {
                kept.add(zone);
            }
        }
        return kept.size() == zones.size() ? this : copy(kept, spotSavings);
    }

    private InstanceTypeInfo copy(List<String> newZones, SpotSavings newSpotSavings) {
        return new InstanceTypeInfo(
                name,
                family,
                size,
                category,
                generation,
                currentGeneration,
                vcpu,
                memoryMiB,
                arch,
                gpuCount,
                gpuManufacturer,
                gpuName,
                gpuMemoryMiB,
                neuronDeviceCount,
                neuronDeviceName,
                maxEnis,
                maxEnisAllCards,
                ipv4PerEni,
                branchEnis,
                trunkingCompatible,
                networkPerformance,
                bareMetal,
                hypervisor,
                burstable,
                localStorageGB,
                localStorageType,
                localNvmeGB,
                supportedCapacityTypes,
                newZones,
                zoneIds,
                onDemandPriceUsdPerHour,
                newSpotSavings,
                spotInterruptionFrequency,
                region);
    }

    private static void requireText(String value, String fieldName) {
        Objects.requireNonNull(value, fieldName);
        if (value.isBlank()) {
            throw new IllegalArgumentException(fieldName + ": must not be blank");
        }
    }

    private static String field(String name, String fieldName) {
        return name + ": " + fieldName;
    }

    private static void positive(String name, String fieldName, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + ": " + fieldName + " must be at least 1, got " + value);
        }
    }

    private static void nonNegative(String name, String fieldName, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + ": " + fieldName + " must not be negative, got " + value);
        }
    }

    private static List<String> sortedCopy(String name, String fieldName, List<String> values) {
        for (String v : values) {
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException(name + ": " + fieldName + " must not contain blank values");
            }
        }
        // Plain loops rather than streams: this runs for every row while a Lambda function initialises.
        TreeSet<String> sorted = new TreeSet<>(values);
        return List.copyOf(sorted);
    }
}
