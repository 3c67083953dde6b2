package dev.fleetwright.interruption;

import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.NillableDuration;
import dev.fleetwright.core.api.NodeClaim;
import dev.fleetwright.core.api.NodeClaimSpec;
import dev.fleetwright.core.api.NodeClaimStatus;
import dev.fleetwright.core.api.NodeClassReference;
import dev.fleetwright.core.api.NodePool;
import dev.fleetwright.core.api.corev1.ObjectMeta;
import dev.fleetwright.core.api.corev1.OwnerReference;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.PodSpec;
import dev.fleetwright.core.api.corev1.PodStatus;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.api.load.ConfigLoader;
import dev.fleetwright.core.api.load.NamedSource;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** NodeClaims, pods and NodePools matching the sample events in {@code events/interruption/}. */
final class Fixtures {

    static final String CLUSTER = "eks-cluster-dev";
    /** The instance of the spot, rebalance and state-change samples. */
    static final String SPOT_INSTANCE = "i-0a1b2c3d4e5f60718";
    /** The instances of the Health sample. */
    static final String RETIRING_1 = "i-0b2c3d4e5f6071829";

    static final String RETIRING_2 = "i-0c3d4e5f607182930";
    /** The instance of the capacity reservation sample. */
    static final String RESERVED_INSTANCE = "i-0d4e5f60718293a4b";
    /** The NodeClaim of the drain continuation sample. */
    static final String CONTINUED_NODE_CLAIM = "general-x7k2p";
    /** When the launches happened: well before every sample event. */
    static final Instant LAUNCHED = Instant.parse("2026-11-22T08:00:00Z");

    private Fixtures() {}

    /**
     * An initialized NodeClaim of NodePool {@code general} on an m5.large in us-east-1a.
     *
     * @param name the NodeClaim name
     * @param instanceId the instance
     * @param node the node name
     * @param capacityType spot, on-demand or reserved
     */
    static NodeClaim initialized(String name, String instanceId, String node, String capacityType) {
        NodeClaimSpec spec = new NodeClaimSpec(
                List.of(),
                List.of(),
                List.of(),
                NodeClassReference.ec2NodeClass("default"),
                Resources.of(1000, 1L << 30),
                NillableDuration.NEVER,
                NillableDuration.NEVER);
        NodeClaimStatus status = NodeClaimStatus.launching(LAUNCHED)
                .withLaunch(
                        new NodeClaimStatus.Launch(
                                "aws:///us-east-1a/" + instanceId,
                                instanceId,
                                "m5.large",
                                "us-east-1a",
                                capacityType,
                                new BigDecimal("0.0400"),
                                "ami-0123456789abcdef0",
                                Resources.NONE,
                                Resources.NONE),
                        LAUNCHED.plusSeconds(2))
                .withRegistration(node, LAUNCHED.plusSeconds(40))
                .withInitialization(LAUNCHED.plusSeconds(60));
        return new NodeClaim(ObjectMeta.of("", name).withLabels(Map.of(Labels.NODE_POOL, "general")), spec, status);
    }

    /** A running pod bound to a node. */
    static Pod pod(String name, String node) {
        return new Pod(
                new ObjectMeta(
                        name, "default", "uid-" + name, Map.of("app", name), Map.of(), List.of(), LAUNCHED, null),
                PodSpec.of(Resources.of(250, 256L << 20)).withNodeName(node),
                PodStatus.RUNNING);
    }

    /** A running DaemonSet pod bound to a node. */
    static Pod daemonSetPod(String name, String node) {
        return new Pod(
                new ObjectMeta(
                        name,
                        "kube-system",
                        "uid-" + name,
                        Map.of(),
                        Map.of(),
                        List.of(new OwnerReference("apps/v1", "DaemonSet", "logging", "ds-uid", true)),
                        LAUNCHED,
                        null),
                PodSpec.of(Resources.of(100, 128L << 20)).withNodeName(node),
                PodStatus.RUNNING);
    }

    /** NodePool {@code general}, with the rebalance opt-in annotation when asked. */
    static List<NodePool> generalNodePool(boolean drainOnRebalance) {
        String annotations = drainOnRebalance ? "annotations: {fleetwright.dev/drain-on-rebalance: \"true\"}" : "";
        String yaml = """
                apiVersion: karpenter.k8s.aws/v1
                kind: EC2NodeClass
                metadata: {name: default}
                spec:
                  role: KarpenterNodeRole-demo
                  amiSelectorTerms: [{alias: al2023@latest}]
                  subnetSelectorTerms: [{tags: {karpenter.sh/discovery: demo}}]
                  securityGroupSelectorTerms: [{tags: {karpenter.sh/discovery: demo}}]
                ---
                apiVersion: karpenter.sh/v1
                kind: NodePool
                metadata:
                  name: general
                  %s
                spec:
                  template:
                    spec:
                      requirements:
                        - {key: karpenter.sh/capacity-type, operator: In, values: [spot, on-demand]}
                      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
                """.formatted(annotations);
        return new ConfigLoader(Map.of())
                .loadSources(List.of(new NamedSource("nodepools.yaml", yaml)))
                .orThrow()
                .nodePools();
    }
}
