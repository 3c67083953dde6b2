package dev.fleetwright.aws.ec2;

import java.util.Objects;

/**
 * A subnet an EC2NodeClass selected ([A] pkg/providers/subnet).
 *
 * @param id the subnet ID, {@code subnet-...}
 * @param zone the availability zone name, for example {@code us-east-1a}
 * @param zoneId the availability zone ID, for example {@code use1-az1}; empty when EC2 did not say
 * @param availableIpAddressCount free IPv4 addresses
 * @param mapPublicIpOnLaunch whether the subnet gives instances a public IPv4 address by default
 */
public record Subnet(String id, String zone, String zoneId, int availableIpAddressCount, boolean mapPublicIpOnLaunch) {

    /** @throws NullPointerException if {@code id} or {@code zone} is null */
    public Subnet {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(zone, "zone");
        zoneId = zoneId == null ? "" : zoneId;
    }
}
