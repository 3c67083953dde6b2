/**
 * Embedded backends for core's ports: in-memory NodeClaim store, lease and unavailable-offerings cache, a simulated EC2
 * on the bundled instance catalog, a cluster whose objects tests set ({@code FakeClusterState}), a simulated cluster
 * whose controllers react on the virtual clock ({@code SimulatedCluster}: kube-scheduler, registration, Eviction API
 * with PodDisruptionBudgets, ReplicaSet controller, node lifecycle), a settable clock, and a driver that runs the
 * provisioning and interruption use cases together on them ({@code Simulation}). The simulator runs the use cases on
 * them; every module's tests use them as fakes.
 */
package dev.fleetwright.testing;
