package dev.fleetwright.core.api;

import dev.fleetwright.core.api.corev1.NodeSelectorRequirement;
import dev.fleetwright.core.api.corev1.Taint;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What every NodeClaim of a NodePool gets ({@code spec.template.spec}, [K] pkg/apis/v1/nodepool.go {@code
 * NodeClaimTemplateSpec}).
 *
 * @param requirements node selector requirements (with {@code minValues}) every node satisfies, in the order written
 * @param taints taints applied to every node; pods must tolerate them
 * @param startupTaints taints present at startup and removed by a DaemonSet; pods need not tolerate them
 * @param nodeClassRef the EC2NodeClass, not null
 * @param expireAfter how long after creation a node is replaced, or never; not null
 * @param terminationGracePeriod how long a draining node waits for pods before deleting them, or {@link
 *     NillableDuration#NEVER} to wait forever (the default); not null
 */
public record NodeClaimTemplateSpec(
        List<NodeSelectorRequirement> requirements,
        List<Taint> taints,
        List<Taint> startupTaints,
        NodeClassReference nodeClassRef,
        NillableDuration expireAfter,
        NillableDuration terminationGracePeriod) {

    /** Karpenter's default {@code expireAfter}: {@code 720h} (30 days). */
    public static final NillableDuration DEFAULT_EXPIRE_AFTER = NillableDuration.of(Duration.ofHours(720));

    /** Karpenter's default {@code terminationGracePeriod}: unset, wait for pods forever. */
    public static final NillableDuration DEFAULT_TERMINATION_GRACE_PERIOD = NillableDuration.NEVER;

    /**
     * Copies the lists; null lists are empty.
     *
     * @throws NullPointerException if {@code nodeClassRef} or a duration is null
     */
    public NodeClaimTemplateSpec {
        requirements = requirements == null ? List.of() : List.copyOf(requirements);
        taints = taints == null ? List.of() : List.copyOf(taints);
        startupTaints = startupTaints == null ? List.of() : List.copyOf(startupTaints);
        Objects.requireNonNull(nodeClassRef, "nodeClassRef");
        Objects.requireNonNull(expireAfter, "expireAfter");
        Objects.requireNonNull(terminationGracePeriod, "terminationGracePeriod");
    }
}
