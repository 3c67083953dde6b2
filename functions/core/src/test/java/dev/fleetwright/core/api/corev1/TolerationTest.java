package dev.fleetwright.core.api.corev1;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Kubernetes' ToleratesTaint rules, case by case. */
class TolerationTest {

    private static final Taint GPU = new Taint("nvidia.com/gpu", "true", TaintEffect.NO_SCHEDULE);

    @Nested
    @DisplayName("Equal")
    class Equal {
        @Test
        @DisplayName("should tolerate a taint with the same key, value and effect")
        void same() {
            assertThat(new Toleration(
                                    "nvidia.com/gpu", Toleration.Operator.EQUAL, "true", TaintEffect.NO_SCHEDULE, null)
                            .tolerates(GPU))
                    .isTrue();
        }

        @Test
        @DisplayName("should not tolerate a different value")
        void differentValue() {
            assertThat(new Toleration("nvidia.com/gpu", null, "false", null, null).tolerates(GPU))
                    .isFalse();
        }

        @Test
        @DisplayName("should treat an empty operator as Equal")
        void emptyOperator() {
            assertThat(new Toleration("nvidia.com/gpu", null, "true", null, null).tolerates(GPU))
                    .isTrue();
        }
    }

    @Nested
    @DisplayName("Exists")
    class Exists {
        @Test
        @DisplayName("should tolerate any value of the key")
        void anyValue() {
            assertThat(Toleration.exists("nvidia.com/gpu").tolerates(GPU)).isTrue();
        }

        @Test
        @DisplayName("should tolerate every taint when the key is empty")
        void emptyKey() {
            assertThat(Toleration.exists("").tolerates(GPU)).isTrue();
            assertThat(Toleration.exists("").tolerates(Taint.UNREGISTERED)).isTrue();
        }

        @Test
        @DisplayName("should not tolerate another key")
        void otherKey() {
            assertThat(Toleration.exists("workload").tolerates(GPU)).isFalse();
        }
    }

    @Nested
    @DisplayName("effects")
    class Effects {
        @Test
        @DisplayName("should match every effect when the toleration's effect is empty")
        void emptyEffect() {
            Toleration t = new Toleration("k", Toleration.Operator.EXISTS, "", null, null);
            for (TaintEffect e : TaintEffect.values()) {
                assertThat(t.tolerates(new Taint("k", "v", e))).isTrue();
            }
        }

        @Test
        @DisplayName("should not match a different effect")
        void differentEffect() {
            Toleration t = new Toleration("k", Toleration.Operator.EXISTS, "", TaintEffect.NO_EXECUTE, null);
            assertThat(t.tolerates(new Taint("k", "v", TaintEffect.NO_SCHEDULE)))
                    .isFalse();
        }
    }

    @Test
    @DisplayName("should report the first taint no toleration covers, PreferNoSchedule included")
    void firstUntolerated() {
        Taint prefer = new Taint("spot", "", TaintEffect.PREFER_NO_SCHEDULE);
        assertThat(Toleration.firstUntolerated(List.of(GPU, prefer), List.of(Toleration.of(GPU))))
                .contains(prefer);
        assertThat(Toleration.firstUntolerated(List.of(GPU), List.of(Toleration.exists(""))))
                .isEmpty();
    }

    @Test
    @DisplayName("should print taints as kubectl does")
    void taintString() {
        assertThat(GPU).hasToString("nvidia.com/gpu=true:NoSchedule");
        assertThat(Taint.DISRUPTED).hasToString("karpenter.sh/disrupted:NoSchedule");
    }
}
