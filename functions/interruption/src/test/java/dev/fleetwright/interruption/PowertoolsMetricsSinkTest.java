package dev.fleetwright.interruption;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.lambda.powertools.metrics.MetricsFactory;

/**
 * The EMF lines Powertools writes for the interruption metrics (surefire sets {@code AWS_EMF_ENVIRONMENT=Local}, so they
 * go to standard output): one document per value, in the {@code Fleetwright} namespace, with the value's dimensions.
 */
@DisplayName("PowertoolsMetricsSink")
class PowertoolsMetricsSinkTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<JsonNode> emfLinesOf(Runnable action) throws IOException {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.contains("\"_aws\"")) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    @Test
    @DisplayName("should write each value as an EMF document with its name, unit, namespace and dimensions")
    void emf() throws IOException {
        InterruptionMetrics metrics = new InterruptionMetrics();
        metrics.messageReceived("eks-cluster-dev", "spot_interrupted");
        metrics.messageReceived("eks-cluster-dev", "spot_interrupted");
        metrics.drainDuration("eks-cluster-dev", Duration.ofMillis(93_500));
        PowertoolsMetricsSink sink = new PowertoolsMetricsSink(MetricsFactory.getMetricsInstance(), "Fleetwright");

        List<JsonNode> lines = emfLinesOf(() -> sink.emit(metrics.drain()));

        assertThat(lines).hasSize(2);
        JsonNode received = lines.get(0);
        JsonNode directive = received.get("_aws").get("CloudWatchMetrics").get(0);
        assertThat(directive.get("Namespace").asText()).isEqualTo("Fleetwright");
        assertThat(directive.get("Metrics").get(0).get("Name").asText())
                .isEqualTo("karpenter_interruption_received_messages_total");
        assertThat(directive.get("Metrics").get(0).get("Unit").asText()).isEqualTo("Count");
        assertThat(directive.get("Dimensions").toString()).contains("cluster").contains("message_type");
        assertThat(received.get("karpenter_interruption_received_messages_total")
                        .asDouble())
                .isEqualTo(2.0);
        assertThat(received.get("cluster").asText()).isEqualTo("eks-cluster-dev");
        assertThat(received.get("message_type").asText()).isEqualTo("spot_interrupted");
        JsonNode drain = lines.get(1);
        assertThat(drain.get("_aws")
                        .get("CloudWatchMetrics")
                        .get(0)
                        .get("Metrics")
                        .get(0)
                        .get("Unit")
                        .asText())
                .isEqualTo("Seconds");
        assertThat(drain.get("fleetwright_drain_duration_seconds").asDouble()).isEqualTo(93.5);
    }
}
