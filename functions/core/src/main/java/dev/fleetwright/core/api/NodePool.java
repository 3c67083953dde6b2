package dev.fleetwright.core.api;

import dev.fleetwright.core.api.corev1.ObjectMeta;
import dev.fleetwright.core.scheduling.Requirements;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * A Karpenter NodePool ({@code karpenter.sh/v1}, [K] pkg/apis/v1/nodepool.go): which nodes Fleetwright may launch for
 * pending pods, with what constraints, limits and disruption rules.
 *
 * @param metadata the object metadata; the name is the value of the {@code karpenter.sh/nodepool} label on its nodes
 * @param spec the specification, defaults applied; not null
 */
public record NodePool(ObjectMeta metadata, NodePoolSpec spec) {

    /** The API version this record models. */
    public static final String API_VERSION = "karpenter.sh/v1";

    /** The kind. */
    public static final String KIND = "NodePool";

    /**
     * The order in which the scheduler tries NodePools: higher {@link #weight()} first, then by name, as Karpenter
     * orders them.
     */
    public static final Comparator<NodePool> BY_WEIGHT_THEN_NAME =
            Comparator.comparingInt(NodePool::weight).reversed().thenComparing(NodePool::name);

    /** @throws NullPointerException if a component is null */
    public NodePool {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(spec, "spec");
    }

    /** The NodePool's name. */
    public String name() {
        return metadata.name();
    }

    /** The weight, 0 when unset (Karpenter orders an unset weight as 0). */
    public int weight() {
        return spec.weight() == null ? 0 : spec.weight();
    }

    /** The template's node class reference. */
    public NodeClassReference nodeClassRef() {
        return spec.template().spec().nodeClassRef();
    }

    /**
     * What every node of this NodePool satisfies: the template's requirements and its labels (as {@code In}
     * requirements) and {@code karpenter.sh/nodepool In [name]}, as Karpenter builds a NodePool's requirements.
     *
     * @throws IllegalArgumentException if a numeric requirement lacks exactly one integer value (never for a
     *     NodePool that passed validation)
     */
    public Requirements requirements() {
        return Requirements.fromNodeSelector(spec.template().spec().requirements())
                .and(Requirements.fromLabels(spec.template().labels()))
                .and(dev.fleetwright.core.scheduling.Requirement.in(Labels.NODE_POOL, name()));
    }

    /**
     * How many of this NodePool's {@code nodeCount} nodes may be disrupted for {@code reason} at {@code now}; see
     * {@link Disruption#allowedDisruptions}.
     */
    public int allowedDisruptions(Instant now, int nodeCount, DisruptionReason reason) {
        return spec.disruption().allowedDisruptions(now, nodeCount, reason);
    }
}
