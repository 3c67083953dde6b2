package dev.fleetwright.aws.sqs;

import java.time.Duration;

/**
 * Schedules the continuation of a drain that outlived one invocation of the interruption function: a {@value
 * dev.fleetwright.aws.events.FleetwrightEvents#DRAIN_CONTINUATION} message that becomes visible on the interruption
 * queue after a delay, so the next pass runs in a later invocation without holding a Lambda while pods terminate.
 */
@FunctionalInterface
public interface DrainContinuations {

    /**
     * Schedules a continuation.
     *
     * @param cluster the cluster
     * @param nodeClaimName the NodeClaim being drained
     * @param delay how long until the continuation is delivered; not negative (SQS caps it at 15 minutes)
     * @throws IllegalArgumentException if the delay is negative
     * @throws SqsSendException if the message could not be sent
     */
    void schedule(String cluster, String nodeClaimName, Duration delay);
}
