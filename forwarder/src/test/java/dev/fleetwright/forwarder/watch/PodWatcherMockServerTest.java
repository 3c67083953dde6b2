package dev.fleetwright.forwarder.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetwright.forwarder.fixtures.FakeEventBridge;
import dev.fleetwright.forwarder.fixtures.MutableClock;
import dev.fleetwright.forwarder.fixtures.TestPods;
import dev.fleetwright.forwarder.metrics.ForwarderMetrics;
import dev.fleetwright.forwarder.publish.BatchTimings;
import dev.fleetwright.forwarder.publish.EntryPacker;
import dev.fleetwright.forwarder.publish.EventPublisher;
import dev.fleetwright.forwarder.publish.PendingPodBatcher;
import dev.fleetwright.forwarder.publish.PendingPodFilter;
import dev.fleetwright.forwarder.publish.PutEventsLimits;
import dev.fleetwright.forwarder.publish.SendLoop;
import dev.fleetwright.forwarder.publish.Wakeup;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.util.ClientBuilder;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The watcher over real HTTP: fabric8's mock API server (CRUD mode for lists, expectations for watch streams, which
 * CRUD mode serves only over WebSocket) and client-java as the client.
 */
class PodWatcherMockServerTest {

    private static String watchPath(String resourceVersion) {
        return "/api/v1/pods?allowWatchBookmarks=true&fieldSelector=spec.nodeName%3D&resourceVersion=" + resourceVersion
                + "&timeoutSeconds=300&watch=true";
    }

    private static final String LIST = "/api/v1/pods?fieldSelector=spec.nodeName%3D&limit=500";

    private KubernetesMockServer server;
    private NamespacedKubernetesClient seed;
    private ApiClient apiClient;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final ForwarderMetrics metrics = new ForwarderMetrics();
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final PendingPodBatcher batcher = new PendingPodBatcher(clock, BatchTimings.DEFAULT);
    private final FakeEventBridge eventBridge = new FakeEventBridge();
    private PodWatcher watcher;
    private Thread thread;

    @BeforeEach
    void startServer() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(
                new Context(), new MockWebServer(), responses, new KubernetesMixedDispatcher(responses), false);
        server.init();
        seed = server.createClient();
        apiClient = new ClientBuilder()
                .setBasePath(server.url("/").replaceAll("/$", ""))
                .build();
        apiClient.setReadTimeout(10_000);
        watcher = new PodWatcher(
                new ClientJavaPodClient(apiClient),
                new PendingPodFilter(batcher, metrics, () -> {}),
                500,
                Duration.ofMinutes(5),
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new SplittableRandom(5)),
                duration -> {
                    sleeps.add(duration);
                    Thread.sleep(5); // keep the unscripted retry loop gentle on the test machine
                },
                clock,
                metrics);
    }

    @AfterEach
    void stopServer() throws InterruptedException {
        if (thread != null) {
            watcher.stop();
            thread.interrupt();
            thread.join(10_000);
        }
        seed.close();
        server.destroy();
    }

    private void seed(String yaml) {
        seed.resource(yaml).create();
    }

    private void seedPending(String name) {
        seed("""
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, namespace: default}
                spec: {containers: [{name: app, image: nginx, resources: {requests: {cpu: 250m}}}]}
                status:
                  phase: Pending
                  conditions:
                  - {type: PodScheduled, status: "False", reason: Unschedulable, lastTransitionTime: "2026-11-22T09:59:58Z"}
                """.formatted(name));
    }

    private void seedBound(String name) {
        seed("""
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, namespace: default}
                spec: {nodeName: ip-10-0-0-1, containers: [{name: app, image: nginx}]}
                status: {phase: Running}
                """.formatted(name));
    }

    private String crudResourceVersion() {
        return seed.pods().inAnyNamespace().list().getMetadata().getResourceVersion();
    }

    private String eventLine(String type, V1Pod pod) {
        return "{\"type\":\"" + type + "\",\"object\":" + apiClient.getJSON().serialize(pod) + "}\n";
    }

    private void start() {
        thread = new Thread(watcher, "pod-watch-test");
        thread.setDaemon(true);
        thread.start();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    private List<String> getRequests() throws InterruptedException {
        List<String> paths = new ArrayList<>();
        int count = server.getRequestCount();
        for (int i = 0; i < count; i++) {
            RecordedRequest request = server.takeRequest();
            if ("GET".equals(request.getMethod())) {
                paths.add(URLDecoder.decode(request.getPath(), StandardCharsets.UTF_8));
            }
        }
        return paths;
    }

    @Test
    @DisplayName("should forward a pod that a watch event reports newly pending, and not the bound ones")
    void watchedPodIsForwarded() throws Exception {
        seedPending("early");
        seedBound("running"); // the mock ignores the field selector: the rule must still skip bound pods
        String listVersion = crudResourceVersion();
        V1Pod web = TestPods.pending("web-1")
                .uid("7d1c2e9a-0000-4000-8000-000000000001")
                .resourceVersion("9001")
                .requests(Map.of("cpu", "1", "memory", "1Gi"))
                .build();
        server.expect()
                .get()
                .withPath(watchPath(listVersion))
                .andReturn(200, eventLine("ADDED", web))
                .once();

        start();
        await("web-1 is pending in the batcher", () -> batcher.size() == 2);

        clock.advance(Duration.ofSeconds(1));
        SendLoop sendLoop = new SendLoop(
                batcher,
                new EventPublisher(
                        eventBridge,
                        "fleetwright-dev",
                        "eks-dev",
                        "fwd-1",
                        new EntryPacker(PutEventsLimits.AWS),
                        clock,
                        metrics),
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new SplittableRandom(5)),
                clock,
                new Wakeup(),
                metrics);
        sendLoop.runOnce();

        assertThat(watcher.hasListed()).isTrue();
        assertThat(eventBridge.requests()).hasSize(1);
        String detail = eventBridge.requests().get(0).entries().get(0).detail();
        assertThat(detail)
                .contains("\"name\":\"web-1\"", "\"uid\":\"7d1c2e9a-0000-4000-8000-000000000001\"")
                .contains("\"requests\":{\"cpu\":\"1\",\"memory\":\"1Gi\"}")
                .contains("\"name\":\"early\"")
                .doesNotContain("running");
        assertThat(getRequests())
                .contains(
                        "/api/v1/pods?fieldSelector=spec.nodeName=&limit=500",
                        "/api/v1/pods?allowWatchBookmarks=true&fieldSelector=spec.nodeName=&resourceVersion="
                                + listVersion + "&timeoutSeconds=300&watch=true",
                        "/api/v1/pods?allowWatchBookmarks=true&fieldSelector=spec.nodeName=&resourceVersion=9001"
                                + "&timeoutSeconds=300&watch=true");
    }

    @Test
    @DisplayName("should list again after a 410 Gone in the watch stream and carry on from the new list")
    void goneRelists() throws Exception {
        // First list: scripted, with a pod that is gone by the time of the second list (CRUD).
        V1Pod old = TestPods.pending("old").resourceVersion("100").build();
        server.expect()
                .get()
                .withPath(LIST)
                .andReturn(
                        200,
                        "{\"apiVersion\":\"v1\",\"kind\":\"PodList\",\"metadata\":{\"resourceVersion\":\"100\"},"
                                + "\"items\":[" + apiClient.getJSON().serialize(old) + "]}")
                .once();
        server.expect()
                .get()
                .withPath(watchPath("100"))
                .andReturn(
                        200,
                        "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
                                + "\"status\":\"Failure\",\"message\":\"too old resource version: 100 (200)\","
                                + "\"reason\":\"Expired\",\"code\":410}}\n")
                .once();
        seedPending("new");
        String relistVersion = crudResourceVersion();

        start();
        // The watch from the second list's resourceVersion is not scripted: the mock refuses it, the watcher backs off.
        await("a watch after the second list", () -> metrics.watchRestarts("gone") == 1 && !sleeps.isEmpty());

        assertThat(batcher.takeAllUnsent()).extracting(p -> p.name()).containsExactly("new");

        List<String> gets = getRequests();
        assertThat(gets)
                .containsSubsequence(
                        "/api/v1/pods?fieldSelector=spec.nodeName=&limit=500",
                        "/api/v1/pods?allowWatchBookmarks=true&fieldSelector=spec.nodeName=&resourceVersion=100"
                                + "&timeoutSeconds=300&watch=true",
                        "/api/v1/pods?fieldSelector=spec.nodeName=&limit=500",
                        "/api/v1/pods?allowWatchBookmarks=true&fieldSelector=spec.nodeName=&resourceVersion="
                                + relistVersion + "&timeoutSeconds=300&watch=true");
    }

    @Test
    @DisplayName("should honour Retry-After of a throttled list (429) over HTTP")
    void throttledList() throws Exception {
        server.expect()
                .get()
                .withPath(LIST)
                .andReturn(429, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":429}")
                .withHeader("Retry-After", "4")
                .once();
        seedPending("a");

        start();
        await("the list succeeded after the throttle", watcher::hasListed);

        assertThat(sleeps.get(0)).isGreaterThanOrEqualTo(Duration.ofSeconds(4));
        assertThat(batcher.size()).isEqualTo(1);
    }
}
