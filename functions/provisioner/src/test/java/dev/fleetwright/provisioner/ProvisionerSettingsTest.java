package dev.fleetwright.provisioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("ProvisionerSettings from the environment")
class ProvisionerSettingsTest {

    static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("FLEETWRIGHT_CLUSTERS", "fleetwright-test, fleetwright-staging");
        env.put("NODECLAIMS_TABLE", "fleetwright-NodeClaims");
        env.put("STATE_TABLE", "fleetwright-State");
        env.put("AWS_REGION", "eu-west-1");
        return env;
    }

    static Map<String, String> with(String name, String value) {
        Map<String, String> env = environment();
        if (value == null) {
            env.remove(name);
        } else {
            env.put(name, value);
        }
        return env;
    }

    @Nested
    @DisplayName("valid environments")
    class Valid {

        @Test
        @DisplayName("should read the clusters, tables and region, with the contract's defaults for the rest")
        void defaults() {
            ProvisionerSettings s = ProvisionerSettings.fromEnvironment(environment());

            assertThat(s.clusters()).containsExactly("fleetwright-test", "fleetwright-staging");
            assertThat(s.nodeClaims().tableName()).isEqualTo("fleetwright-NodeClaims");
            assertThat(s.stateTable().tableName()).isEqualTo("fleetwright-State");
            assertThat(s.region()).isEqualTo("eu-west-1");
            assertThat(s.optimizeCost()).isTrue();
            assertThat(s.leaseDuration()).isEqualTo(Duration.ofSeconds(120));
            assertThat(s.metricsNamespace()).isEqualTo("Fleetwright");
            assertThat(s.maxRounds()).isEqualTo(3);
            assertThat(s.ssmParameterRoot()).isEqualTo("/aws/service");
            assertThat(s.nodeKubernetesVersion()).isEmpty();
            assertThat(s.nodeKubernetesVersion("fleetwright-test", "1.31")).isEqualTo("1.31");
        }

        @Test
        @DisplayName("should read the optional variables when set")
        void optional() {
            Map<String, String> env = environment();
            env.put("FLEETWRIGHT_OPTIMIZE_COST", "FALSE");
            env.put("FLEETWRIGHT_LEASE_SECONDS", "300");
            env.put("POWERTOOLS_METRICS_NAMESPACE", "FleetwrightStaging");

            ProvisionerSettings s = ProvisionerSettings.fromEnvironment(env);

            assertThat(s.optimizeCost()).isFalse();
            assertThat(s.leaseDuration()).isEqualTo(Duration.ofMinutes(5));
            assertThat(s.metricsNamespace()).isEqualTo("FleetwrightStaging");
        }

        @Test
        @DisplayName("should pin the node Kubernetes version within the kubelet skew policy")
        void pinnedNodeVersion() {
            ProvisionerSettings s =
                    ProvisionerSettings.fromEnvironment(with("FLEETWRIGHT_NODE_KUBERNETES_VERSION", "1.30"));

            assertThat(s.nodeKubernetesVersion()).isEqualTo("1.30");
            assertThat(s.nodeKubernetesVersion("fleetwright-test", "1.30")).isEqualTo("1.30");
            assertThat(s.nodeKubernetesVersion("fleetwright-test", "1.33")).isEqualTo("1.30");
            assertThatThrownBy(() -> s.nodeKubernetesVersion("fleetwright-test", "1.29"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("FLEETWRIGHT_NODE_KUBERNETES_VERSION 1.30 is newer than the control plane (kubelets"
                            + " must not be newer than the API server) of cluster \"fleetwright-test\", which runs"
                            + " 1.29");
            assertThatThrownBy(() -> s.nodeKubernetesVersion("fleetwright-staging", "1.34"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is more than 3 minor versions older than the control plane")
                    .hasMessageContaining("\"fleetwright-staging\", which runs 1.34");
        }

        @Test
        @DisplayName("should tell which clusters it serves")
        void serves() {
            ProvisionerSettings s = ProvisionerSettings.fromEnvironment(environment());

            assertThat(s.serves("fleetwright-staging")).isTrue();
            assertThat(s.serves("someone-elses-cluster")).isFalse();
        }
    }

    @Nested
    @DisplayName("invalid environments")
    class Invalid {

        @Test
        @DisplayName("should name every missing required variable at once")
        void missing() {
            assertThatThrownBy(() -> ProvisionerSettings.fromEnvironment(Map.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("FLEETWRIGHT_CLUSTERS: must be set")
                    .hasMessageContaining("NODECLAIMS_TABLE: must be set")
                    .hasMessageContaining("STATE_TABLE: must be set")
                    .hasMessageContaining("AWS_REGION: must be set");
        }

        @Test
        @DisplayName("should refuse an empty entry, a malformed or a repeated cluster name")
        void clusters() {
            assertThatThrownBy(() -> ProvisionerSettings.fromEnvironment(with("FLEETWRIGHT_CLUSTERS", "a,,b")))
                    .hasMessageContaining("FLEETWRIGHT_CLUSTERS: entry 2 of \"a,,b\" is empty");
            assertThatThrownBy(() -> ProvisionerSettings.fromEnvironment(with("FLEETWRIGHT_CLUSTERS", "-bad")))
                    .hasMessageContaining("FLEETWRIGHT_CLUSTERS: \"-bad\" is not an EKS cluster name");
            assertThatThrownBy(() -> ProvisionerSettings.fromEnvironment(with("FLEETWRIGHT_CLUSTERS", "a,b,a")))
                    .hasMessageContaining("FLEETWRIGHT_CLUSTERS: \"a\" is listed twice");
        }

        @Test
        @DisplayName("should name the table variable whose value breaks DynamoDB's naming rule")
        void tables() {
            assertThatThrownBy(() -> ProvisionerSettings.fromEnvironment(with("STATE_TABLE", "no spaces")))
                    .hasMessageContaining("STATE_TABLE: table name \"no spaces\"")
                    .hasMessageContaining("DynamoDB naming rule");
        }

        @Test
        @DisplayName("should refuse an optimize flag that is not true or false")
        void optimize() {
            assertThatThrownBy(() -> ProvisionerSettings.fromEnvironment(with("FLEETWRIGHT_OPTIMIZE_COST", "yes")))
                    .hasMessageContaining("FLEETWRIGHT_OPTIMIZE_COST: must be true or false, got \"yes\"");
        }

        @Test
        @DisplayName("should refuse a node Kubernetes version that is not major.minor")
        void nodeVersion() {
            for (String bad : List.of("1", "v1.31", "1.31.2", "latest")) {
                assertThatThrownBy(() ->
                                ProvisionerSettings.fromEnvironment(with("FLEETWRIGHT_NODE_KUBERNETES_VERSION", bad)))
                        .as(bad)
                        .hasMessageContaining("FLEETWRIGHT_NODE_KUBERNETES_VERSION: must be major.minor")
                        .hasMessageContaining("got \"" + bad + "\"");
            }
        }

        @Test
        @DisplayName("should refuse a lease that is not a whole number of seconds from 1 to 900")
        void lease() {
            for (String bad : List.of("0", "901", "2m", "-5")) {
                assertThatThrownBy(() -> ProvisionerSettings.fromEnvironment(with("FLEETWRIGHT_LEASE_SECONDS", bad)))
                        .as(bad)
                        .hasMessageContaining(
                                "FLEETWRIGHT_LEASE_SECONDS: must be a whole number of seconds from 1" + " to 900")
                        .hasMessageContaining("got \"" + bad + "\"");
            }
        }
    }
}
