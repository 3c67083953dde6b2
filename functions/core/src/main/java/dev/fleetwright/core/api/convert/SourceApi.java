package dev.fleetwright.core.api.convert;

/** The kinds of documents the conversion tells apart, by {@code apiVersion} and {@code kind}. */
enum SourceApi {
    /** {@code karpenter.sh/v1alpha5 Provisioner} (Karpenter up to 0.32). */
    PROVISIONER_V1ALPHA5,
    /** {@code karpenter.k8s.aws/v1alpha1 AWSNodeTemplate} (Karpenter up to 0.32). */
    AWS_NODE_TEMPLATE_V1ALPHA1,
    /** {@code karpenter.sh/v1beta1 NodePool} (Karpenter 0.32 to 0.37). */
    NODE_POOL_V1BETA1,
    /** {@code karpenter.k8s.aws/v1beta1 EC2NodeClass} (Karpenter 0.32 to 0.37). */
    EC2_NODE_CLASS_V1BETA1,
    /** {@code karpenter.sh/v1 NodePool}: passes through unchanged. */
    NODE_POOL_V1,
    /** {@code karpenter.k8s.aws/v1 EC2NodeClass}: passes through unchanged. */
    EC2_NODE_CLASS_V1,
    /** Anything else: passes through unchanged. */
    OTHER;

    static final String KARPENTER_SH_V1ALPHA5 = "karpenter.sh/v1alpha5";
    static final String KARPENTER_SH_V1BETA1 = "karpenter.sh/v1beta1";
    static final String KARPENTER_SH_V1 = "karpenter.sh/v1";
    static final String KARPENTER_AWS_V1ALPHA1 = "karpenter.k8s.aws/v1alpha1";
    static final String KARPENTER_AWS_V1BETA1 = "karpenter.k8s.aws/v1beta1";
    static final String KARPENTER_AWS_V1 = "karpenter.k8s.aws/v1";
    static final String KARPENTER_AWS_GROUP = "karpenter.k8s.aws";
    static final String NODE_POOL = "NodePool";
    static final String EC2_NODE_CLASS = "EC2NodeClass";

    static SourceApi of(String apiVersion, String kind) {
        if (apiVersion == null || kind == null) {
            return OTHER;
        }
        return switch (apiVersion + " " + kind) {
            case KARPENTER_SH_V1ALPHA5 + " Provisioner" -> PROVISIONER_V1ALPHA5;
            case KARPENTER_AWS_V1ALPHA1 + " AWSNodeTemplate" -> AWS_NODE_TEMPLATE_V1ALPHA1;
            case KARPENTER_SH_V1BETA1 + " " + NODE_POOL -> NODE_POOL_V1BETA1;
            case KARPENTER_AWS_V1BETA1 + " " + EC2_NODE_CLASS -> EC2_NODE_CLASS_V1BETA1;
            case KARPENTER_SH_V1 + " " + NODE_POOL -> NODE_POOL_V1;
            case KARPENTER_AWS_V1 + " " + EC2_NODE_CLASS -> EC2_NODE_CLASS_V1;
            default -> OTHER;
        };
    }
}
