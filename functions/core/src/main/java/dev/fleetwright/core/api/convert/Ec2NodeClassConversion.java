package dev.fleetwright.core.api.convert;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code karpenter.k8s.aws/v1beta1 EC2NodeClass} to {@code karpenter.k8s.aws/v1 EC2NodeClass}. Source: [A]
 * pkg/apis/v1/ec2nodeclass_conversion.go {@code ConvertFrom} and v1.0 upgrading/v1-migration.md.
 *
 * <ul>
 *   <li>{@code amiFamily} with {@code amiSelectorTerms}: {@link AmiSelection} (an alias when there are no terms).
 *   <li>Selector terms, {@code role}, {@code instanceProfile}, {@code userData}, {@code tags}, {@code
 *       blockDeviceMappings}, {@code instanceStorePolicy}, {@code detailedMonitoring}, {@code context}, {@code
 *       associatePublicIPAddress}: kept, the v1 fields are the same.
 *   <li>{@code metadataOptions}: kept. The v1beta1 CRD defaulted {@code httpPutResponseHopLimit} to 2 and v1 defaults it
 *       to 1, so when unset it is written as 2.
 * </ul>
 */
final class Ec2NodeClassConversion {

    private static final Set<String> CARRIED = Set.of(
            "subnetSelectorTerms",
            "securityGroupSelectorTerms",
            "role",
            "instanceProfile",
            "userData",
            "tags",
            "blockDeviceMappings",
            "instanceStorePolicy",
            "detailedMonitoring",
            "context",
            "associatePublicIPAddress");

    private Ec2NodeClassConversion() {}

    static Draft convert(ConversionInput doc, DocumentContext c) {
        LegacyFields.checkTopLevel(doc.tree(), "a v1beta1 EC2NodeClass", c);
        Map<String, Object> metadata = LegacyFields.metadata(doc.tree().get("metadata"), c);
        Map<String, Object> in = c.map(doc.tree().get("spec"), "spec");
        if (in == null) {
            in = Map.of();
        }
        String family = c.string(in.get("amiFamily"), "spec.amiFamily");
        if (family == null && in.get("amiFamily") == null) {
            c.error("spec.amiFamily", "required in v1beta1; v1 needs it to choose an AMI alias");
        }
        List<Object> terms = c.list(in.get("amiSelectorTerms"), "spec.amiSelectorTerms");
        AmiSelection ami = family == null ? null : AmiSelection.resolve(family, terms, "spec.amiFamily", c);

        Map<String, Object> out = new LinkedHashMap<>();
        boolean amiPlaced = false;
        for (Map.Entry<String, Object> e : in.entrySet()) {
            String key = e.getKey();
            if (key.equals("amiFamily") || key.equals("amiSelectorTerms")) {
                if (!amiPlaced && ami != null) {
                    ami.putInto(out);
                }
                amiPlaced = true;
            } else if (key.equals("metadataOptions")) {
                out.put(key, metadataOptions(e.getValue(), c));
            } else if (CARRIED.contains(key)) {
                out.put(key, e.getValue());
            } else {
                c.warn(Trees.child("spec", key), "not a v1beta1 EC2NodeClass field; dropped");
            }
        }
        if (ami != null && ami.defaultBlockDeviceMappings() != null && !in.containsKey("blockDeviceMappings")) {
            out.put("blockDeviceMappings", ami.defaultBlockDeviceMappings());
            c.warn(
                    "spec.amiFamily",
                    "added Ubuntu's default root volume /dev/sda1 (20Gi gp3, encrypted) as"
                            + " blockDeviceMappings, since AL2 would otherwise default to /dev/xvda");
        }
        if (!in.containsKey("metadataOptions")) {
            out.put("metadataOptions", metadataOptions(null, c));
        }
        return Draft.converted(c, AwsNodeTemplateConversion.nodeClass(metadata, out));
    }

    private static Map<String, Object> metadataOptions(Object value, DocumentContext c) {
        Map<String, Object> options = value == null ? new LinkedHashMap<>() : c.map(value, "spec.metadataOptions");
        if (options != null && !options.containsKey("httpPutResponseHopLimit")) {
            options.put("httpPutResponseHopLimit", 2);
            c.warn(
                    "spec.metadataOptions.httpPutResponseHopLimit",
                    "set to 2 explicitly: the v1beta1 default was 2,"
                            + " v1 defaults to 1 (which blocks IMDS access from pods without host networking)");
        }
        return options;
    }
}
