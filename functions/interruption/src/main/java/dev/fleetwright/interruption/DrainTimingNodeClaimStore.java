package dev.fleetwright.interruption;

import dev.fleetwright.core.api.ConditionStatus;
import dev.fleetwright.core.api.NodeClaim;
import dev.fleetwright.core.api.NodeClaimCondition;
import dev.fleetwright.core.api.NodeClaimConditionType;
import dev.fleetwright.core.api.NodeClaimPhase;
import dev.fleetwright.core.state.NodeClaimStore;
import dev.fleetwright.core.state.VersionedNodeClaim;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Records {@link InterruptionMetrics#DRAIN_DURATION} when a NodeClaim is written Terminated: from the moment its drain
 * started (the {@code Drained=False} condition the terminator sets when it marks the NodeClaim Draining, possibly in an
 * earlier invocation) to its {@code terminatedAt}. The start is read from the stored record just before the write, one
 * extra read per terminated NodeClaim. Every call is passed to the delegate unchanged.
 */
final class DrainTimingNodeClaimStore implements NodeClaimStore {

    private final NodeClaimStore delegate;
    private final InterruptionMetrics metrics;

    DrainTimingNodeClaimStore(NodeClaimStore delegate, InterruptionMetrics metrics) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public VersionedNodeClaim create(String cluster, NodeClaim nodeClaim) {
        return delegate.create(cluster, nodeClaim);
    }

    @Override
    public VersionedNodeClaim update(String cluster, NodeClaim nodeClaim, long expectedVersion) {
        if (nodeClaim.status().phase() != NodeClaimPhase.TERMINATED) {
            return delegate.update(cluster, nodeClaim, expectedVersion);
        }
        Optional<Instant> drainStart = delegate.get(cluster, nodeClaim.name())
                .flatMap(v -> v.nodeClaim().status().condition(NodeClaimConditionType.DRAINED))
                .filter(c -> c.status() == ConditionStatus.FALSE)
                .map(NodeClaimCondition::lastTransitionTime);
        VersionedNodeClaim stored = delegate.update(cluster, nodeClaim, expectedVersion);
        Instant end = stored.nodeClaim().status().terminatedAt();
        if (drainStart.isPresent() && end != null) {
            metrics.drainDuration(cluster, Duration.between(drainStart.get(), end));
        }
        return stored;
    }

    @Override
    public Optional<VersionedNodeClaim> get(String cluster, String name) {
        return delegate.get(cluster, name);
    }

    @Override
    public List<VersionedNodeClaim> list(String cluster) {
        return delegate.list(cluster);
    }

    @Override
    public Optional<Located> findByInstanceId(String instanceId) {
        return delegate.findByInstanceId(instanceId);
    }
}
