package dev.fleetwright.aws.ec2.userdata;

import dev.fleetwright.core.api.KubeletConfiguration;
import dev.fleetwright.core.api.corev1.Taint;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a node needs to join the cluster ([A] pkg/providers/amifamily/bootstrap/bootstrap.go {@code Options}).
 *
 * @param clusterName the EKS cluster name
 * @param clusterEndpoint the API server URL
 * @param certificateAuthority the cluster CA bundle, base64-encoded
 * @param serviceCidr the cluster's service CIDR; null when unknown (AL2023 needs it)
 * @param kubelet the kubelet settings to pass: the EC2NodeClass's, with {@code maxPods} filled in from the instance
 *     types and {@code clusterDNS} defaulted from the cluster
 * @param labels the node labels to register with, sorted by key
 * @param taints the taints to register with, in order
 * @param userData the EC2NodeClass's {@code spec.userData}; empty when unset
 * @param raid0 whether the instance store is striped into RAID0 for ephemeral storage ({@code instanceStorePolicy})
 */
public record BootstrapOptions(
        String clusterName,
        String clusterEndpoint,
        String certificateAuthority,
        String serviceCidr,
        KubeletConfiguration kubelet,
        SortedMap<String, String> labels,
        List<Taint> taints,
        String userData,
        boolean raid0) {

    /** Copies collections (labels sorted); a null user data is empty. */
    public BootstrapOptions {
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(clusterEndpoint, "clusterEndpoint");
        Objects.requireNonNull(certificateAuthority, "certificateAuthority");
        Objects.requireNonNull(kubelet, "kubelet");
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        taints = List.copyOf(taints);
        userData = userData == null ? "" : userData;
    }
}
