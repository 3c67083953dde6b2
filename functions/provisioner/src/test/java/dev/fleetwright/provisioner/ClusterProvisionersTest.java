package dev.fleetwright.provisioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetwright.core.cloudprovider.InstanceTypeCatalog;
import dev.fleetwright.core.provisioning.Provisioner;
import dev.fleetwright.kubernetes.EksConnectionException;
import java.net.URI;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.ssm.SsmClient;

@DisplayName("ClusterProvisioners: per-cluster wiring on first use")
class ClusterProvisionersTest {

    /** Nothing listens here; a test fails loudly if wiring calls anything but EKS. */
    static final URI NOWHERE = URI.create("http://127.0.0.1:9");

    final EksStub eks = new EksStub();
    final ProvisionerClients clients = new ProvisionerClients(
            DynamoDbClient.builder()
                    .endpointOverride(NOWHERE)
                    .region(Region.US_EAST_1)
                    .credentialsProvider(EksStub.CREDENTIALS)
                    .httpClient(UrlConnectionHttpClient.create())
                    .build(),
            Ec2Client.builder()
                    .endpointOverride(NOWHERE)
                    .region(Region.US_EAST_1)
                    .credentialsProvider(EksStub.CREDENTIALS)
                    .httpClient(UrlConnectionHttpClient.create())
                    .build(),
            SsmClient.builder()
                    .endpointOverride(NOWHERE)
                    .region(Region.US_EAST_1)
                    .credentialsProvider(EksStub.CREDENTIALS)
                    .httpClient(UrlConnectionHttpClient.create())
                    .build(),
            IamClient.builder()
                    .endpointOverride(NOWHERE)
                    .region(Region.US_EAST_1)
                    .credentialsProvider(EksStub.CREDENTIALS)
                    .httpClient(UrlConnectionHttpClient.create())
                    .build(),
            eks.client(),
            EksStub.CREDENTIALS);
    final ProvisionerSettings settings = EmbeddedClusters.settings("fleetwright-test", "fleetwright-staging");

    @AfterEach
    void stop() {
        clients.close();
        eks.close();
    }

    ClusterProvisioners provisioners() {
        return new ClusterProvisioners(settings, clients, InstanceTypeCatalog.bundled(), Clock.systemUTC());
    }

    @Test
    @DisplayName("should call nothing when constructed")
    void nothingAtConstruction() {
        provisioners();

        assertThat(eks.requests()).isZero();
    }

    @Test
    @DisplayName("should describe a cluster on first use only, and give the same provisioner after")
    void describedOnce() {
        eks.active("fleetwright-test", "https://test.gr7.us-east-1.eks.amazonaws.com", "10.100.0.0/16");
        ClusterProvisioners provisioners = provisioners();

        Provisioner first = provisioners.forCluster("fleetwright-test");
        Provisioner second = provisioners.forCluster("fleetwright-test");

        assertThat(second).isSameAs(first);
        assertThat(eks.describeCalls("fleetwright-test")).isEqualTo(1);
        assertThat(eks.describeCalls("fleetwright-staging")).isZero();
    }

    @Test
    @DisplayName("should refuse a cluster the stack does not serve without calling EKS")
    void unknownCluster() {
        assertThatThrownBy(() -> provisioners().forCluster("someone-elses-cluster"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cluster \"someone-elses-cluster\" is not served by this stack (FLEETWRIGHT_CLUSTERS ="
                        + " fleetwright-test,fleetwright-staging)");
        assertThat(eks.requests()).isZero();
    }

    @Test
    @DisplayName("should not remember a failed wiring: the next request describes the cluster again")
    void failureNotCached() {
        eks.fails("fleetwright-staging", 404, "ResourceNotFoundException", "No cluster found");
        ClusterProvisioners provisioners = provisioners();
        assertThatThrownBy(() -> provisioners.forCluster("fleetwright-staging"))
                .isInstanceOf(EksConnectionException.class);

        eks.active("fleetwright-staging", "https://staging.gr7.us-east-1.eks.amazonaws.com", "10.100.0.0/16");

        assertThat(provisioners.forCluster("fleetwright-staging")).isNotNull();
        assertThat(eks.describeCalls("fleetwright-staging")).isEqualTo(2);
    }
}
