package dev.fleetwright.aws.ec2;

import dev.fleetwright.core.api.Ec2NodeClass;
import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.NodeClaim;
import dev.fleetwright.core.api.NodeClaimSpec;
import dev.fleetwright.core.api.NodeClaimStatus;
import dev.fleetwright.core.api.NodePool;
import dev.fleetwright.core.api.corev1.NodeSelectorOperator;
import dev.fleetwright.core.api.corev1.NodeSelectorRequirement;
import dev.fleetwright.core.api.corev1.ObjectMeta;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.api.load.ConfigLoader;
import dev.fleetwright.core.api.load.LoadResult;
import dev.fleetwright.core.api.load.NamedSource;
import dev.fleetwright.core.cloudprovider.CapacityType;
import dev.fleetwright.core.cloudprovider.InstanceType;
import dev.fleetwright.core.cloudprovider.InstanceTypeOverhead;
import dev.fleetwright.core.cloudprovider.Offering;
import dev.fleetwright.core.scheduling.Requirement;
import dev.fleetwright.core.scheduling.Requirements;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Shared test data: settings, EC2NodeClasses and NodePools from YAML, hand-made instance types, NodeClaims. */
final class Fixtures {

    static final String CLUSTER = "dev";
    static final String REGION = "us-east-1";
    static final String ENDPOINT = "https://ABCDEF.gr7.us-east-1.eks.amazonaws.com";
    /** base64 of "ca-bundle". */
    static final String CA = "Y2EtYnVuZGxl";

    static final String K8S = "1.31";
    static final String SERVICE_CIDR = "10.100.0.0/16";
    static final String DNS = "10.100.0.10";
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    static final Ec2AdapterSettings SETTINGS =
            Ec2AdapterSettings.of(REGION, CLUSTER, ENDPOINT, CA, K8S, SERVICE_CIDR, DNS);

    static final String AL2023_X86 = "ami-0000000000al2023x";
    static final String AL2023_ARM = "ami-0000000000al2023a";
    static final String AL2023_NVIDIA = "ami-0000000000al2023n";

    private Fixtures() {}

    static final String NODE_CLASS = """
            apiVersion: karpenter.k8s.aws/v1
            kind: EC2NodeClass
            metadata:
              name: default
            spec:
              role: KarpenterNodeRole-dev
              amiSelectorTerms:
                - alias: al2023@latest
              subnetSelectorTerms:
                - tags:
                    karpenter.sh/discovery: dev
              securityGroupSelectorTerms:
                - tags:
                    karpenter.sh/discovery: dev
              tags:
                team: platform
            """;

    static final String NODE_POOL = """
            apiVersion: karpenter.sh/v1
            kind: NodePool
            metadata:
              name: general
            spec:
              template:
                metadata:
                  labels:
                    team: platform
                spec:
                  requirements:
                    - key: karpenter.sh/capacity-type
                      operator: In
                      values: ["spot", "on-demand"]
                  taints:
                    - key: dedicated
                      value: platform
                      effect: NoSchedule
                  nodeClassRef:
                    group: karpenter.k8s.aws
                    kind: EC2NodeClass
                    name: default
            """;

    static LoadResult load(String... documents) {
        List<NamedSource> sources = new ArrayList<>();
        for (int i = 0; i < documents.length; i++) {
            sources.add(new NamedSource("doc-" + i + ".yaml", documents[i]));
        }
        LoadResult r = new ConfigLoader(Map.of()).loadSources(sources);
        if (!r.errors().isEmpty()) {
            throw new IllegalArgumentException("bad fixture: " + r.errors());
        }
        return r;
    }

    static Ec2NodeClass nodeClass(String yaml) {
        LoadResult r = load(yaml);
        return r.nodeClasses().get(0);
    }

    /** The NodePool of {@code yaml}, loaded with the standard EC2NodeClass it refers to. */
    static NodePool nodePool(String yaml) {
        return load(NODE_CLASS, yaml).nodePools().get(0);
    }

    /** The standard EC2: subnets in two zones (two in us-east-1a), a security group, AL2023 images. */
    static FakeEc2 ec2() {
        Map<String, String> discovery = Map.of("karpenter.sh/discovery", CLUSTER);
        return new FakeEc2()
                .subnet("subnet-a1", "us-east-1a", 100, discovery)
                .subnet("subnet-a2", "us-east-1a", 200, discovery)
                .subnet("subnet-b1", "us-east-1b", 50, discovery)
                .subnet("subnet-c1", "us-east-1c", 500, Map.of("other", "x"))
                .securityGroup("sg-1", "dev-nodes", discovery)
                .securityGroup("sg-2", "other", Map.of())
                .image(AL2023_X86, "al2023-x86", "x86_64", "2026-10-01T00:00:00.000Z", "amazon", Map.of())
                .image(AL2023_ARM, "al2023-arm", "arm64", "2026-10-01T00:00:00.000Z", "amazon", Map.of())
                .image(AL2023_NVIDIA, "al2023-nvidia", "x86_64", "2026-10-01T00:00:00.000Z", "amazon", Map.of());
    }

    /** SSM with the AL2023 alias parameters for Kubernetes 1.31 (standard x86 and arm, nvidia x86). */
    static FakeSsm ssm() {
        String base = "/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/";
        return new FakeSsm()
                .put(base + "x86_64/standard/recommended/image_id", AL2023_X86)
                .put(base + "arm64/standard/recommended/image_id", AL2023_ARM)
                .put(base + "x86_64/nvidia/recommended/image_id", AL2023_NVIDIA);
    }

    static FakeIam iam() {
        return new FakeIam().role("KarpenterNodeRole-dev");
    }

    /**
     * A hand-made instance type: architecture, size, pods, and offerings given as {@code zone/capacity-type -> price}.
     */
    static InstanceType type(String name, String arch, long pods, Map<String, Double> prices) {
        return type(name, arch, pods, prices, 0);
    }

    static InstanceType type(String name, String arch, long pods, Map<String, Double> prices, long nvidiaGpus) {
        List<Offering> offerings = new ArrayList<>();
        List<String> zones = new ArrayList<>();
        List<String> capacityTypes = new ArrayList<>();
        prices.forEach((key, price) -> {
            String[] parts = key.split("/");
            CapacityType ct = CapacityType.fromLabelValue(parts[1]);
            offerings.add(new Offering(parts[0], ct, price, true, false));
            zones.add(parts[0]);
            capacityTypes.add(ct.labelValue());
        });
        String size = name.substring(name.indexOf('.') + 1);
        Requirements requirements = Requirements.of(
                Requirement.in(Labels.INSTANCE_TYPE, name),
                Requirement.in(Labels.ARCH, arch),
                Requirement.in(Labels.INSTANCE_SIZE, size),
                Requirement.in(Labels.INSTANCE_FAMILY, name.substring(0, name.indexOf('.'))),
                Requirement.in(Labels.TOPOLOGY_ZONE, zones),
                Requirement.in(Labels.CAPACITY_TYPE, capacityTypes),
                nvidiaGpus > 0
                        ? Requirement.in(Labels.INSTANCE_GPU_COUNT, String.valueOf(nvidiaGpus))
                        : Requirement.doesNotExist(Labels.INSTANCE_GPU_COUNT),
                Requirement.doesNotExist(Labels.INSTANCE_ACCELERATOR_COUNT));
        TreeMap<String, Long> extended = new TreeMap<>();
        if (nvidiaGpus > 0) {
            extended.put(Resources.NVIDIA_GPU, nvidiaGpus);
        }
        Resources capacity = new Resources(2000, 8L << 30, 20L << 30, pods, extended);
        return new InstanceType(
                name,
                requirements,
                offerings,
                capacity,
                new InstanceTypeOverhead(Resources.NONE, Resources.NONE, Resources.NONE));
    }

    /** {@code zone/capacity-type -> price} entries in order. */
    static Map<String, Double> prices(Object... zoneCapacityTypePrice) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < zoneCapacityTypePrice.length; i += 2) {
            m.put((String) zoneCapacityTypePrice[i], ((Number) zoneCapacityTypePrice[i + 1]).doubleValue());
        }
        return m;
    }

    static NodeSelectorRequirement in(String key, String... values) {
        return NodeSelectorRequirement.of(key, NodeSelectorOperator.IN, values);
    }

    /** A NodeClaim of {@code pool} with these requirements and the pool's labels, taints and startup taints. */
    static NodeClaim nodeClaim(String name, NodePool pool, List<NodeSelectorRequirement> requirements) {
        Map<String, String> labels = new TreeMap<>(pool.spec().template().labels());
        labels.put(Labels.NODE_POOL, pool.name());
        ObjectMeta meta = new ObjectMeta(name, "", "", labels, Map.of(), List.of(), NOW, null);
        NodeClaimSpec spec =
                NodeClaimSpec.fromTemplate(pool.spec().template().spec(), requirements, Resources.of(1000, 1L << 30));
        return new NodeClaim(meta, spec, NodeClaimStatus.launching(NOW));
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
