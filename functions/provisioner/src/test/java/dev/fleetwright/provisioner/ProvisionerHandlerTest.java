package dev.fleetwright.provisioner;

import static dev.fleetwright.provisioner.EmbeddedClusters.STAGING;
import static dev.fleetwright.provisioner.EmbeddedClusters.TEST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetwright.core.api.NodeClaim;
import dev.fleetwright.core.api.NodeClaimPhase;
import dev.fleetwright.core.api.corev1.DaemonSet;
import dev.fleetwright.core.api.corev1.Node;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.load.LoadResult;
import dev.fleetwright.core.cloudprovider.CapacityType;
import dev.fleetwright.core.cloudprovider.OfferingKey;
import dev.fleetwright.core.state.ClusterState;
import dev.fleetwright.kubernetes.EksConnectionException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("ProvisionerHandler on the embedded backends, driven by events/provisioning/")
class ProvisionerHandlerTest {

    /** The pendingSince of every pod listed in the sample forwarder events. */
    static final Instant LISTED_PENDING_SINCE = Instant.parse("2026-11-22T09:59:58Z");

    EmbeddedClusters clusters;
    RecordingMetrics metrics;
    ProvisionerHandler handler;
    CapturedLogs logs;

    @BeforeEach
    void setUp() {
        clusters = new EmbeddedClusters();
        clusters.state(TEST).addPods(EmbeddedClusters.pending("inflate", 10, 1000));
        clusters.state(STAGING).addPods(EmbeddedClusters.pending("inflate", 4, 1000));
        metrics = new RecordingMetrics();
        handler = new ProvisionerHandler(EmbeddedClusters.settings(TEST, STAGING), clusters, metrics, clusters.clock);
        logs = new CapturedLogs();
    }

    @AfterEach
    void tearDown() {
        logs.close();
    }

    SQSBatchResponse handle(String eventFile, String requestId) {
        return handler.handleRequest(Events.load(eventFile), new TestContext(requestId));
    }

    static List<String> failedIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .toList();
    }

    static long allocatableCpuMillis(List<NodeClaim> claims) {
        return claims.stream()
                .mapToLong(c -> c.status().allocatable().cpuMillis())
                .sum();
    }

    @Nested
    @DisplayName("mapping a batch to clusters")
    class Mapping {

        @Test
        @DisplayName("should reconcile the cluster a forwarder event names and launch capacity for its pending pods")
        void forwarderEvent() {
            SQSBatchResponse response = handle("pending-pods.json", "req-1");

            assertThat(failedIds(response)).isEmpty();
            assertThat(clusters.lease.acquired).containsExactly("req-1/" + TEST);
            List<NodeClaim> claims = clusters.nodeClaims(TEST);
            assertThat(claims).isNotEmpty().allSatisfy(c -> {
                assertThat(c.status().phase()).isEqualTo(NodeClaimPhase.LAUNCHED);
                assertThat(c.status().instanceId()).startsWith("i-");
            });
            assertThat(allocatableCpuMillis(claims)).isGreaterThanOrEqualTo(10 * 1000);
            assertThat(clusters.ec2(TEST).allInstances()).hasSameSizeAs(claims);
            assertThat(clusters.asked).containsExactly(TEST);
        }

        @Test
        @DisplayName("should accept the interruption function's Provisioning Requested event")
        void provisioningRequested() {
            SQSBatchResponse response = handle("provisioning-requested.json", "req-1");

            assertThat(failedIds(response)).isEmpty();
            assertThat(clusters.lease.acquired).containsExactly("req-1/" + TEST);
            assertThat(clusters.nodeClaims(TEST)).isNotEmpty();
        }

        @Test
        @DisplayName("should reconcile nothing and fail nothing for an empty batch")
        void empty() {
            SQSEvent event = new SQSEvent();
            event.setRecords(List.of());

            SQSBatchResponse response = handler.handleRequest(event, new TestContext("req-1"));

            assertThat(response.getBatchItemFailures()).isEmpty();
            assertThat(clusters.asked).isEmpty();
            assertThat(metrics.publications()).isEmpty();
        }

        @Test
        @DisplayName("should reconcile each cluster of a batch under its own lease holder")
        void twoClusters() {
            SQSBatchResponse response = handle("two-clusters.json", "req-7");

            assertThat(failedIds(response)).isEmpty();
            assertThat(clusters.lease.acquired).containsExactly("req-7/" + TEST, "req-7/" + STAGING);
            assertThat(allocatableCpuMillis(clusters.nodeClaims(TEST))).isGreaterThanOrEqualTo(10 * 1000);
            assertThat(allocatableCpuMillis(clusters.nodeClaims(STAGING))).isGreaterThanOrEqualTo(4 * 1000);
        }
    }

    @Nested
    @DisplayName("duplicates")
    class Duplicates {

        @Test
        @DisplayName("should reconcile a cluster once per batch however many of its events the batch holds")
        void oncePerBatch() {
            SQSEvent event = Events.load("duplicate.json");
            assertThat(event.getRecords()).hasSize(3);

            SQSBatchResponse response = handler.handleRequest(event, new TestContext("req-1"));

            assertThat(failedIds(response)).isEmpty();
            assertThat(clusters.lease.acquired).containsExactly("req-1/" + TEST);
            assertThat(clusters.asked).containsExactly(TEST);
        }

        @Test
        @DisplayName("should launch no more for a duplicated event than for one delivery")
        void noExtraCapacity() {
            EmbeddedClusters single = new EmbeddedClusters();
            single.state(TEST).addPods(EmbeddedClusters.pending("inflate", 10, 1000));
            new ProvisionerHandler(EmbeddedClusters.settings(TEST), single, new RecordingMetrics(), single.clock)
                    .handleRequest(Events.load("pending-pods.json"), new TestContext("req-1"));

            handle("duplicate.json", "req-1");
            handle("pending-pods.json", "req-2");

            assertThat(clusters.ec2(TEST).allInstances())
                    .hasSameSizeAs(single.ec2(TEST).allInstances());
            assertThat(clusters.nodeClaims(TEST)).hasSameSizeAs(single.nodeClaims(TEST));
            assertThat(metrics.last(TEST, ProvisioningMetrics.NODECLAIMS_CREATED))
                    .hasValue(0);
        }
    }

    @Nested
    @DisplayName("partial batch failures")
    class Failures {

        @Test
        @DisplayName("should fail each malformed record, naming its message ID and the rule, and still reconcile")
        void malformed() {
            SQSEvent event = Events.load("malformed.json");
            List<String> ids = Events.messageIds(event);

            SQSBatchResponse response = handler.handleRequest(event, new TestContext("req-1"));

            assertThat(failedIds(response)).containsExactly(ids.get(1), ids.get(2), ids.get(3), ids.get(4));
            assertThat(clusters.lease.acquired).containsExactly("req-1/" + TEST);
            assertThat(clusters.nodeClaims(TEST)).isNotEmpty();
            List<String> errors = logs.at(Level.ERROR).stream()
                    .map(CapturedLogs.Line::message)
                    .toList();
            assertThat(errors).hasSize(4);
            assertThat(errors.get(0)).contains(ids.get(1)).contains("body: not JSON");
            assertThat(errors.get(1)).contains(ids.get(2)).contains("detail.cluster: missing");
            assertThat(errors.get(2))
                    .contains(ids.get(3))
                    .contains("source/detail-type")
                    .contains("\"Pod Pending\"");
            assertThat(errors.get(3))
                    .contains(ids.get(4))
                    .contains("detail.pods[0].pendingSince")
                    .contains("\"yesterday\"");
        }

        @Test
        @DisplayName("should fail a record for a cluster the stack does not serve, without asking for its provisioner")
        void unknownCluster() {
            SQSEvent event = Events.load("unknown-cluster.json");
            List<String> ids = Events.messageIds(event);

            SQSBatchResponse response = handler.handleRequest(event, new TestContext("req-1"));

            assertThat(failedIds(response)).containsExactly(ids.get(1));
            assertThat(clusters.asked).containsExactly(TEST);
            assertThat(logs.at(Level.ERROR))
                    .singleElement()
                    .satisfies(l -> assertThat(l.message())
                            .contains(ids.get(1))
                            .contains("\"someone-elses-cluster\" is not served by this stack")
                            .contains("FLEETWRIGHT_CLUSTERS = fleetwright-test,fleetwright-staging"));
        }

        @Test
        @DisplayName("should fail every record of a cluster whose lease another planner holds, and count it")
        void leaseBusy() {
            clusters.lease.tryAcquire(
                    TEST, "other-invocation/" + TEST, clusters.clock.instant(), Duration.ofMinutes(2));
            SQSEvent event = Events.load("duplicate.json");

            SQSBatchResponse response = handler.handleRequest(event, new TestContext("req-1"));

            assertThat(failedIds(response)).containsExactlyElementsOf(Events.messageIds(event));
            assertThat(clusters.nodeClaims(TEST)).isEmpty();
            assertThat(clusters.ec2(TEST).launchRequests()).isEmpty();
            assertThat(metrics.of(TEST))
                    .singleElement()
                    .satisfies(p ->
                            assertThat(p.values()).containsExactly(Map.entry(ProvisioningMetrics.LEASE_BUSY, 1.0)));
            assertThat(logs.at(Level.WARN)).singleElement().satisfies(l -> {
                assertThat(l.message()).contains("another planner holds the lease");
                assertThat(l.cluster()).isEqualTo(TEST);
            });
        }

        @Test
        @DisplayName("should succeed again once the lease is free (the redelivery)")
        void leaseFreedLater() {
            clusters.lease.tryAcquire(
                    TEST, "other-invocation/" + TEST, clusters.clock.instant(), Duration.ofMinutes(2));
            assertThat(failedIds(handle("pending-pods.json", "req-1"))).hasSize(1);

            clusters.clock.advance(Duration.ofMinutes(3));

            assertThat(failedIds(handle("pending-pods.json", "req-2"))).isEmpty();
            assertThat(clusters.nodeClaims(TEST)).isNotEmpty();
        }

        @Test
        @DisplayName("should fail only the records of a cluster whose reconcile throws, logging the exception")
        void reconcileThrows() {
            IllegalStateException unreachable =
                    new IllegalStateException("Kubernetes API of cluster fleetwright-staging: connect timed out");
            clusters.overrideState(STAGING, c -> new UnreachableClusterState(unreachable));
            SQSEvent event = Events.load("two-clusters.json");
            List<String> ids = Events.messageIds(event);

            SQSBatchResponse response = handler.handleRequest(event, new TestContext("req-1"));

            assertThat(failedIds(response)).containsExactly(ids.get(1));
            assertThat(clusters.nodeClaims(TEST)).isNotEmpty();
            assertThat(clusters.nodeClaims(STAGING)).isEmpty();
            assertThat(logs.at(Level.ERROR)).singleElement().satisfies(l -> {
                assertThat(l.thrown()).isSameAs(unreachable);
                assertThat(l.message()).contains(STAGING).contains(ids.get(1));
                assertThat(l.cluster()).isEqualTo(STAGING);
            });
            assertThat(metrics.last(STAGING, ProvisioningMetrics.RECONCILE_ERRORS))
                    .hasValue(1);
            assertThat(metrics.last(TEST, ProvisioningMetrics.RECONCILE_ERRORS)).isEmpty();
            assertThat(metrics.last(TEST, ProvisioningMetrics.NODECLAIMS_LAUNCHED))
                    .hasValue(clusters.nodeClaims(TEST).size());
        }

        @Test
        @DisplayName("should fail only the records of a cluster that cannot be wired (DescribeCluster failed)")
        void wiringFails() {
            clusters.failWiring(
                    STAGING, new EksConnectionException("EKS cluster \"fleetwright-staging\" does not exist", null));
            SQSEvent event = Events.load("two-clusters.json");
            List<String> ids = Events.messageIds(event);

            SQSBatchResponse response = handler.handleRequest(event, new TestContext("req-1"));

            assertThat(failedIds(response)).containsExactly(ids.get(1));
            assertThat(clusters.nodeClaims(TEST)).isNotEmpty();
            assertThat(logs.at(Level.ERROR))
                    .singleElement()
                    .satisfies(l -> assertThat(l.thrown()).isInstanceOf(EksConnectionException.class));
        }
    }

    @Nested
    @DisplayName("the scheduled sweep")
    class Sweep {

        @Test
        @DisplayName("should reconcile every served cluster for one sweep record")
        void everyCluster() {
            SQSBatchResponse response = handle("sweep.json", "req-9");

            assertThat(failedIds(response)).isEmpty();
            assertThat(clusters.lease.acquired).containsExactly("req-9/" + TEST, "req-9/" + STAGING);
            assertThat(allocatableCpuMillis(clusters.nodeClaims(TEST))).isGreaterThanOrEqualTo(10 * 1000);
            assertThat(allocatableCpuMillis(clusters.nodeClaims(STAGING))).isGreaterThanOrEqualTo(4 * 1000);
        }

        @Test
        @DisplayName("should not redeliver a sweep when another planner holds the lease: that planner is looking now")
        void leaseBusyIsEnough() {
            clusters.lease.tryAcquire(
                    TEST, "other-invocation/" + TEST, clusters.clock.instant(), Duration.ofMinutes(2));

            SQSBatchResponse response = handle("sweep.json", "req-9");

            assertThat(failedIds(response)).isEmpty();
            assertThat(clusters.nodeClaims(TEST)).isEmpty();
            assertThat(clusters.nodeClaims(STAGING)).isNotEmpty();
            assertThat(metrics.last(TEST, ProvisioningMetrics.LEASE_BUSY)).hasValue(1);
        }

        @Test
        @DisplayName("should redeliver a sweep when the reconcile of one of its clusters throws")
        void failureIsRedelivered() {
            clusters.overrideState(
                    STAGING, c -> new UnreachableClusterState(new IllegalStateException("connect timed out")));
            SQSEvent event = Events.load("sweep.json");

            SQSBatchResponse response = handler.handleRequest(event, new TestContext("req-9"));

            assertThat(failedIds(response)).containsExactlyElementsOf(Events.messageIds(event));
            assertThat(clusters.nodeClaims(TEST)).isNotEmpty();
        }
    }

    @Nested
    @DisplayName("metrics")
    class Metrics {

        @Test
        @DisplayName("should publish what the reconcile did, once per cluster, with the launch latency from the event")
        void published() {
            handle("pending-pods.json", "req-1");

            List<NodeClaim> claims = clusters.nodeClaims(TEST);
            assertThat(metrics.publications()).singleElement().satisfies(p -> {
                assertThat(p.cluster()).isEqualTo(TEST);
                Map<String, Double> v = p.values();
                assertThat(v)
                        .containsEntry(ProvisioningMetrics.NODECLAIMS_CREATED, (double) claims.size())
                        .containsEntry(ProvisioningMetrics.NODECLAIMS_LAUNCHED, (double) claims.size())
                        .containsEntry(ProvisioningMetrics.UNSCHEDULABLE_PODS, 0.0)
                        .containsEntry(ProvisioningMetrics.INSUFFICIENT_CAPACITY_ERRORS, 0.0)
                        .containsKey(ProvisioningMetrics.SCHEDULING_DURATION);
                double expected = Duration.between(LISTED_PENDING_SINCE, EmbeddedClusters.START)
                        .toSeconds();
                assertThat(v.get(ProvisioningMetrics.LAUNCH_LATENCY)).isCloseTo(expected, within(1e-9));
            });
        }

        @Test
        @DisplayName("should publish no launch latency when nothing was launched")
        void noLatencyWithoutLaunch() {
            handle("pending-pods.json", "req-1");
            handle("pending-pods.json", "req-2");

            assertThat(metrics.publications()).hasSize(2);
            assertThat(metrics.publications().get(1).values())
                    .containsEntry(ProvisioningMetrics.NODECLAIMS_LAUNCHED, 0.0)
                    .doesNotContainKey(ProvisioningMetrics.LAUNCH_LATENCY);
        }

        @Test
        @DisplayName("should count insufficient capacity errors and the pods left unschedulable")
        void insufficientCapacity() {
            clusters.state(TEST)
                    .setConfig(EmbeddedClusters.config(
                            EmbeddedClusters.NODE_CLASS, EmbeddedClusters.nodePool("only-c5-large", """
                                    - key: karpenter.sh/capacity-type
                                      operator: In
                                      values: ["on-demand"]
                                    - key: node.kubernetes.io/instance-type
                                      operator: In
                                      values: ["c5.large"]
                            """)));
            for (int i = 1; i < 10; i++) {
                clusters.state(TEST).removePod("default/inflate-" + i);
            }
            for (String zone : EmbeddedClusters.ZONES) {
                clusters.ec2(TEST).removeCapacity(new OfferingKey("c5.large", zone, CapacityType.ON_DEMAND));
            }

            SQSBatchResponse response = handle("pending-pods.json", "req-1");

            assertThat(failedIds(response)).isEmpty();
            assertThat(metrics.last(TEST, ProvisioningMetrics.INSUFFICIENT_CAPACITY_ERRORS))
                    .hasValue(1);
            assertThat(metrics.last(TEST, ProvisioningMetrics.UNSCHEDULABLE_PODS))
                    .hasValue(1);
            assertThat(clusters.nodeClaims(TEST))
                    .singleElement()
                    .satisfies(c -> assertThat(c.status().phase()).isEqualTo(NodeClaimPhase.FAILED));
        }

        @Test
        @DisplayName("should write the metrics as CloudWatch EMF: namespace Fleetwright, dimension cluster")
        void emf() throws Exception {
            ProvisionerHandler emfHandler = new ProvisionerHandler(
                    EmbeddedClusters.settings(TEST, STAGING),
                    clusters,
                    EmfProvisioningMetrics.emf("Fleetwright"),
                    clusters.clock);
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            PrintStream original = System.out;
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                emfHandler.handleRequest(Events.load("two-clusters.json"), new TestContext("req-1"));
            } finally {
                System.setOut(original);
            }

            List<JsonNode> documents = new ArrayList<>();
            ObjectMapper json = new ObjectMapper();
            for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("{") && line.contains("\"_aws\"")) {
                    documents.add(json.readTree(line));
                }
            }
            assertThat(documents).hasSize(2);
            assertThat(documents).extracting(d -> d.get("cluster").asText()).containsExactly(TEST, STAGING);
            for (JsonNode d : documents) {
                JsonNode directive = d.get("_aws").get("CloudWatchMetrics").get(0);
                assertThat(directive.get("Namespace").asText()).isEqualTo("Fleetwright");
                assertThat(directive.get("Dimensions").toString()).isEqualTo("[[\"cluster\"]]");
                List<String> names = new ArrayList<>();
                directive.get("Metrics").forEach(m -> names.add(m.get("Name").asText()));
                assertThat(names)
                        .contains(
                                ProvisioningMetrics.NODECLAIMS_CREATED,
                                ProvisioningMetrics.NODECLAIMS_LAUNCHED,
                                ProvisioningMetrics.SCHEDULING_DURATION,
                                ProvisioningMetrics.UNSCHEDULABLE_PODS,
                                ProvisioningMetrics.INSUFFICIENT_CAPACITY_ERRORS,
                                ProvisioningMetrics.LAUNCH_LATENCY);
                String cluster = d.get("cluster").asText();
                assertThat(d.get(ProvisioningMetrics.NODECLAIMS_LAUNCHED).asDouble())
                        .isEqualTo(clusters.nodeClaims(cluster).size());
            }
        }
    }

    @Nested
    @DisplayName("SnapStart priming")
    class Priming {

        @Test
        @DisplayName("should prime without asking for a provisioner or writing a metric")
        void readsOnly() {
            List<String> asked = new ArrayList<>();
            ProvisionerHandler primed = new ProvisionerHandler(
                    EmbeddedClusters.settings(TEST),
                    cluster -> {
                        asked.add(cluster);
                        throw new AssertionError("priming asked for the provisioner of " + cluster);
                    },
                    (cluster, values) -> {
                        throw new AssertionError("priming published metrics for " + cluster);
                    },
                    clusters.clock);

            primed.beforeCheckpoint(null);
            primed.afterRestore(null);

            assertThat(asked).isEmpty();
            assertThat(logs.at(Level.INFO))
                    .anySatisfy(l -> assertThat(l.message()).startsWith("primed before the snapshot"));
        }
    }

    /** A cluster whose Kubernetes API cannot be reached. */
    record UnreachableClusterState(RuntimeException failure) implements ClusterState {
        @Override
        public LoadResult nodePoolsAndNodeClasses() {
            throw failure;
        }

        @Override
        public List<Pod> unboundPods() {
            throw failure;
        }

        @Override
        public List<Pod> boundPods() {
            throw failure;
        }

        @Override
        public List<Node> nodes() {
            throw failure;
        }

        @Override
        public List<DaemonSet> daemonSets() {
            throw failure;
        }

        @Override
        public Map<String, Map<String, String>> namespaceLabels() {
            throw failure;
        }
    }
}
