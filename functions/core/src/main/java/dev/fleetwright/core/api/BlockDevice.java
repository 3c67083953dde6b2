package dev.fleetwright.core.api;

/**
 * The EBS settings of a block device mapping ({@code blockDeviceMappings[].ebs}, [A] pkg/apis/v1/ec2nodeclass.go
 * {@code BlockDevice}). Every field is optional (null when unset); EC2 or the AMI supplies what is not set.
 *
 * @param deleteOnTermination whether the volume is deleted with the instance
 * @param encrypted whether the volume is encrypted
 * @param iops provisioned IOPS (io1, io2, gp3)
 * @param kmsKeyId the KMS key (ID, alias or ARN) for encryption
 * @param snapshotId the snapshot the volume is created from
 * @param throughputMiBps provisioned throughput for gp3, MiB/s
 * @param volumeInitializationRateMiBps provisioned volume initialization rate from the snapshot, MiB/s (100..300)
 * @param volumeSizeBytes the volume size in bytes
 * @param volumeType the volume type
 */
public record BlockDevice(
        Boolean deleteOnTermination,
        Boolean encrypted,
        Long iops,
        String kmsKeyId,
        String snapshotId,
        Long throughputMiBps,
        Integer volumeInitializationRateMiBps,
        Long volumeSizeBytes,
        EbsVolumeType volumeType) {

    /** @throws IllegalArgumentException if the volume size is not positive */
    public BlockDevice {
        if (volumeSizeBytes != null && volumeSizeBytes <= 0) {
            throw new IllegalArgumentException("volume size must be positive, got " + volumeSizeBytes);
        }
    }
}
