package dev.fleetwright.core.provisioning;

import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.NodeClaim;
import dev.fleetwright.core.api.NodeClaimSpec;
import dev.fleetwright.core.api.NodeClaimStatus;
import dev.fleetwright.core.api.NodePool;
import dev.fleetwright.core.api.corev1.ObjectMeta;
import dev.fleetwright.core.cloudprovider.InstanceType;
import dev.fleetwright.core.scheduling.PlannedNodeClaim;
import dev.fleetwright.core.scheduling.Requirement;
import dev.fleetwright.core.scheduling.Requirements;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * Turns a planned NodeClaim into the NodeClaim record to store and launch, as Karpenter's {@code
 * NodeClaimTemplate.ToNodeClaim} does ([K] pkg/controllers/provisioning/scheduling/nodeclaimtemplate.go).
 */
public final class NodeClaimFactory {

    /** At most this many instance types are written into a NodeClaim's requirements ([K] MaxInstanceTypes). */
    public static final int MAX_INSTANCE_TYPES = 600;

    /** The characters of generated name suffixes (Kubernetes' name generator avoids vowels and look-alikes). */
    static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private NodeClaimFactory() {}

    /**
     * Builds the NodeClaim.
     *
     * @param planned the scheduler's NodeClaim
     * @param nodePool its NodePool
     * @param random the source of the name suffix; per invocation, never captured at init (SnapStart restores the
     *     same snapshot many times)
     * @param now the creation time
     * @return a NodeClaim named {@code <nodepool>-<5 characters>} in phase Launching, whose requirements pin the
     *     instance types (cheapest first, at most {@link #MAX_INSTANCE_TYPES})
     */
    public static NodeClaim create(PlannedNodeClaim planned, NodePool nodePool, RandomGenerator random, Instant now) {
        List<InstanceType> types = planned.instanceTypes();
        if (types.size() > MAX_INSTANCE_TYPES) {
            types = types.subList(0, MAX_INSTANCE_TYPES);
        }
        Requirements requirements = planned.requirements()
                .and(Requirement.in(
                                Labels.INSTANCE_TYPE,
                                types.stream().map(InstanceType::name).toList())
                        .withMinValues(
                                planned.requirements().get(Labels.INSTANCE_TYPE).minValues()));
        Map<String, String> labels = new TreeMap<>(nodePool.spec().template().labels());
        labels.putAll(requirements.labels());
        labels.put(Labels.NODE_POOL, nodePool.name());
        String name = nodePool.name() + "-" + suffix(random);
        ObjectMeta meta =
                new ObjectMeta(name, "", "", labels, nodePool.spec().template().annotations(), List.of(), now, null);
        NodeClaimSpec spec = NodeClaimSpec.fromTemplate(
                nodePool.spec().template().spec(), requirements.toNodeSelectorRequirements(), planned.totalRequests());
        return new NodeClaim(meta, spec, NodeClaimStatus.launching(now));
    }

    private static String suffix(RandomGenerator random) {
        StringBuilder sb = new StringBuilder(5);
        for (int i = 0; i < 5; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
