/**
 * Node termination: draining a node within PodDisruptionBudgets and its termination grace period, then terminating its
 * instance ({@link dev.fleetwright.core.termination.Terminator}), one resumable pass at a time.
 */
package dev.fleetwright.core.termination;
