package dev.fleetwright.core.cloudprovider;

import dev.fleetwright.core.api.AmiFamily;
import dev.fleetwright.core.api.KubeletConfiguration;
import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.corev1.Quantity;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.scheduling.Requirement;
import dev.fleetwright.core.scheduling.Requirements;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Resolves catalog entries into schedulable {@link InstanceType}s for an EC2NodeClass's settings, matching Karpenter's
 * AWS provider ([A] pkg/providers/instancetype/types.go {@code NewInstanceType}, {@code computeRequirements}, {@code
 * computeCapacity} and the functions they call). Every number is computed the way Karpenter computes it, including
 * its floating-point steps, so that both agree to the byte.
 *
 * <h2>Capacity</h2>
 *
 * <ul>
 *   <li>{@code cpu} = vCPUs × 1000 millicores.
 *   <li>{@code memory} = catalog MiB, minus 64 MiB on arm64 (Graviton CMA reservation; Karpenter checks the first
 *       supported architecture), minus {@code ceil(bytes × vmMemoryOverheadPercent / 1024 / 1024)} MiB ({@code
 *       memory()}).
 *   <li>{@code ephemeral-storage} = the instance store's total size in decimal GB when the instance store policy is
 *       RAID0 and the type has one (any disk type, as Karpenter uses {@code TotalSizeInGB}); otherwise the ephemeral
 *       volume size ({@code ephemeralStorage()}).
 *   <li>{@code pods} = {@code kubelet.maxPods} if set; else the ENI-limited count {@code (maxEnis − reservedEnis) ×
 *       (ipv4PerEni − 1) + 2} (0 when no ENI is left) if the AMI family supports ENI-limited density; else 110. Then
 *       {@code min(podsPerCore × vCPU, pods)} if {@code kubelet.podsPerCore > 0} and the family honours it ({@code
 *       pods()}, {@code ENILimitedPods()}).
 *   <li>Extended: {@code nvidia.com/gpu}, {@code amd.com/gpu}, {@code habana.ai/gaudi} = GPU count by manufacturer;
 *       {@code aws.amazon.com/neuron} = Neuron devices; {@code vpc.amazonaws.com/pod-eni} = branch ENIs when
 *       trunking-compatible; on Windows {@code vpc.amazonaws.com/PrivateIPv4Address} = IPv4 per ENI − 1.
 * </ul>
 *
 * <h2>Overhead ({@link InstanceTypeOverhead}); allocatable = capacity − total</h2>
 *
 * <ul>
 *   <li>kubeReserved defaults: memory {@code 11 MiB × pods + 255 MiB}, where pods is the ENI-limited count with no
 *       reserved ENIs on AL2, AL2023 and Custom (whatever maxPods says) and the pod capacity on Bottlerocket and Windows
 *       ({@code UsesENILimitedMemoryOverhead}); CPU 6% of the first core, 1% of the second, 0.5% of cores 3–4 and 0.25%
 *       of each further core, each band truncated to whole millicores; ephemeral-storage 1Gi. Each key given in {@code
 *       kubelet.kubeReserved} replaces its default ({@code kubeReservedResources()}).
 *   <li>systemReserved: exactly {@code kubelet.systemReserved} ({@code systemReservedResources()}).
 *   <li>evictionThreshold: memory 100Mi and ephemeral-storage {@code ceil(storage / 100 × 10)} bytes, each replaced by
 *       {@code kubelet.evictionHard} {@code memory.available} / {@code nodefs.available} when set; a percentage is
 *       {@code ceil(capacity / 100 × p)} of memory or ephemeral-storage capacity, and {@code 100%} means 0 (disabled).
 *       {@code evictionSoft} is ignored, as current Karpenter does (older releases took the larger of hard and soft)
 *       ({@code evictionThreshold()}, {@code computeEvictionSignal()}).
 * </ul>
 *
 * <h2>Requirements (well-known labels)</h2>
 *
 * {@code node.kubernetes.io/instance-type}, {@code kubernetes.io/arch}, {@code kubernetes.io/os} ({@code linux}; on
 * Windows {@code windows} for amd64 and no value for arm64), {@code topology.kubernetes.io/zone} (every offering's
 * zone), {@code topology.kubernetes.io/region}, {@code node.kubernetes.io/windows-build}, {@code
 * karpenter.sh/capacity-type} (every offering's capacity type), and {@code karpenter.k8s.aws/instance-}{@code cpu},
 * {@code memory} (catalog MiB), {@code category}, {@code family}, {@code generation}, {@code size}, {@code
 * local-nvme}, {@code hypervisor} (empty string for bare metal), {@code gpu-name}, {@code gpu-manufacturer} (both
 * lower-cased with spaces as dashes), {@code gpu-count}, {@code gpu-memory}, {@code accelerator-name}, {@code
 * accelerator-manufacturer} ({@code aws}), {@code accelerator-count} (Neuron), {@code
 * karpenter.k8s.aws/capacity-reservation-id} and {@code -type}. As in Karpenter, a label whose value the type lacks
 * is {@code DoesNotExist} (so a pod requiring it cannot land there), not absent.
 *
 * <p>Labels Karpenter sets that the catalog has no data for are left undefined (any value is compatible, as for any
 * well-known label an instance type does not define): {@code instance-cpu-manufacturer}, {@code
 * instance-cpu-sustained-clock-speed-mhz}, {@code instance-ebs-bandwidth}, {@code instance-network-bandwidth}, {@code
 * instance-encryption-in-transit-supported}, {@code topology.k8s.aws/zone-id} (zone names and IDs are not mapped in
 * the catalog), and the newer tenancy, flex and Nitro Enclaves labels. Neuron cores, EFA and CEL expressions in kubelet
 * settings are not modelled. Zones are the entry's offering zones; Karpenter intersects them with the
 * EC2NodeClass's subnet zones, which a caller does by resolving {@link InstanceTypeInfo#withZonesWithin}.
 *
 * <h2>Offerings</h2>
 *
 * One per zone × supported capacity type, all available: on-demand at the catalog price; spot at the ESTIMATE {@code
 * onDemand × (1 − spotSavingsPct/100)} (flagged {@link Offering#priceEstimated()}), only when the type supports spot
 * and has {@link InstanceTypeInfo#spotSavings()} (the catalog fills in a family, category or catalog median for types
 * missing from the Spot Instance Advisor feed, see {@link SpotSavings.Basis}).
 */
public final class InstanceTypes {

    /** Pods per node when the AMI family has no ENI-limited pod density (the kubelet's default {@code maxPods}). */
    public static final long DEFAULT_MAX_PODS = 110;

    /** Karpenter's {@code vpc.amazonaws.com/PrivateIPv4Address} resource, advertised on Windows nodes. */
    public static final String PRIVATE_IPV4_ADDRESS = "vpc.amazonaws.com/PrivateIPv4Address";

    /** Intel Habana Gaudi accelerators ({@code habana.ai/gaudi}). */
    public static final String HABANA_GAUDI = "habana.ai/gaudi";

    /** The eviction signal whose hard threshold is subtracted from memory. */
    public static final String MEMORY_AVAILABLE = "memory.available";

    /** The eviction signal whose hard threshold is subtracted from ephemeral storage. */
    public static final String NODEFS_AVAILABLE = "nodefs.available";

    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;
    private static final long GB = 1_000_000_000L;
    private static final Set<String> RESERVABLE =
            Set.of(Resources.CPU, Resources.MEMORY, Resources.EPHEMERAL_STORAGE, "pid");

    // Karpenter's kube-reserved CPU bands: [start, end) in millicores and the share reserved of that band.
    private static final long[] CPU_BAND_START = {0, 1000, 2000, 4000};
    private static final long[] CPU_BAND_END = {1000, 2000, 4000, 1L << 31};
    private static final double[] CPU_BAND_SHARE = {0.06, 0.01, 0.005, 0.0025};

    private InstanceTypes() {}

    /**
     * Resolves one catalog entry into an instance type for these settings.
     *
     * @param info the catalog entry
     * @param settings the EC2NodeClass settings
     * @return the instance type with requirements, offerings, capacity and overhead
     * @throws IllegalArgumentException naming the kubelet field when a kubelet value is invalid (a negative maxPods or
     *     podsPerCore, an unknown reserved resource, an unparsable quantity or percentage)
     */
    public static InstanceType resolve(InstanceTypeInfo info, NodeOverheadSettings settings) {
        List<Offering> offerings = offerings(info);
        return new InstanceType(
                info.name(),
                requirements(info, offerings, settings.amiFamily()),
                offerings,
                capacity(info, settings),
                overhead(info, settings));
    }

    /**
     * Whether an instance type is "exotic" for launches: a metal size, or one with GPUs, Neuron devices or Habana
     * accelerators. CreateFleet requests leave exotic types out whenever generic ones can hold the NodeClaim ([A]
     * pkg/providers/instance/instance.go {@code filterExoticInstanceTypes}), so plans and launches never put ordinary
     * pods on accelerators that happen to be cheap.
     *
     * @param it the instance type
     * @return whether it is exotic
     */
    public static boolean isExotic(InstanceType it) {
        for (String size : it.requirements().get(Labels.INSTANCE_SIZE).values()) {
            if (size.contains("metal")) {
                return true;
            }
        }
        Resources capacity = it.capacity();
        return capacity.get(Resources.NVIDIA_GPU) > 0
                || capacity.get(Resources.AMD_GPU) > 0
                || capacity.get(Resources.AWS_NEURON) > 0
                || capacity.get(HABANA_GAUDI) > 0;
    }

    /**
     * The types a launch offers EC2: the generic (non-exotic) ones when there are any, otherwise all; order kept.
     *
     * @param types candidate types, usually cheapest first
     * @return the launch candidates
     */
    public static List<InstanceType> launchCandidates(List<InstanceType> types) {
        List<InstanceType> generic = new ArrayList<>(types.size());
        for (InstanceType it : types) {
            if (!isExotic(it)) {
                generic.add(it);
            }
        }
        return generic.isEmpty() ? types : generic;
    }

    /**
     * Resolves every entry, in the given order.
     *
     * @throws IllegalArgumentException as {@link #resolve}
     */
    public static List<InstanceType> resolveAll(Collection<InstanceTypeInfo> infos, NodeOverheadSettings settings) {
        List<InstanceType> out = new ArrayList<>(infos.size());
        for (InstanceTypeInfo info : infos) {
            out.add(resolve(info, settings));
        }
        return List.copyOf(out);
    }

    /**
     * The offerings of a type: one per zone (sorted) × supported capacity type (spot, then on-demand), all available.
     */
    public static List<Offering> offerings(InstanceTypeInfo info) {
        boolean spot = info.supports(CapacityType.SPOT) && info.spotSavings() != null;
        double spotPrice = spot
                ? spotPricePerHourUsd(
                        info.onDemandPriceUsdPerHour(), info.spotSavings().pct())
                : 0;
        List<Offering> out = new ArrayList<>(info.zones().size() * 2);
        for (String zone : info.zones()) {
            if (spot) {
                out.add(new Offering(zone, CapacityType.SPOT, spotPrice, true, true));
            }
            if (info.supports(CapacityType.ON_DEMAND)) {
                out.add(new Offering(zone, CapacityType.ON_DEMAND, info.onDemandPriceUsdPerHour(), true, false));
            }
        }
        return List.copyOf(out);
    }

    /**
     * The estimated spot price: {@code onDemand × (1 − savingsPct/100)}, computed in decimal so that, for example,
     * $0.096 at 66% is exactly $0.03264.
     *
     * @param onDemandPricePerHourUsd the on-demand price in USD per hour
     * @param spotSavingsPct the savings in percent, 0..100
     * @throws IllegalArgumentException if the percentage is outside 0..100 or the price is negative or not finite
     */
    public static double spotPricePerHourUsd(double onDemandPricePerHourUsd, int spotSavingsPct) {
        if (spotSavingsPct < 0 || spotSavingsPct > 100) {
            throw new IllegalArgumentException("spotSavingsPct: must be within 0..100, got " + spotSavingsPct);
        }
        if (!Double.isFinite(onDemandPricePerHourUsd) || onDemandPricePerHourUsd < 0) {
            throw new IllegalArgumentException(
                    "onDemandPricePerHourUsd: must be finite and non-negative, got " + onDemandPricePerHourUsd);
        }
        return BigDecimal.valueOf(onDemandPricePerHourUsd)
                .multiply(BigDecimal.valueOf(100L - spotSavingsPct))
                .movePointLeft(2)
                .doubleValue();
    }

    /**
     * The type's well-known labels as requirements ({@code computeRequirements()}); see the class documentation.
     *
     * @param info the catalog entry
     * @param offerings its offerings: their zones and capacity types become the zone and capacity-type requirements
     * @param amiFamily the AMI family (decides {@code kubernetes.io/os} and {@code windows-build})
     */
    public static Requirements requirements(InstanceTypeInfo info, List<Offering> offerings, AmiFamily amiFamily) {
        TreeSet<String> zones = new TreeSet<>();
        TreeSet<String> capacityTypes = new TreeSet<>();
        for (Offering offering : offerings) {
            zones.add(offering.zone());
            capacityTypes.add(offering.capacityType().labelValue());
        }
        List<Requirement> r = new ArrayList<>(32);
        r.add(Requirement.in(Labels.INSTANCE_TYPE, info.name()));
        r.add(Requirement.in(Labels.ARCH, info.arch()));
        r.add(Requirement.in(Labels.OS, operatingSystems(info, amiFamily)));
        r.add(Requirement.in(Labels.TOPOLOGY_ZONE, zones));
        r.add(Requirement.in(Labels.TOPOLOGY_REGION, info.region()));
        r.add(valueOrDoesNotExist(Labels.WINDOWS_BUILD, amiFamily.windowsBuild()));
        r.add(Requirement.in(Labels.CAPACITY_TYPE, capacityTypes));
        r.add(Requirement.in(Labels.INSTANCE_CPU, Integer.toString(info.vcpu())));
        r.add(Requirement.in(Labels.INSTANCE_MEMORY, Long.toString(info.memoryMiB())));
        r.add(valueOrDoesNotExist(Labels.INSTANCE_CATEGORY, info.category()));
        r.add(valueOrDoesNotExist(
                Labels.INSTANCE_GENERATION,
                info.generation() == null ? null : info.generation().toString()));
        boolean nameHasOneDot = info.name().indexOf('.') > 0
                && info.name().indexOf('.') == info.name().lastIndexOf('.');
        r.add(valueOrDoesNotExist(Labels.INSTANCE_FAMILY, nameHasOneDot ? info.family() : null));
        r.add(valueOrDoesNotExist(Labels.INSTANCE_SIZE, nameHasOneDot ? info.size() : null));
        r.add(valueOrDoesNotExist(
                Labels.INSTANCE_LOCAL_NVME, info.localNvmeGB() > 0 ? Long.toString(info.localNvmeGB()) : null));
        r.add(Requirement.in(Labels.INSTANCE_HYPERVISOR, info.hypervisor() == null ? "" : info.hypervisor()));
        boolean gpu = info.hasGpu();
        r.add(valueOrDoesNotExist(Labels.INSTANCE_GPU_NAME, gpu ? lowerKebabCase(info.gpuName()) : null));
        r.add(valueOrDoesNotExist(
                Labels.INSTANCE_GPU_MANUFACTURER,
                gpu && info.gpuManufacturer() != null ? lowerKebabCase(info.gpuManufacturer()) : null));
        r.add(valueOrDoesNotExist(Labels.INSTANCE_GPU_COUNT, gpu ? Integer.toString(info.gpuCount()) : null));
        r.add(valueOrDoesNotExist(
                Labels.INSTANCE_GPU_MEMORY,
                gpu && info.gpuMemoryMiB() != null ? info.gpuMemoryMiB().toString() : null));
        boolean neuron = info.hasNeuron();
        r.add(valueOrDoesNotExist(
                Labels.INSTANCE_ACCELERATOR_NAME, neuron ? lowerKebabCase(info.neuronDeviceName()) : null));
        r.add(valueOrDoesNotExist(Labels.INSTANCE_ACCELERATOR_MANUFACTURER, neuron ? "aws" : null));
        r.add(valueOrDoesNotExist(
                Labels.INSTANCE_ACCELERATOR_COUNT, neuron ? Integer.toString(info.neuronDeviceCount()) : null));
        r.add(Requirement.doesNotExist(Labels.CAPACITY_RESERVATION_ID));
        r.add(Requirement.doesNotExist(Labels.CAPACITY_RESERVATION_TYPE));
        return Requirements.of(r);
    }

    /**
     * What a node of this type reports as capacity ({@code computeCapacity()}); see the class documentation.
     *
     * @throws IllegalArgumentException naming the kubelet field if maxPods or podsPerCore is negative
     */
    public static Resources capacity(InstanceTypeInfo info, NodeOverheadSettings settings) {
        TreeMap<String, Long> extended = new TreeMap<>();
        if (info.gpuManufacturer() != null && info.gpuCount() > 0) {
            String resource = switch (info.gpuManufacturer()) {
                case "NVIDIA" -> Resources.NVIDIA_GPU;
                case "AMD" -> Resources.AMD_GPU;
                case "Habana" -> HABANA_GAUDI;
                default -> null;
            };
            if (resource != null) {
                extended.put(resource, (long) info.gpuCount());
            }
        }
        if (info.neuronDeviceCount() > 0) {
            extended.put(Resources.AWS_NEURON, (long) info.neuronDeviceCount());
        }
        if (info.trunkingCompatible() && info.branchEnis() > 0) {
            extended.put(Resources.POD_ENI, (long) info.branchEnis());
        }
        if (isWindowsCompatible(info, settings.amiFamily())) {
            extended.put(PRIVATE_IPV4_ADDRESS, (long) Math.max(info.ipv4PerEni() - 1, 0));
        }
        return new Resources(
                info.vcpu() * 1000L,
                memoryCapacityBytes(info, settings.vmMemoryOverheadPercent()),
                ephemeralStorageBytes(info, settings),
                pods(info, settings),
                extended);
    }

    /**
     * The overhead of a node of this type: kubeReserved, systemReserved and the eviction threshold; see the class
     * documentation.
     *
     * @throws IllegalArgumentException naming the kubelet field when a value is invalid
     */
    public static InstanceTypeOverhead overhead(InstanceTypeInfo info, NodeOverheadSettings settings) {
        KubeletConfiguration kubelet = settings.kubelet();
        long podsForMemory =
                settings.amiFamily().usesEniLimitedMemoryOverhead() ? eniLimitedPods(info, 0) : pods(info, settings);
        Resources kubeReservedDefaults = new Resources(
                defaultKubeReservedCpuMillis(info.vcpu()), (11 * podsForMemory + 255) * MIB, GIB, 0, null);
        Resources kubeReserved = overrideReserved("kubelet.kubeReserved", kubeReservedDefaults, kubelet.kubeReserved());
        Resources systemReserved = overrideReserved("kubelet.systemReserved", Resources.NONE, kubelet.systemReserved());
        long memory = memoryCapacityBytes(info, settings.vmMemoryOverheadPercent());
        long storage = ephemeralStorageBytes(info, settings);
        long evictionMemory = 100 * MIB;
        long evictionStorage = (long) Math.ceil((double) storage / 100 * 10);
        Map<String, String> hard = kubelet.evictionHard();
        if (hard.containsKey(MEMORY_AVAILABLE)) {
            evictionMemory =
                    evictionSignal("kubelet.evictionHard." + MEMORY_AVAILABLE, memory, hard.get(MEMORY_AVAILABLE));
        }
        if (hard.containsKey(NODEFS_AVAILABLE)) {
            evictionStorage =
                    evictionSignal("kubelet.evictionHard." + NODEFS_AVAILABLE, storage, hard.get(NODEFS_AVAILABLE));
        }
        return new InstanceTypeOverhead(
                kubeReserved, systemReserved, new Resources(0, evictionMemory, evictionStorage, 0, null));
    }

    /**
     * Memory capacity in bytes: catalog MiB, minus 64 MiB on arm64, minus the VM overhead rounded up to whole MiB
     * ([A] types.go {@code memory()}).
     *
     * @param vmMemoryOverheadPercent the overhead as a fraction, for example 0.075
     */
    public static long memoryCapacityBytes(InstanceTypeInfo info, double vmMemoryOverheadPercent) {
        long mib = info.memoryMiB();
        if (InstanceTypeInfo.ARCH_ARM64.equals(info.arch())) {
            mib -= 64;
        }
        long bytes = mib * MIB;
        // Same floating-point steps as Karpenter, so that rounding agrees.
        long overheadMiB = (long) Math.ceil((double) bytes * vmMemoryOverheadPercent / 1024 / 1024);
        return bytes - overheadMiB * MIB;
    }

    /**
     * Ephemeral storage capacity in bytes: the instance store (decimal GB) with RAID0 when the type has one, else the
     * ephemeral volume size ([A] types.go {@code ephemeralStorage()}).
     */
    public static long ephemeralStorageBytes(InstanceTypeInfo info, NodeOverheadSettings settings) {
        if (settings.instanceStorePolicyRaid0() && info.localStorageGB() > 0) {
            return info.localStorageGB() * GB;
        }
        return settings.effectiveEphemeralVolumeBytes();
    }

    /**
     * Pod capacity ([A] types.go {@code pods()}): maxPods, else ENI-limited or 110 by AMI family, then capped by
     * podsPerCore × vCPU when set and honoured.
     *
     * @throws IllegalArgumentException naming {@code kubelet.maxPods} or {@code kubelet.podsPerCore} if negative
     */
    public static long pods(InstanceTypeInfo info, NodeOverheadSettings settings) {
        KubeletConfiguration kubelet = settings.kubelet();
        AmiFamily family = settings.amiFamily();
        long count;
        if (kubelet.maxPods() != null) {
            if (kubelet.maxPods() < 0) {
                throw new IllegalArgumentException("kubelet.maxPods: must not be negative, got " + kubelet.maxPods());
            }
            count = kubelet.maxPods();
        } else if (family.supportsEniLimitedPodDensity()) {
            count = eniLimitedPods(info, settings.reservedEnis());
        } else {
            count = DEFAULT_MAX_PODS;
        }
        Integer podsPerCore = kubelet.podsPerCore();
        if (podsPerCore != null && podsPerCore < 0) {
            throw new IllegalArgumentException("kubelet.podsPerCore: must not be negative, got " + podsPerCore);
        }
        if (podsPerCore != null && podsPerCore > 0 && family.podsPerCoreEnabled()) {
            count = Math.min((long) podsPerCore * info.vcpu(), count);
        }
        return count;
    }

    /**
     * The ENI-limited pod count {@code (maxEnis − reservedEnis) × (ipv4PerEni − 1) + 2}, or 0 when no ENI is left
     * ([A] types.go {@code ENILimitedPods()}; the EKS AMI's {@code eni-max-pods.txt} formula).
     *
     * @param reservedEnis ENIs kept from the VPC CNI, at least 0
     */
    public static long eniLimitedPods(InstanceTypeInfo info, int reservedEnis) {
        long usable = Math.max((long) info.maxEnis() - reservedEnis, 0);
        if (usable == 0) {
            return 0;
        }
        return usable * (info.ipv4PerEni() - 1L) + 2;
    }

    /**
     * Karpenter's default kube-reserved CPU in millicores for a vCPU count: 6% of the first core, 1% of the second,
     * 0.5% of cores 3–4 and 0.25% of every further core, each band truncated to whole millicores ([A] types.go {@code
     * kubeReservedResources()}, after bottlerocket-os/bottlerocket#1388). 2 vCPU → 70m, 4 → 80m, 16 → 110m.
     */
    public static long defaultKubeReservedCpuMillis(int vcpu) {
        long cpuMillis = vcpu * 1000L;
        long reserved = 0;
        for (int band = 0; band < CPU_BAND_START.length; band++) {
            if (cpuMillis >= CPU_BAND_START[band]) {
                double width = cpuMillis < CPU_BAND_END[band]
                        ? cpuMillis - CPU_BAND_START[band]
                        : CPU_BAND_END[band] - CPU_BAND_START[band];
                reserved += (long) (width * CPU_BAND_SHARE[band]);
            }
        }
        return reserved;
    }

    private static Resources overrideReserved(String field, Resources defaults, Map<String, String> overrides) {
        Resources result = defaults;
        for (Map.Entry<String, String> e : new TreeMap<>(overrides).entrySet()) {
            String resource = e.getKey();
            if (!RESERVABLE.contains(resource)) {
                throw new IllegalArgumentException(
                        field + ": resource \"" + resource + "\" is not one of cpu, memory, ephemeral-storage, pid");
            }
            Quantity quantity = parseQuantity(field + "." + resource, e.getValue());
            result = result.with(
                    resource, Resources.CPU.equals(resource) ? quantity.toMillisCeil() : quantity.toUnitsCeil());
        }
        return result;
    }

    private static long evictionSignal(String field, long capacity, String value) {
        if (value != null && value.strip().endsWith("%")) {
            String number = value.strip();
            int start = 0;
            int end = number.length();
            while (start < end && number.charAt(start) == '%') {
                start++;
            }
            while (end > start && number.charAt(end - 1) == '%') {
                end--;
            }
            double percent;
            try {
                percent = Double.parseDouble(number.substring(start, end));
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException(field + ": \"" + value + "\" is not a percentage such as 10%", ex);
            }
            if (!(percent >= 0 && percent <= 100)) {
                throw new IllegalArgumentException(
                        field + ": percentage must be within 0%..100%, got \"" + value + "\"");
            }
            // The kubelet treats 100% as "threshold disabled".
            if (percent == 100) {
                percent = 0;
            }
            return (long) Math.ceil((double) capacity / 100 * percent);
        }
        return parseQuantity(field, value).toUnitsCeil();
    }

    private static Quantity parseQuantity(String field, String value) {
        Quantity quantity;
        try {
            quantity = Quantity.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
        }
        if (quantity.isNegative()) {
            throw new IllegalArgumentException(field + ": must not be negative, got \"" + value + "\"");
        }
        return quantity;
    }

    private static List<String> operatingSystems(InstanceTypeInfo info, AmiFamily family) {
        if (!family.isWindows()) {
            return List.of("linux");
        }
        return isWindowsCompatible(info, family) ? List.of("windows") : List.of();
    }

    private static boolean isWindowsCompatible(InstanceTypeInfo info, AmiFamily family) {
        return family.isWindows() && InstanceTypeInfo.ARCH_AMD64.equals(info.arch());
    }

    private static Requirement valueOrDoesNotExist(String key, String value) {
        return value == null ? Requirement.doesNotExist(key) : Requirement.in(key, value);
    }

    private static String lowerKebabCase(String s) {
        return s.replace(' ', '-').toLowerCase(Locale.ROOT);
    }
}
