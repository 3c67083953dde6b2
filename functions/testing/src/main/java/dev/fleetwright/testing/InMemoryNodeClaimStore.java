package dev.fleetwright.testing;

import dev.fleetwright.core.api.NodeClaim;
import dev.fleetwright.core.state.ConflictException;
import dev.fleetwright.core.state.NodeClaimStore;
import dev.fleetwright.core.state.VersionedNodeClaim;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** An in-memory {@link NodeClaimStore} with the same conditional-write semantics as the DynamoDB adapter. */
public final class InMemoryNodeClaimStore implements NodeClaimStore {

    private final Map<String, Map<String, VersionedNodeClaim>> byCluster = new TreeMap<>();

    @Override
    public synchronized VersionedNodeClaim create(String cluster, NodeClaim nodeClaim) {
        Map<String, VersionedNodeClaim> claims = byCluster.computeIfAbsent(cluster, c -> new TreeMap<>());
        if (claims.containsKey(nodeClaim.name())) {
            throw new ConflictException("NodeClaim " + cluster + "/" + nodeClaim.name() + " already exists");
        }
        VersionedNodeClaim v = new VersionedNodeClaim(nodeClaim, 1);
        claims.put(nodeClaim.name(), v);
        return v;
    }

    @Override
    public synchronized VersionedNodeClaim update(String cluster, NodeClaim nodeClaim, long expectedVersion) {
        Map<String, VersionedNodeClaim> claims = byCluster.getOrDefault(cluster, Map.of());
        VersionedNodeClaim current = claims.get(nodeClaim.name());
        if (current == null || current.version() != expectedVersion) {
            throw new ConflictException("NodeClaim " + cluster + "/" + nodeClaim.name() + " is at version "
                    + (current == null ? "none" : current.version()) + ", expected " + expectedVersion);
        }
        VersionedNodeClaim v = new VersionedNodeClaim(nodeClaim, expectedVersion + 1);
        claims.put(nodeClaim.name(), v);
        return v;
    }

    @Override
    public synchronized Optional<VersionedNodeClaim> get(String cluster, String name) {
        return Optional.ofNullable(byCluster.getOrDefault(cluster, Map.of()).get(name));
    }

    @Override
    public synchronized List<VersionedNodeClaim> list(String cluster) {
        return new ArrayList<>(byCluster.getOrDefault(cluster, Map.of()).values());
    }

    @Override
    public synchronized Optional<Located> findByInstanceId(String instanceId) {
        // An unlaunched NodeClaim's instance ID is empty; it names no instance (the DynamoDB index is sparse alike).
        if (instanceId.isEmpty()) {
            return Optional.empty();
        }
        for (Map.Entry<String, Map<String, VersionedNodeClaim>> e : byCluster.entrySet()) {
            for (VersionedNodeClaim v : e.getValue().values()) {
                if (v.nodeClaim().status().instanceId().equals(instanceId)) {
                    return Optional.of(new Located(e.getKey(), v));
                }
            }
        }
        return Optional.empty();
    }
}
