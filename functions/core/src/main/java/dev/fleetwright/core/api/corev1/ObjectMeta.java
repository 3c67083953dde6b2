package dev.fleetwright.core.api.corev1;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The metadata Fleetwright reads from Kubernetes objects ({@code metav1.ObjectMeta}).
 *
 * @param name the object name, not null
 * @param namespace the namespace; empty for cluster-scoped objects
 * @param uid the UID; empty when not known (objects loaded from files)
 * @param labels labels
 * @param annotations annotations
 * @param ownerReferences owners, in API order
 * @param creationTimestamp when the object was created; null when unknown
 * @param deletionTimestamp when deletion was requested; null when not being deleted
 */
public record ObjectMeta(
        String name,
        String namespace,
        String uid,
        Map<String, String> labels,
        Map<String, String> annotations,
        List<OwnerReference> ownerReferences,
        Instant creationTimestamp,
        Instant deletionTimestamp) {

    /** Copies collections; nulls become empty. */
    public ObjectMeta {
        Objects.requireNonNull(name, "name");
        namespace = namespace == null ? "" : namespace;
        uid = uid == null ? "" : uid;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        ownerReferences = ownerReferences == null ? List.of() : List.copyOf(ownerReferences);
    }

    /** Metadata with only a name and namespace. */
    public static ObjectMeta of(String namespace, String name) {
        return new ObjectMeta(name, namespace, "", Map.of(), Map.of(), List.of(), null, null);
    }

    /** The controlling owner ({@code controller: true}), if any. */
    public Optional<OwnerReference> controller() {
        return ownerReferences.stream().filter(OwnerReference::controller).findFirst();
    }

    /** {@code namespace/name}, or just the name for cluster-scoped objects. */
    public String key() {
        return namespace.isEmpty() ? name : namespace + "/" + name;
    }

    /** A copy with these labels. */
    public ObjectMeta withLabels(Map<String, String> newLabels) {
        return new ObjectMeta(
                name, namespace, uid, newLabels, annotations, ownerReferences, creationTimestamp, deletionTimestamp);
    }
}
