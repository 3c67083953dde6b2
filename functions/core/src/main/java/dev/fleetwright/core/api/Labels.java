package dev.fleetwright.core.api;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Well-known labels, annotations, tags and label-domain rules shared with Karpenter ([K] pkg/apis/v1/labels.go and
 * [A] pkg/apis/v1/labels.go, where [K] = kubernetes-sigs/karpenter and [A] = aws/karpenter-provider-aws).
 */
public final class Labels {

    private Labels() {}

    /** {@code topology.kubernetes.io/zone}. */
    public static final String TOPOLOGY_ZONE = "topology.kubernetes.io/zone";
    /** {@code topology.kubernetes.io/region}. */
    public static final String TOPOLOGY_REGION = "topology.kubernetes.io/region";
    /** {@code topology.k8s.aws/zone-id}, for example {@code use1-az1}. */
    public static final String TOPOLOGY_ZONE_ID = "topology.k8s.aws/zone-id";
    /** {@code kubernetes.io/hostname}; restricted: Karpenter never sets it from requirements. */
    public static final String HOSTNAME = "kubernetes.io/hostname";
    /** {@code node.kubernetes.io/instance-type}. */
    public static final String INSTANCE_TYPE = "node.kubernetes.io/instance-type";
    /** {@code kubernetes.io/arch}: {@code amd64} or {@code arm64}. */
    public static final String ARCH = "kubernetes.io/arch";
    /** {@code kubernetes.io/os}: {@code linux} (or {@code windows}). */
    public static final String OS = "kubernetes.io/os";
    /** {@code node.kubernetes.io/windows-build}. */
    public static final String WINDOWS_BUILD = "node.kubernetes.io/windows-build";

    /** {@code karpenter.sh/nodepool}: the NodePool that launched the node. */
    public static final String NODE_POOL = "karpenter.sh/nodepool";
    /** {@code karpenter.sh/capacity-type}: {@code spot}, {@code on-demand} or {@code reserved}. */
    public static final String CAPACITY_TYPE = "karpenter.sh/capacity-type";
    /** {@code karpenter.sh/registered}, set when the node registers. */
    public static final String REGISTERED = "karpenter.sh/registered";
    /** {@code karpenter.sh/initialized}, set when the node is initialized. */
    public static final String INITIALIZED = "karpenter.sh/initialized";

    /** {@code karpenter.k8s.aws/ec2nodeclass}. */
    public static final String EC2_NODE_CLASS = "karpenter.k8s.aws/ec2nodeclass";
    /** {@code karpenter.k8s.aws/instance-category}, for example {@code m}. */
    public static final String INSTANCE_CATEGORY = "karpenter.k8s.aws/instance-category";
    /** {@code karpenter.k8s.aws/instance-family}, for example {@code m5}. */
    public static final String INSTANCE_FAMILY = "karpenter.k8s.aws/instance-family";
    /** {@code karpenter.k8s.aws/instance-generation}, an integer. */
    public static final String INSTANCE_GENERATION = "karpenter.k8s.aws/instance-generation";
    /** {@code karpenter.k8s.aws/instance-size}, for example {@code 2xlarge}. */
    public static final String INSTANCE_SIZE = "karpenter.k8s.aws/instance-size";
    /** {@code karpenter.k8s.aws/instance-cpu}, vCPUs. */
    public static final String INSTANCE_CPU = "karpenter.k8s.aws/instance-cpu";
    /** {@code karpenter.k8s.aws/instance-cpu-manufacturer}: {@code intel}, {@code amd}, {@code aws}, ... */
    public static final String INSTANCE_CPU_MANUFACTURER = "karpenter.k8s.aws/instance-cpu-manufacturer";
    /** {@code karpenter.k8s.aws/instance-cpu-sustained-clock-speed-mhz}. */
    public static final String INSTANCE_CPU_CLOCK_MHZ = "karpenter.k8s.aws/instance-cpu-sustained-clock-speed-mhz";
    /** {@code karpenter.k8s.aws/instance-memory}, MiB. */
    public static final String INSTANCE_MEMORY = "karpenter.k8s.aws/instance-memory";
    /** {@code karpenter.k8s.aws/instance-ebs-bandwidth}, Mbps. */
    public static final String INSTANCE_EBS_BANDWIDTH = "karpenter.k8s.aws/instance-ebs-bandwidth";
    /** {@code karpenter.k8s.aws/instance-network-bandwidth}, Mbps. */
    public static final String INSTANCE_NETWORK_BANDWIDTH = "karpenter.k8s.aws/instance-network-bandwidth";
    /** {@code karpenter.k8s.aws/instance-gpu-name}, lower case, for example {@code t4}. */
    public static final String INSTANCE_GPU_NAME = "karpenter.k8s.aws/instance-gpu-name";
    /** {@code karpenter.k8s.aws/instance-gpu-manufacturer}, lower case, for example {@code nvidia}. */
    public static final String INSTANCE_GPU_MANUFACTURER = "karpenter.k8s.aws/instance-gpu-manufacturer";
    /** {@code karpenter.k8s.aws/instance-gpu-count}. */
    public static final String INSTANCE_GPU_COUNT = "karpenter.k8s.aws/instance-gpu-count";
    /** {@code karpenter.k8s.aws/instance-gpu-memory}, MiB per GPU. */
    public static final String INSTANCE_GPU_MEMORY = "karpenter.k8s.aws/instance-gpu-memory";
    /** {@code karpenter.k8s.aws/instance-accelerator-name}, for example {@code inferentia}. */
    public static final String INSTANCE_ACCELERATOR_NAME = "karpenter.k8s.aws/instance-accelerator-name";
    /** {@code karpenter.k8s.aws/instance-accelerator-manufacturer}. */
    public static final String INSTANCE_ACCELERATOR_MANUFACTURER =
            "karpenter.k8s.aws/instance-accelerator-manufacturer";
    /** {@code karpenter.k8s.aws/instance-accelerator-count}. */
    public static final String INSTANCE_ACCELERATOR_COUNT = "karpenter.k8s.aws/instance-accelerator-count";
    /** {@code karpenter.k8s.aws/instance-local-nvme}, GB of NVMe instance store. */
    public static final String INSTANCE_LOCAL_NVME = "karpenter.k8s.aws/instance-local-nvme";
    /** {@code karpenter.k8s.aws/instance-hypervisor}: {@code nitro}, {@code xen} or empty for metal. */
    public static final String INSTANCE_HYPERVISOR = "karpenter.k8s.aws/instance-hypervisor";
    /** {@code karpenter.k8s.aws/instance-encryption-in-transit-supported}. */
    public static final String INSTANCE_ENCRYPTION_IN_TRANSIT =
            "karpenter.k8s.aws/instance-encryption-in-transit-supported";
    /** {@code karpenter.k8s.aws/capacity-reservation-id}. */
    public static final String CAPACITY_RESERVATION_ID = "karpenter.k8s.aws/capacity-reservation-id";
    /** {@code karpenter.k8s.aws/capacity-reservation-type}. */
    public static final String CAPACITY_RESERVATION_TYPE = "karpenter.k8s.aws/capacity-reservation-type";

    /** Label telling load balancers to skip a node; set during drain. */
    public static final String EXCLUDE_FROM_EXTERNAL_LOAD_BALANCERS =
            "node.kubernetes.io/exclude-from-external-load-balancers";

    /** Capacity type value {@code spot}. */
    public static final String CAPACITY_TYPE_SPOT = "spot";
    /** Capacity type value {@code on-demand}. */
    public static final String CAPACITY_TYPE_ON_DEMAND = "on-demand";
    /** Capacity type value {@code reserved}. */
    public static final String CAPACITY_TYPE_RESERVED = "reserved";

    /** Annotation that blocks voluntary disruption of a pod or node ({@code "true"}, or a duration on pods). */
    public static final String DO_NOT_DISRUPT = "karpenter.sh/do-not-disrupt";
    /** Karpenter's NodeClaim tag key on EC2 resources. */
    public static final String NODE_CLAIM_TAG = "karpenter.sh/nodeclaim";
    /** EKS cluster name tag key on EC2 resources. */
    public static final String EKS_CLUSTER_NAME_TAG = "eks:eks-cluster-name";

    /** Label domains reserved for the kubelet and Karpenter (core and AWS). */
    public static final Set<String> RESTRICTED_LABEL_DOMAINS =
            Set.of("kubernetes.io", "k8s.io", "karpenter.sh", "karpenter.k8s.aws");

    /** Sub-domains of the restricted domains that users may still set. */
    public static final Set<String> LABEL_DOMAIN_EXCEPTIONS =
            Set.of("kops.k8s.io", "node.kubernetes.io", "node-restriction.kubernetes.io");

    /**
     * Labels in restricted domains that Karpenter knows and lets NodePools and pods constrain; a requirement on an
     * undefined well-known label is allowed (the cloud provider fills it in).
     */
    public static final Set<String> WELL_KNOWN = Set.of(
            NODE_POOL,
            TOPOLOGY_ZONE,
            TOPOLOGY_REGION,
            INSTANCE_TYPE,
            ARCH,
            OS,
            CAPACITY_TYPE,
            WINDOWS_BUILD,
            CAPACITY_RESERVATION_ID,
            CAPACITY_RESERVATION_TYPE,
            INSTANCE_HYPERVISOR,
            INSTANCE_ENCRYPTION_IN_TRANSIT,
            INSTANCE_CATEGORY,
            INSTANCE_FAMILY,
            INSTANCE_GENERATION,
            INSTANCE_SIZE,
            INSTANCE_LOCAL_NVME,
            INSTANCE_CPU,
            INSTANCE_CPU_MANUFACTURER,
            INSTANCE_CPU_CLOCK_MHZ,
            INSTANCE_MEMORY,
            INSTANCE_EBS_BANDWIDTH,
            INSTANCE_NETWORK_BANDWIDTH,
            INSTANCE_GPU_NAME,
            INSTANCE_GPU_MANUFACTURER,
            INSTANCE_GPU_COUNT,
            INSTANCE_GPU_MEMORY,
            INSTANCE_ACCELERATOR_NAME,
            INSTANCE_ACCELERATOR_MANUFACTURER,
            INSTANCE_ACCELERATOR_COUNT,
            TOPOLOGY_ZONE_ID);

    /** Labels that must never be used as NodePool requirements or labels, because provisioning sets them per node. */
    public static final Set<String> RESTRICTED = Set.of(HOSTNAME);

    /** Deprecated aliases translated to their well-known key, in pod requirements too. */
    public static final Map<String, String> NORMALIZED = Map.of(
            "failure-domain.beta.kubernetes.io/zone", TOPOLOGY_ZONE,
            "failure-domain.beta.kubernetes.io/region", TOPOLOGY_REGION,
            "beta.kubernetes.io/arch", ARCH,
            "beta.kubernetes.io/os", OS,
            "beta.kubernetes.io/instance-type", INSTANCE_TYPE);

    /** Taint keys of nodes not ready yet, which do not block initialization-time scheduling decisions. */
    public static final List<String> EPHEMERAL_TAINT_KEYS = List.of(
            "node.kubernetes.io/not-ready",
            "node.kubernetes.io/unreachable",
            "node.cloudprovider.kubernetes.io/uninitialized");

    /** The key with a deprecated alias replaced by its well-known name. */
    public static String normalize(String key) {
        return NORMALIZED.getOrDefault(key, key);
    }

    /** The domain (prefix before {@code /}) of a label key, or empty. */
    public static String domain(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? "" : key.substring(0, slash);
    }

    /**
     * Whether Karpenter must not inject this label onto nodes from NodePool requirements: a well-known label (the
     * cloud provider sets it), a label in a restricted domain that is not an exception, or {@code
     * kubernetes.io/hostname}. Source: [K] {@code IsRestrictedNodeLabel}.
     */
    public static boolean isRestrictedNodeLabel(String key) {
        if (WELL_KNOWN.contains(key)) {
            return true;
        }
        String domain = domain(key);
        for (String exception : LABEL_DOMAIN_EXCEPTIONS) {
            if (domain.endsWith(exception)) {
                return false;
            }
        }
        for (String restricted : RESTRICTED_LABEL_DOMAINS) {
            if (domain.endsWith(restricted)) {
                return true;
            }
        }
        return RESTRICTED.contains(key);
    }

    /**
     * Why a key may not be used in NodePool requirements or template labels, or null when it may: it is {@code
     * kubernetes.io/hostname}, or it is in a restricted domain without being well-known or an exception. Source: [K]
     * {@code IsRestrictedLabel}.
     */
    public static String restrictionOf(String key) {
        if (WELL_KNOWN.contains(key)) {
            return null;
        }
        if (RESTRICTED.contains(key)) {
            return "label " + key + " is restricted: provisioning sets it on every node";
        }
        if (isRestrictedNodeLabel(key)) {
            return "label " + key + " is in a restricted domain " + new TreeSet<>(RESTRICTED_LABEL_DOMAINS)
                    + "; use a well-known label or a custom label outside these domains";
        }
        return null;
    }
}
