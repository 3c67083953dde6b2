package dev.fleetwright.core.termination;

import dev.fleetwright.core.api.ConditionStatus;
import dev.fleetwright.core.api.DisruptionReason;
import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.NodeClaim;
import dev.fleetwright.core.api.NodeClaimCondition;
import dev.fleetwright.core.api.NodeClaimConditionType;
import dev.fleetwright.core.api.NodeClaimPhase;
import dev.fleetwright.core.api.NodeClaimStatus;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.Taint;
import dev.fleetwright.core.api.corev1.Toleration;
import dev.fleetwright.core.cloudprovider.CloudProvider;
import dev.fleetwright.core.cloudprovider.NodeClaimNotFoundException;
import dev.fleetwright.core.state.NodeClaimStore;
import dev.fleetwright.core.state.NodeOperations;
import dev.fleetwright.core.state.NodeOperations.EvictionResult;
import dev.fleetwright.core.state.VersionedNodeClaim;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Drains a NodeClaim's node and terminates its instance, after Karpenter's terminator ([K]
 * pkg/controllers/node/termination/terminator). One call is one bounded pass; a drain that outlives it resumes on the
 * next call from the NodeClaim's state (phase Draining, condition Drained=False since the drain started).
 *
 * <ol>
 *   <li>The NodeClaim moves to Draining; the node gets {@code karpenter.sh/disrupted:NoSchedule} and {@code
 *       node.kubernetes.io/exclude-from-external-load-balancers}.
 *   <li>Pods that wait for eviction are those not finished, not mirror pods and not tolerating the disrupted taint.
 *       They are evicted through the Eviction API (UID precondition) in four groups, one group at a time: non-critical
 *       non-DaemonSet, non-critical DaemonSet, critical non-DaemonSet, critical DaemonSet. A 429 (a
 *       PodDisruptionBudget says no) is retried with exponential back-off from {@link Settings#initialBackoff()} to
 *       {@link Settings#maxBackoff()}. Pods with {@code karpenter.sh/do-not-disrupt} are waited for, never evicted.
 *   <li>When the NodeClaim has a {@code terminationGracePeriod}, a pod whose own grace period would end after the
 *       node's deadline is deleted directly, early enough that its grace still fits: at {@code deadline −
 *       terminationGracePeriodSeconds}, with the grace left until the deadline.
 *   <li>With no pod left to wait for and no volume attached (or the deadline passed), the instance is terminated, the
 *       node deleted, and the NodeClaim marked Terminated.
 *   <li>A NotReady node whose instance the cloud no longer lists is not drained (no kubelet is left to stop its pods):
 *       it is deleted at once, so its pods' controllers replace them without waiting for the node lifecycle.
 * </ol>
 */
public final class Terminator {

    /** Sleeps between eviction retries; the simulator advances its virtual clock instead. */
    @FunctionalInterface
    public interface Sleeper {
        /** @param duration how long to wait */
        void sleep(Duration duration);
    }

    /**
     * Terminator settings.
     *
     * @param passBudget how long one pass keeps retrying before returning (a Lambda invocation's share)
     * @param initialBackoff first retry delay after a 429 (Karpenter: 100 ms)
     * @param maxBackoff longest retry delay (Karpenter: 10 s)
     */
    public record Settings(Duration passBudget, Duration initialBackoff, Duration maxBackoff) {

        /** Karpenter's eviction back-off with a 20-second pass. */
        public static final Settings DEFAULT =
                new Settings(Duration.ofSeconds(20), Duration.ofMillis(100), Duration.ofSeconds(10));

        /** @throws NullPointerException if a component is null */
        public Settings {
            Objects.requireNonNull(passBudget, "passBudget");
            Objects.requireNonNull(initialBackoff, "initialBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
        }
    }

    /** Where a termination stands after a pass. */
    public sealed interface Status permits Status.Terminated, Status.Draining {

        /** The NodeClaim as stored after the pass. */
        VersionedNodeClaim nodeClaim();

        /**
         * The instance is terminated and the NodeClaim marked Terminated.
         *
         * @param nodeClaim the stored NodeClaim
         */
        record Terminated(VersionedNodeClaim nodeClaim) implements Status {}

        /**
         * The node is still draining; call again later.
         *
         * @param nodeClaim the stored NodeClaim
         * @param waitingPods pods still waiting to leave the node
         * @param blockedByDisruptionBudget of those, pods whose last eviction a PodDisruptionBudget refused
         * @param doNotDisrupt of those, pods with {@code karpenter.sh/do-not-disrupt}, which are never evicted
         * @param attachedVolumes volumes still attached after the pods left
         */
        record Draining(
                VersionedNodeClaim nodeClaim,
                int waitingPods,
                int blockedByDisruptionBudget,
                int doNotDisrupt,
                int attachedVolumes)
                implements Status {}
    }

    private final String cluster;
    private final NodeClaimStore store;
    private final NodeOperations nodes;
    private final CloudProvider cloud;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Settings settings;

    /**
     * @param cluster the cluster the node belongs to
     * @param store NodeClaim records
     * @param nodes Kubernetes writes for that cluster
     * @param cloud the cloud provider
     * @param clock the time source
     * @param sleeper waits between eviction retries
     * @param settings the settings
     */
    public Terminator(
            String cluster,
            NodeClaimStore store,
            NodeOperations nodes,
            CloudProvider cloud,
            Clock clock,
            Sleeper sleeper,
            Settings settings) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.store = Objects.requireNonNull(store, "store");
        this.nodes = Objects.requireNonNull(nodes, "nodes");
        this.cloud = Objects.requireNonNull(cloud, "cloud");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Marks the NodeClaim Draining if it is not yet, without touching the node: lets the provisioner count its pods as
     * pending (and launch replacements) before they are evicted.
     *
     * @param claim the NodeClaim as read
     * @param reason why it is disrupted
     * @return the stored NodeClaim
     * @throws dev.fleetwright.core.state.ConflictException if another writer changed it since it was read
     */
    public VersionedNodeClaim markDraining(VersionedNodeClaim claim, DisruptionReason reason) {
        NodeClaim c = claim.nodeClaim();
        if (c.status().phase() == NodeClaimPhase.DRAINING || c.status().phase().isTerminal()) {
            return claim;
        }
        Instant now = clock.instant();
        NodeClaimStatus draining = c.status()
                .withDraining(reason, now)
                .withCondition(new NodeClaimCondition(
                        NodeClaimConditionType.DRAINED, ConditionStatus.FALSE, "Draining", reason.wireName(), now));
        return store.update(cluster, c.withStatus(draining), claim.version());
    }

    /**
     * One pass: drain as far as possible within the pass budget, and terminate once drained.
     *
     * @param claim the NodeClaim as read
     * @param reason why it is disrupted (recorded the first time)
     * @return where the termination stands
     * @throws dev.fleetwright.core.state.ConflictException if another writer changed the NodeClaim since it was read
     */
    public Status terminate(VersionedNodeClaim claim, DisruptionReason reason) {
        if (claim.nodeClaim().status().phase() == NodeClaimPhase.TERMINATED
                || claim.nodeClaim().status().phase() == NodeClaimPhase.FAILED) {
            return new Status.Terminated(claim);
        }
        VersionedNodeClaim current = markDraining(claim, reason);
        NodeClaim c = current.nodeClaim();
        Instant drainStart = c.status()
                .condition(NodeClaimConditionType.DRAINED)
                .map(NodeClaimCondition::lastTransitionTime)
                .orElse(clock.instant());
        Optional<Instant> deadline =
                c.spec().terminationGracePeriod().duration().map(drainStart::plus);
        String node = c.status().nodeName();
        if (!node.isEmpty() && !isInstanceGone(c, node)) {
            Optional<Status.Draining> draining = drain(current, node, deadline);
            if (draining.isPresent()) {
                return draining.get();
            }
        }
        return finish(current, node);
    }

    /**
     * Whether the node's kubelet is gone with its instance: the node is NotReady and the cloud no longer lists the
     * instance. Its pods can no longer stop gracefully nor be drained, so the node is deleted at once and their
     * controllers replace them ([K] pkg/controllers/node/termination/controller.go: a NotReady node whose instance the
     * cloud provider cannot find has its finalizer removed without draining). A Ready node is drained even then: its
     * kubelet may still be running while the cloud's view lags.
     */
    private boolean isInstanceGone(NodeClaim c, String node) {
        boolean notReady = nodes.node(node).map(n -> !n.ready()).orElse(false);
        return notReady && cloud.instanceOf(c.name()).isEmpty();
    }

    /** Drains within the pass budget; empty when nothing is left to wait for. */
    private Optional<Status.Draining> drain(VersionedNodeClaim claim, String node, Optional<Instant> deadline) {
        try {
            nodes.addTaint(node, Taint.DISRUPTED);
            nodes.setLabel(node, Labels.EXCLUDE_FROM_EXTERNAL_LOAD_BALANCERS, "true");
        } catch (NodeOperations.NotFoundException e) {
            return Optional.empty();
        }
        Instant passEnd = clock.instant().plus(settings.passBudget());
        Map<String, Backoff> backoff = new HashMap<>();
        while (true) {
            Instant now = clock.instant();
            List<Pod> waiting = new ArrayList<>();
            for (Pod p : nodes.podsOn(node)) {
                if (isWaitingEviction(p)) {
                    waiting.add(p);
                }
            }
            deleteExpiring(waiting, deadline, now);
            if (waiting.isEmpty()) {
                int volumes = nodes.attachedVolumes(node);
                boolean pastDeadline = deadline.isPresent() && !now.isBefore(deadline.get());
                if (volumes == 0 || pastDeadline) {
                    return Optional.empty();
                }
                if (!now.plus(settings.initialBackoff()).isBefore(passEnd)) {
                    return Optional.of(new Status.Draining(claim, 0, 0, 0, volumes));
                }
                sleeper.sleep(settings.initialBackoff());
                continue;
            }
            List<Pod> group = firstGroup(waiting);
            Instant nextTry = null;
            for (Pod p : group) {
                if (p.isTerminating() || p.hasDoNotDisrupt()) {
                    continue;
                }
                Backoff b = backoff.get(p.metadata().uid());
                if (b != null && now.isBefore(b.retryAt())) {
                    nextTry = earliest(nextTry, b.retryAt());
                    continue;
                }
                EvictionResult result = nodes.evict(p);
                if (result == EvictionResult.BLOCKED_BY_DISRUPTION_BUDGET
                        || result == EvictionResult.MISCONFIGURED_BUDGETS) {
                    Duration delay = b == null
                            ? settings.initialBackoff()
                            : min(b.delay().multipliedBy(2), settings.maxBackoff());
                    Backoff next = new Backoff(now.plus(delay), delay);
                    backoff.put(p.metadata().uid(), next);
                    nextTry = earliest(nextTry, next.retryAt());
                }
            }
            Instant wake = nextTry == null ? now.plus(settings.initialBackoff()) : nextTry;
            if (!wake.isBefore(passEnd)) {
                int blocked = (int) waiting.stream()
                        .filter(p -> backoff.containsKey(p.metadata().uid()) && !p.isTerminating())
                        .count();
                int doNotDisrupt =
                        (int) waiting.stream().filter(Pod::hasDoNotDisrupt).count();
                return Optional.of(new Status.Draining(claim, waiting.size(), blocked, doNotDisrupt, 0));
            }
            sleeper.sleep(Duration.between(now, wake).isNegative() ? Duration.ZERO : Duration.between(now, wake));
        }
    }

    private record Backoff(Instant retryAt, Duration delay) {}

    /** Deletes pods whose own grace period would overrun the node's deadline ([K] DeleteExpiringPods). */
    private void deleteExpiring(List<Pod> waiting, Optional<Instant> deadline, Instant now) {
        if (deadline.isEmpty()) {
            return;
        }
        for (Pod p : waiting) {
            if (p.isTerminating()) {
                continue;
            }
            Instant deleteAt = deadline.get().minusSeconds(p.spec().terminationGracePeriodSeconds());
            if (!now.isBefore(deleteAt)) {
                long grace = Math.max(0, Duration.between(now, deadline.get()).toSeconds());
                nodes.deletePod(p, grace);
            }
        }
    }

    /** Terminates the instance, deletes the node and records the NodeClaim Terminated. */
    private Status finish(VersionedNodeClaim claim, String node) {
        NodeClaim c = claim.nodeClaim();
        if (!c.status().instanceId().isEmpty()) {
            try {
                cloud.terminate(c.status().instanceId());
            } catch (NodeClaimNotFoundException e) {
                // Already gone (for example EC2 reclaimed the spot instance): nothing left to terminate.
            }
        }
        if (!node.isEmpty()) {
            nodes.deleteNode(node);
        }
        Instant now = clock.instant();
        NodeClaimStatus terminated = c.status()
                .withCondition(NodeClaimCondition.isTrue(NodeClaimConditionType.DRAINED, now))
                .withTermination(now);
        return new Status.Terminated(store.update(cluster, c.withStatus(terminated), claim.version()));
    }

    /**
     * Whether drain waits for the pod ([K] IsWaitingEviction): not finished, not a mirror pod, and not tolerating the
     * {@code karpenter.sh/disrupted} taint.
     */
    static boolean isWaitingEviction(Pod p) {
        if (p.isTerminal() || p.isMirror()) {
            return false;
        }
        for (Toleration t : p.spec().tolerations()) {
            if (t.tolerates(Taint.DISRUPTED)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The first non-empty eviction group ([K] terminator.go groupPodsByPriority): non-critical non-DaemonSet,
     * non-critical DaemonSet, critical non-DaemonSet, critical DaemonSet.
     */
    static List<Pod> firstGroup(List<Pod> waiting) {
        for (int group = 0; group < 4; group++) {
            List<Pod> pods = new ArrayList<>();
            for (Pod p : waiting) {
                int g = (p.isCritical() ? 2 : 0) + (p.isOwnedByDaemonSet() ? 1 : 0);
                if (g == group) {
                    pods.add(p);
                }
            }
            if (!pods.isEmpty()) {
                return pods;
            }
        }
        return List.of();
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
