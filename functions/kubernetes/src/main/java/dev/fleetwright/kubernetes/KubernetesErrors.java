package dev.fleetwright.kubernetes;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1Status;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns client-java's {@link ApiException} into a {@link KubernetesException} with a message that says what to do. */
final class KubernetesErrors {

    private static final Pattern USER = Pattern.compile("User \"([^\"]*)\"");
    private static final Pattern ASSUMED_ROLE = Pattern.compile("^arn:([\\w-]+):sts::(\\d+):assumed-role/([^/]+)/.*$");

    private final ApiClient client;
    private final String clusterName;

    KubernetesErrors(ApiClient client, String clusterName) {
        this.client = client;
        this.clusterName = clusterName;
    }

    /**
     * The exception for a failed request.
     *
     * @param e what the client threw
     * @param verb the Kubernetes verb, for example {@code list}
     * @param resource the resource requested
     * @return the exception to throw
     */
    KubernetesException translate(ApiException e, String verb, ResourceRef resource) {
        String what = verb + " " + resource.qualifiedName() + " (" + resource.apiVersion() + ")";
        String prefix = "cluster \"" + clusterName + "\": ";
        if (e.getCode() == 0) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            boolean tls = cause instanceof javax.net.ssl.SSLException;
            return new KubernetesUnreachableException(
                    prefix + "cannot reach the Kubernetes API server at " + client.getBasePath() + " to " + what + ": "
                            + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ". "
                            + (tls
                                    ? "The TLS handshake failed: check the cluster CA certificate (settings or"
                                            + " eks:DescribeCluster certificateAuthority.data)."
                                    : "Check the endpoint and that the function can reach it (a private endpoint needs"
                                            + " the function in the cluster's VPC with a security group the cluster"
                                            + " allows on port 443)."),
                    e);
        }
        String serverMessage = serverMessage(e);
        return switch (e.getCode()) {
            case 401 ->
                new KubernetesUnauthorizedException(
                        prefix + "the Kubernetes API server at " + client.getBasePath()
                                + " refused the bearer token (401 Unauthorized) to " + what
                                + ", also after signing a new token. The IAM principal that signs the token (the function's"
                                + " role) needs an EKS access entry in cluster \"" + clusterName + "\" (aws eks"
                                + " create-access-entry --cluster-name " + clusterName
                                + " --principal-arn <role ARN>) or a"
                                + " mapping in the aws-auth ConfigMap; also check that the token is signed for this cluster"
                                + " name and region and that the clock is right.",
                        e);
            case 403 -> forbidden(e, verb, resource, what, prefix, serverMessage);
            default ->
                new KubernetesRequestException(
                        prefix + what + " failed with HTTP " + e.getCode() + ": " + serverMessage, e.getCode(), e);
        };
    }

    /**
     * The exception for an answer the client could not decode.
     *
     * @param e the decoding failure
     * @param verb the verb
     * @param resource the resource
     * @return the exception to throw
     */
    KubernetesException undecodable(RuntimeException e, String verb, ResourceRef resource) {
        return new KubernetesRequestException(
                "cluster \"" + clusterName + "\": cannot decode the answer to " + verb + " " + resource.qualifiedName()
                        + " (" + resource.apiVersion() + "): " + e.getMessage(),
                0,
                e);
    }

    private KubernetesForbiddenException forbidden(
            ApiException e, String verb, ResourceRef resource, String what, String prefix, String serverMessage) {
        Matcher m = USER.matcher(serverMessage);
        String identity = m.find() ? m.group(1) : null;
        String principal = "<role ARN>";
        if (identity != null) {
            Matcher role = ASSUMED_ROLE.matcher(identity);
            principal = role.matches()
                    ? "arn:" + role.group(1) + ":iam::" + role.group(2) + ":role/" + role.group(3)
                    : identity;
        }
        String group = "\"" + resource.group() + "\"";
        String message = prefix + "Kubernetes RBAC denied " + what + " at cluster scope"
                + (identity == null ? "" : " to user \"" + identity + "\"") + " (403 Forbidden: " + serverMessage
                + "). Fix: allow \"" + verb + "\" on resource \"" + resource.plural() + "\" in API group " + group
                + " to this identity: a ClusterRole with the rule {apiGroups: [" + group + "], resources: [\""
                + resource.plural() + "\"], verbs: [" + ruleVerbs(verb) + "]}, bound with a ClusterRoleBinding"
                + " to a Kubernetes group that the identity's EKS access entry carries (aws eks create-access-entry"
                + " --cluster-name " + clusterName + " --principal-arn " + principal
                + " --kubernetes-groups <group>, or update-access-entry if it exists), or to the group its aws-auth"
                + " mapping gives.";
        return new KubernetesForbiddenException(message, verb, resource.qualifiedName(), identity, e);
    }

    /** The verbs to grant: a read verb asks for all three read verbs (Fleetwright lists and reads), a write itself. */
    private static String ruleVerbs(String verb) {
        return switch (verb) {
            case "get", "list", "watch" -> "\"get\", \"list\", \"watch\"";
            default -> "\"" + verb + "\"";
        };
    }

    /**
     * The message of the Status object the API server answered with, or the body quoted on one line.
     *
     * @param e the failure
     * @return the message
     */
    String serverMessage(ApiException e) {
        String body = e.getResponseBody();
        if (body == null || body.isBlank()) {
            return e.getMessage() == null ? "no message" : e.getMessage();
        }
        try {
            V1Status status = JSON.deserialize(body, V1Status.class);
            if (status != null && status.getMessage() != null) {
                return status.getMessage();
            }
        } catch (RuntimeException notAStatus) {
            // Not a Status object (a proxy's HTML page, for example): quote the body instead.
        }
        String oneLine = body.strip().replaceAll("\\s+", " ");
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
    }
}
