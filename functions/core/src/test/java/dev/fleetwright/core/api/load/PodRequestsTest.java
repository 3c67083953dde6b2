package dev.fleetwright.core.api.load;

import static dev.fleetwright.core.api.load.WorkloadFixtures.load;
import static dev.fleetwright.core.api.load.WorkloadFixtures.onlyPod;
import static dev.fleetwright.core.api.load.WorkloadFixtures.problems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetwright.core.api.corev1.Resources;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pod requests as the kube-scheduler computes them: limits default requests, the largest init container counts if
 * larger, sidecars add up, overhead is added, and pod-level resources replace the containers' cpu and memory.
 */
class PodRequestsTest {

    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    private static Resources requestsOf(String podSpecYaml) {
        return onlyPod("""
                        apiVersion: v1
                        kind: Pod
                        metadata: {name: p}
                        spec:
                        """ + WorkloadFixtures.indent(podSpecYaml, "  ")).spec().requests();
    }

    @Nested
    @DisplayName("containers")
    class Containers {
        @Test
        @DisplayName("should request a container's limits when it sets no requests")
        void limitsDefaultRequests() {
            Resources r = requestsOf("""
                    containers:
                      - name: a
                        resources:
                          limits: {cpu: "2", memory: 1Gi}
                    """);

            assertThat(r).isEqualTo(Resources.of(2000, GIB));
        }

        @Test
        @DisplayName("should default only the resources without a request")
        void partialDefaulting() {
            Resources r = requestsOf("""
                    containers:
                      - name: a
                        resources:
                          requests: {cpu: 500m}
                          limits: {cpu: "1", memory: 2Gi}
                    """);

            assertThat(r).isEqualTo(Resources.of(500, 2 * GIB));
        }

        @Test
        @DisplayName("should add up the app containers, extended resources and ephemeral storage included")
        void sum() {
            Resources r = requestsOf("""
                    containers:
                      - name: a
                        resources:
                          requests: {cpu: 100m, memory: 64Mi, ephemeral-storage: 1Gi}
                      - name: b
                        resources:
                          requests: {cpu: 200m, memory: 64Mi}
                          limits: {nvidia.com/gpu: 2}
                    """);

            assertThat(r).isEqualTo(new Resources(300, 128 * MIB, GIB, 0, null).with(Resources.NVIDIA_GPU, 2));
        }

        @ParameterizedTest(name = "cpu {0} -> {1}m")
        @CsvSource({"0.5, 500", "1, 1000", "'\"250m\"', 250", "'\"1.5\"', 1500", "0.0001, 1"})
        @DisplayName("should read CPU written as numbers or quantity strings, rounding up to millicores")
        void cpuForms(String written, long millis) {
            Resources r = requestsOf("containers: [{name: a, resources: {requests: {cpu: " + written + "}}}]");

            assertThat(r.cpuMillis()).isEqualTo(millis);
        }

        @ParameterizedTest(name = "memory {0} -> {1} bytes")
        @CsvSource({"1Gi, 1073741824", "1G, 1000000000", "1e9, 1000000000", "1.5Gi, 1610612736", "129M, 129000000"})
        @DisplayName("should read memory quantities in bytes")
        void memoryForms(String written, long bytes) {
            Resources r = requestsOf("containers: [{name: a, resources: {requests: {memory: " + written + "}}}]");

            assertThat(r.memoryBytes()).isEqualTo(bytes);
        }
    }

    @Nested
    @DisplayName("init containers and sidecars")
    class InitContainers {
        @Test
        @DisplayName("should request the largest init container when it exceeds the app containers")
        void largestInit() {
            Resources r = requestsOf("""
                    initContainers:
                      - name: migrate
                        resources: {requests: {cpu: "1", memory: 64Mi}}
                      - name: warm
                        resources: {requests: {cpu: 200m, memory: 512Mi}}
                    containers:
                      - name: app
                        resources: {requests: {cpu: 100m, memory: 128Mi}}
                    """);

            // cpu: max(100, 1000, 200); memory: max(128, 64, 512), resource by resource.
            assertThat(r).isEqualTo(Resources.of(1000, 512 * MIB));
        }

        @Test
        @DisplayName("should add a sidecar to the app containers and to every init container started after it")
        void sidecarBeforeInit() {
            Resources r = requestsOf("""
                    initContainers:
                      - name: proxy
                        restartPolicy: Always
                        resources: {requests: {cpu: 200m}}
                      - name: migrate
                        resources: {requests: {cpu: 500m}}
                    containers:
                      - name: app
                        resources: {requests: {cpu: 100m}}
                    """);

            // Running together: app 100 + proxy 200 = 300; during migrate: 500 + proxy 200 = 700.
            assertThat(r.cpuMillis()).isEqualTo(700);
        }

        @Test
        @DisplayName("should not add a sidecar to init containers that ran before it")
        void sidecarAfterInit() {
            Resources r = requestsOf("""
                    initContainers:
                      - name: migrate
                        resources: {requests: {cpu: 500m}}
                      - name: proxy
                        restartPolicy: Always
                        resources: {requests: {cpu: 200m}}
                    containers:
                      - name: app
                        resources: {requests: {cpu: 100m}}
                    """);

            // Running together: 100 + 200 = 300; during migrate: 500 alone.
            assertThat(r.cpuMillis()).isEqualTo(500);
        }
    }

    @Nested
    @DisplayName("overhead and pod-level resources")
    class PodLevel {
        @Test
        @DisplayName("should add the pod overhead to the requests")
        void overhead() {
            Resources r = requestsOf("""
                    runtimeClassName: kata
                    overhead: {cpu: 250m, memory: 120Mi}
                    containers:
                      - name: app
                        resources: {requests: {cpu: 100m, memory: 64Mi}}
                    """);

            assertThat(r).isEqualTo(Resources.of(350, 184 * MIB));
        }

        @Test
        @DisplayName("should let pod-level requests replace the containers' cpu and memory, before overhead")
        void podLevelRequests() {
            Resources r = requestsOf("""
                    resources:
                      requests: {cpu: "1"}
                      limits: {memory: 1Gi}
                    overhead: {cpu: 100m}
                    containers:
                      - name: a
                        resources: {requests: {cpu: 100m, memory: 64Mi}}
                      - name: b
                        resources: {requests: {cpu: 100m, memory: 64Mi}}
                    """);

            // cpu: pod-level 1000 + overhead 100; memory: the pod-level limit defaults the pod-level request.
            assertThat(r).isEqualTo(Resources.of(1100, GIB));
        }

        @Test
        @DisplayName("should reject pod-level requests below the containers' total and other resources at pod level")
        void podLevelRules() {
            WorkloadResult result = load(WorkloadFixtures.podWithSpec("""
                    resources:
                      requests: {cpu: 50m, nvidia.com/gpu: 1}
                    """));

            assertThat(problems(result))
                    .containsExactly(
                            "spec.resources.requests[nvidia.com/gpu]: resource \"nvidia.com/gpu\" cannot be set at pod"
                                    + " level; only cpu and memory can",
                            "spec.resources.requests[cpu]: the pod-level cpu of 50m is less than the containers' total"
                                    + " request of 100m");
        }
    }
}
