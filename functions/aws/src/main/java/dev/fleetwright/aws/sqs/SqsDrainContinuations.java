package dev.fleetwright.aws.sqs;

import dev.fleetwright.aws.events.FleetwrightEvents;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@link DrainContinuations} on the interruption queue: one {@code SendMessage} per continuation with the body of
 * {@link FleetwrightEvents#drainContinuation} and {@code DelaySeconds} = the delay rounded up to whole seconds, capped
 * at SQS's 900 seconds (a longer wait is split into several continuations by the caller running again). The queue
 * must be a standard queue (FIFO queues ignore per-message delays).
 */
public final class SqsDrainContinuations implements DrainContinuations {

    private final SqsQueue queue;
    private final String region;
    private final Clock clock;
    private final Supplier<String> ids;

    /**
     * @param sqs the SQS client
     * @param queueUrl the interruption queue URL ({@code INTERRUPTION_QUEUE_URL})
     * @param region the stack's region, written into the envelope
     * @param clock stamps {@code time}
     * @param ids a fresh unique ID per message, asked at send time (for example {@code UUID.randomUUID()::toString})
     * @throws IllegalArgumentException if the queue URL is blank
     */
    public SqsDrainContinuations(SqsClient sqs, String queueUrl, String region, Clock clock, Supplier<String> ids) {
        this.queue = new SqsQueue(sqs, queueUrl);
        this.region = Objects.requireNonNull(region, "region");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = Objects.requireNonNull(ids, "ids");
    }

    /**
     * {@inheritDoc}
     *
     * @throws SqsSendException naming the queue when SendMessage fails
     */
    @Override
    public void schedule(String cluster, String nodeClaimName, Duration delay) {
        int seconds = SqsQueue.delaySeconds(delay);
        String body = FleetwrightEvents.drainContinuation(ids.get(), clock.instant(), region, cluster, nodeClaimName);
        queue.send(body, seconds, "the drain continuation of NodeClaim " + cluster + "/" + nodeClaimName);
    }
}
