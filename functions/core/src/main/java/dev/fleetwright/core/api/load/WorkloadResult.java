package dev.fleetwright.core.api.load;

import dev.fleetwright.core.api.corev1.DaemonSet;
import dev.fleetwright.core.api.corev1.Pod;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What loading workload manifests produced: the pods and DaemonSets of every valid object and every error, so one bad
 * object never hides the others.
 *
 * @param workloads the valid workload objects, in load order (files, then documents, then {@code List} items)
 * @param pods the pending pods of those workloads, in load order: unbound, status {@code PodScheduled=False} with
 *     reason {@code Unschedulable} (or {@code SchedulingGated} for pods with scheduling gates, which Karpenter does not
 *     provision for)
 * @param boundPods pods whose manifest sets {@code spec.nodeName}: already bound, status Running
 * @param daemonSets the valid DaemonSets, in load order
 * @param namespaceLabels labels of every namespace that a loaded {@code Namespace} defines or a pod uses, including
 *     {@code kubernetes.io/metadata.name} (which the API server sets on every namespace), for namespace selectors in
 *     pod affinity
 * @param errors every error, in load order, cross-object errors last
 * @param warnings tolerated problems (unknown fields that are not likely typos, ignored settings, PriorityClasses not
 *     loaded), in the same format as errors
 * @param skipped documents that are not workloads (Karpenter configuration, Services, ConfigMaps, ...)
 */
public record WorkloadResult(
        List<Workload> workloads,
        List<Pod> pods,
        List<Pod> boundPods,
        List<DaemonSet> daemonSets,
        Map<String, Map<String, String>> namespaceLabels,
        List<ConfigError> errors,
        List<ConfigError> warnings,
        List<SkippedDocument> skipped) {

    /** Copies the collections (the namespace map keeps its order). */
    public WorkloadResult {
        workloads = List.copyOf(workloads);
        pods = List.copyOf(pods);
        boundPods = List.copyOf(boundPods);
        daemonSets = List.copyOf(daemonSets);
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        namespaceLabels.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
        namespaceLabels = Collections.unmodifiableMap(copy);
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
        skipped = List.copyOf(skipped);
    }

    /** Whether no error was found. */
    public boolean isValid() {
        return errors.isEmpty();
    }

    /** The pending or bound pod with this namespace and name. */
    public Optional<Pod> pod(String namespace, String name) {
        return Stream.concat(pods.stream(), boundPods.stream())
                .filter(p -> p.namespace().equals(namespace) && p.name().equals(name))
                .findFirst();
    }

    /**
     * This result when valid, for callers that refuse partial input.
     *
     * @return this
     * @throws InvalidConfigurationException listing every error, if there is any
     */
    public WorkloadResult orThrow() {
        if (!errors.isEmpty()) {
            throw new InvalidConfigurationException(errors);
        }
        return this;
    }
}
