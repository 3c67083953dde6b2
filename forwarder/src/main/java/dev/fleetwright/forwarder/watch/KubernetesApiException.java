package dev.fleetwright.forwarder.watch;

import java.time.Duration;
import java.util.Optional;

/**
 * A failed call to the Kubernetes API server, with what the watcher needs to decide how to go on.
 *
 * <p>{@link #statusCode()} is the HTTP status (410 Gone: re-list; 429 Too Many Requests: wait {@link #retryAfter()} or
 * back off; others: back off) or 0 when no response arrived (connection refused, reset, timed out).
 */
public final class KubernetesApiException extends Exception {

    /** The status code the API server uses when a resourceVersion or continue token has expired. */
    public static final int GONE = 410;

    /** The status code of API priority and fairness throttling. */
    public static final int TOO_MANY_REQUESTS = 429;

    private final int statusCode;
    private final transient Optional<Duration> retryAfter;

    /**
     * Creates the exception.
     *
     * @param statusCode HTTP status, or 0 when no response arrived
     * @param retryAfter the server's {@code Retry-After}, when it sent one; not null
     * @param message what was called and what came back
     * @param cause the client exception; may be null
     */
    public KubernetesApiException(int statusCode, Optional<Duration> retryAfter, String message, Throwable cause) {
        super(message, cause);
        this.statusCode = statusCode;
        this.retryAfter = retryAfter;
    }

    /** @return the HTTP status, or 0 when no response arrived */
    public int statusCode() {
        return statusCode;
    }

    /** @return the server's {@code Retry-After} delay, when it sent one */
    public Optional<Duration> retryAfter() {
        return retryAfter;
    }

    /** @return whether the resourceVersion or continue token has expired and the caller must list again */
    public boolean isGone() {
        return statusCode == GONE;
    }

    /** @return whether the server throttled the call */
    public boolean isThrottled() {
        return statusCode == TOO_MANY_REQUESTS;
    }
}
