package dev.fleetwright.aws.ec2;

import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.scheduling.Requirement;
import dev.fleetwright.core.scheduling.Requirements;

/**
 * The hardware an EKS-optimized AMI is built for, known from the SSM parameter it was found under rather than from
 * DescribeImages ([A] pkg/providers/amifamily/types.go {@code Variant}).
 */
public enum AmiVariant {
    /** No GPU and no Neuron accelerator. */
    STANDARD("standard"),
    /** NVIDIA GPU instance types. */
    NVIDIA("nvidia"),
    /** AWS Neuron (Inferentia, Trainium) instance types. */
    NEURON("neuron");

    private final String pathName;

    AmiVariant(String pathName) {
        this.pathName = pathName;
    }

    /** The name used in AL2023 parameter paths, for example {@code nvidia}. */
    public String pathName() {
        return pathName;
    }

    /**
     * The instance types the variant runs on: standard needs no GPU and no accelerator ({@code DoesNotExist} on {@code
     * karpenter.k8s.aws/instance-gpu-count} and {@code instance-accelerator-count}); nvidia needs a GPU count; neuron
     * an accelerator count.
     */
    public Requirements requirements() {
        return switch (this) {
            case STANDARD ->
                Requirements.of(
                        Requirement.doesNotExist(Labels.INSTANCE_ACCELERATOR_COUNT),
                        Requirement.doesNotExist(Labels.INSTANCE_GPU_COUNT));
            case NVIDIA -> Requirements.of(Requirement.exists(Labels.INSTANCE_GPU_COUNT));
            case NEURON -> Requirements.of(Requirement.exists(Labels.INSTANCE_ACCELERATOR_COUNT));
        };
    }
}
