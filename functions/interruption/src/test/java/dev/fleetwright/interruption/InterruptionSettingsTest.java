package dev.fleetwright.interruption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("InterruptionSettings from the environment")
class InterruptionSettingsTest {

    private static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("FLEETWRIGHT_CLUSTERS", "eks-cluster-dev, eks-cluster-prod ,");
        env.put("NODECLAIMS_TABLE", "fleetwright-NodeClaims");
        env.put("STATE_TABLE", "fleetwright-State");
        env.put("PROVISIONING_QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/123456789012/provisioning");
        env.put("INTERRUPTION_QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/123456789012/interruption");
        env.put("AWS_REGION", "us-east-1");
        return env;
    }

    @Test
    @DisplayName("should read the contract's variables with their defaults")
    void defaults() {
        InterruptionSettings s = InterruptionSettings.fromEnvironment(environment());

        assertThat(s.clusters()).containsExactly("eks-cluster-dev", "eks-cluster-prod");
        assertThat(s.nodeClaimsTable()).isEqualTo("fleetwright-NodeClaims");
        assertThat(s.stateTable()).isEqualTo("fleetwright-State");
        assertThat(s.interruptionQueueUrl()).endsWith("/interruption");
        assertThat(s.provisioningQueueUrl()).endsWith("/provisioning");
        assertThat(s.drainPass()).isEqualTo(Duration.ofSeconds(20));
        assertThat(s.region()).isEqualTo("us-east-1");
        assertThat(s.metricsNamespace()).isEqualTo("Fleetwright");
        assertThat(s.serves("eks-cluster-prod")).isTrue();
        assertThat(s.serves("other")).isFalse();
    }

    @Test
    @DisplayName("should read the drain pass and the metrics namespace when set")
    void overrides() {
        Map<String, String> env = environment();
        env.put("FLEETWRIGHT_DRAIN_PASS_SECONDS", " 45 ");
        env.put("POWERTOOLS_METRICS_NAMESPACE", "FleetwrightStaging");

        InterruptionSettings s = InterruptionSettings.fromEnvironment(env);

        assertThat(s.drainPass()).isEqualTo(Duration.ofSeconds(45));
        assertThat(s.metricsNamespace()).isEqualTo("FleetwrightStaging");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "FLEETWRIGHT_CLUSTERS",
                "NODECLAIMS_TABLE",
                "STATE_TABLE",
                "PROVISIONING_QUEUE_URL",
                "INTERRUPTION_QUEUE_URL",
                "AWS_REGION"
            })
    @DisplayName("should name a missing variable")
    void missing(String variable) {
        Map<String, String> env = environment();
        env.remove(variable);

        assertThatThrownBy(() -> InterruptionSettings.fromEnvironment(env))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(variable + ":");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "901", "-5", "twenty", "1.5"})
    @DisplayName("should refuse a drain pass that is not 1 to 900 whole seconds")
    void badDrainPass(String value) {
        Map<String, String> env = environment();
        env.put("FLEETWRIGHT_DRAIN_PASS_SECONDS", value);

        assertThatThrownBy(() -> InterruptionSettings.fromEnvironment(env))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("FLEETWRIGHT_DRAIN_PASS_SECONDS:");
    }
}
