/**
 * Node bootstrap user data for each AMI family, after Karpenter's bootstrappers ([A]
 * pkg/providers/amifamily/bootstrap): AL2's {@code /etc/eks/bootstrap.sh} in a MIME multi-part archive, AL2023's
 * nodeadm {@code NodeConfig} in a MIME multi-part archive, Bottlerocket's TOML settings, and Custom AMIs' user data as
 * given. The user's {@code spec.userData} is merged in each family's way.
 *
 * <p>Output is deterministic for equal inputs (sorted labels and maps, fixed MIME boundary {@code //}), because the
 * launch template name is a hash of its content.
 */
package dev.fleetwright.aws.ec2.userdata;
