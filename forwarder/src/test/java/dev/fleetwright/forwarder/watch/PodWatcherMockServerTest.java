package dev.fleetwright.forwarder.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetwright.forwarder.fixtures.FakeEventBridge;
import dev.fleetwright.forwarder.fixtures.MockKubernetes;
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
import io.kubernetes.client.openapi.models.V1Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The watcher over real HTTP: fabric8's mock API server and client-java as the client. */
class PodWatcherMockServerTest {

    private static final String LIST = "/api/v1/pods?fieldSelector=spec.nodeName=&limit=500";

    private final MockKubernetes kubernetes = new MockKubernetes();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final ForwarderMetrics metrics = new ForwarderMetrics();
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final PendingPodBatcher batcher = new PendingPodBatcher(clock, BatchTimings.DEFAULT);
    private final PodWatcher watcher = new PodWatcher(
            new ClientJavaPodClient(kubernetes.apiClient()),
            new PendingPodFilter(batcher, metrics, () -> {}),
            500,
            Duration.ofMinutes(5),
            new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new SplittableRandom(5)),
            duration -> {
                sleeps.add(duration);
                Thread.sleep(5); // unscripted requests fail; keep that retry loop gentle on the machine
            },
            clock,
            metrics);
    private Thread thread;

    @AfterEach
    void stop() throws InterruptedException {
        if (thread != null) {
            watcher.stop();
            thread.interrupt();
            thread.join(10_000);
        }
        kubernetes.close();
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

    private static String decodedWatch(String resourceVersion) {
        return MockKubernetes.watchPath(resourceVersion).replace("%3D", "=");
    }

    @Test
    @DisplayName("should forward a pod that a watch event reports newly pending, and not the bound ones")
    void watchedPodIsForwarded() throws Exception {
        kubernetes.seedPending("early");
        kubernetes.seedBound("running"); // the mock ignores the field selector: the rule must still skip it
        String listVersion = kubernetes.listResourceVersion();
        V1Pod web = TestPods.pending("web-1")
                .uid("7d1c2e9a-0000-4000-8000-000000000001")
                .resourceVersion("9001")
                .requests(Map.of("cpu", "1", "memory", "1Gi"))
                .build();
        kubernetes.expectWatchOnce(listVersion, kubernetes.eventLine("ADDED", web));

        start();
        await("web-1 is pending in the batcher", () -> batcher.size() == 2);
        FakeEventBridge eventBridge = new FakeEventBridge();
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
        clock.advance(Duration.ofSeconds(1));
        sendLoop.runOnce();

        assertThat(watcher.hasListed()).isTrue();
        assertThat(eventBridge.requests()).hasSize(1);
        String detail = eventBridge.requests().get(0).entries().get(0).detail();
        assertThat(detail)
                .contains("\"name\":\"web-1\"", "\"uid\":\"7d1c2e9a-0000-4000-8000-000000000001\"")
                .contains("\"requests\":{\"cpu\":\"1\",\"memory\":\"1Gi\"}")
                .contains("\"name\":\"early\"")
                .doesNotContain("running");
        assertThat(kubernetes.takeGets()).containsSubsequence(LIST, decodedWatch(listVersion), decodedWatch("9001"));
    }

    @Test
    @DisplayName("should list again after a 410 Gone in the watch stream and carry on from the new list")
    void goneRelists() throws Exception {
        // First list scripted, with a pod that is gone by the second list (served by CRUD mode).
        kubernetes.expectListOnce(
                200,
                kubernetes.listBody(
                        "100", TestPods.pending("old").resourceVersion("100").build()));
        kubernetes.expectWatchOnce("100", MockKubernetes.goneLine("100"));
        kubernetes.seedPending("new");
        String relistVersion = kubernetes.listResourceVersion();

        start();
        // The watch from the second list's resourceVersion is not scripted: the mock refuses it, the watcher backs off.
        await("a watch after the second list", () -> metrics.watchRestarts("gone") == 1 && !sleeps.isEmpty());

        assertThat(batcher.takeAllUnsent()).extracting(p -> p.name()).containsExactly("new");
        assertThat(kubernetes.takeGets())
                .containsSubsequence(LIST, decodedWatch("100"), LIST, decodedWatch(relistVersion));
    }

    @Test
    @DisplayName("should honour Retry-After of a throttled list (429) over HTTP")
    void throttledList() throws Exception {
        kubernetes.expectListOnce(
                429,
                "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":429}",
                "Retry-After",
                "4");
        kubernetes.seedPending("a");

        start();
        await("the list succeeded after the throttle", watcher::hasListed);

        assertThat(sleeps.get(0)).isGreaterThanOrEqualTo(Duration.ofSeconds(4));
        assertThat(batcher.size()).isEqualTo(1);
    }
}
