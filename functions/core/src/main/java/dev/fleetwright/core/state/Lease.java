package dev.fleetwright.core.state;

import java.time.Duration;
import java.time.Instant;

/**
 * A per-cluster lease that lets one planner at a time provision a cluster, like Karpenter's single controller. A lease
 * expires on its own, so a crashed holder blocks others for at most its duration.
 */
public interface Lease {

    /**
     * Takes the lease if it is free, expired, or already held by {@code holder}.
     *
     * @param cluster the cluster name
     * @param holder a unique name of the caller (for example the Lambda request ID)
     * @param now the current time
     * @param duration how long the lease lasts without renewal
     * @return whether the caller now holds it
     */
    boolean tryAcquire(String cluster, String holder, Instant now, Duration duration);

    /**
     * Releases the lease if {@code holder} holds it; otherwise does nothing.
     *
     * @param cluster the cluster name
     * @param holder the caller's name
     */
    void release(String cluster, String holder);
}
