package dev.fleetwright.forwarder.watch;

import io.kubernetes.client.openapi.models.V1Pod;
import java.util.Objects;

/** One event of a pod watch stream ({@code [k8s] apimachinery/pkg/watch}: ADDED, MODIFIED, DELETED, BOOKMARK, ERROR). */
public sealed interface PodEvent {

    /**
     * A pod was added or modified: both are "this is the pod now".
     *
     * @param pod the pod after the change; not null
     */
    record Upsert(V1Pod pod) implements PodEvent {
        /** @throws NullPointerException if {@code pod} is null */
        public Upsert {
            Objects.requireNonNull(pod, "pod");
        }
    }

    /**
     * A pod was deleted, or stopped matching the watch's field selector (it was bound to a node).
     *
     * @param pod the last state of the pod; not null
     */
    record Deleted(V1Pod pod) implements PodEvent {
        /** @throws NullPointerException if {@code pod} is null */
        public Deleted {
            Objects.requireNonNull(pod, "pod");
        }
    }

    /**
     * The server's progress marker: resume from {@code resourceVersion}; carries no pod change.
     *
     * @param resourceVersion the resourceVersion to resume from; not blank
     */
    record Bookmark(String resourceVersion) implements PodEvent {
        /** @throws IllegalArgumentException if {@code resourceVersion} is blank */
        public Bookmark {
            if (resourceVersion == null || resourceVersion.isBlank()) {
                throw new IllegalArgumentException("bookmark.metadata.resourceVersion: required, not blank");
            }
        }
    }

    /**
     * An ERROR event: a {@code Status} object in the stream. Code 410 means the resourceVersion is too old.
     *
     * @param code the HTTP-like status code of the Status object (0 when the server sent none)
     * @param reason the Status reason, e.g. {@code Expired}; may be empty, not null
     * @param message the Status message; may be empty, not null
     */
    record Failure(int code, String reason, String message) implements PodEvent {
        /** @throws NullPointerException if reason or message is null */
        public Failure {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }
}
