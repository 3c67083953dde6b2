package dev.fleetwright.interruption;

import dev.fleetwright.core.api.corev1.Node;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.Taint;
import dev.fleetwright.core.state.NodeOperations;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Counts the evictions a PodDisruptionBudget refused ({@link EvictionResult#BLOCKED_BY_DISRUPTION_BUDGET} and {@link
 * EvictionResult#MISCONFIGURED_BUDGETS}) into {@link InterruptionMetrics#EVICTIONS_BLOCKED}; every call is passed to the
 * delegate unchanged.
 */
final class EvictionCountingNodeOperations implements NodeOperations {

    private final NodeOperations delegate;
    private final String cluster;
    private final InterruptionMetrics metrics;

    EvictionCountingNodeOperations(NodeOperations delegate, String cluster, InterruptionMetrics metrics) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public void removeTaint(String node, Taint taint) {
        delegate.removeTaint(node, taint);
    }

    @Override
    public Optional<Node> node(String node) {
        return delegate.node(node);
    }

    @Override
    public void addTaint(String node, Taint taint) {
        delegate.addTaint(node, taint);
    }

    @Override
    public void setLabel(String node, String key, String value) {
        delegate.setLabel(node, key, value);
    }

    @Override
    public List<Pod> podsOn(String node) {
        return delegate.podsOn(node);
    }

    @Override
    public EvictionResult evict(Pod pod) {
        EvictionResult result = delegate.evict(pod);
        if (result == EvictionResult.BLOCKED_BY_DISRUPTION_BUDGET || result == EvictionResult.MISCONFIGURED_BUDGETS) {
            metrics.evictionBlocked(cluster);
        }
        return result;
    }

    @Override
    public void deletePod(Pod pod, long gracePeriodSeconds) {
        delegate.deletePod(pod, gracePeriodSeconds);
    }

    @Override
    public int attachedVolumes(String node) {
        return delegate.attachedVolumes(node);
    }

    @Override
    public void deleteNode(String node) {
        delegate.deleteNode(node);
    }
}
