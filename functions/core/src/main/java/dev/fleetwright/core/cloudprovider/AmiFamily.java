package dev.fleetwright.core.cloudprovider;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The AMI families of an EC2NodeClass ({@code spec.amiFamily}, or the family of an {@code amiSelectorTerms} alias) and
 * the differences between them that change an instance type's resources, after Karpenter's AMI family feature flags
 * ([A] pkg/providers/amifamily/resolver.go {@code FeatureFlags}, al2.go, al2023.go, bottlerocket.go, windows.go,
 * custom.go).
 *
 * <table>
 *   <caption>Family differences Fleetwright implements</caption>
 *   <tr><th>family</th><th>ENI-limited pod density</th><th>podsPerCore</th><th>kubeReserved memory from</th>
 *       <th>ephemeral device, default size</th><th>os label</th></tr>
 *   <tr><td>AL2, AL2023</td><td>yes</td><td>yes</td><td>ENI-limited pods</td><td>/dev/xvda, 20Gi</td>
 *       <td>linux</td></tr>
 *   <tr><td>Bottlerocket</td><td>yes</td><td>ignored</td><td>pod capacity</td><td>/dev/xvdb (data), 20Gi</td>
 *       <td>linux</td></tr>
 *   <tr><td>Windows2019/2022/2025</td><td>no (110)</td><td>yes</td><td>pod capacity</td><td>/dev/sda1, 50Gi</td>
 *       <td>windows (amd64 only)</td></tr>
 *   <tr><td>Custom</td><td>yes</td><td>yes</td><td>ENI-limited pods</td><td>unknown, 20Gi</td><td>linux</td></tr>
 * </table>
 */
public enum AmiFamily {
    /** Amazon Linux 2 (EKS-optimized); uses Karpenter's default feature flags. */
    AL2("AL2", "/dev/xvda", 20L << 30, true, true, true, null),
    /** Amazon Linux 2023 (EKS-optimized, nodeadm); uses Karpenter's default feature flags. */
    AL2023("AL2023", "/dev/xvda", 20L << 30, true, true, true, null),
    /**
     * Bottlerocket: pods on the data volume {@code /dev/xvdb}; its settings do not support podsPerCore
     * (bottlerocket-os/bottlerocket#1721), and kubeReserved memory follows the pod capacity.
     */
    BOTTLEROCKET("Bottlerocket", "/dev/xvdb", 20L << 30, false, false, true, null),
    /** Windows Server 2019 Core, build {@code 10.0.17763} ([A] pkg/apis/v1/labels.go {@code Windows2019Build}). */
    WINDOWS2019("Windows2019", "/dev/sda1", 50L << 30, false, true, false, "10.0.17763"),
    /** Windows Server 2022 Core, build {@code 10.0.20348} ([A] pkg/apis/v1/labels.go {@code Windows2022Build}). */
    WINDOWS2022("Windows2022", "/dev/sda1", 50L << 30, false, true, false, "10.0.20348"),
    /**
     * Windows Server 2025 Core. Its build label value {@code 10.0.26100} is the Windows Server 2025 build number; the
     * stored Karpenter sources name the family but not the constant's value, so this value is an assumption.
     */
    WINDOWS2025("Windows2025", "/dev/sda1", 50L << 30, false, true, false, "10.0.26100"),
    /**
     * A custom AMI: Karpenter cannot know which device holds pods, so the ephemeral storage is the root (or last)
     * block device mapping's size, else 20Gi; uses the default feature flags.
     */
    CUSTOM("Custom", null, 20L << 30, true, true, true, null);

    private final String wireName;
    private final String ephemeralBlockDeviceName;
    private final long defaultEphemeralVolumeBytes;
    private final boolean usesEniLimitedMemoryOverhead;
    private final boolean podsPerCoreEnabled;
    private final boolean supportsEniLimitedPodDensity;
    private final String windowsBuild;

    AmiFamily(
            String wireName,
            String ephemeralBlockDeviceName,
            long defaultEphemeralVolumeBytes,
            boolean usesEniLimitedMemoryOverhead,
            boolean podsPerCoreEnabled,
            boolean supportsEniLimitedPodDensity,
            String windowsBuild) {
        this.wireName = wireName;
        this.ephemeralBlockDeviceName = ephemeralBlockDeviceName;
        this.defaultEphemeralVolumeBytes = defaultEphemeralVolumeBytes;
        this.usesEniLimitedMemoryOverhead = usesEniLimitedMemoryOverhead;
        this.podsPerCoreEnabled = podsPerCoreEnabled;
        this.supportsEniLimitedPodDensity = supportsEniLimitedPodDensity;
        this.windowsBuild = windowsBuild;
    }

    /**
     * The family an EC2NodeClass names.
     *
     * @param name {@code AL2}, {@code AL2023}, {@code Bottlerocket}, {@code Windows2019}, {@code Windows2022}, {@code
     *     Windows2025} or {@code Custom}, spelled as in the API
     * @return the family
     * @throws IllegalArgumentException naming the value and the valid ones if it is none of these (null included)
     */
    public static AmiFamily fromName(String name) {
        for (AmiFamily family : values()) {
            if (family.wireName.equals(name)) {
                return family;
            }
        }
        throw new IllegalArgumentException("amiFamily: \"" + name + "\" is not one of "
                + Arrays.stream(values()).map(AmiFamily::wireName).collect(Collectors.joining(", ")));
    }

    /** The name as the EC2NodeClass API spells it, for example {@code Bottlerocket}. */
    public String wireName() {
        return wireName;
    }

    /**
     * The block device whose size is the node's ephemeral storage ({@code EphemeralBlockDevice()}); null for {@link
     * #CUSTOM}, where it is unknown.
     */
    public String ephemeralBlockDeviceName() {
        return ephemeralBlockDeviceName;
    }

    /** The ephemeral volume size in bytes when the EC2NodeClass sets no block device mapping for it. */
    public long defaultEphemeralVolumeBytes() {
        return defaultEphemeralVolumeBytes;
    }

    /**
     * Whether the default kubeReserved memory is computed from the ENI-limited pod count (with no reserved ENIs) even
     * when maxPods or podsPerCore change the pod capacity ({@code UsesENILimitedMemoryOverhead}).
     */
    public boolean usesEniLimitedMemoryOverhead() {
        return usesEniLimitedMemoryOverhead;
    }

    /** Whether {@code kubelet.podsPerCore} limits the pod capacity ({@code PodsPerCoreEnabled}). */
    public boolean podsPerCoreEnabled() {
        return podsPerCoreEnabled;
    }

    /**
     * Whether the default pod capacity is the ENI-limited count; otherwise it is 110 ({@code
     * SupportsENILimitedPodDensity}).
     */
    public boolean supportsEniLimitedPodDensity() {
        return supportsEniLimitedPodDensity;
    }

    /** Whether nodes run Windows ({@code kubernetes.io/os=windows}). */
    public boolean isWindows() {
        return windowsBuild != null;
    }

    /** The {@code node.kubernetes.io/windows-build} label value, or null for Linux families. */
    public String windowsBuild() {
        return windowsBuild;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
