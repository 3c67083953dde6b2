package dev.fleetwright.core.api;

import java.util.Map;

/**
 * How an EC2NodeClass selects security groups ({@code spec.securityGroupSelectorTerms[]}, [A]
 * pkg/apis/v1/ec2nodeclass.go): the fields of one term are ANDed, the terms ORed.
 *
 * @param tags tag key to value; {@code *} selects any value of the key
 * @param id a security group ID ({@code sg-...}); empty when unset; exclusive with the other fields
 * @param name a security group name (not its Name tag); empty when unset; exclusive with the other fields
 */
public record SecurityGroupSelectorTerm(Map<String, String> tags, String id, String name) {

    /** Copies the tags; nulls become empty. */
    public SecurityGroupSelectorTerm {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        id = id == null ? "" : id;
        name = name == null ? "" : name;
    }

    @Override
    public String toString() {
        return SelectorTerms.describe(tags, "id", id, "name", name);
    }
}
