/**
 * Ports to durable and cluster state: NodeClaim records ({@link dev.fleetwright.core.state.NodeClaimStore}),
 * unavailable offerings ({@link dev.fleetwright.core.state.UnavailableOfferings}), the per-cluster planner lease ({@link
 * dev.fleetwright.core.state.Lease}) and the cluster's Kubernetes objects ({@link
 * dev.fleetwright.core.state.ClusterState}). Adapters: DynamoDB and the Kubernetes API in production, in-memory and a
 * simulated cluster in the simulator and tests.
 */
package dev.fleetwright.core.state;
