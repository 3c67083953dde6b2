package dev.fleetwright.kubernetes;

import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import software.amazon.awssdk.regions.Region;

/**
 * How to reach one EKS cluster's Kubernetes API. Built once at init by the Lambda module from its environment and
 * passed to the adapters; nothing here reads the environment.
 *
 * @param clusterName the EKS cluster name: signed into the bearer token ({@code x-k8s-aws-id}) and used for
 *     {@code eks:DescribeCluster}; not blank
 * @param region the cluster's AWS region: the STS endpoint the token is presigned for and the EKS endpoint; not null
 * @param apiServerEndpoint the API server URL ({@code https://...}); null to take it from {@code eks:DescribeCluster}
 * @param certificateAuthorityData the cluster CA as EKS returns it (base64 of the PEM certificate); null to take it
 *     from {@code eks:DescribeCluster}, or, when {@code apiServerEndpoint} is set, to trust the JVM's default CAs
 * @param eksEndpointOverride the EKS API endpoint for tests against a local stub; null for the SDK's default
 * @param pageSize how many objects one list request asks for ({@code limit}), at least 1
 * @param requestTimeout connect and read timeout of each Kubernetes request; positive
 */
public record KubernetesSettings(
        String clusterName,
        Region region,
        URI apiServerEndpoint,
        String certificateAuthorityData,
        URI eksEndpointOverride,
        int pageSize,
        Duration requestTimeout) {

    /** The default {@code limit} of list requests, the page size kubectl uses. */
    public static final int DEFAULT_PAGE_SIZE = 500;

    /** The default connect and read timeout. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /**
     * @throws IllegalArgumentException naming the field: blank cluster name, an endpoint that is not an absolute http or
     *     https URL, CA data that is not base64 or given without an endpoint, a page size below 1, a non-positive
     *     timeout
     * @throws NullPointerException if the region or the timeout is null
     */
    public KubernetesSettings {
        if (clusterName == null || clusterName.isBlank()) {
            throw new IllegalArgumentException("clusterName: must not be blank");
        }
        Objects.requireNonNull(region, "region");
        if (apiServerEndpoint != null) {
            checkHttpUrl("apiServerEndpoint", apiServerEndpoint);
        }
        if (certificateAuthorityData != null) {
            if (apiServerEndpoint == null) {
                throw new IllegalArgumentException(
                        "certificateAuthorityData: given without apiServerEndpoint; set both, or neither to use"
                                + " eks:DescribeCluster");
            }
            decodeCertificateAuthority("certificateAuthorityData", certificateAuthorityData);
        }
        if (eksEndpointOverride != null) {
            checkHttpUrl("eksEndpointOverride", eksEndpointOverride);
        }
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize: must be at least 1, got " + pageSize);
        }
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout: must be positive, got " + requestTimeout);
        }
    }

    /**
     * Settings that take the endpoint and CA from {@code eks:DescribeCluster}, with the default page size and timeout.
     *
     * @param clusterName the EKS cluster name
     * @param region the cluster's region
     * @return the settings
     */
    public static KubernetesSettings of(String clusterName, Region region) {
        return new KubernetesSettings(
                clusterName, region, null, null, null, DEFAULT_PAGE_SIZE, DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * A copy with a fixed API server, so that {@code eks:DescribeCluster} is not called.
     *
     * @param endpoint the API server URL
     * @param caData base64 of the PEM CA certificate; null to trust the JVM's default CAs
     * @return the copy
     */
    public KubernetesSettings withApiServer(URI endpoint, String caData) {
        return new KubernetesSettings(
                clusterName, region, endpoint, caData, eksEndpointOverride, pageSize, requestTimeout);
    }

    /** A copy whose EKS client talks to {@code endpoint} (tests). */
    public KubernetesSettings withEksEndpointOverride(URI endpoint) {
        return new KubernetesSettings(
                clusterName, region, apiServerEndpoint, certificateAuthorityData, endpoint, pageSize, requestTimeout);
    }

    /** A copy with another list page size. */
    public KubernetesSettings withPageSize(int size) {
        return new KubernetesSettings(
                clusterName,
                region,
                apiServerEndpoint,
                certificateAuthorityData,
                eksEndpointOverride,
                size,
                requestTimeout);
    }

    /** A copy with another request timeout. */
    public KubernetesSettings withRequestTimeout(Duration timeout) {
        return new KubernetesSettings(
                clusterName,
                region,
                apiServerEndpoint,
                certificateAuthorityData,
                eksEndpointOverride,
                pageSize,
                timeout);
    }

    /**
     * Decodes CA data as EKS returns it (base64 of a PEM certificate) and checks it looks like PEM.
     *
     * @param field the field name for the error
     * @param data the base64 text
     * @return the PEM text
     * @throws IllegalArgumentException naming the field if the text is not base64 or not a PEM certificate
     */
    static String decodeCertificateAuthority(String field, String data) {
        String pem;
        try {
            pem = new String(
                    Base64.getDecoder().decode(data.replaceAll("\\s", "")), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": not base64 (" + e.getMessage() + ")", e);
        }
        if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException(field + ": the decoded text is not a PEM certificate");
        }
        return pem;
    }

    private static void checkHttpUrl(String field, URI uri) {
        String scheme = uri.getScheme();
        if (!uri.isAbsolute() || uri.getHost() == null || !("https".equals(scheme) || "http".equals(scheme))) {
            throw new IllegalArgumentException(field + ": must be an absolute http or https URL, got " + uri);
        }
    }
}
