package dev.fleetwright.core.state;

import dev.fleetwright.core.api.corev1.Node;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.Taint;
import java.util.List;
import java.util.Optional;

/**
 * The Kubernetes calls that drain uses: read a node, taint and label it, list its pods, evict through the Eviction API,
 * delete pods and the node. The Kubernetes adapter implements it with client-java; the simulator with its simulated cluster,
 * which enforces PodDisruptionBudgets as the API server does.
 */
public interface NodeOperations {

    /** The outcome of one eviction request ({@code POST .../pods/<name>/eviction}, policy/v1). */
    enum EvictionResult {
        /** 201: the pod is being deleted. */
        EVICTED,
        /** 429: a PodDisruptionBudget does not allow it now; try again later. */
        BLOCKED_BY_DISRUPTION_BUDGET,
        /** 404: the pod is already gone. */
        NOT_FOUND,
        /** 409: the pod named is a different pod now (UID precondition failed); it is gone. */
        UID_CHANGED,
        /** 500: more than one PodDisruptionBudget selects the pod; it cannot be evicted until that is fixed. */
        MISCONFIGURED_BUDGETS
    }

    /**
     * Reads a node fresh (drain checks whether its kubelet still reports Ready).
     *
     * @param node the node name
     * @return the node, or empty when it does not exist
     */
    Optional<Node> node(String node);

    /**
     * Adds a taint to a node unless a taint with the same key and effect is present.
     *
     * @param node the node name
     * @param taint the taint
     * @throws NotFoundException if the node does not exist
     */
    void addTaint(String node, Taint taint);

    /**
     * Removes every taint with the same key and effect as {@code taint}; does nothing when there is none.
     *
     * @param node the node name
     * @param taint the taint (its value is ignored)
     * @throws NotFoundException if the node does not exist
     */
    void removeTaint(String node, Taint taint);

    /**
     * Sets a label on a node.
     *
     * @param node the node name
     * @param key the label key
     * @param value the label value
     * @throws NotFoundException if the node does not exist
     */
    void setLabel(String node, String key, String value);

    /**
     * The pods bound to a node, read fresh.
     *
     * @param node the node name
     * @return the pods
     */
    List<Pod> podsOn(String node);

    /**
     * Evicts a pod with a UID precondition, so a replacement pod of the same name is never evicted by mistake.
     *
     * @param pod the pod (its UID is the precondition)
     * @return the outcome
     */
    EvictionResult evict(Pod pod);

    /**
     * Deletes a pod with a grace period (used when the node's termination grace period runs out).
     *
     * @param pod the pod
     * @param gracePeriodSeconds the grace period to give it, at least 0
     */
    void deletePod(Pod pod, long gracePeriodSeconds);

    /**
     * How many volumes are still attached to the node (VolumeAttachments naming it).
     *
     * @param node the node name
     * @return the count
     */
    int attachedVolumes(String node);

    /**
     * Deletes the node object; a node already gone is not an error.
     *
     * @param node the node name
     */
    void deleteNode(String node);

    /** A node named in an operation does not exist. */
    final class NotFoundException extends RuntimeException {
        /** @param message which node */
        public NotFoundException(String message) {
            super(message);
        }
    }
}
