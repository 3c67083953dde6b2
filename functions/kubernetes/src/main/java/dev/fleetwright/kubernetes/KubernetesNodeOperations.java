package dev.fleetwright.kubernetes;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.fleetwright.core.api.corev1.Node;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.Taint;
import dev.fleetwright.core.state.NodeOperations;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.StorageV1Api;
import io.kubernetes.client.openapi.models.V1DeleteOptions;
import io.kubernetes.client.openapi.models.V1Eviction;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.openapi.models.V1Preconditions;
import io.kubernetes.client.openapi.models.V1VolumeAttachment;
import io.kubernetes.client.openapi.models.V1VolumeAttachmentList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * {@link NodeOperations} on a cluster's Kubernetes API with client-java: the writes drain makes, after Karpenter's
 * terminator ([K] pkg/controllers/node/termination/terminator) and the Eviction API ({@code policy/v1}).
 *
 * <ul>
 *   <li>{@link #addTaint}: reads the node, and when no taint has the same key and effect, sends a JSON Patch that
 *       <em>tests</em> what was read and appends the taint: {@code test /spec/taints = <taints read>}, {@code add
 *       /spec/taints/-}; a node without taints is tested by {@code /metadata/resourceVersion} and gets {@code add
 *       /spec/taints [taint]}. A failed test (another writer changed the taints; the API server answers 422, or 409)
 *       re-reads and tries again, up to {@value #MAX_PATCH_ATTEMPTS} times. Why JSON Patch: a strategic merge patch
 *       would replace the taint list ({@code spec.taints} has no merge key for a plain merge patch, and fabric8's mock
 *       server has no strategic merge to test against), and a read-modify-replace with {@code resourceVersion} would
 *       write back the whole node as client-java's models know it, dropping fields a newer Kubernetes added. Testing the
 *       taints rather than the resourceVersion also keeps kubelet's status heartbeats from failing the patch.
 *   <li>{@link #setLabel}: a JSON merge patch of {@code metadata.labels}, which changes only that key.
 *   <li>{@link #podsOn}: pods with field selector {@code spec.nodeName=<node>}, paginated, mapped with {@link
 *       PodMapper}; the node name is checked again on the answer, so a server that ignores the selector gives the same
 *       result.
 *   <li>{@link #evict}: {@code POST pods/<name>/eviction} with {@code deleteOptions.preconditions.uid}. 201 (or 200)
 *       is {@link EvictionResult#EVICTED}, 429 {@link EvictionResult#BLOCKED_BY_DISRUPTION_BUDGET}, 404 {@link
 *       EvictionResult#NOT_FOUND}, 409 {@link EvictionResult#UID_CHANGED}, and a 500 whose message names
 *       PodDisruptionBudgets (the API server's answer when more than one selects the pod) {@link
 *       EvictionResult#MISCONFIGURED_BUDGETS}; anything else is a {@link KubernetesException} (Kubernetes docs,
 *       "API-initiated eviction").
 *   <li>{@link #deletePod}: {@code DELETE} with the grace period and the same UID precondition; a pod already gone (404)
 *       or replaced (409) is not an error.
 *   <li>{@link #attachedVolumes}: {@code storage.k8s.io/v1} VolumeAttachments (the API has no field selector on
 *       {@code spec.nodeName}), paginated, counting those with {@code spec.nodeName} = the node and {@code
 *       status.attached} true.
 *   <li>{@link #deleteNode}: {@code DELETE}; 404 is success.
 * </ul>
 *
 * <p>A node named by {@link #addTaint} or {@link #setLabel} that does not exist is a {@link
 * NodeOperations.NotFoundException}. Other failures are {@link KubernetesException}s naming the cluster, the verb and
 * the resource ({@link KubernetesForbiddenException} says which RBAC rule is missing). Answers are bound with {@link
 * LenientJson}. Thread-safe if the {@link ApiClient} is.
 */
public final class KubernetesNodeOperations implements NodeOperations {

    /** How many times a taint patch is retried after another writer changed the node. */
    static final int MAX_PATCH_ATTEMPTS = 5;

    static final String JSON_PATCH = "application/json-patch+json";
    static final String MERGE_PATCH = "application/merge-patch+json";

    private final ApiClient client;
    private final String clusterName;
    private final int pageSize;
    private final CoreV1Api core;
    private final StorageV1Api storage;
    private final KubernetesErrors errors;
    private final Paginator paginator;

    /**
     * @param client the API client, for example from {@link KubernetesApiClients#forEks}
     * @param settings the cluster name (for messages) and list page size
     */
    public KubernetesNodeOperations(ApiClient client, KubernetesSettings settings) {
        this(client, settings.clusterName(), settings.pageSize());
    }

    /**
     * @param client the API client
     * @param clusterName the cluster name, for messages
     * @param pageSize the {@code limit} of each list request, at least 1
     * @throws IllegalArgumentException if the page size is below 1
     */
    public KubernetesNodeOperations(ApiClient client, String clusterName, int pageSize) {
        this.client = Objects.requireNonNull(client, "client");
        this.clusterName = Objects.requireNonNull(clusterName, "clusterName");
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1, got " + pageSize);
        }
        this.pageSize = pageSize;
        this.core = new CoreV1Api(client);
        this.storage = new StorageV1Api(client);
        this.errors = new KubernetesErrors(client, clusterName);
        this.paginator = new Paginator(clusterName, errors);
    }

    /**
     * {@inheritDoc}
     *
     * @throws NodeOperations.NotFoundException if the node does not exist
     * @throws KubernetesException if a request fails, or the node keeps changing for {@value #MAX_PATCH_ATTEMPTS}
     *     attempts
     */
    @Override
    public void addTaint(String node, Taint taint) {
        Objects.requireNonNull(taint, "taint");
        patchUntilSettled(node, current -> {
            JsonObject spec = object(current, "spec");
            JsonElement taints = spec == null ? null : spec.get("taints");
            boolean hasTaints = taints != null && taints.isJsonArray();
            if (hasTaints && contains(taints.getAsJsonArray(), taint)) {
                return null;
            }
            JsonArray patch = new JsonArray();
            if (hasTaints) {
                patch.add(operation("test", "/spec/taints", taints));
                patch.add(operation("add", "/spec/taints/-", taintJson(taint)));
            } else {
                JsonObject metadata = object(current, "metadata");
                JsonElement version = metadata == null ? null : metadata.get("resourceVersion");
                if (version != null && !version.isJsonNull()) {
                    patch.add(operation("test", "/metadata/resourceVersion", version));
                }
                JsonArray list = new JsonArray();
                list.add(taintJson(taint));
                patch.add(operation("add", "/spec/taints", list));
            }
            return patch;
        });
    }

    /**
     * {@inheritDoc} A JSON Patch that tests the taint list it read and removes the matching entries by index (highest
     * first), retried when the node changed meanwhile.
     *
     * @throws NodeOperations.NotFoundException if the node does not exist
     * @throws KubernetesException if the request fails
     */
    @Override
    public void removeTaint(String node, Taint taint) {
        Objects.requireNonNull(taint, "taint");
        patchUntilSettled(node, current -> {
            JsonObject spec = object(current, "spec");
            JsonElement taints = spec == null ? null : spec.get("taints");
            if (taints == null || !taints.isJsonArray() || !contains(taints.getAsJsonArray(), taint)) {
                return null;
            }
            JsonArray list = taints.getAsJsonArray();
            JsonArray patch = new JsonArray();
            patch.add(operation("test", "/spec/taints", list));
            for (int i = list.size() - 1; i >= 0; i--) {
                JsonElement t = list.get(i);
                if (t.isJsonObject()
                        && taint.key().equals(text(t.getAsJsonObject(), "key"))
                        && taint.effect().wireName().equals(text(t.getAsJsonObject(), "effect"))) {
                    JsonObject remove = new JsonObject();
                    remove.add("op", new JsonPrimitive("remove"));
                    remove.add("path", new JsonPrimitive("/spec/taints/" + i));
                    patch.add(remove);
                }
            }
            return patch;
        });
    }

    /**
     * Reads the node, builds a JSON Patch from what it read and applies it; when the node changed meanwhile (the
     * patch's test fails: 409 or 422) it reads again and retries, up to {@value #MAX_PATCH_ATTEMPTS} attempts.
     *
     * @param build the patch for the node as read ({@code metadata}, {@code spec}); null when nothing needs to change
     * @throws NodeOperations.NotFoundException if the node does not exist
     * @throws KubernetesException if a request fails, or the node keeps changing
     */
    private void patchUntilSettled(String node, java.util.function.Function<JsonObject, JsonArray> build) {
        for (int attempt = 1; ; attempt++) {
            JsonArray patch = build.apply(readNode(node));
            if (patch == null) {
                return;
            }
            try {
                patch(node, JSON_PATCH, patch.toString());
                return;
            } catch (ApiException e) {
                if (e.getCode() == 404) {
                    throw notFound(node);
                }
                boolean changedMeanwhile = e.getCode() == 409 || e.getCode() == 422;
                if (!changedMeanwhile || attempt >= MAX_PATCH_ATTEMPTS) {
                    throw errors.translate(e, "patch", ResourceRef.NODES);
                }
            }
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws NodeOperations.NotFoundException if the node does not exist
     * @throws KubernetesException if the request fails
     */
    @Override
    public void setLabel(String node, String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        JsonObject labels = new JsonObject();
        labels.addProperty(key, value);
        JsonObject metadata = new JsonObject();
        metadata.add("labels", labels);
        JsonObject patch = new JsonObject();
        patch.add("metadata", metadata);
        try {
            patch(node, MERGE_PATCH, patch.toString());
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                throw notFound(node);
            }
            throw errors.translate(e, "patch", ResourceRef.NODES);
        }
    }

    /**
     * {@inheritDoc} Finished pods are included (the caller decides what to wait for).
     *
     * @throws KubernetesException if the list fails or a pod cannot be mapped
     */
    /**
     * Reads a node, decoded leniently (unknown fields are ignored).
     *
     * @throws KubernetesException if the read fails for another reason than the node being absent
     */
    @Override
    public Optional<Node> node(String node) {
        Objects.requireNonNull(node, "node");
        try {
            V1Node read = LenientJson.execute(client, core.readNode(node).buildCall(null), V1Node.class);
            return Optional.of(NodeMapper.toNode(read));
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw errors.translate(e, "get", ResourceRef.NODES);
        }
    }

    @Override
    public List<Pod> podsOn(String node) {
        Objects.requireNonNull(node, "node");
        List<V1Pod> items = paginator.all("list", ResourceRef.PODS, token -> {
            V1PodList list = LenientJson.execute(
                    client,
                    core.listPodForAllNamespaces()
                            .fieldSelector("spec.nodeName=" + node)
                            .limit(pageSize)
                            ._continue(token)
                            .buildCall(null),
                    V1PodList.class);
            return new Paginator.Page<>(list.getItems(), Paginator.continueToken(list.getMetadata()));
        });
        return items.stream()
                .filter(p -> p.getSpec() != null && node.equals(p.getSpec().getNodeName()))
                .map(PodMapper::toPod)
                .toList();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the pod has no UID (it was not read from the API server)
     * @throws KubernetesException for an answer other than those mapped to an {@link EvictionResult}
     */
    @Override
    public EvictionResult evict(Pod pod) {
        String uid = uidOf(pod);
        V1Eviction eviction = new V1Eviction()
                .apiVersion("policy/v1")
                .kind("Eviction")
                .metadata(new V1ObjectMeta().name(pod.name()).namespace(pod.namespace()))
                .deleteOptions(new V1DeleteOptions().preconditions(new V1Preconditions().uid(uid)));
        try {
            client.execute(
                    core.createNamespacedPodEviction(pod.name(), pod.namespace(), eviction)
                            .buildCall(null),
                    JsonElement.class);
            return EvictionResult.EVICTED;
        } catch (ApiException e) {
            return switch (e.getCode()) {
                case 429 -> EvictionResult.BLOCKED_BY_DISRUPTION_BUDGET;
                case 404 -> EvictionResult.NOT_FOUND;
                case 409 -> EvictionResult.UID_CHANGED;
                case 500 -> {
                    if (errors.serverMessage(e).contains("PodDisruptionBudget")) {
                        yield EvictionResult.MISCONFIGURED_BUDGETS;
                    }
                    throw errors.translate(e, "create", ResourceRef.POD_EVICTIONS);
                }
                default -> throw errors.translate(e, "create", ResourceRef.POD_EVICTIONS);
            };
        }
    }

    /**
     * {@inheritDoc} The delete carries the pod's UID as a precondition, so a new pod of the same name survives.
     *
     * @throws IllegalArgumentException if the grace period is negative or the pod has no UID
     * @throws KubernetesException if the request fails other than with 404 or 409
     */
    @Override
    public void deletePod(Pod pod, long gracePeriodSeconds) {
        if (gracePeriodSeconds < 0) {
            throw new IllegalArgumentException("gracePeriodSeconds must not be negative, got " + gracePeriodSeconds);
        }
        String uid = uidOf(pod);
        int grace = (int) Math.min(gracePeriodSeconds, Integer.MAX_VALUE);
        try {
            client.execute(
                    core.deleteNamespacedPod(pod.name(), pod.namespace())
                            .gracePeriodSeconds(grace)
                            .body(new V1DeleteOptions()
                                    .gracePeriodSeconds((long) grace)
                                    .preconditions(new V1Preconditions().uid(uid)))
                            .buildCall(null),
                    JsonElement.class);
        } catch (ApiException e) {
            if (e.getCode() == 404 || e.getCode() == 409) {
                return;
            }
            throw errors.translate(e, "delete", ResourceRef.PODS);
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws KubernetesException if the list fails
     */
    @Override
    public int attachedVolumes(String node) {
        Objects.requireNonNull(node, "node");
        List<V1VolumeAttachment> items = paginator.all("list", ResourceRef.VOLUME_ATTACHMENTS, token -> {
            V1VolumeAttachmentList list = LenientJson.execute(
                    client,
                    storage.listVolumeAttachment()
                            .limit(pageSize)
                            ._continue(token)
                            .buildCall(null),
                    V1VolumeAttachmentList.class);
            return new Paginator.Page<>(list.getItems(), Paginator.continueToken(list.getMetadata()));
        });
        int attached = 0;
        for (V1VolumeAttachment va : items) {
            boolean onNode = va.getSpec() != null && node.equals(va.getSpec().getNodeName());
            boolean isAttached =
                    va.getStatus() != null && Boolean.TRUE.equals(va.getStatus().getAttached());
            if (onNode && isAttached) {
                attached++;
            }
        }
        return attached;
    }

    /**
     * {@inheritDoc}
     *
     * @throws KubernetesException if the request fails other than with 404
     */
    @Override
    public void deleteNode(String node) {
        try {
            client.execute(core.deleteNode(node).buildCall(null), JsonElement.class);
        } catch (ApiException e) {
            if (e.getCode() != 404) {
                throw errors.translate(e, "delete", ResourceRef.NODES);
            }
        }
    }

    private JsonObject readNode(String node) {
        Objects.requireNonNull(node, "node");
        try {
            JsonElement tree = client.<JsonElement>execute(core.readNode(node).buildCall(null), JsonElement.class)
                    .getData();
            if (tree == null || !tree.isJsonObject()) {
                throw errors.undecodable(
                        new IllegalStateException("the answer is not a JSON object"), "get", ResourceRef.NODES);
            }
            return tree.getAsJsonObject();
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                throw notFound(node);
            }
            throw errors.translate(e, "get", ResourceRef.NODES);
        }
    }

    /**
     * Sends a patch of the given format. The generated request builder picks the first content type the API lists
     * (JSON Patch), so the request is rebuilt with the intended one, keeping URL and headers.
     */
    private void patch(String node, String format, String body) throws ApiException {
        Call generated = core.patchNode(node, new V1Patch(body)).buildCall(null);
        Request request = generated
                .request()
                .newBuilder()
                .patch(RequestBody.create(body, MediaType.get(format)))
                .header("Content-Type", format)
                .build();
        client.execute(client.getHttpClient().newCall(request), JsonElement.class);
    }

    private NodeOperations.NotFoundException notFound(String node) {
        return new NodeOperations.NotFoundException(
                "cluster \"" + clusterName + "\": node \"" + node + "\" does not exist");
    }

    private static String uidOf(Pod pod) {
        Objects.requireNonNull(pod, "pod");
        if (pod.metadata().uid().isEmpty()) {
            throw new IllegalArgumentException(
                    "pod " + pod.key() + " has no UID; only pods read from the API server can be evicted or deleted");
        }
        return pod.metadata().uid();
    }

    private static JsonObject object(JsonObject parent, String name) {
        JsonElement e = parent.get(name);
        return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
    }

    private static boolean contains(JsonArray taints, Taint taint) {
        for (JsonElement t : taints) {
            if (t.isJsonObject()) {
                JsonObject o = t.getAsJsonObject();
                if (taint.key().equals(text(o, "key"))
                        && taint.effect().wireName().equals(text(o, "effect"))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String text(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }

    private static JsonObject taintJson(Taint taint) {
        JsonObject t = new JsonObject();
        t.addProperty("key", taint.key());
        if (!taint.value().isEmpty()) {
            t.addProperty("value", taint.value());
        }
        t.addProperty("effect", taint.effect().wireName());
        return t;
    }

    private static JsonObject operation(String op, String path, JsonElement value) {
        JsonObject o = new JsonObject();
        o.add("op", new JsonPrimitive(op));
        o.add("path", new JsonPrimitive(path));
        o.add("value", value);
        return o;
    }
}
