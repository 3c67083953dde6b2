/**
 * The pending-pod forwarder's process: {@link dev.fleetwright.forwarder.ForwarderMain} (composition root) and {@link
 * dev.fleetwright.forwarder.ForwarderSettings} (configuration read once from the environment).
 *
 * <p>The forwarder runs in the cluster as a one-replica Deployment, watches unbound pods, selects the ones Karpenter
 * would provision for, and publishes "Pending Pods" events to the stack's EventBridge bus ({@code
 * docs/design/events.md}). It depends on client-java, the AWS SDK's EventBridge client and Jackson, not on
 * fleetwright-core.
 */
package dev.fleetwright.forwarder;
