package dev.fleetwright.core.api;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The AMI family of an EC2NodeClass ({@code spec.amiFamily}, [A] pkg/apis/v1/ec2nodeclass.go): it decides the user
 * data format and the default block device mappings ([A] pkg/providers/amifamily/*.go).
 */
public enum AmiFamily {
    /** Amazon Linux 2. */
    AL2("AL2", "al2", "/dev/xvda", true, true, true, null),
    /** Amazon Linux 2023. */
    AL2023("AL2023", "al2023", "/dev/xvda", true, true, true, null),
    /** Bottlerocket: a small OS volume and a data volume for containers and kubelet. */
    BOTTLEROCKET("Bottlerocket", "bottlerocket", "/dev/xvdb", false, false, true, null),
    /** Windows Server 2019. */
    WINDOWS2019("Windows2019", "windows2019", "/dev/sda1", false, true, false, "10.0.17763"),
    /** Windows Server 2022. */
    WINDOWS2022("Windows2022", "windows2022", "/dev/sda1", false, true, false, "10.0.20348"),
    /** A custom AMI: no generated bootstrap and no default block device mappings. */
    CUSTOM("Custom", null, null, true, true, true, null);

    /** Size of Karpenter's default EBS volume: 20 GiB ([A] pkg/providers/amifamily/resolver.go {@code DefaultEBS}). */
    public static final long DEFAULT_VOLUME_SIZE_BYTES = 20L << 30;

    private static final long BOTTLEROCKET_OS_VOLUME_BYTES = 4L << 30;
    private static final long WINDOWS_ROOT_VOLUME_BYTES = 50L << 30;

    private final String wireName;
    private final String aliasName;
    private final String ephemeralBlockDevice;
    private final boolean usesEniLimitedMemoryOverhead;
    private final boolean podsPerCoreEnabled;
    private final boolean supportsEniLimitedPodDensity;
    private final String windowsBuild;

    AmiFamily(
            String wireName,
            String aliasName,
            String ephemeralBlockDevice,
            boolean usesEniLimitedMemoryOverhead,
            boolean podsPerCoreEnabled,
            boolean supportsEniLimitedPodDensity,
            String windowsBuild) {
        this.wireName = wireName;
        this.aliasName = aliasName;
        this.ephemeralBlockDevice = ephemeralBlockDevice;
        this.usesEniLimitedMemoryOverhead = usesEniLimitedMemoryOverhead;
        this.podsPerCoreEnabled = podsPerCoreEnabled;
        this.supportsEniLimitedPodDensity = supportsEniLimitedPodDensity;
        this.windowsBuild = windowsBuild;
    }

    /**
     * Whether kube-reserved memory is computed from the ENI-limited pod count even when {@code kubelet.maxPods} is
     * set ([A] pkg/providers/amifamily: {@code FeatureFlags().UsesENILimitedMemoryOverhead}: AL2, AL2023, Custom).
     */
    public boolean usesEniLimitedMemoryOverhead() {
        return usesEniLimitedMemoryOverhead;
    }

    /** Whether {@code kubelet.podsPerCore} applies ([A] {@code PodsPerCoreEnabled}; Bottlerocket ignores it). */
    public boolean podsPerCoreEnabled() {
        return podsPerCoreEnabled;
    }

    /** Whether pod capacity is ENI-limited by default ([A] {@code SupportsENILimitedPodDensity}; not on Windows). */
    public boolean supportsEniLimitedPodDensity() {
        return supportsEniLimitedPodDensity;
    }

    /** The {@code node.kubernetes.io/windows-build} label value for Windows families; null otherwise. */
    public String windowsBuild() {
        return windowsBuild;
    }

    /**
     * The size of the volume that backs kubelet's ephemeral storage when no block device mapping says otherwise: 20Gi,
     * or 50Gi for Windows roots ([A] amifamily default block device mappings), in bytes.
     */
    public long defaultEphemeralVolumeBytes() {
        return isWindows() ? WINDOWS_ROOT_VOLUME_BYTES : DEFAULT_VOLUME_SIZE_BYTES;
    }

    /** The API name, for example {@code AL2023}. */
    public String wireName() {
        return wireName;
    }

    /** The family part of an AMI alias ({@code al2023} in {@code al2023@latest}); empty for {@link #CUSTOM}. */
    public Optional<String> aliasName() {
        return Optional.ofNullable(aliasName);
    }

    /**
     * The device whose volume holds the kubelet's root directory (node ephemeral storage) when the EC2NodeClass does
     * not mark a {@code rootVolume}: {@code /dev/xvda}, Bottlerocket's data volume {@code /dev/xvdb}, Windows' {@code
     * /dev/sda1}; empty for {@link #CUSTOM} ([A] amifamily {@code EphemeralBlockDevice}).
     */
    public Optional<String> ephemeralBlockDevice() {
        return Optional.ofNullable(ephemeralBlockDevice);
    }

    /** Whether the family runs Windows nodes. */
    public boolean isWindows() {
        return this == WINDOWS2019 || this == WINDOWS2022;
    }

    /**
     * The block device mappings Karpenter uses when an EC2NodeClass sets none ([A] amifamily {@code
     * DefaultBlockDeviceMappings}): AL2 and AL2023 one 20 GiB gp3 encrypted {@code /dev/xvda}; Bottlerocket a 4 GiB OS
     * volume {@code /dev/xvda} and a 20 GiB data volume {@code /dev/xvdb}; Windows a 50 GiB {@code /dev/sda1}; Custom
     * none (the AMI's own mappings apply).
     */
    public List<BlockDeviceMapping> defaultBlockDeviceMappings() {
        return switch (this) {
            case AL2, AL2023 -> List.of(defaultVolume("/dev/xvda", DEFAULT_VOLUME_SIZE_BYTES));
            case BOTTLEROCKET ->
                List.of(
                        defaultVolume("/dev/xvda", BOTTLEROCKET_OS_VOLUME_BYTES),
                        defaultVolume("/dev/xvdb", DEFAULT_VOLUME_SIZE_BYTES));
            case WINDOWS2019, WINDOWS2022 -> List.of(defaultVolume("/dev/sda1", WINDOWS_ROOT_VOLUME_BYTES));
            case CUSTOM -> List.of();
        };
    }

    /** The family with this API name ({@code AL2023}), or empty. */
    public static Optional<AmiFamily> fromWireName(String name) {
        return Arrays.stream(values()).filter(f -> f.wireName.equals(name)).findFirst();
    }

    /** The family with this alias name ({@code al2023}), or empty. */
    public static Optional<AmiFamily> fromAliasName(String name) {
        return Arrays.stream(values())
                .filter(f -> f.aliasName != null && f.aliasName.equals(name))
                .findFirst();
    }

    private static BlockDeviceMapping defaultVolume(String device, long sizeBytes) {
        return new BlockDeviceMapping(
                device, new BlockDevice(null, true, null, null, null, null, null, sizeBytes, EbsVolumeType.GP3), false);
    }

    @Override
    public String toString() {
        return wireName;
    }
}
