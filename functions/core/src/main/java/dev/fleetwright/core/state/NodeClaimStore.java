package dev.fleetwright.core.state;

import dev.fleetwright.core.api.NodeClaim;
import java.util.List;
import java.util.Optional;

/**
 * Durable NodeClaim state, one record per NodeClaim and cluster, written with optimistic concurrency. The DynamoDB
 * adapter keys records by cluster (partition) and name (sort), indexes them by instance ID and expires terminated ones
 * with a TTL.
 *
 * <p>Every write is conditional: {@link #create} fails if the record exists, {@link #update} fails if the stored
 * version is not the one read. Callers handle {@link ConflictException} by re-reading.
 */
public interface NodeClaimStore {

    /**
     * Records a new NodeClaim with version 1.
     *
     * @param cluster the cluster name
     * @param nodeClaim the NodeClaim
     * @return the stored record
     * @throws ConflictException if a NodeClaim of that name already exists in the cluster
     */
    VersionedNodeClaim create(String cluster, NodeClaim nodeClaim);

    /**
     * Replaces a NodeClaim if its stored version is still {@code expectedVersion}.
     *
     * @param cluster the cluster name
     * @param nodeClaim the new state
     * @param expectedVersion the version read
     * @return the stored record, with version {@code expectedVersion + 1}
     * @throws ConflictException if the record is missing or its version changed
     */
    VersionedNodeClaim update(String cluster, NodeClaim nodeClaim, long expectedVersion);

    /**
     * Reads one NodeClaim.
     *
     * @param cluster the cluster name
     * @param name the NodeClaim name
     * @return the record, or empty
     */
    Optional<VersionedNodeClaim> get(String cluster, String name);

    /**
     * Every NodeClaim of a cluster, terminated ones included until their TTL expires; sorted by name.
     *
     * <p>Read-your-writes: the result reflects every {@link #create} and {@link #update} that returned before this call.
     * The Provisioner counts in-flight NodeClaims from it, so a stale list would launch the same capacity twice.
     *
     * @param cluster the cluster name
     * @return the records
     */
    List<VersionedNodeClaim> list(String cluster);

    /**
     * The NodeClaim launched as an EC2 instance, in any cluster of this stack (interruption events carry only the
     * instance ID).
     *
     * @param instanceId the EC2 instance ID
     * @return the cluster name and record, or empty when no NodeClaim has that instance
     */
    Optional<Located> findByInstanceId(String instanceId);

    /**
     * A NodeClaim with the cluster it belongs to.
     *
     * @param cluster the cluster name
     * @param nodeClaim the record
     */
    record Located(String cluster, VersionedNodeClaim nodeClaim) {}
}
