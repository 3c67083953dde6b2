package dev.fleetwright.core.provisioning;

import dev.fleetwright.core.lifecycle.Registration;
import dev.fleetwright.core.scheduling.PodError;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one reconcile of the provisioner did.
 *
 * @param leaseHeld false when another planner held the cluster's lease and nothing was done (the trigger should be
 *     retried later)
 * @param podsConsidered pods that needed a place
 * @param podsOnExistingCapacity pods placed on nodes or in-flight NodeClaims
 * @param nodeClaimsCreated NodeClaims recorded
 * @param nodeClaimsLaunched NodeClaims whose instance EC2 returned
 * @param launchFailures launches that failed, as {@code nodeclaim: reason}
 * @param insufficientCapacityErrors launches EC2 refused for capacity (their pods were planned again)
 * @param recovered NodeClaims stuck in Launching that were resolved (instance found, or marked Failed)
 * @param unschedulable pods no NodePool can hold, with reasons
 * @param configurationErrors invalid NodePools and EC2NodeClasses (the others are still used)
 * @param planningDuration wall time of planning (scheduler and cost planner), summed over rounds
 * @param rounds planning rounds (a round follows each round with insufficient capacity, up to the limit)
 * @param registration what registration did before planning (zeros when the provisioner has none)
 */
public record ProvisioningResult(
        boolean leaseHeld,
        int podsConsidered,
        int podsOnExistingCapacity,
        int nodeClaimsCreated,
        int nodeClaimsLaunched,
        List<String> launchFailures,
        int insufficientCapacityErrors,
        int recovered,
        List<PodError> unschedulable,
        List<String> configurationErrors,
        Duration planningDuration,
        int rounds,
        Registration.Result registration) {

    /** Copies lists. */
    public ProvisioningResult {
        launchFailures = List.copyOf(launchFailures);
        unschedulable = List.copyOf(unschedulable);
        configurationErrors = List.copyOf(configurationErrors);
        Objects.requireNonNull(planningDuration, "planningDuration");
        Objects.requireNonNull(registration, "registration");
    }

    /** The result when another planner holds the lease. */
    public static ProvisioningResult busy() {
        return new ProvisioningResult(
                false,
                0,
                0,
                0,
                0,
                List.of(),
                0,
                0,
                List.of(),
                List.of(),
                Duration.ZERO,
                0,
                new Registration.Result(0, 0, 0));
    }
}
