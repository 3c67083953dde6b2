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
import dev.fleetwright.forwarder.watch.ClientJavaPodClient;
import dev.fleetwright.forwarder.watch.PodWatcher;
import dev.fleetwright.forwarder.watch.Sleeper;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClientBuilder;

/**
 * The forwarder's composition root: reads {@link ForwarderSettings} from the environment, connects to the API server
 * with the pod's service account ({@code ClientBuilder.cluster()}: the mounted, rotating token and CA) and to
 * EventBridge with the default credential chain (EKS Pod Identity in the cluster; no secrets), starts the watch
 * thread, the send thread and the health server, and on SIGTERM stops watching, sends what is still unsent once, and
 * exits.
 */
public final class ForwarderMain {

    private static final System.Logger LOG = System.getLogger(ForwarderMain.class.getName());

    /** Pods per list page: the API server's usual cap; pages keep a large cluster's first list bounded in memory. */
    static final int PAGE_SIZE = 500;

    private ForwarderMain() {}

    /**
     * Runs the forwarder until SIGTERM.
     *
     * @param args ignored; configuration comes from the environment
     * @throws Exception when start-up fails (bad settings, no service account, port in use); the JVM exits non-zero
     */
    public static void main(String[] args) throws Exception {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %3$s %5$s%6$s%n");
        }
        ForwarderSettings settings;
        try {
            settings = ForwarderSettings.fromEnvironment(System.getenv());
        } catch (SettingsException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        ApiClient apiClient = ClientBuilder.cluster().build();
        apiClient.setReadTimeout(Math.toIntExact(
                ClientJavaPodClient.readTimeoutFor(settings.watchTimeout()).toMillis()));
        try (EventBridgeClient eventBridge = eventBridge(settings)) {
            run(settings, apiClient, eventBridge, Clock.systemUTC());
        }
    }

    private static EventBridgeClient eventBridge(ForwarderSettings settings) {
        EventBridgeClientBuilder builder = EventBridgeClient.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(20))
                        .build())
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(60)));
        settings.eventBridgeEndpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private static void run(ForwarderSettings settings, ApiClient apiClient, EventBridgeClient eventBridge, Clock clock)
            throws IOException, InterruptedException {
        ForwarderMetrics metrics = new ForwarderMetrics();
        // Jitter only spreads retries; seeding from the clock at start is fine here (no snapshot restore).
        Random random = new Random(clock.millis() ^ settings.forwarderName().hashCode());
        Wakeup wakeup = new Wakeup();
        PendingPodBatcher batcher = new PendingPodBatcher(clock, settings.batchTimings());
        PodWatcher watcher = new PodWatcher(
                new ClientJavaPodClient(apiClient),
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
        SendLoop sendLoop = new SendLoop(
                batcher,
                publisher,
                new Backoff(settings.backoffInitial(), settings.backoffMax(), random),
                clock,
                wakeup,
                metrics);

        Thread watchThread = new Thread(watcher, "pod-watch");
        Thread sendThread = new Thread(sendLoop, "send");
        CountDownLatch stopped = new CountDownLatch(1);
        try (HealthServer health = HealthServer.start(
                settings.httpPort(),
                () -> watchThread.isAlive() && sendThread.isAlive(),
                watcher::hasListed,
                metrics::render)) {
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                LOG.log(System.Logger.Level.INFO, "stopping: sending what is unsent, then exiting");
                                watcher.stop();
                                watchThread.interrupt();
                                sendLoop.stop();
                                try {
                                    sendThread.join(Duration.ofSeconds(5));
                                    watchThread.join(Duration.ofSeconds(5));
                                    if (!sendLoop.drain()) {
                                        LOG.log(
                                                System.Logger.Level.WARNING,
                                                "some pending pods were not accepted before exit; the provisioner's sweep covers them");
                                    }
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                } finally {
                                    stopped.countDown();
                                }
                            },
                            "shutdown"));
            watchThread.start();
            sendThread.start();
            LOG.log(
                    System.Logger.Level.INFO,
                    "forwarding pending pods of cluster {0} to event bus {1} in {2}; health on port {3}",
                    settings.clusterName(),
                    settings.eventBus(),
                    settings.region(),
                    String.valueOf(health.port()));
            stopped.await();
        }
    }
}
