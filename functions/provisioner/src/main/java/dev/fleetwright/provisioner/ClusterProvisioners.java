package dev.fleetwright.provisioner;

import dev.fleetwright.aws.dynamodb.DynamoDbLease;
import dev.fleetwright.aws.dynamodb.DynamoDbNodeClaimStore;
import dev.fleetwright.aws.dynamodb.DynamoDbUnavailableOfferings;
import dev.fleetwright.aws.ec2.AwsCalls;
import dev.fleetwright.aws.ec2.Ec2AdapterSettings;
import dev.fleetwright.aws.ec2.Ec2CloudProvider;
import dev.fleetwright.aws.ec2.RetryPolicy;
import dev.fleetwright.aws.ec2.Sleeper;
import dev.fleetwright.core.cloudprovider.InstanceTypeCatalog;
import dev.fleetwright.core.lifecycle.Registration;
import dev.fleetwright.core.provisioning.Provisioner;
import dev.fleetwright.core.state.Lease;
import dev.fleetwright.core.state.NodeClaimStore;
import dev.fleetwright.core.state.UnavailableOfferings;
import dev.fleetwright.kubernetes.ClusterConnection;
import dev.fleetwright.kubernetes.EksClusterConnections;
import dev.fleetwright.kubernetes.EksTokenProvider;
import dev.fleetwright.kubernetes.KubernetesApiClients;
import dev.fleetwright.kubernetes.KubernetesClusterState;
import dev.fleetwright.kubernetes.KubernetesNodeOperations;
import dev.fleetwright.kubernetes.KubernetesSettings;
import io.kubernetes.client.openapi.ApiClient;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import software.amazon.awssdk.regions.Region;

/**
 * The production {@link Provisioners}: one {@link Provisioner} per cluster, wired on the first request for that
 * cluster and kept for the life of the execution environment.
 *
 * <p>Wiring a cluster calls {@code eks:DescribeCluster} ({@link ClusterFacts}) and builds, from its answer, the
 * Kubernetes client (API server and CA from EKS, bearer token from {@link EksTokenProvider}), {@link
 * KubernetesClusterState}, {@link Ec2CloudProvider} (cluster endpoint, CA, version, service CIDR and DNS IP go into the
 * node bootstrap) and the {@link Provisioner} with the DynamoDB store, lease and unavailable-offerings cache shared by
 * every cluster. None of this happens at construction, so a SnapStart snapshot holds no cluster facts and the function
 * initialises without network access. A failed wiring is not cached: the next request tries again.
 *
 * <p>Time comes from the given clock; randomness (NodeClaim names, retry jitter) from a new {@link SecureRandom} per
 * use, which is safe to restore from a snapshot many times.
 */
public final class ClusterProvisioners implements Provisioners {

    private final ProvisionerSettings settings;
    private final ProvisionerClients clients;
    private final InstanceTypeCatalog catalog;
    private final Clock clock;
    private final NodeClaimStore store;
    private final Lease lease;
    private final UnavailableOfferings unavailableOfferings;
    private final ConcurrentMap<String, Provisioner> provisioners = new ConcurrentHashMap<>();

    /**
     * @param settings the clusters served, tables, lease, planner and SSM settings
     * @param clients the SDK clients
     * @param catalog the instance type catalog
     * @param clock the time source of every adapter and the provisioner
     */
    public ClusterProvisioners(
            ProvisionerSettings settings, ProvisionerClients clients, InstanceTypeCatalog catalog, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.store = new DynamoDbNodeClaimStore(clients.dynamoDb(), settings.nodeClaims());
        this.lease = new DynamoDbLease(clients.dynamoDb(), settings.stateTable(), DynamoDbLease.PROVISIONER_LEASE);
        this.unavailableOfferings = new DynamoDbUnavailableOfferings(clients.dynamoDb(), settings.stateTable());
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the stack does not serve {@code cluster}
     * @throws dev.fleetwright.kubernetes.EksConnectionException if {@code eks:DescribeCluster} fails
     */
    @Override
    public Provisioner forCluster(String cluster) {
        if (!settings.serves(cluster)) {
            throw new IllegalArgumentException("cluster \"" + cluster + "\" is not served by this stack ("
                    + ProvisionerSettings.FLEETWRIGHT_CLUSTERS + " = " + String.join(",", settings.clusters()) + ")");
        }
        return provisioners.computeIfAbsent(cluster, this::wire);
    }

    private Provisioner wire(String cluster) {
        ClusterFacts facts = ClusterFacts.describe(clients.eks(), cluster);
        Region region = Region.of(settings.region());

        KubernetesSettings kubernetes = KubernetesSettings.of(cluster, region)
                .withApiServer(URI.create(facts.endpoint()), facts.certificateAuthorityData());
        ClusterConnection connection = new EksClusterConnections(kubernetes, null).connection();
        ApiClient api = KubernetesApiClients.create(
                connection,
                new EksTokenProvider(cluster, region, clients.credentials(), clock),
                kubernetes.requestTimeout());

        Ec2AdapterSettings ec2Settings = new Ec2AdapterSettings(
                settings.region(),
                cluster,
                facts.endpoint(),
                facts.certificateAuthorityData(),
                settings.nodeKubernetesVersion(cluster, facts.kubernetesVersion()),
                facts.serviceCidr(),
                facts.clusterDnsIp(),
                settings.ssmParameterRoot(),
                Ec2AdapterSettings.DEFAULT_DISCOVERY_TTL,
                null);
        Ec2CloudProvider cloud = new Ec2CloudProvider(
                clients.ec2(),
                clients.ssm(),
                clients.iam(),
                ec2Settings,
                catalog,
                clock,
                new AwsCalls(RetryPolicy.DEFAULT, Sleeper.threadSleep(), SecureRandom::new));

        Registration registration =
                new Registration(cluster, store, new KubernetesNodeOperations(api, kubernetes), cloud, clock);
        return new Provisioner(
                new KubernetesClusterState(api, kubernetes),
                store,
                cloud,
                unavailableOfferings,
                lease,
                clock,
                SecureRandom::new,
                new Provisioner.Settings(
                        cluster, settings.leaseDuration(), settings.maxRounds(), settings.optimizeCost()),
                registration);
    }
}
