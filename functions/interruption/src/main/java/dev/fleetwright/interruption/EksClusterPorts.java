package dev.fleetwright.interruption;

import dev.fleetwright.aws.ec2.Ec2AdapterSettings;
import dev.fleetwright.aws.ec2.Ec2CloudProvider;
import dev.fleetwright.core.api.NodePool;
import dev.fleetwright.core.cloudprovider.CloudProvider;
import dev.fleetwright.core.cloudprovider.InstanceTypeCatalog;
import dev.fleetwright.core.state.NodeOperations;
import dev.fleetwright.kubernetes.EksConnectionException;
import dev.fleetwright.kubernetes.KubernetesApiClients;
import dev.fleetwright.kubernetes.KubernetesClusterState;
import dev.fleetwright.kubernetes.KubernetesNodeOperations;
import dev.fleetwright.kubernetes.KubernetesSettings;
import io.kubernetes.client.openapi.ApiClient;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Cluster;

/**
 * {@link ClusterPorts} for EKS clusters, connected on first use of each cluster and then reused by the warm function:
 * one {@code eks:DescribeCluster} gives the API server endpoint, CA, Kubernetes version and service CIDR; from them a
 * client-java {@link ApiClient} with an EKS bearer token ({@link KubernetesApiClients#forEks}), {@link
 * KubernetesNodeOperations} and {@link KubernetesClusterState} on it, and an {@link Ec2CloudProvider} of which drain
 * uses only {@code terminate}. Thread-safe.
 */
final class EksClusterPorts implements ClusterPorts {

    private record Connected(NodeOperations nodes, KubernetesClusterState state, CloudProvider cloud) {}

    private final InterruptionSettings settings;
    private final EksClient eks;
    private final AwsCredentialsProvider credentials;
    private final InstanceTypeCatalog catalog;
    private final Clock clock;
    private final Map<String, Connected> connected = new ConcurrentHashMap<>();

    EksClusterPorts(
            InterruptionSettings settings,
            EksClient eks,
            AwsCredentialsProvider credentials,
            InstanceTypeCatalog catalog,
            Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.eks = Objects.requireNonNull(eks, "eks");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public NodeOperations nodes(String cluster) {
        return connect(cluster).nodes();
    }

    @Override
    public CloudProvider cloud(String cluster) {
        return connect(cluster).cloud();
    }

    @Override
    public List<NodePool> nodePools(String cluster) {
        return connect(cluster).state().nodePoolsAndNodeClasses().nodePools();
    }

    private Connected connect(String cluster) {
        if (!settings.serves(cluster)) {
            throw new IllegalStateException("cluster \"" + cluster + "\" is not in FLEETWRIGHT_CLUSTERS "
                    + settings.clusters() + "; a NodeClaim of it is in the table, so add it or remove its NodeClaims");
        }
        return connected.computeIfAbsent(cluster, this::describeAndConnect);
    }

    private Connected describeAndConnect(String name) {
        Cluster cluster;
        try {
            cluster = eks.describeCluster(b -> b.name(name)).cluster();
        } catch (SdkException e) {
            throw new EksConnectionException(
                    "eks:DescribeCluster for cluster \"" + name + "\" in " + settings.region() + " failed: "
                            + e.getMessage(),
                    e);
        }
        if (cluster == null
                || cluster.endpoint() == null
                || cluster.certificateAuthority() == null
                || cluster.certificateAuthority().data() == null) {
            throw new EksConnectionException(
                    "EKS cluster \"" + name + "\" has no API server endpoint or CA yet (status "
                            + (cluster == null ? "unknown" : cluster.statusAsString()) + "); wait until it is ACTIVE",
                    null);
        }
        String ca = cluster.certificateAuthority().data();
        KubernetesSettings kubernetes = KubernetesSettings.of(name, Region.of(settings.region()))
                .withApiServer(URI.create(cluster.endpoint()), ca);
        ApiClient api = KubernetesApiClients.forEks(kubernetes, null, credentials, clock);
        String serviceCidr = cluster.kubernetesNetworkConfig() == null
                ? null
                : firstNonBlank(
                        cluster.kubernetesNetworkConfig().serviceIpv4Cidr(),
                        cluster.kubernetesNetworkConfig().serviceIpv6Cidr());
        Ec2AdapterSettings ec2 = Ec2AdapterSettings.of(
                settings.region(), name, cluster.endpoint(), ca, cluster.version(), serviceCidr, null);
        return new Connected(
                new KubernetesNodeOperations(api, kubernetes),
                new KubernetesClusterState(api, kubernetes),
                Ec2CloudProvider.create(ec2, catalog, clock));
    }

    private static String firstNonBlank(String a, String b) {
        return a != null && !a.isBlank() ? a : b;
    }
}
