package dev.fleetwright.core.api;

import dev.fleetwright.core.api.corev1.ObjectMeta;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A NodeClaim: one node Fleetwright decided to launch, from the decision through termination ([K]
 * pkg/apis/v1/nodeclaim.go). The provisioner writes it (phase Launching) before calling EC2; the lifecycle, disruption
 * and interruption use cases move it along.
 *
 * @param metadata the object metadata; labels include {@code karpenter.sh/nodepool}; not null
 * @param spec what was asked for, not null
 * @param status what is known, not null
 */
public record NodeClaim(ObjectMeta metadata, NodeClaimSpec spec, NodeClaimStatus status) {

    /**
     * How long a NodeClaim may stay unlaunched before it is deleted and the pods re-planned: 5 minutes ([K]
     * pkg/controllers/nodeclaim/lifecycle/liveness.go {@code LaunchTimeout}).
     */
    public static final Duration LAUNCH_TIMEOUT = Duration.ofMinutes(5);

    /**
     * How long a NodeClaim may stay unregistered before its instance is terminated and the pods re-planned: 15
     * minutes ([K] pkg/controllers/nodeclaim/lifecycle/liveness.go {@code registrationTimeout}).
     */
    public static final Duration REGISTRATION_TIMEOUT = Duration.ofMinutes(15);

    /** @throws NullPointerException if a component is null */
    public NodeClaim {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(status, "status");
    }

    /** The NodeClaim's name (also the EC2 {@code ClientToken} and the {@code karpenter.sh/nodeclaim} tag). */
    public String name() {
        return metadata.name();
    }

    /** The NodePool that owns it, from the {@code karpenter.sh/nodepool} label. */
    public Optional<String> nodePoolName() {
        return Optional.ofNullable(metadata.labels().get(Labels.NODE_POOL));
    }

    /** A copy with another status. */
    public NodeClaim withStatus(NodeClaimStatus newStatus) {
        return new NodeClaim(metadata, spec, newStatus);
    }

    /**
     * Whether the NodeClaim is still Launching {@link #LAUNCH_TIMEOUT} after creation. Karpenter measures from the
     * Launched condition's last transition, which is the creation while the condition is unknown.
     */
    public boolean isLaunchTimedOut(Instant now) {
        return status.phase() == NodeClaimPhase.LAUNCHING
                && !now.isBefore(status.createdAt().plus(LAUNCH_TIMEOUT));
    }

    /**
     * Whether the NodeClaim is launched but not registered {@link #REGISTRATION_TIMEOUT} after creation. Karpenter
     * measures from the Registered condition's last transition, which is the creation while it is unknown.
     */
    public boolean isRegistrationTimedOut(Instant now) {
        return status.phase() == NodeClaimPhase.LAUNCHED
                && !now.isBefore(status.createdAt().plus(REGISTRATION_TIMEOUT));
    }

    /** Whether the node has reached its NodePool's {@code expireAfter} at {@code now}. */
    public boolean isExpired(Instant now) {
        return spec.expireAfter().hasElapsed(status.createdAt(), now);
    }
}
