/**
 * From pending pods to "Pending Pods" events on the bus ({@code docs/design/events.md}).
 *
 * <p>{@link dev.fleetwright.forwarder.publish.PendingPodBatcher} decides when to send (debounce 1 s idle / 10 s max,
 * like Karpenter's provisioning batcher; re-send every 30 s while a pod stays pending; retry with backoff after a
 * failure); {@link dev.fleetwright.forwarder.publish.EntryPacker} splits pods into PutEvents entries and calls within
 * EventBridge's limits; {@link dev.fleetwright.forwarder.publish.EventPublisher} calls PutEvents and reports, per pod,
 * what was accepted; {@link dev.fleetwright.forwarder.publish.SendLoop} ties them together on one thread.
 */
package dev.fleetwright.forwarder.publish;
