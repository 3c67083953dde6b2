package dev.fleetwright.core.interruption;

import dev.fleetwright.core.api.DisruptionReason;
import dev.fleetwright.core.api.NodeClaim;
import dev.fleetwright.core.api.NodeClaimPhase;
import dev.fleetwright.core.api.NodePool;
import dev.fleetwright.core.cloudprovider.CapacityType;
import dev.fleetwright.core.cloudprovider.OfferingKey;
import dev.fleetwright.core.state.ConflictException;
import dev.fleetwright.core.state.NodeClaimStore;
import dev.fleetwright.core.state.ProvisioningTrigger;
import dev.fleetwright.core.state.UnavailableOfferings;
import dev.fleetwright.core.state.VersionedNodeClaim;
import dev.fleetwright.core.termination.Terminator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The interruption use case: reacts to one {@link InterruptionMessage} as Karpenter's interruption controller does
 * ([A] pkg/controllers/interruption/controller.go), then keeps draining until the node is gone.
 *
 * <ul>
 *   <li>The NodeClaim is found by instance ID; instances Fleetwright does not own are ignored.
 *   <li>Spot interruption warning: the offering (type, zone, spot) is marked unavailable for {@link
 *       UnavailableOfferings#DEFAULT_TTL}, then cordon and drain.
 *   <li>Scheduled change, state change to stopping, stopped, shutting-down or terminated, capacity reservation
 *       interruption: cordon and drain.
 *   <li>Rebalance recommendation: recorded only, unless the NodePool opts in with the annotation {@value
 *       #DRAIN_ON_REBALANCE_ANNOTATION}{@code : "true"} (a Fleetwright extension), then cordon and drain.
 *   <li>Cordon and drain marks the NodeClaim Draining first and asks for provisioning, so replacements launch while the
 *       node drains (the provisioner counts the pods of draining nodes as pending); then a {@link Terminator} pass
 *       evicts and, once drained, terminates. A message naming several instances marks all of them and asks for all
 *       their replacements before the first pass, which may wait up to its pass budget. A drain that outlives the pass is continued by a {@link
 *       InterruptionMessage.ContinueDrain} the caller schedules ({@link Outcome#continueAfter()}).
 *   <li>Duplicates and late events converge: a NodeClaim already Draining continues its drain; a Terminated one is
 *       left alone.
 * </ul>
 */
public final class Interruption {

    /** NodePool annotation that makes rebalance recommendations drain the node (Fleetwright extension). */
    public static final String DRAIN_ON_REBALANCE_ANNOTATION = "fleetwright.dev/drain-on-rebalance";

    /** How soon a drain that did not finish in one pass is continued. */
    public static final Duration CONTINUE_AFTER = Duration.ofSeconds(5);

    /** What was done for one instance. */
    public enum Action {
        /** The instance is not Fleetwright's (no NodeClaim has it). */
        IGNORED_NOT_OWNED,
        /** The NodeClaim is already terminated or failed. */
        IGNORED_ALREADY_GONE,
        /** The event needs no action (rebalance without opt-in, a state change to pending or running). */
        RECORDED,
        /** The node was cordoned and drained (or its drain continued). */
        CORDON_AND_DRAIN
    }

    /**
     * The outcome for one instance of a message.
     *
     * @param instanceId the instance (empty for {@link InterruptionMessage.ContinueDrain})
     * @param cluster the cluster of its NodeClaim; empty when not owned
     * @param nodeClaimName its NodeClaim; empty when not owned
     * @param action what was done
     * @param status the termination status after the drain pass; null unless drained
     * @param continueAfter when not null, the drain is unfinished: schedule a {@link InterruptionMessage.ContinueDrain}
     *     this much later
     */
    public record Outcome(
            String instanceId,
            String cluster,
            String nodeClaimName,
            Action action,
            Terminator.Status status,
            Duration continueAfter) {}

    private final NodeClaimStore store;
    private final UnavailableOfferings unavailableOfferings;
    private final ProvisioningTrigger provisioning;
    private final Function<String, Terminator> terminatorOf;
    private final Function<String, List<NodePool>> nodePoolsOf;
    private final Clock clock;

    /**
     * @param store NodeClaim records (all clusters of the stack)
     * @param unavailableOfferings the shared unavailable-offerings cache
     * @param provisioning asks the provisioner to look at a cluster
     * @param terminatorOf the terminator of each cluster
     * @param nodePoolsOf the NodePools of each cluster (for the rebalance opt-in)
     * @param clock the time source
     */
    public Interruption(
            NodeClaimStore store,
            UnavailableOfferings unavailableOfferings,
            ProvisioningTrigger provisioning,
            Function<String, Terminator> terminatorOf,
            Function<String, List<NodePool>> nodePoolsOf,
            Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.unavailableOfferings = Objects.requireNonNull(unavailableOfferings, "unavailableOfferings");
        this.provisioning = Objects.requireNonNull(provisioning, "provisioning");
        this.terminatorOf = Objects.requireNonNull(terminatorOf, "terminatorOf");
        this.nodePoolsOf = Objects.requireNonNull(nodePoolsOf, "nodePoolsOf");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Handles one message. Every instance is acted on (offering marked, NodeClaim marked Draining, replacements asked
     * for) before the first drain pass, so a message naming several instances gets all their replacements launching
     * at once rather than one drain pass after another.
     *
     * @param message the message
     * @return one outcome per instance (one for a drain continuation)
     * @throws ConflictException if a NodeClaim changed under a write (the message should be retried)
     */
    public List<Outcome> handle(InterruptionMessage message) {
        MessageResult result = handleAll(List.of(message)).get(0);
        if (result.failure() != null) {
            throw result.failure();
        }
        return result.outcomes();
    }

    /**
     * The result of one message of a batch.
     *
     * @param message the message
     * @param outcomes one outcome per instance; empty when it failed
     * @param failure why the message failed (it should be retried), or null
     */
    public record MessageResult(InterruptionMessage message, List<Outcome> outcomes, RuntimeException failure) {
        /** Copies the outcomes. */
        public MessageResult {
            Objects.requireNonNull(message, "message");
            outcomes = List.copyOf(outcomes);
        }
    }

    /**
     * Handles a batch: first every message's reaction (offerings marked unavailable, NodeClaims marked Draining,
     * replacements requested), then every drain pass. A batch of five spot warnings thus asks for all five
     * replacements before any drain waits on a PodDisruptionBudget. A failing message does not stop the others.
     *
     * @param messages the batch, in delivery order
     * @return one result per message, in the same order
     */
    public List<MessageResult> handleAll(List<InterruptionMessage> messages) {
        List<List<Reaction>> reactions = new ArrayList<>();
        List<RuntimeException> failures = new ArrayList<>();
        for (InterruptionMessage message : messages) {
            List<Reaction> mine = new ArrayList<>();
            RuntimeException failure = null;
            try {
                if (message instanceof InterruptionMessage.ContinueDrain cont) {
                    mine.add(reactToContinuation(cont));
                } else {
                    for (String instanceId : message.instanceIds()) {
                        mine.add(react(message, instanceId));
                    }
                }
            } catch (RuntimeException e) {
                failure = e;
            }
            reactions.add(mine);
            failures.add(failure);
        }
        List<MessageResult> results = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            RuntimeException failure = failures.get(i);
            List<Outcome> outcomes = new ArrayList<>();
            if (failure == null) {
                try {
                    for (Reaction r : reactions.get(i)) {
                        outcomes.add(
                                switch (r) {
                                    case Reaction.Done done -> done.outcome();
                                    case Reaction.Drain drain -> pass(drain);
                                });
                    }
                } catch (RuntimeException e) {
                    failure = e;
                    outcomes.clear();
                }
            }
            results.add(new MessageResult(messages.get(i), outcomes, failure));
        }
        return results;
    }

    /** What reacting to one instance left to do. */
    private sealed interface Reaction permits Reaction.Done, Reaction.Drain {
        /** Nothing more: the outcome is final. */
        record Done(Outcome outcome) implements Reaction {}

        /** A NodeClaim marked Draining, waiting for its drain pass. */
        record Drain(String instanceId, String cluster, String nodeClaimName) implements Reaction {}
    }

    /** Everything but the drain pass. */
    private Reaction react(InterruptionMessage message, String instanceId) {
        Optional<NodeClaimStore.Located> located = store.findByInstanceId(instanceId);
        if (located.isEmpty()) {
            return new Reaction.Done(new Outcome(instanceId, "", "", Action.IGNORED_NOT_OWNED, null, null));
        }
        String cluster = located.get().cluster();
        VersionedNodeClaim claim = located.get().nodeClaim();
        NodeClaim c = claim.nodeClaim();
        if (c.status().phase().isTerminal()) {
            return new Reaction.Done(
                    new Outcome(instanceId, cluster, c.name(), Action.IGNORED_ALREADY_GONE, null, null));
        }
        if (message instanceof InterruptionMessage.SpotInterruptionWarning
                && !c.status().instanceType().isEmpty()) {
            unavailableOfferings.markUnavailable(
                    List.of(new OfferingKey(
                            c.status().instanceType(), c.status().zone(), CapacityType.SPOT)),
                    clock.instant().plus(UnavailableOfferings.DEFAULT_TTL));
        }
        if (!shouldDrain(message, cluster, c)) {
            return new Reaction.Done(new Outcome(instanceId, cluster, c.name(), Action.RECORDED, null, null));
        }
        markDraining(cluster, claim, "interruption of " + instanceId + " (" + kind(message) + ")");
        return new Reaction.Drain(instanceId, cluster, c.name());
    }

    private Reaction reactToContinuation(InterruptionMessage.ContinueDrain cont) {
        Optional<VersionedNodeClaim> claim = store.get(cont.cluster(), cont.nodeClaimName());
        if (claim.isEmpty() || claim.get().nodeClaim().status().phase().isTerminal()) {
            return new Reaction.Done(
                    new Outcome("", cont.cluster(), cont.nodeClaimName(), Action.IGNORED_ALREADY_GONE, null, null));
        }
        markDraining(cont.cluster(), claim.get(), null);
        return new Reaction.Drain(claim.get().nodeClaim().status().instanceId(), cont.cluster(), cont.nodeClaimName());
    }

    /** Marks Draining and, the first time and when a reason is given, asks for replacements. */
    private void markDraining(String cluster, VersionedNodeClaim claim, String reasonForProvisioning) {
        boolean newlyDraining = claim.nodeClaim().status().phase() != NodeClaimPhase.DRAINING;
        terminatorOf.apply(cluster).markDraining(claim, DisruptionReason.INTERRUPTED);
        if (newlyDraining && reasonForProvisioning != null) {
            provisioning.provisionSoon(cluster, reasonForProvisioning);
        }
    }

    /**
     * One terminator pass over a NodeClaim marked Draining, read again first: an earlier pass of the same message may
     * have taken a while, and another invocation may have moved the NodeClaim on meanwhile.
     */
    private Outcome pass(Reaction.Drain d) {
        Optional<VersionedNodeClaim> claim = store.get(d.cluster(), d.nodeClaimName());
        if (claim.isEmpty() || claim.get().nodeClaim().status().phase().isTerminal()) {
            return new Outcome(d.instanceId(), d.cluster(), d.nodeClaimName(), Action.IGNORED_ALREADY_GONE, null, null);
        }
        Terminator.Status status = terminatorOf.apply(d.cluster()).terminate(claim.get(), DisruptionReason.INTERRUPTED);
        Duration again = status instanceof Terminator.Status.Draining ? CONTINUE_AFTER : null;
        return new Outcome(d.instanceId(), d.cluster(), d.nodeClaimName(), Action.CORDON_AND_DRAIN, status, again);
    }

    private boolean shouldDrain(InterruptionMessage message, String cluster, NodeClaim c) {
        return switch (message) {
            case InterruptionMessage.SpotInterruptionWarning w -> true;
            case InterruptionMessage.ScheduledChange s -> true;
            case InterruptionMessage.CapacityReservationInterruption r -> true;
            case InterruptionMessage.StateChange s -> s.isStoppingOrTerminating();
            case InterruptionMessage.RebalanceRecommendation r -> drainsOnRebalance(cluster, c);
            case InterruptionMessage.ContinueDrain d -> true;
        };
    }

    private boolean drainsOnRebalance(String cluster, NodeClaim c) {
        String pool = c.nodePoolName().orElse("");
        for (NodePool p : nodePoolsOf.apply(cluster)) {
            if (p.name().equals(pool)) {
                return "true".equals(p.metadata().annotations().get(DRAIN_ON_REBALANCE_ANNOTATION));
            }
        }
        return false;
    }

    /** A short name of the message kind, for logs and metrics. */
    public static String kind(InterruptionMessage message) {
        return switch (message) {
            case InterruptionMessage.SpotInterruptionWarning w -> "SpotInterruptionWarning";
            case InterruptionMessage.RebalanceRecommendation r -> "RebalanceRecommendation";
            case InterruptionMessage.StateChange s -> "StateChange";
            case InterruptionMessage.ScheduledChange s -> "ScheduledChange";
            case InterruptionMessage.CapacityReservationInterruption r -> "CapacityReservationInterruption";
            case InterruptionMessage.ContinueDrain d -> "ContinueDrain";
        };
    }
}
