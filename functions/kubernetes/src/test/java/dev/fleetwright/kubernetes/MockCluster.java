package dev.fleetwright.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kubernetes.client.openapi.ApiClient;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Test fixture: fabric8's {@link KubernetesMockServer} in CRUD mode mixed with expectations, over real HTTP on
 * localhost. Objects are seeded with fabric8's client; the code under test reads them back with client-java only.
 */
final class MockCluster implements AutoCloseable {

    static final String TOKEN = "test-token";

    /** Held so that the level sticks: the mock server logs every request at INFO through java.util.logging. */
    private static final Logger MOCK_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver.MockWebServer");

    static {
        MOCK_SERVER_LOG.setLevel(Level.WARNING);
    }

    final KubernetesMockServer server;
    final NamespacedKubernetesClient seed;
    private int taken;

    MockCluster() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(
                new Context(), new MockWebServer(), responses, new KubernetesMixedDispatcher(responses), false);
        server.init();
        seed = server.createClient();
    }

    /** A client-java client for this server with a fixed token. */
    ApiClient apiClient() {
        return apiClient(BearerTokenSource.of(TOKEN));
    }

    /** A client-java client for this server with a fixed token that records what it sends. */
    ApiClient apiClient(RecordingInterceptor recorder) {
        ApiClient client = apiClient();
        client.setHttpClient(
                client.getHttpClient().newBuilder().addInterceptor(recorder).build());
        return client;
    }

    /** A client-java client for this server with the given token source. */
    ApiClient apiClient(BearerTokenSource tokens) {
        return KubernetesApiClients.create(
                new ClusterConnection(URI.create(server.url("/")), null), tokens, Duration.ofSeconds(10));
    }

    /** Creates a Kubernetes object from YAML (a pod, node, namespace, DaemonSet). */
    void create(String yaml) {
        seed.resource(yaml).create();
    }

    /** Creates a cluster-scoped custom object of {@code plural} from YAML; apiVersion and kind are in the YAML. */
    void createCustom(String plural, String yaml) {
        GenericKubernetesResource object = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
        String apiVersion = object.getApiVersion();
        CustomResourceDefinitionContext context = new CustomResourceDefinitionContext.Builder()
                .withGroup(apiVersion.substring(0, apiVersion.indexOf('/')))
                .withVersion(apiVersion.substring(apiVersion.indexOf('/') + 1))
                .withPlural(plural)
                .withKind(object.getKind())
                .withScope("Cluster")
                .build();
        server.expectCustomResource(context);
        seed.genericKubernetesResources(context).resource(object).create();
    }

    /** Answers every GET of {@code pathAndQuery} with {@code status} and a Status body carrying {@code message}. */
    void failAlways(String pathAndQuery, int status, String reason, String message) {
        server.expect()
                .get()
                .withPath(pathAndQuery)
                .andReturn(status, statusBody(status, reason, message))
                .always();
    }

    /** Answers the next GET of {@code pathAndQuery} with {@code body} (a JSON string or a fabric8 object). */
    void answerOnce(String pathAndQuery, int status, Object body) {
        server.expect().get().withPath(pathAndQuery).andReturn(status, body).once();
    }

    static Status statusBody(int code, String reason, String message) {
        return new StatusBuilder()
                .withStatus("Failure")
                .withCode(code)
                .withReason(reason)
                .withMessage(message)
                .build();
    }

    /** The decoded paths (with queries) of the GET requests received since the last call, starting with {@code prefix}. */
    List<String> requests(String prefix) throws InterruptedException {
        List<String> paths = new ArrayList<>();
        int count = server.getRequestCount();
        for (; taken < count; taken++) {
            RecordedRequest request = server.takeRequest();
            String path = URLDecoder.decode(request.getPath(), StandardCharsets.UTF_8);
            if ("GET".equals(request.getMethod()) && path.startsWith(prefix)) {
                paths.add(path);
            }
        }
        return paths;
    }

    @Override
    public void close() {
        seed.close();
        server.destroy();
    }
}
