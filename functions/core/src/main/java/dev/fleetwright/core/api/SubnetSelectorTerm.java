package dev.fleetwright.core.api;

import java.util.Map;

/**
 * How an EC2NodeClass selects subnets ({@code spec.subnetSelectorTerms[]}, [A] pkg/apis/v1/ec2nodeclass.go): the
 * fields of one term are ANDed, the terms ORed.
 *
 * @param tags tag key to value; {@code *} selects any value of the key
 * @param id a subnet ID ({@code subnet-...}); empty when unset; exclusive with the other fields
 * @param cidr a subnet CIDR block; empty when unset
 */
public record SubnetSelectorTerm(Map<String, String> tags, String id, String cidr) {

    /** Copies the tags; nulls become empty. */
    public SubnetSelectorTerm {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        id = id == null ? "" : id;
        cidr = cidr == null ? "" : cidr;
    }

    @Override
    public String toString() {
        return SelectorTerms.describe(tags, "id", id, "cidr", cidr);
    }
}
