package dev.fleetwright.interruption;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The interruption function's settings, read once at init from the environment the contract lists
 * ({@code docs/design/lambda-functions.md}, "Environment").
 *
 * @param clusters the EKS clusters this stack serves ({@code FLEETWRIGHT_CLUSTERS}, comma-separated); not empty
 * @param nodeClaimsTable the NodeClaims table ({@code NODECLAIMS_TABLE})
 * @param stateTable the state table ({@code STATE_TABLE})
 * @param provisioningQueueUrl where provisioning requests go ({@code PROVISIONING_QUEUE_URL})
 * @param interruptionQueueUrl where drain continuations go ({@code INTERRUPTION_QUEUE_URL})
 * @param drainPass how long one invocation spends on one drain before continuing later ({@code
 *     FLEETWRIGHT_DRAIN_PASS_SECONDS}, default 20 s); 1 s to 900 s
 * @param region the AWS region ({@code AWS_REGION}, set by Lambda)
 * @param metricsNamespace the CloudWatch namespace of the EMF metrics ({@code POWERTOOLS_METRICS_NAMESPACE}, default
 *     {@value #DEFAULT_METRICS_NAMESPACE})
 */
public record InterruptionSettings(
        List<String> clusters,
        String nodeClaimsTable,
        String stateTable,
        String provisioningQueueUrl,
        String interruptionQueueUrl,
        Duration drainPass,
        String region,
        String metricsNamespace) {

    /** The default drain pass: 20 seconds. */
    public static final Duration DEFAULT_DRAIN_PASS = Duration.ofSeconds(20);

    /** The namespace of Fleetwright's metrics unless the environment names another. */
    public static final String DEFAULT_METRICS_NAMESPACE = "Fleetwright";

    /** The longest drain pass: SQS cannot delay a continuation longer, and Lambda runs at most 15 minutes. */
    public static final Duration MAX_DRAIN_PASS = Duration.ofSeconds(900);

    /**
     * @throws IllegalArgumentException naming the setting when a value is blank, the cluster list is empty or the drain
     *     pass is out of range
     */
    public InterruptionSettings {
        Objects.requireNonNull(clusters, "clusters");
        clusters = List.copyOf(clusters);
        if (clusters.isEmpty()) {
            throw new IllegalArgumentException("FLEETWRIGHT_CLUSTERS: must name at least one EKS cluster");
        }
        required("NODECLAIMS_TABLE", nodeClaimsTable);
        required("STATE_TABLE", stateTable);
        required("PROVISIONING_QUEUE_URL", provisioningQueueUrl);
        required("INTERRUPTION_QUEUE_URL", interruptionQueueUrl);
        required("AWS_REGION", region);
        required("POWERTOOLS_METRICS_NAMESPACE", metricsNamespace);
        Objects.requireNonNull(drainPass, "drainPass");
        if (drainPass.compareTo(Duration.ofSeconds(1)) < 0 || drainPass.compareTo(MAX_DRAIN_PASS) > 0) {
            throw new IllegalArgumentException(
                    "FLEETWRIGHT_DRAIN_PASS_SECONDS: must be 1 to 900 seconds, got " + drainPass.toSeconds());
        }
    }

    /**
     * Reads the settings from an environment.
     *
     * @param env the environment, for example {@code System.getenv()}
     * @return the settings
     * @throws IllegalArgumentException naming the variable that is missing or malformed
     */
    public static InterruptionSettings fromEnvironment(Map<String, String> env) {
        List<String> clusters = new ArrayList<>();
        for (String c : env.getOrDefault("FLEETWRIGHT_CLUSTERS", "").split(",")) {
            if (!c.isBlank()) {
                clusters.add(c.strip());
            }
        }
        String pass = env.get("FLEETWRIGHT_DRAIN_PASS_SECONDS");
        Duration drainPass = DEFAULT_DRAIN_PASS;
        if (pass != null && !pass.isBlank()) {
            try {
                drainPass = Duration.ofSeconds(Long.parseLong(pass.strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "FLEETWRIGHT_DRAIN_PASS_SECONDS: \"" + pass + "\" is not a whole number of seconds", e);
            }
        }
        String namespace = env.get("POWERTOOLS_METRICS_NAMESPACE");
        return new InterruptionSettings(
                clusters,
                env.get("NODECLAIMS_TABLE"),
                env.get("STATE_TABLE"),
                env.get("PROVISIONING_QUEUE_URL"),
                env.get("INTERRUPTION_QUEUE_URL"),
                drainPass,
                env.get("AWS_REGION"),
                namespace == null || namespace.isBlank() ? DEFAULT_METRICS_NAMESPACE : namespace.strip());
    }

    /** Whether this stack serves the cluster. */
    public boolean serves(String cluster) {
        return clusters.contains(cluster);
    }

    private static void required(String variable, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(variable + ": must be set");
        }
    }
}
