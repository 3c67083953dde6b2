package dev.fleetwright.forwarder;

import dev.fleetwright.forwarder.watch.ClientJavaPodClient;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClientBuilder;

/**
 * The forwarder's composition root: reads {@link ForwarderSettings} from the environment, connects to the API server
 * with the pod's service account ({@code ClientBuilder.cluster()}: the mounted token, which it re-reads as the kubelet
 * rotates it, and the cluster CA) and to EventBridge with the default credential chain (EKS Pod Identity in the
 * cluster; no secrets), starts a {@link Forwarder}, and on SIGTERM closes it (stop watching, send what is unsent once)
 * and exits.
 */
public final class ForwarderMain {

    private static final System.Logger LOG = System.getLogger(ForwarderMain.class.getName());

    private ForwarderMain() {}

    /**
     * Runs the forwarder until SIGTERM. Exits with status 2 on invalid configuration or outside a pod.
     *
     * @param args ignored; configuration comes from the environment
     * @throws IOException when the health port cannot be bound or the service account files cannot be read
     * @throws InterruptedException when interrupted while running
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %3$s %5$s%6$s%n");
        }
        Map<String, String> env = System.getenv();
        ForwarderSettings settings;
        try {
            settings = ForwarderSettings.fromEnvironment(env);
        } catch (SettingsException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (env.get("KUBERNETES_SERVICE_HOST") == null || env.get("KUBERNETES_SERVICE_PORT") == null) {
            System.err.println("not running in a Kubernetes pod: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT"
                    + " are unset; the forwarder authenticates with its pod's service account only");
            System.exit(2);
            return;
        }
        ApiClient apiClient = ClientBuilder.cluster().build();
        apiClient.setReadTimeout(Math.toIntExact(
                ClientJavaPodClient.readTimeoutFor(settings.watchTimeout()).toMillis()));
        Clock clock = Clock.systemUTC();
        CountDownLatch stopped = new CountDownLatch(1);
        EventBridgeClient eventBridge = eventBridge(settings);
        Forwarder forwarder = Forwarder.start(
                settings,
                new ClientJavaPodClient(apiClient),
                eventBridge,
                clock,
                // Jitter only spreads retries of forwarders that failed together; a per-process seed suffices.
                new SplittableRandom(
                        System.nanoTime() ^ settings.forwarderName().hashCode()));
        // The process ends only through SIGTERM (or SIGINT): the hook stops, sends what is unsent, releases.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            LOG.log(System.Logger.Level.INFO, "stopping: sending what is unsent, then exiting");
                            forwarder.close();
                            eventBridge.close();
                            stopped.countDown();
                        },
                        "shutdown"));
        LOG.log(
                System.Logger.Level.INFO,
                "forwarding pending pods of cluster {0} to event bus {1} in {2}; health on port {3}",
                settings.clusterName(),
                settings.eventBus(),
                settings.region(),
                String.valueOf(forwarder.httpPort()));
        stopped.await();
    }

    /**
     * The EventBridge client: the bus's region, the default credential chain (Pod Identity's container credentials
     * in the cluster), the JDK URL connection HTTP client, and the endpoint override when one is configured.
     *
     * @param settings the configuration
     * @return a new client, to be closed by the caller
     */
    static EventBridgeClient eventBridge(ForwarderSettings settings) {
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
}
