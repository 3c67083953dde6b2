/**
 * Karpenter's v1 API as immutable records: {@link dev.fleetwright.core.api.NodePool} ({@code karpenter.sh/v1}), {@link
 * dev.fleetwright.core.api.Ec2NodeClass} ({@code karpenter.k8s.aws/v1}) and {@link
 * dev.fleetwright.core.api.NodeClaim}, with Karpenter's defaults as constants next to each type, well-known labels
 * ({@link dev.fleetwright.core.api.Labels}), durations ({@link dev.fleetwright.core.api.NillableDuration}) and the
 * cron schedules of disruption budgets ({@link dev.fleetwright.core.api.CronSchedule}).
 *
 * <p>Records check their own invariants in compact constructors; the field-by-field rules of Karpenter's CRDs and
 * validation code, with error paths, live in the loader ({@code dev.fleetwright.core.api.load}), which is the way to
 * build these objects from YAML or from the Kubernetes API. Sources: [K] = kubernetes-sigs/karpenter, [A] =
 * aws/karpenter-provider-aws.
 */
package dev.fleetwright.core.api;
