package dev.fleetwright.aws.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetwright.core.interruption.InterruptionMessage;
import dev.fleetwright.core.interruption.InterruptionMessage.CapacityReservationInterruption;
import dev.fleetwright.core.interruption.InterruptionMessage.ContinueDrain;
import dev.fleetwright.core.interruption.InterruptionMessage.RebalanceRecommendation;
import dev.fleetwright.core.interruption.InterruptionMessage.ScheduledChange;
import dev.fleetwright.core.interruption.InterruptionMessage.SpotInterruptionWarning;
import dev.fleetwright.core.interruption.InterruptionMessage.StateChange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("InterruptionEventParser")
class InterruptionEventParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final InterruptionEventParser parser = new InterruptionEventParser();

    /** The text of {@code events/interruption/<name>.json} (copied to the test classpath by the pom). */
    static String sample(String name) {
        try (InputStream in = InterruptionEventParserTest.class.getResourceAsStream("/events/interruption/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no sample events/interruption/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The records of an SQS event file: message ID and body. */
    static List<String[]> sqsRecords(String name) {
        try {
            List<String[]> records = new ArrayList<>();
            for (JsonNode r : JSON.readTree(sample(name)).get("Records")) {
                records.add(
                        new String[] {r.get("messageId").asText(), r.get("body").asText()});
            }
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode tree(String name) {
        try {
            return (ObjectNode) JSON.readTree(sample(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private InterruptionMessage parseRaw(String name) {
        return parser.parse("test-message", sample(name + ".json"));
    }

    @Nested
    @DisplayName("the EventBridge samples the template's rules are checked against (events/eventbridge)")
    class RuleSamples {

        static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> delivered() throws IOException {
            JsonNode expectations;
            try (InputStream in =
                    InterruptionEventParserTest.class.getResourceAsStream("/events/eventbridge/expectations.json")) {
                expectations = JSON.readTree(in);
            }
            Map<String, Class<? extends InterruptionMessage>> byRule = Map.of(
                    "SpotInterruptionRule", SpotInterruptionWarning.class,
                    "RebalanceRule", RebalanceRecommendation.class,
                    "InstanceStateChangeRule", StateChange.class,
                    "ScheduledChangeRule", ScheduledChange.class,
                    "CapacityReservationInterruptionRule", CapacityReservationInterruption.class);
            List<org.junit.jupiter.params.provider.Arguments> out = new ArrayList<>();
            expectations.fields().forEachRemaining(e -> {
                for (JsonNode rule : e.getValue()) {
                    if (byRule.containsKey(rule.asText())) {
                        out.add(org.junit.jupiter.params.provider.Arguments.of(e.getKey(), byRule.get(rule.asText())));
                    }
                }
            });
            return out.stream();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("delivered")
        @DisplayName("should parse every event an interruption rule delivers into that rule's message")
        void parsesWhatTheRulesDeliver(String file, Class<? extends InterruptionMessage> expected) throws IOException {
            String body;
            try (InputStream in =
                    InterruptionEventParserTest.class.getResourceAsStream("/events/eventbridge/" + file)) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            InterruptionMessage message = parser.parse("rule-sample", body);
            assertThat(message).isInstanceOf(expected);
            if (message instanceof StateChange change) {
                assertThat(change.isStoppingOrTerminating()).isTrue();
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"stopping", "stopped", "shutting-down", "terminated"})
        @DisplayName("should treat every state the state-change rule delivers as stopping or terminating")
        void everyDeliveredState(String state) {
            ObjectNode event = tree("state-change-terminated.json");
            ((ObjectNode) event.get("detail")).put("state", state);
            assertThat(parser.parse("state", event.toString())).isInstanceOfSatisfying(StateChange.class, s -> {
                assertThat(s.state()).isEqualTo(state);
                assertThat(s.isStoppingOrTerminating()).isTrue();
            });
        }
    }

    @Nested
    @DisplayName("the sample events")
    class Samples {

        @Test
        @DisplayName("should parse the spot interruption warning with its instance and action")
        void spot() {
            assertThat(parseRaw("spot-interruption-warning"))
                    .isEqualTo(new SpotInterruptionWarning(
                            "1e5527d7-bb36-4607-3370-4164db56a40e",
                            Instant.parse("2026-11-22T10:00:00Z"),
                            "i-0a1b2c3d4e5f60718",
                            "terminate"));
        }

        @Test
        @DisplayName("should parse the rebalance recommendation")
        void rebalance() {
            assertThat(parseRaw("rebalance-recommendation"))
                    .isEqualTo(new RebalanceRecommendation(
                            "5aa4cfb4-4a7b-9c3e-2b5b-0a6e64a6e1f3",
                            Instant.parse("2026-11-22T09:58:30Z"),
                            "i-0a1b2c3d4e5f60718"));
        }

        @Test
        @DisplayName("should parse state changes to terminated and to running")
        void stateChange() {
            InterruptionMessage terminated = parseRaw("state-change-terminated");
            InterruptionMessage running = parseRaw("state-change-running");

            assertThat(terminated).isInstanceOfSatisfying(StateChange.class, s -> {
                assertThat(s.instanceId()).isEqualTo("i-0a1b2c3d4e5f60718");
                assertThat(s.state()).isEqualTo("terminated");
                assertThat(s.isStoppingOrTerminating()).isTrue();
            });
            assertThat(running).isInstanceOfSatisfying(StateChange.class, s -> {
                assertThat(s.state()).isEqualTo("running");
                assertThat(s.isStoppingOrTerminating()).isFalse();
            });
        }

        @Test
        @DisplayName("should take the instances of a Health event from affectedEntities and read its RFC 1123 start")
        void health() {
            assertThat(parseRaw("health-scheduled-change")).isInstanceOfSatisfying(ScheduledChange.class, s -> {
                assertThat(s.eventTypeCode()).isEqualTo("AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED");
                assertThat(s.instanceIds()).containsExactly("i-0b2c3d4e5f6071829", "i-0c3d4e5f607182930");
                // "Sun, 29 Nov 2026 06:00:00 GMT"
                assertThat(s.startTime()).isEqualTo(Instant.parse("2026-11-29T06:00:00Z"));
                assertThat(s.eventTime()).isEqualTo(Instant.parse("2026-11-22T06:27:57Z"));
            });
        }

        @Test
        @DisplayName("should parse the capacity reservation interruption, with no reservation ID in the event")
        void capacityReservation() {
            assertThat(parseRaw("capacity-reservation-interruption-warning"))
                    .isEqualTo(new CapacityReservationInterruption(
                            "3c9f8e7d-6b5a-4f3e-8d2c-1b0a9f8e7d6c",
                            Instant.parse("2026-11-22T11:15:00Z"),
                            "i-0d4e5f60718293a4b",
                            ""));
        }

        @Test
        @DisplayName("should parse the drain continuation with millisecond time")
        void continuation() {
            assertThat(parseRaw("drain-continuation"))
                    .isEqualTo(new ContinueDrain(
                            "0f8e4c2a-5b7d-4e1f-9a3c-6d2b8e0f4a17",
                            Instant.parse("2026-11-22T10:00:21.350Z"),
                            "eks-cluster-dev",
                            "general-x7k2p"));
        }

        static Stream<String> names() {
            return Stream.of(
                    "spot-interruption-warning",
                    "rebalance-recommendation",
                    "state-change-terminated",
                    "state-change-running",
                    "health-scheduled-change",
                    "capacity-reservation-interruption-warning",
                    "drain-continuation");
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("names")
        @DisplayName("should parse the SQS-wrapped sample to the same record as the raw one")
        void sqsWrapped(String name) {
            List<String[]> records = sqsRecords("sqs-" + name + ".json");

            assertThat(records)
                    .singleElement()
                    .satisfies(r -> assertThat(parser.parse(r[0], r[1])).isEqualTo(parseRaw(name)));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("names")
        @DisplayName("should parse a whole SQS record given as the body (messageId and body)")
        void sqsRecordAsBody(String name) throws IOException {
            JsonNode record = JSON.readTree(sample("sqs-" + name + ".json"))
                    .get("Records")
                    .get(0);

            assertThat(parser.parse("outer", JSON.writeValueAsString(record))).isEqualTo(parseRaw(name));
        }

        @Test
        @DisplayName("should unwrap an SNS notification delivered through SQS")
        void sns() {
            List<String[]> records = sqsRecords("sqs-sns-spot-interruption-warning.json");

            assertThat(parser.parse(records.get(0)[0], records.get(0)[1]))
                    .isEqualTo(parseRaw("spot-interruption-warning"));
        }

        @Test
        @DisplayName("should parse every record of the mixed batch but the unknown and the malformed one")
        void mixedBatch() {
            List<String> failed = new ArrayList<>();
            List<InterruptionMessage> parsed = new ArrayList<>();
            for (String[] r : sqsRecords("sqs-batch-mixed.json")) {
                try {
                    parsed.add(parser.parse(r[0], r[1]));
                } catch (UnparseableMessageException e) {
                    assertThat(e.messageId()).isEqualTo(r[0]);
                    failed.add(e.field());
                }
            }

            assertThat(parsed).hasSize((int) names().count());
            assertThat(failed).containsExactly("detail-type", "body");
        }
    }

    @Nested
    @DisplayName("bad input")
    class BadInput {

        private UnparseableMessageException failure(String body) {
            try {
                parser.parse("msg-1", body);
            } catch (UnparseableMessageException e) {
                return e;
            }
            throw new AssertionError("parsed without a failure: " + body);
        }

        private UnparseableMessageException failure(String sample, Consumer<ObjectNode> edit) {
            ObjectNode event = tree(sample + ".json");
            edit.accept(event);
            return failure(event.toString());
        }

        @Test
        @DisplayName("should name the message ID and the body when the body is not JSON")
        void notJson() {
            UnparseableMessageException e = failure("{\"id\": ");

            assertThat(e.messageId()).isEqualTo("msg-1");
            assertThat(e.field()).isEqualTo("body");
            assertThat(e.getMessage()).startsWith("message msg-1: body: not valid JSON");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "  ", "[1, 2]", "\"text\"", "{\"hello\": \"world\"}"})
        @DisplayName("should refuse bodies that are not an event")
        void notAnEvent(String body) {
            UnparseableMessageException e = failure(body);

            assertThat(e.field()).isIn("body", "detail-type");
        }

        @Test
        @DisplayName("should refuse an unknown detail-type, naming it and the accepted ones")
        void unknownDetailType() {
            UnparseableMessageException e =
                    failure("spot-interruption-warning", ev -> ev.put("detail-type", "EC2 Instance Launch Successful"));

            assertThat(e.field()).isEqualTo("detail-type");
            assertThat(e.rule()).contains("\"EC2 Instance Launch Successful\"").contains("Drain Continuation");
        }

        @Test
        @DisplayName("should refuse a known detail-type from another source")
        void wrongSource() {
            UnparseableMessageException e =
                    failure("spot-interruption-warning", ev -> ev.put("source", "aws.autoscaling"));

            assertThat(e.field()).isEqualTo("detail-type");
            assertThat(e.rule()).contains("aws.autoscaling");
        }

        @Test
        @DisplayName("should name a missing instance ID by its path")
        void missingInstanceId() {
            UnparseableMessageException e =
                    failure("spot-interruption-warning", ev -> ((ObjectNode) ev.get("detail")).remove("instance-id"));

            assertThat(e.field()).isEqualTo("detail.instance-id");
            assertThat(e.rule()).isEqualTo("required");
        }

        @ParameterizedTest
        @ValueSource(strings = {"i-123", "i-0A1B2C3D4E5F60718", "0a1b2c3d4e5f60718", "i-0a1b2c3d4e5f6071"})
        @DisplayName("should refuse instance IDs that are not EC2 instance IDs")
        void badInstanceId(String id) {
            UnparseableMessageException e =
                    failure("rebalance-recommendation", ev -> ((ObjectNode) ev.get("detail")).put("instance-id", id));

            assertThat(e.field()).isEqualTo("detail.instance-id");
            assertThat(e.rule()).contains(id).contains("not an EC2 instance ID");
        }

        @Test
        @DisplayName("should accept the older 8-digit instance IDs")
        void shortInstanceId() {
            ObjectNode event = tree("rebalance-recommendation.json");
            ((ObjectNode) event.get("detail")).put("instance-id", "i-1234abcd");

            assertThat(parser.parse("m", event.toString()).instanceIds()).containsExactly("i-1234abcd");
        }

        @Test
        @DisplayName("should refuse an instance ID that is a number")
        void numericInstanceId() {
            UnparseableMessageException e =
                    failure("rebalance-recommendation", ev -> ((ObjectNode) ev.get("detail")).put("instance-id", 7));

            assertThat(e.field()).isEqualTo("detail.instance-id");
            assertThat(e.rule()).contains("must be a string");
        }

        @Test
        @DisplayName("should refuse an unknown instance action and state")
        void unknownEnums() {
            UnparseableMessageException action = failure(
                    "spot-interruption-warning",
                    ev -> ((ObjectNode) ev.get("detail")).put("instance-action", "explode"));
            UnparseableMessageException state =
                    failure("state-change-terminated", ev -> ((ObjectNode) ev.get("detail")).put("state", "vanished"));

            assertThat(action.field()).isEqualTo("detail.instance-action");
            assertThat(action.rule()).contains("[hibernate, stop, terminate]");
            assertThat(state.field()).isEqualTo("detail.state");
        }

        @Test
        @DisplayName("should refuse a missing or malformed time and a missing id")
        void envelope() {
            assertThat(failure("rebalance-recommendation", ev -> ev.remove("time"))
                            .field())
                    .isEqualTo("time");
            assertThat(failure("rebalance-recommendation", ev -> ev.put("time", "yesterday"))
                            .rule())
                    .contains("\"yesterday\" is not an ISO-8601 instant");
            assertThat(failure("rebalance-recommendation", ev -> ev.put("id", " "))
                            .field())
                    .isEqualTo("id");
            assertThat(failure("rebalance-recommendation", ev -> ev.remove("detail"))
                            .field())
                    .isEqualTo("detail.instance-id");
        }

        @Test
        @DisplayName("should refuse Health events of another service or category")
        void healthFilters() {
            UnparseableMessageException service =
                    failure("health-scheduled-change", ev -> ((ObjectNode) ev.get("detail")).put("service", "EBS"));
            UnparseableMessageException category = failure(
                    "health-scheduled-change", ev -> ((ObjectNode) ev.get("detail")).put("eventTypeCategory", "issue"));

            assertThat(service.field()).isEqualTo("detail.service");
            assertThat(category.field()).isEqualTo("detail.eventTypeCategory");
        }

        @Test
        @DisplayName("should name the index of a bad affected entity")
        void healthEntities() {
            UnparseableMessageException bad = failure(
                    "health-scheduled-change",
                    ev -> ((ObjectNode) ev.get("detail").get("affectedEntities").get(1))
                            .put("entityValue", "vol-0123"));
            UnparseableMessageException missing = failure(
                    "health-scheduled-change", ev -> ((ObjectNode) ev.get("detail")).remove("affectedEntities"));

            assertThat(bad.field()).isEqualTo("detail.affectedEntities[1].entityValue");
            assertThat(missing.field()).isEqualTo("detail.affectedEntities");
        }

        @Test
        @DisplayName("should accept a Health event without startTime and refuse an unreadable one")
        void healthStartTime() {
            ObjectNode event = tree("health-scheduled-change.json");
            ((ObjectNode) event.get("detail")).remove("startTime");
            InterruptionMessage parsed = parser.parse("m", event.toString());
            UnparseableMessageException bad = failure(
                    "health-scheduled-change", ev -> ((ObjectNode) ev.get("detail")).put("startTime", "next week"));

            assertThat(((ScheduledChange) parsed).startTime()).isNull();
            assertThat(bad.field()).isEqualTo("detail.startTime");
        }

        @Test
        @DisplayName("should accept an ISO-8601 Health startTime")
        void healthIsoStartTime() {
            ObjectNode event = tree("health-scheduled-change.json");
            ((ObjectNode) event.get("detail")).put("startTime", "2026-11-29T06:00:00Z");

            assertThat(((ScheduledChange) parser.parse("m", event.toString())).startTime())
                    .isEqualTo(Instant.parse("2026-11-29T06:00:00Z"));
        }

        @Test
        @DisplayName("should refuse a drain continuation without a NodeClaim")
        void continuation() {
            UnparseableMessageException e =
                    failure("drain-continuation", ev -> ((ObjectNode) ev.get("detail")).remove("nodeClaim"));

            assertThat(e.field()).isEqualTo("detail.nodeClaim");
        }

        @Test
        @DisplayName("should refuse a wrapper whose body is not a string")
        void wrapperBody() {
            UnparseableMessageException e = failure("{\"messageId\": \"x\", \"body\": {\"a\": 1}}");

            assertThat(e.field()).isEqualTo("body");
            assertThat(e.rule()).contains("JSON string");
        }
    }

    @Nested
    @DisplayName("Fleetwright's envelopes")
    class Envelopes {

        @Test
        @DisplayName("should read back a drain continuation it wrote")
        void roundTrip() {
            Instant time = Instant.parse("2026-11-22T10:00:21.350123Z");
            String body = FleetwrightEvents.drainContinuation("id-1", time, "us-east-1", "c\"1", "np-\u00e9");

            assertThat(parser.parse("m", body))
                    .isEqualTo(
                            new ContinueDrain("id-1", Instant.parse("2026-11-22T10:00:21.350Z"), "c\"1", "np-\u00e9"));
        }

        @Test
        @DisplayName("should write a provisioning request that the interruption parser refuses as not its own")
        void provisioningRequest() throws IOException {
            String body = FleetwrightEvents.provisioningRequested(
                    "id-2", Instant.parse("2026-11-22T10:00:00Z"), "us-east-1", "eks-cluster-dev", "spot");
            JsonNode tree = JSON.readTree(body);

            assertThat(tree.get("source").asText()).isEqualTo("dev.fleetwright.interruption");
            assertThat(tree.get("detail-type").asText()).isEqualTo("Provisioning Requested");
            assertThat(tree.get("detail").get("cluster").asText()).isEqualTo("eks-cluster-dev");
            assertThat(tree.get("detail").get("reason").asText()).isEqualTo("spot");
            assertThatThrownBy(() -> parser.parse("m", body))
                    .isInstanceOf(UnparseableMessageException.class)
                    .hasMessageContaining("Provisioning Requested");
        }

        @Test
        @DisplayName("should refuse blank clusters")
        void blank() {
            assertThatThrownBy(() -> FleetwrightEvents.drainContinuation("i", Instant.EPOCH, "r", " ", "n"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("cluster: must not be blank");
        }
    }
}
