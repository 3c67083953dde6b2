package dev.fleetwright.core.api.corev1;

import java.util.Objects;

/**
 * The owner of an object ({@code metav1.OwnerReference}), reduced to what scheduling and drain need.
 *
 * @param apiVersion for example {@code apps/v1}
 * @param kind for example {@code ReplicaSet}, {@code DaemonSet}, {@code Node}
 * @param name the owner's name
 * @param uid the owner's UID; empty when unknown
 * @param controller whether this owner is the managing controller
 */
public record OwnerReference(String apiVersion, String kind, String name, String uid, boolean controller) {

    /** Normalises a null apiVersion and uid to empty. */
    public OwnerReference {
        apiVersion = apiVersion == null ? "" : apiVersion;
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        uid = uid == null ? "" : uid;
    }
}
