package dev.fleetwright.kubernetes;

/**
 * The API server answered a request with an error other than 401 and 403 (for example 500 or 429 after the client's
 * own handling), or with a body the client could not decode.
 */
public final class KubernetesRequestException extends KubernetesException {

    private final int statusCode;

    /**
     * @param message the full message with the status and the server's reason
     * @param statusCode the HTTP status, or 0 when the failure was decoding the answer
     * @param cause the client's exception
     */
    KubernetesRequestException(String message, int statusCode, Throwable cause) {
        super(message, cause);
        this.statusCode = statusCode;
    }

    /** The HTTP status code, or 0 when the answer could not be decoded. */
    public int statusCode() {
        return statusCode;
    }
}
