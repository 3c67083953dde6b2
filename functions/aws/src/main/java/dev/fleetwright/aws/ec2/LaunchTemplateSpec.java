package dev.fleetwright.aws.ec2;

import dev.fleetwright.aws.ec2.userdata.UserData;
import dev.fleetwright.core.api.BlockDevice;
import dev.fleetwright.core.api.BlockDeviceMapping;
import dev.fleetwright.core.api.MetadataOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import software.amazon.awssdk.services.ec2.model.CreateLaunchTemplateRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateBlockDeviceMappingRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateEbsBlockDeviceRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateInstanceMetadataTagsState;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateInstanceNetworkInterfaceSpecificationRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateTagSpecificationRequest;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * The content of one launch template ([A] pkg/providers/launchtemplate/types.go {@code Build}). Its {@link #name()} is
 * a hash of the content, so equal content reuses one template and changed content (a new AMI, other labels) makes a new
 * one, as Karpenter names templates {@code karpenter.k8s.aws/<hash>}.
 *
 * @param clusterName the cluster (part of the name and the hash)
 * @param imageId the AMI
 * @param userData the user data, plain text (base64-encoded in the request)
 * @param securityGroupIds the security groups of the primary network interface, sorted
 * @param instanceProfile the instance profile name
 * @param blockDeviceMappings the volumes
 * @param metadataOptions IMDS settings
 * @param detailedMonitoring whether detailed CloudWatch monitoring is on
 * @param associatePublicIpAddress whether the primary interface gets a public IPv4 address; null lets the subnet decide
 * @param ipPrefixCount IPv4 prefixes for the primary interface; null when unset
 * @param tags tags of the template and of the network interfaces it creates, sorted
 */
public record LaunchTemplateSpec(
        String clusterName,
        String imageId,
        String userData,
        List<String> securityGroupIds,
        String instanceProfile,
        List<BlockDeviceMapping> blockDeviceMappings,
        MetadataOptions metadataOptions,
        boolean detailedMonitoring,
        Boolean associatePublicIpAddress,
        Integer ipPrefixCount,
        SortedMap<String, String> tags) {

    /** The name prefix of Fleetwright's launch templates. */
    public static final String NAME_PREFIX = "fleetwright/";

    /** EC2's limit on launch template names. */
    public static final int MAX_NAME_LENGTH = 128;

    private static final long GIB = 1L << 30;

    /** Copies collections (security groups and tags sorted). */
    public LaunchTemplateSpec {
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(userData, "userData");
        securityGroupIds = securityGroupIds.stream().sorted().toList();
        Objects.requireNonNull(instanceProfile, "instanceProfile");
        blockDeviceMappings = List.copyOf(blockDeviceMappings);
        Objects.requireNonNull(metadataOptions, "metadataOptions");
        tags = Collections.unmodifiableSortedMap(new TreeMap<>(tags));
    }

    /**
     * {@code fleetwright/<cluster>/<hash>}, or {@code fleetwright/<hash>} when that would exceed EC2's 128 characters;
     * the hash (128 bits of SHA-256, hex) covers the cluster and every field.
     */
    public String name() {
        String hash = hash();
        String withCluster = NAME_PREFIX + clusterName + "/" + hash;
        return withCluster.length() <= MAX_NAME_LENGTH ? withCluster : NAME_PREFIX + hash;
    }

    /** The hex SHA-256 (first 16 bytes) of the canonical form of every field. */
    String hash() {
        StringBuilder canonical = new StringBuilder();
        canonical.append("cluster=").append(clusterName).append('\n');
        canonical.append("image=").append(imageId).append('\n');
        canonical.append("securityGroups=").append(securityGroupIds).append('\n');
        canonical.append("instanceProfile=").append(instanceProfile).append('\n');
        for (BlockDeviceMapping m : blockDeviceMappings) {
            canonical
                    .append("blockDevice=")
                    .append(m.deviceName())
                    .append(' ')
                    .append(m.ebs())
                    .append('\n');
        }
        canonical.append("metadata=").append(metadataOptions).append('\n');
        canonical.append("monitoring=").append(detailedMonitoring).append('\n');
        canonical.append("publicIp=").append(associatePublicIpAddress).append('\n');
        canonical.append("prefixes=").append(ipPrefixCount).append('\n');
        canonical.append("tags=").append(tags).append('\n');
        canonical.append("userData=").append(userData);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /**
     * The CreateLaunchTemplate request: IMDS options with instance metadata tags disabled, block devices (sizes rounded
     * up to GiB), one primary network interface carrying the security groups, public IP choice and prefix count, the
     * instance profile, monitoring, base64 user data, and the tags on the template and its network interfaces.
     */
    public CreateLaunchTemplateRequest toRequest() {
        List<Tag> ec2Tags = tags.entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
        RequestLaunchTemplateData.Builder data = RequestLaunchTemplateData.builder()
                .imageId(imageId)
                .userData(UserData.base64(userData))
                .iamInstanceProfile(p -> p.name(instanceProfile))
                .monitoring(m -> m.enabled(detailedMonitoring))
                .metadataOptions(m -> m.httpEndpoint(
                                metadataOptions.httpEndpoint().wireName())
                        .httpProtocolIpv6(metadataOptions.httpProtocolIpv6().wireName())
                        .httpPutResponseHopLimit(metadataOptions.httpPutResponseHopLimit())
                        .httpTokens(metadataOptions.httpTokens().wireName())
                        // Account defaults may turn instance tags on; Karpenter's tag keys are not valid there.
                        .instanceMetadataTags(LaunchTemplateInstanceMetadataTagsState.DISABLED))
                .networkInterfaces(LaunchTemplateInstanceNetworkInterfaceSpecificationRequest.builder()
                        .deviceIndex(0)
                        .groups(securityGroupIds)
                        .associatePublicIpAddress(associatePublicIpAddress)
                        .ipv4PrefixCount(ipPrefixCount)
                        .build())
                .tagSpecifications(LaunchTemplateTagSpecificationRequest.builder()
                        .resourceType(ResourceType.NETWORK_INTERFACE)
                        .tags(ec2Tags)
                        .build());
        if (!blockDeviceMappings.isEmpty()) {
            data.blockDeviceMappings(blockDeviceMappings.stream()
                    .map(LaunchTemplateSpec::blockDevice)
                    .toList());
        }
        return CreateLaunchTemplateRequest.builder()
                .launchTemplateName(name())
                .launchTemplateData(data.build())
                .tagSpecifications(TagSpecification.builder()
                        .resourceType(ResourceType.LAUNCH_TEMPLATE)
                        .tags(ec2Tags)
                        .build())
                .build();
    }

    private static LaunchTemplateBlockDeviceMappingRequest blockDevice(BlockDeviceMapping m) {
        BlockDevice ebs = m.ebs();
        LaunchTemplateEbsBlockDeviceRequest.Builder b = LaunchTemplateEbsBlockDeviceRequest.builder()
                .deleteOnTermination(ebs.deleteOnTermination())
                .encrypted(ebs.encrypted())
                .kmsKeyId(ebs.kmsKeyId())
                .snapshotId(ebs.snapshotId())
                .volumeInitializationRate(ebs.volumeInitializationRateMiBps());
        if (ebs.volumeType() != null) {
            b.volumeType(ebs.volumeType().wireName());
        }
        if (ebs.iops() != null && ebs.iops() > 0) {
            b.iops(Math.toIntExact(ebs.iops()));
        }
        if (ebs.throughputMiBps() != null && ebs.throughputMiBps() > 0) {
            b.throughput(Math.toIntExact(ebs.throughputMiBps()));
        }
        if (ebs.volumeSizeBytes() != null) {
            // Karpenter rounds the quantity up to whole GiB.
            b.volumeSize(Math.toIntExact((ebs.volumeSizeBytes() + GIB - 1) / GIB));
        }
        return LaunchTemplateBlockDeviceMappingRequest.builder()
                .deviceName(m.deviceName())
                .ebs(b.build())
                .build();
    }
}
