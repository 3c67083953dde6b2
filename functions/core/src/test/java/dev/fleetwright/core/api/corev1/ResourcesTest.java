package dev.fleetwright.core.api.corev1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ResourcesTest {

    private static final long GI = 1L << 30;
    private static final long MI = 1L << 20;

    @Nested
    @DisplayName("parsing a resource list")
    class Parsing {

        @Test
        @DisplayName("should put cpu in millicores, memory in bytes and extended resources as counts")
        void units() {
            Resources r = Resources.parse(Map.of("cpu", "1500m", "memory", "2Gi", "nvidia.com/gpu", "1", "pods", "3"));
            assertThat(r.cpuMillis()).isEqualTo(1500);
            assertThat(r.memoryBytes()).isEqualTo(2 * GI);
            assertThat(r.pods()).isEqualTo(3);
            assertThat(r.get(Resources.NVIDIA_GPU)).isEqualTo(1);
        }

        @Test
        @DisplayName("should name the resource whose quantity is invalid")
        void invalid() {
            assertThatThrownBy(() -> Resources.parse(Map.of("memory", "lots")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("memory: ");
        }

        @Test
        @DisplayName("should reject negative quantities")
        void negative() {
            assertThatThrownBy(() -> Resources.parse(Map.of("cpu", "-1"))).hasMessageContaining("negative");
        }
    }

    @Nested
    @DisplayName("arithmetic")
    class Arithmetic {

        @Test
        @DisplayName("should add and subtract resource by resource, extended ones included")
        void plusMinus() {
            Resources a = Resources.of(1000, GI).with(Resources.NVIDIA_GPU, 1);
            Resources b = Resources.of(500, 512 * MI).with("example.com/foo", 2);
            Resources sum = a.plus(b);
            assertThat(sum.cpuMillis()).isEqualTo(1500);
            assertThat(sum.memoryBytes()).isEqualTo(GI + 512 * MI);
            assertThat(sum.extended()).containsEntry(Resources.NVIDIA_GPU, 1L).containsEntry("example.com/foo", 2L);
            assertThat(sum.minus(b)).isEqualTo(a);
        }

        @Test
        @DisplayName("should treat zero extended resources as absent")
        void zeroIsAbsent() {
            Resources a = Resources.of(1, 1).with("x", 3);
            assertThat(a.minus(Resources.NONE.with("x", 3))).isEqualTo(Resources.of(1, 1));
        }

        @Test
        @DisplayName("should take the larger amount of each resource")
        void max() {
            Resources a = Resources.of(1000, GI);
            Resources b = Resources.of(500, 2 * GI);
            assertThat(a.max(b)).isEqualTo(Resources.of(1000, 2 * GI));
        }
    }

    @Nested
    @DisplayName("fitting")
    class Fitting {

        @Test
        @DisplayName("should fit when every requested amount is available")
        void fits() {
            Resources capacity = Resources.of(2000, 8 * GI).with("pods", 29);
            assertThat(Resources.of(2000, 8 * GI).fitsIn(capacity)).isTrue();
            assertThat(Resources.of(2001, GI).fitsIn(capacity)).isFalse();
            assertThat(Resources.of(1, GI).with("pods", 30).fitsIn(capacity)).isFalse();
        }

        @Test
        @DisplayName("should not fit an extended resource the capacity lacks")
        void extendedMissing() {
            assertThat(Resources.NONE.with(Resources.NVIDIA_GPU, 1).fitsIn(Resources.of(4000, 16 * GI)))
                    .isFalse();
            assertThat(Resources.NONE.with(Resources.NVIDIA_GPU, 1).firstExceeding(Resources.of(4000, 16 * GI)))
                    .contains(Resources.NVIDIA_GPU);
        }

        @Test
        @DisplayName("should ignore zero requests against negative capacity")
        void zeroRequest() {
            assertThat(Resources.of(100, 0).fitsIn(Resources.of(200, -5))).isTrue();
        }
    }

    @Nested
    @DisplayName("pod requests (Kubernetes PodRequests)")
    class PodRequests {

        @Test
        @DisplayName("should sum app containers and default requests from limits")
        void sumsAndDefaults() {
            Container a = new Container("a", Resources.of(100, 0), Resources.of(0, GI), false);
            Container b = Container.of(Resources.of(200, GI));
            assertThat(Container.podRequests(List.of(a, b), List.of(), null)).isEqualTo(Resources.of(300, 2 * GI));
        }

        @Test
        @DisplayName("should take the largest init container when it exceeds the app containers")
        void initMax() {
            Container app = Container.of(Resources.of(100, GI));
            Container init = Container.of(Resources.of(2000, 512 * MI));
            assertThat(Container.podRequests(List.of(app), List.of(init), null)).isEqualTo(Resources.of(2000, GI));
        }

        @Test
        @DisplayName("should add sidecars to the app containers and to every later init container")
        void sidecars() {
            Container app = Container.of(Resources.of(100, GI));
            Container sidecar = new Container("proxy", Resources.of(50, 64 * MI), Resources.NONE, true);
            Container laterInit = Container.of(Resources.of(1000, 0));
            // app + sidecar = 150m; later init + sidecar = 1050m; memory: app+sidecar = 1Gi+64Mi
            assertThat(Container.podRequests(List.of(app), List.of(sidecar, laterInit), null))
                    .isEqualTo(Resources.of(1050, GI + 64 * MI));
        }

        @Test
        @DisplayName("should add the pod overhead")
        void overhead() {
            Container app = Container.of(Resources.of(100, GI));
            assertThat(Container.podRequests(List.of(app), List.of(), Resources.of(250, 120 * MI)))
                    .isEqualTo(Resources.of(350, GI + 120 * MI));
        }
    }
}
