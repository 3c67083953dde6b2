package dev.fleetwright.kubernetes;

/**
 * Connecting to an EKS cluster failed on the AWS side: the credentials to sign the bearer token could not be resolved,
 * or {@code eks:DescribeCluster} failed or returned a cluster without an endpoint. The message names the cluster and
 * what to fix.
 */
public final class EksConnectionException extends RuntimeException {

    /**
     * @param message what failed, for which cluster, and how to fix it
     * @param cause the SDK's exception; may be null
     */
    public EksConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
