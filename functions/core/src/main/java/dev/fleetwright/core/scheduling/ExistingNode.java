package dev.fleetwright.core.scheduling;

import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.api.corev1.Taint;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A node pending pods may land on: a registered node, or an in-flight NodeClaim that has launched but not registered
 * (its labels and allocatable then come from the NodeClaim and its instance type). After Karpenter's {@code
 * ExistingNode} ([K] pkg/controllers/provisioning/scheduling/existingnode.go).
 *
 * @param name the node name, which is also its {@code kubernetes.io/hostname} (the NodeClaim name when in flight)
 * @param nodePoolName the NodePool that owns it; null for nodes Fleetwright does not manage
 * @param labels the node labels
 * @param taints the node taints
 * @param startupTaints taints that will be removed once the node initializes; ignored while it is not initialized
 * @param allocatable what pods may request on it
 * @param requested what bound pods (DaemonSet pods included) already request, with the {@code pods} count
 * @param pods the pods bound to it, for topology counting
 * @param initialized whether the node is initialized (Ready, startup taints gone); until then startup taints and
 *     not-ready taints do not repel pods
 * @param markedForDeletion whether the node is being disrupted; it accepts no new pods but its pods still count
 */
public record ExistingNode(
        String name,
        String nodePoolName,
        Map<String, String> labels,
        List<Taint> taints,
        List<Taint> startupTaints,
        Resources allocatable,
        Resources requested,
        List<Pod> pods,
        boolean initialized,
        boolean markedForDeletion) {

    /** Copies collections; the hostname label defaults to the name. */
    public ExistingNode {
        Objects.requireNonNull(name, "name");
        if (!labels.containsKey(Labels.HOSTNAME)) {
            Map<String, String> withHost = new HashMap<>(labels);
            withHost.put(Labels.HOSTNAME, name);
            labels = withHost;
        }
        labels = Map.copyOf(labels);
        taints = List.copyOf(taints);
        startupTaints = List.copyOf(startupTaints);
        Objects.requireNonNull(allocatable, "allocatable");
        Objects.requireNonNull(requested, "requested");
        pods = List.copyOf(pods);
    }

    /** The taints a pending pod must tolerate now: all, minus startup and not-ready taints while uninitialized. */
    public List<Taint> effectiveTaints() {
        if (initialized) {
            return taints;
        }
        return taints.stream()
                .filter(t -> !Labels.EPHEMERAL_TAINT_KEYS.contains(t.key())
                        && !t.equals(Taint.UNREGISTERED)
                        && startupTaints.stream().noneMatch(s -> s.matchesKeyAndEffect(t)))
                .toList();
    }
}
