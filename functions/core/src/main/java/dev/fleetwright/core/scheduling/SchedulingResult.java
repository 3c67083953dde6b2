package dev.fleetwright.core.scheduling;

import dev.fleetwright.core.api.corev1.Pod;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one solve.
 *
 * @param newNodeClaims NodeClaims to create, in creation order
 * @param existingNodePods pods placed on existing nodes or in-flight NodeClaims, by node name (insertion-ordered)
 * @param podErrors pods that could not be placed, with reasons
 * @param relaxations how many preference relaxations were applied
 * @param attempts how many (pod, node or NodeClaim) placements were tried
 */
public record SchedulingResult(
        List<PlannedNodeClaim> newNodeClaims,
        Map<String, List<Pod>> existingNodePods,
        List<PodError> podErrors,
        long relaxations,
        long attempts) {

    /** Copies collections. */
    public SchedulingResult {
        newNodeClaims = List.copyOf(newNodeClaims);
        existingNodePods = Collections.unmodifiableMap(new LinkedHashMap<>(existingNodePods));
        podErrors = List.copyOf(podErrors);
    }

    /** The expected cost of the new NodeClaims in USD per hour (each at its cheapest compatible offering). */
    public double newCostPerHourUsd() {
        double sum = 0;
        for (PlannedNodeClaim c : newNodeClaims) {
            sum += c.pricePerHourUsd();
        }
        return sum;
    }

    /** The number of pods placed, on existing nodes or new NodeClaims. */
    public int podsScheduled() {
        int n = 0;
        for (PlannedNodeClaim c : newNodeClaims) {
            n += c.pods().size();
        }
        for (List<Pod> pods : existingNodePods.values()) {
            n += pods.size();
        }
        return n;
    }
}
