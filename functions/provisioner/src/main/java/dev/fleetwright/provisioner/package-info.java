/**
 * The provisioner Lambda function ({@code ProvisionerFunction}): {@link dev.fleetwright.provisioner.ProvisionerHandler}
 * takes SQS batches of provisioning events, reconciles each cluster they name once with core's {@code Provisioner},
 * and answers with partial batch failures.
 *
 * <ul>
 *   <li>Composition: {@link dev.fleetwright.provisioner.ProvisionerSettings} (the environment, read once),
 *       {@link dev.fleetwright.provisioner.ProvisionerClients} (SDK clients), {@link
 *       dev.fleetwright.provisioner.ClusterProvisioners} (per-cluster wiring on first use, from {@link
 *       dev.fleetwright.provisioner.ClusterFacts} described by EKS).
 *   <li>Messages: {@link dev.fleetwright.provisioner.ProvisioningMessages} reads bodies into {@link
 *       dev.fleetwright.provisioner.ProvisioningRequest}s or rejects them with the rule they break.
 *   <li>Observability: {@link dev.fleetwright.provisioner.ProvisioningMetrics} (EMF through Powertools in {@link
 *       dev.fleetwright.provisioner.EmfProvisioningMetrics}); logs through Powertools logging.
 *   <li>SnapStart: {@link dev.fleetwright.provisioner.ProvisionerPriming}, run from the handler's CRaC hook.
 * </ul>
 */
package dev.fleetwright.provisioner;
