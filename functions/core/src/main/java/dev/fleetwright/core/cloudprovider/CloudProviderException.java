package dev.fleetwright.core.cloudprovider;

/**
 * A failure of the cloud provider that callers handle by kind; subclasses are the typed failures of [K]
 * pkg/cloudprovider/types.go ({@code InsufficientCapacityError}, {@code NodeClassNotReadyError}, {@code
 * NodeClaimNotFoundError}).
 */
public class CloudProviderException extends RuntimeException {

    private final boolean retryable;

    /**
     * @param message what failed, naming the resource
     * @param retryable whether trying again later may succeed (throttling, transient API errors)
     * @param cause the underlying error, or null
     */
    public CloudProviderException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** Whether trying again later may succeed. */
    public boolean isRetryable() {
        return retryable;
    }
}
