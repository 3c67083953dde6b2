package dev.fleetwright.kubernetes;

import dev.fleetwright.core.api.corev1.DaemonSet;
import dev.fleetwright.core.api.corev1.Node;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.load.ConfigLoader;
import dev.fleetwright.core.api.load.LoadResult;
import dev.fleetwright.core.api.load.SourceDocument;
import dev.fleetwright.core.state.ClusterState;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1DaemonSet;
import io.kubernetes.client.openapi.models.V1DaemonSetList;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NamespaceList;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeList;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link ClusterState} read from a cluster's Kubernetes API with client-java. Every call lists the current objects
 * (level-triggered); every list is paginated with {@code limit} and {@code continue}, and restarts once from the
 * beginning when the API server expires the continue token ({@code 410 Gone}).
 *
 * <p>Reads:
 *
 * <ul>
 *   <li>{@link #nodePoolsAndNodeClasses()}: the Karpenter custom objects, each resource in the newest version the
 *       cluster serves: {@code nodepools.karpenter.sh} v1, else v1beta1; {@code provisioners.karpenter.sh} v1alpha5;
 *       {@code ec2nodeclasses.karpenter.k8s.aws} v1, else v1beta1; {@code awsnodetemplates.karpenter.k8s.aws} v1alpha1.
 *       A CRD's objects are visible in every version it serves, so reading one version per resource sees each object
 *       once; a {@code 404} means the version is not served and is not an error. Objects become
 *       {@link SourceDocument}s named {@code cluster:<group>/<version>/<plural>} with their position as index, and are
 *       loaded with {@link ConfigLoader#loadDocuments} (older versions converted; errors per object). A warning is added
 *       when no NodePool or no EC2NodeClass resource is served at all.
 *   <li>{@link #unboundPods()}: pods with field selector {@code spec.nodeName=,status.phase!=Succeeded,
 *       status.phase!=Failed}; {@link #boundPods()}: {@code spec.nodeName!=} with the same phase filter. The same
 *       conditions are applied again to the answer, so a server that ignores field selectors gives the same result.
 *   <li>{@link #nodes()}, {@link #daemonSets()} (all namespaces), {@link #namespaceLabels()}.
 * </ul>
 *
 * <p>Failures are {@link KubernetesException}s: {@link KubernetesForbiddenException} (RBAC, naming the verb,
 * resource, user and the fix), {@link KubernetesUnauthorizedException} (token refused),
 * {@link KubernetesUnreachableException} (connection or TLS), {@link KubernetesRequestException} (other statuses),
 * {@link KubernetesObjectException} (an object that cannot be mapped). Answers are bound without client-java's
 * strict unknown-field check ({@link LenientJson}), so a cluster newer than the client still reads. Thread-safe if the
 * {@link ApiClient} is.
 */
public final class KubernetesClusterState implements ClusterState {

    /** A Karpenter resource family in preference order of versions, with the kind its objects have. */
    private record Family(String description, List<ResourceRef> versions, String kind) {}

    private static final List<Family> NODE_CLASS_FAMILIES = List.of(
            new Family(
                    "EC2NodeClass",
                    List.of(
                            new ResourceRef("karpenter.k8s.aws", "v1", "ec2nodeclasses"),
                            new ResourceRef("karpenter.k8s.aws", "v1beta1", "ec2nodeclasses")),
                    "EC2NodeClass"),
            new Family(
                    "AWSNodeTemplate",
                    List.of(new ResourceRef("karpenter.k8s.aws", "v1alpha1", "awsnodetemplates")),
                    "AWSNodeTemplate"));

    private static final List<Family> NODE_POOL_FAMILIES = List.of(
            new Family(
                    "NodePool",
                    List.of(
                            new ResourceRef("karpenter.sh", "v1", "nodepools"),
                            new ResourceRef("karpenter.sh", "v1beta1", "nodepools")),
                    "NodePool"),
            new Family(
                    "Provisioner",
                    List.of(new ResourceRef("karpenter.sh", "v1alpha5", "provisioners")),
                    "Provisioner"));

    private static final String NOT_TERMINAL = "status.phase!=Succeeded,status.phase!=Failed";

    private final ApiClient client;
    private final String clusterName;
    private final int pageSize;
    private final ConfigLoader loader;
    private final CoreV1Api core;
    private final AppsV1Api apps;
    private final CustomObjectsApi custom;
    private final KubernetesErrors errors;
    private final Paginator paginator;

    /**
     * A cluster state with the settings' cluster name and page size, loading configuration without environment
     * variables (objects from the API are not substituted).
     *
     * @param client the API client, for example from {@link KubernetesApiClients#forEks}
     * @param settings the cluster name (for messages) and page size
     */
    public KubernetesClusterState(ApiClient client, KubernetesSettings settings) {
        this(client, settings.clusterName(), settings.pageSize(), new ConfigLoader(Map.of()));
    }

    /**
     * @param client the API client
     * @param clusterName the cluster name, for messages
     * @param pageSize the {@code limit} of each list request, at least 1
     * @param loader decodes and validates NodePools and EC2NodeClasses
     * @throws IllegalArgumentException if the page size is below 1
     */
    public KubernetesClusterState(ApiClient client, String clusterName, int pageSize, ConfigLoader loader) {
        this.client = Objects.requireNonNull(client, "client");
        this.clusterName = Objects.requireNonNull(clusterName, "clusterName");
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1, got " + pageSize);
        }
        this.pageSize = pageSize;
        this.loader = Objects.requireNonNull(loader, "loader");
        this.core = new CoreV1Api(client);
        this.apps = new AppsV1Api(client);
        this.custom = new CustomObjectsApi(client);
        this.errors = new KubernetesErrors(client, clusterName);
        this.paginator = new Paginator(clusterName, errors);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Invalid objects are errors of the result, each named {@code cluster:<group>/<version>/<plural>[index]}; a
     * resource the cluster does not serve is skipped, and a warning says when no NodePool or no EC2NodeClass resource is
     * served at all.
     *
     * @throws KubernetesException if a list request fails (other than a 404 on a version's first page)
     */
    @Override
    public LoadResult nodePoolsAndNodeClasses() {
        List<SourceDocument> documents = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        readFamilies(NODE_CLASS_FAMILIES, documents, warnings, "EC2NodeClasses");
        readFamilies(NODE_POOL_FAMILIES, documents, warnings, "NodePools");
        LoadResult loaded = loader.loadDocuments(documents);
        if (warnings.isEmpty()) {
            return loaded;
        }
        warnings.addAll(loaded.warnings());
        return new LoadResult(loaded.nodePools(), loaded.nodeClasses(), loaded.errors(), warnings, loaded.skipped());
    }

    /**
     * {@inheritDoc}
     *
     * @throws KubernetesException if the list fails or a pod cannot be mapped
     */
    @Override
    public List<Pod> unboundPods() {
        return pods("spec.nodeName=," + NOT_TERMINAL).stream()
                .filter(p -> !p.isBound() && !p.isTerminal())
                .toList();
    }

    /**
     * {@inheritDoc} Finished pods (Succeeded, Failed) are left out; pods being deleted are kept, as they still hold
     * their node's resources.
     *
     * @throws KubernetesException if the list fails or a pod cannot be mapped
     */
    @Override
    public List<Pod> boundPods() {
        return pods("spec.nodeName!=," + NOT_TERMINAL).stream()
                .filter(p -> p.isBound() && !p.isTerminal())
                .toList();
    }

    /**
     * {@inheritDoc}
     *
     * @throws KubernetesException if the list fails or a node cannot be mapped
     */
    @Override
    public List<Node> nodes() {
        List<V1Node> items = paginator.all("list", ResourceRef.NODES, token -> {
            V1NodeList list = LenientJson.execute(
                    client, core.listNode().limit(pageSize)._continue(token).buildCall(null), V1NodeList.class);
            return new Paginator.Page<>(list.getItems(), Paginator.continueToken(list.getMetadata()));
        });
        return items.stream().map(NodeMapper::toNode).toList();
    }

    /**
     * {@inheritDoc} Each is mapped with its pod template ({@link PodMapper#toDaemonSet}).
     *
     * @throws KubernetesException if the list fails or a DaemonSet cannot be mapped
     */
    @Override
    public List<DaemonSet> daemonSets() {
        List<V1DaemonSet> items = paginator.all("list", ResourceRef.DAEMON_SETS, token -> {
            V1DaemonSetList list = LenientJson.execute(
                    client,
                    apps.listDaemonSetForAllNamespaces()
                            .limit(pageSize)
                            ._continue(token)
                            .buildCall(null),
                    V1DaemonSetList.class);
            return new Paginator.Page<>(list.getItems(), Paginator.continueToken(list.getMetadata()));
        });
        return items.stream().map(PodMapper::toDaemonSet).toList();
    }

    /**
     * {@inheritDoc}
     *
     * @throws KubernetesException if the list fails
     */
    @Override
    public Map<String, Map<String, String>> namespaceLabels() {
        List<V1Namespace> items = paginator.all("list", ResourceRef.NAMESPACES, token -> {
            V1NamespaceList list = LenientJson.execute(
                    client,
                    core.listNamespace().limit(pageSize)._continue(token).buildCall(null),
                    V1NamespaceList.class);
            return new Paginator.Page<>(list.getItems(), Paginator.continueToken(list.getMetadata()));
        });
        Map<String, Map<String, String>> labels = new LinkedHashMap<>();
        for (V1Namespace ns : items) {
            if (ns.getMetadata() == null || ns.getMetadata().getName() == null) {
                throw new KubernetesObjectException("Namespace ?: metadata.name: required", null);
            }
            Map<String, String> l = ns.getMetadata().getLabels();
            labels.put(ns.getMetadata().getName(), l == null ? Map.of() : Map.copyOf(l));
        }
        return labels;
    }

    private List<Pod> pods(String fieldSelector) {
        List<V1Pod> items = paginator.all("list", ResourceRef.PODS, token -> {
            V1PodList list = LenientJson.execute(
                    client,
                    core.listPodForAllNamespaces()
                            .fieldSelector(fieldSelector)
                            .limit(pageSize)
                            ._continue(token)
                            .buildCall(null),
                    V1PodList.class);
            return new Paginator.Page<>(list.getItems(), Paginator.continueToken(list.getMetadata()));
        });
        return items.stream().map(PodMapper::toPod).toList();
    }

    private void readFamilies(
            List<Family> families, List<SourceDocument> documents, List<String> warnings, String what) {
        List<String> tried = new ArrayList<>();
        boolean anyServed = false;
        for (Family family : families) {
            for (ResourceRef version : family.versions()) {
                tried.add(version.qualifiedName() + " " + version.version());
                List<Map<String, Object>> items = customObjects(version);
                if (items == null) {
                    continue;
                }
                anyServed = true;
                String source = "cluster:" + version.group() + "/" + version.version() + "/" + version.plural();
                for (int i = 0; i < items.size(); i++) {
                    documents.add(SourceDocument.of(source, i, withTypeMeta(items.get(i), version, family.kind())));
                }
                break;
            }
        }
        if (!anyServed) {
            warnings.add("cluster \"" + clusterName + "\" serves none of " + String.join(", ", tried) + ": no " + what
                    + " were read; install Karpenter's CRDs (karpenter.sh and karpenter.k8s.aws)");
        }
    }

    /**
     * The objects of one custom resource version, or null when the cluster does not serve it: a 404 on the first page.
     * A 404 on a later page is a failure like any other, so objects are never dropped silently.
     */
    private List<Map<String, Object>> customObjects(ResourceRef ref) {
        try {
            return paginator.all("list", ref, token -> {
                Object answer;
                try {
                    answer = custom.listClusterCustomObject(ref.group(), ref.version(), ref.plural())
                            .limit(pageSize)
                            ._continue(token)
                            .execute();
                } catch (ApiException e) {
                    if (e.getCode() == 404 && token == null) {
                        throw new NotServed();
                    }
                    throw e;
                }
                return customPage(answer, ref);
            });
        } catch (NotServed e) {
            return null;
        }
    }

    /** Signals a 404 on the first page of a custom resource list; carries no stack trace. */
    private static final class NotServed extends RuntimeException {
        NotServed() {
            super("not served", null, false, false);
        }
    }

    private Paginator.Page<Map<String, Object>> customPage(Object answer, ResourceRef ref) {
        if (!(answer instanceof Map<?, ?> list)) {
            throw errors.undecodable(
                    new IllegalStateException("expected a list object, got " + describe(answer)), "list", ref);
        }
        List<Map<String, Object>> items = new ArrayList<>();
        Object rawItems = list.get("items");
        if (rawItems != null && !(rawItems instanceof List<?>)) {
            throw errors.undecodable(new IllegalStateException("items is " + describe(rawItems)), "list", ref);
        }
        if (rawItems instanceof List<?> raw) {
            for (Object item : raw) {
                if (!(item instanceof Map<?, ?> m)) {
                    throw errors.undecodable(new IllegalStateException("an item is " + describe(item)), "list", ref);
                }
                Map<String, Object> copy = new LinkedHashMap<>();
                m.forEach((k, v) -> copy.put(String.valueOf(k), v));
                items.add(copy);
            }
        }
        String token = null;
        if (list.get("metadata") instanceof Map<?, ?> meta && meta.get("continue") instanceof String s) {
            token = s;
        }
        return new Paginator.Page<>(items, token);
    }

    /** List items of custom resources carry apiVersion and kind; fill them in if a server leaves them out. */
    private static Map<String, Object> withTypeMeta(Map<String, Object> item, ResourceRef ref, String kind) {
        if (item.get("apiVersion") instanceof String && item.get("kind") instanceof String) {
            return item;
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        copy.put("apiVersion", ref.apiVersion());
        copy.put("kind", kind);
        item.forEach((k, v) -> {
            if (!k.equals("apiVersion") && !k.equals("kind")) {
                copy.put(k, v);
            }
        });
        return copy;
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName();
    }
}
