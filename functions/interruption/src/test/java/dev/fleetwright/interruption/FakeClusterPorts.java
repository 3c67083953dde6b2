package dev.fleetwright.interruption;

import dev.fleetwright.core.api.NodePool;
import dev.fleetwright.core.cloudprovider.CloudProvider;
import dev.fleetwright.core.state.NodeOperations;
import java.util.ArrayList;
import java.util.List;

/** One fake cluster, {@link Fixtures#CLUSTER}, behind {@link ClusterPorts}; records which clusters were asked for. */
final class FakeClusterPorts implements ClusterPorts {

    final FakeNodeOperations nodes = new FakeNodeOperations();
    final RecordingCloud cloud = new RecordingCloud();
    final List<String> asked = new ArrayList<>();
    List<NodePool> nodePools = Fixtures.generalNodePool(false);

    @Override
    public NodeOperations nodes(String cluster) {
        return forCluster(cluster, nodes);
    }

    @Override
    public CloudProvider cloud(String cluster) {
        return forCluster(cluster, cloud);
    }

    @Override
    public List<NodePool> nodePools(String cluster) {
        return forCluster(cluster, nodePools);
    }

    private <T> T forCluster(String cluster, T port) {
        asked.add(cluster);
        if (!cluster.equals(Fixtures.CLUSTER)) {
            throw new IllegalStateException("no cluster " + cluster);
        }
        return port;
    }
}
