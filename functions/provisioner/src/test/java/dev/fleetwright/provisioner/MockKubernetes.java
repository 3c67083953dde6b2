package dev.fleetwright.provisioner;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * fabric8's mock Kubernetes API server in CRUD mode over real HTTP on localhost. Objects are seeded with fabric8's
 * client; the provisioner reads them with client-java, as it reads a real API server.
 */
final class MockKubernetes implements AutoCloseable {

    /** Held so that the level sticks: the mock server logs every request at INFO through java.util.logging. */
    private static final Logger MOCK_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver.MockWebServer");

    static {
        MOCK_SERVER_LOG.setLevel(Level.WARNING);
    }

    final KubernetesMockServer server;
    private final NamespacedKubernetesClient seed;

    MockKubernetes() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(
                new Context(), new MockWebServer(), responses, new KubernetesMixedDispatcher(responses), false);
        server.init();
        seed = server.createClient();
    }

    /** The API server URL, {@code http://localhost:PORT/}. */
    String url() {
        return server.url("/");
    }

    /** Creates a core object from YAML (a pod). */
    void create(String yaml) {
        seed.resource(yaml).create();
    }

    /** Creates a cluster-scoped custom object of {@code plural}; apiVersion and kind come from the YAML. */
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

    /** The node of this name as the API server holds it, or null. */
    io.fabric8.kubernetes.api.model.Node node(String name) {
        return seed.nodes().withName(name).get();
    }

    @Override
    public void close() {
        seed.close();
        server.destroy();
    }
}
