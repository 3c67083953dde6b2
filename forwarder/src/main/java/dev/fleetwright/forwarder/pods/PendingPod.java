package dev.fleetwright.forwarder.pods;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Affinity;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1Toleration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One element of the {@code pods} array of a "Pending Pods" event ({@code docs/design/events.md}): what a person or a
 * metric needs to know about a pod that waits for capacity. The provisioner re-reads the pod itself; this is for
 * logs and metrics, so it is compact by design.
 *
 * @param namespace the pod's namespace; not blank
 * @param name the pod's name; not blank
 * @param uid the pod's UID, which tells apart two pods of the same name over time; not blank
 * @param requests effective resource requests as Kubernetes quantity strings ({@link PodRequests}), by resource
 *     name; copied, ordered by name
 * @param nodeSelector the pod's {@code spec.nodeSelector}; copied, ordered by key
 * @param tolerations the pod's tolerations in spec order; copied
 * @param hasAffinity whether {@code spec.affinity} sets node affinity, pod affinity or pod anti-affinity
 * @param hasTopologySpread whether the pod has topology spread constraints
 * @param pendingSince when the pod became unschedulable: the {@code PodScheduled} condition's
 *     {@code lastTransitionTime}, else the pod's creation time; not null
 */
public record PendingPod(
        String namespace,
        String name,
        String uid,
        Map<String, String> requests,
        Map<String, String> nodeSelector,
        List<PodToleration> tolerations,
        boolean hasAffinity,
        boolean hasTopologySpread,
        Instant pendingSince) {

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if namespace, name or uid is blank
     * @throws NullPointerException if a collection or {@code pendingSince} is null
     */
    public PendingPod {
        requireText(namespace, "namespace");
        requireText(name, "name");
        requireText(uid, "uid");
        requests = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(requests, "requests")));
        nodeSelector =
                Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(nodeSelector, "nodeSelector")));
        tolerations = List.copyOf(Objects.requireNonNull(tolerations, "tolerations"));
        Objects.requireNonNull(pendingSince, "pendingSince");
    }

    /**
     * The event form of a pod the {@link PendingPodRule} selected.
     *
     * @param pod the API object; must have namespace, name, uid and either a {@code PodScheduled} transition time or
     *     a creation timestamp
     * @return the compact form
     * @throws IllegalArgumentException naming the missing field when the pod lacks one of those
     */
    public static PendingPod of(V1Pod pod) {
        Objects.requireNonNull(pod, "pod");
        V1ObjectMeta metadata = pod.getMetadata();
        if (metadata == null) {
            throw new IllegalArgumentException("pod.metadata: required to report a pending pod");
        }
        V1PodSpec spec = pod.getSpec() == null ? new V1PodSpec() : pod.getSpec();
        SortedMap<String, String> requests = new TreeMap<>();
        PodRequests.of(pod).forEach((resource, quantity) -> requests.put(resource, format(quantity)));
        List<PodToleration> tolerations = spec.getTolerations() == null
                ? List.of()
                : spec.getTolerations().stream()
                        .filter(Objects::nonNull)
                        .map((V1Toleration t) -> PodToleration.of(t))
                        .toList();
        return new PendingPod(
                metadata.getNamespace(),
                metadata.getName(),
                metadata.getUid(),
                requests,
                spec.getNodeSelector() == null ? Map.of() : spec.getNodeSelector(),
                tolerations,
                hasAffinity(spec.getAffinity()),
                spec.getTopologySpreadConstraints() != null
                        && !spec.getTopologySpreadConstraints().isEmpty(),
                pendingSince(pod, metadata));
    }

    /**
     * The same pod without node selector and tolerations, for the rare pod whose full entry alone would not fit in
     * one EventBridge entry. The provisioner re-reads the pod, so nothing it acts on is lost.
     *
     * @return a copy with empty {@code nodeSelector} and {@code tolerations}
     */
    public PendingPod withoutSchedulingDetail() {
        return new PendingPod(
                namespace, name, uid, requests, Map.of(), List.of(), hasAffinity, hasTopologySpread, pendingSince);
    }

    /**
     * The same pod with only identity, flags and {@code pendingSince}: its size is bounded by Kubernetes' name
     * limits, so it always fits an entry.
     *
     * @return a copy with empty {@code requests}, {@code nodeSelector} and {@code tolerations}
     */
    public PendingPod identityOnly() {
        return new PendingPod(
                namespace, name, uid, Map.of(), Map.of(), List.of(), hasAffinity, hasTopologySpread, pendingSince);
    }

    private static boolean hasAffinity(V1Affinity affinity) {
        return affinity != null
                && (affinity.getNodeAffinity() != null
                        || affinity.getPodAffinity() != null
                        || affinity.getPodAntiAffinity() != null);
    }

    private static Instant pendingSince(V1Pod pod, V1ObjectMeta metadata) {
        OffsetDateTime since = PendingPodRule.unschedulableCondition(pod)
                .map(c -> c.getLastTransitionTime())
                .orElse(null);
        if (since == null) {
            since = metadata.getCreationTimestamp();
        }
        if (since == null) {
            throw new IllegalArgumentException("pod " + metadata.getNamespace() + "/" + metadata.getName()
                    + ": needs status.conditions[PodScheduled].lastTransitionTime or metadata.creationTimestamp"
                    + " to report pendingSince");
        }
        return since.toInstant();
    }

    private static String format(Quantity quantity) {
        return quantity.toSuffixedString();
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("pod.metadata." + field + ": required, not blank");
        }
    }
}
