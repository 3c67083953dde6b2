package dev.fleetwright.forwarder.pods;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The resources a pod asks the scheduler for, computed the way Kubernetes does ({@code
 * k8s.io/component-helpers/resource PodRequests}, KEP-753 sidecars, KEP-2837 pod-level resources):
 *
 * <ol>
 *   <li>{@code regular} = the sum of the regular containers' requests, plus every sidecar (an init container with
 *       {@code restartPolicy: Always}), because sidecars keep running beside the regular containers;
 *   <li>{@code init} = the largest need during initialisation: for each init container in order, its request plus
 *       the sidecars started before it (for a sidecar: itself plus the earlier sidecars), maximised per resource;
 *   <li>requests = per resource {@code max(regular, init)};
 *   <li>pod-level {@code spec.resources.requests} for {@code cpu}, {@code memory} and {@code hugepages-*} replace the
 *       aggregate of that resource when set;
 *   <li>{@code spec.overhead} (RuntimeClass overhead) is added.
 * </ol>
 *
 * <p>Limits are not consulted: the API server already defaults a missing request to its limit on admission. Values
 * keep Kubernetes' decimal exactness ({@link BigDecimal}); a sum is written in binary SI ({@code Mi}, {@code Gi}) when
 * every input was, otherwise in decimal SI ({@code m}, {@code k}, {@code M}).
 */
public final class PodRequests {

    private PodRequests() {}

    /**
     * The effective requests of {@code pod}, by resource name, ordered by name.
     *
     * @param pod a pod; a missing spec, container list or request map counts as empty
     * @return resource name to quantity; empty when the pod requests nothing; unmodifiable
     * @throws NullPointerException if {@code pod} is null
     */
    public static SortedMap<String, Quantity> of(V1Pod pod) {
        Objects.requireNonNull(pod, "pod");
        V1PodSpec spec = pod.getSpec();
        if (spec == null) {
            return Collections.emptySortedMap();
        }
        SortedMap<String, Quantity> regular = new TreeMap<>();
        for (V1Container container : orEmpty(spec.getContainers())) {
            addAll(regular, requestsOf(container));
        }
        SortedMap<String, Quantity> sidecars = new TreeMap<>();
        SortedMap<String, Quantity> init = new TreeMap<>();
        for (V1Container container : orEmpty(spec.getInitContainers())) {
            SortedMap<String, Quantity> need;
            if ("Always".equals(container.getRestartPolicy())) {
                addAll(sidecars, requestsOf(container));
                need = new TreeMap<>(sidecars);
            } else {
                need = new TreeMap<>(requestsOf(container));
                addAll(need, sidecars);
            }
            maxAll(init, need);
        }
        addAll(regular, sidecars);
        maxAll(regular, init);
        V1ResourceRequirements podLevel = spec.getResources();
        if (podLevel != null && podLevel.getRequests() != null) {
            podLevel.getRequests().forEach((name, quantity) -> {
                if (isSupportedPodLevelResource(name) && quantity != null) {
                    regular.put(name, quantity);
                }
            });
        }
        if (spec.getOverhead() != null) {
            addAll(regular, spec.getOverhead());
        }
        return Collections.unmodifiableSortedMap(regular);
    }

    /** {@code [k8s] component-helpers/resource IsSupportedPodLevelResource}: cpu, memory and hugepages. */
    private static boolean isSupportedPodLevelResource(String name) {
        return Set.of("cpu", "memory").contains(name) || name.startsWith("hugepages-");
    }

    private static Map<String, Quantity> requestsOf(V1Container container) {
        V1ResourceRequirements resources = container.getResources();
        if (resources == null || resources.getRequests() == null) {
            return Map.of();
        }
        return resources.getRequests();
    }

    private static void addAll(Map<String, Quantity> into, Map<String, Quantity> add) {
        add.forEach((name, quantity) -> {
            if (quantity != null) {
                into.merge(name, quantity, PodRequests::sum);
            }
        });
    }

    private static void maxAll(Map<String, Quantity> into, Map<String, Quantity> other) {
        other.forEach((name, quantity) ->
                into.merge(name, quantity, (a, b) -> b.getNumber().compareTo(a.getNumber()) > 0 ? b : a));
    }

    private static Quantity sum(Quantity a, Quantity b) {
        BigDecimal total = a.getNumber().add(b.getNumber());
        Quantity.Format format =
                a.getFormat() == Quantity.Format.BINARY_SI && b.getFormat() == Quantity.Format.BINARY_SI
                        ? Quantity.Format.BINARY_SI
                        : Quantity.Format.DECIMAL_SI;
        return new Quantity(total, format);
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
