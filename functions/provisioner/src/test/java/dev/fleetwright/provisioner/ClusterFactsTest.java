package dev.fleetwright.provisioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetwright.kubernetes.EksConnectionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eks.EksClient;

@DisplayName("ClusterFacts: what eks:DescribeCluster says about a cluster")
class ClusterFactsTest {

    @Nested
    @DisplayName("the cluster DNS IP, derived as the EKS AMI's bootstrap does")
    class DnsIp {

        @Test
        @DisplayName("should replace the last octet of an IPv4 service CIDR with 10")
        void ipv4() {
            assertThat(ClusterFacts.clusterDnsIp("10.100.0.0/16")).isEqualTo("10.100.0.10");
            assertThat(ClusterFacts.clusterDnsIp("172.20.0.0/16")).isEqualTo("172.20.0.10");
            assertThat(ClusterFacts.clusterDnsIp("192.168.240.0/20")).isEqualTo("192.168.240.10");
        }

        @Test
        @DisplayName("should append a to the address of an IPv6 service CIDR")
        void ipv6() {
            assertThat(ClusterFacts.clusterDnsIp("fd00:1234:5678::/108")).isEqualTo("fd00:1234:5678::a");
        }

        @Test
        @DisplayName("should name the CIDR that is neither")
        void invalid() {
            assertThatThrownBy(() -> ClusterFacts.clusterDnsIp("10.100.0.0"))
                    .hasMessage("serviceCidr: \"10.100.0.0\" is not an IPv4 or IPv6 CIDR such as 10.100.0.0/16");
            assertThatThrownBy(() -> ClusterFacts.clusterDnsIp("10.300.0.0/16"))
                    .hasMessageContaining("octet above 255");
        }
    }

    @Nested
    @DisplayName("describing a cluster (WireMock stub of EKS)")
    class Describe {

        final EksStub stub = new EksStub();
        final EksClient eks = stub.client();

        @AfterEach
        void stop() {
            eks.close();
            stub.close();
        }

        @Test
        @DisplayName("should read endpoint, CA, version, service CIDR and derive the DNS IP")
        void active() {
            stub.active("demo", "https://ABC.gr7.us-east-1.eks.amazonaws.com", "172.20.0.0/16");

            ClusterFacts facts = ClusterFacts.describe(eks, "demo");

            assertThat(facts)
                    .isEqualTo(new ClusterFacts(
                            "demo",
                            "https://ABC.gr7.us-east-1.eks.amazonaws.com",
                            EksStub.CA_DATA,
                            "1.31",
                            "172.20.0.0/16",
                            "172.20.0.10"));
        }

        @Test
        @DisplayName("should take the IPv6 service CIDR of an IPv6 cluster")
        void ipv6() {
            stub.describes("demo", """
                    {"name": "demo", "status": "ACTIVE", "version": "1.32", "endpoint": "https://x.eks.amazonaws.com",
                     "certificateAuthority": {"data": "%s"},
                     "kubernetesNetworkConfig": {"serviceIpv4Cidr": "10.100.0.0/16",
                       "serviceIpv6Cidr": "fd00:1234:5678::/108", "ipFamily": "ipv6"}}
                    """.formatted(EksStub.CA_DATA));

            ClusterFacts facts = ClusterFacts.describe(eks, "demo");

            assertThat(facts.serviceCidr()).isEqualTo("fd00:1234:5678::/108");
            assertThat(facts.clusterDnsIp()).isEqualTo("fd00:1234:5678::a");
        }

        @Test
        @DisplayName("should leave the CIDR and DNS IP unknown when EKS reports no network config")
        void noNetwork() {
            stub.describes("demo", """
                    {"name": "demo", "status": "ACTIVE", "version": "1.31", "endpoint": "https://x.eks.amazonaws.com",
                     "certificateAuthority": {"data": "%s"}}
                    """.formatted(EksStub.CA_DATA));

            ClusterFacts facts = ClusterFacts.describe(eks, "demo");

            assertThat(facts.serviceCidr()).isNull();
            assertThat(facts.clusterDnsIp()).isNull();
        }

        @Test
        @DisplayName("should name the cluster when it does not exist, is denied, or is still creating")
        void failures() {
            stub.fails("gone", 404, "ResourceNotFoundException", "No cluster found for name: gone.");
            assertThatThrownBy(() -> ClusterFacts.describe(eks, "gone"))
                    .isInstanceOf(EksConnectionException.class)
                    .hasMessageContaining("EKS cluster \"gone\" does not exist")
                    .hasMessageContaining("FLEETWRIGHT_CLUSTERS");

            stub.fails("denied", 403, "AccessDeniedException", "not authorized to perform eks:DescribeCluster");
            assertThatThrownBy(() -> ClusterFacts.describe(eks, "denied"))
                    .isInstanceOf(EksConnectionException.class)
                    .hasMessageContaining("cluster \"denied\" failed (403)")
                    .hasMessageContaining("allow eks:DescribeCluster");

            stub.describes("creating", "{\"name\": \"creating\", \"status\": \"CREATING\", \"version\": \"1.31\"}");
            assertThatThrownBy(() -> ClusterFacts.describe(eks, "creating"))
                    .isInstanceOf(EksConnectionException.class)
                    .hasMessageContaining("EKS cluster \"creating\" has no API server endpoint yet (status CREATING)");
        }
    }
}
