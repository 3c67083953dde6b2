/**
 * SQS senders: {@link dev.fleetwright.aws.sqs.SqsProvisioningTrigger} ("look now" requests to the provisioning queue,
 * core's {@link dev.fleetwright.core.state.ProvisioningTrigger}) and {@link dev.fleetwright.aws.sqs.SqsDrainContinuations}
 * (delayed drain continuations to the interruption queue). Bodies are written by {@link
 * dev.fleetwright.aws.events.FleetwrightEvents}; failures are {@link dev.fleetwright.aws.sqs.SqsSendException}s naming
 * the queue.
 */
package dev.fleetwright.aws.sqs;
