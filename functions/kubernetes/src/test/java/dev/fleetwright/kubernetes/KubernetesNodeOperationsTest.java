package dev.fleetwright.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.Taint;
import dev.fleetwright.core.api.corev1.TaintEffect;
import dev.fleetwright.core.state.NodeOperations;
import dev.fleetwright.core.state.NodeOperations.EvictionResult;
import io.fabric8.kubernetes.api.model.Node;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("KubernetesNodeOperations against fabric8's mock API server")
class KubernetesNodeOperationsTest {

    private static final String CLUSTER = "demo";
    private static final Taint EXAMPLE = new Taint("example.com/dedicated", "batch", TaintEffect.NO_SCHEDULE);

    private final MockCluster cluster = new MockCluster();
    private final RecordingInterceptor recorder = new RecordingInterceptor();

    @AfterEach
    void stop() {
        cluster.close();
    }

    private KubernetesNodeOperations operations() {
        return new KubernetesNodeOperations(cluster.apiClient(recorder), CLUSTER, KubernetesSettings.DEFAULT_PAGE_SIZE);
    }

    private void node(String name, String taintsYaml) {
        cluster.create("""
                apiVersion: v1
                kind: Node
                metadata:
                  name: %s
                  labels: {kubernetes.io/hostname: %s}
                spec:
                  %s
                """.formatted(name, name, taintsYaml));
    }

    private Node readNode(String name) {
        return cluster.seed.nodes().withName(name).get();
    }

    static String pod(String name, String uid, String nodeName) {
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                  namespace: default
                  uid: %s
                  labels: {app: web}
                spec:
                  nodeName: %s
                  terminationGracePeriodSeconds: 45
                  containers:
                    - name: c
                      image: nginx
                      resources:
                        requests: {cpu: 250m, memory: 256Mi}
                status:
                  phase: Running
                """.formatted(name, uid, nodeName);
    }

    /** A pod in the mock server and as core sees it (mapped by {@link PodMapper}, with its UID). */
    private Pod corePod(String name, String uid) {
        cluster.create(pod(name, uid, "node-1"));
        return PodMapper.toPod(new V1Pod()
                .metadata(new V1ObjectMeta().name(name).namespace("default").uid(uid))
                .spec(new V1PodSpec().nodeName("node-1").containers(List.of(new V1Container().name("c"))))
                .status(new V1PodStatus().phase("Running")));
    }

    private static JsonObject json(RecordingInterceptor.Sent r) {
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private List<RecordingInterceptor.Sent> requests(String method) {
        return recorder.sent(method);
    }

    @Nested
    @DisplayName("addTaint")
    class AddTaint {

        @Test
        @DisplayName("should add the disrupted taint to a node without taints")
        void noTaints() {
            node("node-1", "{}");

            operations().addTaint("node-1", Taint.DISRUPTED);

            assertThat(readNode("node-1").getSpec().getTaints()).singleElement().satisfies(t -> {
                assertThat(t.getKey()).isEqualTo("karpenter.sh/disrupted");
                assertThat(t.getEffect()).isEqualTo("NoSchedule");
                assertThat(t.getValue()).isNull();
            });
        }

        @Test
        @DisplayName("should append to the existing taints and keep them")
        void append() {
            node("node-1", "taints: [{key: example.com/dedicated, value: batch, effect: NoSchedule}]");

            operations().addTaint("node-1", Taint.DISRUPTED);

            assertThat(readNode("node-1").getSpec().getTaints())
                    .extracting(t -> t.getKey() + "=" + t.getValue() + ":" + t.getEffect())
                    .containsExactly(
                            "example.com/dedicated=batch:NoSchedule", "karpenter.sh/disrupted=null:NoSchedule");
        }

        @Test
        @DisplayName("should send a JSON Patch that tests the taints it read before adding")
        void patchShape() {
            node("node-1", "taints: [{key: example.com/dedicated, value: batch, effect: NoSchedule}]");
            recorder.clear();

            operations().addTaint("node-1", Taint.DISRUPTED);

            RecordingInterceptor.Sent patch = requests("PATCH").get(0);
            assertThat(patch.contentType()).startsWith("application/json-patch+json");
            JsonArray ops = JsonParser.parseString(patch.body()).getAsJsonArray();
            assertThat(ops).hasSize(2);
            JsonObject test = ops.get(0).getAsJsonObject();
            assertThat(test.get("op").getAsString()).isEqualTo("test");
            assertThat(test.get("path").getAsString()).isEqualTo("/spec/taints");
            assertThat(test.get("value")
                            .getAsJsonArray()
                            .get(0)
                            .getAsJsonObject()
                            .get("key")
                            .getAsString())
                    .isEqualTo("example.com/dedicated");
            JsonObject add = ops.get(1).getAsJsonObject();
            assertThat(add.get("op").getAsString()).isEqualTo("add");
            assertThat(add.get("path").getAsString()).isEqualTo("/spec/taints/-");
        }

        @Test
        @DisplayName("should test the resourceVersion when the node has no taints")
        void patchShapeWithoutTaints() {
            node("node-1", "{}");
            String version = readNode("node-1").getMetadata().getResourceVersion();
            recorder.clear();

            operations().addTaint("node-1", EXAMPLE);

            JsonArray ops =
                    JsonParser.parseString(requests("PATCH").get(0).body()).getAsJsonArray();
            assertThat(ops.get(0).getAsJsonObject().get("path").getAsString()).isEqualTo("/metadata/resourceVersion");
            assertThat(ops.get(0).getAsJsonObject().get("value").getAsString()).isEqualTo(version);
            assertThat(ops.get(1).getAsJsonObject().get("path").getAsString()).isEqualTo("/spec/taints");
            assertThat(ops.get(1).getAsJsonObject().get("value").toString())
                    .isEqualTo("[{\"key\":\"example.com/dedicated\",\"value\":\"batch\",\"effect\":\"NoSchedule\"}]");
        }

        @Test
        @DisplayName("should not patch when a taint with the same key and effect is present")
        void idempotent() {
            node("node-1", "taints: [{key: karpenter.sh/disrupted, value: other, effect: NoSchedule}]");
            recorder.clear();

            operations().addTaint("node-1", Taint.DISRUPTED);
            operations().addTaint("node-1", Taint.DISRUPTED);

            assertThat(requests("PATCH")).isEmpty();
            assertThat(readNode("node-1").getSpec().getTaints()).hasSize(1);
        }

        @Test
        @DisplayName("should add a taint with the same key but another effect")
        void otherEffect() {
            node("node-1", "taints: [{key: karpenter.sh/disrupted, effect: NoExecute}]");

            operations().addTaint("node-1", Taint.DISRUPTED);

            assertThat(readNode("node-1").getSpec().getTaints())
                    .extracting(t -> t.getEffect())
                    .containsExactly("NoExecute", "NoSchedule");
        }

        @Test
        @DisplayName("should re-read and patch again when another writer changed the node (test failed, 422)")
        void conflictRetried() {
            node("node-1", "{}");
            cluster.server
                    .expect()
                    .patch()
                    .withPath("/api/v1/nodes/node-1")
                    .andReturn(
                            422,
                            MockCluster.statusBody(
                                    422, "Invalid", "the server rejected our request: testing value failed"))
                    .once();
            recorder.clear();

            operations().addTaint("node-1", Taint.DISRUPTED);

            assertThat(requests("PATCH")).hasSize(2);
            assertThat(readNode("node-1").getSpec().getTaints()).hasSize(1);
        }

        @Test
        @DisplayName("should give up after repeated conflicts with the server's message")
        void conflictExhausted() {
            node("node-1", "{}");
            cluster.server
                    .expect()
                    .patch()
                    .withPath("/api/v1/nodes/node-1")
                    .andReturn(409, MockCluster.statusBody(409, "Conflict", "the object has been modified"))
                    .times(KubernetesNodeOperations.MAX_PATCH_ATTEMPTS);

            assertThatThrownBy(() -> operations().addTaint("node-1", Taint.DISRUPTED))
                    .isInstanceOfSatisfying(
                            KubernetesRequestException.class,
                            e -> assertThat(e.statusCode()).isEqualTo(409))
                    .hasMessageContaining("patch nodes")
                    .hasMessageContaining("the object has been modified");
        }

        @Test
        @DisplayName("should report a missing node as NotFoundException")
        void missing() {
            assertThatThrownBy(() -> operations().addTaint("ghost", Taint.DISRUPTED))
                    .isInstanceOf(NodeOperations.NotFoundException.class)
                    .hasMessageContaining("\"ghost\"");
        }

        @Test
        @DisplayName("should name the patch verb in an RBAC denial")
        void forbidden() {
            node("node-1", "{}");
            cluster.server
                    .expect()
                    .patch()
                    .withPath("/api/v1/nodes/node-1")
                    .andReturn(
                            403,
                            MockCluster.statusBody(
                                    403,
                                    "Forbidden",
                                    "nodes \"node-1\" is forbidden: User \"arn:aws:sts::123456789012:assumed-role/fw/x\""
                                            + " cannot patch resource \"nodes\""))
                    .always();

            assertThatThrownBy(() -> operations().addTaint("node-1", Taint.DISRUPTED))
                    .isInstanceOfSatisfying(KubernetesForbiddenException.class, e -> {
                        assertThat(e.verb()).isEqualTo("patch");
                        assertThat(e.resource()).isEqualTo("nodes");
                    })
                    .hasMessageContaining("verbs: [\"patch\"]");
        }
    }

    @Nested
    @DisplayName("setLabel")
    class SetLabel {

        @Test
        @DisplayName("should set the label with a merge patch and keep the others")
        void merge() {
            node("node-1", "{}");
            recorder.clear();

            operations().setLabel("node-1", "node.kubernetes.io/exclude-from-external-load-balancers", "true");

            assertThat(readNode("node-1").getMetadata().getLabels())
                    .containsEntry("node.kubernetes.io/exclude-from-external-load-balancers", "true")
                    .containsEntry("kubernetes.io/hostname", "node-1");
            RecordingInterceptor.Sent patch = requests("PATCH").get(0);
            assertThat(patch.contentType()).startsWith("application/merge-patch+json");
            assertThat(patch.body())
                    .isEqualTo("{\"metadata\":{\"labels\":"
                            + "{\"node.kubernetes.io/exclude-from-external-load-balancers\":\"true\"}}}");
        }

        @Test
        @DisplayName("should report a missing node as NotFoundException")
        void missing() {
            assertThatThrownBy(() -> operations().setLabel("ghost", "a", "b"))
                    .isInstanceOf(NodeOperations.NotFoundException.class);
        }
    }

    @Nested
    @DisplayName("podsOn")
    class PodsOn {

        @Test
        @DisplayName("should return the node's pods only, mapped with UID, requests and grace period")
        void filtered() {
            // fabric8's mock ignores the spec.nodeName selector in CRUD mode; answer as a server that ignores it
            // would, with pods of other nodes, to show the adapter filters the answer again.
            cluster.answerOnce(
                    "/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-1&limit=500",
                    200, """
                    {"apiVersion": "v1", "kind": "PodList", "metadata": {}, "items": [
                      %s, %s, %s]}
                    """.formatted(podJson("a", "node-1"), podJson("b", "node-2"), podJson("c", "node-1")));

            List<Pod> pods = operations().podsOn("node-1");

            assertThat(pods).extracting(Pod::name).containsExactly("a", "c");
            assertThat(pods).allSatisfy(p -> {
                assertThat(p.spec().nodeName()).isEqualTo("node-1");
                assertThat(p.spec().terminationGracePeriodSeconds()).isEqualTo(45);
                assertThat(p.spec().requests().cpuMillis()).isEqualTo(250);
            });
            assertThat(pods).extracting(p -> p.metadata().uid()).containsExactly("uid-a", "uid-c");
        }

        private static String podJson(String name, String node) {
            return """
                    {"metadata": {"name": "%s", "namespace": "default", "uid": "uid-%s"},
                     "spec": {"nodeName": "%s", "terminationGracePeriodSeconds": 45,
                              "containers": [{"name": "c", "resources": {"requests": {"cpu": "250m"}}}]},
                     "status": {"phase": "Running"}}
                    """.formatted(name, name, node);
        }

        @Test
        @DisplayName("should ask the API server for spec.nodeName and follow continue tokens")
        void paginated() {
            String first = "/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-1&limit=2";
            String second = "/api/v1/pods?continue=t1&fieldSelector=spec.nodeName%3Dnode-1&limit=2";
            cluster.answerOnce(first, 200, podList("t1", "p1", "p2"));
            cluster.answerOnce(second, 200, podList(null, "p3"));
            recorder.clear();

            List<Pod> pods = new KubernetesNodeOperations(cluster.apiClient(recorder), CLUSTER, 2).podsOn("node-1");

            assertThat(pods).extracting(Pod::name).containsExactly("p1", "p2", "p3");
            assertThat(recorder.all().stream()
                            .map(RecordingInterceptor.Sent::path)
                            .toList())
                    .containsExactly(
                            "/api/v1/pods?fieldSelector=spec.nodeName=node-1&limit=2",
                            "/api/v1/pods?continue=t1&fieldSelector=spec.nodeName=node-1&limit=2");
        }

        private static String podList(String token, String... names) {
            StringBuilder items = new StringBuilder();
            for (String n : names) {
                if (!items.isEmpty()) {
                    items.append(',');
                }
                items.append("{\"metadata\":{\"name\":\"%s\",\"namespace\":\"default\",\"uid\":\"u-%s\"},"
                                .formatted(n, n))
                        .append("\"spec\":{\"nodeName\":\"node-1\",\"containers\":[{\"name\":\"c\"}]},")
                        .append("\"status\":{\"phase\":\"Running\"}}");
            }
            String meta = token == null ? "{}" : "{\"continue\":\"" + token + "\"}";
            return "{\"apiVersion\":\"v1\",\"kind\":\"PodList\",\"metadata\":" + meta + ",\"items\":[" + items + "]}";
        }
    }

    @Nested
    @DisplayName("evict")
    class Evict {

        private static final String EVICTION = "/api/v1/namespaces/default/pods/web-1/eviction";

        private void answer(int code, String reason, String message) {
            cluster.server
                    .expect()
                    .post()
                    .withPath(EVICTION)
                    .andReturn(code, MockCluster.statusBody(code, reason, message))
                    .once();
        }

        @Test
        @DisplayName("should POST a policy/v1 Eviction with the pod's UID as precondition")
        void request() {
            Pod pod = corePod("web-1", "9a1c-uid");
            cluster.server
                    .expect()
                    .post()
                    .withPath(EVICTION)
                    .andReturn(201, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Success\",\"code\":201}")
                    .once();
            recorder.clear();

            EvictionResult result = operations().evict(pod);

            assertThat(result).isEqualTo(EvictionResult.EVICTED);
            JsonObject body = json(requests("POST").get(0));
            assertThat(body.get("apiVersion").getAsString()).isEqualTo("policy/v1");
            assertThat(body.get("kind").getAsString()).isEqualTo("Eviction");
            assertThat(body.getAsJsonObject("metadata").get("name").getAsString())
                    .isEqualTo("web-1");
            assertThat(body.getAsJsonObject("metadata").get("namespace").getAsString())
                    .isEqualTo("default");
            assertThat(body.getAsJsonObject("deleteOptions")
                            .getAsJsonObject("preconditions")
                            .get("uid")
                            .getAsString())
                    .isEqualTo("9a1c-uid");
        }

        @ParameterizedTest(name = "{0} {1} -> {3}")
        @CsvSource(
                delimiter = '|',
                value = {
                    "429|TooManyRequests|Cannot evict pod as it would violate the pod's disruption budget."
                            + "|BLOCKED_BY_DISRUPTION_BUDGET",
                    "404|NotFound|pods \"web-1\" not found|NOT_FOUND",
                    "409|Conflict|Precondition failed: UID in precondition: 9a1c-uid, UID in object meta: 77|UID_CHANGED",
                    "500|InternalError|This pod has more than one PodDisruptionBudget, which the eviction subresource"
                            + " does not support.|MISCONFIGURED_BUDGETS"
                })
        @DisplayName("should map the Eviction API's answers")
        void answers(int code, String reason, String message, EvictionResult expected) {
            Pod pod = corePod("web-1", "9a1c-uid");
            answer(code, reason, message);

            assertThat(operations().evict(pod)).isEqualTo(expected);
        }

        @Test
        @DisplayName("should throw on any other 500 with the server's message")
        void otherServerError() {
            Pod pod = corePod("web-1", "9a1c-uid");
            answer(500, "InternalError", "etcdserver: request timed out");

            assertThatThrownBy(() -> operations().evict(pod))
                    .isInstanceOfSatisfying(
                            KubernetesRequestException.class,
                            e -> assertThat(e.statusCode()).isEqualTo(500))
                    .hasMessageContaining("create pods/eviction")
                    .hasMessageContaining("etcdserver: request timed out");
        }

        @Test
        @DisplayName("should name the eviction subresource and the create verb in an RBAC denial")
        void forbidden() {
            Pod pod = corePod("web-1", "9a1c-uid");
            answer(403, "Forbidden", "pods \"web-1\" is forbidden: cannot create resource \"pods/eviction\"");

            assertThatThrownBy(() -> operations().evict(pod))
                    .isInstanceOfSatisfying(KubernetesForbiddenException.class, e -> {
                        assertThat(e.verb()).isEqualTo("create");
                        assertThat(e.resource()).isEqualTo("pods/eviction");
                    })
                    .hasMessageContaining("resources: [\"pods/eviction\"], verbs: [\"create\"]");
        }

        @Test
        @DisplayName("should refuse a pod without UID before sending anything")
        void noUid() {
            Pod pod = new Pod(
                    dev.fleetwright.core.api.corev1.ObjectMeta.of("default", "web-1"),
                    dev.fleetwright.core.api.corev1.PodSpec.of(dev.fleetwright.core.api.corev1.Resources.NONE),
                    dev.fleetwright.core.api.corev1.PodStatus.RUNNING);

            assertThatThrownBy(() -> operations().evict(pod))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("default/web-1 has no UID");
        }
    }

    @Nested
    @DisplayName("deletePod, attachedVolumes and deleteNode")
    class Deletes {

        @Test
        @DisplayName("should delete a pod with the grace period and a UID precondition")
        void deletePod() {
            Pod pod = corePod("web-1", "9a1c-uid");
            recorder.clear();

            operations().deletePod(pod, 12);

            RecordingInterceptor.Sent delete = requests("DELETE").get(0);
            assertThat(delete.path()).isEqualTo("/api/v1/namespaces/default/pods/web-1?gracePeriodSeconds=12");
            JsonObject body = json(delete);
            assertThat(body.get("gracePeriodSeconds").getAsLong()).isEqualTo(12);
            assertThat(body.getAsJsonObject("preconditions").get("uid").getAsString())
                    .isEqualTo("9a1c-uid");
            assertThat(cluster.seed
                            .pods()
                            .inNamespace("default")
                            .withName("web-1")
                            .get())
                    .isNull();
        }

        @Test
        @DisplayName("should accept a pod already gone or replaced")
        void deleteGone() {
            Pod pod = corePod("web-1", "9a1c-uid");
            cluster.server
                    .expect()
                    .delete()
                    .withPath("/api/v1/namespaces/default/pods/web-1?gracePeriodSeconds=0")
                    .andReturn(409, MockCluster.statusBody(409, "Conflict", "Precondition failed: UID"))
                    .once();

            operations().deletePod(pod, 0);
            cluster.seed.pods().inNamespace("default").withName("web-1").delete();
            operations().deletePod(pod, 0);
        }

        @Test
        @DisplayName("should count VolumeAttachments attached to the node")
        void volumes() {
            volumeAttachment("va-1", "node-1", true);
            volumeAttachment("va-2", "node-1", true);
            volumeAttachment("va-3", "node-1", false);
            volumeAttachment("va-4", "node-2", true);

            assertThat(operations().attachedVolumes("node-1")).isEqualTo(2);
            assertThat(operations().attachedVolumes("node-2")).isEqualTo(1);
            assertThat(operations().attachedVolumes("node-3")).isZero();
        }

        private void volumeAttachment(String name, String node, boolean attached) {
            cluster.create("""
                    apiVersion: storage.k8s.io/v1
                    kind: VolumeAttachment
                    metadata: {name: %s}
                    spec:
                      attacher: ebs.csi.aws.com
                      nodeName: %s
                      source: {persistentVolumeName: pv-%s}
                    status: {attached: %s}
                    """.formatted(name, node, name, attached));
        }

        @Test
        @DisplayName("should delete the node, and accept a node already gone")
        void deleteNode() {
            node("node-1", "{}");

            operations().deleteNode("node-1");
            operations().deleteNode("node-1");

            assertThat(readNode("node-1")).isNull();
        }

        @Test
        @DisplayName("should throw when deleting the node fails otherwise")
        void deleteNodeFails() {
            cluster.server
                    .expect()
                    .delete()
                    .withPath("/api/v1/nodes/node-1")
                    .andReturn(500, MockCluster.statusBody(500, "InternalError", "boom"))
                    .once();

            assertThatThrownBy(() -> operations().deleteNode("node-1"))
                    .isInstanceOf(KubernetesRequestException.class)
                    .hasMessageContaining("delete nodes")
                    .hasMessageContaining("boom");
        }
    }
}
