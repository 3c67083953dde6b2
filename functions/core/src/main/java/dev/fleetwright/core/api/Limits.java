package dev.fleetwright.core.api;

import dev.fleetwright.core.api.corev1.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * A NodePool's provisioning limits ({@code spec.limits}, [K] pkg/apis/v1/nodepool.go {@code Limits}): the total
 * resources and node count its nodes may reach. A resource without a limit is unbounded; a limit of zero forbids the
 * resource.
 *
 * @param resources the limit amounts in {@link Resources} units (millicores, bytes, counts); only meaningful for the
 *     names in {@code limitedResources}
 * @param limitedResources the resource names that have a limit (for example {@code cpu}, {@code memory}, {@code
 *     nvidia.com/gpu}); every non-zero amount in {@code resources} must be named here
 * @param nodes the maximum number of nodes, or empty for no node-count limit
 */
public record Limits(Resources resources, Set<String> limitedResources, OptionalLong nodes) {

    /** Key of the node-count limit in {@code spec.limits}. */
    public static final String NODES = "nodes";

    /** No limits at all. */
    public static final Limits NONE = new Limits(Resources.NONE, Set.of(), OptionalLong.empty());

    /**
     * Copies the names.
     *
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if an amount is negative, a non-zero amount has no name in {@code
     *     limitedResources}, or {@code nodes} is negative
     */
    public Limits {
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(nodes, "nodes");
        limitedResources = Set.copyOf(limitedResources);
        if (resources.anyNegative()) {
            throw new IllegalArgumentException("limits must not be negative: " + resources);
        }
        for (String name : resources.toQuantities().keySet()) {
            if (!limitedResources.contains(name)) {
                throw new IllegalArgumentException("limit on " + name + " is not listed in limitedResources");
            }
        }
        if (nodes.isPresent() && nodes.getAsLong() < 0) {
            throw new IllegalArgumentException("node limit must not be negative, got " + nodes.getAsLong());
        }
    }

    /**
     * Limits on the non-zero amounts of {@code resources}; use the canonical constructor to limit a resource to zero.
     *
     * @param resources the limits, not negative
     * @param nodes the node-count limit, or null for none
     * @return the limits
     */
    public static Limits of(Resources resources, Long nodes) {
        return new Limits(
                resources,
                resources.toQuantities().keySet(),
                nodes == null ? OptionalLong.empty() : OptionalLong.of(nodes));
    }

    /** Whether nothing is limited. */
    public boolean isEmpty() {
        return limitedResources.isEmpty() && nodes.isEmpty();
    }

    /** The limit of one resource in {@link Resources} units, or empty when it is not limited. */
    public Optional<Long> limitOf(String resourceName) {
        return limitedResources.contains(resourceName) ? Optional.of(resources.get(resourceName)) : Optional.empty();
    }

    /**
     * The limits that {@code usage} and {@code nodeCount} exceed, as Karpenter's {@code Limits.ExceededBy} (a usage
     * strictly above its limit), in the order cpu, memory, ephemeral-storage, pods, extended by name, then {@code
     * nodes}.
     *
     * @param usage the resources of the NodePool's nodes (including in-flight NodeClaims)
     * @param nodeCount the NodePool's node count (including in-flight NodeClaims)
     * @return the exceeded resource names, empty when within limits
     */
    public List<String> exceededBy(Resources usage, long nodeCount) {
        List<String> exceeded = new ArrayList<>();
        for (String name : orderedNames()) {
            if (usage.get(name) > resources.get(name)) {
                exceeded.add(name);
            }
        }
        if (nodes.isPresent() && nodeCount > nodes.getAsLong()) {
            exceeded.add(NODES);
        }
        return exceeded;
    }

    private List<String> orderedNames() {
        List<String> ordered = new ArrayList<>();
        for (String wellKnown : List.of(Resources.CPU, Resources.MEMORY, Resources.EPHEMERAL_STORAGE, Resources.PODS)) {
            if (limitedResources.contains(wellKnown)) {
                ordered.add(wellKnown);
            }
        }
        for (String name : new TreeSet<>(limitedResources)) {
            if (!ordered.contains(name)) {
                ordered.add(name);
            }
        }
        return ordered;
    }

    /** For example {@code cpu 1000, memory 1000Gi, nodes 10}, or {@code none}. */
    @Override
    public String toString() {
        if (isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        for (String name : orderedNames()) {
            long amount = resources.get(name);
            String text = switch (name) {
                case Resources.CPU -> dev.fleetwright.core.api.corev1.Quantity.formatMillis(amount);
                case Resources.MEMORY, Resources.EPHEMERAL_STORAGE ->
                    amount == 0 ? "0" : dev.fleetwright.core.api.corev1.Quantity.formatBytes(amount);
                default -> Long.toString(amount);
            };
            parts.add(name + " " + text);
        }
        nodes.ifPresent(n -> parts.add(NODES + " " + n));
        return String.join(", ", parts);
    }
}
