package dev.fleetwright.simulator;

import dev.fleetwright.core.api.AmiSelectorTerm;
import dev.fleetwright.core.api.Budget;
import dev.fleetwright.core.api.Disruption;
import dev.fleetwright.core.api.Ec2NodeClass;
import dev.fleetwright.core.api.Ec2NodeClassSpec;
import dev.fleetwright.core.api.KubeletConfiguration;
import dev.fleetwright.core.api.MetadataOptions;
import dev.fleetwright.core.api.NodeClaimTemplateSpec;
import dev.fleetwright.core.api.NodePool;
import dev.fleetwright.core.api.corev1.NodeSelectorRequirement;
import dev.fleetwright.core.api.corev1.Quantity;
import dev.fleetwright.core.api.corev1.Taint;
import dev.fleetwright.core.api.load.LoadResult;
import dev.fleetwright.core.api.load.SkippedDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The human-readable summary {@code fleetwright validate} prints for a valid configuration. */
final class ConfigSummary {

    private static final String INDENT = "    ";
    private static final int LABEL_WIDTH = 28;

    private ConfigSummary() {}

    /** The summary: NodePools in scheduling order, then EC2NodeClasses, then skipped documents. */
    static String format(LoadResult result) {
        StringBuilder sb = new StringBuilder();
        List<NodePool> pools = new ArrayList<>(result.nodePools());
        pools.sort(NodePool.BY_WEIGHT_THEN_NAME);
        sb.append("NodePools (").append(pools.size()).append(", in scheduling order)\n");
        for (NodePool pool : pools) {
            nodePool(sb, pool);
        }
        sb.append('\n')
                .append("EC2NodeClasses (")
                .append(result.nodeClasses().size())
                .append(")\n");
        for (Ec2NodeClass nodeClass : result.nodeClasses()) {
            nodeClass(sb, nodeClass);
        }
        if (!result.skipped().isEmpty()) {
            sb.append('\n').append("Skipped (not NodePools or EC2NodeClasses)\n");
            for (SkippedDocument d : result.skipped()) {
                sb.append("  ").append(d).append('\n');
            }
        }
        return sb.toString();
    }

    private static void nodePool(StringBuilder sb, NodePool pool) {
        NodeClaimTemplateSpec t = pool.spec().template().spec();
        sb.append("  ").append(pool.name()).append('\n');
        line(
                sb,
                "weight",
                pool.spec().weight() == null
                        ? "unset (0)"
                        : pool.spec().weight().toString());
        line(sb, "nodeClassRef", t.nodeClassRef().toString());
        lines(
                sb,
                "requirements",
                t.requirements().stream().map(NodeSelectorRequirement::toString).toList());
        lines(sb, "labels", entries(pool.spec().template().labels()));
        lines(sb, "taints", t.taints().stream().map(Taint::toString).toList());
        lines(
                sb,
                "startupTaints",
                t.startupTaints().stream().map(Taint::toString).toList());
        line(sb, "limits", pool.spec().limits().toString());
        Disruption d = pool.spec().disruption();
        line(sb, "disruption", d.consolidationPolicy() + ", consolidateAfter " + d.consolidateAfter());
        lines(
                sb,
                "budgets",
                d.budgets().isEmpty()
                        ? List.of("none (no limit)")
                        : d.budgets().stream().map(Budget::toString).toList());
        line(sb, "expireAfter", t.expireAfter().toString());
        line(
                sb,
                "terminationGracePeriod",
                t.terminationGracePeriod().isNever()
                        ? "unset (wait for pods forever)"
                        : t.terminationGracePeriod().toString());
    }

    private static void nodeClass(StringBuilder sb, Ec2NodeClass nodeClass) {
        Ec2NodeClassSpec s = nodeClass.spec();
        sb.append("  ").append(nodeClass.name()).append('\n');
        line(sb, "amiFamily", s.amiFamily().wireName());
        lines(
                sb,
                "amiSelectorTerms",
                s.amiSelectorTerms().stream().map(AmiSelectorTerm::toString).toList());
        line(sb, s.role().isEmpty() ? "instanceProfile" : "role", s.role().isEmpty() ? s.instanceProfile() : s.role());
        lines(
                sb,
                "subnetSelectorTerms",
                s.subnetSelectorTerms().stream().map(Object::toString).toList());
        lines(
                sb,
                "securityGroupSelectorTerms",
                s.securityGroupSelectorTerms().stream().map(Object::toString).toList());
        if (!s.capacityReservationSelectorTerms().isEmpty()) {
            lines(
                    sb,
                    "capacityReservations",
                    s.capacityReservationSelectorTerms().stream()
                            .map(Object::toString)
                            .toList());
        }
        List<String> volumes = s.effectiveBlockDeviceMappings().stream()
                .map(Object::toString)
                .collect(Collectors.toCollection(ArrayList::new));
        if (s.blockDeviceMappings().isEmpty()) {
            volumes = volumes.isEmpty()
                    ? new ArrayList<>(List.of("the AMI's own (Custom family)"))
                    : volumes.stream()
                            .map(v -> v + " (" + s.amiFamily() + " default)")
                            .collect(Collectors.toCollection(ArrayList::new));
        }
        volumes.add("ephemeral storage " + Quantity.formatBytes(s.ephemeralVolumeSizeBytes())
                + (s.instanceStorePolicy() == null
                        ? ""
                        : " (instance store with " + s.instanceStorePolicy() + " where available)"));
        lines(sb, "volumes", volumes);
        lines(sb, "kubelet", kubelet(s.kubelet()));
        MetadataOptions m = s.metadataOptions();
        line(
                sb,
                "metadataOptions",
                "endpoint " + m.httpEndpoint() + ", IPv6 " + m.httpProtocolIpv6() + ", hop limit "
                        + m.httpPutResponseHopLimit() + ", tokens " + m.httpTokens());
        if (!s.tags().isEmpty()) {
            lines(sb, "tags", entries(s.tags()));
        }
        if (!s.userData().isEmpty()) {
            line(sb, "userData", s.userData().lines().count() + " lines, merged with the generated bootstrap");
        }
    }

    private static List<String> kubelet(KubeletConfiguration k) {
        List<String> out = new ArrayList<>();
        if (k.maxPods() != null) {
            out.add("maxPods " + k.maxPods());
        }
        if (k.podsPerCore() != null) {
            out.add("podsPerCore " + k.podsPerCore());
        }
        if (!k.clusterDNS().isEmpty()) {
            out.add("clusterDNS " + String.join(", ", k.clusterDNS()));
        }
        addMap(out, "systemReserved", k.systemReserved());
        addMap(out, "kubeReserved", k.kubeReserved());
        addMap(out, "evictionHard", k.evictionHard());
        addMap(out, "evictionSoft", k.evictionSoft());
        addMap(out, "evictionSoftGracePeriod", k.evictionSoftGracePeriod());
        if (k.evictionMaxPodGracePeriod() != null) {
            out.add("evictionMaxPodGracePeriod " + k.evictionMaxPodGracePeriod() + "s");
        }
        if (k.imageGCHighThresholdPercent() != null || k.imageGCLowThresholdPercent() != null) {
            out.add("imageGC thresholds high " + k.imageGCHighThresholdPercent() + "%, low "
                    + k.imageGCLowThresholdPercent() + "%");
        }
        if (k.cpuCFSQuota() != null) {
            out.add("cpuCFSQuota " + k.cpuCFSQuota());
        }
        return out.isEmpty() ? List.of("defaults") : out;
    }

    private static void addMap(List<String> out, String name, Map<String, String> map) {
        if (!map.isEmpty()) {
            out.add(name + " " + String.join(", ", entries(map)));
        }
    }

    private static List<String> entries(Map<String, String> map) {
        List<String> out = new ArrayList<>();
        new TreeMap<>(map).forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }

    private static void line(StringBuilder sb, String label, String value) {
        sb.append(INDENT).append(pad(label)).append(value).append('\n');
    }

    private static void lines(StringBuilder sb, String label, List<String> values) {
        if (values.isEmpty()) {
            line(sb, label, "none");
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            line(sb, i == 0 ? label : "", values.get(i));
        }
    }

    private static String pad(String label) {
        return label.length() >= LABEL_WIDTH ? label + " " : label + " ".repeat(LABEL_WIDTH - label.length());
    }
}
