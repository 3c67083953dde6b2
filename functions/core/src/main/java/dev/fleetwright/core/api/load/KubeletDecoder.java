package dev.fleetwright.core.api.load;

import dev.fleetwright.core.api.Durations;
import dev.fleetwright.core.api.KubeletConfiguration;
import dev.fleetwright.core.api.corev1.Quantity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decodes {@code spec.kubelet} of an EC2NodeClass into the existing {@link KubeletConfiguration} record, with the
 * rules of [A] pkg/apis/v1/ec2nodeclass.go ({@code KubeletConfiguration} markers and CEL): reserved resources keyed by
 * {@code cpu, memory, ephemeral-storage, pid} with non-negative quantities; eviction thresholds keyed by the kubelet's
 * signals with a quantity or a percentage; every soft threshold with a grace period and the reverse; image GC
 * thresholds within 0..100 with high above low; non-negative {@code maxPods} and {@code podsPerCore}.
 */
final class KubeletDecoder {

    /** Keys allowed in {@code systemReserved} and {@code kubeReserved}. */
    static final Set<String> RESERVED_RESOURCES = Set.of("cpu", "memory", "ephemeral-storage", "pid");

    /** Eviction signals allowed in {@code evictionHard}, {@code evictionSoft} and {@code evictionSoftGracePeriod}. */
    static final List<String> EVICTION_SIGNALS = List.of(
            "memory.available",
            "nodefs.available",
            "nodefs.inodesFree",
            "imagefs.available",
            "imagefs.inodesFree",
            "pid.available");

    /** A percentage from 0% to 100% with at most two decimals, as in Karpenter's eviction pattern. */
    private static final Pattern PERCENTAGE = Pattern.compile("^(\\d{1,2}(\\.\\d{1,2})?|100(\\.0{1,2})?)%$");

    private KubeletDecoder() {}

    static KubeletConfiguration decode(TreeReader k) {
        int before = k.diagnostics().count();
        List<String> clusterDns = k.stringList("clusterDNS").orElse(List.of());
        Integer maxPods = nonNegative(k, "maxPods");
        Integer podsPerCore = nonNegative(k, "podsPerCore");
        Map<String, String> systemReserved = reserved(k, "systemReserved");
        Map<String, String> kubeReserved = reserved(k, "kubeReserved");
        Map<String, String> evictionHard = thresholds(k, "evictionHard");
        Map<String, String> evictionSoft = thresholds(k, "evictionSoft");
        Map<String, String> gracePeriods = gracePeriods(k);
        for (String signal : evictionSoft.keySet()) {
            if (!gracePeriods.containsKey(signal)) {
                k.diagnostics()
                        .error(
                                k.pathOf("evictionSoft").key(signal),
                                "evictionSoft key " + signal + " does not have a matching evictionSoftGracePeriod");
            }
        }
        for (String signal : gracePeriods.keySet()) {
            if (!evictionSoft.containsKey(signal)) {
                k.diagnostics()
                        .error(
                                k.pathOf("evictionSoftGracePeriod").key(signal),
                                "evictionSoftGracePeriod key " + signal + " does not have a matching evictionSoft");
            }
        }
        Integer evictionMaxPodGracePeriod =
                k.integer("evictionMaxPodGracePeriod").orElse(null);
        Integer high = percent(k, "imageGCHighThresholdPercent");
        Integer low = percent(k, "imageGCLowThresholdPercent");
        if (high != null && low != null && high <= low) {
            k.error(
                    "imageGCHighThresholdPercent",
                    "imageGCHighThresholdPercent must be greater than" + " imageGCLowThresholdPercent, got " + high
                            + " and " + low);
        }
        Boolean cpuCfsQuota = k.bool("cpuCFSQuota").orElse(null);
        k.rejectUnknownFields();
        if (k.diagnostics().count() > before) {
            return KubeletConfiguration.DEFAULT;
        }
        return new KubeletConfiguration(
                clusterDns,
                maxPods,
                podsPerCore,
                systemReserved,
                kubeReserved,
                evictionHard,
                evictionSoft,
                gracePeriods,
                evictionMaxPodGracePeriod,
                high,
                low,
                cpuCfsQuota);
    }

    private static Integer nonNegative(TreeReader k, String field) {
        Integer value = k.integer(field).orElse(null);
        if (value != null && value < 0) {
            k.error(field, field + " must not be negative, got " + value);
        }
        return value;
    }

    private static Integer percent(TreeReader k, String field) {
        Integer value = k.integer(field).orElse(null);
        if (value != null && (value < 0 || value > 100)) {
            k.error(field, field + " must be within 0..100, got " + value);
        }
        return value;
    }

    private static Map<String, String> reserved(TreeReader k, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        k.field(field)
                .flatMap(TreeValue::asMap)
                .ifPresent(entries -> entries.forEach((name, value) -> {
                    if (!RESERVED_RESOURCES.contains(name)) {
                        value.error("valid keys for " + field + " are ['cpu','memory','ephemeral-storage','pid']");
                        return;
                    }
                    value.asIntOrString().ifPresent(text -> {
                        try {
                            if (Quantity.parse(text).isNegative()) {
                                value.error(field + " value cannot be a negative resource quantity");
                                return;
                            }
                            out.put(name, text);
                        } catch (IllegalArgumentException e) {
                            value.error(e.getMessage());
                        }
                    });
                }));
        return out;
    }

    private static Map<String, String> thresholds(TreeReader k, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        k.field(field)
                .flatMap(TreeValue::asMap)
                .ifPresent(entries -> entries.forEach((signal, value) -> {
                    if (!EVICTION_SIGNALS.contains(signal)) {
                        value.error("valid keys for " + field + " are " + signalList());
                        return;
                    }
                    value.asString().ifPresent(text -> {
                        if (text.endsWith("%")) {
                            if (!PERCENTAGE.matcher(text).matches()) {
                                value.error("\"" + text
                                        + "\" is not a percentage from 0% to 100% with at most two decimals");
                                return;
                            }
                        } else {
                            try {
                                if (Quantity.parse(text).isNegative()) {
                                    value.error(field + " value cannot be a negative quantity");
                                    return;
                                }
                            } catch (IllegalArgumentException e) {
                                value.error("\"" + text + "\" is neither a quantity (100Mi) nor a percentage (10%)");
                                return;
                            }
                        }
                        out.put(signal, text);
                    });
                }));
        return out;
    }

    private static Map<String, String> gracePeriods(TreeReader k) {
        Map<String, String> out = new LinkedHashMap<>();
        k.field("evictionSoftGracePeriod")
                .flatMap(TreeValue::asMap)
                .ifPresent(entries -> entries.forEach((signal, v) -> {
                    if (!EVICTION_SIGNALS.contains(signal)) {
                        v.error("valid keys for evictionSoftGracePeriod are " + signalList());
                        return;
                    }
                    v.asString().ifPresent(text -> {
                        try {
                            if (Durations.parseGo(text).isNegative()) {
                                v.error("a grace period must not be negative, got \"" + text + "\"");
                                return;
                            }
                            out.put(signal, text);
                        } catch (IllegalArgumentException e) {
                            v.error(e.getMessage());
                        }
                    });
                }));
        return out;
    }

    private static String signalList() {
        return "['" + String.join("','", EVICTION_SIGNALS) + "']";
    }
}
