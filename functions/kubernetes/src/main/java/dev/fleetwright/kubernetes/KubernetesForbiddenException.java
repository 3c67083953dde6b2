package dev.fleetwright.kubernetes;

import java.util.Optional;

/**
 * The API server refused a request with {@code 403 Forbidden}: the caller is authenticated but Kubernetes RBAC does not
 * allow the verb on the resource. On EKS the caller is the IAM principal mapped by an access entry (or the
 * {@code aws-auth} ConfigMap); the fix is a ClusterRole bound to that entry's Kubernetes group, or an access policy.
 */
public final class KubernetesForbiddenException extends KubernetesException {

    private final String verb;
    private final String resource;
    private final String identity;

    /**
     * @param message the full message, including how to fix it
     * @param verb the Kubernetes verb refused, for example {@code list}
     * @param resource the resource, as {@code plural.group} ({@code nodepools.karpenter.sh}) or {@code plural} for the
     *     core group
     * @param identity the user the API server named in its answer; null when it named none
     * @param cause the client's exception
     */
    KubernetesForbiddenException(String message, String verb, String resource, String identity, Throwable cause) {
        super(message, cause);
        this.verb = verb;
        this.resource = resource;
        this.identity = identity;
    }

    /** The verb refused, for example {@code list}. */
    public String verb() {
        return verb;
    }

    /** The resource, for example {@code nodepools.karpenter.sh} or {@code pods}. */
    public String resource() {
        return resource;
    }

    /** The Kubernetes user the API server named (on EKS, the IAM principal's ARN), if it named one. */
    public Optional<String> identity() {
        return Optional.ofNullable(identity);
    }
}
