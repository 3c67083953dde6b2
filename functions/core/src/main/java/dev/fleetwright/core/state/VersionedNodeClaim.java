package dev.fleetwright.core.state;

import dev.fleetwright.core.api.NodeClaim;
import java.util.Objects;

/**
 * A NodeClaim as stored, with the version its next conditional write must name.
 *
 * @param nodeClaim the NodeClaim
 * @param version the stored version, starting at 1 and incremented by every write
 */
public record VersionedNodeClaim(NodeClaim nodeClaim, long version) {

    /** @throws IllegalArgumentException if the version is below 1 */
    public VersionedNodeClaim {
        Objects.requireNonNull(nodeClaim, "nodeClaim");
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1, got " + version);
        }
    }
}
