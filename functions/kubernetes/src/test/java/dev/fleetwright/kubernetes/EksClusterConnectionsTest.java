package dev.fleetwright.kubernetes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eks.EksClient;

@DisplayName("EksClusterConnections: endpoint and CA from settings or eks:DescribeCluster (WireMock stub of EKS)")
class EksClusterConnectionsTest {

    private static final TestCertificate CA = TestCertificate.create();

    private final WireMockServer eksStub = new WireMockServer(options().dynamicPort());
    private KubernetesSettings settings;
    private EksClient eks;

    @BeforeEach
    void start() {
        eksStub.start();
        settings =
                KubernetesSettings.of("demo", Region.EU_WEST_1).withEksEndpointOverride(URI.create(eksStub.baseUrl()));
        eks = EksClusterConnections.eksClient(
                settings, StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")));
    }

    @AfterEach
    void stop() {
        eks.close();
        eksStub.stop();
    }

    private void describeAnswers(String clusterJson) {
        eksStub.stubFor(get(urlEqualTo("/clusters/demo")).willReturn(okJson("{\"cluster\": " + clusterJson + "}")));
    }

    @Test
    @DisplayName("should take the endpoint and decoded CA from DescribeCluster, signed for eks in the region")
    void describe() {
        describeAnswers("{\"name\": \"demo\", \"status\": \"ACTIVE\", \"endpoint\":"
                + " \"https://ABC.gr7.eu-west-1.eks.amazonaws.com\", \"certificateAuthority\": {\"data\": \""
                + CA.eksData() + "\"}}");

        ClusterConnection connection = new EksClusterConnections(settings, eks).connection();

        assertThat(connection.endpoint()).isEqualTo(URI.create("https://ABC.gr7.eu-west-1.eks.amazonaws.com"));
        assertThat(connection.certificateAuthorityPem()).isEqualTo(CA.pem());
        eksStub.verify(getRequestedFor(urlEqualTo("/clusters/demo"))
                .withHeader("Authorization", matching(".*/eu-west-1/eks/aws4_request.*")));
    }

    @Test
    @DisplayName("should call DescribeCluster once and then answer from its cache")
    void cached() {
        describeAnswers("{\"name\": \"demo\", \"status\": \"ACTIVE\", \"endpoint\": \"https://x.eks.amazonaws.com\","
                + " \"certificateAuthority\": {\"data\": \"" + CA.eksData() + "\"}}");
        EksClusterConnections connections = new EksClusterConnections(settings, eks);

        ClusterConnection first = connections.connection();
        ClusterConnection second = connections.connection();

        assertThat(second).isEqualTo(first);
        eksStub.verify(1, getRequestedFor(urlEqualTo("/clusters/demo")));
    }

    @Test
    @DisplayName("should not call EKS when the settings name the API server")
    void fromSettings() {
        KubernetesSettings fixed = settings.withApiServer(URI.create("https://api.example"), CA.eksData());

        ClusterConnection connection = new EksClusterConnections(fixed, null).connection();

        assertThat(connection).isEqualTo(new ClusterConnection(URI.create("https://api.example"), CA.pem()));
        assertThat(eksStub.getAllServeEvents()).isEmpty();
    }

    @Test
    @DisplayName("should name the cluster and region when the cluster does not exist")
    void notFound() {
        eksStub.stubFor(get(urlEqualTo("/clusters/demo"))
                .willReturn(aResponse()
                        .withStatus(404)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("X-Amzn-ErrorType", "ResourceNotFoundException")
                        .withBody("{\"message\": \"No cluster found for name: demo.\"}")));

        assertThatThrownBy(() -> new EksClusterConnections(settings, eks).connection())
                .isInstanceOf(EksConnectionException.class)
                .hasMessageContaining("EKS cluster \"demo\" does not exist in eu-west-1");
    }

    @Test
    @DisplayName("should say which permission is missing when DescribeCluster is denied")
    void accessDenied() {
        eksStub.stubFor(get(urlEqualTo("/clusters/demo"))
                .willReturn(aResponse()
                        .withStatus(403)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("X-Amzn-ErrorType", "AccessDeniedException")
                        .withBody("{\"message\": \"User is not authorized to perform: eks:DescribeCluster\"}")));

        assertThatThrownBy(() -> new EksClusterConnections(settings, eks).connection())
                .isInstanceOf(EksConnectionException.class)
                .hasMessageContaining("eks:DescribeCluster for cluster \"demo\" failed (403)")
                .hasMessageContaining("not authorized")
                .hasMessageContaining("allow eks:DescribeCluster");
    }

    @Test
    @DisplayName("should refuse a cluster that has no endpoint yet")
    void creating() {
        describeAnswers("{\"name\": \"demo\", \"status\": \"CREATING\"}");

        assertThatThrownBy(() -> new EksClusterConnections(settings, eks).connection())
                .isInstanceOf(EksConnectionException.class)
                .hasMessageContaining("no API server endpoint yet (status CREATING)");
    }

    @Test
    @DisplayName("should refuse CA data that is not a base64 PEM certificate")
    void badCa() {
        describeAnswers("{\"name\": \"demo\", \"status\": \"ACTIVE\", \"endpoint\": \"https://x.eks.amazonaws.com\","
                + " \"certificateAuthority\": {\"data\": \"bm90IGEgY2VydA==\"}}");

        assertThatThrownBy(() -> new EksClusterConnections(settings, eks).connection())
                .isInstanceOf(EksConnectionException.class)
                .hasMessageContaining("cluster.certificateAuthority.data: the decoded text is not a PEM certificate");
    }

    @Test
    @DisplayName("should need an EKS client when the settings do not name the API server")
    void needsClient() {
        assertThatThrownBy(() -> new EksClusterConnections(settings, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"demo\"");
    }
}
