package dev.fleetwright.provisioner;

import dev.fleetwright.aws.dynamodb.NodeClaimTableSettings;
import dev.fleetwright.aws.dynamodb.StateTableSettings;
import dev.fleetwright.core.api.NodeClaim;
import dev.fleetwright.core.api.corev1.ObjectMeta;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.PodSpec;
import dev.fleetwright.core.api.corev1.PodStatus;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.api.load.ConfigLoader;
import dev.fleetwright.core.api.load.LoadResult;
import dev.fleetwright.core.api.load.NamedSource;
import dev.fleetwright.core.cloudprovider.InstanceTypeCatalog;
import dev.fleetwright.core.provisioning.Provisioner;
import dev.fleetwright.core.state.ClusterState;
import dev.fleetwright.core.state.Lease;
import dev.fleetwright.core.state.VersionedNodeClaim;
import dev.fleetwright.testing.FakeClusterState;
import dev.fleetwright.testing.InMemoryLease;
import dev.fleetwright.testing.InMemoryNodeClaimStore;
import dev.fleetwright.testing.InMemoryUnavailableOfferings;
import dev.fleetwright.testing.MutableClock;
import dev.fleetwright.testing.SimulatedEc2;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Test fixture: the clusters of one stack on the embedded backends ({@code functions/testing}): per cluster a {@link
 * FakeClusterState} and a {@link SimulatedEc2}; shared, as in production, one NodeClaim store, one lease and one
 * unavailable-offerings cache. Builds the {@link Provisioner} of each cluster on first request and records which
 * clusters were asked for and which lease holders acquired.
 */
final class EmbeddedClusters implements Provisioners {

    static final String TEST = "fleetwright-test";
    static final String STAGING = "fleetwright-staging";
    static final Instant START = Instant.parse("2026-11-22T10:00:05Z");
    static final List<String> ZONES = List.of("us-east-1a", "us-east-1b", "us-east-1c");
    static final InstanceTypeCatalog CATALOG = InstanceTypeCatalog.bundled();

    static final String NODE_CLASS = """
            apiVersion: karpenter.k8s.aws/v1
            kind: EC2NodeClass
            metadata:
              name: default
            spec:
              role: KarpenterNodeRole-test
              amiSelectorTerms:
                - alias: al2023@latest
              subnetSelectorTerms:
                - tags:
                    karpenter.sh/discovery: test
              securityGroupSelectorTerms:
                - tags:
                    karpenter.sh/discovery: test
            """;

    static final String GENERAL = nodePool("general", """
                    - key: karpenter.sh/capacity-type
                      operator: In
                      values: ["on-demand"]
                    - key: karpenter.k8s.aws/instance-category
                      operator: In
                      values: ["c", "m", "r"]
                    - key: kubernetes.io/arch
                      operator: In
                      values: ["amd64"]
            """);

    /** A lease that records every holder that acquired it. */
    static final class RecordingLease implements Lease {
        final InMemoryLease delegate = new InMemoryLease();
        final List<String> acquired = new ArrayList<>();

        @Override
        public synchronized boolean tryAcquire(String cluster, String holder, Instant now, Duration duration) {
            boolean got = delegate.tryAcquire(cluster, holder, now, duration);
            if (got) {
                acquired.add(holder);
            }
            return got;
        }

        @Override
        public synchronized void release(String cluster, String holder) {
            delegate.release(cluster, holder);
        }
    }

    final MutableClock clock = new MutableClock(START);
    final InMemoryNodeClaimStore store = new InMemoryNodeClaimStore();
    final InMemoryUnavailableOfferings unavailable = new InMemoryUnavailableOfferings();
    final RecordingLease lease = new RecordingLease();
    final Map<String, FakeClusterState> states = new HashMap<>();
    final Map<String, SimulatedEc2> ec2 = new HashMap<>();
    final List<String> asked = new ArrayList<>();
    private final Map<String, Provisioner> provisioners = new HashMap<>();
    private final Map<String, Function<String, ClusterState>> stateOverrides = new HashMap<>();
    private final Map<String, RuntimeException> wiringFailures = new HashMap<>();

    static String nodePool(String name, String requirements) {
        return """
                apiVersion: karpenter.sh/v1
                kind: NodePool
                metadata:
                  name: %s
                spec:
                  template:
                    spec:
                      requirements:
                %s
                      nodeClassRef:
                        group: karpenter.k8s.aws
                        kind: EC2NodeClass
                        name: default
                """.formatted(name, requirements.stripTrailing());
    }

    static LoadResult config(String... documents) {
        List<NamedSource> sources = new ArrayList<>();
        for (int i = 0; i < documents.length; i++) {
            sources.add(new NamedSource("config-" + i + ".yaml", documents[i]));
        }
        LoadResult loaded = new ConfigLoader(Map.of()).loadSources(sources);
        if (!loaded.isValid()) {
            throw new IllegalArgumentException("test configuration is invalid: " + loaded.errors());
        }
        return loaded;
    }

    /** {@code n} pending pods named as a Deployment's, each asking for {@code cpuMillis} and 1 GiB. */
    static List<Pod> pending(String prefix, int n, long cpuMillis) {
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pods.add(new Pod(
                    ObjectMeta.of("default", prefix + "-" + i),
                    PodSpec.of(Resources.ofCpuMemoryMiB(cpuMillis, 1024)),
                    PodStatus.UNSCHEDULABLE));
        }
        return pods;
    }

    static ProvisionerSettings settings(String... clusters) {
        return new ProvisionerSettings(
                List.of(clusters),
                NodeClaimTableSettings.of("fleetwright-nodeclaims"),
                StateTableSettings.of("fleetwright-state"),
                false,
                Duration.ofMinutes(2),
                ProvisionerSettings.DEFAULT_MAX_ROUNDS,
                "us-east-1",
                "Fleetwright",
                "/aws/service",
                "");
    }

    /** The cluster's fake Kubernetes state, with the {@link #GENERAL} NodePool unless configured otherwise. */
    FakeClusterState state(String cluster) {
        return states.computeIfAbsent(cluster, c -> new FakeClusterState(config(NODE_CLASS, GENERAL)));
    }

    SimulatedEc2 ec2(String cluster) {
        return ec2.computeIfAbsent(cluster, c -> new SimulatedEc2(CATALOG, clock, ZONES));
    }

    /** Makes the cluster's Kubernetes reads go through {@code override} (for example one that throws). */
    void overrideState(String cluster, Function<String, ClusterState> override) {
        stateOverrides.put(cluster, override);
    }

    /** Makes wiring the cluster fail, as a failing {@code eks:DescribeCluster} would. */
    void failWiring(String cluster, RuntimeException failure) {
        wiringFailures.put(cluster, failure);
    }

    @Override
    public synchronized Provisioner forCluster(String cluster) {
        asked.add(cluster);
        RuntimeException failure = wiringFailures.get(cluster);
        if (failure != null) {
            throw failure;
        }
        return provisioners.computeIfAbsent(cluster, c -> {
            ClusterState state =
                    stateOverrides.containsKey(c) ? stateOverrides.get(c).apply(c) : state(c);
            Random names = new Random(c.hashCode());
            return new Provisioner(
                    state,
                    store,
                    ec2(c),
                    unavailable,
                    lease,
                    clock,
                    () -> names,
                    new Provisioner.Settings(c, Duration.ofMinutes(2), ProvisionerSettings.DEFAULT_MAX_ROUNDS, false));
        });
    }

    List<NodeClaim> nodeClaims(String cluster) {
        return store.list(cluster).stream().map(VersionedNodeClaim::nodeClaim).toList();
    }
}
