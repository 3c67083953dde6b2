/**
 * The {@code InterruptionFunction} Lambda: {@link dev.fleetwright.interruption.InterruptionHandler} reads EC2 and AWS
 * Health interruption events and drain continuations from the interruption queue and runs core's {@link
 * dev.fleetwright.core.interruption.Interruption} use case on DynamoDB, SQS, the clusters' Kubernetes API ({@link
 * dev.fleetwright.interruption.EksClusterPorts}) and EC2. Metrics ({@link
 * dev.fleetwright.interruption.InterruptionMetrics}) are collected by decorators of core's ports and written as EMF
 * once per invocation. The flow, the drain and the alarms are described in {@code docs/interruption.md}.
 */
package dev.fleetwright.interruption;
