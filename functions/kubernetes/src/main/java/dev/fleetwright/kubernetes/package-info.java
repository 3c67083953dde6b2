/**
 * Kubernetes adapters for Amazon EKS, built on io.kubernetes:client-java.
 *
 * <ul>
 *   <li>Authentication: {@link dev.fleetwright.kubernetes.EksTokenProvider} signs the {@code k8s-aws-v1.} bearer token
 *       (a presigned STS {@code GetCallerIdentity} URL, as aws-iam-authenticator and {@code aws eks get-token} do);
 *       {@link dev.fleetwright.kubernetes.EksClusterConnections} resolves the API server endpoint and CA with
 *       {@code eks:DescribeCluster}; {@link dev.fleetwright.kubernetes.KubernetesApiClients} builds client-java's
 *       {@code ApiClient} that re-reads the token on every request.
 *   <li>Reading: {@link dev.fleetwright.kubernetes.KubernetesClusterState} implements core's {@code ClusterState}
 *       (NodePools and EC2NodeClasses in every served version, pods, nodes, DaemonSets, namespace labels), paginating
 *       every list.
 *   <li>Writing: {@link dev.fleetwright.kubernetes.KubernetesNodeOperations} implements core's {@code NodeOperations}
 *       for drain (taint with a testing JSON Patch, label with a merge patch, pods of a node, Eviction API with a UID
 *       precondition, pod and node deletion, VolumeAttachments).
 *   <li>Mapping: {@link dev.fleetwright.kubernetes.PodMapper} and {@link dev.fleetwright.kubernetes.NodeMapper} turn
 *       client-java models into core records.
 *   <li>Failures: {@link dev.fleetwright.kubernetes.KubernetesException} and its subclasses say what was refused and
 *       how to fix it; {@link dev.fleetwright.kubernetes.EksConnectionException} covers the AWS side.
 * </ul>
 *
 * <p>Adapters log nothing; they throw typed exceptions whose messages name the cluster, the verb and the resource.
 */
package dev.fleetwright.kubernetes;
