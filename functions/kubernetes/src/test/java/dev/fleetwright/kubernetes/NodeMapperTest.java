package dev.fleetwright.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetwright.core.api.corev1.Node;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.api.corev1.Taint;
import dev.fleetwright.core.api.corev1.TaintEffect;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Taint;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("NodeMapper: V1Node to core Node")
class NodeMapperTest {

    private static V1Node node(String readyStatus) {
        V1NodeStatus status = new V1NodeStatus()
                .capacity(Map.of(
                        "cpu", Quantity.fromString("4"),
                        "memory", Quantity.fromString("16Gi"),
                        "pods", Quantity.fromString("58")))
                .allocatable(Map.of(
                        "cpu", Quantity.fromString("3920m"),
                        "memory", Quantity.fromString("15Gi"),
                        "pods", Quantity.fromString("58")));
        if (readyStatus != null) {
            status.addConditionsItem(
                    new V1NodeCondition().type("MemoryPressure").status("False"));
            status.addConditionsItem(new V1NodeCondition().type("Ready").status(readyStatus));
        }
        return new V1Node()
                .metadata(new V1ObjectMeta()
                        .name("ip-10-0-0-1.ec2.internal")
                        .labels(Map.of("karpenter.sh/nodepool", "default")))
                .spec(new V1NodeSpec()
                        .providerID("aws:///us-east-1a/i-0123456789abcdef0")
                        .unschedulable(true)
                        .addTaintsItem(
                                new V1Taint().key("karpenter.sh/disrupted").effect("NoSchedule"))
                        .addTaintsItem(
                                new V1Taint().key("dedicated").value("gpu").effect("NoExecute")))
                .status(status);
    }

    @Test
    @DisplayName("should map provider ID, taints, cordon, capacity, allocatable and labels")
    void fields() {
        Node node = NodeMapper.toNode(node("True"));

        assertThat(node.name()).isEqualTo("ip-10-0-0-1.ec2.internal");
        assertThat(node.metadata().labels()).containsEntry("karpenter.sh/nodepool", "default");
        assertThat(node.providerId()).isEqualTo("aws:///us-east-1a/i-0123456789abcdef0");
        assertThat(node.instanceId()).isEqualTo("i-0123456789abcdef0");
        assertThat(node.unschedulable()).isTrue();
        assertThat(node.taints())
                .containsExactly(Taint.DISRUPTED, new Taint("dedicated", "gpu", TaintEffect.NO_EXECUTE));
        assertThat(node.capacity()).isEqualTo(new Resources(4000, 16L << 30, 0, 58, null));
        assertThat(node.allocatable()).isEqualTo(new Resources(3920, 15L << 30, 0, 58, null));
        assertThat(node.ready()).isTrue();
    }

    @Test
    @DisplayName("should be not ready when Ready is False, Unknown or missing")
    void notReady() {
        assertThat(NodeMapper.toNode(node("False")).ready()).isFalse();
        assertThat(NodeMapper.toNode(node("Unknown")).ready()).isFalse();
        assertThat(NodeMapper.toNode(node(null)).ready()).isFalse();
    }

    @Test
    @DisplayName("should map a node without spec and status to an empty, schedulable, not-ready node")
    void bare() {
        Node node = NodeMapper.toNode(new V1Node().metadata(new V1ObjectMeta().name("n")));

        assertThat(node.taints()).isEmpty();
        assertThat(node.unschedulable()).isFalse();
        assertThat(node.allocatable()).isEqualTo(Resources.NONE);
        assertThat(node.ready()).isFalse();
    }

    @Test
    @DisplayName("should name the node and taint of an unknown effect")
    void badTaint() {
        V1Node v1 = node("True");
        v1.getSpec().addTaintsItem(new V1Taint().key("x").effect("Sometimes"));

        assertThatThrownBy(() -> NodeMapper.toNode(v1))
                .isInstanceOf(KubernetesObjectException.class)
                .hasMessageStartingWith(
                        "Node ip-10-0-0-1.ec2.internal: spec.taints[2].effect: unknown effect \"Sometimes\"");
    }
}
