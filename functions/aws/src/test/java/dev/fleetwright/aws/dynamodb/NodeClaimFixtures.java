package dev.fleetwright.aws.dynamodb;

import dev.fleetwright.core.api.ConditionStatus;
import dev.fleetwright.core.api.DisruptionReason;
import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.NillableDuration;
import dev.fleetwright.core.api.NodeClaim;
import dev.fleetwright.core.api.NodeClaimCondition;
import dev.fleetwright.core.api.NodeClaimConditionType;
import dev.fleetwright.core.api.NodeClaimPhase;
import dev.fleetwright.core.api.NodeClaimSpec;
import dev.fleetwright.core.api.NodeClaimStatus;
import dev.fleetwright.core.api.NodeClassReference;
import dev.fleetwright.core.api.corev1.NodeSelectorOperator;
import dev.fleetwright.core.api.corev1.NodeSelectorRequirement;
import dev.fleetwright.core.api.corev1.ObjectMeta;
import dev.fleetwright.core.api.corev1.OwnerReference;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.api.corev1.Taint;
import dev.fleetwright.core.api.corev1.TaintEffect;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * NodeClaims for store tests: a plain one per phase, and rich ones that use every field the record has (nanosecond
 * instants, a price with a trailing zero, extended resources, every operator, conditions with reasons and messages).
 */
final class NodeClaimFixtures {

    /**
     * When fixtures are created. Far in the future so that no TTL attribute derived from it has passed: the tests never
     * depend on whether the local engine deletes expired items. Nanoseconds prove instants survive storage.
     */
    static final Instant CREATED = Instant.parse("2099-08-05T10:00:00.123456789Z");

    private static final long GIB = 1L << 30;

    private NodeClaimFixtures() {}

    /** A simple Launching NodeClaim of NodePool {@code general}. */
    static NodeClaim launching(String name) {
        NodeClaimSpec spec = new NodeClaimSpec(
                List.of(NodeSelectorRequirement.of(Labels.CAPACITY_TYPE, NodeSelectorOperator.IN, "spot")),
                List.of(),
                List.of(),
                NodeClassReference.ec2NodeClass("default"),
                Resources.of(1000, GIB),
                NillableDuration.of(Duration.ofHours(720)),
                NillableDuration.NEVER);
        ObjectMeta meta = ObjectMeta.of("", name).withLabels(Map.of(Labels.NODE_POOL, "general"));
        return new NodeClaim(meta, spec, NodeClaimStatus.launching(CREATED));
    }

    /** {@link #launching} after EC2 returned {@code instanceId}. */
    static NodeClaim launched(String name, String instanceId) {
        NodeClaim claim = launching(name);
        return claim.withStatus(claim.status().withLaunch(launch(instanceId), CREATED.plusSeconds(3)));
    }

    /** {@link #launched} then terminated at {@code terminatedAt}. */
    static NodeClaim terminated(String name, String instanceId, Instant terminatedAt) {
        NodeClaim claim = launched(name, instanceId);
        return claim.withStatus(claim.status().withTermination(terminatedAt));
    }

    /** What EC2 returned for {@code instanceId}: spot {@code m5.large} in {@code us-east-1a} at 0.0960 USD/h. */
    static NodeClaimStatus.Launch launch(String instanceId) {
        TreeMap<String, Long> gpus = new TreeMap<>(Map.of(Resources.NVIDIA_GPU, 1L, Resources.POD_ENI, 9L));
        return new NodeClaimStatus.Launch(
                "aws:///us-east-1a/" + instanceId,
                instanceId,
                "m5.large",
                "us-east-1a",
                Labels.CAPACITY_TYPE_SPOT,
                new BigDecimal("0.0960"),
                "ami-0abcdef1234567890",
                new Resources(2000, 8 * GIB, 20 * GIB, 29, gpus),
                new Resources(1930, 7 * GIB + 123_456_789L, 18 * GIB, 29, gpus));
    }

    /**
     * A NodeClaim using every field, moved through the lifecycle to {@code phase}; {@link NodeClaimPhase#FAILED} fails
     * after launch (registration timeout), see {@link #failedBeforeLaunch} for the other failure.
     */
    static NodeClaim rich(String name, NodeClaimPhase phase) {
        NodeClaim claim = richLaunching(name);
        NodeClaimStatus s = claim.status();
        Instant t = CREATED;
        if (phase == NodeClaimPhase.LAUNCHING) {
            return claim;
        }
        s = s.withLaunch(launch("i-0" + Integer.toHexString(name.hashCode())), t.plusMillis(3_210));
        if (phase == NodeClaimPhase.LAUNCHED) {
            return claim.withStatus(s);
        }
        if (phase == NodeClaimPhase.FAILED) {
            return claim.withStatus(s.withFailure(
                    "RegistrationTimeout", "node did not register within 15m0s", t.plus(Duration.ofMinutes(15))));
        }
        s = s.withRegistration("ip-10-0-1-23.ec2.internal", t.plusSeconds(41));
        if (phase == NodeClaimPhase.REGISTERED) {
            return claim.withStatus(s);
        }
        s = s.withInitialization(t.plusSeconds(63))
                .withLastPodEventAt(t.plusSeconds(70).plusNanos(5))
                .withCondition(new NodeClaimCondition(
                        NodeClaimConditionType.DRIFTED,
                        ConditionStatus.FALSE,
                        "NotDrifted",
                        "matches NodePool hash 4411",
                        t.plusSeconds(64)))
                .withCondition(NodeClaimCondition.isTrue(NodeClaimConditionType.CONSOLIDATABLE, t.plusSeconds(400)));
        if (phase == NodeClaimPhase.INITIALIZED) {
            return claim.withStatus(s);
        }
        s = s.withDraining(DisruptionReason.UNDERUTILIZED, t.plusSeconds(600))
                .withCondition(new NodeClaimCondition(
                        NodeClaimConditionType.DRAINED,
                        ConditionStatus.UNKNOWN,
                        "Draining",
                        "3 pods left; \"quoted\", ünïcode ✓",
                        t.plusSeconds(601)));
        if (phase == NodeClaimPhase.DRAINING) {
            return claim.withStatus(s);
        }
        return claim.withStatus(s.withTermination(t.plusSeconds(700)));
    }

    /** A rich NodeClaim whose launch failed (no instance). */
    static NodeClaim failedBeforeLaunch(String name) {
        NodeClaim claim = richLaunching(name);
        return claim.withStatus(
                claim.status().withFailure("InsufficientCapacity", "no offering had capacity", CREATED.plusSeconds(2)));
    }

    private static NodeClaim richLaunching(String name) {
        List<NodeSelectorRequirement> requirements = List.of(
                new NodeSelectorRequirement(
                        Labels.INSTANCE_TYPE,
                        NodeSelectorOperator.IN,
                        // price order, not alphabetical: the order must survive
                        List.of("m6a.large", "m5.large", "c5.xlarge", "m5a.large"),
                        2),
                NodeSelectorRequirement.of(Labels.CAPACITY_TYPE, NodeSelectorOperator.IN, "spot", "on-demand"),
                NodeSelectorRequirement.of(Labels.TOPOLOGY_ZONE, NodeSelectorOperator.NOT_IN, "us-east-1e"),
                NodeSelectorRequirement.of("karpenter.k8s.aws/instance-cpu", NodeSelectorOperator.GT, "1"),
                NodeSelectorRequirement.of("karpenter.k8s.aws/instance-memory", NodeSelectorOperator.LTE, "65536"),
                NodeSelectorRequirement.of("team", NodeSelectorOperator.EXISTS),
                NodeSelectorRequirement.of("legacy", NodeSelectorOperator.DOES_NOT_EXIST));
        NodeClaimSpec spec = new NodeClaimSpec(
                requirements,
                List.of(
                        new Taint("workload", "batch", TaintEffect.NO_SCHEDULE),
                        new Taint("dedicated", "", TaintEffect.NO_EXECUTE)),
                List.of(new Taint("node.cilium.io/agent-not-ready", "true", TaintEffect.PREFER_NO_SCHEDULE)),
                new NodeClassReference(NodeClassReference.EC2_GROUP, NodeClassReference.EC2_KIND, "gpu"),
                new Resources(1500, 3 * GIB, 10 * GIB, 7, new TreeMap<>(Map.of(Resources.NVIDIA_GPU, 1L))),
                NillableDuration.of(Duration.ofHours(720)),
                NillableDuration.of(Duration.ofMinutes(90).plusNanos(1)));
        ObjectMeta meta = new ObjectMeta(
                name,
                "",
                "3f1c2a7e-0b7d-4b9e-9d55-5a1f0c0e9a11",
                Map.of(Labels.NODE_POOL, "general", "team", "payments", "example.com/flag", ""),
                Map.of("karpenter.sh/nodepool-hash", "4411", "fleetwright.dev/note", "ünïcode ✓ = #1", "empty", ""),
                List.of(new OwnerReference("karpenter.sh/v1", "NodePool", "general", "uid-of-general", true)),
                CREATED,
                null);
        NodeClaimStatus status = NodeClaimStatus.launching(CREATED)
                .withCondition(new NodeClaimCondition(
                        NodeClaimConditionType.LAUNCHED, ConditionStatus.UNKNOWN, "", "", CREATED));
        return new NodeClaim(meta, spec, status);
    }
}
