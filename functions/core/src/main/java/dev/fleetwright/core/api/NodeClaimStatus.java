package dev.fleetwright.core.api;

import dev.fleetwright.core.api.corev1.Resources;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The observed state of a NodeClaim, as Fleetwright persists it (the fields of [K] pkg/apis/v1/nodeclaim_status.go
 * plus the EC2 facts the lifecycle needs). String fields are empty and instants and the price null until known.
 *
 * <p>Transitions go through the {@code with...} methods, which check {@link NodeClaimPhase#canTransitionTo} and set
 * the matching timestamp and condition.
 *
 * @param phase where the NodeClaim is in its life, not null
 * @param providerId the Kubernetes provider ID, {@code aws:///<zone>/<instance-id>}
 * @param instanceId the EC2 instance ID
 * @param instanceType the EC2 instance type, for example {@code m5.large}
 * @param zone the availability zone
 * @param capacityType {@code spot}, {@code on-demand} or {@code reserved} ({@link Labels#CAPACITY_TYPE_SPOT} ...)
 * @param pricePerHourUsd the offering's price in USD per hour
 * @param imageId the AMI ID
 * @param nodeName the registered node's name
 * @param capacity the node's expected capacity, {@link Resources#NONE} until launched; not null
 * @param allocatable the node's expected allocatable resources, {@link Resources#NONE} until launched; not null
 * @param conditions the conditions, at most one per type, in the order first set
 * @param createdAt when the NodeClaim was recorded, not null
 * @param launchedAt when EC2 returned the instance
 * @param registeredAt when the node registered
 * @param initializedAt when the node became initialized
 * @param lastPodEventAt when a pod was last bound to or removed from the node (drives {@code consolidateAfter})
 * @param terminatedAt when the instance was terminated or the NodeClaim failed
 * @param disruptionReason why the NodeClaim is being disrupted; null when it is not
 */
public record NodeClaimStatus(
        NodeClaimPhase phase,
        String providerId,
        String instanceId,
        String instanceType,
        String zone,
        String capacityType,
        BigDecimal pricePerHourUsd,
        String imageId,
        String nodeName,
        Resources capacity,
        Resources allocatable,
        List<NodeClaimCondition> conditions,
        Instant createdAt,
        Instant launchedAt,
        Instant registeredAt,
        Instant initializedAt,
        Instant lastPodEventAt,
        Instant terminatedAt,
        DisruptionReason disruptionReason) {

    /**
     * Normalises nulls (strings to empty, resources to none, conditions to empty) and copies the conditions.
     *
     * @throws NullPointerException if {@code phase} or {@code createdAt} is null
     * @throws IllegalArgumentException if the price is negative or a condition type appears twice
     */
    public NodeClaimStatus {
        Objects.requireNonNull(phase, "phase");
        providerId = providerId == null ? "" : providerId;
        instanceId = instanceId == null ? "" : instanceId;
        instanceType = instanceType == null ? "" : instanceType;
        zone = zone == null ? "" : zone;
        capacityType = capacityType == null ? "" : capacityType;
        if (pricePerHourUsd != null && pricePerHourUsd.signum() < 0) {
            throw new IllegalArgumentException("price must not be negative, got " + pricePerHourUsd);
        }
        imageId = imageId == null ? "" : imageId;
        nodeName = nodeName == null ? "" : nodeName;
        capacity = capacity == null ? Resources.NONE : capacity;
        allocatable = allocatable == null ? Resources.NONE : allocatable;
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        if (conditions.stream().map(NodeClaimCondition::type).distinct().count() != conditions.size()) {
            throw new IllegalArgumentException("a condition type appears more than once: " + conditions);
        }
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /**
     * The status of a NodeClaim just recorded, before the EC2 call.
     *
     * @param createdAt when it was recorded, not null
     * @return a {@link NodeClaimPhase#LAUNCHING} status
     */
    public static NodeClaimStatus launching(Instant createdAt) {
        return new NodeClaimStatus(
                NodeClaimPhase.LAUNCHING,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                createdAt,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    /**
     * What EC2 returned for a launch.
     *
     * @param providerId {@code aws:///<zone>/<instance-id>}, not null
     * @param instanceId the instance ID, not null
     * @param instanceType the instance type, not null
     * @param zone the availability zone, not null
     * @param capacityType {@code spot}, {@code on-demand} or {@code reserved}, not null
     * @param pricePerHourUsd the offering's price in USD per hour, not null
     * @param imageId the AMI ID, not null
     * @param capacity the expected node capacity, not null
     * @param allocatable the expected allocatable resources, not null
     */
    public record Launch(
            String providerId,
            String instanceId,
            String instanceType,
            String zone,
            String capacityType,
            BigDecimal pricePerHourUsd,
            String imageId,
            Resources capacity,
            Resources allocatable) {

        /** @throws NullPointerException if a component is null */
        public Launch {
            Objects.requireNonNull(providerId, "providerId");
            Objects.requireNonNull(instanceId, "instanceId");
            Objects.requireNonNull(instanceType, "instanceType");
            Objects.requireNonNull(zone, "zone");
            Objects.requireNonNull(capacityType, "capacityType");
            Objects.requireNonNull(pricePerHourUsd, "pricePerHourUsd");
            Objects.requireNonNull(imageId, "imageId");
            Objects.requireNonNull(capacity, "capacity");
            Objects.requireNonNull(allocatable, "allocatable");
        }
    }

    /**
     * The status after EC2 returned an instance: phase Launched, instance facts, {@code launchedAt}, condition
     * Launched=True.
     *
     * @throws IllegalStateException if the phase cannot move to Launched
     */
    public NodeClaimStatus withLaunch(Launch launch, Instant at) {
        require(NodeClaimPhase.LAUNCHED);
        return new NodeClaimStatus(
                        NodeClaimPhase.LAUNCHED,
                        launch.providerId(),
                        launch.instanceId(),
                        launch.instanceType(),
                        launch.zone(),
                        launch.capacityType(),
                        launch.pricePerHourUsd(),
                        launch.imageId(),
                        nodeName,
                        launch.capacity(),
                        launch.allocatable(),
                        conditions,
                        createdAt,
                        at,
                        registeredAt,
                        initializedAt,
                        lastPodEventAt,
                        terminatedAt,
                        disruptionReason)
                .withCondition(NodeClaimCondition.isTrue(NodeClaimConditionType.LAUNCHED, at));
    }

    /**
     * The status after the node registered: phase Registered, {@code nodeName}, {@code registeredAt}, condition
     * Registered=True.
     *
     * @throws IllegalStateException if the phase cannot move to Registered
     */
    public NodeClaimStatus withRegistration(String newNodeName, Instant at) {
        require(NodeClaimPhase.REGISTERED);
        Objects.requireNonNull(newNodeName, "nodeName");
        return copy(
                        NodeClaimPhase.REGISTERED,
                        newNodeName,
                        launchedAt,
                        at,
                        initializedAt,
                        terminatedAt,
                        disruptionReason)
                .withCondition(NodeClaimCondition.isTrue(NodeClaimConditionType.REGISTERED, at));
    }

    /**
     * The status after the node became initialized: phase Initialized, {@code initializedAt}, condition
     * Initialized=True.
     *
     * @throws IllegalStateException if the phase cannot move to Initialized
     */
    public NodeClaimStatus withInitialization(Instant at) {
        require(NodeClaimPhase.INITIALIZED);
        return copy(NodeClaimPhase.INITIALIZED, nodeName, launchedAt, registeredAt, at, terminatedAt, disruptionReason)
                .withCondition(NodeClaimCondition.isTrue(NodeClaimConditionType.INITIALIZED, at));
    }

    /**
     * The status when draining starts: phase Draining and the disruption reason.
     *
     * @throws IllegalStateException if the phase cannot move to Draining
     */
    public NodeClaimStatus withDraining(DisruptionReason reason, Instant at) {
        require(NodeClaimPhase.DRAINING);
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
        return copy(NodeClaimPhase.DRAINING, nodeName, launchedAt, registeredAt, initializedAt, terminatedAt, reason);
    }

    /**
     * The status after the instance was terminated: phase Terminated, {@code terminatedAt}, condition
     * InstanceTerminating=True.
     *
     * @throws IllegalStateException if the phase cannot move to Terminated
     */
    public NodeClaimStatus withTermination(Instant at) {
        require(NodeClaimPhase.TERMINATED);
        return copy(NodeClaimPhase.TERMINATED, nodeName, launchedAt, registeredAt, initializedAt, at, disruptionReason)
                .withCondition(NodeClaimCondition.isTrue(NodeClaimConditionType.INSTANCE_TERMINATING, at));
    }

    /**
     * The status after launch or registration failed: phase Failed, {@code terminatedAt}, and the failing step's
     * condition (Launched before launch, Registered after) set to False with the reason and message.
     *
     * @throws IllegalStateException if the phase cannot move to Failed
     */
    public NodeClaimStatus withFailure(String reason, String message, Instant at) {
        require(NodeClaimPhase.FAILED);
        NodeClaimConditionType failed =
                phase == NodeClaimPhase.LAUNCHING ? NodeClaimConditionType.LAUNCHED : NodeClaimConditionType.REGISTERED;
        return copy(NodeClaimPhase.FAILED, nodeName, launchedAt, registeredAt, initializedAt, at, disruptionReason)
                .withCondition(new NodeClaimCondition(failed, ConditionStatus.FALSE, reason, message, at));
    }

    /** A copy with {@code lastPodEventAt} set. */
    public NodeClaimStatus withLastPodEventAt(Instant at) {
        return new NodeClaimStatus(
                phase,
                providerId,
                instanceId,
                instanceType,
                zone,
                capacityType,
                pricePerHourUsd,
                imageId,
                nodeName,
                capacity,
                allocatable,
                conditions,
                createdAt,
                launchedAt,
                registeredAt,
                initializedAt,
                at,
                terminatedAt,
                disruptionReason);
    }

    /**
     * A copy with {@code condition} replacing any condition of the same type. When the status does not change, the
     * existing {@code lastTransitionTime} is kept, as Kubernetes conditions do.
     */
    public NodeClaimStatus withCondition(NodeClaimCondition condition) {
        List<NodeClaimCondition> updated = new ArrayList<>(conditions.size() + 1);
        boolean replaced = false;
        for (NodeClaimCondition c : conditions) {
            if (c.type() == condition.type()) {
                Instant since =
                        c.status() == condition.status() ? c.lastTransitionTime() : condition.lastTransitionTime();
                updated.add(new NodeClaimCondition(
                        c.type(), condition.status(), condition.reason(), condition.message(), since));
                replaced = true;
            } else {
                updated.add(c);
            }
        }
        if (!replaced) {
            updated.add(condition);
        }
        return new NodeClaimStatus(
                phase,
                providerId,
                instanceId,
                instanceType,
                zone,
                capacityType,
                pricePerHourUsd,
                imageId,
                nodeName,
                capacity,
                allocatable,
                updated,
                createdAt,
                launchedAt,
                registeredAt,
                initializedAt,
                lastPodEventAt,
                terminatedAt,
                disruptionReason);
    }

    /** The condition of this type, if set. */
    public Optional<NodeClaimCondition> condition(NodeClaimConditionType type) {
        return conditions.stream().filter(c -> c.type() == type).findFirst();
    }

    /** Whether the condition of this type is set and {@code True}. */
    public boolean isTrue(NodeClaimConditionType type) {
        return condition(type).map(NodeClaimCondition::isTrue).orElse(false);
    }

    /** Whether Launched, Registered and Initialized are all {@code True} (Karpenter's Ready condition). */
    public boolean isReady() {
        return isTrue(NodeClaimConditionType.LAUNCHED)
                && isTrue(NodeClaimConditionType.REGISTERED)
                && isTrue(NodeClaimConditionType.INITIALIZED);
    }

    private void require(NodeClaimPhase next) {
        if (!phase.canTransitionTo(next)) {
            throw new IllegalStateException(
                    "a NodeClaim cannot go from " + phase + " to " + next + "; allowed: " + phase.successors());
        }
    }

    private NodeClaimStatus copy(
            NodeClaimPhase newPhase,
            String newNodeName,
            Instant newLaunchedAt,
            Instant newRegisteredAt,
            Instant newInitializedAt,
            Instant newTerminatedAt,
            DisruptionReason newReason) {
        return new NodeClaimStatus(
                newPhase,
                providerId,
                instanceId,
                instanceType,
                zone,
                capacityType,
                pricePerHourUsd,
                imageId,
                newNodeName,
                capacity,
                allocatable,
                conditions,
                createdAt,
                newLaunchedAt,
                newRegisteredAt,
                newInitializedAt,
                lastPodEventAt,
                newTerminatedAt,
                newReason);
    }
}
