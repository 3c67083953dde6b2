package dev.fleetwright.forwarder.pods;

import static dev.fleetwright.forwarder.fixtures.TestPods.pending;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Pod;
import java.math.BigDecimal;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PodRequestsTest {

    private static BigDecimal value(SortedMap<String, Quantity> requests, String resource) {
        return requests.get(resource).getNumber();
    }

    private static BigDecimal q(String quantity) {
        return new Quantity(quantity).getNumber();
    }

    @Nested
    class Containers {

        @Test
        @DisplayName("should sum the requests of all regular containers per resource")
        void sum() {
            V1Pod pod = pending("web")
                    .requests(Map.of("cpu", "250m", "memory", "1Gi"))
                    .container("proxy", Map.of("cpu", "1", "memory", "512Mi", "nvidia.com/gpu", "1"))
                    .build();

            SortedMap<String, Quantity> requests = PodRequests.of(pod);

            assertThat(requests).containsOnlyKeys("cpu", "memory", "nvidia.com/gpu");
            assertThat(value(requests, "cpu")).isEqualByComparingTo("1.25");
            assertThat(value(requests, "memory")).isEqualByComparingTo(BigDecimal.valueOf(1536L * 1024 * 1024));
            assertThat(value(requests, "nvidia.com/gpu")).isEqualByComparingTo("1");
        }

        @Test
        @DisplayName("should be empty for a pod that requests nothing")
        void nothing() {
            assertThat(PodRequests.of(pending("web").build())).isEmpty();
        }

        @Test
        @DisplayName("should write a sum of binary quantities in binary units and decimal sums in decimal units")
        void format() {
            V1Pod pod = pending("web")
                    .requests(Map.of("cpu", "500m", "memory", "1Gi"))
                    .container("b", Map.of("cpu", "1", "memory", "512Mi"))
                    .build();

            SortedMap<String, Quantity> requests = PodRequests.of(pod);

            assertThat(requests.get("memory").toSuffixedString()).isEqualTo("1536Mi");
            assertThat(requests.get("cpu").toSuffixedString()).isEqualTo("1500m");
        }
    }

    @Nested
    class InitContainersAndSidecars {

        @Test
        @DisplayName("should take the largest init container when it exceeds the regular containers")
        void initDominates() {
            V1Pod pod = pending("web")
                    .requests(Map.of("cpu", "1", "memory", "256Mi"))
                    .initContainer("migrate", false, Map.of("cpu", "4", "memory", "128Mi"))
                    .initContainer("warm", false, Map.of("cpu", "2"))
                    .build();

            SortedMap<String, Quantity> requests = PodRequests.of(pod);

            assertThat(value(requests, "cpu")).isEqualByComparingTo("4");
            assertThat(value(requests, "memory")).isEqualByComparingTo(q("256Mi"));
        }

        @Test
        @DisplayName("should add sidecars to the regular containers and to every init container after them (KEP-753)")
        void sidecars() {
            // init1 2 CPU alone; sidecar 1 CPU; init2 1.5 CPU runs beside the sidecar: 2.5; regular 2 + sidecar 1 = 3.
            V1Pod pod = pending("web")
                    .requests(Map.of("cpu", "1"))
                    .container("b", Map.of("cpu", "1"))
                    .initContainer("init1", false, Map.of("cpu", "2"))
                    .initContainer("mesh", true, Map.of("cpu", "1", "memory", "64Mi"))
                    .initContainer("init2", false, Map.of("cpu", "1500m"))
                    .build();

            SortedMap<String, Quantity> requests = PodRequests.of(pod);

            assertThat(value(requests, "cpu")).isEqualByComparingTo("3");
            assertThat(value(requests, "memory")).isEqualByComparingTo(q("64Mi"));
        }

        @Test
        @DisplayName("should count an init container beside the sidecars started before it when that is the peak")
        void initBesideSidecarPeak() {
            // sidecar 1 CPU, then init 3 CPU beside it: 4 > regular 0.5 + 1.
            V1Pod pod = pending("web")
                    .requests(Map.of("cpu", "500m"))
                    .initContainer("mesh", true, Map.of("cpu", "1"))
                    .initContainer("load", false, Map.of("cpu", "3"))
                    .build();

            assertThat(value(PodRequests.of(pod), "cpu")).isEqualByComparingTo("4");
        }
    }

    @Nested
    class PodLevel {

        @Test
        @DisplayName("should add RuntimeClass overhead")
        void overhead() {
            V1Pod pod = pending("web")
                    .requests(Map.of("cpu", "1", "memory", "1Gi"))
                    .overhead(Map.of("cpu", "250m", "memory", "120Mi"))
                    .build();

            SortedMap<String, Quantity> requests = PodRequests.of(pod);

            assertThat(value(requests, "cpu")).isEqualByComparingTo("1.25");
            assertThat(value(requests, "memory")).isEqualByComparingTo(q("1144Mi"));
        }

        @Test
        @DisplayName("should let pod-level cpu and memory requests replace the container aggregate, then add overhead")
        void podLevelResources() {
            V1Pod pod = pending("web")
                    .requests(Map.of("cpu", "1", "memory", "1Gi", "ephemeral-storage", "1Gi"))
                    .podLevelRequests(Map.of("cpu", "2", "memory", "3Gi"))
                    .overhead(Map.of("cpu", "100m"))
                    .build();

            SortedMap<String, Quantity> requests = PodRequests.of(pod);

            assertThat(value(requests, "cpu")).isEqualByComparingTo("2.1");
            assertThat(value(requests, "memory")).isEqualByComparingTo(q("3Gi"));
            assertThat(value(requests, "ephemeral-storage")).isEqualByComparingTo(q("1Gi"));
        }
    }
}
