package dev.fleetwright.core.api.convert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How a pre-v1 {@code amiFamily} with optional AMI selector terms becomes v1 {@code amiFamily} and {@code
 * amiSelectorTerms}. Source: [A] pkg/apis/v1/ec2nodeclass_conversion.go {@code ConvertFrom} and v1.0
 * upgrading/v1-migration.md.
 *
 * <ul>
 *   <li>AL2, AL2023, Bottlerocket, Windows2019, Windows2022 without terms: the alias {@code <family>@latest}, which
 *       selects the same latest EKS-optimised AMI the family selected, and no {@code amiFamily}.
 *   <li>The same families with terms: the family and the terms, unchanged.
 *   <li>Custom: needs terms (as it did before).
 *   <li>Ubuntu: v1 dropped the family. With terms, Karpenter's conversion bootstraps with AL2, whose user data has the
 *       same format, and when no block device mappings are given adds Ubuntu's default root volume ({@code /dev/sda1},
 *       20Gi gp3, encrypted) because AL2's default root device is {@code /dev/xvda}. Without terms it is an error: v1
 *       has no Ubuntu AMI discovery.
 * </ul>
 *
 * @param amiFamily the v1 {@code amiFamily}, or null when an alias replaces it
 * @param amiSelectorTerms the v1 terms
 * @param defaultBlockDeviceMappings block device mappings to add when the source had none, or null
 */
record AmiSelection(String amiFamily, List<Object> amiSelectorTerms, List<Object> defaultBlockDeviceMappings) {

    /** Copies the lists. */
    AmiSelection {
        amiSelectorTerms = List.copyOf(amiSelectorTerms);
        defaultBlockDeviceMappings =
                defaultBlockDeviceMappings == null ? null : List.copyOf(defaultBlockDeviceMappings);
    }

    private static final Set<String> ALIAS_FAMILIES =
            Set.of("AL2", "AL2023", "Bottlerocket", "Windows2019", "Windows2022");

    /**
     * @param family the source {@code amiFamily}, not null
     * @param terms the source terms in v1 form, null or empty when none
     * @return the selection, or null after an error
     */
    static AmiSelection resolve(String family, List<Object> terms, String familyPath, DocumentContext c) {
        boolean hasTerms = terms != null && !terms.isEmpty();
        if (ALIAS_FAMILIES.contains(family)) {
            if (hasTerms) {
                return new AmiSelection(family, terms, null);
            }
            Map<String, Object> alias = new LinkedHashMap<>();
            alias.put("alias", family.toLowerCase(Locale.ROOT) + "@latest");
            return new AmiSelection(null, new ArrayList<>(List.of(alias)), null);
        }
        return switch (family) {
            case "Custom" -> {
                if (!hasTerms) {
                    c.error(familyPath, "amiFamily Custom needs AMI selector terms: v1 cannot choose an AMI for it");
                    yield null;
                }
                yield new AmiSelection(family, terms, null);
            }
            case "Ubuntu" -> {
                if (!hasTerms) {
                    c.error(
                            familyPath,
                            "v1 dropped the Ubuntu AMI family and cannot discover Ubuntu AMIs;"
                                    + " select the AMIs explicitly with AMI selector terms");
                    yield null;
                }
                c.warn(
                        familyPath,
                        "v1 dropped the Ubuntu AMI family; converted to AL2, whose user data has the same"
                                + " format (as Karpenter's own v1 conversion does)");
                yield new AmiSelection("AL2", terms, ubuntuRootVolume());
            }
            default -> {
                c.error(
                        familyPath,
                        "unknown AMI family " + family + "; expected one of AL2, AL2023, Bottlerocket,"
                                + " Ubuntu, Windows2019, Windows2022, Custom");
                yield null;
            }
        };
    }

    /** Puts {@code amiFamily} (when kept) and {@code amiSelectorTerms} into a spec under construction. */
    void putInto(Map<String, Object> spec) {
        if (amiFamily != null) {
            spec.put("amiFamily", amiFamily);
        }
        spec.put("amiSelectorTerms", amiSelectorTerms);
    }

    private static List<Object> ubuntuRootVolume() {
        Map<String, Object> ebs = new LinkedHashMap<>();
        ebs.put("encrypted", true);
        ebs.put("volumeType", "gp3");
        ebs.put("volumeSize", "20Gi");
        Map<String, Object> mapping = new LinkedHashMap<>();
        mapping.put("deviceName", "/dev/sda1");
        mapping.put("rootVolume", true);
        mapping.put("ebs", ebs);
        return new ArrayList<>(List.of(mapping));
    }
}
