/**
 * The cloud provider's view of capacity: the EC2 instance catalog ({@link
 * dev.fleetwright.core.cloudprovider.InstanceTypeCatalog}, raw {@link
 * dev.fleetwright.core.cloudprovider.InstanceTypeInfo} entries shipped as a snapshot) and the schedulable {@link
 * dev.fleetwright.core.cloudprovider.InstanceType}s resolved from it for an EC2NodeClass's settings, with their
 * {@link dev.fleetwright.core.cloudprovider.Offering}s (zone × {@link dev.fleetwright.core.cloudprovider.CapacityType}
 * at a price), capacity, overhead and allocatable resources.
 *
 * <p>The resource model follows Karpenter's AWS provider ([A] pkg/providers/instancetype/types.go, where [A] =
 * aws/karpenter-provider-aws and [K] = kubernetes-sigs/karpenter); see {@link
 * dev.fleetwright.core.cloudprovider.InstanceTypes} for the rules and where Fleetwright differs.
 */
package dev.fleetwright.core.cloudprovider;
