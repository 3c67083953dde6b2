package dev.fleetwright.forwarder.watch;

import dev.fleetwright.forwarder.metrics.ForwarderMetrics;
import io.kubernetes.client.openapi.models.V1Pod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The list-and-watch loop over unbound pods, after client-go's Reflector ({@code k8s.io/client-go/tools/cache
 * reflector.go}):
 *
 * <ol>
 *   <li>list all pages, hand the complete list to the {@link PodSink} ({@link PodSink#replaceAll}) and remember the
 *       list's resourceVersion; the first complete list makes the forwarder ready;
 *   <li>watch from that resourceVersion; every event moves the resourceVersion on (bookmarks too);
 *   <li>when the server ends the watch (its timeout), watch again from the last resourceVersion;
 *   <li>on {@code 410 Gone} (as an HTTP status or an ERROR event) the resourceVersion is too old: list again;
 *   <li>on {@code 429} wait for the server's {@code Retry-After} (at least the backoff), on other errors wait the
 *       backoff, then retry the failed step. A failed watch resumes from the last resourceVersion, so nothing is
 *       missed; if that is too old, the server says 410 and the loop lists again.
 * </ol>
 *
 * <p>The backoff is reset only by progress (a watch event, or a watch the server kept open for at least {@link
 * #QUIET_WATCH}), so a server that answers every list with a watch that fails at once is not hammered. A watch that
 * ends normally without events sooner than {@link #QUIET_WATCH} is treated like an error.
 */
public final class PodWatcher implements Runnable {

    /** A watch the server keeps open at least this long counts as healthy even without events. */
    public static final Duration QUIET_WATCH = Duration.ofSeconds(5);

    private static final System.Logger LOG = System.getLogger(PodWatcher.class.getName());

    private final PodClient client;
    private final PodSink sink;
    private final int pageSize;
    private final Duration watchTimeout;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final Clock clock;
    private final ForwarderMetrics metrics;

    private volatile boolean stopped;
    private volatile boolean listed;
    private volatile PodClient.PodEventStream current;

    /**
     * Creates the loop; {@link #run()} starts it.
     *
     * @param client the API port; not null
     * @param sink receives the pods; not null
     * @param pageSize pods per list page, at least 1 (the API server's default cap is 500)
     * @param watchTimeout the server-side timeout of each watch; positive
     * @param backoff delays between failed attempts; owned by this loop
     * @param sleeper how to wait; not null
     * @param clock measures how long a watch stayed open; not null
     * @param metrics counts restarts; not null
     * @throws IllegalArgumentException if {@code pageSize < 1} or {@code watchTimeout} is not positive
     */
    public PodWatcher(
            PodClient client,
            PodSink sink,
            int pageSize,
            Duration watchTimeout,
            Backoff backoff,
            Sleeper sleeper,
            Clock clock,
            ForwarderMetrics metrics) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize: must be at least 1, was " + pageSize);
        }
        if (watchTimeout.isNegative() || watchTimeout.isZero()) {
            throw new IllegalArgumentException("watchTimeout: must be positive, was " + watchTimeout);
        }
        this.client = Objects.requireNonNull(client, "client");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.pageSize = pageSize;
        this.watchTimeout = watchTimeout;
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** @return whether a complete list has been handed to the sink (the forwarder's readiness) */
    public boolean hasListed() {
        return listed;
    }

    /** Ends the loop: closes the open watch; {@link #run()} returns soon after. Idempotent. */
    public void stop() {
        stopped = true;
        PodClient.PodEventStream stream = current;
        if (stream != null) {
            stream.close();
        }
    }

    /** Lists and watches until {@link #stop()} or interruption. Never throws. */
    @Override
    public void run() {
        try {
            while (!stopped) {
                Optional<String> resourceVersion = listAll();
                if (resourceVersion.isPresent()) {
                    watchFrom(resourceVersion.get());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // A sink or client bug: end the loop loudly; liveness then restarts the container.
            LOG.log(System.Logger.Level.ERROR, "pod watcher stopped by an unexpected error", e);
            throw e;
        }
    }

    /** @return the list's resourceVersion, or empty after a failure (already waited for) */
    private Optional<String> listAll() throws InterruptedException {
        List<V1Pod> pods = new ArrayList<>();
        Optional<String> continueToken = Optional.empty();
        String resourceVersion;
        try {
            do {
                PodPage page = client.list(continueToken, pageSize);
                pods.addAll(page.pods());
                resourceVersion = page.resourceVersion();
                continueToken = page.continueToken();
            } while (continueToken.isPresent() && !stopped);
        } catch (KubernetesApiException e) {
            // 410 here means the continue token expired: the next attempt starts a fresh list.
            Duration delay = delayAfter(e);
            LOG.log(System.Logger.Level.WARNING, "listing pods failed, retrying in {0}: {1}", delay, e.getMessage());
            sleeper.sleep(delay);
            return Optional.empty();
        }
        if (stopped) {
            return Optional.empty();
        }
        sink.replaceAll(pods);
        if (!listed) {
            LOG.log(System.Logger.Level.INFO, "first pod list complete: {0} unbound pods", pods.size());
        }
        listed = true;
        return Optional.of(resourceVersion);
    }

    /** Watches until the resourceVersion is gone (then returns, so the caller lists again) or the loop stops. */
    private void watchFrom(String listResourceVersion) throws InterruptedException {
        String resourceVersion = listResourceVersion;
        while (!stopped) {
            Instant opened = clock.instant();
            int events = 0;
            try (PodClient.PodEventStream stream = client.watch(resourceVersion, watchTimeout)) {
                current = stream;
                Optional<PodEvent> next;
                while (!stopped && (next = stream.next()).isPresent()) {
                    PodEvent event = next.get();
                    switch (event) {
                        case PodEvent.Upsert upsert -> {
                            sink.upsert(upsert.pod());
                            resourceVersion = resourceVersionOf(upsert.pod(), resourceVersion);
                        }
                        case PodEvent.Deleted deleted -> {
                            sink.delete(deleted.pod());
                            resourceVersion = resourceVersionOf(deleted.pod(), resourceVersion);
                        }
                        case PodEvent.Bookmark bookmark -> resourceVersion = bookmark.resourceVersion();
                        case PodEvent.Failure failure ->
                            throw new KubernetesApiException(
                                    failure.code(),
                                    Optional.empty(),
                                    "watch pods: ERROR event " + failure.code() + " " + failure.reason() + ": "
                                            + failure.message(),
                                    null);
                    }
                    events++;
                    backoff.reset();
                }
                if (stopped) {
                    return;
                }
                metrics.watchRestart("expired");
                if (events == 0 && Duration.between(opened, clock.instant()).compareTo(QUIET_WATCH) < 0) {
                    Duration delay = backoff.next();
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "pod watch ended at once without events, retrying in {0}",
                            delay);
                    sleeper.sleep(delay);
                } else if (events == 0) {
                    backoff.reset();
                }
            } catch (KubernetesApiException e) {
                if (stopped) {
                    return;
                }
                if (e.isGone()) {
                    metrics.watchRestart("gone");
                    // Listing again is the cure; wait only when the previous cycle also made no progress.
                    Duration delay = backoff.next();
                    LOG.log(
                            System.Logger.Level.INFO,
                            "pod watch resourceVersion {0} expired (410), listing again",
                            resourceVersion);
                    if (backoff.failures() > 1) {
                        sleeper.sleep(delay);
                    }
                    return;
                }
                metrics.watchRestart(e.isThrottled() ? "throttled" : "error");
                Duration delay = delayAfter(e);
                LOG.log(
                        System.Logger.Level.WARNING,
                        "pod watch failed, resuming from resourceVersion {0} in {1}: {2}",
                        resourceVersion,
                        delay,
                        e.getMessage());
                sleeper.sleep(delay);
            } finally {
                current = null;
            }
        }
    }

    private Duration delayAfter(KubernetesApiException e) {
        Duration delay = backoff.next();
        if (e.isThrottled()
                && e.retryAfter().isPresent()
                && e.retryAfter().get().compareTo(delay) > 0) {
            return e.retryAfter().get();
        }
        return delay;
    }

    private static String resourceVersionOf(V1Pod pod, String fallback) {
        String resourceVersion =
                pod.getMetadata() == null ? null : pod.getMetadata().getResourceVersion();
        return resourceVersion == null || resourceVersion.isBlank() ? fallback : resourceVersion;
    }
}
