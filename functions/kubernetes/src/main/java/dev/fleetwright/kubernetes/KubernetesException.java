package dev.fleetwright.kubernetes;

/**
 * A failure talking to a cluster's Kubernetes API, or an object from it that cannot be mapped. The subclasses are the
 * closed set of causes a caller may want to react to differently; every message names the cluster, the verb and the
 * resource and says how to fix the problem.
 */
public abstract sealed class KubernetesException extends RuntimeException
        permits KubernetesForbiddenException,
                KubernetesUnauthorizedException,
                KubernetesUnreachableException,
                KubernetesRequestException,
                KubernetesObjectException {

    /**
     * @param message what failed and how to fix it
     * @param cause the underlying failure; may be null
     */
    protected KubernetesException(String message, Throwable cause) {
        super(message, cause);
    }
}
