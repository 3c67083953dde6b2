package dev.fleetwright.core.api.convert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code karpenter.sh/v1alpha5 Provisioner} to {@code karpenter.sh/v1 NodePool}, plus an EC2NodeClass when the
 * Provisioner had an inline {@code spec.provider}. Source: [K] pkg/apis/v1alpha5/provisioner.go (fields), [K]
 * pkg/utils/nodepool/nodepool.go {@code New} and [A] tools/karpenter-convert (mapping), [A]
 * pkg/apis/v1alpha5/provisioner.go {@code SetDefaults} (requirement defaults), [A] v0.32 v1beta1-migration.md.
 *
 * <ul>
 *   <li>{@code labels}, {@code annotations}: {@code template.metadata}; {@code requirements}, {@code taints}, {@code
 *       startupTaints}: {@code template.spec}; renamed keys per {@link LegacyFields#RENAMED_KEYS}.
 *   <li>Requirements the v1alpha5 webhook defaulted are written out ({@link
 *       LegacyFields#addV1alpha5DefaultRequirements}); v1beta1 and v1 no longer add them.
 *   <li>{@code providerRef}: {@code nodeClassRef} to the EC2NodeClass of the same name (the AWSNodeTemplate it named
 *       converts to it). {@code provider}: an EC2NodeClass generated and named after the Provisioner.
 *   <li>{@code consolidation.enabled: true}: {@code WhenEmptyOrUnderutilized} after {@code 0s}. {@code
 *       ttlSecondsAfterEmpty}: {@code WhenEmpty} after that many seconds. Neither: v1alpha5 removed neither empty nor
 *       underutilised nodes, which v1 says as {@code WhenEmpty} with {@code consolidateAfter: Never}.
 *   <li>{@code ttlSecondsUntilExpired}: {@code template.spec.expireAfter}; unset meant never, written as {@code Never}
 *       because v1 would otherwise default to 720h.
 *   <li>{@code limits.resources}: {@code limits}; {@code weight}: kept; {@code kubeletConfiguration}: moves to the
 *       EC2NodeClass (see {@link KubeletPlacement}).
 * </ul>
 */
final class ProvisionerConversion {

    private ProvisionerConversion() {}

    static List<Draft> convert(ConversionInput doc, DocumentContext c, ConversionOptions options) {
        LegacyFields.checkTopLevel(doc.tree(), "a v1alpha5 Provisioner", c);
        Map<String, Object> metadata = LegacyFields.metadata(doc.tree().get("metadata"), c);
        Map<String, Object> in = c.map(doc.tree().get("spec"), "spec");
        if (in == null) {
            in = Map.of();
        }
        String name = doc.name();

        Map<String, Object> labels = null;
        Map<String, Object> annotations = null;
        List<Object> requirements = new ArrayList<>();
        Object taints = null;
        Object startupTaints = null;
        Map<String, Object> kubelet = null;
        Map<String, Object> generatedClass = null;
        String nodeClassName = null;
        Long ttlSecondsAfterEmpty = null;
        Long ttlSecondsUntilExpired = null;
        Boolean consolidationEnabled = null;
        Object limits = null;
        Object weight = null;
        for (Map.Entry<String, Object> e : in.entrySet()) {
            String key = e.getKey();
            String path = Trees.child("spec", key);
            Object value = e.getValue();
            switch (key) {
                case "labels" -> labels = LegacyFields.renameKeys(c.map(value, path), path, c);
                case "annotations" -> annotations = LegacyFields.renameKeys(c.map(value, path), path, c);
                case "requirements" -> requirements = LegacyFields.requirements(value, path, c);
                case "taints" -> taints = value;
                case "startupTaints" -> startupTaints = value;
                case "kubeletConfiguration" -> kubelet = LegacyFields.kubelet(value, path, c);
                case "providerRef" -> nodeClassName = providerRefName(value, path, c);
                case "provider" -> {
                    Map<String, Object> provider = c.map(value, path);
                    if (provider != null && name != null) {
                        generatedClass = AwsNodeTemplateConversion.fromProvider(name, provider, c, options);
                        c.warn(
                                path,
                                "the inline provider became the generated EC2NodeClass \"" + name
                                        + "\" (v1beta1 removed spec.provider)");
                    }
                }
                case "ttlSecondsAfterEmpty" -> ttlSecondsAfterEmpty = c.nonNegativeWholeNumber(value, path);
                case "ttlSecondsUntilExpired" -> ttlSecondsUntilExpired = c.nonNegativeWholeNumber(value, path);
                case "consolidation" -> consolidationEnabled = consolidationEnabled(value, path, c);
                case "limits" -> limits = limits(value, path, c);
                case "weight" -> weight = value;
                default -> c.warn(path, "not a v1alpha5 Provisioner field; dropped");
            }
        }
        if (in.containsKey("provider") && in.containsKey("providerRef")) {
            c.error("spec.provider", "provider and providerRef are mutually exclusive in v1alpha5");
        } else if (generatedClass != null) {
            nodeClassName = name;
        } else if (!in.containsKey("provider") && !in.containsKey("providerRef")) {
            c.error(
                    "spec.providerRef",
                    "required: a Provisioner needs providerRef or provider, and a v1 NodePool a" + " nodeClassRef");
        }
        List<String> defaults = LegacyFields.addV1alpha5DefaultRequirements(requirements);
        if (!defaults.isEmpty()) {
            c.warn(
                    "spec.requirements",
                    "added the requirements the v1alpha5 webhook defaulted for unconstrained keys: "
                            + String.join(", ", defaults));
        }

        Map<String, Object> templateMetadata = new LinkedHashMap<>();
        if (labels != null && !labels.isEmpty()) {
            templateMetadata.put("labels", labels);
        }
        if (annotations != null && !annotations.isEmpty()) {
            templateMetadata.put("annotations", annotations);
        }
        Map<String, Object> templateSpec = new LinkedHashMap<>();
        templateSpec.put("requirements", requirements);
        if (taints != null) {
            templateSpec.put("taints", taints);
        }
        if (startupTaints != null) {
            templateSpec.put("startupTaints", startupTaints);
        }
        templateSpec.put("nodeClassRef", nodeClassRef(nodeClassName));
        templateSpec.put(
                "expireAfter",
                ttlSecondsUntilExpired == null ? "Never" : LegacyFields.duration(ttlSecondsUntilExpired));
        Map<String, Object> template = new LinkedHashMap<>();
        if (!templateMetadata.isEmpty()) {
            template.put("metadata", templateMetadata);
        }
        template.put("spec", templateSpec);

        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("template", template);
        spec.put("disruption", disruption(consolidationEnabled, ttlSecondsAfterEmpty, c));
        if (limits != null) {
            spec.put("limits", limits);
        }
        if (weight != null) {
            spec.put("weight", weight);
        }
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("apiVersion", SourceApi.KARPENTER_SH_V1);
        tree.put("kind", SourceApi.NODE_POOL);
        tree.put("metadata", metadata);
        tree.put("spec", spec);

        List<Draft> drafts = new ArrayList<>();
        drafts.add(Draft.convertedNodePool(c, tree, kubelet, "spec.kubeletConfiguration"));
        if (generatedClass != null) {
            drafts.add(Draft.converted(c, generatedClass));
        }
        return drafts;
    }

    static Map<String, Object> nodeClassRef(String name) {
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("group", SourceApi.KARPENTER_AWS_GROUP);
        ref.put("kind", SourceApi.EC2_NODE_CLASS);
        ref.put("name", name);
        return ref;
    }

    private static String providerRefName(Object value, String path, DocumentContext c) {
        Map<String, Object> ref = c.map(value, path);
        if (ref == null) {
            return null;
        }
        String kind = c.string(ref.get("kind"), path + ".kind");
        if (kind != null && !kind.equals("AWSNodeTemplate")) {
            c.error(path + ".kind", "refers to " + kind + "; only an AWSNodeTemplate converts to an EC2NodeClass");
        }
        String apiVersion = c.string(ref.get("apiVersion"), path + ".apiVersion");
        if (apiVersion != null && !apiVersion.equals(SourceApi.KARPENTER_AWS_V1ALPHA1)) {
            c.error(path + ".apiVersion", "refers to " + apiVersion + "; expected " + SourceApi.KARPENTER_AWS_V1ALPHA1);
        }
        if (ref.get("name") == null) {
            c.error(path + ".name", "required");
            return null;
        }
        return c.string(ref.get("name"), path + ".name");
    }

    private static Boolean consolidationEnabled(Object value, String path, DocumentContext c) {
        Map<String, Object> consolidation = c.map(value, path);
        if (consolidation == null) {
            return null;
        }
        for (String key : consolidation.keySet()) {
            if (!key.equals("enabled")) {
                c.warn(Trees.child(path, key), "not a v1alpha5 consolidation field; dropped");
            }
        }
        return c.bool(consolidation.get("enabled"), path + ".enabled");
    }

    private static Object limits(Object value, String path, DocumentContext c) {
        Map<String, Object> limits = c.map(value, path);
        if (limits == null) {
            return null;
        }
        for (String key : limits.keySet()) {
            if (!key.equals("resources")) {
                c.warn(Trees.child(path, key), "not a v1alpha5 limits field; dropped");
            }
        }
        return c.map(limits.get("resources"), path + ".resources");
    }

    private static Map<String, Object> disruption(Boolean consolidation, Long ttlSecondsAfterEmpty, DocumentContext c) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (Boolean.TRUE.equals(consolidation) && ttlSecondsAfterEmpty != null) {
            c.error("spec.ttlSecondsAfterEmpty", "mutually exclusive with consolidation.enabled in v1alpha5");
        } else if (Boolean.TRUE.equals(consolidation)) {
            out.put("consolidationPolicy", "WhenEmptyOrUnderutilized");
            out.put("consolidateAfter", "0s");
        } else if (ttlSecondsAfterEmpty != null) {
            out.put("consolidationPolicy", "WhenEmpty");
            out.put("consolidateAfter", LegacyFields.duration(ttlSecondsAfterEmpty));
        } else {
            out.put("consolidationPolicy", "WhenEmpty");
            out.put("consolidateAfter", "Never");
        }
        return out;
    }
}
