package dev.fleetwright.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetwright.core.api.corev1.Resources;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LimitsTest {

    private static final long GIB = 1L << 30;

    @Test
    @DisplayName("should leave resources without a limit unbounded")
    void unlimitedResources() {
        Limits cpuOnly = Limits.of(Resources.parse(Map.of("cpu", "10")), null);
        assertThat(cpuOnly.limitOf("cpu")).contains(10_000L);
        assertThat(cpuOnly.limitOf("memory")).isEmpty();
        assertThat(cpuOnly.exceededBy(Resources.of(9_000, 1000 * GIB), 100)).isEmpty();
    }

    @Test
    @DisplayName("should report each resource whose usage is above its limit, then nodes")
    void exceeded() {
        Limits limits = Limits.of(Resources.parse(Map.of("cpu", "10", "memory", "40Gi", "nvidia.com/gpu", "2")), 3L);
        Resources usage = Resources.parse(Map.of("cpu", "10500m", "memory", "40Gi", "nvidia.com/gpu", "3"));
        assertThat(limits.exceededBy(usage, 4)).containsExactly("cpu", "nvidia.com/gpu", "nodes");
        assertThat(limits.exceededBy(Resources.parse(Map.of("cpu", "10", "memory", "40Gi")), 3))
                .isEmpty();
    }

    @Test
    @DisplayName("should enforce a limit of zero")
    void zero() {
        Limits noGpu = new Limits(Resources.NONE, Set.of("nvidia.com/gpu"), OptionalLong.empty());
        assertThat(noGpu.limitOf("nvidia.com/gpu")).contains(0L);
        assertThat(noGpu.exceededBy(Resources.NONE.with("nvidia.com/gpu", 1), 1))
                .containsExactly("nvidia.com/gpu");
    }

    @Test
    @DisplayName("should print limits the way users write them")
    void print() {
        assertThat(Limits.NONE).hasToString("none");
        assertThat(Limits.of(Resources.parse(Map.of("cpu", "1000", "memory", "1000Gi")), 10L))
                .hasToString("cpu 1000, memory 1000Gi, nodes 10");
    }

    @Test
    @DisplayName("should reject amounts without a name and negative amounts")
    void invariants() {
        assertThatThrownBy(() -> new Limits(Resources.of(1000, 0), Set.of(), OptionalLong.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Limits(Resources.of(-1, 0), Set.of("cpu"), OptionalLong.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Limits.of(Resources.NONE, -1L)).isInstanceOf(IllegalArgumentException.class);
    }
}
