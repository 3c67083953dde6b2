package dev.fleetwright.testing;

import dev.fleetwright.core.state.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** An in-memory {@link Lease} with the DynamoDB adapter's semantics: free, expired, or re-entrant for its holder. */
public final class InMemoryLease implements Lease {

    private record Held(String holder, Instant expires) {}

    private final Map<String, Held> leases = new HashMap<>();

    @Override
    public synchronized boolean tryAcquire(String cluster, String holder, Instant now, Duration duration) {
        Held current = leases.get(cluster);
        if (current != null
                && !current.holder().equals(holder)
                && current.expires().isAfter(now)) {
            return false;
        }
        leases.put(cluster, new Held(holder, now.plus(duration)));
        return true;
    }

    @Override
    public synchronized void release(String cluster, String holder) {
        Held current = leases.get(cluster);
        if (current != null && current.holder().equals(holder)) {
            leases.remove(cluster);
        }
    }

    /** Who holds the cluster's lease now, for tests; null when free. */
    public synchronized String holder(String cluster) {
        Held current = leases.get(cluster);
        return current == null ? null : current.holder();
    }
}
