package dev.fleetwright.core.api;

import dev.fleetwright.core.api.corev1.ObjectMeta;
import java.util.Objects;

/**
 * A Karpenter EC2NodeClass ({@code karpenter.k8s.aws/v1}, [A] pkg/apis/v1/ec2nodeclass.go): how nodes are launched
 * on EC2 (AMI, subnets, security groups, IAM, volumes, kubelet, IMDS).
 *
 * @param metadata the object metadata, not null
 * @param spec the specification, defaults applied; not null
 */
public record Ec2NodeClass(ObjectMeta metadata, Ec2NodeClassSpec spec) {

    /** The API version this record models. */
    public static final String API_VERSION = "karpenter.k8s.aws/v1";

    /** The kind. */
    public static final String KIND = "EC2NodeClass";

    /** @throws NullPointerException if a component is null */
    public Ec2NodeClass {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(spec, "spec");
    }

    /** The EC2NodeClass's name. */
    public String name() {
        return metadata.name();
    }

    /** The effective AMI family. */
    public AmiFamily amiFamily() {
        return spec.amiFamily();
    }

    /**
     * The size in bytes of the volume the kubelet uses for ephemeral storage, before any RAID0 instance-store
     * override; see {@link Ec2NodeClassSpec#ephemeralVolumeSizeBytes()}.
     */
    public long ephemeralVolumeSizeBytes() {
        return spec.ephemeralVolumeSizeBytes();
    }
}
