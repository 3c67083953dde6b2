package dev.fleetwright.forwarder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetwright.forwarder.fixtures.MockKubernetes;
import dev.fleetwright.forwarder.fixtures.Moto;
import dev.fleetwright.forwarder.fixtures.TestPods;
import dev.fleetwright.forwarder.publish.BatchTimings;
import dev.fleetwright.forwarder.watch.ClientJavaPodClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The whole forwarder, as {@link ForwarderMain} wires it, between fabric8's mock API server (client-java over HTTP) and
 * a moto server (EventBridge with the contract's rule, SQS): pending pods in the cluster end as one message on the
 * provisioning queue; the health server reports ready and counts the event.
 */
class ForwarderEndToEndIT {

    private Moto moto;
    private MockKubernetes kubernetes;

    @BeforeEach
    void start() throws Exception {
        moto = Moto.connect();
        kubernetes = new MockKubernetes();
    }

    @AfterEach
    void stop() {
        if (kubernetes != null) {
            kubernetes.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    @DisplayName("should forward the cluster's pending pods, debounced into one event, to the provisioning queue")
    void endToEnd() throws Exception {
        kubernetes.seedPending("web-0");
        kubernetes.seedBound("running");
        String listVersion = kubernetes.listResourceVersion();
        kubernetes.expectWatchOnce(
                listVersion,
                kubernetes.eventLine(
                        "ADDED",
                        TestPods.pending("web-1").resourceVersion("500").build()));
        ForwarderSettings settings = new ForwarderSettings(
                "eks-cluster-dev",
                moto.busName,
                Moto.REGION.id(),
                "fleetwright-forwarder-it",
                0,
                Optional.of(moto.endpoint),
                BatchTimings.DEFAULT,
                Duration.ofMinutes(5),
                Duration.ofSeconds(1),
                Duration.ofSeconds(5));

        List<Message> messages;
        String metrics;
        int readyStatus;
        try (Forwarder forwarder = Forwarder.start(
                settings,
                new ClientJavaPodClient(kubernetes.apiClient()),
                moto.eventBridge,
                Clock.systemUTC(),
                new SplittableRandom(1))) {
            messages = moto.receive(1, Duration.ofSeconds(30));
            HttpClient http = HttpClient.newHttpClient();
            readyStatus = http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + forwarder.httpPort() + "/readyz"))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            metrics = http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + forwarder.httpPort() + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        }

        assertThat(messages).hasSize(1);
        JsonNode event = new ObjectMapper().readTree(messages.get(0).body());
        assertThat(event.get("detail-type").asText()).isEqualTo("Pending Pods");
        assertThat(event.get("detail").get("cluster").asText()).isEqualTo("eks-cluster-dev");
        assertThat(event.get("detail").get("forwarder").asText()).isEqualTo("fleetwright-forwarder-it");
        assertThat(event.get("detail").get("pods"))
                .extracting(pod -> pod.get("name").asText())
                .containsExactlyInAnyOrder("web-0", "web-1");
        assertThat(readyStatus).isEqualTo(200);
        assertThat(metrics.lines()).contains("fleetwright_forwarder_events_sent_total 1");
    }
}
