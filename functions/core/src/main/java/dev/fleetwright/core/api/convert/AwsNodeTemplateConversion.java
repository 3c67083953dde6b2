package dev.fleetwright.core.api.convert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code karpenter.k8s.aws/v1alpha1 AWSNodeTemplate}, and a v1alpha5 Provisioner's inline {@code spec.provider}, to
 * {@code karpenter.k8s.aws/v1 EC2NodeClass}.
 *
 * <p>Field by field ([A] pkg/apis/v1alpha1/awsnodetemplate.go and provider.go; [A] pkg/utils/nodeclass/nodeclass.go
 * and tools/karpenter-convert for the mapping):
 *
 * <ul>
 *   <li>{@code subnetSelector}, {@code securityGroupSelector}, {@code amiSelector}: selector terms ({@link
 *       SelectorTerms}).
 *   <li>{@code amiFamily}: AL2 when unset, as v1alpha1 defaulted it; then {@link AmiSelection}.
 *   <li>{@code instanceProfile}, {@code userData}, {@code tags}, {@code detailedMonitoring}, {@code context}: kept.
 *       Without {@code instanceProfile} v0.31 used the global {@code aws.defaultInstanceProfile} setting, which v1
 *       dropped: {@link ConversionOptions#defaultInstanceProfile()} supplies it, otherwise it is an error.
 *   <li>{@code associatePublicIpAddress}: {@code associatePublicIPAddress}.
 *   <li>{@code blockDeviceMappings}: {@code deviceName} and {@code ebs} kept ({@code virtualName} has no v1 field).
 *   <li>{@code metadataOptions}: kept. When absent, v1alpha1 launched with hop limit 2 ([A]
 *       pkg/providers/amifamily/resolver.go {@code DefaultMetadataOptions}) and v1 defaults to 1, so {@code
 *       httpPutResponseHopLimit: 2} is written explicitly.
 *   <li>{@code launchTemplate}: unmanaged launch templates were removed in v1beta1; an error.
 * </ul>
 */
final class AwsNodeTemplateConversion {

    private static final Set<String> CARRIED =
            Set.of("instanceProfile", "userData", "tags", "detailedMonitoring", "context");

    private AwsNodeTemplateConversion() {}

    static Draft convert(ConversionInput doc, DocumentContext c, ConversionOptions options) {
        LegacyFields.checkTopLevel(doc.tree(), "a v1alpha1 AWSNodeTemplate", c);
        Map<String, Object> metadata = LegacyFields.metadata(doc.tree().get("metadata"), c);
        Map<String, Object> spec = c.map(doc.tree().get("spec"), "spec");
        Map<String, Object> outSpec = spec(spec == null ? Map.of() : spec, "spec", false, c, options);
        return Draft.converted(c, nodeClass(metadata, outSpec));
    }

    /** The EC2NodeClass generated from a Provisioner's inline {@code spec.provider}, named after the Provisioner. */
    static Map<String, Object> fromProvider(
            String provisionerName, Map<String, Object> provider, DocumentContext c, ConversionOptions options) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", provisionerName);
        return nodeClass(metadata, spec(provider, "spec.provider", true, c, options));
    }

    static Map<String, Object> nodeClass(Map<String, Object> metadata, Map<String, Object> spec) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("apiVersion", SourceApi.KARPENTER_AWS_V1);
        tree.put("kind", SourceApi.EC2_NODE_CLASS);
        tree.put("metadata", metadata);
        tree.put("spec", spec);
        return tree;
    }

    private static Map<String, Object> spec(
            Map<String, Object> in, String path, boolean inline, DocumentContext c, ConversionOptions options) {
        String familyPath = path + ".amiFamily";
        String family = c.string(in.get("amiFamily"), familyPath);
        List<Object> amiTerms = in.containsKey("amiSelector")
                ? SelectorTerms.amiTerms(in.get("amiSelector"), path + ".amiSelector", c)
                : null;
        AmiSelection ami = AmiSelection.resolve(family == null ? "AL2" : family, amiTerms, familyPath, c);

        Map<String, Object> out = new LinkedHashMap<>();
        boolean amiPlaced = false;
        for (Map.Entry<String, Object> e : in.entrySet()) {
            String key = e.getKey();
            String fieldPath = Trees.child(path, key);
            switch (key) {
                case "amiFamily", "amiSelector" -> {
                    if (!amiPlaced && ami != null) {
                        ami.putInto(out);
                    }
                    amiPlaced = true;
                }
                case "subnetSelector" ->
                    out.put("subnetSelectorTerms", SelectorTerms.idOrTagTerms(e.getValue(), fieldPath, c));
                case "securityGroupSelector" ->
                    out.put("securityGroupSelectorTerms", SelectorTerms.idOrTagTerms(e.getValue(), fieldPath, c));
                case "associatePublicIpAddress" -> out.put("associatePublicIPAddress", e.getValue());
                case "metadataOptions" -> out.put(key, metadataOptions(e.getValue(), fieldPath, c));
                case "blockDeviceMappings" -> out.put(key, blockDeviceMappings(e.getValue(), fieldPath, c));
                case "launchTemplate" ->
                    c.error(
                            fieldPath,
                            "unmanaged launch templates are not supported since v1beta1; move the launch"
                                    + " template's settings (AMI, user data, block devices, security groups) into the node"
                                    + " class");
                default -> {
                    if (CARRIED.contains(key)) {
                        out.put(key, e.getValue());
                    } else if (inline && (key.equals("apiVersion") || key.equals("kind"))) {
                        // the inline provider's own type metadata; the generated class has its own
                    } else {
                        c.warn(fieldPath, "not a v1alpha1 AWSNodeTemplate field; dropped");
                    }
                }
            }
        }
        if (!amiPlaced && ami != null) {
            Map<String, Object> withAmi = new LinkedHashMap<>();
            ami.putInto(withAmi);
            withAmi.putAll(out);
            out = withAmi;
        }
        if (ami != null && ami.defaultBlockDeviceMappings() != null && !in.containsKey("blockDeviceMappings")) {
            out.put("blockDeviceMappings", ami.defaultBlockDeviceMappings());
            c.warn(
                    familyPath,
                    "added Ubuntu's default root volume /dev/sda1 (20Gi gp3, encrypted) as blockDeviceMappings,"
                            + " since AL2 would otherwise default to /dev/xvda");
        }
        if (!in.containsKey("subnetSelector")) {
            c.error(path + ".subnetSelector", "required: v1 needs subnetSelectorTerms");
        }
        if (!in.containsKey("securityGroupSelector")) {
            c.error(path + ".securityGroupSelector", "required: v1 needs securityGroupSelectorTerms");
        }
        if (!in.containsKey("instanceProfile")) {
            if (options.defaultInstanceProfile() != null) {
                out.put("instanceProfile", options.defaultInstanceProfile());
                c.warn(
                        path + ".instanceProfile",
                        "set to " + options.defaultInstanceProfile()
                                + ", the defaultInstanceProfile setting v0.31 used when the field was unset");
            } else {
                c.error(
                        path + ".instanceProfile",
                        "unset: v0.31 fell back to the global aws.defaultInstanceProfile"
                                + " setting, which v1 dropped; set instanceProfile (or role) explicitly, or pass the old"
                                + " setting as the default instance profile");
            }
        }
        if (!in.containsKey("metadataOptions")) {
            Map<String, Object> metadataOptions = new LinkedHashMap<>();
            metadataOptions.put("httpPutResponseHopLimit", 2);
            out.put("metadataOptions", metadataOptions);
            c.warn(
                    path + ".metadataOptions",
                    "set httpPutResponseHopLimit: 2 explicitly: v1alpha1 launched nodes with"
                            + " hop limit 2 when metadataOptions was unset, v1 defaults to 1 (which blocks IMDS access from"
                            + " pods without host networking)");
        }
        return out;
    }

    private static Object metadataOptions(Object value, String path, DocumentContext c) {
        Map<String, Object> options = c.map(value, path);
        if (options != null && !options.containsKey("httpTokens")) {
            c.warn(
                    path + ".httpTokens",
                    "unset: v1alpha1 left it to EC2's launch template default (optional unless"
                            + " the AMI requires IMDSv2); v1 defaults it to required");
        }
        return options;
    }

    private static Object blockDeviceMappings(Object value, String path, DocumentContext c) {
        List<Object> in = c.list(value, path);
        if (in == null) {
            return null;
        }
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            String itemPath = path + "[" + i + "]";
            Map<String, Object> mapping = c.map(in.get(i), itemPath);
            if (mapping == null) {
                continue;
            }
            Map<String, Object> kept = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : mapping.entrySet()) {
                if (e.getKey().equals("deviceName") || e.getKey().equals("ebs")) {
                    kept.put(e.getKey(), e.getValue());
                } else {
                    c.warn(Trees.child(itemPath, e.getKey()), "not a v1 block device mapping field; dropped");
                }
            }
            out.add(kept);
        }
        return out;
    }
}
