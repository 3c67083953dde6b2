package dev.fleetwright.core.api.load;

import dev.fleetwright.core.api.KubernetesNames;
import dev.fleetwright.core.api.corev1.ObjectMeta;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Decodes {@code metadata} of cluster-scoped objects; server-set fields are tolerated and dropped. */
final class ObjectMetaDecoder {

    private ObjectMetaDecoder() {}

    /**
     * Reads {@code metadata} of {@code root}: name (a DNS-1123 subdomain), labels, annotations, uid and timestamps.
     * Fields the API server sets (resourceVersion, generation, managedFields, finalizers, ownerReferences, ...) are
     * accepted and ignored; a namespace is ignored because these objects are cluster-scoped.
     *
     * @return the metadata, or empty when the name is missing or invalid
     */
    static Optional<ObjectMeta> decode(TreeReader root) {
        Optional<TreeReader> metadata = root.requiredObject("metadata");
        if (metadata.isEmpty()) {
            return Optional.empty();
        }
        TreeReader m = metadata.get();
        Optional<String> name = m.requiredString("name");
        name.flatMap(KubernetesNames::subdomainProblem).ifPresent(p -> m.error("name", p));
        Map<String, String> labels = m.stringMap("labels").orElse(Map.of());
        labels.forEach((k, v) -> {
            KubernetesNames.qualifiedNameProblem(k)
                    .ifPresent(p -> m.diagnostics().error(m.pathOf("labels").key(k), p));
            KubernetesNames.labelValueProblem(v)
                    .ifPresent(p -> m.diagnostics().error(m.pathOf("labels").key(k), p));
        });
        Map<String, String> annotations = m.stringMap("annotations").orElse(Map.of());
        annotations
                .keySet()
                .forEach(k -> KubernetesNames.qualifiedNameProblem(k)
                        .ifPresent(p ->
                                m.diagnostics().error(m.pathOf("annotations").key(k), p)));
        String uid = m.string("uid").orElse("");
        Instant created = timestamp(m, "creationTimestamp");
        Instant deleted = timestamp(m, "deletionTimestamp");
        m.string("namespace");
        m.ignore(
                "resourceVersion",
                "generation",
                "managedFields",
                "finalizers",
                "ownerReferences",
                "selfLink",
                "generateName",
                "deletionGracePeriodSeconds");
        m.rejectUnknownFields();
        if (name.isEmpty() || name.flatMap(KubernetesNames::subdomainProblem).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(new ObjectMeta(name.get(), "", uid, labels, annotations, List.of(), created, deleted));
    }

    private static Instant timestamp(TreeReader m, String field) {
        Optional<String> text = m.string(field);
        if (text.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.get()).toInstant();
        } catch (DateTimeParseException e) {
            m.error(field, "\"" + text.get() + "\" is not an RFC 3339 time such as 2024-08-07T10:00:00Z");
            return null;
        }
    }
}
