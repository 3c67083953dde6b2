package dev.fleetwright.core.api;

import dev.fleetwright.core.api.corev1.Quantity;
import java.util.Objects;

/**
 * One block device of an EC2NodeClass ({@code spec.blockDeviceMappings[]}, [A] pkg/apis/v1/ec2nodeclass.go {@code
 * BlockDeviceMapping}).
 *
 * @param deviceName the device name, for example {@code /dev/xvda}; not null
 * @param ebs the EBS settings, not null
 * @param rootVolume whether the kubelet's root directory lives on this volume (at most one per EC2NodeClass)
 */
public record BlockDeviceMapping(String deviceName, BlockDevice ebs, boolean rootVolume) {

    /** @throws NullPointerException if {@code deviceName} or {@code ebs} is null */
    public BlockDeviceMapping {
        Objects.requireNonNull(deviceName, "deviceName");
        Objects.requireNonNull(ebs, "ebs");
    }

    /** For example {@code /dev/xvda 100Gi gp3 encrypted (root)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(deviceName);
        if (ebs.volumeSizeBytes() != null) {
            sb.append(' ').append(Quantity.formatBytes(ebs.volumeSizeBytes()));
        }
        if (ebs.snapshotId() != null) {
            sb.append(" from ").append(ebs.snapshotId());
        }
        if (ebs.volumeType() != null) {
            sb.append(' ').append(ebs.volumeType().wireName());
        }
        if (Boolean.TRUE.equals(ebs.encrypted())) {
            sb.append(" encrypted");
        }
        if (rootVolume) {
            sb.append(" (root)");
        }
        return sb.toString();
    }
}
