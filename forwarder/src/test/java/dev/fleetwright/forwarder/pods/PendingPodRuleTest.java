package dev.fleetwright.forwarder.pods;

import static dev.fleetwright.forwarder.fixtures.TestPods.pending;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PendingPodRuleTest {

    @Nested
    class Selects {

        @Test
        @DisplayName("should select an unbound pod marked PodScheduled=False/Unschedulable")
        void unschedulable() {
            assertThat(PendingPodRule.isPending(pending("web").build())).isTrue();
        }

        @Test
        @DisplayName("should select a pod owned by a ReplicaSet or StatefulSet")
        void ownedByWorkloads() {
            assertThat(PendingPodRule.isPending(pending("web")
                            .ownedBy("apps/v1", "ReplicaSet", "web-5d9c")
                            .build()))
                    .isTrue();
            assertThat(PendingPodRule.isPending(pending("db")
                            .ownedBy("apps/v1", "StatefulSet", "db")
                            .build()))
                    .isTrue();
        }
    }

    @Nested
    class Rejects {

        @Test
        @DisplayName("should not select a pod the scheduler has not marked unschedulable")
        void noCondition() {
            assertThat(PendingPodRule.isPending(pending("web").noConditions().build()))
                    .isFalse();
        }

        @Test
        @DisplayName("should not select a pod whose PodScheduled reason is another scheduler's (e.g. Fargate)")
        void otherReason() {
            assertThat(PendingPodRule.isPending(pending("web")
                            .scheduledCondition("False", "SchedulerError")
                            .build()))
                    .isFalse();
        }

        @Test
        @DisplayName("should not select a pod whose PodScheduled condition is True")
        void scheduled() {
            assertThat(PendingPodRule.isPending(pending("web")
                            .scheduledCondition("True", "Unschedulable")
                            .build()))
                    .isFalse();
        }

        @Test
        @DisplayName("should not select a pod bound to a node")
        void bound() {
            assertThat(PendingPodRule.isPending(
                            pending("web").nodeName("ip-10-0-0-1").build()))
                    .isFalse();
        }

        @Test
        @DisplayName("should not select a pod nominated to a node (preempting)")
        void nominated() {
            assertThat(PendingPodRule.isPending(
                            pending("web").nominatedNodeName("ip-10-0-0-1").build()))
                    .isFalse();
        }

        @Test
        @DisplayName("should not select a DaemonSet pod")
        void daemonSet() {
            assertThat(PendingPodRule.isPending(pending("agent")
                            .ownedBy("apps/v1", "DaemonSet", "agent")
                            .build()))
                    .isFalse();
        }

        @Test
        @DisplayName("should not select a mirror pod, by Node owner or by the kubelet's mirror annotation")
        void mirror() {
            assertThat(PendingPodRule.isPending(
                            pending("etcd").ownedBy("v1", "Node", "ip-10-0-0-1").build()))
                    .isFalse();
            assertThat(PendingPodRule.isPending(pending("etcd")
                            .annotation(PendingPodRule.MIRROR_ANNOTATION, "abc")
                            .build()))
                    .isFalse();
        }
    }
}
