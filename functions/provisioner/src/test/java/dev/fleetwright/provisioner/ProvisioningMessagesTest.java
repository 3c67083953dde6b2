package dev.fleetwright.provisioner;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("ProvisioningMessages: provisioning queue bodies")
class ProvisioningMessagesTest {

    final ProvisioningMessages messages = new ProvisioningMessages(List.of("fleetwright-test", "fleetwright-staging"));

    static String event(String source, String detailType, String detail) {
        return """
                {"version": "0", "id": "e-1", "detail-type": "%s", "source": "%s", "account": "123456789012",
                 "time": "2026-11-22T10:00:01Z", "region": "us-east-1", "resources": [], "detail": %s}
                """.formatted(detailType, source, detail);
    }

    static String pendingPods(String detail) {
        return event("dev.fleetwright.forwarder", "Pending Pods", detail);
    }

    ProvisioningRequest accepted(String body) {
        ProvisioningMessages.Parsed parsed = messages.parse("m-1", body);
        assertThat(parsed).isInstanceOf(ProvisioningMessages.Accepted.class);
        return ((ProvisioningMessages.Accepted) parsed).request();
    }

    String rejected(String body) {
        ProvisioningMessages.Parsed parsed = messages.parse("m-1", body);
        assertThat(parsed).isInstanceOf(ProvisioningMessages.Rejected.class);
        assertThat(parsed.messageId()).isEqualTo("m-1");
        return ((ProvisioningMessages.Rejected) parsed).rule();
    }

    @Nested
    @DisplayName("accepted events")
    class Accepted {

        @Test
        @DisplayName("should read the sample forwarder event: cluster, pod count, earliest pendingSince")
        void sample() {
            SQSEvent.SQSMessage record =
                    Events.load("pending-pods.json").getRecords().get(0);

            ProvisioningMessages.Parsed parsed = messages.parse(record.getMessageId(), record.getBody());

            assertThat(parsed).isInstanceOfSatisfying(ProvisioningMessages.Accepted.class, a -> {
                ProvisioningRequest r = a.request();
                assertThat(r.messageId()).isEqualTo(record.getMessageId());
                assertThat(r.kind()).isEqualTo(ProvisioningRequest.Kind.PENDING_PODS);
                assertThat(r.cluster()).isEqualTo("fleetwright-test");
                assertThat(r.pendingPods()).isEqualTo(10);
                assertThat(r.eventTime()).isEqualTo(Instant.parse("2026-11-22T10:00:01Z"));
                assertThat(r.earliestPendingSince()).isEqualTo(Instant.parse("2026-11-22T09:59:58Z"));
                assertThat(r.needSince()).isEqualTo(Instant.parse("2026-11-22T09:59:58Z"));
            });
        }

        @Test
        @DisplayName("should read the schedule's sweep sample as a request for every served cluster")
        void sweepSample() {
            SQSEvent.SQSMessage record = Events.load("sweep.json").getRecords().get(0);

            ProvisioningRequest r = accepted(record.getBody());

            assertThat(r.kind()).isEqualTo(ProvisioningRequest.Kind.SWEEP_REQUESTED);
            assertThat(r.allClusters()).isTrue();
            assertThat(r.cluster()).isEqualTo(ProvisioningRequest.ALL_CLUSTERS);
            assertThat(r.reason()).isEqualTo("scheduled sweep");
            assertThat(r.eventId()).isEqualTo("d32c5kddcf5bb8c3");
        }

        @Test
        @DisplayName("should read a sweep that names one served cluster, and refuse one naming a cluster not served")
        void sweepOneCluster() {
            ProvisioningRequest r = accepted(
                    event("dev.fleetwright.schedule", "Sweep Requested", "{\"cluster\": \"fleetwright-staging\"}"));

            assertThat(r.allClusters()).isFalse();
            assertThat(r.cluster()).isEqualTo("fleetwright-staging");
            assertThat(rejected(event("dev.fleetwright.schedule", "Sweep Requested", "{\"cluster\": \"other\"}")))
                    .startsWith("detail.cluster: \"other\" is not served by this stack");
        }

        @Test
        @DisplayName("should not let a forwarder event use the all-clusters wildcard")
        void wildcardOnlyForSweeps() {
            assertThat(rejected(pendingPods("{\"cluster\": \"*\"}")))
                    .startsWith("detail.cluster: \"*\" is not served by this stack");
        }

        @Test
        @DisplayName("should take the earliest pendingSince of the listed pods")
        void earliest() {
            ProvisioningRequest r = accepted(pendingPods("""
                    {"cluster": "fleetwright-test", "pods": [
                      {"name": "a", "pendingSince": "2026-11-22T09:59:50Z"},
                      {"name": "b", "pendingSince": "2026-11-22T09:58:00Z"},
                      {"name": "c"}]}
                    """));

            assertThat(r.pendingPods()).isEqualTo(3);
            assertThat(r.earliestPendingSince()).isEqualTo(Instant.parse("2026-11-22T09:58:00Z"));
        }

        @Test
        @DisplayName("should count from the event time when no pod is listed")
        void noPods() {
            ProvisioningRequest r = accepted(pendingPods("{\"cluster\": \"fleetwright-staging\"}"));

            assertThat(r.pendingPods()).isZero();
            assertThat(r.earliestPendingSince()).isNull();
            assertThat(r.needSince()).isEqualTo(Instant.parse("2026-11-22T10:00:01Z"));
        }

        @Test
        @DisplayName("should read the interruption function's Provisioning Requested event with its reason")
        void provisioningRequested() {
            ProvisioningRequest r = accepted(event(
                    "dev.fleetwright.interruption",
                    "Provisioning Requested",
                    "{\"cluster\": \"fleetwright-test\", \"reason\": \"interruption of i-0123\"}"));

            assertThat(r.kind()).isEqualTo(ProvisioningRequest.Kind.PROVISIONING_REQUESTED);
            assertThat(r.reason()).isEqualTo("interruption of i-0123");
            assertThat(r.pendingPods()).isZero();
        }
    }

    @Nested
    @DisplayName("rejected bodies name the field and the rule")
    class Rejected {

        @Test
        @DisplayName("should reject an empty body, a body that is not JSON, and JSON that is not an object")
        void notAnEvent() {
            assertThat(rejected("")).isEqualTo("body: empty; expected an EventBridge event");
            assertThat(rejected(null)).isEqualTo("body: empty; expected an EventBridge event");
            assertThat(rejected("{\"source\": ")).startsWith("body: not JSON (");
            assertThat(rejected("[1, 2]")).isEqualTo("body: not a JSON object; expected an EventBridge event");
        }

        @Test
        @DisplayName("should reject an event of another source or detail-type, listing the accepted ones")
        void otherEvents() {
            assertThat(rejected(event("aws.ec2", "EC2 Spot Instance Interruption Warning", "{}")))
                    .isEqualTo("source/detail-type: \"aws.ec2\" / \"EC2 Spot Instance Interruption Warning\" is not a"
                            + " provisioning event; expected \"dev.fleetwright.forwarder\" / \"Pending Pods\" or"
                            + " \"dev.fleetwright.interruption\" / \"Provisioning Requested\" or"
                            + " \"dev.fleetwright.schedule\" / \"Sweep Requested\"");
            assertThat(rejected(event("dev.fleetwright.forwarder", "Provisioning Requested", "{}")))
                    .startsWith("source/detail-type:");
        }

        @Test
        @DisplayName("should reject a missing or non-string envelope field")
        void envelope() {
            assertThat(rejected("{\"detail-type\": \"Pending Pods\"}")).isEqualTo("source: missing");
            assertThat(rejected("{\"source\": 7, \"detail-type\": \"Pending Pods\"}"))
                    .isEqualTo("source: not a string");
            assertThat(rejected(
                            pendingPods("{\"cluster\": \"fleetwright-test\"}").replace("\"e-1\"", "\" \"")))
                    .isEqualTo("id: blank");
            assertThat(rejected(pendingPods("{\"cluster\": \"fleetwright-test\"}")
                            .replace("2026-11-22T10:00:01Z", "22/11/2026")))
                    .isEqualTo("time: \"22/11/2026\" is not an ISO-8601 UTC time such as 2026-11-22T10:00:00Z");
            assertThat(rejected(pendingPods("[]"))).isEqualTo("detail: missing or not a JSON object");
        }

        @Test
        @DisplayName("should reject a missing cluster and a cluster the stack does not serve")
        void cluster() {
            assertThat(rejected(pendingPods("{\"pods\": []}"))).isEqualTo("detail.cluster: missing");
            assertThat(rejected(pendingPods("{\"cluster\": \"someone-elses-cluster\"}")))
                    .isEqualTo("detail.cluster: \"someone-elses-cluster\" is not served by this stack"
                            + " (FLEETWRIGHT_CLUSTERS = fleetwright-test,fleetwright-staging)");
        }

        @Test
        @DisplayName("should reject a pod list that is not a list of objects with ISO-8601 pendingSince times")
        void pods() {
            assertThat(rejected(pendingPods("{\"cluster\": \"fleetwright-test\", \"pods\": {}}")))
                    .isEqualTo("detail.pods: not a JSON array");
            assertThat(rejected(pendingPods("{\"cluster\": \"fleetwright-test\", \"pods\": [{}, 3]}")))
                    .isEqualTo("detail.pods[1]: not a JSON object");
            assertThat(rejected(pendingPods(
                            "{\"cluster\": \"fleetwright-test\", \"pods\": [{\"pendingSince\": \"soon\"}]}")))
                    .isEqualTo("detail.pods[0].pendingSince: \"soon\" is not an ISO-8601 UTC time such as"
                            + " 2026-11-22T10:00:00Z");
        }

        @Test
        @DisplayName("should reject a reason that is not a string")
        void reason() {
            assertThat(rejected(event(
                            "dev.fleetwright.interruption",
                            "Provisioning Requested",
                            "{\"cluster\": \"fleetwright-test\", \"reason\": {\"why\": 1}}")))
                    .isEqualTo("detail.reason: not a string");
        }
    }
}
