package dev.fleetwright.aws.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetwright.aws.events.InterruptionEventParser;
import dev.fleetwright.core.interruption.InterruptionMessage;
import dev.fleetwright.testing.MutableClock;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * The SQS senders against an embedded ElasticMQ: bodies as received from the queue, {@code DelaySeconds} as sent and as
 * the queue applies it (a delayed message is counted as delayed and not received), and failures naming the queue.
 */
@DisplayName("SQS senders on ElasticMQ")
class SqsAdaptersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final AtomicInteger QUEUES = new AtomicInteger();

    private static SQSRestServer server;
    private static SqsClient sqs;
    private static final List<SendMessageRequest> SENT = new CopyOnWriteArrayList<>();

    private final MutableClock clock = new MutableClock(NOW);
    private final AtomicInteger ids = new AtomicInteger();
    private final Supplier<String> idSupplier = () -> "id-" + ids.incrementAndGet();
    private String provisioningQueue;
    private String interruptionQueue;

    @BeforeAll
    static void start() {
        server = SQSRestServerBuilder.withInterface("localhost")
                .withDynamicPort()
                .start();
        int port = server.waitUntilStarted().localAddress().getPort();
        sqs = SqsClient.builder()
                .endpointOverride(URI.create("http://localhost:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        if (context.request() instanceof SendMessageRequest send) {
                            SENT.add(send);
                        }
                    }
                }))
                .build();
    }

    @AfterAll
    static void stop() {
        sqs.close();
        server.stopAndWait();
    }

    @BeforeEach
    void queues() {
        int n = QUEUES.incrementAndGet();
        provisioningQueue =
                sqs.createQueue(b -> b.queueName("provisioning-" + n)).queueUrl();
        interruptionQueue =
                sqs.createQueue(b -> b.queueName("interruption-" + n)).queueUrl();
        SENT.clear();
    }

    private List<Message> receive(String queueUrl) {
        return sqs.receiveMessage(
                        b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0))
                .messages();
    }

    private int delayed(String queueUrl) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b ->
                        b.queueUrl(queueUrl).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
                .attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
    }

    @Nested
    @DisplayName("SqsProvisioningTrigger")
    class Provisioning {

        @Test
        @DisplayName("should send a Provisioning Requested envelope with the cluster and reason, undelayed")
        void body() throws IOException {
            new SqsProvisioningTrigger(sqs, provisioningQueue, "us-east-1", clock, idSupplier)
                    .provisionSoon("eks-cluster-dev", "interruption of i-0a1b2c3d4e5f60718 (SpotInterruptionWarning)");

            List<Message> received = receive(provisioningQueue);
            assertThat(received).hasSize(1);
            JsonNode body = JSON.readTree(received.get(0).body());
            assertThat(body.get("version").asText()).isEqualTo("0");
            assertThat(body.get("id").asText()).isEqualTo("id-1");
            assertThat(body.get("source").asText()).isEqualTo("dev.fleetwright.interruption");
            assertThat(body.get("detail-type").asText()).isEqualTo("Provisioning Requested");
            assertThat(body.get("time").asText()).isEqualTo("2026-11-22T10:00:00Z");
            assertThat(body.get("region").asText()).isEqualTo("us-east-1");
            assertThat(body.get("detail").get("cluster").asText()).isEqualTo("eks-cluster-dev");
            assertThat(body.get("detail").get("reason").asText())
                    .isEqualTo("interruption of i-0a1b2c3d4e5f60718 (SpotInterruptionWarning)");
            assertThat(SENT)
                    .singleElement()
                    .satisfies(s -> assertThat(s.delaySeconds()).isZero());
            assertThat(receive(interruptionQueue)).isEmpty();
        }

        @Test
        @DisplayName("should give every request its own ID and time")
        void ids() throws IOException {
            SqsProvisioningTrigger trigger =
                    new SqsProvisioningTrigger(sqs, provisioningQueue, "us-east-1", clock, idSupplier);

            trigger.provisionSoon("a", "first");
            clock.advance(Duration.ofSeconds(3));
            trigger.provisionSoon("a", "second");

            List<String> bodies =
                    receive(provisioningQueue).stream().map(Message::body).toList();
            assertThat(bodies).hasSize(2);
            assertThat(bodies.stream().map(b -> read(b).get("id").asText())).containsExactlyInAnyOrder("id-1", "id-2");
            assertThat(bodies.stream().map(b -> read(b).get("time").asText()))
                    .containsExactlyInAnyOrder("2026-11-22T10:00:00Z", "2026-11-22T10:00:03Z");
        }
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Nested
    @DisplayName("SqsDrainContinuations")
    class Continuations {

        private SqsDrainContinuations continuations() {
            return new SqsDrainContinuations(sqs, interruptionQueue, "us-east-1", clock, idSupplier);
        }

        @Test
        @DisplayName("should send a Drain Continuation the interruption parser reads back")
        void body() {
            continuations().schedule("eks-cluster-dev", "general-x7k2p", Duration.ZERO);

            List<Message> received = receive(interruptionQueue);
            assertThat(received).hasSize(1);
            InterruptionMessage parsed = new InterruptionEventParser()
                    .parse(received.get(0).messageId(), received.get(0).body());
            assertThat(parsed)
                    .isEqualTo(new InterruptionMessage.ContinueDrain("id-1", NOW, "eks-cluster-dev", "general-x7k2p"));
        }

        @Test
        @DisplayName("should delay the message: the queue holds it as delayed and does not deliver it yet")
        void delayedMessage() {
            continuations().schedule("eks-cluster-dev", "general-x7k2p", Duration.ofSeconds(300));

            assertThat(SENT)
                    .singleElement()
                    .satisfies(s -> assertThat(s.delaySeconds()).isEqualTo(300));
            assertThat(delayed(interruptionQueue)).isEqualTo(1);
            assertThat(receive(interruptionQueue)).isEmpty();
        }

        @ParameterizedTest(name = "{0} -> {1} s")
        @CsvSource({"PT0S, 0", "PT0.001S, 1", "PT5S, 5", "PT5.5S, 6", "PT14M59.1S, 900", "PT15M, 900", "PT2H, 900"})
        @DisplayName("should round the delay up to whole seconds and cap it at 900")
        void rounding(Duration delay, int seconds) {
            continuations().schedule("c", "n", delay);

            assertThat(SENT)
                    .singleElement()
                    .satisfies(s -> assertThat(s.delaySeconds()).isEqualTo(seconds));
        }

        @Test
        @DisplayName("should refuse a negative delay without sending")
        void negative() {
            assertThatThrownBy(() -> continuations().schedule("c", "n", Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("delay");
            assertThat(SENT).isEmpty();
        }

        @Test
        @DisplayName("should fail with the queue URL when the queue does not exist")
        void missingQueue() {
            String missing = interruptionQueue + "-gone";
            SqsDrainContinuations broken = new SqsDrainContinuations(sqs, missing, "us-east-1", clock, idSupplier);

            assertThatThrownBy(() -> broken.schedule("c", "n", Duration.ofSeconds(5)))
                    .isInstanceOf(SqsSendException.class)
                    .hasMessageContaining(missing)
                    .hasMessageContaining("NodeClaim c/n");
        }
    }
}
