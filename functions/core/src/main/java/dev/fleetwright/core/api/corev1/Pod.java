package dev.fleetwright.core.api.corev1;

import java.util.Objects;

/**
 * The scheduling and drain view of a Kubernetes pod.
 *
 * @param metadata name, namespace, UID, labels, annotations and owners
 * @param spec requests and scheduling constraints
 * @param status phase, conditions and nominated node
 */
public record Pod(ObjectMeta metadata, PodSpec spec, PodStatus status) {

    /** Annotation that blocks voluntary disruption of a pod or node: {@code "true"} or a duration ([K] labels.go). */
    public static final String DO_NOT_DISRUPT_ANNOTATION = "karpenter.sh/do-not-disrupt";

    /** Annotation the kubelet puts on mirror pods of static pods. */
    public static final String MIRROR_POD_ANNOTATION = "kubernetes.io/config.mirror";

    /** @throws NullPointerException if any part is null */
    public Pod {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(status, "status");
    }

    /** The namespace. */
    public String namespace() {
        return metadata.namespace();
    }

    /** The name. */
    public String name() {
        return metadata.name();
    }

    /** {@code namespace/name}. */
    public String key() {
        return metadata.key();
    }

    /** Whether the pod is bound to a node. */
    public boolean isBound() {
        return !spec.nodeName().isEmpty();
    }

    /** Whether a DaemonSet controls the pod. */
    public boolean isOwnedByDaemonSet() {
        return metadata.controller().map(o -> o.kind().equals("DaemonSet")).orElse(false);
    }

    /** Whether the pod is the mirror of a static pod (annotated by the kubelet, or owned by a Node). */
    public boolean isMirror() {
        return metadata.annotations().containsKey(MIRROR_POD_ANNOTATION)
                || metadata.controller().map(o -> o.kind().equals("Node")).orElse(false);
    }

    /** Whether the pod has finished (phase Succeeded or Failed). */
    public boolean isTerminal() {
        return status.phase().equals("Succeeded") || status.phase().equals("Failed");
    }

    /** Whether deletion of the pod was requested. */
    public boolean isTerminating() {
        return metadata.deletionTimestamp() != null;
    }

    /**
     * Whether Fleetwright should provision capacity for this pod (Karpenter's {@code IsProvisionable}, [K]
     * pkg/utils/pod/scheduling.go): unbound, marked unschedulable by the kube-scheduler, not nominated for preemption,
     * not owned by a DaemonSet or a Node, not finished and not being deleted.
     */
    public boolean isProvisionable() {
        return !isBound()
                && status.failedToSchedule()
                && status.nominatedNodeName().isEmpty()
                && !isOwnedByDaemonSet()
                && !isMirror()
                && !isTerminal()
                && !isTerminating();
    }

    /** Whether the pod carries {@code karpenter.sh/do-not-disrupt} (any value but {@code "false"}). */
    public boolean hasDoNotDisrupt() {
        String value = metadata.annotations().get(DO_NOT_DISRUPT_ANNOTATION);
        return value != null && !value.equals("false");
    }

    /**
     * Whether the pod is system-critical by priority class ({@code system-cluster-critical} or
     * {@code system-node-critical}), which drain evicts last.
     */
    public boolean isCritical() {
        String pc = spec.priorityClassName();
        return pc.equals("system-cluster-critical") || pc.equals("system-node-critical");
    }

    /** A copy bound to {@code nodeName}, with status Running. */
    public Pod boundTo(String nodeName) {
        return new Pod(metadata, spec.withNodeName(nodeName), PodStatus.RUNNING);
    }

    @Override
    public String toString() {
        return key();
    }
}
