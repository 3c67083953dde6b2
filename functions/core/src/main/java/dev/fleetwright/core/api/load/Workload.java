package dev.fleetwright.core.api.load;

import dev.fleetwright.core.api.corev1.DaemonSet;
import dev.fleetwright.core.api.corev1.ObjectMeta;
import dev.fleetwright.core.api.corev1.Pod;
import java.util.List;
import java.util.Objects;

/**
 * One decoded workload object: the pods a controller would create for it, or a DaemonSet's template.
 *
 * <p>{@link Pods} for {@link WorkloadKind#POD}, {@link WorkloadKind#DEPLOYMENT}, {@link WorkloadKind#REPLICA_SET},
 * {@link WorkloadKind#STATEFUL_SET} and {@link WorkloadKind#JOB}; {@link Daemon} for {@link WorkloadKind#DAEMON_SET}.
 */
public sealed interface Workload permits Workload.Pods, Workload.Daemon {

    /** The object's kind. */
    WorkloadKind kind();

    /** The object's own metadata (not its pod template's). */
    ObjectMeta metadata();

    /**
     * A Pod or a controller with the pods it would create, in index order; pods with {@code spec.nodeName} are bound.
     *
     * @param kind any kind but DaemonSet
     * @param metadata the object's metadata
     * @param pods the pods (none for zero replicas or a suspended Job)
     */
    record Pods(WorkloadKind kind, ObjectMeta metadata, List<Pod> pods) implements Workload {
        /**
         * @throws NullPointerException if a component is null
         * @throws IllegalArgumentException for {@link WorkloadKind#DAEMON_SET}
         */
        public Pods {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(metadata, "metadata");
            if (kind == WorkloadKind.DAEMON_SET) {
                throw new IllegalArgumentException("DaemonSets are decoded as Workload.Daemon");
            }
            pods = List.copyOf(pods);
        }
    }

    /**
     * A DaemonSet.
     *
     * @param daemonSet the DaemonSet with its template pod
     */
    record Daemon(DaemonSet daemonSet) implements Workload {
        /** @throws NullPointerException if the DaemonSet is null */
        public Daemon {
            Objects.requireNonNull(daemonSet, "daemonSet");
        }

        @Override
        public WorkloadKind kind() {
            return WorkloadKind.DAEMON_SET;
        }

        @Override
        public ObjectMeta metadata() {
            return daemonSet.metadata();
        }
    }
}
