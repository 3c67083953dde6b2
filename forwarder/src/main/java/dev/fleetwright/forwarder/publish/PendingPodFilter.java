package dev.fleetwright.forwarder.publish;

import dev.fleetwright.forwarder.metrics.ForwarderMetrics;
import dev.fleetwright.forwarder.pods.PendingPod;
import dev.fleetwright.forwarder.pods.PendingPodRule;
import dev.fleetwright.forwarder.watch.PodSink;
import io.kubernetes.client.openapi.models.V1Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Connects the watcher to the batcher: applies {@link PendingPodRule} to every pod the watcher sees, turns the
 * selected ones into {@link PendingPod}s, forgets the others, and wakes the send loop when a pod becomes pending.
 */
public final class PendingPodFilter implements PodSink {

    private static final System.Logger LOG = System.getLogger(PendingPodFilter.class.getName());

    private final PendingPodBatcher batcher;
    private final ForwarderMetrics metrics;
    private final Runnable onNewPendingPod;

    /**
     * Creates the filter.
     *
     * @param batcher receives pending pods; not null
     * @param metrics counts pods that became pending; not null
     * @param onNewPendingPod called after a pod became pending (wakes the send loop); not null
     */
    public PendingPodFilter(PendingPodBatcher batcher, ForwarderMetrics metrics, Runnable onNewPendingPod) {
        this.batcher = Objects.requireNonNull(batcher, "batcher");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.onNewPendingPod = Objects.requireNonNull(onNewPendingPod, "onNewPendingPod");
    }

    @Override
    public void replaceAll(List<V1Pod> pods) {
        List<PendingPod> pending = new ArrayList<>();
        for (V1Pod pod : pods) {
            toPendingPod(pod).ifPresent(pending::add);
        }
        int added = batcher.replaceAll(pending);
        for (int i = 0; i < added; i++) {
            metrics.podSeenPending();
        }
        metrics.podsPending(batcher.size());
        if (added > 0) {
            onNewPendingPod.run();
        }
    }

    @Override
    public void upsert(V1Pod pod) {
        Optional<PendingPod> pending = toPendingPod(pod);
        if (pending.isPresent()) {
            if (batcher.pending(pending.get())) {
                metrics.podSeenPending();
                onNewPendingPod.run();
            }
        } else {
            uid(pod).ifPresent(batcher::notPending);
        }
        metrics.podsPending(batcher.size());
    }

    @Override
    public void delete(V1Pod pod) {
        uid(pod).ifPresent(batcher::notPending);
        metrics.podsPending(batcher.size());
    }

    private Optional<PendingPod> toPendingPod(V1Pod pod) {
        if (!PendingPodRule.isPending(pod)) {
            return Optional.empty();
        }
        try {
            return Optional.of(PendingPod.of(pod));
        } catch (IllegalArgumentException e) {
            // Only a malformed object (no uid, no timestamps) gets here; the provisioner's sweep still sees the pod.
            metrics.podSkipped();
            LOG.log(System.Logger.Level.WARNING, "skipping a pending pod that cannot be reported: {0}", e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<String> uid(V1Pod pod) {
        return pod.getMetadata() == null
                ? Optional.empty()
                : Optional.ofNullable(pod.getMetadata().getUid());
    }
}
