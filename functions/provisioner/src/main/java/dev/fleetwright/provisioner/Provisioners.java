package dev.fleetwright.provisioner;

import dev.fleetwright.core.provisioning.Provisioner;

/**
 * Gives the {@link Provisioner} of a cluster: the handler's one dependency on the wiring. {@link ClusterProvisioners}
 * builds real ones (EKS, Kubernetes API, EC2, DynamoDB) on first use of each cluster; tests pass provisioners built on
 * the embedded backends.
 */
@FunctionalInterface
public interface Provisioners {

    /**
     * The provisioner of a cluster this stack serves.
     *
     * @param cluster the cluster name, one of {@link ProvisionerSettings#clusters()}
     * @return its provisioner; the same instance on every call once built
     * @throws RuntimeException when it cannot be built, for example when {@code eks:DescribeCluster} fails; the
     *     handler fails that cluster's records and the next delivery tries again
     */
    Provisioner forCluster(String cluster);
}
