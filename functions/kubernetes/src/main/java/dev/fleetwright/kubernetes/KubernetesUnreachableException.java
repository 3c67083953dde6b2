package dev.fleetwright.kubernetes;

/**
 * The API server could not be reached or did not answer: connection refused, unknown host, timeout, or a TLS failure
 * (wrong CA certificate).
 */
public final class KubernetesUnreachableException extends KubernetesException {

    /**
     * @param message the full message, including the endpoint and what to check
     * @param cause the I/O failure
     */
    KubernetesUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
