package dev.fleetwright.simulator.report;

import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.cloudprovider.InstanceType;
import dev.fleetwright.core.cloudprovider.Offering;
import dev.fleetwright.core.scheduling.PlannedNodeClaim;
import dev.fleetwright.core.scheduling.Planner;
import dev.fleetwright.core.scheduling.PodError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code fleetwright simulate} reports about a plan: the shape of the {@code --json} output, also rendered as text
 * and HTML.
 *
 * @param pods pods in the workload
 * @param podsScheduled pods placed on new NodeClaims or existing nodes
 * @param podsOnExistingNodes pods placed on existing nodes
 * @param podsUnschedulable pods that could not be placed, with reasons
 * @param nodeClaims the new NodeClaims
 * @param costPerHourUsd the cost of the new NodeClaims in USD per hour (spot prices are estimates)
 * @param lowerBoundCostPerHourUsd a lower bound on that cost for the same pods per NodePool (fractional relaxation),
 *     in USD per hour; null when some demand cannot be covered by any instance type
 * @param cpuUtilization requested CPU (pods and DaemonSets) over allocatable CPU of the new NodeClaims, 0..1
 * @param memoryUtilization requested memory over allocatable memory of the new NodeClaims, 0..1
 * @param planMillis wall-clock time of planning, in milliseconds
 * @param strategy the planner strategy chosen
 * @param candidates every strategy tried
 * @param spotPricesEstimated whether any price used is an estimate (spot prices are derived from advisor savings)
 */
public record PlanReport(
        int pods,
        int podsScheduled,
        int podsOnExistingNodes,
        List<Unschedulable> podsUnschedulable,
        List<NodeClaimReport> nodeClaims,
        double costPerHourUsd,
        Double lowerBoundCostPerHourUsd,
        double cpuUtilization,
        double memoryUtilization,
        long planMillis,
        String strategy,
        List<Planner.Candidate> candidates,
        boolean spotPricesEstimated) {

    /**
     * A pod that could not be placed.
     *
     * @param pod {@code namespace/name}
     * @param reason why, per NodePool
     */
    public record Unschedulable(String pod, String reason) {}

    /**
     * One new NodeClaim.
     *
     * @param nodePool the NodePool
     * @param instanceType the cheapest instance type that holds its pods (what a lowest-price launch picks)
     * @param zone the zone of that offering
     * @param capacityType spot, on-demand or reserved
     * @param pricePerHourUsd the offering's price in USD per hour
     * @param priceEstimated whether the price is an estimate
     * @param instanceTypeOptions how many instance types could hold its pods (the launch request's candidates)
     * @param pods the pods, as {@code namespace/name}
     * @param cpuRequestedMillis pods' and DaemonSets' CPU requests, in millicores
     * @param cpuAllocatableMillis allocatable CPU of the instance type, in millicores
     * @param memoryRequestedBytes pods' and DaemonSets' memory requests, in bytes
     * @param memoryAllocatableBytes allocatable memory of the instance type, in bytes
     */
    public record NodeClaimReport(
            String nodePool,
            String instanceType,
            String zone,
            String capacityType,
            double pricePerHourUsd,
            boolean priceEstimated,
            int instanceTypeOptions,
            List<String> pods,
            long cpuRequestedMillis,
            long cpuAllocatableMillis,
            long memoryRequestedBytes,
            long memoryAllocatableBytes) {}

    /** Copies lists. */
    public PlanReport {
        podsUnschedulable = List.copyOf(podsUnschedulable);
        nodeClaims = List.copyOf(nodeClaims);
        candidates = List.copyOf(candidates);
    }

    /**
     * Builds the report of a plan.
     *
     * @param plan the plan
     * @param podCount pods in the workload
     * @param planMillis planning time in milliseconds
     * @return the report
     */
    public static PlanReport of(Planner.Plan plan, int podCount, long planMillis) {
        List<NodeClaimReport> claims = new ArrayList<>();
        long cpuRequested = 0, cpuAllocatable = 0, memRequested = 0, memAllocatable = 0;
        boolean estimated = false;
        for (PlannedNodeClaim c : plan.result().newNodeClaims()) {
            InstanceType it = c.cheapestInstanceType();
            Offering o = c.expectedOffering();
            Resources total = c.totalRequests();
            estimated |= o.priceEstimated();
            cpuRequested += total.cpuMillis();
            memRequested += total.memoryBytes();
            cpuAllocatable += it.allocatable().cpuMillis();
            memAllocatable += it.allocatable().memoryBytes();
            claims.add(new NodeClaimReport(
                    c.nodePoolName(),
                    it.name(),
                    o.zone(),
                    o.capacityType().labelValue(),
                    o.pricePerHourUsd(),
                    o.priceEstimated(),
                    c.instanceTypes().size(),
                    c.pods().stream().map(Pod::key).toList(),
                    total.cpuMillis(),
                    it.allocatable().cpuMillis(),
                    total.memoryBytes(),
                    it.allocatable().memoryBytes()));
        }
        List<Unschedulable> unschedulable = new ArrayList<>();
        for (PodError e : plan.result().podErrors()) {
            unschedulable.add(new Unschedulable(e.pod().key(), e.reason()));
        }
        int onExisting = 0;
        for (Map.Entry<String, List<Pod>> e : plan.result().existingNodePods().entrySet()) {
            onExisting += e.getValue().size();
        }
        return new PlanReport(
                podCount,
                plan.result().podsScheduled(),
                onExisting,
                unschedulable,
                claims,
                plan.costPerHourUsd(),
                plan.lowerBoundPerHourUsd().isPresent()
                        ? plan.lowerBoundPerHourUsd().getAsDouble()
                        : null,
                cpuAllocatable == 0 ? 0 : (double) cpuRequested / cpuAllocatable,
                memAllocatable == 0 ? 0 : (double) memRequested / memAllocatable,
                planMillis,
                plan.strategy(),
                plan.candidates(),
                estimated);
    }

    /** How far the cost is above the lower bound, in percent of the bound; null without a bound. */
    public Double costGapPercent() {
        if (lowerBoundCostPerHourUsd == null || lowerBoundCostPerHourUsd <= 0) {
            return null;
        }
        return (costPerHourUsd - lowerBoundCostPerHourUsd) / lowerBoundCostPerHourUsd * 100;
    }
}
