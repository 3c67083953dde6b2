package dev.fleetwright.kubernetes;

/**
 * Where the Kubernetes client gets its bearer token, read again for every request so that a refreshed token is used as
 * soon as it exists.
 */
public interface BearerTokenSource {

    /**
     * The token to send as {@code Authorization: Bearer <token>}.
     *
     * @return the token, not blank
     * @throws EksConnectionException if a token cannot be produced (for example no AWS credentials)
     */
    String token();

    /** Forgets a cached token after the API server refused it, so that the next {@link #token()} makes a new one. */
    default void invalidate() {}

    /** A source that always returns {@code token} (tests, or clusters with a static service account token). */
    static BearerTokenSource of(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("token must not be blank");
        }
        return () -> token;
    }
}
