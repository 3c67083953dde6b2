package dev.fleetwright.core.api;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a NodeClaim is in its life, as Fleetwright persists it: {@code Launching → Launched → Registered →
 * Initialized → Draining → Terminated}, or {@code Failed}. The first four follow Karpenter's conditions (Launched,
 * Registered, Initialized; [K] pkg/apis/v1/nodeclaim_status.go); Launching is the state written before the EC2 call
 * so that a crash between the two is found by the lifecycle sweep.
 */
public enum NodeClaimPhase {
    /** Recorded; the CreateFleet call has not returned an instance yet. */
    LAUNCHING,
    /** EC2 returned an instance; the node has not registered. */
    LAUNCHED,
    /** A node with the instance's provider ID joined the cluster. */
    REGISTERED,
    /** The node is Ready, startup and ephemeral taints are gone, extended resources are registered. */
    INITIALIZED,
    /** The node is cordoned and its pods are being evicted. */
    DRAINING,
    /** The instance is terminated (terminal). */
    TERMINATED,
    /** Launch failed or timed out; no instance is running for it (terminal). */
    FAILED;

    /** Whether no further transition is possible. */
    public boolean isTerminal() {
        return this == TERMINATED || this == FAILED;
    }

    /** Whether the NodeClaim is capacity that exists or is coming (not terminal, not draining). */
    public boolean isActive() {
        return this == LAUNCHING || this == LAUNCHED || this == REGISTERED || this == INITIALIZED;
    }

    /**
     * The phases this one may move to: the next step forward; {@link #DRAINING} from any launched phase (interruption
     * or disruption can start before initialization); {@link #TERMINATED} from any launched phase (registration
     * timeout, instance gone); {@link #FAILED} from any phase before initialization (launch error, launch or
     * registration timeout). Terminal phases allow nothing.
     */
    public Set<NodeClaimPhase> successors() {
        return switch (this) {
            case LAUNCHING -> EnumSet.of(LAUNCHED, FAILED);
            case LAUNCHED -> EnumSet.of(REGISTERED, DRAINING, TERMINATED, FAILED);
            case REGISTERED -> EnumSet.of(INITIALIZED, DRAINING, TERMINATED, FAILED);
            case INITIALIZED -> EnumSet.of(DRAINING, TERMINATED);
            case DRAINING -> EnumSet.of(TERMINATED);
            case TERMINATED, FAILED -> EnumSet.noneOf(NodeClaimPhase.class);
        };
    }

    /** Whether moving from this phase to {@code next} is allowed (see {@link #successors()}). */
    public boolean canTransitionTo(NodeClaimPhase next) {
        return successors().contains(next);
    }

    /** The name as persisted and printed, for example {@code Launching}. */
    public String wireName() {
        String n = name();
        return n.charAt(0) + n.substring(1).toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
        return wireName();
    }
}
