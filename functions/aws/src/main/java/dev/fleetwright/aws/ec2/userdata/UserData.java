package dev.fleetwright.aws.ec2.userdata;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.fleetwright.core.api.AmiFamily;
import dev.fleetwright.core.api.KubeletConfiguration;
import dev.fleetwright.core.api.corev1.Taint;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Generates the user data of a node (plain text; the launch template base64-encodes it) for its AMI family, merged with
 * the EC2NodeClass's {@code spec.userData} as Karpenter merges it ([A] pkg/providers/amifamily/bootstrap):
 *
 * <ul>
 *   <li><b>AL2</b> ({@code eksbootstrap.go}): a MIME archive whose first parts are the user's (a MIME archive's parts
 *       with their headers, or a plain script as one shell part) and whose last part runs {@code
 *       /etc/eks/bootstrap.sh} with {@code --apiserver-endpoint}, {@code --b64-cluster-ca}, {@code --ip-family ipv6}
 *       for an IPv6 cluster DNS, {@code --dns-cluster-ip}, {@code --use-max-pods false}, {@code --kubelet-extra-args}
 *       ({@code --node-labels}, {@code --register-with-taints}, {@code --max-pods}, {@code --pods-per-core}, reserved
 *       resources, eviction thresholds, image GC thresholds, CPU CFS quota) and {@code --local-disks raid0}.
 *   <li><b>AL2023</b> ({@code nodeadm.go}): a MIME archive of the user's parts (a MIME archive's parts; else a YAML
 *       mapping as a {@code NodeConfig} part, or a script as a shell part) followed by the generated {@code NodeConfig};
 *       nodeadm merges NodeConfigs in order, so the generated values win. Labels go to {@code kubelet.flags} as {@code
 *       --node-labels}, taints to {@code kubelet.config.registerWithTaints}, the kubelet settings to {@code
 *       kubelet.config}.
 *   <li><b>Bottlerocket</b> ({@code bottlerocket.go}): the user's TOML with {@code settings.kubernetes} updated:
 *       {@code api-server}, {@code cluster-certificate}, {@code cluster-name}, {@code cluster-dns-ip} and {@code
 *       max-pods} set; {@code node-labels} merged (generated labels win); {@code node-taints} replaced; {@code
 *       kube-reserved}, {@code system-reserved}, {@code eviction-hard}, image GC thresholds and {@code
 *       cpu-cfs-quota-enforced} set when the EC2NodeClass sets them; RAID0 adds the {@code
 *       000-mount-instance-storage} bootstrap command.
 *   <li><b>Custom</b>: the user's data unchanged.
 * </ul>
 */
public final class UserData {

    private static final String NODE_CONFIG_API_VERSION = "node.eks.aws/v1alpha1";

    private UserData() {}

    /**
     * The user data for a family.
     *
     * @param family the AMI family
     * @param options what the node needs
     * @return the user data, not base64-encoded
     * @throws UserDataException naming {@code spec.userData} when the user's data cannot be merged, or the setting that
     *     is missing (AL2023 needs the service CIDR)
     */
    public static String generate(AmiFamily family, BootstrapOptions options) {
        return switch (family) {
            case AL2 -> al2(options);
            case AL2023 -> al2023(options);
            case BOTTLEROCKET -> bottlerocket(options);
            case CUSTOM -> options.userData();
            case WINDOWS2019, WINDOWS2022 ->
                throw new UserDataException("spec.amiFamily: " + family + " user data is not supported");
        };
    }

    /** AL2: the user's parts, then the {@code bootstrap.sh} part. */
    static String al2(BootstrapOptions o) {
        List<MimeArchive.Part> parts = new ArrayList<>(userParts(o.userData(), false));
        parts.add(MimeArchive.Part.of(MimeArchive.SHELL_SCRIPT, bootstrapScript(o)));
        return MimeArchive.write(parts);
    }

    /** AL2023: the user's parts, then the generated {@code NodeConfig}. */
    static String al2023(BootstrapOptions o) {
        if (o.serviceCidr() == null) {
            throw new UserDataException("serviceCidr: the cluster's service CIDR is unknown; AL2023 nodes (nodeadm)"
                    + " need it, so the adapter settings must carry it");
        }
        List<MimeArchive.Part> parts = new ArrayList<>(userParts(o.userData(), true));
        parts.add(MimeArchive.Part.of(MimeArchive.NODE_CONFIG, "# Fleetwright generated NodeConfig\n" + nodeConfig(o)));
        return MimeArchive.write(parts);
    }

    /** Bottlerocket: the user's TOML with the Kubernetes settings applied. */
    static String bottlerocket(BootstrapOptions o) {
        Map<String, Object> root = parseToml(o.userData());
        Map<String, Object> settings = table(root, "settings", "settings");
        Map<String, Object> kubernetes = table(settings, "kubernetes", "settings.kubernetes");
        KubeletConfiguration k = o.kubelet();
        kubernetes.put("api-server", o.clusterEndpoint());
        kubernetes.put("cluster-certificate", o.certificateAuthority());
        kubernetes.put("cluster-name", o.clusterName());
        if (!k.clusterDNS().isEmpty()) {
            kubernetes.put(
                    "cluster-dns-ip",
                    k.clusterDNS().size() == 1 ? k.clusterDNS().get(0) : List.copyOf(k.clusterDNS()));
        }
        Map<String, Object> labels = table(kubernetes, "node-labels", "settings.kubernetes.node-labels");
        labels.putAll(o.labels());
        Map<String, Object> taints = new TreeMap<>();
        for (Taint t : o.taints()) {
            @SuppressWarnings("unchecked") // built here as lists of strings
            List<Object> values = (List<Object>) taints.computeIfAbsent(t.key(), key -> new ArrayList<>());
            values.add(t.value() + ":" + t.effect().wireName());
        }
        kubernetes.put("node-taints", taints);
        if (k.maxPods() != null) {
            kubernetes.put("max-pods", (long) k.maxPods());
        }
        putMap(kubernetes, "kube-reserved", k.kubeReserved());
        putMap(kubernetes, "system-reserved", k.systemReserved());
        putMap(kubernetes, "eviction-hard", k.evictionHard());
        if (k.imageGCHighThresholdPercent() != null) {
            kubernetes.put("image-gc-high-threshold-percent", String.valueOf(k.imageGCHighThresholdPercent()));
        }
        if (k.imageGCLowThresholdPercent() != null) {
            kubernetes.put("image-gc-low-threshold-percent", String.valueOf(k.imageGCLowThresholdPercent()));
        }
        if (k.cpuCFSQuota() != null) {
            kubernetes.put("cpu-cfs-quota-enforced", k.cpuCFSQuota());
        }
        if (o.raid0()) {
            Map<String, Object> commands = table(settings, "bootstrap-commands", "settings.bootstrap-commands");
            Map<String, Object> mount = new TreeMap<>();
            mount.put(
                    "commands",
                    List.of(
                            List.of("apiclient", "ephemeral-storage", "init"),
                            List.of(
                                    "apiclient",
                                    "ephemeral-storage",
                                    "bind",
                                    "--dirs",
                                    "/var/lib/containerd",
                                    "/var/lib/kubelet",
                                    "/var/log/pods")));
            mount.put("essential", true);
            mount.put("mode", "always");
            commands.put("000-mount-instance-storage", mount);
        }
        return TomlWriter.write(root);
    }

    /** The bootstrap.sh script of AL2 ([A] eksbootstrap.go {@code eksBootstrapScript}). */
    static String bootstrapScript(BootstrapOptions o) {
        KubeletConfiguration k = o.kubelet();
        StringBuilder sb = new StringBuilder();
        sb.append("#!/bin/bash -xe\n");
        sb.append("exec > >(tee /var/log/user-data.log|logger -t user-data -s 2>/dev/console) 2>&1\n");
        sb.append("/etc/eks/bootstrap.sh '")
                .append(o.clusterName())
                .append("' --apiserver-endpoint '")
                .append(o.clusterEndpoint())
                .append("' --b64-cluster-ca '")
                .append(o.certificateAuthority())
                .append('\'');
        if (!k.clusterDNS().isEmpty() && isIpv6(k.clusterDNS().get(0))) {
            sb.append(" \\\n--ip-family ipv6");
        }
        if (!k.clusterDNS().isEmpty()) {
            sb.append(" \\\n--dns-cluster-ip '").append(k.clusterDNS().get(0)).append('\'');
        }
        if (k.maxPods() != null) {
            sb.append(" \\\n--use-max-pods false");
        }
        List<String> args = kubeletExtraArgs(o);
        if (!args.isEmpty()) {
            sb.append(" \\\n--kubelet-extra-args '")
                    .append(String.join(" ", args))
                    .append('\'');
        }
        if (o.raid0()) {
            sb.append(" \\\n--local-disks raid0");
        }
        return sb.toString();
    }

    /** The kubelet flags of AL2, in Karpenter's order ([A] bootstrap.go {@code kubeletExtraArgs}); maps sorted. */
    static List<String> kubeletExtraArgs(BootstrapOptions o) {
        KubeletConfiguration k = o.kubelet();
        List<String> args = new ArrayList<>();
        nodeLabelArg(o).ifPresent(args::add);
        args.add("--register-with-taints=" + GoQuote.quote(String.join(",", taintStrings(o.taints()))));
        if (k.maxPods() != null) {
            args.add("--max-pods=" + k.maxPods());
        }
        if (k.podsPerCore() != null) {
            args.add("--pods-per-core=" + k.podsPerCore());
        }
        joined("--system-reserved", k.systemReserved(), "=").ifPresent(args::add);
        joined("--kube-reserved", k.kubeReserved(), "=").ifPresent(args::add);
        joined("--eviction-hard", k.evictionHard(), "<").ifPresent(args::add);
        joined("--eviction-soft", k.evictionSoft(), "<").ifPresent(args::add);
        joined("--eviction-soft-grace-period", k.evictionSoftGracePeriod(), "=").ifPresent(args::add);
        if (k.evictionMaxPodGracePeriod() != null) {
            args.add("--eviction-max-pod-grace-period=" + k.evictionMaxPodGracePeriod());
        }
        if (k.imageGCHighThresholdPercent() != null) {
            args.add("--image-gc-high-threshold=" + k.imageGCHighThresholdPercent());
        }
        if (k.imageGCLowThresholdPercent() != null) {
            args.add("--image-gc-low-threshold=" + k.imageGCLowThresholdPercent());
        }
        if (k.cpuCFSQuota() != null) {
            args.add("--cpu-cfs-quota=" + k.cpuCFSQuota());
        }
        return args;
    }

    /** The AL2023 {@code NodeConfig} document ([A] nodeadm.go {@code getNodeConfigYAML}). */
    static String nodeConfig(BootstrapOptions o) {
        Map<String, Object> cluster = new LinkedHashMap<>();
        cluster.put("apiServerEndpoint", o.clusterEndpoint());
        cluster.put("certificateAuthority", o.certificateAuthority());
        cluster.put("cidr", o.serviceCidr());
        cluster.put("name", o.clusterName());
        Map<String, Object> kubelet = new LinkedHashMap<>();
        kubelet.put("config", kubeletConfig(o));
        nodeLabelArg(o).ifPresent(arg -> kubelet.put("flags", List.of(arg)));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("cluster", cluster);
        if (o.raid0()) {
            spec.put("instance", Map.of("localStorage", Map.of("strategy", "RAID0")));
        }
        spec.put("kubelet", kubelet);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("apiVersion", NODE_CONFIG_API_VERSION);
        doc.put("kind", "NodeConfig");
        doc.put("spec", spec);
        return YamlWriter.write(doc);
    }

    /** The kubelet configuration fields of a NodeConfig, by their KubeletConfiguration names, sorted. */
    private static Map<String, Object> kubeletConfig(BootstrapOptions o) {
        KubeletConfiguration k = o.kubelet();
        Map<String, Object> c = new TreeMap<>();
        if (!k.clusterDNS().isEmpty()) {
            c.put("clusterDNS", List.copyOf(k.clusterDNS()));
        }
        putIfSet(c, "cpuCFSQuota", k.cpuCFSQuota());
        putMap(c, "evictionHard", k.evictionHard());
        putIfSet(c, "evictionMaxPodGracePeriod", k.evictionMaxPodGracePeriod());
        putMap(c, "evictionSoft", k.evictionSoft());
        putMap(c, "evictionSoftGracePeriod", k.evictionSoftGracePeriod());
        putIfSet(c, "imageGCHighThresholdPercent", k.imageGCHighThresholdPercent());
        putIfSet(c, "imageGCLowThresholdPercent", k.imageGCLowThresholdPercent());
        putMap(c, "kubeReserved", k.kubeReserved());
        putIfSet(c, "maxPods", k.maxPods());
        putIfSet(c, "podsPerCore", k.podsPerCore());
        List<Map<String, Object>> taints = new ArrayList<>();
        for (Taint t : o.taints()) {
            Map<String, Object> taint = new LinkedHashMap<>();
            taint.put("effect", t.effect().wireName());
            taint.put("key", t.key());
            if (!t.value().isEmpty()) {
                taint.put("value", t.value());
            }
            taints.add(taint);
        }
        if (!taints.isEmpty()) {
            c.put("registerWithTaints", taints);
        }
        putMap(c, "systemReserved", k.systemReserved());
        return c;
    }

    /**
     * The user's data as MIME parts: a MIME archive's own parts (AL2 keeps every header, AL2023 only the content type,
     * as Karpenter); otherwise one part, a {@code NodeConfig} when {@code detectNodeConfig} and the text is a YAML
     * mapping, else a shell script.
     */
    private static List<MimeArchive.Part> userParts(String userData, boolean detectNodeConfig) {
        if (userData.isEmpty()) {
            return List.of();
        }
        if (MimeArchive.isMime(userData)) {
            List<MimeArchive.Part> parts;
            try {
                parts = MimeArchive.parse(userData);
            } catch (IllegalArgumentException e) {
                throw new UserDataException("spec.userData: " + e.getMessage(), e);
            }
            if (!detectNodeConfig) {
                return parts;
            }
            return parts.stream()
                    .map(p -> MimeArchive.Part.of(p.contentType(), p.content()))
                    .toList();
        }
        if (detectNodeConfig && isYamlMapping(userData)) {
            return List.of(MimeArchive.Part.of(MimeArchive.NODE_CONFIG, userData));
        }
        return List.of(MimeArchive.Part.of(MimeArchive.SHELL_SCRIPT, userData));
    }

    private static boolean isYamlMapping(String text) {
        try {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
            return doc instanceof Map<?, ?>;
        } catch (YAMLException e) {
            return false;
        }
    }

    private static java.util.Optional<String> nodeLabelArg(BootstrapOptions o) {
        if (o.labels().isEmpty()) {
            return java.util.Optional.empty();
        }
        List<String> pairs = new ArrayList<>();
        o.labels().forEach((k, v) -> pairs.add(k + "=" + v));
        return java.util.Optional.of("--node-labels=" + GoQuote.quote(String.join(",", pairs)));
    }

    private static List<String> taintStrings(List<Taint> taints) {
        return taints.stream().map(Taint::toString).toList();
    }

    private static java.util.Optional<String> joined(String flag, Map<String, String> values, String separator) {
        if (values.isEmpty()) {
            return java.util.Optional.empty();
        }
        List<String> pairs = new ArrayList<>();
        new TreeMap<>(values).forEach((k, v) -> pairs.add(k + separator + v));
        return java.util.Optional.of(flag + "=" + GoQuote.quote(String.join(",", pairs)));
    }

    private static boolean isIpv6(String ip) {
        if (!ip.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(ip).getAddress().length == 16;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static void putMap(Map<String, Object> map, String key, Map<String, String> value) {
        if (!value.isEmpty()) {
            map.put(key, new TreeMap<>(value));
        }
    }

    /** The table {@code key} of {@code parent}, created when absent. */
    @SuppressWarnings("unchecked") // parsed and built trees hold String-keyed maps
    private static Map<String, Object> table(Map<String, Object> parent, String key, String path) {
        Object existing = parent.get(key);
        if (existing == null) {
            Map<String, Object> created = new TreeMap<>();
            parent.put(key, created);
            return created;
        }
        if (existing instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new UserDataException("spec.userData: " + path + " must be a TOML table, got " + existing);
    }

    /** Parses TOML into mutable sorted maps, lists, strings, numbers and booleans. */
    static Map<String, Object> parseToml(String text) {
        if (text.isBlank()) {
            return new TreeMap<>();
        }
        JsonNode tree;
        try {
            tree = new TomlMapper().readTree(text);
        } catch (JacksonException e) {
            throw new UserDataException("spec.userData: not valid TOML: " + e.getOriginalMessage(), e);
        }
        Object converted = convert(tree);
        if (!(converted instanceof Map<?, ?>)) {
            throw new UserDataException("spec.userData: not a TOML document");
        }
        @SuppressWarnings("unchecked") // convert() builds String-keyed maps
        Map<String, Object> root = (Map<String, Object>) converted;
        return root;
    }

    private static Object convert(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                map.put(e.getKey(), convert(e.getValue()));
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(convert(item)));
            return list;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isNull()) {
            return null;
        }
        return node.asText();
    }

    /** Base64 of UTF-8 bytes, as EC2 wants launch template user data. */
    public static String base64(String userData) {
        return Base64.getEncoder().encodeToString(userData.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
