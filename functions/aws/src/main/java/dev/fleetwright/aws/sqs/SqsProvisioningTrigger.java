package dev.fleetwright.aws.sqs;

import dev.fleetwright.aws.events.FleetwrightEvents;
import dev.fleetwright.core.state.ProvisioningTrigger;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@link ProvisioningTrigger} on the provisioning queue: one {@code SendMessage} with the body of {@link
 * FleetwrightEvents#provisioningRequested} and no delay. The provisioner is level-triggered, so a duplicate request
 * costs one more reconcile and launches nothing extra.
 */
public final class SqsProvisioningTrigger implements ProvisioningTrigger {

    private final SqsQueue queue;
    private final String region;
    private final Clock clock;
    private final Supplier<String> ids;

    /**
     * @param sqs the SQS client
     * @param queueUrl the provisioning queue URL ({@code PROVISIONING_QUEUE_URL})
     * @param region the stack's region, written into the envelope
     * @param clock stamps {@code time}
     * @param ids a fresh unique ID per message, asked at send time
     * @throws IllegalArgumentException if the queue URL is blank
     */
    public SqsProvisioningTrigger(SqsClient sqs, String queueUrl, String region, Clock clock, Supplier<String> ids) {
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
    public void provisionSoon(String cluster, String reason) {
        String body = FleetwrightEvents.provisioningRequested(ids.get(), clock.instant(), region, cluster, reason);
        queue.send(body, 0, "a provisioning request for cluster " + cluster);
    }
}
