package dev.fleetwright.forwarder.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetwright.forwarder.metrics.ForwarderMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HealthServerTest {

    private final AtomicBoolean live = new AtomicBoolean(true);
    private final AtomicBoolean ready = new AtomicBoolean(false);
    private final ForwarderMetrics metrics = new ForwarderMetrics();
    private final HttpClient http = HttpClient.newHttpClient();
    private HealthServer server;

    @BeforeEach
    void start() throws Exception {
        server = HealthServer.start(0, live::get, ready::get, metrics::render);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @DisplayName("should answer readiness 503 until the first list completed, then 200")
    void readiness() throws Exception {
        assertThat(get("/readyz").statusCode()).isEqualTo(503);

        ready.set(true);

        assertThat(get("/readyz").statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("should answer liveness 503 when a loop thread died")
    void liveness() throws Exception {
        assertThat(get("/healthz").statusCode()).isEqualTo(200);

        live.set(false);

        assertThat(get("/healthz").statusCode()).isEqualTo(503);
    }

    @Test
    @DisplayName("should serve the metrics in Prometheus text format with the current values")
    void metrics() throws Exception {
        metrics.podSeenPending();
        metrics.podSeenPending();
        metrics.putEventsCall(3, Instant.ofEpochSecond(1_795_000_000L, 250_000_000));
        metrics.entriesFailed("ThrottlingException", 2);
        metrics.watchRestart("gone");

        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
        assertThat(response.body().lines())
                .contains(
                        "# TYPE fleetwright_forwarder_pods_pending_seen_total counter",
                        "fleetwright_forwarder_pods_pending_seen_total 2",
                        "fleetwright_forwarder_events_sent_total 3",
                        "fleetwright_forwarder_entries_failed_total{error_code=\"ThrottlingException\"} 2",
                        "fleetwright_forwarder_watch_restarts_total{reason=\"gone\"} 1",
                        "fleetwright_forwarder_last_successful_send_timestamp_seconds 1795000000.25");
        for (String line : response.body().lines().toList()) {
            assertThat(line)
                    .matches(
                            "# (HELP|TYPE) fleetwright_forwarder_\\w+ .+|fleetwright_forwarder_\\w+(\\{\\w+=\"[^\"]*\"})? \\S+");
        }
    }

    @Test
    @DisplayName("should answer 404 for unknown paths and 405 for writes")
    void others() throws Exception {
        assertThat(get("/nope").statusCode()).isEqualTo(404);
        assertThat(get("/healthz/extra").statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }
}
