package dev.fleetwright.provisioner;

import java.util.List;
import java.util.Objects;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Where the handler reports what a reconcile did: one call per cluster and batch, so that every metric carries the
 * {@value #CLUSTER_DIMENSION} dimension. Production writes CloudWatch embedded metric format ({@link
 * EmfProvisioningMetrics}); tests record. Names follow Karpenter's where one exists ({@code docs/design/
 * lambda-functions.md}).
 */
@FunctionalInterface
public interface ProvisioningMetrics {

    /** The one dimension of every provisioner metric. */
    String CLUSTER_DIMENSION = "cluster";

    /** NodeClaims recorded (Karpenter's {@code karpenter_nodeclaims_created_total}). */
    String NODECLAIMS_CREATED = "karpenter_nodeclaims_created_total";

    /** NodeClaims whose instance EC2 returned (Karpenter's {@code karpenter_nodeclaims_launched_total}). */
    String NODECLAIMS_LAUNCHED = "karpenter_nodeclaims_launched_total";

    /** NodeClaims whose Node joined the cluster (Karpenter's {@code karpenter_nodeclaims_registered_total}). */
    String NODECLAIMS_REGISTERED = "karpenter_nodeclaims_registered_total";

    /** NodeClaims whose Node became Ready (Karpenter's {@code karpenter_nodeclaims_initialized_total}). */
    String NODECLAIMS_INITIALIZED = "karpenter_nodeclaims_initialized_total";

    /**
     * NodeClaims whose instance did not join within the registration TTL (15 minutes, Karpenter's liveness
     * controller); their instances were terminated and the NodeClaims marked Failed.
     */
    String REGISTRATION_TIMEOUTS = "fleetwright_nodeclaims_registration_timeouts_total";

    /** Wall time of planning in seconds (Karpenter's {@code karpenter_scheduler_scheduling_duration_seconds}). */
    String SCHEDULING_DURATION = "karpenter_scheduler_scheduling_duration_seconds";

    /** Pods no NodePool can hold (Karpenter's {@code karpenter_scheduler_unschedulable_pods_count}). */
    String UNSCHEDULABLE_PODS = "karpenter_scheduler_unschedulable_pods_count";

    /**
     * Seconds from the earliest need a batch reported for the cluster (the earliest listed pod's {@code pendingSince},
     * else the event time) to the end of a reconcile that launched at least one NodeClaim.
     */
    String LAUNCH_LATENCY = "fleetwright_launch_latency_seconds";

    /** Launches EC2 refused for capacity; their pods were planned again. */
    String INSUFFICIENT_CAPACITY_ERRORS = "fleetwright_insufficient_capacity_errors_total";

    /** Batches whose cluster lease another planner held; their records are retried after the visibility timeout. */
    String LEASE_BUSY = "fleetwright_provisioning_lease_busy_total";

    /** Reconciles that threw (Kubernetes, EKS, DynamoDB or EC2 failures); their records are retried. */
    String RECONCILE_ERRORS = "fleetwright_provisioning_errors_total";

    /**
     * One metric value.
     *
     * @param name the metric name
     * @param value the value, in {@code unit}
     * @param unit the CloudWatch unit
     */
    record Measurement(String name, double value, MetricUnit unit) {
        /** @throws NullPointerException if the name or unit is null */
        public Measurement {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(unit, "unit");
        }

        /** A count. */
        public static Measurement count(String name, long value) {
            return new Measurement(name, value, MetricUnit.COUNT);
        }

        /** A duration in seconds. */
        public static Measurement seconds(String name, double value) {
            return new Measurement(name, value, MetricUnit.SECONDS);
        }
    }

    /**
     * Publishes the measurements of one cluster.
     *
     * @param cluster the cluster, the value of the {@value #CLUSTER_DIMENSION} dimension
     * @param measurements the values; not empty
     */
    void publish(String cluster, List<Measurement> measurements);
}
