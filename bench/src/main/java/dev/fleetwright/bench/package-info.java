/**
 * JMH benchmarks of the scheduler and planner, with their fixtures: Karpenter's scheduling benchmark rebuilt on
 * Fleetwright's types ({@link dev.fleetwright.bench.KarpenterSchedulingBenchmark}), the cost planner on the full
 * catalog with the Alibaba trace ({@link dev.fleetwright.bench.TracePlanBenchmark}), and a large cluster with existing
 * nodes ({@link dev.fleetwright.bench.ExistingNodesBenchmark}). {@code bench/run} builds and runs them; see
 * bench/README.md.
 */
package dev.fleetwright.bench;
