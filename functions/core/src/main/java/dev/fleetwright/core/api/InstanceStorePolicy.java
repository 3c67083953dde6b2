package dev.fleetwright.core.api;

import java.util.Arrays;
import java.util.Optional;

/** How instance-store disks are used ({@code spec.instanceStorePolicy}, [A] pkg/apis/v1/ec2nodeclass.go). */
public enum InstanceStorePolicy {
    /**
     * All NVMe instance-store disks form a RAID-0 array holding the containerd and kubelet directories, so node
     * ephemeral storage is the instance store's total size instead of the root volume.
     */
    RAID0("RAID0");

    private final String wireName;

    InstanceStorePolicy(String wireName) {
        this.wireName = wireName;
    }

    /** The API name, {@code RAID0}. */
    public String wireName() {
        return wireName;
    }

    /** The policy with this API name, or empty. */
    public static Optional<InstanceStorePolicy> fromWireName(String name) {
        return Arrays.stream(values()).filter(p -> p.wireName.equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
