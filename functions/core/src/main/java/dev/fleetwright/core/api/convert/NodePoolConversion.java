package dev.fleetwright.core.api.convert;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code karpenter.sh/v1beta1 NodePool} to {@code karpenter.sh/v1 NodePool}. Source: [K]
 * pkg/apis/v1/nodepool_conversion.go {@code ConvertFrom} and [A] v1.0 upgrading/v1-migration.md.
 *
 * <ul>
 *   <li>{@code disruption.consolidationPolicy}: {@code WhenUnderutilized} (also the v1beta1 default) becomes {@code
 *       WhenEmptyOrUnderutilized} with {@code consolidateAfter: 0s}, the v1beta1 behaviour (v1beta1 did not let
 *       {@code consolidateAfter} be set with it). {@code WhenEmpty} keeps its {@code consolidateAfter}.
 *   <li>{@code disruption.expireAfter} moves to {@code template.spec.expireAfter} (both default to 720h).
 *   <li>{@code disruption.budgets}, {@code limits}, {@code weight}, template labels, annotations, requirements (with
 *       {@code minValues}), taints and startup taints: kept, with the keys v1 renamed.
 *   <li>{@code template.spec.nodeClassRef}: {@code apiVersion} becomes {@code group}; kind and group get their v1beta1
 *       defaults (EC2NodeClass, karpenter.k8s.aws) written out, as v1 requires them.
 *   <li>{@code template.spec.kubelet}: moves to the EC2NodeClass (see {@link KubeletPlacement}).
 *   <li>{@code template.spec.resources}: v1 has no such field; dropped with a warning.
 * </ul>
 */
final class NodePoolConversion {

    private NodePoolConversion() {}

    static Draft convert(ConversionInput doc, DocumentContext c) {
        LegacyFields.checkTopLevel(doc.tree(), "a v1beta1 NodePool", c);
        Map<String, Object> metadata = LegacyFields.metadata(doc.tree().get("metadata"), c);
        Map<String, Object> in = c.map(doc.tree().get("spec"), "spec");
        if (in == null) {
            in = Map.of();
        }
        Map<String, Object> disruptionIn = c.map(in.get("disruption"), "spec.disruption");
        Object expireAfter = disruptionIn == null ? null : disruptionIn.get("expireAfter");

        Map<String, Object> spec = new LinkedHashMap<>();
        Map<String, Object> kubelet = null;
        if (!in.containsKey("template")) {
            c.error("spec.template", "required");
        }
        for (Map.Entry<String, Object> e : in.entrySet()) {
            switch (e.getKey()) {
                case "template" -> {
                    Template template = template(e.getValue(), expireAfter, c);
                    spec.put("template", template.tree());
                    kubelet = template.kubelet();
                }
                case "disruption" -> spec.put("disruption", disruption(disruptionIn, c));
                case "limits", "weight" -> spec.put(e.getKey(), e.getValue());
                default -> c.warn(Trees.child("spec", e.getKey()), "not a v1beta1 NodePool field; dropped");
            }
        }
        if (!in.containsKey("disruption")) {
            // The v1beta1 CRD defaulted the whole block to {consolidationPolicy: WhenUnderutilized, expireAfter: 720h}.
            spec.put("disruption", disruption(new LinkedHashMap<>(), c));
        }
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("apiVersion", SourceApi.KARPENTER_SH_V1);
        tree.put("kind", SourceApi.NODE_POOL);
        tree.put("metadata", metadata);
        tree.put("spec", spec);
        return Draft.convertedNodePool(c, tree, kubelet, "spec.template.spec.kubelet");
    }

    private record Template(Map<String, Object> tree, Map<String, Object> kubelet) {}

    private static Template template(Object value, Object expireAfter, DocumentContext c) {
        Map<String, Object> in = c.map(value, "spec.template");
        Map<String, Object> out = new LinkedHashMap<>();
        if (in == null) {
            return new Template(out, null);
        }
        Map<String, Object> kubelet = null;
        for (Map.Entry<String, Object> e : in.entrySet()) {
            switch (e.getKey()) {
                case "metadata" -> out.put("metadata", templateMetadata(e.getValue(), c));
                case "spec" -> {
                    Map<String, Object> specIn = c.map(e.getValue(), "spec.template.spec");
                    Map<String, Object> spec = new LinkedHashMap<>();
                    if (specIn != null) {
                        kubelet = templateSpec(specIn, spec, c);
                    }
                    if (expireAfter != null) {
                        spec.put("expireAfter", expireAfter);
                    }
                    out.put("spec", spec);
                }
                default -> c.warn(Trees.child("spec.template", e.getKey()), "not a v1beta1 template field; dropped");
            }
        }
        if (!in.containsKey("spec")) {
            c.error("spec.template.spec", "required: v1 needs template.spec.nodeClassRef");
        }
        return new Template(out, kubelet);
    }

    private static Map<String, Object> templateMetadata(Object value, DocumentContext c) {
        Map<String, Object> in = c.map(value, "spec.template.metadata");
        Map<String, Object> out = new LinkedHashMap<>();
        if (in == null) {
            return out;
        }
        for (Map.Entry<String, Object> e : in.entrySet()) {
            String path = Trees.child("spec.template.metadata", e.getKey());
            switch (e.getKey()) {
                case "labels", "annotations" ->
                    out.put(e.getKey(), LegacyFields.renameKeys(c.map(e.getValue(), path), path, c));
                default -> c.warn(path, "not a v1beta1 template metadata field; dropped");
            }
        }
        return out;
    }

    /** Fills the v1 template spec and returns the kubelet that must move to the EC2NodeClass, or null. */
    private static Map<String, Object> templateSpec(
            Map<String, Object> in, Map<String, Object> out, DocumentContext c) {
        Map<String, Object> kubelet = null;
        for (Map.Entry<String, Object> e : in.entrySet()) {
            String key = e.getKey();
            String path = Trees.child("spec.template.spec", key);
            switch (key) {
                case "requirements" -> out.put(key, LegacyFields.requirements(e.getValue(), path, c));
                case "taints", "startupTaints", "terminationGracePeriod" -> out.put(key, e.getValue());
                case "nodeClassRef" -> out.put(key, nodeClassRef(e.getValue(), path, c));
                case "kubelet" -> kubelet = LegacyFields.kubelet(e.getValue(), path, c);
                case "resources" -> {
                    if (e.getValue() instanceof Map<?, ?> m && !m.isEmpty()) {
                        c.warn(path, "v1 has no template resources; dropped " + Trees.render(e.getValue()));
                    }
                }
                default -> c.warn(path, "not a v1beta1 template spec field; dropped");
            }
        }
        if (!in.containsKey("nodeClassRef")) {
            c.error("spec.template.spec.nodeClassRef", "required");
        }
        return kubelet;
    }

    private static Map<String, Object> nodeClassRef(Object value, String path, DocumentContext c) {
        Map<String, Object> in = c.map(value, path);
        if (in == null) {
            return null;
        }
        String apiVersion = c.string(in.get("apiVersion"), path + ".apiVersion");
        String kind = c.string(in.get("kind"), path + ".kind");
        String name = c.string(in.get("name"), path + ".name");
        if (name == null && in.get("name") == null) {
            c.error(path + ".name", "required");
        }
        for (String key : in.keySet()) {
            if (!List.of("apiVersion", "kind", "name").contains(key)) {
                c.warn(Trees.child(path, key), "not a v1beta1 nodeClassRef field; dropped");
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(
                "group",
                apiVersion == null ? SourceApi.KARPENTER_AWS_GROUP : apiVersion.split("/", 2)[0]);
        out.put("kind", kind == null ? SourceApi.EC2_NODE_CLASS : kind);
        out.put("name", name);
        return out;
    }

    private static Map<String, Object> disruption(Map<String, Object> in, DocumentContext c) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (in == null) {
            return out;
        }
        String policy = c.string(in.get("consolidationPolicy"), "spec.disruption.consolidationPolicy");
        if (policy == null) {
            policy = "WhenUnderutilized";
        }
        switch (policy) {
            case "WhenUnderutilized" -> {
                if (in.containsKey("consolidateAfter")) {
                    c.warn(
                            "spec.disruption.consolidateAfter",
                            "v1beta1 ignored consolidateAfter with"
                                    + " WhenUnderutilized (it rejected it); set to 0s, the v1beta1 behaviour");
                }
                out.put("consolidationPolicy", "WhenEmptyOrUnderutilized");
                out.put("consolidateAfter", "0s");
            }
            case "WhenEmpty" -> {
                out.put("consolidationPolicy", "WhenEmpty");
                if (in.get("consolidateAfter") == null) {
                    c.error("spec.disruption.consolidateAfter", "required with consolidationPolicy WhenEmpty");
                } else {
                    out.put("consolidateAfter", in.get("consolidateAfter"));
                }
            }
            default ->
                c.error(
                        "spec.disruption.consolidationPolicy",
                        "unknown policy " + policy + "; v1beta1 accepts WhenEmpty or WhenUnderutilized");
        }
        for (Map.Entry<String, Object> e : in.entrySet()) {
            switch (e.getKey()) {
                case "budgets" -> out.put("budgets", e.getValue());
                case "consolidationPolicy", "consolidateAfter", "expireAfter" -> {
                    // converted above; expireAfter moved to the template
                }
                default ->
                    c.warn(Trees.child("spec.disruption", e.getKey()), "not a v1beta1 disruption field; dropped");
            }
        }
        return out;
    }
}
