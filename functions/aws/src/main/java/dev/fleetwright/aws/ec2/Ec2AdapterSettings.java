package dev.fleetwright.aws.ec2;

import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the EC2 adapter needs to know about its region and cluster, built once at init (the Lambda reads the
 * environment and EKS DescribeCluster) and passed to {@link Ec2CloudProvider}. Nothing here is read from the
 * environment by the adapter itself.
 *
 * @param region the AWS region, for example {@code us-east-1}; not blank
 * @param clusterName the EKS cluster name (tags, bootstrap); 1..100 characters of {@code [A-Za-z0-9_-]}, starting
 *     with a letter or digit (EKS's rule)
 * @param clusterEndpoint the Kubernetes API server URL, {@code https://...}; not blank
 * @param clusterCertificateAuthority the cluster CA bundle, base64-encoded PEM as EKS returns it; not blank
 * @param kubernetesVersion the control plane version {@code major.minor}, for example {@code 1.31}; selects the AMIs
 *     of an alias
 * @param serviceCidr the cluster's service IPv4 or IPv6 CIDR ({@code kubernetesNetworkConfig.serviceIpv4Cidr}); null
 *     when unknown. Required to launch AL2023 nodes (nodeadm needs it)
 * @param clusterDnsIp the kube-dns service IP put into the bootstrap when an EC2NodeClass sets no {@code
 *     kubelet.clusterDNS}; null lets the AMI derive it
 * @param ssmParameterRoot where the public AMI parameters live, {@code /aws/service} on AWS; tests point it at
 *     parameters they seeded (SSM refuses to create names under {@code /aws})
 * @param discoveryTtl how long resolved subnets, security groups, AMIs, instance profiles and launch templates are
 *     reused; Karpenter refreshes subnets and AMIs every minute
 * @param endpointOverride a local engine to send every AWS call to (tests); null on AWS
 */
public record Ec2AdapterSettings(
        String region,
        String clusterName,
        String clusterEndpoint,
        String clusterCertificateAuthority,
        String kubernetesVersion,
        String serviceCidr,
        String clusterDnsIp,
        String ssmParameterRoot,
        Duration discoveryTtl,
        URI endpointOverride) {

    /** The public parameter root on AWS. */
    public static final String AWS_SSM_PARAMETER_ROOT = "/aws/service";

    /** Karpenter's refresh period for subnets and AMIs. */
    public static final Duration DEFAULT_DISCOVERY_TTL = Duration.ofMinutes(1);

    private static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,99}");
    private static final Pattern KUBERNETES_VERSION = Pattern.compile("\\d+\\.\\d+");

    /**
     * @throws IllegalArgumentException naming the field when a value is blank or malformed
     */
    public Ec2AdapterSettings {
        region = required("region", region);
        clusterName = required("clusterName", clusterName);
        if (!CLUSTER_NAME.matcher(clusterName).matches()) {
            throw new IllegalArgumentException("clusterName: \"" + clusterName
                    + "\" is not an EKS cluster name (1..100 of [A-Za-z0-9_-], starting with a letter or digit)");
        }
        clusterEndpoint = required("clusterEndpoint", clusterEndpoint);
        clusterCertificateAuthority = required("clusterCertificateAuthority", clusterCertificateAuthority);
        try {
            Base64.getDecoder().decode(clusterCertificateAuthority);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("clusterCertificateAuthority: not base64: " + e.getMessage(), e);
        }
        kubernetesVersion = required("kubernetesVersion", kubernetesVersion);
        if (!KUBERNETES_VERSION.matcher(kubernetesVersion).matches()) {
            throw new IllegalArgumentException(
                    "kubernetesVersion: \"" + kubernetesVersion + "\" is not major.minor, for example 1.31");
        }
        serviceCidr = blankToNull(serviceCidr);
        clusterDnsIp = blankToNull(clusterDnsIp);
        ssmParameterRoot = ssmParameterRoot == null || ssmParameterRoot.isBlank()
                ? AWS_SSM_PARAMETER_ROOT
                : stripTrailingSlash(ssmParameterRoot);
        if (!ssmParameterRoot.startsWith("/")) {
            throw new IllegalArgumentException(
                    "ssmParameterRoot: \"" + ssmParameterRoot + "\" must start with /, for example /aws/service");
        }
        discoveryTtl = discoveryTtl == null ? DEFAULT_DISCOVERY_TTL : discoveryTtl;
        if (discoveryTtl.isNegative()) {
            throw new IllegalArgumentException("discoveryTtl: must not be negative, got " + discoveryTtl);
        }
    }

    /**
     * Settings for AWS: the public SSM root, the default discovery TTL, no endpoint override.
     *
     * @throws IllegalArgumentException as the canonical constructor
     */
    public static Ec2AdapterSettings of(
            String region,
            String clusterName,
            String clusterEndpoint,
            String clusterCertificateAuthority,
            String kubernetesVersion,
            String serviceCidr,
            String clusterDnsIp) {
        return new Ec2AdapterSettings(
                region,
                clusterName,
                clusterEndpoint,
                clusterCertificateAuthority,
                kubernetesVersion,
                serviceCidr,
                clusterDnsIp,
                null,
                null,
                null);
    }

    /** A copy that sends every call to {@code endpoint} and reads AMI parameters under {@code parameterRoot}. */
    public Ec2AdapterSettings withLocalEngine(URI endpoint, String parameterRoot) {
        Objects.requireNonNull(endpoint, "endpoint");
        return new Ec2AdapterSettings(
                region,
                clusterName,
                clusterEndpoint,
                clusterCertificateAuthority,
                kubernetesVersion,
                serviceCidr,
                clusterDnsIp,
                parameterRoot,
                discoveryTtl,
                endpoint);
    }

    /** The {@code kubernetes.io/cluster/<name>} tag key whose value {@code owned} marks the cluster's resources. */
    public String clusterTagKey() {
        return "kubernetes.io/cluster/" + clusterName;
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + ": must not be blank");
        }
        return value.strip();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String stripTrailingSlash(String value) {
        String v = value.strip();
        while (v.length() > 1 && v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        return v;
    }
}
