package dev.fleetwright.forwarder.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetwright.forwarder.fixtures.Moto;
import dev.fleetwright.forwarder.fixtures.TestPendingPods;
import dev.fleetwright.forwarder.metrics.ForwarderMetrics;
import dev.fleetwright.forwarder.pods.PendingPod;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The publisher against a moto server: custom bus, the contract's rule, SQS target; the queue must receive the whole
 * EventBridge event with our detail.
 */
class EventBridgeMotoIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Moto moto;
    private final ForwarderMetrics metrics = new ForwarderMetrics();

    @BeforeEach
    void connect() throws Exception {
        moto = Moto.connect();
    }

    @AfterEach
    void close() {
        if (moto != null) {
            moto.close();
        }
    }

    private EventPublisher publisher() {
        return new EventPublisher(
                moto.eventBridge,
                moto.busName,
                "eks-cluster-dev",
                "fleetwright-forwarder-7c9d-abcde",
                new EntryPacker(PutEventsLimits.AWS),
                Clock.systemUTC(),
                metrics);
    }

    @Test
    @DisplayName("should deliver the EventBridge envelope with our detail to the rule's SQS queue")
    void envelope() throws Exception {
        assertThat(moto.rulePattern).contains("\"dev.fleetwright.forwarder\"", "\"Pending Pods\"");
        List<PendingPod> pods = List.of(TestPendingPods.pod("web-0"), TestPendingPods.large("batch-0", 2));

        PublishOutcome outcome = publisher().publish(pods);

        assertThat(outcome.allAccepted()).isTrue();
        List<Message> messages = moto.receive(1, Duration.ofSeconds(20));
        assertThat(messages).hasSize(1);
        JsonNode event = MAPPER.readTree(messages.get(0).body());
        // AWS also sends "account"; moto 5.2.5 leaves it out of the delivered envelope.
        assertThat(event.fieldNames())
                .toIterable()
                .contains("version", "id", "detail-type", "source", "time", "region", "resources", "detail");
        assertThat(event.get("source").asText()).isEqualTo("dev.fleetwright.forwarder");
        assertThat(event.get("detail-type").asText()).isEqualTo("Pending Pods");
        assertThat(event.get("region").asText()).isEqualTo(Moto.REGION.id());
        JsonNode detail = event.get("detail");
        assertThat(detail.get("cluster").asText()).isEqualTo("eks-cluster-dev");
        assertThat(detail.get("forwarder").asText()).isEqualTo("fleetwright-forwarder-7c9d-abcde");
        JsonNode expectedPods = MAPPER.readTree(EntryPacker.objectMapper().writeValueAsString(pods));
        assertThat(detail.get("pods")).isEqualTo(expectedPods);
    }

    @Test
    @DisplayName("should not deliver events of another detail-type to the provisioning queue (the rule's pattern)")
    void patternFilters() {
        moto.eventBridge.putEvents(b -> b.entries(PutEventsRequestEntry.builder()
                .eventBusName(moto.busName)
                .source("dev.fleetwright.forwarder")
                .detailType("Something Else")
                .detail("{\"cluster\":\"eks-cluster-dev\"}")
                .build()));
        publisher().publish(List.of(TestPendingPods.pod("web-0")));

        List<Message> messages = moto.receive(2, Duration.ofSeconds(4));

        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).body()).contains("\"Pending Pods\"").doesNotContain("Something Else");
    }

    @Test
    @DisplayName("should split more than 256 KB of pods into several events that together carry every pod")
    void largeBatch() throws Exception {
        List<PendingPod> pods = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            pods.add(TestPendingPods.large("job-" + i, 4));
        }

        PublishOutcome outcome = publisher().publish(pods);

        assertThat(outcome.allAccepted()).isTrue();
        int events = Math.toIntExact(metrics.eventsSent());
        assertThat(events).isGreaterThan(1);
        List<Message> messages = moto.receive(events, Duration.ofSeconds(20));
        assertThat(messages).hasSize(events);
        List<String> uids = new ArrayList<>();
        for (Message message : messages) {
            for (JsonNode pod : MAPPER.readTree(message.body()).get("detail").get("pods")) {
                uids.add(pod.get("uid").asText());
            }
        }
        assertThat(uids)
                .containsExactlyInAnyOrderElementsOf(
                        pods.stream().map(PendingPod::uid).toList());
        assertThat(metrics.eventsSent()).isEqualTo(messages.size());
    }
}
