package dev.fleetwright.core.lifecycle;

import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.NodeClaim;
import dev.fleetwright.core.api.NodeClaimStatus;
import dev.fleetwright.core.api.corev1.Node;
import dev.fleetwright.core.api.corev1.Taint;
import dev.fleetwright.core.cloudprovider.CloudProvider;
import dev.fleetwright.core.cloudprovider.NodeClaimNotFoundException;
import dev.fleetwright.core.state.ConflictException;
import dev.fleetwright.core.state.NodeClaimStore;
import dev.fleetwright.core.state.NodeOperations;
import dev.fleetwright.core.state.VersionedNodeClaim;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Follows launched NodeClaims to usable nodes, as Karpenter's registration and initialization controllers do ([K]
 * pkg/controllers/nodeclaim/lifecycle/registration.go, initialization.go, liveness.go). Level-triggered: each call
 * compares the NodeClaims with the nodes it is given and converges.
 *
 * <ul>
 *   <li><b>Registration</b>: a Launched NodeClaim whose instance has a node (matched by the instance ID in the node's
 *       provider ID) loses the {@code karpenter.sh/unregistered:NoExecute} taint it booted with, gets {@code
 *       karpenter.sh/registered=true}, and becomes Registered with the node's name.
 *   <li><b>Initialization</b>: a Registered NodeClaim whose node is Ready, carries none of its startup taints nor
 *       the not-ready taints, and advertises every extended resource the NodeClaim requested, gets {@code
 *       karpenter.sh/initialized=true} and becomes Initialized.
 *   <li><b>Registration timeout</b>: a Launched NodeClaim without a node {@link NodeClaim#REGISTRATION_TIMEOUT}
 *       after launch has its instance terminated and becomes Failed, so its pods are planned again.
 * </ul>
 *
 * Writes are conditional; a NodeClaim another writer moved on is left for the next call.
 */
public final class Registration {

    /**
     * What one call did.
     *
     * @param registered NodeClaims that became Registered
     * @param initialized NodeClaims that became Initialized
     * @param timedOut NodeClaims failed for the registration timeout (their instances terminated)
     */
    public record Result(int registered, int initialized, int timedOut) {}

    private final String cluster;
    private final NodeClaimStore store;
    private final NodeOperations nodes;
    private final CloudProvider cloud;
    private final Clock clock;

    /**
     * @param cluster the cluster
     * @param store NodeClaim records
     * @param nodes Kubernetes writes for the cluster
     * @param cloud the cloud provider (to terminate instances that never registered)
     * @param clock the time source
     */
    public Registration(String cluster, NodeClaimStore store, NodeOperations nodes, CloudProvider cloud, Clock clock) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.store = Objects.requireNonNull(store, "store");
        this.nodes = Objects.requireNonNull(nodes, "nodes");
        this.cloud = Objects.requireNonNull(cloud, "cloud");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Converges the cluster's NodeClaims with its nodes.
     *
     * @param clusterNodes the nodes, read fresh
     * @return what was done
     */
    public Result reconcile(List<Node> clusterNodes) {
        Map<String, Node> byInstance = new HashMap<>();
        Map<String, Node> byName = new HashMap<>();
        for (Node n : clusterNodes) {
            if (!n.instanceId().isEmpty()) {
                byInstance.put(n.instanceId(), n);
            }
            byName.put(n.name(), n);
        }
        Instant now = clock.instant();
        int registered = 0;
        int initialized = 0;
        int timedOut = 0;
        for (VersionedNodeClaim v : store.list(cluster)) {
            NodeClaim c = v.nodeClaim();
            try {
                switch (c.status().phase()) {
                    case LAUNCHED -> {
                        Node node = byInstance.get(c.status().instanceId());
                        if (node != null) {
                            register(v, node, now);
                            registered++;
                        } else if (c.isRegistrationTimedOut(now)) {
                            timeOut(v, now);
                            timedOut++;
                        }
                    }
                    case REGISTERED -> {
                        Node node = byName.get(c.status().nodeName());
                        if (node != null && isInitialized(c, node)) {
                            nodes.setLabel(node.name(), Labels.INITIALIZED, "true");
                            store.update(cluster, c.withStatus(c.status().withInitialization(now)), v.version());
                            initialized++;
                        }
                    }
                    default -> {
                        // Launching is the provisioner's; Initialized, Draining and terminal phases need nothing here.
                    }
                }
            } catch (ConflictException | NodeOperations.NotFoundException e) {
                // Another writer moved the NodeClaim on, or the node went away: the next call sees the new truth.
            }
        }
        return new Result(registered, initialized, timedOut);
    }

    private void register(VersionedNodeClaim v, Node node, Instant now) {
        nodes.removeTaint(node.name(), Taint.UNREGISTERED);
        nodes.setLabel(node.name(), Labels.REGISTERED, "true");
        NodeClaim c = v.nodeClaim();
        store.update(cluster, c.withStatus(c.status().withRegistration(node.name(), now)), v.version());
    }

    private void timeOut(VersionedNodeClaim v, Instant now) {
        NodeClaim c = v.nodeClaim();
        try {
            cloud.terminate(c.status().instanceId());
        } catch (NodeClaimNotFoundException e) {
            // Already gone: only the record is left to close.
        }
        NodeClaimStatus failed = c.status()
                .withFailure(
                        "RegistrationTimeout",
                        "no node registered for instance " + c.status().instanceId() + " within "
                                + NodeClaim.REGISTRATION_TIMEOUT,
                        now);
        store.update(cluster, c.withStatus(failed), v.version());
    }

    /**
     * Karpenter's initialization rule: Ready, no startup taint and no not-ready taint left, and every requested
     * extended resource advertised.
     */
    static boolean isInitialized(NodeClaim c, Node node) {
        if (!node.ready()) {
            return false;
        }
        for (Taint t : node.taints()) {
            if (Labels.EPHEMERAL_TAINT_KEYS.contains(t.key()) || t.matchesKeyAndEffect(Taint.UNREGISTERED)) {
                return false;
            }
            for (Taint startup : c.spec().startupTaints()) {
                if (startup.matchesKeyAndEffect(t)) {
                    return false;
                }
            }
        }
        List<String> missing = new ArrayList<>();
        c.spec().resourceRequests().extended().forEach((name, amount) -> {
            if (amount > 0 && node.allocatable().get(name) <= 0) {
                missing.add(name);
            }
        });
        return missing.isEmpty();
    }
}
