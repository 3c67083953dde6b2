package dev.fleetwright.core.api.corev1;

import java.util.List;
import java.util.Map;

/**
 * The scheduling view of a pod spec ({@code core/v1 PodSpec}).
 *
 * @param requests the effective pod requests ({@link Container#podRequests}), without the {@code pods} count
 * @param nodeSelector labels the node must have
 * @param affinity node and pod (anti-)affinity; {@link Affinity#NONE} when unset
 * @param tolerations tolerations
 * @param topologySpreadConstraints topology spread constraints
 * @param nodeName the node the pod is bound to; empty when unbound
 * @param priority the resolved priority (0 when unset)
 * @param priorityClassName the priority class name; empty when unset
 * @param terminationGracePeriodSeconds the pod's own grace period in seconds (Kubernetes default 30)
 * @param schedulerName the scheduler responsible (default {@code default-scheduler})
 */
public record PodSpec(
        Resources requests,
        Map<String, String> nodeSelector,
        Affinity affinity,
        List<Toleration> tolerations,
        List<TopologySpreadConstraint> topologySpreadConstraints,
        String nodeName,
        int priority,
        String priorityClassName,
        long terminationGracePeriodSeconds,
        String schedulerName) {

    /** Kubernetes' default {@code terminationGracePeriodSeconds}. */
    public static final long DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;

    /** Copies collections and applies defaults to nulls. */
    public PodSpec {
        requests = requests == null ? Resources.NONE : requests;
        nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
        affinity = affinity == null ? Affinity.NONE : affinity;
        tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
        topologySpreadConstraints =
                topologySpreadConstraints == null ? List.of() : List.copyOf(topologySpreadConstraints);
        nodeName = nodeName == null ? "" : nodeName;
        priorityClassName = priorityClassName == null ? "" : priorityClassName;
        schedulerName = schedulerName == null || schedulerName.isEmpty() ? "default-scheduler" : schedulerName;
    }

    /** A spec with only these requests. */
    public static PodSpec of(Resources requests) {
        return new PodSpec(
                requests, null, null, null, null, null, 0, null, DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS, null);
    }

    /** A copy bound to {@code node}. */
    public PodSpec withNodeName(String node) {
        return new PodSpec(
                requests,
                nodeSelector,
                affinity,
                tolerations,
                topologySpreadConstraints,
                node,
                priority,
                priorityClassName,
                terminationGracePeriodSeconds,
                schedulerName);
    }
}
