package dev.fleetwright.forwarder.watch;

import io.kubernetes.client.openapi.models.V1Pod;
import java.util.List;

/** Receives the watcher's view of unbound pods. Called from the watcher's thread only. */
public interface PodSink {

    /**
     * A complete list finished: {@code pods} are all unbound pods now; any pod not in it is gone.
     *
     * @param pods every unbound pod; not null
     */
    void replaceAll(List<V1Pod> pods);

    /**
     * A pod was added or changed.
     *
     * @param pod its state now; not null
     */
    void upsert(V1Pod pod);

    /**
     * A pod was deleted or bound to a node.
     *
     * @param pod its last state; not null
     */
    void delete(V1Pod pod);
}
