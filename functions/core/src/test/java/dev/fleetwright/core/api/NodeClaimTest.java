package dev.fleetwright.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetwright.core.api.corev1.NodeSelectorRequirement;
import dev.fleetwright.core.api.corev1.ObjectMeta;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.api.corev1.Taint;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The NodeClaim lifecycle: phases, conditions and Karpenter's liveness timeouts. */
class NodeClaimTest {

    private static final Instant CREATED = Instant.parse("2024-08-05T10:00:00Z");

    private static final NodeClaimStatus.Launch LAUNCH = new NodeClaimStatus.Launch(
            "aws:///us-east-1a/i-0123",
            "i-0123",
            "m5.large",
            "us-east-1a",
            Labels.CAPACITY_TYPE_SPOT,
            new BigDecimal("0.0412"),
            "ami-1",
            Resources.ofCpuMemoryMiB(2000, 7000),
            Resources.ofCpuMemoryMiB(1930, 6500));

    private static NodeClaim claim(NodeClaimStatus status) {
        NodeClaimTemplateSpec template = new NodeClaimTemplateSpec(
                List.of(NodeSelectorRequirement.of(
                        Labels.CAPACITY_TYPE, dev.fleetwright.core.api.corev1.NodeSelectorOperator.IN, "spot")),
                List.of(new Taint("workload", "batch", dev.fleetwright.core.api.corev1.TaintEffect.NO_SCHEDULE)),
                List.of(),
                NodeClassReference.ec2NodeClass("default"),
                NillableDuration.of(Duration.ofHours(24)),
                NillableDuration.NEVER);
        NodeClaimSpec spec = NodeClaimSpec.fromTemplate(template, template.requirements(), Resources.of(1500, 0));
        ObjectMeta meta = ObjectMeta.of("", "batch-x7k2p").withLabels(Map.of(Labels.NODE_POOL, "batch"));
        return new NodeClaim(meta, spec, status);
    }

    @Nested
    @DisplayName("the happy path")
    class HappyPath {
        @Test
        @DisplayName("should go from Launching to Terminated setting timestamps and conditions")
        void lifecycle() {
            NodeClaimStatus s = NodeClaimStatus.launching(CREATED);
            assertThat(s.phase()).isEqualTo(NodeClaimPhase.LAUNCHING);
            assertThat(s.conditions()).isEmpty();

            s = s.withLaunch(LAUNCH, CREATED.plusSeconds(3));
            assertThat(s.phase()).isEqualTo(NodeClaimPhase.LAUNCHED);
            assertThat(s.instanceId()).isEqualTo("i-0123");
            assertThat(s.pricePerHourUsd()).isEqualByComparingTo("0.0412");
            assertThat(s.launchedAt()).isEqualTo(CREATED.plusSeconds(3));
            assertThat(s.isTrue(NodeClaimConditionType.LAUNCHED)).isTrue();

            s = s.withRegistration("ip-10-0-0-1.ec2.internal", CREATED.plusSeconds(40));
            assertThat(s.nodeName()).isEqualTo("ip-10-0-0-1.ec2.internal");
            assertThat(s.isReady()).isFalse();

            s = s.withInitialization(CREATED.plusSeconds(60));
            assertThat(s.isReady()).isTrue();
            assertThat(s.initializedAt()).isEqualTo(CREATED.plusSeconds(60));

            s = s.withDraining(DisruptionReason.UNDERUTILIZED, CREATED.plusSeconds(600));
            assertThat(s.phase()).isEqualTo(NodeClaimPhase.DRAINING);
            assertThat(s.disruptionReason()).isEqualTo(DisruptionReason.UNDERUTILIZED);

            s = s.withTermination(CREATED.plusSeconds(700));
            assertThat(s.phase().isTerminal()).isTrue();
            assertThat(s.terminatedAt()).isEqualTo(CREATED.plusSeconds(700));
            assertThat(s.isTrue(NodeClaimConditionType.INSTANCE_TERMINATING)).isTrue();
            assertThat(s.conditions())
                    .extracting(NodeClaimCondition::type)
                    .containsExactly(
                            NodeClaimConditionType.LAUNCHED,
                            NodeClaimConditionType.REGISTERED,
                            NodeClaimConditionType.INITIALIZED,
                            NodeClaimConditionType.INSTANCE_TERMINATING);
        }
    }

    @Nested
    @DisplayName("transitions")
    class Transitions {
        @Test
        @DisplayName("should refuse to skip launch")
        void cannotRegisterBeforeLaunch() {
            assertThatThrownBy(() -> NodeClaimStatus.launching(CREATED).withRegistration("n", CREATED))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Launching")
                    .hasMessageContaining("Registered");
        }

        @ParameterizedTest
        @EnumSource(
                value = NodeClaimPhase.class,
                names = {"TERMINATED", "FAILED"})
        @DisplayName("should allow nothing after a terminal phase")
        void terminal(NodeClaimPhase phase) {
            assertThat(phase.successors()).isEmpty();
            for (NodeClaimPhase next : NodeClaimPhase.values()) {
                assertThat(phase.canTransitionTo(next)).isFalse();
            }
        }

        @Test
        @DisplayName("should record a failed launch on the Launched condition")
        void failedLaunch() {
            NodeClaimStatus s = NodeClaimStatus.launching(CREATED)
                    .withFailure("InsufficientInstanceCapacity", "no capacity", CREATED.plusSeconds(2));
            assertThat(s.phase()).isEqualTo(NodeClaimPhase.FAILED);
            assertThat(s.condition(NodeClaimConditionType.LAUNCHED)).hasValueSatisfying(c -> {
                assertThat(c.status()).isEqualTo(ConditionStatus.FALSE);
                assertThat(c.reason()).isEqualTo("InsufficientInstanceCapacity");
            });
        }

        @Test
        @DisplayName("should record a registration timeout on the Registered condition")
        void failedRegistration() {
            NodeClaimStatus s = NodeClaimStatus.launching(CREATED)
                    .withLaunch(LAUNCH, CREATED)
                    .withFailure("RegistrationTimeout", "no node after 15m", CREATED.plus(Duration.ofMinutes(15)));
            assertThat(s.isTrue(NodeClaimConditionType.LAUNCHED)).isTrue();
            assertThat(s.condition(NodeClaimConditionType.REGISTERED)
                            .orElseThrow()
                            .status())
                    .isEqualTo(ConditionStatus.FALSE);
        }

        @Test
        @DisplayName("should allow draining an initialized node but not failing it")
        void initialized() {
            assertThat(NodeClaimPhase.INITIALIZED.canTransitionTo(NodeClaimPhase.DRAINING))
                    .isTrue();
            assertThat(NodeClaimPhase.INITIALIZED.canTransitionTo(NodeClaimPhase.FAILED))
                    .isFalse();
        }
    }

    @Nested
    @DisplayName("conditions")
    class Conditions {
        @Test
        @DisplayName("should keep the transition time when the status does not change")
        void keepsTransitionTime() {
            NodeClaimStatus s = NodeClaimStatus.launching(CREATED)
                    .withCondition(NodeClaimCondition.isTrue(NodeClaimConditionType.DRIFTED, CREATED))
                    .withCondition(new NodeClaimCondition(
                            NodeClaimConditionType.DRIFTED,
                            ConditionStatus.TRUE,
                            "AMIDrift",
                            "",
                            CREATED.plusSeconds(60)));
            NodeClaimCondition drifted =
                    s.condition(NodeClaimConditionType.DRIFTED).orElseThrow();
            assertThat(drifted.lastTransitionTime()).isEqualTo(CREATED);
            assertThat(drifted.reason()).isEqualTo("AMIDrift");
            assertThat(s.conditions()).hasSize(1);
        }

        @Test
        @DisplayName("should update the transition time when the status changes")
        void updatesTransitionTime() {
            NodeClaimStatus s = NodeClaimStatus.launching(CREATED)
                    .withCondition(NodeClaimCondition.isTrue(NodeClaimConditionType.CONSOLIDATABLE, CREATED))
                    .withCondition(new NodeClaimCondition(
                            NodeClaimConditionType.CONSOLIDATABLE,
                            ConditionStatus.FALSE,
                            "",
                            "",
                            CREATED.plusSeconds(5)));
            assertThat(s.condition(NodeClaimConditionType.CONSOLIDATABLE)
                            .orElseThrow()
                            .lastTransitionTime())
                    .isEqualTo(CREATED.plusSeconds(5));
        }
    }

    @Nested
    @DisplayName("liveness")
    class Liveness {
        @Test
        @DisplayName("should time out a launch after Karpenter's 5 minutes")
        void launchTimeout() {
            NodeClaim c = claim(NodeClaimStatus.launching(CREATED));
            assertThat(NodeClaim.LAUNCH_TIMEOUT).isEqualTo(Duration.ofMinutes(5));
            assertThat(c.isLaunchTimedOut(CREATED.plus(Duration.ofMinutes(5)).minusSeconds(1)))
                    .isFalse();
            assertThat(c.isLaunchTimedOut(CREATED.plus(Duration.ofMinutes(5)))).isTrue();
        }

        @Test
        @DisplayName("should time out a registration after Karpenter's 15 minutes")
        void registrationTimeout() {
            NodeClaim c = claim(NodeClaimStatus.launching(CREATED).withLaunch(LAUNCH, CREATED.plusSeconds(5)));
            assertThat(NodeClaim.REGISTRATION_TIMEOUT).isEqualTo(Duration.ofMinutes(15));
            assertThat(c.isLaunchTimedOut(CREATED.plus(Duration.ofHours(1)))).isFalse();
            assertThat(c.isRegistrationTimedOut(CREATED.plus(Duration.ofMinutes(14))))
                    .isFalse();
            assertThat(c.isRegistrationTimedOut(CREATED.plus(Duration.ofMinutes(15))))
                    .isTrue();
        }

        @Test
        @DisplayName("should expire after the template's expireAfter")
        void expiry() {
            NodeClaim c = claim(NodeClaimStatus.launching(CREATED));
            assertThat(c.isExpired(CREATED.plus(Duration.ofHours(23)))).isFalse();
            assertThat(c.isExpired(CREATED.plus(Duration.ofHours(24)))).isTrue();
        }

        @Test
        @DisplayName("should carry the template's taints, node class and NodePool")
        void fromTemplate() {
            NodeClaim c = claim(NodeClaimStatus.launching(CREATED));
            assertThat(c.nodePoolName()).contains("batch");
            assertThat(c.spec().taints()).extracting(Taint::key).containsExactly("workload");
            assertThat(c.spec().nodeClassRef().name()).isEqualTo("default");
            assertThat(c.spec().resourceRequests().cpuMillis()).isEqualTo(1500);
        }
    }
}
