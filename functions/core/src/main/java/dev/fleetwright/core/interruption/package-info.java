/**
 * Interruption handling: the messages EC2 and AWS Health send about instances ({@link
 * dev.fleetwright.core.interruption.InterruptionMessage}) and the use case that cordons and drains the affected nodes
 * while replacements launch ({@link dev.fleetwright.core.interruption.Interruption}).
 */
package dev.fleetwright.core.interruption;
