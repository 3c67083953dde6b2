/**
 * The provisioning use case ({@link dev.fleetwright.core.provisioning.Provisioner}): from pending pods to recorded and
 * launched NodeClaims, with the cluster model that counts in-flight NodeClaims as capacity ({@link
 * dev.fleetwright.core.provisioning.ClusterModel}) and the NodeClaim records it creates ({@link
 * dev.fleetwright.core.provisioning.NodeClaimFactory}). Ports it uses live in {@code state} and {@code cloudprovider}.
 */
package dev.fleetwright.core.provisioning;
