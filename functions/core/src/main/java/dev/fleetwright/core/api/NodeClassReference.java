package dev.fleetwright.core.api;

import java.util.Objects;

/**
 * The node class a NodePool or NodeClaim uses ({@code nodeClassRef}, [K] pkg/apis/v1/nodeclaim.go {@code
 * NodeClassReference}). Fleetwright supports only EC2NodeClasses.
 *
 * @param group the API group, {@value #EC2_GROUP}; not null
 * @param kind the kind, {@value #EC2_KIND}; not null
 * @param name the EC2NodeClass name; not null
 */
public record NodeClassReference(String group, String kind, String name) {

    /** The API group of EC2NodeClass. */
    public static final String EC2_GROUP = "karpenter.k8s.aws";

    /** The kind of EC2NodeClass. */
    public static final String EC2_KIND = "EC2NodeClass";

    /** @throws NullPointerException if a component is null */
    public NodeClassReference {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    /** A reference to the EC2NodeClass named {@code name}. */
    public static NodeClassReference ec2NodeClass(String name) {
        return new NodeClassReference(EC2_GROUP, EC2_KIND, name);
    }

    /** Whether the reference points at an EC2NodeClass. */
    public boolean isEc2NodeClass() {
        return EC2_GROUP.equals(group) && EC2_KIND.equals(kind);
    }

    /** {@code EC2NodeClass/default}. */
    @Override
    public String toString() {
        return kind + "/" + name;
    }
}
