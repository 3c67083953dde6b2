package dev.fleetwright.kubernetes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.fleetwright.core.api.corev1.Node;
import dev.fleetwright.core.api.load.ConfigLoader;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eks.EksClient;

@DisplayName("KubernetesApiClients: client-java ApiClient with a per-request bearer token")
class KubernetesApiClientsTest {

    private static final String NODE_LIST =
            "{\"apiVersion\":\"v1\",\"kind\":\"NodeList\",\"metadata\":{},\"items\":[{\"metadata\":{\"name\":\"n1\"}}]}";

    private static KubernetesClusterState state(io.kubernetes.client.openapi.ApiClient client) {
        return new KubernetesClusterState(client, "demo", 500, new ConfigLoader(Map.of()));
    }

    /** Hands out token-1, token-2, ... and counts invalidations. */
    private static final class SequenceTokens implements BearerTokenSource {
        final AtomicInteger issued = new AtomicInteger();
        final AtomicInteger invalidated = new AtomicInteger();

        @Override
        public String token() {
            return "token-" + issued.incrementAndGet();
        }

        @Override
        public void invalidate() {
            invalidated.incrementAndGet();
        }
    }

    @Nested
    @DisplayName("bearer token")
    class Token {

        private final WireMockServer api = new WireMockServer(options().dynamicPort());

        @BeforeEach
        void start() {
            api.start();
        }

        @AfterEach
        void stop() {
            api.stop();
        }

        private io.kubernetes.client.openapi.ApiClient client(BearerTokenSource tokens) {
            return KubernetesApiClients.create(
                    new ClusterConnection(URI.create(api.baseUrl() + "/"), null), tokens, Duration.ofSeconds(5));
        }

        private List<String> authorizations() {
            return api.findAll(getRequestedFor(urlPathEqualTo("/api/v1/nodes"))).stream()
                    .map(r -> r.getHeader("Authorization"))
                    .toList();
        }

        @Test
        @DisplayName("should ask the token source again for every request")
        void perRequest() {
            api.stubFor(get(urlPathEqualTo("/api/v1/nodes")).willReturn(okJson(NODE_LIST)));
            SequenceTokens tokens = new SequenceTokens();
            KubernetesClusterState state = state(client(tokens));

            state.nodes();
            state.nodes();

            assertThat(authorizations()).containsExactly("Bearer token-1", "Bearer token-2");
        }

        @Test
        @DisplayName("should invalidate the token after a 401 and retry once with a new one")
        void retryAfter401() {
            api.stubFor(get(urlPathEqualTo("/api/v1/nodes"))
                    .inScenario("expired")
                    .whenScenarioStateIs(Scenario.STARTED)
                    .willReturn(aResponse().withStatus(401))
                    .willSetStateTo("refreshed"));
            api.stubFor(get(urlPathEqualTo("/api/v1/nodes"))
                    .inScenario("expired")
                    .whenScenarioStateIs("refreshed")
                    .willReturn(okJson(NODE_LIST)));
            SequenceTokens tokens = new SequenceTokens();

            List<Node> nodes = state(client(tokens)).nodes();

            assertThat(nodes).extracting(Node::name).containsExactly("n1");
            assertThat(tokens.invalidated).hasValue(1);
            assertThat(authorizations()).containsExactly("Bearer token-1", "Bearer token-2");
        }

        @Test
        @DisplayName("should let an EksConnectionException of the token source reach the caller")
        void tokenFailure() {
            api.stubFor(get(urlPathEqualTo("/api/v1/nodes")).willReturn(okJson(NODE_LIST)));
            BearerTokenSource failing = () -> {
                throw new EksConnectionException("cannot resolve AWS credentials for cluster \"demo\"", null);
            };

            assertThatThrownBy(() -> state(client(failing)).nodes())
                    .isInstanceOf(EksConnectionException.class)
                    .hasMessageContaining("cannot resolve AWS credentials");
            assertThat(authorizations()).isEmpty();
        }
    }

    @Nested
    @DisplayName("TLS with the cluster CA")
    class Tls {

        private final TestCertificate certificate = TestCertificate.create();
        private HttpsServer server;
        private URI endpoint;

        @BeforeEach
        void start() throws IOException {
            server = HttpsServer.create(TestCertificate.loopback(), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
            server.createContext("/api/v1/nodes", exchange -> {
                byte[] body = NODE_LIST.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            endpoint = URI.create("https://127.0.0.1:" + server.getAddress().getPort());
        }

        @AfterEach
        void stop() {
            server.stop(0);
        }

        @Test
        @DisplayName("should trust an API server whose certificate the configured CA signed")
        void trusted() {
            var client = KubernetesApiClients.create(
                    new ClusterConnection(endpoint, certificate.pem()),
                    BearerTokenSource.of("t"),
                    Duration.ofSeconds(5));

            assertThat(state(client).nodes()).extracting(Node::name).containsExactly("n1");
        }

        @Test
        @DisplayName("should refuse it without that CA, pointing at the certificate")
        void untrusted() {
            var client = KubernetesApiClients.create(
                    new ClusterConnection(endpoint, TestCertificate.create().pem()),
                    BearerTokenSource.of("t"),
                    Duration.ofSeconds(5));

            assertThatThrownBy(() -> state(client).nodes())
                    .isInstanceOf(KubernetesUnreachableException.class)
                    .hasMessageContaining("TLS handshake failed")
                    .hasMessageContaining("CA certificate");
        }
    }

    @Nested
    @DisplayName("forEks: DescribeCluster, token and client together")
    class ForEks {

        private final WireMockServer stub = new WireMockServer(options().dynamicPort());

        @BeforeEach
        void start() {
            stub.start();
        }

        @AfterEach
        void stop() {
            stub.stop();
        }

        @Test
        @DisplayName("should call the described endpoint with a k8s-aws-v1 token signed for the cluster")
        void endToEnd() {
            TestCertificate ca = TestCertificate.create();
            // One stub plays both EKS (DescribeCluster) and the cluster's API server it points to.
            stub.stubFor(get(urlEqualTo("/clusters/demo"))
                    .willReturn(okJson("{\"cluster\": {\"name\": \"demo\", \"status\": \"ACTIVE\", \"endpoint\": \""
                            + stub.baseUrl() + "\", \"certificateAuthority\": {\"data\": \"" + ca.eksData()
                            + "\"}}}")));
            stub.stubFor(get(urlPathEqualTo("/api/v1/nodes")).willReturn(okJson(NODE_LIST)));
            KubernetesSettings settings =
                    KubernetesSettings.of("demo", Region.EU_WEST_1).withEksEndpointOverride(URI.create(stub.baseUrl()));
            StaticCredentialsProvider credentials =
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret"));
            Clock clock = Clock.fixed(Instant.parse("2026-05-06T07:08:09Z"), ZoneOffset.UTC);

            List<Node> nodes;
            try (EksClient eks = EksClusterConnections.eksClient(settings, credentials)) {
                nodes = state(KubernetesApiClients.forEks(settings, eks, credentials, clock))
                        .nodes();
            }

            assertThat(nodes).extracting(Node::name).containsExactly("n1");
            LoggedRequest request = stub.findAll(getRequestedFor(urlPathEqualTo("/api/v1/nodes")))
                    .get(0);
            String authorization = request.getHeader("Authorization");
            assertThat(authorization).startsWith("Bearer k8s-aws-v1.");
            PresignedUrl url = PresignedUrl.fromToken(authorization.substring("Bearer ".length()));
            assertThat(url.uri.getHost()).isEqualTo("sts.eu-west-1.amazonaws.com");
            assertThat(url.query).containsEntry("X-Amz-Date", "20260506T070809Z");
            assertThat(url.query.get("X-Amz-Signature"))
                    .isEqualTo(url.expectedSignature(
                            Map.of("host", "sts.eu-west-1.amazonaws.com", "x-k8s-aws-id", "demo"), "secret"));
        }
    }
}
