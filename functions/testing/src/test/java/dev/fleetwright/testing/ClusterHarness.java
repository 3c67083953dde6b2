package dev.fleetwright.testing;

import static dev.fleetwright.testing.Fixtures.CLUSTER;
import static dev.fleetwright.testing.Fixtures.ZONES;

import dev.fleetwright.core.api.Ec2NodeClass;
import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.NodeClaim;
import dev.fleetwright.core.api.NodeClaimSpec;
import dev.fleetwright.core.api.NodeClaimStatus;
import dev.fleetwright.core.api.NodePool;
import dev.fleetwright.core.api.corev1.NodeSelectorOperator;
import dev.fleetwright.core.api.corev1.NodeSelectorRequirement;
import dev.fleetwright.core.api.corev1.ObjectMeta;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.api.load.LoadResult;
import dev.fleetwright.core.cloudprovider.InstanceType;
import dev.fleetwright.core.cloudprovider.InstanceTypeCatalog;
import dev.fleetwright.core.cloudprovider.LaunchRequest;
import dev.fleetwright.core.cloudprovider.LaunchResult;
import dev.fleetwright.core.interruption.Interruption;
import dev.fleetwright.core.state.VersionedNodeClaim;
import dev.fleetwright.core.termination.Terminator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A simulated cluster with hand-made NodeClaims, for drain and interruption specs: {@link #node} launches an
 * instance for a NodeClaim in {@link SimulatedEc2} and lets the cluster register and initialize it; pods are then
 * bound to it directly. The terminator's sleeper advances the cluster; every provisioning request is recorded with
 * its time.
 */
final class ClusterHarness {

    static final InstanceTypeCatalog CATALOG = InstanceTypeCatalog.bundled();

    /** A provisioning request. */
    record ProvisionRequest(Instant at, String cluster, String reason) {}

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    final InMemoryNodeClaimStore store = new InMemoryNodeClaimStore();
    final InMemoryUnavailableOfferings unavailable = new InMemoryUnavailableOfferings();
    final SimulatedEc2 ec2 = new SimulatedEc2(CATALOG, clock, ZONES);
    final LoadResult config;
    final SimulatedCluster cluster;
    final List<ProvisionRequest> provisionRequests = new ArrayList<>();
    private int claims;

    ClusterHarness(String... documents) {
        config = Fixtures.config(documents);
        if (!config.errors().isEmpty()) {
            throw new IllegalArgumentException("bad fixture configuration: " + config.errors());
        }
        cluster = new SimulatedCluster(CLUSTER, clock, ec2, store, config, SimulatedCluster.Settings.DEFAULT);
    }

    Terminator terminator(Terminator.Settings settings) {
        return new Terminator(CLUSTER, store, cluster, ec2, clock, cluster::advance, settings);
    }

    Interruption interruption(Terminator terminator) {
        return new Interruption(
                store,
                unavailable,
                (c, reason) -> provisionRequests.add(new ProvisionRequest(clock.instant(), c, reason)),
                c -> terminator,
                c -> config.nodePools(),
                clock);
    }

    /**
     * Records and launches a NodeClaim of the NodePool on one instance type, then runs the cluster until its node is
     * initialized.
     *
     * @return the node name
     */
    String node(String nodePool, String instanceType, String capacityType) {
        VersionedNodeClaim launched = launch(nodePool, instanceType, capacityType);
        cluster.advance(SimulatedCluster.Settings.DEFAULT
                .registrationDelay()
                .plus(SimulatedCluster.Settings.DEFAULT.initializationDelay()));
        String name = store.get(CLUSTER, launched.nodeClaim().name())
                .orElseThrow()
                .nodeClaim()
                .status()
                .nodeName();
        if (name.isEmpty()) {
            throw new IllegalStateException(launched.nodeClaim().name() + " did not register");
        }
        return name;
    }

    /** Records and launches a NodeClaim, without waiting for registration. */
    VersionedNodeClaim launch(String nodePool, String instanceType, String capacityType) {
        NodePool pool = config.nodePool(nodePool).orElseThrow();
        Ec2NodeClass nodeClass = config.nodeClass(pool.nodeClassRef().name()).orElseThrow();
        InstanceType type = ec2.instanceTypes(nodeClass).stream()
                .filter(t -> t.name().equals(instanceType))
                .findFirst()
                .orElseThrow();
        Map<String, String> labels = new TreeMap<>(pool.spec().template().labels());
        labels.put(Labels.NODE_POOL, nodePool);
        NodeClaimSpec spec = NodeClaimSpec.fromTemplate(
                pool.spec().template().spec(),
                List.of(
                        NodeSelectorRequirement.of(Labels.INSTANCE_TYPE, NodeSelectorOperator.IN, instanceType),
                        NodeSelectorRequirement.of(Labels.CAPACITY_TYPE, NodeSelectorOperator.IN, capacityType)),
                Resources.NONE);
        String name = nodePool + "-" + String.format("%05d", ++claims);
        NodeClaim claim = new NodeClaim(
                new ObjectMeta(
                        name, "", "", labels, pool.spec().template().annotations(), List.of(), clock.instant(), null),
                spec,
                NodeClaimStatus.launching(clock.instant()));
        VersionedNodeClaim stored = store.create(CLUSTER, claim);
        LaunchResult result = ec2.launch(new LaunchRequest(claim, pool, nodeClass, List.of(type)));
        return store.update(
                CLUSTER,
                claim.withStatus(claim.status().withLaunch(result.launch(), clock.instant())),
                stored.version());
    }

    /** Adds the pod, bound to the node and Running. */
    Pod run(Fixtures.PodBuilder pod, String node) {
        return cluster.addPod(pod.on(node).build());
    }

    VersionedNodeClaim claimOf(String node) {
        return store.get(CLUSTER, cluster.nodeClaimOf(node).orElseThrow()).orElseThrow();
    }

    VersionedNodeClaim claim(String name) {
        return store.get(CLUSTER, name).orElseThrow();
    }

    String instanceOf(String node) {
        return cluster.node(node).orElseThrow().instanceId();
    }

    /** Advances the clock without stepping the cluster's controllers beyond what {@link SimulatedCluster} does. */
    void advance(Duration d) {
        cluster.advance(d);
    }
}
