package dev.fleetwright.core.api;

import java.util.Arrays;
import java.util.Optional;

/** An EBS volume type ({@code blockDeviceMappings[].ebs.volumeType}, [A] pkg/apis/v1/ec2nodeclass.go). */
public enum EbsVolumeType {
    /** Magnetic (previous generation). */
    STANDARD("standard"),
    /** Provisioned IOPS SSD. */
    IO1("io1"),
    /** Provisioned IOPS SSD, second generation. */
    IO2("io2"),
    /** General purpose SSD. */
    GP2("gp2"),
    /** Cold HDD. */
    SC1("sc1"),
    /** Throughput optimized HDD. */
    ST1("st1"),
    /** General purpose SSD, third generation (Karpenter's default). */
    GP3("gp3");

    private final String wireName;

    EbsVolumeType(String wireName) {
        this.wireName = wireName;
    }

    /** The API name, for example {@code gp3}. */
    public String wireName() {
        return wireName;
    }

    /** The type with this API name, or empty. */
    public static Optional<EbsVolumeType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
