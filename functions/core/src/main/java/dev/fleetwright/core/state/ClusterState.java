package dev.fleetwright.core.state;

import dev.fleetwright.core.api.corev1.DaemonSet;
import dev.fleetwright.core.api.corev1.Node;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.load.LoadResult;
import java.util.List;
import java.util.Map;

/**
 * What the provisioner reads from a cluster's Kubernetes API: configuration, pods, nodes and DaemonSets. The
 * Kubernetes adapter implements it with the API server; the simulator with its simulated cluster. Each call reads the
 * current truth (level-triggered).
 *
 * @see dev.fleetwright.core.api.load.ConfigLoader#loadDocuments for how CRD objects become NodePools
 */
public interface ClusterState {

    /**
     * The NodePools and EC2NodeClasses, in every supported API version, with validation errors per object.
     *
     * @return the loaded configuration
     */
    LoadResult nodePoolsAndNodeClasses();

    /**
     * Pods not bound to a node and not finished: the candidates for provisioning (the caller keeps those that are
     * {@link Pod#isProvisionable()}).
     *
     * @return the pods
     */
    List<Pod> unboundPods();

    /**
     * Pods bound to nodes, for node usage and topology.
     *
     * @return the pods
     */
    List<Pod> boundPods();

    /**
     * Every node.
     *
     * @return the nodes
     */
    List<Node> nodes();

    /**
     * Every DaemonSet.
     *
     * @return the DaemonSets
     */
    List<DaemonSet> daemonSets();

    /**
     * The labels of every namespace, for namespace selectors in pod affinity.
     *
     * @return namespace name to labels
     */
    Map<String, Map<String, String>> namespaceLabels();
}
