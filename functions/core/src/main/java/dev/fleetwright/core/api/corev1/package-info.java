/**
 * Kubernetes core value types as Fleetwright reads them ({@code k8s.io/api/core/v1} and {@code metav1}): resource
 * quantities and lists, taints and tolerations, node selector requirements, label selectors, affinity, topology spread,
 * and the scheduling views of pods, nodes and DaemonSets.
 *
 * <p>Immutable records with Kubernetes' defaults applied in their constructors. Units: CPU in millicores, memory and
 * storage in bytes, everything else as a count ({@link dev.fleetwright.core.api.corev1.Resources}).
 */
package dev.fleetwright.core.api.corev1;
