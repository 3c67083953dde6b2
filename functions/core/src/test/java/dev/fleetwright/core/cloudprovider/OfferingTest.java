package dev.fleetwright.core.cloudprovider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetwright.core.api.AmiFamily;
import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.corev1.NodeSelectorOperator;
import dev.fleetwright.core.scheduling.Requirement;
import dev.fleetwright.core.scheduling.Requirements;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Offering, CapacityType, AmiFamily and NodeOverheadSettings")
class OfferingTest {

    private final Offering spotInA = new Offering("us-east-1a", CapacityType.SPOT, 0.03264, true, true);

    @Nested
    @DisplayName("Offering")
    class Offerings {
        @Test
        @DisplayName("should require exactly its zone and capacity type")
        void requirements() {
            Requirements r = spotInA.requirements();
            assertThat(r.get(Labels.TOPOLOGY_ZONE).values()).containsExactly("us-east-1a");
            assertThat(r.get(Labels.CAPACITY_TYPE).values()).containsExactly("spot");
            assertThat(r.size()).isEqualTo(2);
        }

        @Test
        @DisplayName(
                "should be compatible when the requirements allow its zone and capacity type or do not constrain them")
        void compatible() {
            assertThat(spotInA.isCompatible(Requirements.EMPTY)).isTrue();
            assertThat(spotInA.isCompatible(Requirements.of(Requirement.in(Labels.CAPACITY_TYPE, "spot", "on-demand"))))
                    .isTrue();
            assertThat(spotInA.isCompatible(Requirements.of(Requirement.notIn(Labels.TOPOLOGY_ZONE, "us-east-1b"))))
                    .isTrue();
            assertThat(spotInA.isCompatible(Requirements.of(Requirement.in(Labels.CAPACITY_TYPE, "on-demand"))))
                    .isFalse();
            assertThat(spotInA.isCompatible(Requirements.of(Requirement.notIn(Labels.TOPOLOGY_ZONE, "us-east-1a"))))
                    .isFalse();
            assertThat(spotInA.isCompatible(Requirements.of(Requirement.doesNotExist(Labels.CAPACITY_TYPE))))
                    .isFalse();
        }

        @Test
        @DisplayName("should agree with the requirements algebra on compatibility")
        void agreesWithRequirements() {
            List<Requirements> cases = List.of(
                    Requirements.EMPTY,
                    Requirements.of(Requirement.in(Labels.TOPOLOGY_ZONE, "us-east-1a", "us-east-1c")),
                    Requirements.of(Requirement.in(Labels.TOPOLOGY_ZONE, "us-east-1c")),
                    Requirements.of(Requirement.of(Labels.CAPACITY_TYPE, NodeSelectorOperator.EXISTS, List.of(), null)),
                    Requirements.of(
                            Requirement.in(Labels.CAPACITY_TYPE, "spot"),
                            Requirement.notIn(Labels.TOPOLOGY_ZONE, "x")));
            for (Requirements r : cases) {
                assertThat(spotInA.isCompatible(r))
                        .as(r.toString())
                        .isEqualTo(r.isCompatible(spotInA.requirements(), Labels.WELL_KNOWN));
            }
        }

        @Test
        @DisplayName("should reject a blank zone and a negative price")
        void validation() {
            assertThatThrownBy(() -> new Offering(" ", CapacityType.SPOT, 1, true, false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("zone");
            assertThatThrownBy(() -> new Offering("us-east-1a", CapacityType.SPOT, -0.5, true, false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("pricePerHourUsd");
        }

        @Test
        @DisplayName("should copy itself with another availability")
        void withAvailable() {
            assertThat(spotInA.withAvailable(false).available()).isFalse();
            assertThat(spotInA.withAvailable(true)).isSameAs(spotInA);
        }
    }

    @Nested
    @DisplayName("CapacityType")
    class CapacityTypes {
        @Test
        @DisplayName("should use Karpenter's label values")
        void labelValues() {
            assertThat(CapacityType.SPOT.labelValue()).isEqualTo("spot");
            assertThat(CapacityType.ON_DEMAND.labelValue()).isEqualTo("on-demand");
            assertThat(CapacityType.RESERVED.labelValue()).isEqualTo("reserved");
            assertThat(CapacityType.fromLabelValue("on-demand")).isEqualTo(CapacityType.ON_DEMAND);
            assertThatThrownBy(() -> CapacityType.fromLabelValue("capacity-block"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("capacity-block");
        }
    }

    @Nested
    @DisplayName("NodeOverheadSettings")
    class Settings {
        @Test
        @DisplayName("should default to Karpenter's values")
        void defaults() {
            NodeOverheadSettings d = NodeOverheadSettings.defaults();
            assertThat(d.vmMemoryOverheadPercent()).isEqualTo(0.075);
            assertThat(d.amiFamily()).isEqualTo(AmiFamily.AL2023);
            assertThat(d.effectiveEphemeralVolumeBytes()).isEqualTo(20L << 30);
            assertThat(d.reservedEnis()).isZero();
            assertThat(d.instanceStorePolicyRaid0()).isFalse();
        }

        @Test
        @DisplayName("should reject out-of-range values, naming the field")
        void validation() {
            NodeOverheadSettings d = NodeOverheadSettings.defaults();
            assertThatThrownBy(() -> d.withVmMemoryOverheadPercent(1.5))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("vmMemoryOverheadPercent");
            assertThatThrownBy(() -> d.withEphemeralVolumeBytes(0L))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("ephemeralVolumeBytes");
            assertThatThrownBy(() -> d.withReservedEnis(-1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("reservedEnis");
        }
    }
}
