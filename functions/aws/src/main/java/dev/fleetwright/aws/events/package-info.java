/**
 * Queue message bodies: {@link dev.fleetwright.aws.events.InterruptionEventParser} turns the EC2 and AWS Health events
 * EventBridge routes to the interruption queue, and Fleetwright's own drain continuations, into core's {@link
 * dev.fleetwright.core.interruption.InterruptionMessage}; {@link dev.fleetwright.aws.events.FleetwrightEvents} writes the
 * envelopes Fleetwright sends to its own queues. A body that is not a handled event is an {@link
 * dev.fleetwright.aws.events.UnparseableMessageException} naming the message, the field and the rule. Samples of every
 * event live in {@code events/interruption/}.
 */
package dev.fleetwright.aws.events;
