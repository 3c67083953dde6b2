package dev.fleetwright.provisioner;

import dev.fleetwright.aws.dynamodb.NodeClaimTableSettings;
import dev.fleetwright.aws.dynamodb.StateTableSettings;
import dev.fleetwright.aws.ec2.Ec2AdapterSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The provisioner function's settings, read once at init from the environment ({@code docs/design/lambda-functions.md}
 * lists the variables) and passed to every adapter; nothing else reads the environment.
 *
 * @param clusters the EKS cluster names this stack serves ({@code FLEETWRIGHT_CLUSTERS}), in the order given, without
 *     duplicates; at least one, each an EKS cluster name
 * @param nodeClaims the NodeClaims table ({@code NODECLAIMS_TABLE})
 * @param stateTable the state table: lease and unavailable offerings ({@code STATE_TABLE})
 * @param optimizeCost whether the planner may choose a cheaper plan than Karpenter's rule ({@code
 *     FLEETWRIGHT_OPTIMIZE_COST}, default true)
 * @param leaseDuration how long the per-cluster planner lease lasts ({@code FLEETWRIGHT_LEASE_SECONDS}, default 120
 *     s); 1 s to {@link #MAX_LEASE}
 * @param maxRounds planning rounds per reconcile when launches hit insufficient capacity, at least 1 (not an environment
 *     variable: {@link #DEFAULT_MAX_ROUNDS})
 * @param region the AWS region of the stack and its clusters ({@code AWS_REGION}, set by Lambda)
 * @param metricsNamespace the CloudWatch namespace of the EMF metrics ({@code POWERTOOLS_METRICS_NAMESPACE}, default
 *     {@value #DEFAULT_METRICS_NAMESPACE})
 * @param ssmParameterRoot where the public AMI parameters live: {@value Ec2AdapterSettings#AWS_SSM_PARAMETER_ROOT} on
 *     AWS; tests against local engines use a root they seeded (not an environment variable)
 * @param nodeKubernetesVersion the Kubernetes version {@code major.minor} whose AMIs EC2NodeClass aliases resolve to
 *     ({@code FLEETWRIGHT_NODE_KUBERNETES_VERSION}); empty, the default, for each cluster's own version. See {@link
 *     #nodeKubernetesVersion(String, String)} for the rule it must meet
 */
public record ProvisionerSettings(
        List<String> clusters,
        NodeClaimTableSettings nodeClaims,
        StateTableSettings stateTable,
        boolean optimizeCost,
        Duration leaseDuration,
        int maxRounds,
        String region,
        String metricsNamespace,
        String ssmParameterRoot,
        String nodeKubernetesVersion) {

    /** Comma-separated EKS cluster names this stack serves. */
    public static final String FLEETWRIGHT_CLUSTERS = "FLEETWRIGHT_CLUSTERS";

    /** The NodeClaims table name. */
    public static final String NODECLAIMS_TABLE = "NODECLAIMS_TABLE";

    /** The state table name. */
    public static final String STATE_TABLE = "STATE_TABLE";

    /** {@code true} or {@code false}: whether the cost planner may beat Karpenter's rule. */
    public static final String FLEETWRIGHT_OPTIMIZE_COST = "FLEETWRIGHT_OPTIMIZE_COST";

    /** The planner lease duration in whole seconds. */
    public static final String FLEETWRIGHT_LEASE_SECONDS = "FLEETWRIGHT_LEASE_SECONDS";

    /** The CloudWatch namespace of the metrics. */
    public static final String POWERTOOLS_METRICS_NAMESPACE = "POWERTOOLS_METRICS_NAMESPACE";

    /** Optional {@code major.minor}: the Kubernetes version of the AMIs aliases resolve to, for every cluster. */
    public static final String FLEETWRIGHT_NODE_KUBERNETES_VERSION = "FLEETWRIGHT_NODE_KUBERNETES_VERSION";

    /**
     * How many minor versions a kubelet may be older than the API server (Kubernetes version skew policy, from 1.28:
     * https://kubernetes.io/releases/version-skew-policy/#kubelet).
     */
    public static final int MAX_KUBELET_SKEW = 3;

    /** The region, set by Lambda. */
    public static final String AWS_REGION = "AWS_REGION";

    /** The lease when {@value #FLEETWRIGHT_LEASE_SECONDS} is unset. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(120);

    /**
     * The longest lease accepted: Lambda's maximum function timeout (15 minutes). A longer lease protects nothing, since
     * its holder is gone by then, and only delays the next planner after a crash.
     */
    public static final Duration MAX_LEASE = Duration.ofMinutes(15);

    /** Planning rounds per reconcile: the first plan and two re-plans after insufficient capacity. */
    public static final int DEFAULT_MAX_ROUNDS = 3;

    /** The namespace when {@value #POWERTOOLS_METRICS_NAMESPACE} is unset. */
    public static final String DEFAULT_METRICS_NAMESPACE = "Fleetwright";

    /** EKS's cluster name rule (CreateCluster {@code name}): 1..100 of {@code [A-Za-z0-9_-]}, starting alphanumeric. */
    private static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,99}");

    private static final Pattern KUBERNETES_VERSION = Pattern.compile("(\\d+)\\.(\\d+)");

    /**
     * @throws IllegalArgumentException naming the field and the rule when a value is invalid
     * @throws NullPointerException if a component is null
     */
    public ProvisionerSettings {
        Objects.requireNonNull(clusters, "clusters");
        if (clusters.isEmpty()) {
            throw new IllegalArgumentException("clusters: at least one cluster is required");
        }
        for (String c : clusters) {
            checkClusterName("clusters", c);
        }
        if (new LinkedHashSet<>(clusters).size() != clusters.size()) {
            throw new IllegalArgumentException("clusters: a cluster is listed twice in " + clusters);
        }
        clusters = List.copyOf(clusters);
        Objects.requireNonNull(nodeClaims, "nodeClaims");
        Objects.requireNonNull(stateTable, "stateTable");
        Objects.requireNonNull(leaseDuration, "leaseDuration");
        if (leaseDuration.compareTo(Duration.ofSeconds(1)) < 0 || leaseDuration.compareTo(MAX_LEASE) > 0) {
            throw new IllegalArgumentException(
                    "leaseDuration: must be between 1 s and " + MAX_LEASE.toSeconds() + " s, got " + leaseDuration);
        }
        if (maxRounds < 1) {
            throw new IllegalArgumentException("maxRounds: must be at least 1, got " + maxRounds);
        }
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("region: must not be blank");
        }
        if (metricsNamespace == null || metricsNamespace.isBlank()) {
            throw new IllegalArgumentException("metricsNamespace: must not be blank");
        }
        if (ssmParameterRoot == null || !ssmParameterRoot.startsWith("/")) {
            throw new IllegalArgumentException(
                    "ssmParameterRoot: must start with /, for example /aws/service, got " + ssmParameterRoot);
        }
        Objects.requireNonNull(nodeKubernetesVersion, "nodeKubernetesVersion");
        if (!nodeKubernetesVersion.isEmpty()
                && !KUBERNETES_VERSION.matcher(nodeKubernetesVersion).matches()) {
            throw new IllegalArgumentException("nodeKubernetesVersion: \"" + nodeKubernetesVersion
                    + "\" is not major.minor, for example 1.31 (or empty for each cluster's own version)");
        }
    }

    /**
     * The Kubernetes version whose AMIs a cluster's EC2NodeClass aliases resolve to: {@link #nodeKubernetesVersion()}
     * when set, else the control plane's. A pinned version must not be newer than the control plane, nor more than
     * {@value #MAX_KUBELET_SKEW} minor versions older (kubelets outside the skew policy are unsupported).
     *
     * @param cluster the cluster, for the error
     * @param controlPlaneVersion the cluster's version from {@code eks:DescribeCluster}, {@code major.minor}
     * @return the version to resolve AMIs for
     * @throws IllegalStateException naming {@value #FLEETWRIGHT_NODE_KUBERNETES_VERSION}, the cluster and the rule
     *     when the pinned version is outside the skew policy
     */
    public String nodeKubernetesVersion(String cluster, String controlPlaneVersion) {
        if (nodeKubernetesVersion.isEmpty()) {
            return controlPlaneVersion;
        }
        int[] node = parse(nodeKubernetesVersion);
        int[] control = parse(controlPlaneVersion);
        String rule = null;
        if (node[0] != control[0]) {
            rule = "has another major version than the control plane";
        } else if (node[1] > control[1]) {
            rule = "is newer than the control plane (kubelets must not be newer than the API server)";
        } else if (control[1] - node[1] > MAX_KUBELET_SKEW) {
            rule = "is more than " + MAX_KUBELET_SKEW + " minor versions older than the control plane (version skew"
                    + " policy)";
        }
        if (rule != null) {
            throw new IllegalStateException(FLEETWRIGHT_NODE_KUBERNETES_VERSION + " " + nodeKubernetesVersion + " "
                    + rule + " of cluster \"" + cluster + "\", which runs " + controlPlaneVersion);
        }
        return nodeKubernetesVersion;
    }

    private static int[] parse(String version) {
        java.util.regex.Matcher m = KUBERNETES_VERSION.matcher(version);
        if (!m.matches()) {
            throw new IllegalArgumentException("\"" + version + "\" is not a Kubernetes version major.minor");
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    /**
     * Reads the settings from an environment. Every invalid or missing variable is reported, each named with the rule
     * it breaks, in one exception.
     *
     * @param environment the environment, for example {@code System.getenv()}
     * @return the settings
     * @throws IllegalArgumentException listing every variable that is missing or invalid
     */
    public static ProvisionerSettings fromEnvironment(Map<String, String> environment) {
        Objects.requireNonNull(environment, "environment");
        List<String> problems = new ArrayList<>();

        List<String> clusters = new ArrayList<>();
        String clusterList = value(environment, FLEETWRIGHT_CLUSTERS);
        if (clusterList == null) {
            problems.add(FLEETWRIGHT_CLUSTERS + ": must be set to the comma-separated EKS cluster names this stack"
                    + " serves");
        } else {
            Set<String> seen = new LinkedHashSet<>();
            String[] parts = clusterList.split(",", -1);
            for (int i = 0; i < parts.length; i++) {
                String name = parts[i].strip();
                if (name.isEmpty()) {
                    problems.add(FLEETWRIGHT_CLUSTERS + ": entry " + (i + 1) + " of \"" + clusterList
                            + "\" is empty (no leading, trailing or doubled commas)");
                } else if (!CLUSTER_NAME.matcher(name).matches()) {
                    problems.add(FLEETWRIGHT_CLUSTERS + ": \"" + name + "\" is not an EKS cluster name (1 to 100 of"
                            + " letters, digits, '-' and '_', starting with a letter or digit)");
                } else if (!seen.add(name)) {
                    problems.add(FLEETWRIGHT_CLUSTERS + ": \"" + name + "\" is listed twice");
                } else {
                    clusters.add(name);
                }
            }
        }

        NodeClaimTableSettings nodeClaims = table(environment, NODECLAIMS_TABLE, problems, NodeClaimTableSettings::of);
        StateTableSettings state = table(environment, STATE_TABLE, problems, StateTableSettings::of);

        boolean optimizeCost = true;
        String optimize = value(environment, FLEETWRIGHT_OPTIMIZE_COST);
        if (optimize != null) {
            if (optimize.equalsIgnoreCase("true")) {
                optimizeCost = true;
            } else if (optimize.equalsIgnoreCase("false")) {
                optimizeCost = false;
            } else {
                problems.add(FLEETWRIGHT_OPTIMIZE_COST + ": must be true or false, got \"" + optimize + "\"");
            }
        }

        Duration lease = DEFAULT_LEASE;
        String leaseSeconds = value(environment, FLEETWRIGHT_LEASE_SECONDS);
        if (leaseSeconds != null) {
            long seconds = -1;
            try {
                seconds = Long.parseLong(leaseSeconds);
            } catch (NumberFormatException e) {
                // Reported below with the rule.
            }
            if (seconds < 1 || seconds > MAX_LEASE.toSeconds()) {
                problems.add(FLEETWRIGHT_LEASE_SECONDS + ": must be a whole number of seconds from 1 to "
                        + MAX_LEASE.toSeconds() + " (the longest Lambda timeout), got \"" + leaseSeconds + "\"");
            } else {
                lease = Duration.ofSeconds(seconds);
            }
        }

        String region = value(environment, AWS_REGION);
        if (region == null) {
            problems.add(AWS_REGION + ": must be set (Lambda sets it; set it yourself when running elsewhere)");
        }

        String namespace = value(environment, POWERTOOLS_METRICS_NAMESPACE);
        if (namespace == null) {
            namespace = DEFAULT_METRICS_NAMESPACE;
        }

        String nodeVersion = value(environment, FLEETWRIGHT_NODE_KUBERNETES_VERSION);
        if (nodeVersion == null) {
            nodeVersion = "";
        } else if (!KUBERNETES_VERSION.matcher(nodeVersion).matches()) {
            problems.add(FLEETWRIGHT_NODE_KUBERNETES_VERSION + ": must be major.minor, for example 1.31, or empty for"
                    + " each cluster's own version, got \"" + nodeVersion + "\"");
        }

        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid provisioner environment: " + String.join("; ", problems));
        }
        return new ProvisionerSettings(
                clusters,
                nodeClaims,
                state,
                optimizeCost,
                lease,
                DEFAULT_MAX_ROUNDS,
                region,
                namespace,
                Ec2AdapterSettings.AWS_SSM_PARAMETER_ROOT,
                nodeVersion);
    }

    /** Whether this stack serves {@code cluster}. */
    public boolean serves(String cluster) {
        return clusters.contains(cluster);
    }

    /** A copy that reads AMI parameters under {@code root} (tests against local engines, where {@code /aws} is refused). */
    public ProvisionerSettings withSsmParameterRoot(String root) {
        return new ProvisionerSettings(
                clusters,
                nodeClaims,
                stateTable,
                optimizeCost,
                leaseDuration,
                maxRounds,
                region,
                metricsNamespace,
                root,
                nodeKubernetesVersion);
    }

    private static String value(Map<String, String> environment, String name) {
        String v = environment.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static <T> T table(
            Map<String, String> environment,
            String variable,
            List<String> problems,
            java.util.function.Function<String, T> settings) {
        String name = value(environment, variable);
        if (name == null) {
            problems.add(variable + ": must be set to the table name");
            return null;
        }
        try {
            return settings.apply(name);
        } catch (IllegalArgumentException e) {
            problems.add(variable + ": " + e.getMessage());
            return null;
        }
    }

    private static void checkClusterName(String field, String name) {
        if (name == null || !CLUSTER_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(field + ": \"" + name
                    + "\" is not an EKS cluster name (1 to 100 of letters, digits, '-' and '_', starting with a letter"
                    + " or digit)");
        }
    }
}
