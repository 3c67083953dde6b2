package dev.fleetwright.core.cloudprovider;

import dev.fleetwright.core.api.AmiFamily;
import dev.fleetwright.core.api.Ec2NodeClass;
import dev.fleetwright.core.api.InstanceStorePolicy;
import dev.fleetwright.core.api.KubeletConfiguration;
import java.util.Objects;

/**
 * The EC2NodeClass settings (and operator options) that change what an instance type offers to pods: the input of
 * {@link InstanceTypes#resolve}. Karpenter reads the same values in [A] pkg/providers/instancetype/types.go {@code
 * NewInstanceType}.
 *
 * <p>Mapping from an EC2NodeClass: {@code kubelet} is {@code spec.kubelet}; {@code ephemeralVolumeBytes} is the
 * {@code ebs.volumeSize} of the block device mapping marked {@code rootVolume: true}, else of the mapping on {@link
 * AmiFamily#ephemeralBlockDevice()} (for {@code Custom}: the last mapping), else null; {@code
 * instanceStorePolicyRaid0} is {@code spec.instanceStorePolicy == RAID0}; {@code amiFamily} is {@code spec.amiFamily}
 * or the alias's family.
 *
 * @param kubelet kubelet overrides; null means none ({@link KubeletConfiguration#DEFAULT})
 * @param ephemeralVolumeBytes size of the volume that holds pods' ephemeral storage, in bytes; null for the AMI
 *     family's default ({@link AmiFamily#defaultEphemeralVolumeBytes()}: 20Gi, or 50Gi on Windows)
 * @param instanceStorePolicyRaid0 whether the instance store is striped into one RAID0 volume for ephemeral storage;
 *     then a type with an instance store reports the instance store's size instead of the volume's
 * @param amiFamily the AMI family
 * @param vmMemoryOverheadPercent the share of memory the hypervisor and OS keep, as a fraction (Karpenter's {@code
 *     VM_MEMORY_OVERHEAD_PERCENT}, default 0.075); within 0 inclusive and 1 exclusive
 * @param reservedEnis network interfaces kept from the VPC CNI (Karpenter's {@code RESERVED_ENIS}, default 0); they
 *     lower the ENI-limited pod capacity
 */
public record NodeOverheadSettings(
        KubeletConfiguration kubelet,
        Long ephemeralVolumeBytes,
        boolean instanceStorePolicyRaid0,
        AmiFamily amiFamily,
        double vmMemoryOverheadPercent,
        int reservedEnis) {

    /** Karpenter's default {@code VM_MEMORY_OVERHEAD_PERCENT}. */
    public static final double DEFAULT_VM_MEMORY_OVERHEAD_PERCENT = 0.075;

    /**
     * Replaces a null kubelet with {@link KubeletConfiguration#DEFAULT} and validates the rest.
     *
     * @throws NullPointerException if {@code amiFamily} is null
     * @throws IllegalArgumentException naming the field if a value is out of range
     */
    public NodeOverheadSettings {
        kubelet = kubelet == null ? KubeletConfiguration.DEFAULT : kubelet;
        Objects.requireNonNull(amiFamily, "amiFamily");
        if (ephemeralVolumeBytes != null && ephemeralVolumeBytes <= 0) {
            throw new IllegalArgumentException(
                    "ephemeralVolumeBytes: must be positive when set, got " + ephemeralVolumeBytes);
        }
        if (!(vmMemoryOverheadPercent >= 0 && vmMemoryOverheadPercent < 1)) {
            throw new IllegalArgumentException(
                    "vmMemoryOverheadPercent: must be a fraction within [0, 1), got " + vmMemoryOverheadPercent);
        }
        if (reservedEnis < 0) {
            throw new IllegalArgumentException("reservedEnis: must not be negative, got " + reservedEnis);
        }
    }

    /**
     * The settings an EC2NodeClass implies: its kubelet overrides, the size of the volume that backs ephemeral storage
     * ({@link Ec2NodeClass#ephemeralVolumeSizeBytes()}), its instance-store policy and AMI family, with Karpenter's
     * default VM memory overhead and no reserved ENIs.
     *
     * @param nodeClass the EC2NodeClass
     * @return the settings
     */
    public static NodeOverheadSettings of(Ec2NodeClass nodeClass) {
        return new NodeOverheadSettings(
                nodeClass.spec().kubelet(),
                nodeClass.ephemeralVolumeSizeBytes(),
                nodeClass.spec().instanceStorePolicy() == InstanceStorePolicy.RAID0,
                nodeClass.amiFamily(),
                DEFAULT_VM_MEMORY_OVERHEAD_PERCENT,
                0);
    }

    /**
     * Karpenter's defaults: no kubelet overrides, the AMI family's default volume, no RAID0, AL2023, 7.5% VM memory
     * overhead, no reserved ENIs.
     */
    public static NodeOverheadSettings defaults() {
        return new NodeOverheadSettings(
                KubeletConfiguration.DEFAULT, null, false, AmiFamily.AL2023, DEFAULT_VM_MEMORY_OVERHEAD_PERCENT, 0);
    }

    /** The ephemeral volume size in bytes: {@code ephemeralVolumeBytes}, or the AMI family's default. */
    public long effectiveEphemeralVolumeBytes() {
        return ephemeralVolumeBytes != null ? ephemeralVolumeBytes : amiFamily.defaultEphemeralVolumeBytes();
    }

    /** A copy with other kubelet overrides. */
    public NodeOverheadSettings withKubelet(KubeletConfiguration newKubelet) {
        return new NodeOverheadSettings(
                newKubelet,
                ephemeralVolumeBytes,
                instanceStorePolicyRaid0,
                amiFamily,
                vmMemoryOverheadPercent,
                reservedEnis);
    }

    /** A copy with another ephemeral volume size in bytes (null for the family default). */
    public NodeOverheadSettings withEphemeralVolumeBytes(Long newEphemeralVolumeBytes) {
        return new NodeOverheadSettings(
                kubelet,
                newEphemeralVolumeBytes,
                instanceStorePolicyRaid0,
                amiFamily,
                vmMemoryOverheadPercent,
                reservedEnis);
    }

    /** A copy with another instance store policy. */
    public NodeOverheadSettings withInstanceStorePolicyRaid0(boolean newRaid0) {
        return new NodeOverheadSettings(
                kubelet, ephemeralVolumeBytes, newRaid0, amiFamily, vmMemoryOverheadPercent, reservedEnis);
    }

    /** A copy with another AMI family. */
    public NodeOverheadSettings withAmiFamily(AmiFamily newAmiFamily) {
        return new NodeOverheadSettings(
                kubelet,
                ephemeralVolumeBytes,
                instanceStorePolicyRaid0,
                newAmiFamily,
                vmMemoryOverheadPercent,
                reservedEnis);
    }

    /** A copy with another VM memory overhead fraction. */
    public NodeOverheadSettings withVmMemoryOverheadPercent(double newPercent) {
        return new NodeOverheadSettings(
                kubelet, ephemeralVolumeBytes, instanceStorePolicyRaid0, amiFamily, newPercent, reservedEnis);
    }

    /** A copy with another number of reserved ENIs. */
    public NodeOverheadSettings withReservedEnis(int newReservedEnis) {
        return new NodeOverheadSettings(
                kubelet,
                ephemeralVolumeBytes,
                instanceStorePolicyRaid0,
                amiFamily,
                vmMemoryOverheadPercent,
                newReservedEnis);
    }
}
