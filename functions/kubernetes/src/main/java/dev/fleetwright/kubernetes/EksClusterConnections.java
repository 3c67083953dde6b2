package dev.fleetwright.kubernetes;

import java.net.URI;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.EksClientBuilder;
import software.amazon.awssdk.services.eks.model.Cluster;
import software.amazon.awssdk.services.eks.model.EksException;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;

/**
 * Resolves a cluster's {@link ClusterConnection}: from the settings when they name the API server, otherwise from
 * {@code eks:DescribeCluster} ({@code cluster.endpoint} and {@code cluster.certificateAuthority.data}), called once and
 * cached for the life of this object (an EKS cluster keeps its endpoint and CA). Nothing is called at construction,
 * so a Lambda init or snapshot does not depend on the network. Thread-safe.
 */
public final class EksClusterConnections {

    private final KubernetesSettings settings;
    private final EksClient eks;
    private ClusterConnection cached;

    /**
     * @param settings the cluster name, region and optional fixed API server
     * @param eks the EKS client for {@code DescribeCluster}; may be null when the settings name the API server
     * @throws IllegalArgumentException if {@code eks} is null and the settings do not name the API server
     */
    public EksClusterConnections(KubernetesSettings settings, EksClient eks) {
        this.settings = Objects.requireNonNull(settings, "settings");
        if (eks == null && settings.apiServerEndpoint() == null) {
            throw new IllegalArgumentException("an EksClient is needed to describe cluster \"" + settings.clusterName()
                    + "\" when the settings do not name the API server");
        }
        this.eks = eks;
    }

    /**
     * An EKS client for {@code settings}: their region, the URL-connection HTTP client, the endpoint override when set.
     *
     * @param settings the settings
     * @param credentials the credentials to call EKS with (in Lambda, the function role's)
     * @return a new client; the caller closes it
     */
    public static EksClient eksClient(KubernetesSettings settings, AwsCredentialsProvider credentials) {
        EksClientBuilder builder = EksClient.builder()
                .region(settings.region())
                .credentialsProvider(Objects.requireNonNull(credentials, "credentials"))
                .httpClientBuilder(UrlConnectionHttpClient.builder());
        if (settings.eksEndpointOverride() != null) {
            builder.endpointOverride(settings.eksEndpointOverride());
        }
        return builder.build();
    }

    /**
     * The connection, described on first use and cached.
     *
     * @return the API server endpoint and CA
     * @throws EksConnectionException if DescribeCluster fails (missing cluster, access denied, throttling), or the
     *     cluster has no endpoint yet, or its CA data is not a base64 PEM certificate
     */
    public synchronized ClusterConnection connection() {
        if (cached == null) {
            cached = resolve();
        }
        return cached;
    }

    private ClusterConnection resolve() {
        if (settings.apiServerEndpoint() != null) {
            String pem = settings.certificateAuthorityData() == null
                    ? null
                    : KubernetesSettings.decodeCertificateAuthority(
                            "certificateAuthorityData", settings.certificateAuthorityData());
            return new ClusterConnection(settings.apiServerEndpoint(), pem);
        }
        String name = settings.clusterName();
        Cluster cluster;
        try {
            cluster = eks.describeCluster(r -> r.name(name)).cluster();
        } catch (ResourceNotFoundException e) {
            throw new EksConnectionException(
                    "EKS cluster \"" + name + "\" does not exist in "
                            + settings.region().id()
                            + " (eks:DescribeCluster): check the cluster name and region settings",
                    e);
        } catch (EksException e) {
            String hint = e.statusCode() == 403
                    ? "; allow eks:DescribeCluster on this cluster to the function's role, or set the API server"
                            + " endpoint and CA in the settings"
                    : "";
            throw new EksConnectionException(
                    "eks:DescribeCluster for cluster \"" + name + "\" failed (" + e.statusCode() + "): "
                            + e.awsErrorDetails().errorMessage() + hint,
                    e);
        } catch (SdkException e) {
            throw new EksConnectionException(
                    "eks:DescribeCluster for cluster \"" + name + "\" failed: " + e.getMessage(), e);
        }
        if (cluster == null || cluster.endpoint() == null || cluster.endpoint().isBlank()) {
            String status = cluster == null ? "unknown" : cluster.statusAsString();
            throw new EksConnectionException(
                    "EKS cluster \"" + name + "\" has no API server endpoint yet (status " + status
                            + "); wait until it is ACTIVE",
                    null);
        }
        if (cluster.certificateAuthority() == null
                || cluster.certificateAuthority().data() == null) {
            throw new EksConnectionException(
                    "EKS cluster \"" + name + "\" returned no certificateAuthority.data from eks:DescribeCluster",
                    null);
        }
        String pem;
        try {
            pem = KubernetesSettings.decodeCertificateAuthority(
                    "cluster.certificateAuthority.data",
                    cluster.certificateAuthority().data());
        } catch (IllegalArgumentException e) {
            throw new EksConnectionException(
                    "EKS cluster \"" + name + "\": eks:DescribeCluster returned " + e.getMessage(), e);
        }
        return new ClusterConnection(URI.create(cluster.endpoint()), pem);
    }
}
