/**
 * The EC2 adapter: {@link dev.fleetwright.core.cloudprovider.CloudProvider} on EC2 CreateFleet, after Karpenter's AWS
 * provider ([A] pkg/providers/instance, launchtemplate, subnet, securitygroup, amifamily, instanceprofile).
 *
 * <ul>
 *   <li>{@link dev.fleetwright.aws.ec2.Ec2CloudProvider} is the port implementation and composition of the parts.
 *   <li>{@link dev.fleetwright.aws.ec2.NodeClassResolver} resolves an EC2NodeClass's subnets, security groups, AMIs and
 *       instance profile, with short-lived caches.
 *   <li>{@link dev.fleetwright.aws.ec2.LaunchPlanner} chooses the capacity type and the instance types of a launch and
 *       builds the CreateFleet overrides (pure; no AWS calls).
 *   <li>{@link dev.fleetwright.aws.ec2.LaunchTemplates} builds and ensures the launch templates; user data comes from
 *       {@link dev.fleetwright.aws.ec2.userdata}.
 *   <li>{@link dev.fleetwright.aws.ec2.AwsCalls} retries throttled calls with exponential backoff and jitter.
 * </ul>
 *
 * <p>Nothing here logs: failures are typed {@link dev.fleetwright.core.cloudprovider.CloudProviderException}s whose
 * messages name the resource.
 */
package dev.fleetwright.aws.ec2;
