package dev.fleetwright.forwarder.watch;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Test double: a scripted {@link PodClient}. Each list or watch call takes the next scripted answer; when the script
 * runs out, the fake stops the watcher (so a test's run() returns) and answers with an error.
 */
final class FakePodClient implements PodClient {

    sealed interface ListAnswer {}

    record Page(PodPage page) implements ListAnswer {}

    record ListFails(KubernetesApiException error) implements ListAnswer {}

    sealed interface WatchAnswer {}

    record Events(List<Object> events) implements WatchAnswer {}

    record WatchFails(KubernetesApiException error) implements WatchAnswer {}

    private final Deque<ListAnswer> lists = new ArrayDeque<>();
    private final Deque<WatchAnswer> watches = new ArrayDeque<>();
    final List<String> calls = new ArrayList<>();
    PodWatcher watcher;

    FakePodClient list(PodPage page) {
        lists.add(new Page(page));
        return this;
    }

    FakePodClient listFails(KubernetesApiException error) {
        lists.add(new ListFails(error));
        return this;
    }

    /** Events are {@link PodEvent}s or a {@link KubernetesApiException} thrown mid-stream. */
    FakePodClient watch(Object... events) {
        watches.add(new Events(List.of(events)));
        return this;
    }

    FakePodClient watchFails(KubernetesApiException error) {
        watches.add(new WatchFails(error));
        return this;
    }

    @Override
    public PodPage list(Optional<String> continueToken, int limit) throws KubernetesApiException {
        calls.add("list" + continueToken.map(t -> " continue=" + t).orElse(""));
        ListAnswer answer = lists.poll();
        if (answer == null) {
            watcher.stop();
            throw new KubernetesApiException(0, Optional.empty(), "script ended", null);
        }
        return switch (answer) {
            case Page page -> page.page();
            case ListFails fails -> throw fails.error();
        };
    }

    @Override
    public PodEventStream watch(String resourceVersion, Duration timeout) throws KubernetesApiException {
        calls.add("watch rv=" + resourceVersion);
        WatchAnswer answer = watches.poll();
        if (answer == null) {
            watcher.stop();
            throw new KubernetesApiException(0, Optional.empty(), "script ended", null);
        }
        return switch (answer) {
            case WatchFails fails -> throw fails.error();
            case Events events ->
                new PodEventStream() {
                    private final Deque<Object> remaining = new ArrayDeque<>(events.events());

                    @Override
                    public Optional<PodEvent> next() throws KubernetesApiException {
                        Object next = remaining.poll();
                        if (next == null) {
                            return Optional.empty();
                        }
                        if (next instanceof KubernetesApiException e) {
                            throw e;
                        }
                        return Optional.of((PodEvent) next);
                    }

                    @Override
                    public void close() {}
                };
        };
    }

    static KubernetesApiException status(int code) {
        return new KubernetesApiException(code, Optional.empty(), "HTTP " + code, null);
    }

    static KubernetesApiException throttled(Duration retryAfter) {
        return new KubernetesApiException(429, Optional.of(retryAfter), "HTTP 429", null);
    }
}
