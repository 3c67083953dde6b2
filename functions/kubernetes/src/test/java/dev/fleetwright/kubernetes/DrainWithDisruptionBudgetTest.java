package dev.fleetwright.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetwright.core.api.DisruptionReason;
import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.NillableDuration;
import dev.fleetwright.core.api.NodeClaim;
import dev.fleetwright.core.api.NodeClaimPhase;
import dev.fleetwright.core.api.NodeClaimSpec;
import dev.fleetwright.core.api.NodeClaimStatus;
import dev.fleetwright.core.api.NodeClassReference;
import dev.fleetwright.core.api.corev1.ObjectMeta;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.cloudprovider.CapacityType;
import dev.fleetwright.core.cloudprovider.CloudInstance;
import dev.fleetwright.core.cloudprovider.CloudProvider;
import dev.fleetwright.core.cloudprovider.InstanceType;
import dev.fleetwright.core.cloudprovider.LaunchRequest;
import dev.fleetwright.core.cloudprovider.LaunchResult;
import dev.fleetwright.core.state.VersionedNodeClaim;
import dev.fleetwright.core.termination.Terminator;
import dev.fleetwright.testing.InMemoryNodeClaimStore;
import dev.fleetwright.testing.MutableClock;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.utils.ResponseProvider;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Core's {@link Terminator} draining through {@link KubernetesNodeOperations} over HTTP, against a mock API server that
 * enforces a PodDisruptionBudget as kube-apiserver does: {@code minAvailable: 1} over {@code app=web}, so evicting the
 * only healthy replica answers 429 until a replacement on another node is Ready. Node taint, label, VolumeAttachments
 * and node deletion go to the mock's CRUD store; the pod list of the node and the Eviction subresource (which fabric8
 * lacks) are answered from the state this test holds.
 */
@DisplayName("Drain through the Kubernetes adapter against a PDB-enforcing API server")
class DrainWithDisruptionBudgetTest {

    private static final String CLUSTER = "demo";
    private static final String NODE = "node-1";
    private static final String INSTANCE = "i-0a1b2c3d4e5f60718";
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private final MockCluster cluster = new MockCluster();
    private final RecordingInterceptor recorder = new RecordingInterceptor();
    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryNodeClaimStore store = new InMemoryNodeClaimStore();
    private final TerminatingCloud cloud = new TerminatingCloud();

    /** Pods bound to the node, by name: the namespace is {@code default}. Mutated by the eviction stub. */
    private final Map<String, FakePod> podsOnNode = new LinkedHashMap<>();
    /** Ready replicas of {@code app=web} in the whole cluster, the PDB's "healthy" count. */
    private final List<String> healthyWeb = new CopyOnWriteArrayList<>();
    /** Every eviction answer, as {@code pod:code}. */
    private final List<String> evictions = new CopyOnWriteArrayList<>();
    /** Every sleep the terminator asked for. */
    private final List<Duration> sleeps = new ArrayList<>();
    /** After this many sleeps, the replacement {@code web-1} on another node becomes Ready. */
    private int replacementReadyAfterSleeps = 2;

    private record FakePod(String name, String uid, String app, boolean daemonSet) {}

    @BeforeEach
    void cluster() {
        cluster.create("""
                apiVersion: v1
                kind: Node
                metadata: {name: node-1}
                spec: {providerID: "aws:///us-east-1a/i-0a1b2c3d4e5f60718"}
                """);
        podsOnNode.put("web-0", new FakePod("web-0", "uid-web-0", "web", false));
        podsOnNode.put("ds-0", new FakePod("ds-0", "uid-ds-0", "logging", true));
        healthyWeb.add("web-0");
        cluster.server
                .expect()
                .get()
                .withPath("/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-1&limit=500")
                .andReply(new Answer(request -> new Reply(200, podList())))
                .always();
        for (String pod : List.of("web-0", "ds-0")) {
            cluster.server
                    .expect()
                    .post()
                    .withPath("/api/v1/namespaces/default/pods/" + pod + "/eviction")
                    .andReply(new Answer(request -> evict(pod)))
                    .always();
        }
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    /** What the API server does for an eviction: the PDB of {@code app=web} needs one healthy replica left. */
    private synchronized Reply evict(String name) {
        FakePod pod = podsOnNode.get(name);
        if (pod == null) {
            evictions.add(name + ":404");
            return new Reply(404, status(404, "NotFound", "pods \"" + name + "\" not found"));
        }
        if (pod.app().equals("web") && healthyWeb.size() - 1 < 1) {
            evictions.add(name + ":429");
            return new Reply(
                    429,
                    status(
                            429,
                            "TooManyRequests",
                            "Cannot evict pod as it would violate the pod's disruption budget."));
        }
        podsOnNode.remove(name);
        healthyWeb.remove(name);
        evictions.add(name + ":201");
        return new Reply(201, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Success\",\"code\":201}");
    }

    private synchronized String podList() {
        StringBuilder items = new StringBuilder();
        for (FakePod p : podsOnNode.values()) {
            if (!items.isEmpty()) {
                items.append(',');
            }
            String owner = p.daemonSet()
                    ? ",\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"kind\":\"DaemonSet\",\"name\":\"logging\","
                            + "\"uid\":\"ds-uid\",\"controller\":true}]"
                    : "";
            items.append("""
                    {"metadata": {"name": "%s", "namespace": "default", "uid": "%s", "labels": {"app": "%s"}%s},
                     "spec": {"nodeName": "node-1", "containers": [{"name": "c"}]},
                     "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}]}}
                    """.formatted(p.name(), p.uid(), p.app(), owner));
        }
        return "{\"apiVersion\":\"v1\",\"kind\":\"PodList\",\"metadata\":{},\"items\":[" + items + "]}";
    }

    private static String status(int code, String reason, String message) {
        return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":" + code + ",\"reason\":\""
                + reason + "\",\"message\":\"" + message.replace("\"", "\\\"") + "\"}";
    }

    private Terminator terminator(Duration passBudget) {
        KubernetesNodeOperations nodes = new KubernetesNodeOperations(cluster.apiClient(recorder), CLUSTER, 500);
        return new Terminator(
                CLUSTER,
                store,
                nodes,
                cloud,
                clock,
                this::sleep,
                new Terminator.Settings(passBudget, Duration.ofMillis(100), Duration.ofSeconds(10)));
    }

    private synchronized void sleep(Duration d) {
        sleeps.add(d);
        clock.advance(d);
        if (sleeps.size() == replacementReadyAfterSleeps) {
            healthyWeb.add("web-1");
        }
    }

    private VersionedNodeClaim initializedClaim() {
        NodeClaimSpec spec = new NodeClaimSpec(
                List.of(),
                List.of(),
                List.of(),
                NodeClassReference.ec2NodeClass("default"),
                Resources.NONE,
                NillableDuration.NEVER,
                NillableDuration.NEVER);
        NodeClaimStatus status = NodeClaimStatus.launching(T0)
                .withLaunch(
                        new NodeClaimStatus.Launch(
                                "aws:///us-east-1a/" + INSTANCE,
                                INSTANCE,
                                "m5.large",
                                "us-east-1a",
                                Labels.CAPACITY_TYPE_SPOT,
                                new BigDecimal("0.0400"),
                                "ami-0123456789abcdef0",
                                Resources.NONE,
                                Resources.NONE),
                        T0)
                .withRegistration(NODE, T0)
                .withInitialization(T0);
        NodeClaim claim = new NodeClaim(
                ObjectMeta.of("", "general-abc12").withLabels(Map.of(Labels.NODE_POOL, "general")), spec, status);
        return store.create(CLUSTER, claim);
    }

    @Test
    @DisplayName("should retry the PDB's 429 with back-off until the replacement is Ready, then drain and terminate")
    void blockedUntilReplacementReady() {
        VersionedNodeClaim claim = initializedClaim();

        Terminator.Status result = terminator(Duration.ofSeconds(20)).terminate(claim, DisruptionReason.INTERRUPTED);

        assertThat(result).isInstanceOf(Terminator.Status.Terminated.class);
        // Karpenter's back-off starts at 100 ms and doubles; the replacement is Ready after the second wait.
        assertThat(evictions).containsExactly("web-0:429", "web-0:429", "web-0:201", "ds-0:201");
        assertThat(sleeps.subList(0, 2)).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(cloud.terminated).containsExactly(INSTANCE);
        assertThat(cluster.seed.nodes().withName(NODE).get()).isNull();
        assertThat(store.get(CLUSTER, "general-abc12")
                        .orElseThrow()
                        .nodeClaim()
                        .status()
                        .phase())
                .isEqualTo(NodeClaimPhase.TERMINATED);
    }

    @Test
    @DisplayName("should cordon the node (taint and label) before the first eviction")
    void cordonFirst() {
        replacementReadyAfterSleeps = 1;
        VersionedNodeClaim claim = initializedClaim();

        terminator(Duration.ofSeconds(20)).terminate(claim, DisruptionReason.INTERRUPTED);

        List<RecordingInterceptor.Sent> all = recorder.all();
        int firstEviction = indexOf(all, "POST", "/eviction");
        assertThat(indexOf(all, "PATCH", "/api/v1/nodes/node-1")).isBetween(0, firstEviction);
        assertThat(all.stream().filter(s -> s.method().equals("PATCH")).map(RecordingInterceptor.Sent::body))
                .anySatisfy(b -> assertThat(b).contains("karpenter.sh/disrupted"))
                .anySatisfy(b -> assertThat(b).contains("node.kubernetes.io/exclude-from-external-load-balancers"));
    }

    private static int indexOf(List<RecordingInterceptor.Sent> sent, String method, String pathPart) {
        for (int i = 0; i < sent.size(); i++) {
            if (sent.get(i).method().equals(method) && sent.get(i).path().contains(pathPart)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    @DisplayName("should end the pass still draining while the PDB blocks, and finish in a later pass")
    void continuedInLaterPass() {
        replacementReadyAfterSleeps = Integer.MAX_VALUE;
        VersionedNodeClaim claim = initializedClaim();

        Terminator.Status first = terminator(Duration.ofSeconds(5)).terminate(claim, DisruptionReason.INTERRUPTED);

        assertThat(first).isInstanceOfSatisfying(Terminator.Status.Draining.class, d -> {
            assertThat(d.waitingPods()).isEqualTo(2);
            assertThat(d.blockedByDisruptionBudget()).isEqualTo(1);
        });
        assertThat(evictions).allMatch(e -> e.equals("web-0:429"));
        assertThat(cloud.terminated).isEmpty();
        assertThat(cluster.seed.nodes().withName(NODE).get().getSpec().getTaints())
                .extracting(t -> t.getKey())
                .containsExactly("karpenter.sh/disrupted");
        VersionedNodeClaim stored = store.get(CLUSTER, "general-abc12").orElseThrow();
        assertThat(stored.nodeClaim().status().phase()).isEqualTo(NodeClaimPhase.DRAINING);

        healthyWeb.add("web-1");
        Terminator.Status second = terminator(Duration.ofSeconds(5)).terminate(stored, DisruptionReason.INTERRUPTED);

        assertThat(second).isInstanceOf(Terminator.Status.Terminated.class);
        assertThat(evictions.subList(evictions.size() - 2, evictions.size())).containsExactly("web-0:201", "ds-0:201");
        assertThat(cloud.terminated).containsExactly(INSTANCE);
        assertThat(cluster.seed.nodes().withName(NODE).get()).isNull();
    }

    /** One reply of a stub. */
    private record Reply(int code, String body) {}

    /** A fabric8 response provider that decides once per request (status and body come from the same decision). */
    private static final class Answer implements ResponseProvider<Object> {
        private final java.util.function.Function<RecordedRequest, Reply> decide;
        private final Map<RecordedRequest, Reply> decided = new IdentityHashMap<>();
        private Headers headers = Headers.builder().build();

        Answer(java.util.function.Function<RecordedRequest, Reply> decide) {
            this.decide = decide;
        }

        private synchronized Reply reply(RecordedRequest request) {
            return decided.computeIfAbsent(request, decide);
        }

        @Override
        public int getStatusCode(RecordedRequest request) {
            return reply(request).code();
        }

        @Override
        public Object getBody(RecordedRequest request) {
            return reply(request).body();
        }

        @Override
        public Headers getHeaders() {
            return headers;
        }

        @Override
        public void setHeaders(Headers headers) {
            this.headers = headers;
        }
    }

    /**
     * Records terminations and reports the instance running until then (a drain skips nodes whose instance is gone).
     */
    private static final class TerminatingCloud implements CloudProvider {
        final List<String> terminated = new CopyOnWriteArrayList<>();

        @Override
        public List<InstanceType> instanceTypes(dev.fleetwright.core.api.Ec2NodeClass nodeClass) {
            throw new UnsupportedOperationException("not used by drain");
        }

        @Override
        public LaunchResult launch(LaunchRequest request) {
            throw new UnsupportedOperationException("not used by drain");
        }

        @Override
        public void terminate(String instanceId) {
            terminated.add(instanceId);
        }

        @Override
        public List<CloudInstance> instances() {
            return terminated.contains(INSTANCE) ? List.of() : List.of(running());
        }

        @Override
        public Optional<CloudInstance> instanceOf(String nodeClaimName) {
            return instances().stream().findFirst();
        }

        private static CloudInstance running() {
            return new CloudInstance(
                    INSTANCE,
                    "m5.large",
                    "us-east-1a",
                    CapacityType.ON_DEMAND,
                    "running",
                    T0,
                    Map.of("karpenter.sh/nodeclaim", "default-abcde"));
        }
    }
}
