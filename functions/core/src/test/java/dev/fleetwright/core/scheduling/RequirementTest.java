package dev.fleetwright.core.scheduling;

import static dev.fleetwright.core.api.corev1.NodeSelectorOperator.DOES_NOT_EXIST;
import static dev.fleetwright.core.api.corev1.NodeSelectorOperator.EXISTS;
import static dev.fleetwright.core.api.corev1.NodeSelectorOperator.GT;
import static dev.fleetwright.core.api.corev1.NodeSelectorOperator.GTE;
import static dev.fleetwright.core.api.corev1.NodeSelectorOperator.IN;
import static dev.fleetwright.core.api.corev1.NodeSelectorOperator.LT;
import static dev.fleetwright.core.api.corev1.NodeSelectorOperator.LTE;
import static dev.fleetwright.core.api.corev1.NodeSelectorOperator.NOT_IN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.corev1.NodeSelectorRequirement;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RequirementTest {

    private static final String KEY = "karpenter.k8s.aws/instance-cpu";

    private static Requirement req(dev.fleetwright.core.api.corev1.NodeSelectorOperator op, String... values) {
        return Requirement.of(KEY, op, List.of(values), null);
    }

    @Nested
    @DisplayName("membership")
    class Membership {

        @Test
        @DisplayName("should hold exactly the listed values under In")
        void in() {
            Requirement r = req(IN, "4", "8");
            assertThat(r.has("4")).isTrue();
            assertThat(r.has("8")).isTrue();
            assertThat(r.has("16")).isFalse();
            assertThat(r.operator()).isEqualTo(IN);
        }

        @Test
        @DisplayName("should hold everything but the listed values under NotIn")
        void notIn() {
            Requirement r = req(NOT_IN, "4");
            assertThat(r.has("4")).isFalse();
            assertThat(r.has("anything")).isTrue();
            assertThat(r.operator()).isEqualTo(NOT_IN);
        }

        @Test
        @DisplayName("should hold every value under Exists and none under DoesNotExist")
        void existsAndDoesNotExist() {
            assertThat(req(EXISTS).has("x")).isTrue();
            assertThat(req(DOES_NOT_EXIST).has("x")).isFalse();
            assertThat(req(DOES_NOT_EXIST).isEmpty()).isTrue();
        }

        @Test
        @DisplayName("should compare integers strictly under Gt and Lt and inclusively under Gte and Lte")
        void numeric() {
            assertThat(req(GT, "4").has("4")).isFalse();
            assertThat(req(GT, "4").has("5")).isTrue();
            assertThat(req(LT, "4").has("4")).isFalse();
            assertThat(req(LT, "4").has("3")).isTrue();
            assertThat(req(GTE, "4").has("4")).isTrue();
            assertThat(req(LTE, "4").has("4")).isTrue();
            assertThat(req(LTE, "4").has("5")).isFalse();
        }

        @Test
        @DisplayName("should not hold non-integer values under a numeric bound")
        void numericRejectsText() {
            assertThat(req(GT, "1").has("large")).isFalse();
        }

        @Test
        @DisplayName("should refuse a numeric operator without exactly one integer")
        void numericNeedsOneInteger() {
            assertThatThrownBy(() -> req(GT, "1", "2")).hasMessageContaining("exactly one integer");
            assertThatThrownBy(() -> req(LT, "x")).hasMessageContaining("integer");
        }

        @Test
        @DisplayName("should normalise deprecated label keys")
        void normalises() {
            Requirement r = Requirement.in("failure-domain.beta.kubernetes.io/zone", "us-east-1a");
            assertThat(r.key()).isEqualTo(Labels.TOPOLOGY_ZONE);
        }
    }

    @Nested
    @DisplayName("intersection")
    class Intersection {

        @Test
        @DisplayName("should intersect two In sets")
        void inIn() {
            Requirement r = req(IN, "2", "4", "8").intersection(req(IN, "4", "8", "16"));
            assertThat(r.values()).containsExactlyInAnyOrder("4", "8");
            assertThat(r.isComplement()).isFalse();
        }

        @Test
        @DisplayName("should remove NotIn values from an In set")
        void inNotIn() {
            assertThat(req(IN, "2", "4").intersection(req(NOT_IN, "4")).values())
                    .containsExactly("2");
        }

        @Test
        @DisplayName("should union the exclusions of two complements")
        void notInNotIn() {
            Requirement r = req(NOT_IN, "2").intersection(req(NOT_IN, "4"));
            assertThat(r.isComplement()).isTrue();
            assertThat(r.values()).containsExactlyInAnyOrder("2", "4");
        }

        @Test
        @DisplayName("should filter an In set by numeric bounds and drop the bounds")
        void inGt() {
            Requirement r = req(IN, "2", "4", "8", "large").intersection(req(GT, "3"));
            assertThat(r.values()).containsExactlyInAnyOrder("4", "8");
            assertThat(r.lowerBound()).isEmpty();
        }

        @Test
        @DisplayName("should tighten bounds and become empty when they cross")
        void bounds() {
            Requirement r = req(GT, "2").intersection(req(LT, "10"));
            assertThat(r.lowerBound()).contains(3L);
            assertThat(r.upperBound()).contains(9L);
            assertThat(req(GT, "5").intersection(req(LT, "6")).isEmpty()).isTrue();
            assertThat(req(GT, "5").hasIntersection(req(LT, "6"))).isFalse();
            assertThat(req(GTE, "6").intersection(req(LTE, "6")).has("6")).isTrue();
        }

        @Test
        @DisplayName("should keep the larger minValues")
        void minValues() {
            Requirement a = Requirement.of(KEY, IN, List.of("1", "2", "3"), 2);
            Requirement b = Requirement.of(KEY, IN, List.of("1", "2"), 1);
            assertThat(a.intersection(b).minValues()).isEqualTo(2);
            assertThat(a.intersection(req(EXISTS)).minValues()).isEqualTo(2);
        }

        @Test
        @DisplayName("should refuse to intersect different keys")
        void keysMustMatch() {
            assertThatThrownBy(() -> req(IN, "1").intersection(Requirement.in("other", "1")))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    @DisplayName("describing")
    class Describing {

        @Test
        @DisplayName("should turn Gt into Gte n+1 and keep both bounds as two node selector requirements")
        void nodeSelector() {
            List<NodeSelectorRequirement> out =
                    req(GT, "2").intersection(req(LT, "10")).toNodeSelectorRequirements();
            assertThat(out)
                    .containsExactly(
                            NodeSelectorRequirement.of(KEY, GTE, "3"), NodeSelectorRequirement.of(KEY, LTE, "9"));
        }

        @Test
        @DisplayName("should pick a deterministic value")
        void any() {
            assertThat(req(IN, "8", "4").any()).contains("4");
            assertThat(req(GT, "4").any()).contains("5");
            assertThat(req(NOT_IN, "0", "1").any()).contains("2");
            assertThat(req(DOES_NOT_EXIST).any()).isEmpty();
        }

        @Test
        @DisplayName("should print like Karpenter, truncating long value lists")
        void string() {
            assertThat(req(IN, "1", "2", "3", "4", "5", "6", "7"))
                    .hasToString(KEY + " In [1, 2, 3, 4, 5, and 2 others]");
            assertThat(req(GT, "4")).hasToString(KEY + " Exists >=5");
        }
    }
}
