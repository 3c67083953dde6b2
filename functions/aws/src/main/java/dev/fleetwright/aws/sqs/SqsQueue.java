package dev.fleetwright.aws.sqs;

import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/** One queue to send to: the client, the URL, and the typed failure. */
final class SqsQueue {

    /** SQS's longest {@code DelaySeconds}: 15 minutes. */
    static final Duration MAX_DELAY = Duration.ofSeconds(900);

    private final SqsClient sqs;
    private final String queueUrl;

    SqsQueue(SqsClient sqs, String queueUrl) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        if (queueUrl == null || queueUrl.isBlank()) {
            throw new IllegalArgumentException("queueUrl: must not be blank");
        }
        this.queueUrl = queueUrl;
    }

    String url() {
        return queueUrl;
    }

    /**
     * Sends one message.
     *
     * @param body the body
     * @param delaySeconds 0..900
     * @param what what is sent, for the error message
     */
    void send(String body, int delaySeconds, String what) {
        try {
            sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body).delaySeconds(delaySeconds));
        } catch (SdkException e) {
            throw new SqsSendException("SendMessage of " + what + " to " + queueUrl + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The {@code DelaySeconds} of a delay: rounded up to whole seconds, at most {@link #MAX_DELAY}.
     *
     * @throws IllegalArgumentException if the delay is negative
     */
    static int delaySeconds(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay: must not be negative, got " + delay);
        }
        if (delay.compareTo(MAX_DELAY) >= 0) {
            return (int) MAX_DELAY.toSeconds();
        }
        long seconds = delay.toSeconds() + (delay.toNanosPart() > 0 ? 1 : 0);
        return (int) Math.min(seconds, MAX_DELAY.toSeconds());
    }
}
