package dev.fleetwright.core.api.load;

import dev.fleetwright.core.api.KubernetesNames;
import dev.fleetwright.core.api.corev1.ObjectMeta;
import dev.fleetwright.core.api.corev1.OwnerReference;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes {@code metadata} ({@code metav1.ObjectMeta}) of cluster-scoped objects, namespaced objects and pod
 * templates. Server-set fields are tolerated and dropped; any other unknown field is an error, since the set of
 * metadata fields is small and fixed.
 */
final class ObjectMetaDecoder {

    /** The namespace of namespaced objects that name none, as {@code kubectl apply} without {@code -n} uses. */
    static final String DEFAULT_NAMESPACE = "default";

    private static final String[] SERVER_SET = {
        "resourceVersion", "generation", "managedFields", "finalizers", "selfLink", "deletionGracePeriodSeconds"
    };

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
        Map<String, String> labels = labels(m);
        Map<String, String> annotations = annotations(m);
        String uid = m.string("uid").orElse("");
        Instant created = timestamp(m, "creationTimestamp");
        Instant deleted = timestamp(m, "deletionTimestamp");
        m.string("namespace");
        m.ignore(SERVER_SET);
        m.ignore("ownerReferences", "generateName");
        m.rejectUnknownFields();
        if (name.isEmpty() || name.flatMap(KubernetesNames::subdomainProblem).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(new ObjectMeta(name.get(), "", uid, labels, annotations, List.of(), created, deleted));
    }

    /**
     * Reads {@code metadata} of a namespaced object (a Pod or a workload): name (a DNS-1123 subdomain), namespace (a
     * DNS-1123 label, {@value #DEFAULT_NAMESPACE} when absent), labels, annotations, uid, owner references and
     * timestamps.
     *
     * @param root the object
     * @param generatedSuffix when the object has {@code generateName} and no name, the suffix appended to it (the API
     *     server appends 5 random characters; callers pass a stable one); null when generateName is not allowed
     * @return the metadata, or empty after reporting when the name is missing or invalid
     */
    static Optional<ObjectMeta> decodeNamespaced(TreeReader root, String generatedSuffix) {
        Optional<TreeReader> metadata = root.requiredObject("metadata");
        if (metadata.isEmpty()) {
            return Optional.empty();
        }
        TreeReader m = metadata.get();
        int before = m.diagnostics().count();
        Optional<String> generateName = m.string("generateName");
        Optional<String> name;
        if (!m.has("name") && generateName.isPresent() && generatedSuffix != null) {
            name = Optional.of(generateName.get() + generatedSuffix);
            name.flatMap(KubernetesNames::subdomainProblem).ifPresent(p -> m.error("generateName", p));
        } else {
            name = m.requiredString("name");
            name.flatMap(KubernetesNames::subdomainProblem).ifPresent(p -> m.error("name", p));
        }
        String namespace = m.string("namespace").orElse(DEFAULT_NAMESPACE);
        KubernetesNames.dnsLabelProblem(namespace).ifPresent(p -> m.error("namespace", p));
        Map<String, String> labels = labels(m);
        Map<String, String> annotations = annotations(m);
        String uid = m.string("uid").orElse("");
        Instant created = timestamp(m, "creationTimestamp");
        Instant deleted = timestamp(m, "deletionTimestamp");
        List<OwnerReference> owners = m.list("ownerReferences")
                .map(ObjectMetaDecoder::ownerReferences)
                .orElse(List.of());
        m.ignore(SERVER_SET);
        m.rejectUnknownFields();
        if (name.isEmpty() || m.diagnostics().count() > before) {
            return Optional.empty();
        }
        return Optional.of(new ObjectMeta(name.get(), namespace, uid, labels, annotations, owners, created, deleted));
    }

    /**
     * Reads the {@code metadata} of a pod template: labels and annotations (checked as for objects). Name, namespace
     * and the server-set fields are accepted and ignored, as the controllers ignore them.
     *
     * @param template the template object
     * @return labels and annotations under an empty name; empty metadata when the template has none
     */
    static ObjectMeta decodeTemplate(TreeReader template) {
        Optional<TreeReader> metadata = template.object("metadata");
        if (metadata.isEmpty()) {
            return new ObjectMeta("", "", "", Map.of(), Map.of(), List.of(), null, null);
        }
        TreeReader m = metadata.get();
        Map<String, String> labels = labels(m);
        Map<String, String> annotations = annotations(m);
        m.ignore(SERVER_SET);
        m.ignore(
                "name",
                "generateName",
                "namespace",
                "uid",
                "creationTimestamp",
                "deletionTimestamp",
                "ownerReferences");
        m.rejectUnknownFields();
        return new ObjectMeta("", "", "", labels, annotations, List.of(), null, null);
    }

    private static Map<String, String> labels(TreeReader m) {
        Map<String, String> labels = m.stringMap("labels").orElse(Map.of());
        labels.forEach((k, v) -> {
            KubernetesNames.qualifiedNameProblem(k)
                    .ifPresent(p -> m.diagnostics().error(m.pathOf("labels").key(k), p));
            KubernetesNames.labelValueProblem(v)
                    .ifPresent(p -> m.diagnostics().error(m.pathOf("labels").key(k), p));
        });
        return labels;
    }

    private static Map<String, String> annotations(TreeReader m) {
        Map<String, String> annotations = m.stringMap("annotations").orElse(Map.of());
        annotations
                .keySet()
                .forEach(k -> KubernetesNames.qualifiedNameProblem(k)
                        .ifPresent(p ->
                                m.diagnostics().error(m.pathOf("annotations").key(k), p)));
        return annotations;
    }

    private static List<OwnerReference> ownerReferences(List<TreeValue> elements) {
        List<OwnerReference> out = new ArrayList<>();
        for (TreeValue element : elements) {
            element.asObject().ifPresent(r -> {
                Optional<String> apiVersion = r.requiredString("apiVersion");
                Optional<String> kind = r.requiredString("kind");
                Optional<String> name = r.requiredString("name");
                String uid = r.string("uid").orElse("");
                boolean controller = r.bool("controller").orElse(false);
                r.bool("blockOwnerDeletion");
                r.rejectUnknownFields();
                if (apiVersion.isPresent() && kind.isPresent() && name.isPresent()) {
                    out.add(new OwnerReference(apiVersion.get(), kind.get(), name.get(), uid, controller));
                }
            });
        }
        return out;
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
