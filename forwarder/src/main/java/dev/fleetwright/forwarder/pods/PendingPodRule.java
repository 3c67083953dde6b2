package dev.fleetwright.forwarder.pods;

import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Karpenter's rule for "this pod needs new capacity": {@code [K] pkg/utils/pod/scheduling.go IsProvisionable}.
 *
 * <p>A pod is pending when all hold:
 *
 * <ul>
 *   <li>its {@code PodScheduled} condition has status {@code False} and reason {@code Unschedulable} (kube-scheduler
 *       tried and found no node; other schedulers, e.g. Fargate's, use other reasons and are left alone). Karpenter
 *       checks the reason only; the scheduler always writes it with status {@code False}, so both agree;
 *   <li>it is not bound: {@code spec.nodeName} is empty;
 *   <li>it is not preempting: {@code status.nominatedNodeName} is empty (it is about to schedule on a node);
 *   <li>it is not owned by a DaemonSet (owner {@code apps/v1 DaemonSet}): DaemonSet pods follow nodes, they never
 *       justify one;
 *   <li>it is not a mirror pod: owner {@code v1 Node}, or the kubelet's {@code kubernetes.io/config.mirror}
 *       annotation.
 * </ul>
 */
public final class PendingPodRule {

    /** The kubelet marks the API copy of a static pod with this annotation. */
    public static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

    private PendingPodRule() {}

    /**
     * Whether Karpenter would provision capacity for {@code pod}.
     *
     * @param pod a pod as read from the API server; missing metadata, spec or status count as empty
     * @return true when the pod is unschedulable, unbound, not nominated and neither a DaemonSet nor a mirror pod
     * @throws NullPointerException if {@code pod} is null
     */
    public static boolean isPending(V1Pod pod) {
        Objects.requireNonNull(pod, "pod");
        return unschedulableCondition(pod).isPresent()
                && isBlank(pod.getSpec() == null ? null : pod.getSpec().getNodeName())
                && isBlank(pod.getStatus() == null ? null : pod.getStatus().getNominatedNodeName())
                && !isOwnedBy(pod, "apps/v1", "DaemonSet")
                && !isMirror(pod);
    }

    /**
     * The {@code PodScheduled=False} condition with reason {@code Unschedulable}, if the pod has one.
     *
     * @param pod a pod; not null
     * @return the condition, or empty
     */
    public static Optional<V1PodCondition> unschedulableCondition(V1Pod pod) {
        List<V1PodCondition> conditions =
                pod.getStatus() == null ? null : pod.getStatus().getConditions();
        if (conditions == null) {
            return Optional.empty();
        }
        return conditions.stream()
                .filter(c -> "PodScheduled".equals(c.getType())
                        && "False".equals(c.getStatus())
                        && "Unschedulable".equals(c.getReason()))
                .findFirst();
    }

    private static boolean isMirror(V1Pod pod) {
        Map<String, String> annotations =
                pod.getMetadata() == null ? null : pod.getMetadata().getAnnotations();
        return isOwnedBy(pod, "v1", "Node") || (annotations != null && annotations.containsKey(MIRROR_ANNOTATION));
    }

    private static boolean isOwnedBy(V1Pod pod, String apiVersion, String kind) {
        V1ObjectMeta metadata = pod.getMetadata();
        List<V1OwnerReference> owners = metadata == null ? null : metadata.getOwnerReferences();
        if (owners == null) {
            return false;
        }
        return owners.stream().anyMatch(o -> apiVersion.equals(o.getApiVersion()) && kind.equals(o.getKind()));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isEmpty();
    }
}
