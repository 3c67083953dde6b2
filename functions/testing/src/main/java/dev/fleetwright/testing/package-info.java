/**
 * Embedded backends for core's ports: in-memory NodeClaim store, lease and unavailable-offerings cache, a simulated EC2
 * on the bundled instance catalog, a cluster whose objects tests set, and a settable clock. The simulator runs the
 * use cases on them; every module's tests use them as fakes.
 */
package dev.fleetwright.testing;
