/**
 * Scheduling: the requirements algebra ({@link dev.fleetwright.core.scheduling.Requirement}, {@link
 * dev.fleetwright.core.scheduling.Requirements}) and the provisioning scheduler that decides which NodeClaims to create
 * for pending pods ({@link dev.fleetwright.core.scheduling.Scheduler}), with topology spread and pod (anti-)affinity
 * ({@code Topology}), Karpenter's preference relaxation ({@link dev.fleetwright.core.scheduling.PodConstraints}), and a
 * cost-minimising {@link dev.fleetwright.core.scheduling.Planner} that reports a linear-programming lower bound.
 *
 * <p>Behaviour follows Karpenter ([K] = kubernetes-sigs/karpenter, pkg/scheduling and
 * pkg/controllers/provisioning/scheduling); {@code docs/design/karpenter-scheduler-notes.md} records the rules and the
 * deliberate differences (deterministic tie-breaks, the cost planner). Units: CPU in millicores, memory in bytes,
 * prices in USD per hour.
 */
package dev.fleetwright.core.scheduling;
