/**
 * The forwarder's counters and gauges, rendered in the Prometheus text exposition format (version 0.0.4) at {@code
 * /metrics}. No metrics library: a handful of atomics keep the image small.
 */
package dev.fleetwright.forwarder.metrics;
