package dev.fleetwright.forwarder.watch;

import static dev.fleetwright.forwarder.fixtures.TestPods.pending;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetwright.forwarder.fixtures.MutableClock;
import dev.fleetwright.forwarder.metrics.ForwarderMetrics;
import io.kubernetes.client.openapi.models.V1Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PodWatcherTest {

    private final FakePodClient client = new FakePodClient();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final List<Duration> sleeps = new ArrayList<>();
    private final List<String> sink = new ArrayList<>();
    private final ForwarderMetrics metrics = new ForwarderMetrics();

    /** Every watch lasts a minute on the fake clock unless a test says otherwise. */
    private Duration watchDuration = Duration.ofMinutes(1);

    private final PodWatcher watcher = new PodWatcher(
            new PodClient() {
                @Override
                public PodPage list(Optional<String> continueToken, int limit) throws KubernetesApiException {
                    return client.list(continueToken, limit);
                }

                @Override
                public PodEventStream watch(String resourceVersion, Duration timeout) throws KubernetesApiException {
                    PodEventStream stream = client.watch(resourceVersion, timeout);
                    clock.advance(watchDuration);
                    return stream;
                }
            },
            new PodSink() {
                @Override
                public void replaceAll(List<V1Pod> pods) {
                    sink.add("replaceAll "
                            + pods.stream().map(p -> p.getMetadata().getName()).toList());
                }

                @Override
                public void upsert(V1Pod pod) {
                    sink.add("upsert " + pod.getMetadata().getName());
                }

                @Override
                public void delete(V1Pod pod) {
                    sink.add("delete " + pod.getMetadata().getName());
                }
            },
            2,
            Duration.ofMinutes(5),
            new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new SplittableRandom(11)),
            duration -> {
                sleeps.add(duration);
                clock.advance(duration);
            },
            clock,
            metrics);

    {
        client.watcher = watcher;
    }

    private static PodPage page(String resourceVersion, Optional<String> next, String... names) {
        List<V1Pod> pods = new ArrayList<>();
        for (String name : names) {
            pods.add(pending(name).build());
        }
        return new PodPage(pods, resourceVersion, next);
    }

    private static PodEvent.Upsert added(String name, String resourceVersion) {
        return new PodEvent.Upsert(
                pending(name).resourceVersion(resourceVersion).build());
    }

    @Nested
    class ListAndWatch {

        @Test
        @DisplayName("should list every page, hand over the complete list, then watch from its resourceVersion")
        void pagesThenWatch() {
            client.list(page("10", Optional.of("tok"), "a", "b"))
                    .list(page("10", Optional.empty(), "c"))
                    .watch(
                            added("d", "11"),
                            new PodEvent.Deleted(
                                    pending("a").resourceVersion("12").build()));

            assertThat(watcher.hasListed()).isFalse();
            watcher.run();

            assertThat(watcher.hasListed()).isTrue();
            assertThat(client.calls).startsWith("list", "list continue=tok", "watch rv=10", "watch rv=12");
            assertThat(sink).containsExactly("replaceAll [a, b, c]", "upsert d", "delete a");
        }

        @Test
        @DisplayName(
                "should resume an expired watch from the last resourceVersion, a bookmark's included, without listing")
        void resumesAfterExpiry() {
            client.list(page("10", Optional.empty()))
                    .watch(added("a", "11"), new PodEvent.Bookmark("15"))
                    .watch();

            watcher.run();

            assertThat(client.calls).startsWith("list", "watch rv=10", "watch rv=15", "watch rv=15");
            assertThat(client.calls.stream().filter(c -> c.startsWith("list"))).hasSize(1);
            assertThat(metrics.watchRestarts("expired")).isEqualTo(2);
            assertThat(sleeps).isEmpty();
        }
    }

    @Nested
    class Gone {

        @Test
        @DisplayName("should list again when the watch answers 410 Gone, and carry on watching from the new list")
        void goneStatus() {
            client.list(page("10", Optional.empty(), "old"))
                    .watchFails(FakePodClient.status(410))
                    .list(page("50", Optional.empty(), "new"))
                    .watch(added("newer", "51"));

            watcher.run();

            assertThat(client.calls).startsWith("list", "watch rv=10", "list", "watch rv=50", "watch rv=51");
            assertThat(sink).containsExactly("replaceAll [old]", "replaceAll [new]", "upsert newer");
            assertThat(metrics.watchRestarts("gone")).isEqualTo(1);
            assertThat(sleeps).as("the first 410 re-lists at once").isEmpty();
        }

        @Test
        @DisplayName("should list again on an ERROR event with code 410 in the stream")
        void goneEvent() {
            client.list(page("10", Optional.empty()))
                    .watch(added("a", "11"), new PodEvent.Failure(410, "Expired", "too old resource version: 11"))
                    .list(page("60", Optional.empty(), "a"));

            watcher.run();

            assertThat(client.calls).startsWith("list", "watch rv=10", "list", "watch rv=60");
            assertThat(metrics.watchRestarts("gone")).isEqualTo(1);
        }

        @Test
        @DisplayName("should back off when watches keep failing with 410 right after listing")
        void goneLoop() {
            client.list(page("10", Optional.empty()))
                    .watchFails(FakePodClient.status(410))
                    .list(page("20", Optional.empty()))
                    .watchFails(FakePodClient.status(410))
                    .list(page("30", Optional.empty()));

            watcher.run();

            assertThat(sleeps).hasSize(1);
            assertThat(sleeps.get(0)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
        }
    }

    @Nested
    class Throttling {

        @Test
        @DisplayName("should wait the server's Retry-After when it exceeds the backoff, then retry the list")
        void retryAfterOnList() {
            client.listFails(FakePodClient.throttled(Duration.ofSeconds(7))).list(page("10", Optional.empty(), "a"));

            watcher.run();

            assertThat(sleeps.get(0)).isEqualTo(Duration.ofSeconds(7));
            assertThat(sink).startsWith("replaceAll [a]");
        }

        @Test
        @DisplayName("should resume a throttled watch from the same resourceVersion after waiting")
        void throttledWatch() {
            client.list(page("10", Optional.empty()))
                    .watch(added("a", "11"), FakePodClient.throttled(Duration.ofSeconds(3)))
                    .watch(added("b", "12"));

            watcher.run();

            assertThat(client.calls).startsWith("list", "watch rv=10", "watch rv=11", "watch rv=12");
            assertThat(sleeps.get(0)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
            assertThat(metrics.watchRestarts("throttled")).isEqualTo(1);
        }
    }

    @Nested
    class Errors {

        @Test
        @DisplayName("should back off exponentially with jitter while the API server keeps failing")
        void exponential() {
            client.listFails(FakePodClient.status(500))
                    .listFails(FakePodClient.status(0))
                    .listFails(FakePodClient.status(503))
                    .list(page("10", Optional.empty()));

            watcher.run();

            assertThat(sleeps.subList(0, 3))
                    .satisfiesExactly(
                            first -> assertThat(first).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1)),
                            second -> assertThat(second).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2)),
                            third -> assertThat(third).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4)));
            assertThat(watcher.hasListed()).isTrue();
        }

        @Test
        @DisplayName("should treat a watch that ends at once without events as a failure and back off")
        void emptyWatches() {
            watchDuration = Duration.ZERO;
            client.list(page("10", Optional.empty())).watch().watch();

            watcher.run();

            assertThat(sleeps).hasSizeGreaterThanOrEqualTo(2);
            assertThat(sleeps.get(1)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
        }

        @Test
        @DisplayName("should not be ready while no list has completed")
        void notReady() {
            client.listFails(FakePodClient.status(403));

            watcher.run();

            assertThat(watcher.hasListed()).isFalse();
            assertThat(sink).isEmpty();
        }
    }
}
