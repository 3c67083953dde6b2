package dev.fleetwright.kubernetes;

/**
 * The API server refused the bearer token with {@code 401 Unauthorized}. On EKS this means the token is invalid or
 * expired, was signed for another cluster name, or its IAM principal has no access entry (nor {@code aws-auth}
 * mapping) in the cluster.
 */
public final class KubernetesUnauthorizedException extends KubernetesException {

    /**
     * @param message the full message, including how to fix it
     * @param cause the client's exception
     */
    KubernetesUnauthorizedException(String message, Throwable cause) {
        super(message, cause);
    }
}
