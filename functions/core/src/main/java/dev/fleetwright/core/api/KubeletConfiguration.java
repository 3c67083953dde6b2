package dev.fleetwright.core.api;

import java.util.List;
import java.util.Map;

/**
 * Kubelet overrides of an EC2NodeClass ({@code spec.kubelet}, [A] pkg/apis/v1/ec2nodeclass.go {@code
 * KubeletConfiguration}). Every field is optional (null or empty when unset); quantities stay as written and are
 * validated by the loader.
 *
 * @param clusterDNS cluster DNS server IPs
 * @param maxPods fixed pod capacity per node, overriding the ENI-limited default; null when unset
 * @param podsPerCore pods per vCPU, applied as {@code min(podsPerCore × vCPU, maxPods)}; null when unset
 * @param systemReserved resources reserved for the OS: keys {@code cpu, memory, ephemeral-storage, pid}
 * @param kubeReserved resources reserved for Kubernetes daemons: keys {@code cpu, memory, ephemeral-storage, pid};
 *     keys not given use Karpenter's defaults
 * @param evictionHard hard eviction thresholds, signal to quantity or percentage (e.g. {@code memory.available:
 *     100Mi}, {@code nodefs.available: 10%})
 * @param evictionSoft soft eviction thresholds, same shape
 * @param evictionSoftGracePeriod grace period per soft signal, as a Go duration string
 * @param evictionMaxPodGracePeriod seconds; null when unset
 * @param imageGCHighThresholdPercent 0..100; null when unset
 * @param imageGCLowThresholdPercent 0..100, below the high threshold; null when unset
 * @param cpuCFSQuota whether CPU CFS quota is enforced; null when unset
 */
public record KubeletConfiguration(
        List<String> clusterDNS,
        Integer maxPods,
        Integer podsPerCore,
        Map<String, String> systemReserved,
        Map<String, String> kubeReserved,
        Map<String, String> evictionHard,
        Map<String, String> evictionSoft,
        Map<String, String> evictionSoftGracePeriod,
        Integer evictionMaxPodGracePeriod,
        Integer imageGCHighThresholdPercent,
        Integer imageGCLowThresholdPercent,
        Boolean cpuCFSQuota) {

    /** No overrides. */
    public static final KubeletConfiguration DEFAULT =
            new KubeletConfiguration(null, null, null, null, null, null, null, null, null, null, null, null);

    /** Copies collections; nulls become empty. */
    public KubeletConfiguration {
        clusterDNS = clusterDNS == null ? List.of() : List.copyOf(clusterDNS);
        systemReserved = systemReserved == null ? Map.of() : Map.copyOf(systemReserved);
        kubeReserved = kubeReserved == null ? Map.of() : Map.copyOf(kubeReserved);
        evictionHard = evictionHard == null ? Map.of() : Map.copyOf(evictionHard);
        evictionSoft = evictionSoft == null ? Map.of() : Map.copyOf(evictionSoft);
        evictionSoftGracePeriod = evictionSoftGracePeriod == null ? Map.of() : Map.copyOf(evictionSoftGracePeriod);
    }
}
