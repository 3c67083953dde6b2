package dev.fleetwright.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetwright.core.api.NodeClaim;
import dev.fleetwright.core.api.NodeClaimPhase;
import dev.fleetwright.core.api.corev1.ObjectMeta;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.PodSpec;
import dev.fleetwright.core.api.corev1.PodStatus;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.api.load.ConfigLoader;
import dev.fleetwright.core.api.load.LoadResult;
import dev.fleetwright.core.api.load.NamedSource;
import dev.fleetwright.core.cloudprovider.CapacityType;
import dev.fleetwright.core.cloudprovider.CloudProviderException;
import dev.fleetwright.core.cloudprovider.InstanceTypeCatalog;
import dev.fleetwright.core.cloudprovider.OfferingKey;
import dev.fleetwright.core.provisioning.Provisioner;
import dev.fleetwright.core.provisioning.ProvisioningResult;
import dev.fleetwright.core.state.VersionedNodeClaim;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ProvisionerTest {

    static final String CLUSTER = "dev";
    static final List<String> ZONES = List.of("us-east-1a", "us-east-1b", "us-east-1c");
    static final InstanceTypeCatalog CATALOG = InstanceTypeCatalog.bundled();

    static final String NODE_CLASS = """
            apiVersion: karpenter.k8s.aws/v1
            kind: EC2NodeClass
            metadata:
              name: default
            spec:
              role: KarpenterNodeRole-dev
              amiSelectorTerms:
                - alias: al2023@latest
              subnetSelectorTerms:
                - tags:
                    karpenter.sh/discovery: dev
              securityGroupSelectorTerms:
                - tags:
                    karpenter.sh/discovery: dev
            """;

    static String nodePool(String name, String capacityType, String extra) {
        return """
                apiVersion: karpenter.sh/v1
                kind: NodePool
                metadata:
                  name: %s
                spec:
                  template:
                    spec:
                      requirements:
                        - key: karpenter.sh/capacity-type
                          operator: In
                          values: ["%s"]
                        - key: karpenter.k8s.aws/instance-category
                          operator: In
                          values: ["c", "m", "r"]
                        - key: kubernetes.io/arch
                          operator: In
                          values: ["amd64"]
                      nodeClassRef:
                        group: karpenter.k8s.aws
                        kind: EC2NodeClass
                        name: default
                %s
                """.formatted(name, capacityType, extra);
    }

    static LoadResult config(String... documents) {
        List<NamedSource> sources = new ArrayList<>();
        for (int i = 0; i < documents.length; i++) {
            sources.add(new NamedSource("config-" + i + ".yaml", documents[i]));
        }
        LoadResult r = new ConfigLoader(Map.of()).loadSources(sources);
        return r;
    }

    static List<Pod> inflate(int n, long cpuMillis) {
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pods.add(new Pod(
                    ObjectMeta.of("default", "inflate-" + i),
                    PodSpec.of(Resources.ofCpuMemoryMiB(cpuMillis, 1024)),
                    PodStatus.UNSCHEDULABLE));
        }
        return pods;
    }

    MutableClock clock;
    FakeClusterState cluster;
    InMemoryNodeClaimStore store;
    SimulatedEc2 ec2;
    InMemoryUnavailableOfferings unavailable;
    InMemoryLease lease;
    Provisioner provisioner;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
        cluster = new FakeClusterState(config(NODE_CLASS, nodePool("general", "on-demand", "")));
        store = new InMemoryNodeClaimStore();
        ec2 = new SimulatedEc2(CATALOG, clock, ZONES);
        unavailable = new InMemoryUnavailableOfferings();
        lease = new InMemoryLease();
        Random seeded = new Random(42);
        provisioner = new Provisioner(
                cluster,
                store,
                ec2,
                unavailable,
                lease,
                clock,
                () -> seeded,
                new Provisioner.Settings(CLUSTER, Duration.ofMinutes(2), 3, false));
    }

    List<NodeClaim> claims() {
        return store.list(CLUSTER).stream().map(VersionedNodeClaim::nodeClaim).toList();
    }

    @Nested
    @DisplayName("launching for pending pods")
    class Launching {

        @Test
        @DisplayName("should record and launch NodeClaims that hold every pending pod")
        void launches() {
            cluster.addPods(inflate(10, 1000));
            ProvisioningResult r = provisioner.reconcile("req-1");
            assertThat(r.leaseHeld()).isTrue();
            assertThat(r.unschedulable()).isEmpty();
            assertThat(r.nodeClaimsLaunched()).isEqualTo(r.nodeClaimsCreated()).isPositive();
            assertThat(claims()).allSatisfy(c -> {
                assertThat(c.status().phase()).isEqualTo(NodeClaimPhase.LAUNCHED);
                assertThat(c.status().instanceId()).startsWith("i-");
                assertThat(c.name()).startsWith("general-");
                assertThat(c.status().capacityType()).isEqualTo("on-demand");
            });
            long cpu = claims().stream()
                    .mapToLong(c -> c.status().allocatable().cpuMillis())
                    .sum();
            assertThat(cpu).isGreaterThanOrEqualTo(10_000);
            assertThat(ec2.instances()).hasSize(claims().size());
        }

        @Test
        @DisplayName("should launch nothing more when the same trigger arrives again (in-flight capacity counts)")
        void idempotent() {
            cluster.addPods(inflate(10, 1000));
            provisioner.reconcile("req-1");
            int launched = ec2.allInstances().size();
            ProvisioningResult again = provisioner.reconcile("req-2");
            assertThat(again.nodeClaimsCreated()).isZero();
            assertThat(again.podsOnExistingCapacity()).isEqualTo(10);
            assertThat(ec2.allInstances()).hasSize(launched);
        }

        @Test
        @DisplayName("should do nothing while another planner holds the cluster's lease")
        void busy() {
            cluster.addPods(inflate(3, 1000));
            lease.tryAcquire(CLUSTER, "someone-else", clock.instant(), Duration.ofMinutes(2));
            ProvisioningResult r = provisioner.reconcile("req-1");
            assertThat(r.leaseHeld()).isFalse();
            assertThat(claims()).isEmpty();
            assertThat(ec2.launchRequests()).isEmpty();
        }

        @Test
        @DisplayName("should release the lease after a reconcile")
        void releases() {
            provisioner.reconcile("req-1");
            assertThat(lease.holder(CLUSTER)).isNull();
        }

        @Test
        @DisplayName("should report pods no NodePool can hold, with the reason")
        void unschedulable() {
            cluster.addPods(inflate(1, 1_000_000));
            ProvisioningResult r = provisioner.reconcile("req-1");
            assertThat(r.unschedulable())
                    .singleElement()
                    .satisfies(e -> assertThat(e.reason())
                            .contains("incompatible with nodepool \"general\"")
                            .contains("no instance type has enough resources"));
            assertThat(claims()).isEmpty();
        }
    }

    /** The instance type a fresh cluster with the same pods would get. */
    String wouldLaunch() {
        SimulatedEc2 fresh = new SimulatedEc2(CATALOG, clock, ZONES);
        new Provisioner(
                        cluster,
                        new InMemoryNodeClaimStore(),
                        fresh,
                        new InMemoryUnavailableOfferings(),
                        new InMemoryLease(),
                        clock,
                        () -> new Random(1),
                        new Provisioner.Settings(CLUSTER, Duration.ofMinutes(2), 1, false))
                .reconcile("probe");
        return fresh.allInstances().get(0).instanceType();
    }

    @Nested
    @DisplayName("insufficient capacity")
    class InsufficientCapacity {

        @Test
        @DisplayName("should mark the refused offerings unavailable for 3 minutes and fall back to the next cheapest")
        void fallsBack() {
            cluster.addPods(inflate(1, 1000));
            String cheapest = wouldLaunch();
            for (String zone : ZONES) {
                ec2.removeCapacity(new OfferingKey(cheapest, zone, CapacityType.ON_DEMAND));
            }

            ProvisioningResult r = provisioner.reconcile("req-1");

            assertThat(r.unschedulable()).isEmpty();
            assertThat(r.nodeClaimsLaunched()).isEqualTo(1);
            assertThat(ec2.instances())
                    .singleElement()
                    .satisfies(i -> assertThat(i.instanceType()).isNotEqualTo(cheapest));
            assertThat(unavailable.unavailable(clock.instant()))
                    .contains(new OfferingKey(cheapest, "us-east-1a", CapacityType.ON_DEMAND));
            clock.advance(Duration.ofMinutes(3).plusSeconds(1));
            assertThat(unavailable.unavailable(clock.instant())).isEmpty();
        }

        @Test
        @DisplayName(
                "should fail the NodeClaim that found no capacity and re-plan its pods onto a lower-weight NodePool")
        void replansOntoLowerWeight() {
            cluster.setConfig(config(
                    NODE_CLASS,
                    nodePool("primary", "on-demand", """
                              weight: 100
                            """)
                            .replace(
                                    "values: [\"c\", \"m\", \"r\"]",
                                    "values: [\"c\"]\n"
                                            + "        - key: node.kubernetes.io/instance-type\n"
                                            + "          operator: In\n"
                                            + "          values: [\"c6i.large\"]"),
                    nodePool("fallback", "on-demand", "")));
            assertThat(cluster.nodePoolsAndNodeClasses().errors()).isEmpty();
            cluster.addPods(inflate(1, 1000));
            for (String zone : ZONES) {
                ec2.removeCapacity(new OfferingKey("c6i.large", zone, CapacityType.ON_DEMAND));
            }

            ProvisioningResult r = provisioner.reconcile("req-1");

            assertThat(r.insufficientCapacityErrors()).isEqualTo(1);
            assertThat(r.rounds()).isEqualTo(2);
            assertThat(r.unschedulable()).isEmpty();
            assertThat(claims())
                    .filteredOn(c -> c.status().phase() == NodeClaimPhase.FAILED)
                    .singleElement()
                    .satisfies(c -> assertThat(c.name()).startsWith("primary-"));
            assertThat(claims())
                    .filteredOn(c -> c.status().phase() == NodeClaimPhase.LAUNCHED)
                    .singleElement()
                    .satisfies(c -> assertThat(c.name()).startsWith("fallback-"));
        }
    }

    @Nested
    @DisplayName("failures and crash recovery")
    class Recovery {

        @Test
        @DisplayName("should mark the NodeClaim Failed when the launch fails, and report it")
        void launchFailure() {
            cluster.addPods(inflate(2, 1000));
            ec2.failNextLaunch(new CloudProviderException("RequestLimitExceeded", true, null));
            ProvisioningResult r = provisioner.reconcile("req-1");
            assertThat(r.launchFailures()).singleElement().asString().contains("RequestLimitExceeded");
            assertThat(claims())
                    .singleElement()
                    .satisfies(c -> assertThat(c.status().phase()).isEqualTo(NodeClaimPhase.FAILED));
        }

        @Test
        @DisplayName("should record the instance of a NodeClaim left Launching by a crash after EC2 launched it")
        void recoversLaunched() {
            cluster.addPods(inflate(1, 1000));
            Provisioner crashing = provisionerWith(new CrashAfterLaunch(ec2));
            try {
                crashing.reconcile("req-1");
            } catch (IllegalStateException expected) {
                // the invocation died between the launch and the record
            }
            assertThat(claims())
                    .singleElement()
                    .satisfies(c -> assertThat(c.status().phase()).isEqualTo(NodeClaimPhase.LAUNCHING));
            clock.advance(NodeClaim.LAUNCH_TIMEOUT.plusSeconds(1));

            ProvisioningResult r = provisioner.reconcile("req-2");

            assertThat(r.recovered()).isEqualTo(1);
            assertThat(claims()).singleElement().satisfies(c -> {
                assertThat(c.status().phase()).isEqualTo(NodeClaimPhase.LAUNCHED);
                assertThat(c.status().instanceId())
                        .isEqualTo(ec2.instances().get(0).instanceId());
            });
            assertThat(ec2.instances()).as("nothing launched twice").hasSize(1);
        }

        @Test
        @DisplayName("should fail a NodeClaim left Launching without an instance, and launch for its pods again")
        void failsStale() {
            cluster.addPods(inflate(1, 1000));
            Provisioner crashing = provisionerWith(new CrashBeforeLaunch(ec2));
            try {
                crashing.reconcile("req-1");
            } catch (IllegalStateException expected) {
                // the invocation died between the record and the launch
            }
            clock.advance(NodeClaim.LAUNCH_TIMEOUT.plusSeconds(1));

            ProvisioningResult r = provisioner.reconcile("req-2");

            assertThat(r.recovered()).isEqualTo(1);
            assertThat(claims())
                    .extracting(c -> c.status().phase())
                    .containsExactlyInAnyOrder(NodeClaimPhase.FAILED, NodeClaimPhase.LAUNCHED);
        }

        private Provisioner provisionerWith(dev.fleetwright.core.cloudprovider.CloudProvider cloud) {
            return new Provisioner(
                    cluster,
                    store,
                    cloud,
                    unavailable,
                    lease,
                    clock,
                    () -> new Random(7),
                    new Provisioner.Settings(CLUSTER, Duration.ofMinutes(2), 3, false));
        }
    }

    @Nested
    @DisplayName("configuration")
    class Configuration {

        @Test
        @DisplayName("should provision with the valid NodePools and report the invalid one")
        void invalidNodePool() {
            cluster.setConfig(config(
                    NODE_CLASS,
                    nodePool("general", "on-demand", ""),
                    nodePool("broken", "on-demand", "  weight: 500")));
            cluster.addPods(inflate(1, 1000));
            ProvisioningResult r = provisioner.reconcile("req-1");
            assertThat(r.configurationErrors())
                    .singleElement()
                    .asString()
                    .contains("NodePool \"broken\"")
                    .contains("spec.weight");
            assertThat(r.nodeClaimsLaunched()).isEqualTo(1);
        }

        @Test
        @DisplayName("should never exceed a NodePool's CPU limit, counting in-flight NodeClaims")
        void limits() {
            cluster.setConfig(config(NODE_CLASS, nodePool("general", "on-demand", """
                              limits:
                                cpu: "8"
                            """)));
            cluster.addPods(inflate(20, 1000));
            provisioner.reconcile("req-1");
            cluster.addPods(inflate(40, 1000).stream()
                    .map(p -> new Pod(ObjectMeta.of("default", "more-" + p.name()), p.spec(), p.status()))
                    .toList());
            provisioner.reconcile("req-2");
            long cpu = claims().stream()
                    .filter(c -> c.status().phase() != NodeClaimPhase.FAILED)
                    .mapToLong(c -> c.status().capacity().cpuMillis())
                    .sum();
            assertThat(cpu).isLessThanOrEqualTo(8000);
        }
    }

    /** Dies after EC2 launched, before the store records it. */
    record CrashAfterLaunch(SimulatedEc2 ec2) implements dev.fleetwright.core.cloudprovider.CloudProvider {
        public List<dev.fleetwright.core.cloudprovider.InstanceType> instanceTypes(
                dev.fleetwright.core.api.Ec2NodeClass c) {
            return ec2.instanceTypes(c);
        }

        public dev.fleetwright.core.cloudprovider.LaunchResult launch(
                dev.fleetwright.core.cloudprovider.LaunchRequest r) {
            ec2.launch(r);
            throw new IllegalStateException("crash after launch");
        }

        public void terminate(String instanceId) {
            ec2.terminate(instanceId);
        }

        public List<dev.fleetwright.core.cloudprovider.CloudInstance> instances() {
            return ec2.instances();
        }

        public java.util.Optional<dev.fleetwright.core.cloudprovider.CloudInstance> instanceOf(String name) {
            return ec2.instanceOf(name);
        }
    }

    /** Dies before asking EC2. */
    record CrashBeforeLaunch(SimulatedEc2 ec2) implements dev.fleetwright.core.cloudprovider.CloudProvider {
        public List<dev.fleetwright.core.cloudprovider.InstanceType> instanceTypes(
                dev.fleetwright.core.api.Ec2NodeClass c) {
            return ec2.instanceTypes(c);
        }

        public dev.fleetwright.core.cloudprovider.LaunchResult launch(
                dev.fleetwright.core.cloudprovider.LaunchRequest r) {
            throw new IllegalStateException("crash before launch");
        }

        public void terminate(String instanceId) {
            ec2.terminate(instanceId);
        }

        public List<dev.fleetwright.core.cloudprovider.CloudInstance> instances() {
            return ec2.instances();
        }

        public java.util.Optional<dev.fleetwright.core.cloudprovider.CloudInstance> instanceOf(String name) {
            return ec2.instanceOf(name);
        }
    }
}
