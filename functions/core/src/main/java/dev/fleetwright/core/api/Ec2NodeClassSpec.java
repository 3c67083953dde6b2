package dev.fleetwright.core.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The specification of an EC2NodeClass ({@code spec}, [A] pkg/apis/v1/ec2nodeclass.go {@code EC2NodeClassSpec}).
 * String fields are empty when unset; boxed fields are null when unset.
 *
 * @param subnetSelectorTerms subnet selection, ORed; at least one
 * @param securityGroupSelectorTerms security group selection, ORed; at least one
 * @param capacityReservationSelectorTerms capacity reservation selection, ORed; may be empty
 * @param associatePublicIpAddress whether instances get a public IPv4 address; null lets the subnet decide
 * @param ipPrefixCount the number of IPv4 prefixes assigned to the primary interface; null when unset
 * @param amiSelectorTerms AMI selection, ORed; at least one
 * @param amiFamily the effective AMI family: the {@code amiFamily} field when set, else the family of the alias; not
 *     null
 * @param userData user data merged with the generated bootstrap, in the family's format; empty when unset
 * @param role the IAM role of the instance profile Karpenter manages; exclusive with {@code instanceProfile}
 * @param instanceProfile an existing instance profile; exclusive with {@code role}
 * @param tags tags on instances, volumes and launch templates
 * @param kubelet kubelet overrides, {@link KubeletConfiguration#DEFAULT} when unset; not null
 * @param blockDeviceMappings the block devices as written; empty means the family's {@link
 *     AmiFamily#defaultBlockDeviceMappings() defaults}
 * @param instanceStorePolicy how instance-store disks are used; null when unset
 * @param detailedMonitoring whether detailed CloudWatch monitoring is enabled; null when unset
 * @param metadataOptions IMDS settings with defaults applied; not null
 * @param context the reserved EC2 Fleet {@code Context}; empty when unset
 */
public record Ec2NodeClassSpec(
        List<SubnetSelectorTerm> subnetSelectorTerms,
        List<SecurityGroupSelectorTerm> securityGroupSelectorTerms,
        List<CapacityReservationSelectorTerm> capacityReservationSelectorTerms,
        Boolean associatePublicIpAddress,
        Integer ipPrefixCount,
        List<AmiSelectorTerm> amiSelectorTerms,
        AmiFamily amiFamily,
        String userData,
        String role,
        String instanceProfile,
        Map<String, String> tags,
        KubeletConfiguration kubelet,
        List<BlockDeviceMapping> blockDeviceMappings,
        InstanceStorePolicy instanceStorePolicy,
        Boolean detailedMonitoring,
        MetadataOptions metadataOptions,
        String context) {

    /**
     * Copies collections; null collections and strings become empty.
     *
     * @throws NullPointerException if {@code amiFamily}, {@code kubelet} or {@code metadataOptions} is null
     */
    public Ec2NodeClassSpec {
        subnetSelectorTerms = copy(subnetSelectorTerms);
        securityGroupSelectorTerms = copy(securityGroupSelectorTerms);
        capacityReservationSelectorTerms = copy(capacityReservationSelectorTerms);
        amiSelectorTerms = copy(amiSelectorTerms);
        Objects.requireNonNull(amiFamily, "amiFamily");
        userData = userData == null ? "" : userData;
        role = role == null ? "" : role;
        instanceProfile = instanceProfile == null ? "" : instanceProfile;
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        Objects.requireNonNull(kubelet, "kubelet");
        blockDeviceMappings = copy(blockDeviceMappings);
        Objects.requireNonNull(metadataOptions, "metadataOptions");
        context = context == null ? "" : context;
    }

    /**
     * The alias of the AMI selection, if it uses one (an alias is always the only term).
     *
     * @throws IllegalArgumentException if the alias is malformed (never for a validated EC2NodeClass)
     */
    public Optional<AmiAlias> alias() {
        return amiSelectorTerms.stream()
                .filter(t -> !t.alias().isEmpty())
                .findFirst()
                .flatMap(AmiSelectorTerm::parsedAlias);
    }

    /** The block devices launched: the written ones, or the AMI family's defaults when none are written. */
    public List<BlockDeviceMapping> effectiveBlockDeviceMappings() {
        return blockDeviceMappings.isEmpty() ? amiFamily.defaultBlockDeviceMappings() : blockDeviceMappings;
    }

    /**
     * The size in bytes of the EBS volume holding the kubelet's root directory, which becomes the node's {@code
     * ephemeral-storage} capacity. Karpenter's rule ([A] pkg/providers/instancetype/types.go {@code
     * ephemeralStorage}): the mapping marked {@code rootVolume} if it has a size; otherwise, for Custom AMIs the last
     * written mapping's size, for other families the size of the family's {@link AmiFamily#ephemeralBlockDevice()
     * ephemeral device} when written; otherwise the family default for that device (Bottlerocket's 20 GiB data
     * volume, Windows' 50 GiB), else 20 GiB.
     *
     * <p>With {@link InstanceStorePolicy#RAID0} Karpenter uses the instance store's total size instead on instance
     * types that have one; that depends on the instance type, so the instance catalog applies it.
     */
    public long ephemeralVolumeSizeBytes() {
        if (!blockDeviceMappings.isEmpty()) {
            for (BlockDeviceMapping m : blockDeviceMappings) {
                if (m.rootVolume() && m.ebs().volumeSizeBytes() != null) {
                    return m.ebs().volumeSizeBytes();
                }
            }
            if (amiFamily == AmiFamily.CUSTOM) {
                Long last = blockDeviceMappings
                        .get(blockDeviceMappings.size() - 1)
                        .ebs()
                        .volumeSizeBytes();
                return last != null ? last : AmiFamily.DEFAULT_VOLUME_SIZE_BYTES;
            }
            Optional<String> device = amiFamily.ephemeralBlockDevice();
            for (BlockDeviceMapping m : blockDeviceMappings) {
                if (device.isPresent()
                        && m.deviceName().equals(device.get())
                        && m.ebs().volumeSizeBytes() != null) {
                    return m.ebs().volumeSizeBytes();
                }
            }
        }
        Optional<String> device = amiFamily.ephemeralBlockDevice();
        for (BlockDeviceMapping m : amiFamily.defaultBlockDeviceMappings()) {
            if (device.isPresent() && m.deviceName().equals(device.get())) {
                return m.ebs().volumeSizeBytes();
            }
        }
        return AmiFamily.DEFAULT_VOLUME_SIZE_BYTES;
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}
