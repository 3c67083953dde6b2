package dev.fleetwright.testing;

import dev.fleetwright.core.cloudprovider.OfferingKey;
import dev.fleetwright.core.state.UnavailableOfferings;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** An in-memory {@link UnavailableOfferings}: entries expire at their deadline. */
public final class InMemoryUnavailableOfferings implements UnavailableOfferings {

    private final Map<OfferingKey, Instant> until = new HashMap<>();

    @Override
    public synchronized void markUnavailable(Collection<OfferingKey> offerings, Instant deadline) {
        for (OfferingKey key : offerings) {
            until.merge(key, deadline, (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    @Override
    public synchronized Set<OfferingKey> unavailable(Instant now) {
        Set<OfferingKey> out = new HashSet<>();
        until.forEach((key, deadline) -> {
            if (deadline.isAfter(now)) {
                out.add(key);
            }
        });
        return out;
    }
}
