package dev.fleetwright.kubernetes;

import dev.fleetwright.core.api.corev1.Node;
import dev.fleetwright.core.api.corev1.ObjectMeta;
import dev.fleetwright.core.api.corev1.Taint;
import dev.fleetwright.core.api.corev1.TaintEffect;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Taint;

/**
 * Maps client-java's {@link V1Node} to core's {@link Node}: metadata, {@code spec.providerID}, {@code spec.taints},
 * {@code spec.unschedulable}, {@code status.capacity} and {@code status.allocatable} (quantities rounded up as
 * Kubernetes does), and whether the {@code Ready} condition is {@code True}.
 */
public final class NodeMapper {

    private NodeMapper() {}

    /**
     * Maps a node.
     *
     * @param node the node as read from the API server
     * @return the core node
     * @throws KubernetesObjectException naming the node and field when a field cannot be mapped (a taint without a key
     *     or with an unknown effect)
     */
    public static Node toNode(V1Node node) {
        V1ObjectMeta meta = node.getMetadata();
        PodMapper.Context ctx = new PodMapper.Context("Node " + (meta == null ? "?" : meta.getName()));
        ObjectMeta metadata = PodMapper.objectMeta(meta, ctx.at("metadata"));
        V1NodeSpec spec = node.getSpec() == null ? new V1NodeSpec() : node.getSpec();
        V1NodeStatus status = node.getStatus() == null ? new V1NodeStatus() : node.getStatus();
        boolean ready = false;
        for (V1NodeCondition c : PodMapper.nullToEmpty(status.getConditions())) {
            if ("Ready".equals(c.getType())) {
                ready = "True".equals(c.getStatus());
            }
        }
        return new Node(
                metadata,
                spec.getProviderID(),
                PodMapper.list(spec.getTaints(), ctx.at("spec.taints"), NodeMapper::taint),
                Boolean.TRUE.equals(spec.getUnschedulable()),
                PodMapper.resources(status.getCapacity(), ctx.at("status.capacity")),
                PodMapper.resources(status.getAllocatable(), ctx.at("status.allocatable")),
                ready);
    }

    private static Taint taint(V1Taint t, PodMapper.Context ctx) {
        if (t.getKey() == null || t.getKey().isBlank()) {
            throw ctx.at("key").error("required");
        }
        TaintEffect effect = TaintEffect.fromWireName(t.getEffect())
                .orElseThrow(() -> ctx.at("effect")
                        .error("unknown effect \"" + t.getEffect() + "\"; expected NoSchedule, PreferNoSchedule or"
                                + " NoExecute"));
        return new Taint(t.getKey(), t.getValue(), effect);
    }
}
