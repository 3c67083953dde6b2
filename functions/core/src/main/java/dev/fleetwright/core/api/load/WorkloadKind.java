package dev.fleetwright.core.api.load;

import java.util.Arrays;
import java.util.Optional;

/** The Kubernetes objects the {@link WorkloadLoader} turns into pods, with the API version each is read in. */
public enum WorkloadKind {
    /** A bare pod ({@code v1 Pod}). */
    POD("v1", "Pod"),
    /** {@code apps/v1 Deployment}: {@code replicas} pods owned by a ReplicaSet. */
    DEPLOYMENT("apps/v1", "Deployment"),
    /** {@code apps/v1 ReplicaSet}: {@code replicas} pods. */
    REPLICA_SET("apps/v1", "ReplicaSet"),
    /** {@code apps/v1 StatefulSet}: {@code replicas} pods named by ordinal. */
    STATEFUL_SET("apps/v1", "StatefulSet"),
    /** {@code apps/v1 DaemonSet}: one pod per matching node, reported as a {@code DaemonSet} template. */
    DAEMON_SET("apps/v1", "DaemonSet"),
    /** {@code batch/v1 Job}: {@code parallelism} pods. */
    JOB("batch/v1", "Job");

    private final String apiVersion;
    private final String kind;

    WorkloadKind(String apiVersion, String kind) {
        this.apiVersion = apiVersion;
        this.kind = kind;
    }

    /** The API version read, for example {@code apps/v1}. */
    public String apiVersion() {
        return apiVersion;
    }

    /** The kind as written in manifests, for example {@code StatefulSet}. */
    public String kind() {
        return kind;
    }

    /** The workload kind with this manifest {@code kind}, whatever its API version; empty for other kinds. */
    public static Optional<WorkloadKind> fromKind(String kind) {
        return Arrays.stream(values()).filter(k -> k.kind.equals(kind)).findFirst();
    }

    @Override
    public String toString() {
        return kind;
    }
}
