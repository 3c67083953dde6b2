package dev.fleetwright.provisioner;

import dev.fleetwright.kubernetes.EksConnectionException;
import java.util.Objects;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Cluster;
import software.amazon.awssdk.services.eks.model.EksException;
import software.amazon.awssdk.services.eks.model.IpFamily;
import software.amazon.awssdk.services.eks.model.KubernetesNetworkConfigResponse;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;

/**
 * What the provisioner needs to know about one EKS cluster, from {@code eks:DescribeCluster}: where its API server is,
 * the CA that signed its certificate, its Kubernetes version (which selects the AMIs of an alias), its service CIDR
 * (AL2023's nodeadm needs it) and the cluster DNS IP derived from that CIDR as the EKS AMIs derive it. Described on
 * first use after a SnapStart restore, never at init: a cluster's facts are not part of the snapshot.
 *
 * @param clusterName the EKS cluster name
 * @param endpoint the API server URL, {@code https://...} on EKS; not blank
 * @param certificateAuthorityData the cluster CA as EKS returns it: base64 of the PEM certificate; not blank
 * @param kubernetesVersion the control plane version {@code major.minor}, for example {@code 1.31}
 * @param serviceCidr the service CIDR of the cluster's IP family; null when EKS reports none
 * @param clusterDnsIp the kube-dns service IP derived from {@code serviceCidr}; null when that is null
 */
public record ClusterFacts(
        String clusterName,
        String endpoint,
        String certificateAuthorityData,
        String kubernetesVersion,
        String serviceCidr,
        String clusterDnsIp) {

    private static final Pattern IPV4_CIDR =
            Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/\\d{1,2}");
    private static final Pattern IPV6_CIDR = Pattern.compile("[0-9A-Fa-f:]*::?[0-9A-Fa-f:]*/\\d{1,3}");
    private static final Pattern KUBERNETES_VERSION = Pattern.compile("\\d+\\.\\d+");

    /**
     * @throws IllegalArgumentException naming the field when a value is blank or malformed
     */
    public ClusterFacts {
        Objects.requireNonNull(clusterName, "clusterName");
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException("endpoint: must not be blank");
        }
        if (certificateAuthorityData == null || certificateAuthorityData.isBlank()) {
            throw new IllegalArgumentException("certificateAuthorityData: must not be blank");
        }
        if (kubernetesVersion == null
                || !KUBERNETES_VERSION.matcher(kubernetesVersion).matches()) {
            throw new IllegalArgumentException(
                    "kubernetesVersion: \"" + kubernetesVersion + "\" is not major.minor, for example 1.31");
        }
    }

    /**
     * Describes a cluster.
     *
     * @param eks the EKS client
     * @param clusterName the cluster
     * @return its facts
     * @throws EksConnectionException naming the cluster when DescribeCluster fails (missing cluster, access denied,
     *     throttling) or the cluster has no endpoint, CA or version yet
     */
    public static ClusterFacts describe(EksClient eks, String clusterName) {
        Cluster cluster;
        try {
            cluster = eks.describeCluster(r -> r.name(clusterName)).cluster();
        } catch (ResourceNotFoundException e) {
            throw new EksConnectionException(
                    "EKS cluster \"" + clusterName + "\" does not exist (eks:DescribeCluster): check "
                            + ProvisionerSettings.FLEETWRIGHT_CLUSTERS + " and the stack's region",
                    e);
        } catch (EksException e) {
            String hint =
                    e.statusCode() == 403 ? "; allow eks:DescribeCluster on this cluster to the function's role" : "";
            throw new EksConnectionException(
                    "eks:DescribeCluster for cluster \"" + clusterName + "\" failed (" + e.statusCode() + "): "
                            + (e.awsErrorDetails() == null
                                    ? e.getMessage()
                                    : e.awsErrorDetails().errorMessage())
                            + hint,
                    e);
        } catch (SdkException e) {
            throw new EksConnectionException(
                    "eks:DescribeCluster for cluster \"" + clusterName + "\" failed: " + e.getMessage(), e);
        }
        if (cluster == null) {
            throw new EksConnectionException(
                    "eks:DescribeCluster for cluster \"" + clusterName + "\" returned no cluster", null);
        }
        String status = cluster.statusAsString();
        if (cluster.endpoint() == null || cluster.endpoint().isBlank()) {
            throw new EksConnectionException(
                    "EKS cluster \"" + clusterName + "\" has no API server endpoint yet (status " + status
                            + "); wait until it is ACTIVE",
                    null);
        }
        if (cluster.certificateAuthority() == null
                || cluster.certificateAuthority().data() == null
                || cluster.certificateAuthority().data().isBlank()) {
            throw new EksConnectionException(
                    "EKS cluster \"" + clusterName + "\": eks:DescribeCluster returned no certificateAuthority.data",
                    null);
        }
        if (cluster.version() == null
                || !KUBERNETES_VERSION.matcher(cluster.version()).matches()) {
            throw new EksConnectionException(
                    "EKS cluster \"" + clusterName + "\": eks:DescribeCluster returned version \"" + cluster.version()
                            + "\", not major.minor",
                    null);
        }
        String serviceCidr = serviceCidr(cluster.kubernetesNetworkConfig());
        String dnsIp;
        try {
            dnsIp = serviceCidr == null ? null : clusterDnsIp(serviceCidr);
        } catch (IllegalArgumentException e) {
            throw new EksConnectionException(
                    "EKS cluster \"" + clusterName + "\": kubernetesNetworkConfig " + e.getMessage(), e);
        }
        return new ClusterFacts(
                clusterName,
                cluster.endpoint(),
                cluster.certificateAuthority().data(),
                cluster.version(),
                serviceCidr,
                dnsIp);
    }

    /** The service CIDR of the cluster's IP family: {@code serviceIpv6Cidr} for IPv6 clusters, else the IPv4 one. */
    private static String serviceCidr(KubernetesNetworkConfigResponse network) {
        if (network == null) {
            return null;
        }
        String cidr = network.ipFamily() == IpFamily.IPV6 ? network.serviceIpv6Cidr() : network.serviceIpv4Cidr();
        return cidr == null || cidr.isBlank() ? null : cidr.strip();
    }

    /**
     * The cluster DNS IP EKS nodes use for a service CIDR, derived as the EKS AMI's bootstrap derives it
     * (awslabs/amazon-eks-ami bootstrap.sh): for IPv4 the CIDR's address with its last octet replaced by {@code 10}
     * ({@code ${SERVICE_IPV4_CIDR%.*}.10}, so {@code 10.100.0.0/16} gives {@code 10.100.0.10}); for IPv6 the address
     * followed by {@code a} ({@code fd00:1234::/108} gives {@code fd00:1234::a}).
     *
     * @param serviceCidr an IPv4 or IPv6 CIDR
     * @return the DNS IP
     * @throws IllegalArgumentException naming {@code serviceCidr} when it is neither
     */
    public static String clusterDnsIp(String serviceCidr) {
        Objects.requireNonNull(serviceCidr, "serviceCidr");
        var v4 = IPV4_CIDR.matcher(serviceCidr);
        if (v4.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(v4.group(i)) > 255) {
                    throw new IllegalArgumentException("serviceCidr: \"" + serviceCidr + "\" has an octet above 255");
                }
            }
            return v4.group(1) + "." + v4.group(2) + "." + v4.group(3) + ".10";
        }
        if (IPV6_CIDR.matcher(serviceCidr).matches()) {
            return serviceCidr.substring(0, serviceCidr.indexOf('/')) + "a";
        }
        throw new IllegalArgumentException(
                "serviceCidr: \"" + serviceCidr + "\" is not an IPv4 or IPv6 CIDR such as 10.100.0.0/16");
    }
}
