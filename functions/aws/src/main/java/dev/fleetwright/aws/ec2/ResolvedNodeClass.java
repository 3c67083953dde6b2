package dev.fleetwright.aws.ec2;

import dev.fleetwright.core.api.Ec2NodeClass;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What an EC2NodeClass resolved to in EC2 and IAM: the status fields Karpenter writes on the EC2NodeClass ({@code
 * status.subnets, securityGroups, amis, instanceProfile}, [A] pkg/apis/v1/ec2nodeclass_status.go).
 *
 * @param nodeClass the EC2NodeClass
 * @param subnets the selected subnets, by ID; at least one
 * @param securityGroupIds the selected security group IDs, sorted; at least one
 * @param amis the AMIs, {@link Ami#NEWEST_FIRST}; at least one
 * @param instanceProfile the instance profile name
 */
public record ResolvedNodeClass(
        Ec2NodeClass nodeClass,
        List<Subnet> subnets,
        List<String> securityGroupIds,
        List<Ami> amis,
        String instanceProfile) {

    /**
     * Copies the lists.
     *
     * @throws IllegalArgumentException if a list is empty
     */
    public ResolvedNodeClass {
        Objects.requireNonNull(nodeClass, "nodeClass");
        subnets = List.copyOf(subnets);
        securityGroupIds = List.copyOf(securityGroupIds);
        amis = List.copyOf(amis);
        Objects.requireNonNull(instanceProfile, "instanceProfile");
        if (subnets.isEmpty() || securityGroupIds.isEmpty() || amis.isEmpty()) {
            throw new IllegalArgumentException("a resolved EC2NodeClass needs subnets, security groups and AMIs");
        }
    }

    /** The subnet to launch into per zone, see {@link #zonalSubnets(List)}. */
    public Map<String, Subnet> zonalSubnets() {
        return zonalSubnets(subnets);
    }

    /** The zones the subnets cover, sorted. */
    public SortedSet<String> zones() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(zonalSubnets().keySet()));
    }

    /**
     * One subnet per zone: the one with the most free IP addresses, ties to the smaller subnet ID ([A]
     * pkg/providers/subnet/subnet.go {@code ZonalSubnetsForLaunch}).
     *
     * @param subnets the candidates
     * @return zone to subnet, sorted by zone
     */
    public static Map<String, Subnet> zonalSubnets(List<Subnet> subnets) {
        Map<String, Subnet> byZone = new TreeMap<>();
        for (Subnet s : subnets) {
            byZone.merge(s.zone(), s, (a, b) -> {
                if (a.availableIpAddressCount() != b.availableIpAddressCount()) {
                    return a.availableIpAddressCount() > b.availableIpAddressCount() ? a : b;
                }
                return a.id().compareTo(b.id()) <= 0 ? a : b;
            });
        }
        return Collections.unmodifiableMap(byZone);
    }
}
