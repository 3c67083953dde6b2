/**
 * NodeClaim lifecycle after launch: registration of the node, initialization, and the registration timeout ({@link
 * dev.fleetwright.core.lifecycle.Registration}).
 */
package dev.fleetwright.core.lifecycle;
