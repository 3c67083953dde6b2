/**
 * Which pods the forwarder reports, and the compact form it reports them in.
 *
 * <p>{@link dev.fleetwright.forwarder.pods.PendingPodRule} is Karpenter's provisionable-pod rule;
 * {@link dev.fleetwright.forwarder.pods.PodRequests} is Kubernetes' pod request arithmetic (containers, init containers,
 * sidecars, overhead, pod-level resources); {@link dev.fleetwright.forwarder.pods.PendingPod} is one element of the
 * {@code pods} array of the "Pending Pods" event ({@code docs/design/events.md}).
 */
package dev.fleetwright.forwarder.pods;
