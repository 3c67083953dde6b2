package dev.fleetwright.interruption;

import dev.fleetwright.core.api.NodePool;
import dev.fleetwright.core.cloudprovider.CloudProvider;
import dev.fleetwright.core.state.NodeOperations;
import java.util.List;

/**
 * The per-cluster ports the interruption use case needs, connected on first use of each cluster (never at init:
 * SnapStart restores one snapshot many times). The composition root implements it with EKS, the Kubernetes API and EC2
 * ({@link EksClusterPorts}); tests with fakes.
 */
public interface ClusterPorts {

    /**
     * The Kubernetes writes of drain for a cluster.
     *
     * @param cluster a cluster this stack serves
     * @return the node operations
     */
    NodeOperations nodes(String cluster);

    /**
     * The cloud provider that terminates the cluster's instances.
     *
     * @param cluster a cluster this stack serves
     * @return the cloud provider
     */
    CloudProvider cloud(String cluster);

    /**
     * The cluster's NodePools, read now (for the rebalance opt-in annotation).
     *
     * @param cluster a cluster this stack serves
     * @return the valid NodePools
     */
    List<NodePool> nodePools(String cluster);
}
