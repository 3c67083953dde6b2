package dev.fleetwright.provisioner;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eks.EksClient;

/** Test fixture: a WireMock stub of the EKS API's {@code DescribeCluster} ({@code GET /clusters/<name>}). */
final class EksStub implements AutoCloseable {

    static final AwsCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDFLEETWRIGHTTEST", "test-secret"));

    /** The test CA certificate (PEM) and its base64, as EKS returns {@code certificateAuthority.data}. */
    static final String CA_PEM = resource("test-ca.pem");

    static final String CA_DATA = Base64.getEncoder().encodeToString(CA_PEM.getBytes(StandardCharsets.UTF_8));

    final WireMockServer server = new WireMockServer(options().dynamicPort());

    EksStub() {
        server.start();
    }

    EksClient client() {
        return EksClient.builder()
                .endpointOverride(URI.create(server.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** DescribeCluster of {@code name} answers an ACTIVE cluster at {@code endpoint} with IPv4 service CIDR. */
    void active(String name, String endpoint, String serviceCidr) {
        describes(name, """
                {"name": "%s", "status": "ACTIVE", "version": "1.31", "endpoint": "%s",
                 "certificateAuthority": {"data": "%s"},
                 "kubernetesNetworkConfig": {"serviceIpv4Cidr": "%s", "ipFamily": "ipv4"}}
                """.formatted(name, endpoint, CA_DATA, serviceCidr));
    }

    /** DescribeCluster of {@code name} answers {@code {"cluster": clusterJson}}. */
    void describes(String name, String clusterJson) {
        server.stubFor(get(urlEqualTo("/clusters/" + name)).willReturn(okJson("{\"cluster\": " + clusterJson + "}")));
    }

    /** DescribeCluster of {@code name} fails with an EKS error. */
    void fails(String name, int status, String errorType, String message) {
        server.stubFor(get(urlEqualTo("/clusters/" + name))
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("X-Amzn-ErrorType", errorType)
                        .withBody("{\"message\": \"" + message + "\"}")));
    }

    int describeCalls(String name) {
        return server.countRequestsMatching(
                        getRequestedFor(urlEqualTo("/clusters/" + name)).build())
                .getCount();
    }

    int requests() {
        return server.getAllServeEvents().size();
    }

    @Override
    public void close() {
        server.stop();
    }

    private static String resource(String name) {
        try (InputStream in = EksStub.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
