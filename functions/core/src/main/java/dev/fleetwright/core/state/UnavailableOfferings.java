package dev.fleetwright.core.state;

import dev.fleetwright.core.cloudprovider.OfferingKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;

/**
 * Offerings EC2 recently had no capacity for, shared by every invocation of the stack so that a retry does not ask
 * again for capacity that is not there. Entries expire ([A] pkg/cache/unavailableofferings.go: 3 minutes).
 */
public interface UnavailableOfferings {

    /** How long an offering stays unavailable after EC2 reported insufficient capacity (Karpenter's 3 minutes). */
    Duration DEFAULT_TTL = Duration.ofMinutes(3);

    /**
     * Marks offerings unavailable until {@code until}.
     *
     * @param offerings the offerings
     * @param until when they may be tried again
     */
    void markUnavailable(Collection<OfferingKey> offerings, Instant until);

    /**
     * The offerings unavailable at {@code now}.
     *
     * @param now the current time
     * @return the unexpired entries
     */
    Set<OfferingKey> unavailable(Instant now);
}
