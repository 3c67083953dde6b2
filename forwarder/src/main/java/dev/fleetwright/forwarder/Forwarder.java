package dev.fleetwright.forwarder;

import dev.fleetwright.forwarder.http.HealthServer;
import dev.fleetwright.forwarder.metrics.ForwarderMetrics;
import dev.fleetwright.forwarder.publish.EntryPacker;
import dev.fleetwright.forwarder.publish.EventPublisher;
import dev.fleetwright.forwarder.publish.PendingPodBatcher;
import dev.fleetwright.forwarder.publish.PendingPodFilter;
import dev.fleetwright.forwarder.publish.PutEventsLimits;
import dev.fleetwright.forwarder.publish.SendLoop;
import dev.fleetwright.forwarder.publish.Wakeup;
import dev.fleetwright.forwarder.watch.Backoff;
import dev.fleetwright.forwarder.watch.PodClient;
import dev.fleetwright.forwarder.watch.PodWatcher;
import dev.fleetwright.forwarder.watch.Sleeper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * A running forwarder: the watch thread ({@link PodWatcher}), the send thread ({@link SendLoop}) and the health
 * server, wired from {@link ForwarderSettings} and the two clients. {@link ForwarderMain} builds the clients for the
 * cluster; tests build them for local engines.
 */
public final class Forwarder implements AutoCloseable {

    /** Pods per list page: the API server's usual cap; pages keep a large cluster's first list bounded in memory. */
    public static final int PAGE_SIZE = 500;

    /** How long {@link #close()} waits for each thread before the final send. */
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);

    private static final System.Logger LOG = System.getLogger(Forwarder.class.getName());

    private final ForwarderMetrics metrics;
    private final PodWatcher watcher;
    private final SendLoop sendLoop;
    private final Thread watchThread;
    private final Thread sendThread;
    private final HealthServer health;
    private boolean closed;

    private Forwarder(
            ForwarderSettings settings,
            PodClient podClient,
            EventBridgeClient eventBridge,
            Clock clock,
            RandomGenerator random)
            throws IOException {
        metrics = new ForwarderMetrics();
        Wakeup wakeup = new Wakeup();
        PendingPodBatcher batcher = new PendingPodBatcher(clock, settings.batchTimings());
        watcher = new PodWatcher(
                podClient,
                new PendingPodFilter(batcher, metrics, wakeup::signal),
                PAGE_SIZE,
                settings.watchTimeout(),
                new Backoff(settings.backoffInitial(), settings.backoffMax(), random),
                Sleeper.SYSTEM,
                clock,
                metrics);
        EventPublisher publisher = new EventPublisher(
                eventBridge,
                settings.eventBus(),
                settings.clusterName(),
                settings.forwarderName(),
                new EntryPacker(PutEventsLimits.AWS),
                clock,
                metrics);
        sendLoop = new SendLoop(
                batcher,
                publisher,
                new Backoff(settings.backoffInitial(), settings.backoffMax(), random),
                clock,
                wakeup,
                metrics);
        watchThread = new Thread(watcher, "pod-watch");
        sendThread = new Thread(sendLoop, "send");
        health = HealthServer.start(
                settings.httpPort(),
                () -> watchThread.isAlive() && sendThread.isAlive(),
                watcher::hasListed,
                metrics::render);
        watchThread.start();
        sendThread.start();
    }

    /**
     * Starts watching and forwarding.
     *
     * @param settings the configuration; not null
     * @param podClient the Kubernetes API port; not null
     * @param eventBridge the EventBridge client for the bus's region; not null; closed by the caller
     * @param clock the time source; not null
     * @param random the backoff jitter source; not null
     * @return the running forwarder; {@link #close()} stops it
     * @throws IOException if the health port cannot be bound
     */
    public static Forwarder start(
            ForwarderSettings settings,
            PodClient podClient,
            EventBridgeClient eventBridge,
            Clock clock,
            RandomGenerator random)
            throws IOException {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(podClient, "podClient");
        Objects.requireNonNull(eventBridge, "eventBridge");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        return new Forwarder(settings, podClient, eventBridge, clock, random);
    }

    /** @return the bound health and metrics port */
    public int httpPort() {
        return health.port();
    }

    /** @return whether the first complete pod list has been read */
    public boolean isReady() {
        return watcher.hasListed();
    }

    /** @return the live metrics */
    public ForwarderMetrics metrics() {
        return metrics;
    }

    /**
     * Stops watching, lets the send thread finish its pass, sends every pod not yet accepted once, and stops the
     * health server. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        watcher.stop();
        watchThread.interrupt();
        sendLoop.stop();
        try {
            sendThread.join(JOIN_TIMEOUT);
            watchThread.join(JOIN_TIMEOUT);
            if (!sendLoop.drain()) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "some pending pods were not accepted before exit; the provisioner's sweep covers them");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            health.close();
        }
    }
}
