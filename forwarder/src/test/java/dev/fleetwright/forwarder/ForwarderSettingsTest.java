package dev.fleetwright.forwarder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetwright.forwarder.publish.BatchTimings;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ForwarderSettingsTest {

    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("FLEETWRIGHT_CLUSTER_NAME", "eks-cluster-dev");
        env.put("FLEETWRIGHT_EVENT_BUS", "fleetwright-dev");
        env.put("AWS_REGION", "eu-west-1");
        env.put("POD_NAME", "fleetwright-forwarder-7c9d-abcde");
        return env;
    }

    @Nested
    class Defaults {

        @Test
        @DisplayName("should read the required variables and apply the documented defaults")
        void defaults() {
            ForwarderSettings settings = ForwarderSettings.fromEnvironment(minimal());

            assertThat(settings.clusterName()).isEqualTo("eks-cluster-dev");
            assertThat(settings.eventBus()).isEqualTo("fleetwright-dev");
            assertThat(settings.region()).isEqualTo("eu-west-1");
            assertThat(settings.forwarderName()).isEqualTo("fleetwright-forwarder-7c9d-abcde");
            assertThat(settings.httpPort()).isEqualTo(8080);
            assertThat(settings.eventBridgeEndpoint()).isEmpty();
            assertThat(settings.batchTimings()).isEqualTo(BatchTimings.DEFAULT);
            assertThat(settings.watchTimeout()).isEqualTo(Duration.ofMinutes(5));
            assertThat(settings.backoffInitial()).isEqualTo(Duration.ofSeconds(1));
            assertThat(settings.backoffMax()).isEqualTo(Duration.ofSeconds(30));
        }

        @Test
        @DisplayName("should take the region from a bus ARN when no region variable is set")
        void regionFromArn() {
            Map<String, String> env = minimal();
            env.remove("AWS_REGION");
            env.put("FLEETWRIGHT_EVENT_BUS", "arn:aws:events:us-east-2:123456789012:event-bus/fleetwright-prod");

            assertThat(ForwarderSettings.fromEnvironment(env).region()).isEqualTo("us-east-2");
        }

        @Test
        @DisplayName("should prefer FLEETWRIGHT_REGION over AWS_REGION, and use HOSTNAME without POD_NAME")
        void precedence() {
            Map<String, String> env = minimal();
            env.put("FLEETWRIGHT_REGION", "ap-southeast-2");
            env.remove("POD_NAME");
            env.put("HOSTNAME", "fwd-host");

            ForwarderSettings settings = ForwarderSettings.fromEnvironment(env);

            assertThat(settings.region()).isEqualTo("ap-southeast-2");
            assertThat(settings.forwarderName()).isEqualTo("fwd-host");
        }

        @Test
        @DisplayName("should read timings, port and endpoint override")
        void overrides() {
            Map<String, String> env = minimal();
            env.put("FLEETWRIGHT_HTTP_PORT", "9090");
            env.put("FLEETWRIGHT_BATCH_IDLE", "500ms");
            env.put("FLEETWRIGHT_BATCH_MAX", "PT5S");
            env.put("FLEETWRIGHT_RESEND_INTERVAL", "1m");
            env.put("FLEETWRIGHT_WATCH_TIMEOUT", "10m");
            env.put("FLEETWRIGHT_EVENTBRIDGE_ENDPOINT", "http://127.0.0.1:5055");

            ForwarderSettings settings = ForwarderSettings.fromEnvironment(env);

            assertThat(settings.httpPort()).isEqualTo(9090);
            assertThat(settings.batchTimings())
                    .isEqualTo(new BatchTimings(Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofMinutes(1)));
            assertThat(settings.watchTimeout()).isEqualTo(Duration.ofMinutes(10));
            assertThat(settings.eventBridgeEndpoint()).isEqualTo(Optional.of(URI.create("http://127.0.0.1:5055")));
        }
    }

    @Nested
    class Errors {

        @Test
        @DisplayName("should list every missing variable by name, not just the first")
        void missing() {
            assertThatThrownBy(() -> ForwarderSettings.fromEnvironment(Map.of()))
                    .isInstanceOfSatisfying(
                            SettingsException.class,
                            e -> assertThat(e.problems())
                                    .hasSize(3)
                                    .anySatisfy(p -> assertThat(p).startsWith("FLEETWRIGHT_CLUSTER_NAME: required"))
                                    .anySatisfy(p -> assertThat(p).startsWith("FLEETWRIGHT_EVENT_BUS: required"))
                                    .anySatisfy(p -> assertThat(p).startsWith("FLEETWRIGHT_REGION: required")));
        }

        @Test
        @DisplayName("should name the variable and the rule for malformed values")
        void malformed() {
            Map<String, String> env = minimal();
            env.put("FLEETWRIGHT_CLUSTER_NAME", "-bad name");
            env.put("FLEETWRIGHT_HTTP_PORT", "70000");
            env.put("FLEETWRIGHT_BATCH_IDLE", "soon");
            env.put("FLEETWRIGHT_EVENTBRIDGE_ENDPOINT", "ftp://x");

            assertThatThrownBy(() -> ForwarderSettings.fromEnvironment(env))
                    .isInstanceOfSatisfying(
                            SettingsException.class,
                            e -> assertThat(e.problems())
                                    .anySatisfy(
                                            p -> assertThat(p).contains("FLEETWRIGHT_CLUSTER_NAME", "EKS cluster name"))
                                    .anySatisfy(p -> assertThat(p).contains("FLEETWRIGHT_HTTP_PORT", "1..65535"))
                                    .anySatisfy(p -> assertThat(p).contains("FLEETWRIGHT_BATCH_IDLE", "'soon'"))
                                    .anySatisfy(p ->
                                            assertThat(p).contains("FLEETWRIGHT_EVENTBRIDGE_ENDPOINT", "http(s)")));
        }

        @Test
        @DisplayName("should refuse an idle window longer than the max window")
        void windows() {
            Map<String, String> env = minimal();
            env.put("FLEETWRIGHT_BATCH_IDLE", "20s");

            assertThatThrownBy(() -> ForwarderSettings.fromEnvironment(env))
                    .hasMessageContaining("FLEETWRIGHT_BATCH_IDLE")
                    .hasMessageContaining("must not exceed FLEETWRIGHT_BATCH_MAX");
        }

        @Test
        @DisplayName("should refuse a region that differs from the bus ARN's region")
        void arnMismatch() {
            Map<String, String> env = minimal();
            env.put("FLEETWRIGHT_EVENT_BUS", "arn:aws:events:us-east-2:123456789012:event-bus/fleetwright-prod");

            assertThatThrownBy(() -> ForwarderSettings.fromEnvironment(env))
                    .hasMessageContaining("differs from the bus ARN's region 'us-east-2'");
        }

        @Test
        @DisplayName("should parse the documented duration forms and refuse zero")
        void durations() {
            assertThat(ForwarderSettings.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
            assertThat(ForwarderSettings.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
            assertThat(ForwarderSettings.parseDuration("pt1.5s")).isEqualTo(Duration.ofMillis(1500));
            assertThatThrownBy(() -> ForwarderSettings.parseDuration("0s")).hasMessageContaining("positive");
        }
    }
}
