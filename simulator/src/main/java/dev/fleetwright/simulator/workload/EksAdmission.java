package dev.fleetwright.simulator.workload;

import dev.fleetwright.core.api.corev1.ObjectMeta;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.PodSpec;
import dev.fleetwright.core.api.corev1.TaintEffect;
import dev.fleetwright.core.api.corev1.Toleration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the EKS API server does to a pod on admission that changes where it can schedule, applied to workloads the
 * simulator reads from files: the {@code ExtendedResourceToleration} admission plugin (enabled on EKS) adds a {@code
 * NoSchedule} toleration with operator Exists for every extended resource the pod requests, so GPU pods tolerate the
 * {@code nvidia.com/gpu} taint of GPU NodePools ({@code k8s.io/kubernetes
 * plugin/pkg/admission/extendedresourcetoleration}).
 */
public final class EksAdmission {

    private EksAdmission() {}

    /**
     * The pod as admitted.
     *
     * @param pod the pod as written
     * @return the pod with the tolerations the API server would add
     */
    public static Pod apply(Pod pod) {
        PodSpec spec = pod.spec();
        List<Toleration> tolerations = new ArrayList<>(spec.tolerations());
        boolean changed = false;
        for (String resource : spec.requests().extended().keySet()) {
            if (!resource.contains("/") || resource.startsWith("kubernetes.io/") || resource.startsWith("hugepages-")) {
                continue;
            }
            Toleration t = new Toleration(resource, Toleration.Operator.EXISTS, "", TaintEffect.NO_SCHEDULE, null);
            if (!tolerations.contains(t)) {
                tolerations.add(t);
                changed = true;
            }
        }
        if (!changed) {
            return pod;
        }
        ObjectMeta meta = pod.metadata();
        return new Pod(
                meta,
                new PodSpec(
                        spec.requests(),
                        spec.nodeSelector(),
                        spec.affinity(),
                        tolerations,
                        spec.topologySpreadConstraints(),
                        spec.nodeName(),
                        spec.priority(),
                        spec.priorityClassName(),
                        spec.terminationGracePeriodSeconds(),
                        spec.schedulerName()),
                pod.status());
    }
}
