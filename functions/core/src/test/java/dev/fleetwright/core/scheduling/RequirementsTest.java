package dev.fleetwright.core.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetwright.core.api.Labels;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RequirementsTest {

    private static final Requirements NODE_POOL = Requirements.of(
            Requirement.in(Labels.CAPACITY_TYPE, "on-demand"),
            Requirement.in(Labels.INSTANCE_CATEGORY, "c", "m", "r"),
            Requirement.in("team", "ml"));

    @Nested
    @DisplayName("compatibility (Karpenter Compatible)")
    class Compatibility {

        @Test
        @DisplayName("should accept a pod that asks for values the NodePool offers")
        void compatible() {
            Requirements pod = Requirements.fromLabels(Map.of(Labels.CAPACITY_TYPE, "on-demand", "team", "ml"));
            assertThat(NODE_POOL.isCompatible(pod, Labels.WELL_KNOWN)).isTrue();
            assertThat(NODE_POOL.compatibilityErrors(pod, Labels.WELL_KNOWN)).isEmpty();
        }

        @Test
        @DisplayName("should reject conflicting values and say which")
        void conflict() {
            Requirements pod = Requirements.fromLabels(Map.of(Labels.CAPACITY_TYPE, "spot"));
            assertThat(NODE_POOL.isCompatible(pod, Labels.WELL_KNOWN)).isFalse();
            assertThat(NODE_POOL.compatibilityErrors(pod, Labels.WELL_KNOWN))
                    .singleElement()
                    .asString()
                    .contains("karpenter.sh/capacity-type In [spot] not in karpenter.sh/capacity-type In [on-demand]");
        }

        @Test
        @DisplayName("should allow an undefined well-known label but not an undefined custom label")
        void undefined() {
            Requirements zone = Requirements.of(Requirement.in(Labels.TOPOLOGY_ZONE, "us-east-1a"));
            assertThat(NODE_POOL.isCompatible(zone, Labels.WELL_KNOWN)).isTrue();
            Requirements custom = Requirements.of(Requirement.in("gpu-team", "x"));
            assertThat(NODE_POOL.isCompatible(custom, Labels.WELL_KNOWN)).isFalse();
            assertThat(NODE_POOL.compatibilityErrors(custom, Labels.WELL_KNOWN))
                    .singleElement()
                    .asString()
                    .startsWith("label \"gpu-team\" does not have known values");
        }

        @Test
        @DisplayName("should accept NotIn and DoesNotExist on labels the NodePool does not define")
        void negativeUndefined() {
            Requirements pod = Requirements.of(Requirement.notIn("gpu-team", "x"), Requirement.doesNotExist("other"));
            assertThat(NODE_POOL.isCompatible(pod, Set.of())).isTrue();
        }

        @Test
        @DisplayName("should not conflict when both sides exclude values (NotIn against NotIn)")
        void bothNegative() {
            Requirements a = Requirements.of(Requirement.doesNotExist("k"));
            Requirements b = Requirements.of(Requirement.doesNotExist("k"));
            assertThat(a.intersects(b)).isTrue();
        }

        @Test
        @DisplayName("should hint at a likely typo of a well-known label")
        void typoHint() {
            Requirements pod = Requirements.of(Requirement.in("karpenter.sh/capacity-typ", "spot"));
            assertThat(NODE_POOL.compatibilityErrors(pod, Labels.WELL_KNOWN))
                    .anySatisfy(e -> assertThat(e).contains("typo of \"karpenter.sh/capacity-type\""));
        }
    }

    @Nested
    @DisplayName("combining")
    class Combining {

        @Test
        @DisplayName("should intersect shared keys and keep the others")
        void and() {
            Requirements pod = Requirements.of(Requirement.in(Labels.INSTANCE_CATEGORY, "m", "t"));
            Requirements both = NODE_POOL.and(pod);
            assertThat(both.get(Labels.INSTANCE_CATEGORY).values()).containsExactly("m");
            assertThat(both.has("team")).isTrue();
            assertThat(both.size()).isEqualTo(3);
        }

        @Test
        @DisplayName("should answer Exists for a key without a requirement")
        void getDefault() {
            assertThat(NODE_POOL.get("nope").operator().wireName()).isEqualTo("Exists");
        }

        @Test
        @DisplayName("should derive node labels from single values, skipping restricted and well-known labels")
        void labels() {
            Requirements r = Requirements.of(
                    Requirement.in("team", "ml"),
                    Requirement.in(Labels.CAPACITY_TYPE, "spot"),
                    Requirement.in(Labels.HOSTNAME, "n1"),
                    Requirement.exists("example.com/exists"));
            assertThat(r.labels()).isEqualTo(Map.of("example.com/exists", "0", "team", "ml"));
        }
    }
}
