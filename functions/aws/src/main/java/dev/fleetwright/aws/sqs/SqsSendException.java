package dev.fleetwright.aws.sqs;

/**
 * Sending a message to one of Fleetwright's queues failed (throttling, a missing queue, an access denial, a network
 * error). The message names the queue URL and what was being sent; the cause is the SDK's exception. The caller fails
 * the record it was handling, so SQS delivers it again.
 */
public final class SqsSendException extends RuntimeException {

    /**
     * @param message the queue and what was sent
     * @param cause the SDK exception
     */
    public SqsSendException(String message, Throwable cause) {
        super(message, cause);
    }
}
