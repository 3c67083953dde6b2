package dev.fleetwright.aws.dynamodb;

/**
 * A DynamoDB call of a state adapter failed for a reason other than a lost condition (throttling, a missing table, an
 * access denial, a network error), or a stored item cannot be read back. The message names the table, the operation
 * and the key; the cause, when there is one, is the SDK exception or the mapping error.
 */
public final class DynamoDbStateException extends RuntimeException {

    /**
     * @param message the table, operation and key, and what went wrong
     * @param cause the SDK exception or mapping error
     */
    public DynamoDbStateException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * For a failure DynamoDB did not report, such as an index entry without the keys it must project.
     *
     * @param message the table, operation and key, and what went wrong
     */
    public DynamoDbStateException(String message) {
        super(message);
    }
}
