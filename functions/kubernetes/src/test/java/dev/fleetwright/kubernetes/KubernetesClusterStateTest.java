package dev.fleetwright.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetwright.core.api.ConsolidationPolicy;
import dev.fleetwright.core.api.NodePool;
import dev.fleetwright.core.api.corev1.DaemonSet;
import dev.fleetwright.core.api.corev1.Node;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.api.load.ConfigLoader;
import dev.fleetwright.core.api.load.LoadResult;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeListBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("KubernetesClusterState against fabric8's mock API server (CRUD mode, client-java over HTTP)")
class KubernetesClusterStateTest {

    private static final String CLUSTER = "demo";

    private final MockCluster cluster = new MockCluster();

    @AfterEach
    void stop() {
        cluster.close();
    }

    private KubernetesClusterState state() {
        return state(KubernetesSettings.DEFAULT_PAGE_SIZE);
    }

    private KubernetesClusterState state(int pageSize) {
        return new KubernetesClusterState(cluster.apiClient(), CLUSTER, pageSize, new ConfigLoader(Map.of()));
    }

    private static final String EC2_NODE_CLASS_V1 = """
            apiVersion: karpenter.k8s.aws/v1
            kind: EC2NodeClass
            metadata: {name: default}
            spec:
              role: KarpenterNodeRole-demo
              amiSelectorTerms: [{alias: al2023@latest}]
              subnetSelectorTerms: [{tags: {karpenter.sh/discovery: demo}}]
              securityGroupSelectorTerms: [{tags: {karpenter.sh/discovery: demo}}]
            """;

    private static String nodePoolV1(String name, String operator) {
        return """
                apiVersion: karpenter.sh/v1
                kind: NodePool
                metadata: {name: %s}
                spec:
                  template:
                    spec:
                      requirements:
                        - {key: karpenter.sh/capacity-type, operator: %s, values: [spot]}
                      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
                  limits: {cpu: 100}
                """.formatted(name, operator);
    }

    /** Makes the cluster refuse {@code group/version/plural} with 404, as for a version it does not serve. */
    private void notServed(String group, String version, String plural) {
        cluster.failAlways(
                "/apis/" + group + "/" + version + "/" + plural + "?limit=500",
                404,
                "NotFound",
                "the server could not find the requested resource");
    }

    @Nested
    @DisplayName("NodePools and EC2NodeClasses")
    class Configuration {

        @Test
        @DisplayName("should read v1 NodePools and EC2NodeClasses and load them")
        void v1() {
            cluster.createCustom("ec2nodeclasses", EC2_NODE_CLASS_V1);
            cluster.createCustom("nodepools", nodePoolV1("general", "In"));
            cluster.createCustom("nodepools", nodePoolV1("batch", "In"));

            LoadResult result = state().nodePoolsAndNodeClasses();

            assertThat(result.errors()).isEmpty();
            assertThat(result.nodeClasses()).extracting(c -> c.name()).containsExactly("default");
            assertThat(result.nodePools()).extracting(p -> p.name()).containsExactlyInAnyOrder("general", "batch");
            assertThat(result.nodePool("general").orElseThrow().spec().limits().limitOf("cpu"))
                    .hasValue(100_000L);
            assertThat(result.warnings()).isEmpty();
        }

        @Test
        @DisplayName("should report an invalid NodePool with its cluster source and still load the valid one")
        void invalidObject() {
            cluster.createCustom("ec2nodeclasses", EC2_NODE_CLASS_V1);
            cluster.createCustom("nodepools", nodePoolV1("good", "In"));
            cluster.createCustom("nodepools", nodePoolV1("bad", "Maybe"));

            LoadResult result = state().nodePoolsAndNodeClasses();

            assertThat(result.nodePools()).extracting(p -> p.name()).containsExactly("good");
            assertThat(result.errors()).singleElement().satisfies(e -> {
                assertThat(e.source()).isEqualTo("cluster:karpenter.sh/v1/nodepools");
                assertThat(e.name()).isEqualTo("bad");
                assertThat(e.kind()).isEqualTo("NodePool");
                assertThat(e.path()).startsWith("spec.template.spec.requirements[0]");
                assertThat(e.toString()).contains("Maybe");
            });
        }

        @Test
        @DisplayName("should read v1beta1 objects when v1 is not served, and convert them")
        void v1beta1() {
            notServed("karpenter.sh", "v1", "nodepools");
            notServed("karpenter.k8s.aws", "v1", "ec2nodeclasses");
            cluster.createCustom("ec2nodeclasses", """
                    apiVersion: karpenter.k8s.aws/v1beta1
                    kind: EC2NodeClass
                    metadata: {name: default}
                    spec:
                      amiFamily: AL2023
                      role: KarpenterNodeRole-demo
                      subnetSelectorTerms: [{tags: {karpenter.sh/discovery: demo}}]
                      securityGroupSelectorTerms: [{tags: {karpenter.sh/discovery: demo}}]
                    """);
            cluster.createCustom("nodepools", """
                    apiVersion: karpenter.sh/v1beta1
                    kind: NodePool
                    metadata: {name: default}
                    spec:
                      template:
                        spec:
                          requirements:
                            - {key: karpenter.sh/capacity-type, operator: In, values: [on-demand]}
                          nodeClassRef: {name: default}
                      disruption:
                        consolidationPolicy: WhenUnderutilized
                        expireAfter: 720h
                    """);

            LoadResult result = state().nodePoolsAndNodeClasses();

            assertThat(result.errors()).isEmpty();
            assertThat(result.nodeClasses()).extracting(c -> c.name()).containsExactly("default");
            NodePool pool = result.nodePool("default").orElseThrow();
            // v1beta1 WhenUnderutilized is v1 WhenEmptyOrUnderutilized; expireAfter moves to the template
            assertThat(pool.spec().disruption().consolidationPolicy())
                    .isEqualTo(ConsolidationPolicy.WHEN_EMPTY_OR_UNDERUTILIZED);
            assertThat(pool.spec().template().spec().expireAfter().duration())
                    .hasValue(java.time.Duration.ofHours(720));
            assertThat(pool.nodeClassRef().name()).isEqualTo("default");
            assertThat(result.warnings()).isNotEmpty();
        }

        @Test
        @DisplayName("should read v1alpha5 Provisioners and v1alpha1 AWSNodeTemplates when nothing newer is served")
        void v1alpha5() {
            notServed("karpenter.sh", "v1", "nodepools");
            notServed("karpenter.sh", "v1beta1", "nodepools");
            notServed("karpenter.k8s.aws", "v1", "ec2nodeclasses");
            notServed("karpenter.k8s.aws", "v1beta1", "ec2nodeclasses");
            cluster.createCustom("awsnodetemplates", """
                    apiVersion: karpenter.k8s.aws/v1alpha1
                    kind: AWSNodeTemplate
                    metadata: {name: default}
                    spec:
                      instanceProfile: KarpenterNodeInstanceProfile-demo
                      subnetSelector: {karpenter.sh/discovery: demo}
                      securityGroupSelector: {karpenter.sh/discovery: demo}
                    """);
            cluster.createCustom("provisioners", """
                    apiVersion: karpenter.sh/v1alpha5
                    kind: Provisioner
                    metadata: {name: default}
                    spec:
                      requirements:
                        - {key: karpenter.sh/capacity-type, operator: In, values: [spot]}
                      providerRef: {name: default}
                    """);

            LoadResult result = state().nodePoolsAndNodeClasses();

            assertThat(result.errors()).isEmpty();
            assertThat(result.nodePools()).extracting(p -> p.name()).containsExactly("default");
            assertThat(result.nodeClasses()).extracting(c -> c.name()).containsExactly("default");
        }

        @Test
        @DisplayName("should query the newest version only when it is served, not older ones")
        void newestServedOnly() throws InterruptedException {
            cluster.createCustom("ec2nodeclasses", EC2_NODE_CLASS_V1);
            cluster.createCustom("nodepools", nodePoolV1("general", "In"));

            state().nodePoolsAndNodeClasses();

            assertThat(cluster.requests("/apis/karpenter"))
                    .containsExactly(
                            "/apis/karpenter.k8s.aws/v1/ec2nodeclasses?limit=500",
                            "/apis/karpenter.k8s.aws/v1alpha1/awsnodetemplates?limit=500",
                            "/apis/karpenter.sh/v1/nodepools?limit=500",
                            "/apis/karpenter.sh/v1alpha5/provisioners?limit=500");
        }

        @Test
        @DisplayName("should warn, not fail, when the cluster serves no Karpenter resource")
        void noCrds() {
            notServed("karpenter.sh", "v1", "nodepools");
            notServed("karpenter.sh", "v1beta1", "nodepools");
            notServed("karpenter.sh", "v1alpha5", "provisioners");
            notServed("karpenter.k8s.aws", "v1", "ec2nodeclasses");
            notServed("karpenter.k8s.aws", "v1beta1", "ec2nodeclasses");
            notServed("karpenter.k8s.aws", "v1alpha1", "awsnodetemplates");

            LoadResult result = state().nodePoolsAndNodeClasses();

            assertThat(result.nodePools()).isEmpty();
            assertThat(result.errors()).isEmpty();
            assertThat(result.warnings())
                    .hasSize(2)
                    .anySatisfy(w ->
                            assertThat(w).contains("no NodePools were read").contains("nodepools.karpenter.sh v1"))
                    .anySatisfy(w -> assertThat(w).contains("no EC2NodeClasses were read"));
        }

        @Test
        @DisplayName("should name verb, resource, user and the fix when RBAC denies listing NodePools")
        void forbidden() {
            cluster.createCustom("ec2nodeclasses", EC2_NODE_CLASS_V1);
            cluster.failAlways(
                    "/apis/karpenter.sh/v1/nodepools?limit=500",
                    403,
                    "Forbidden",
                    "nodepools.karpenter.sh is forbidden: User \"arn:aws:sts::111122223333:assumed-role/fleetwright-fn/"
                            + "session\" cannot list resource \"nodepools\" in API group \"karpenter.sh\" at the"
                            + " cluster scope");

            assertThatThrownBy(() -> state().nodePoolsAndNodeClasses())
                    .isInstanceOfSatisfying(KubernetesForbiddenException.class, e -> {
                        assertThat(e.verb()).isEqualTo("list");
                        assertThat(e.resource()).isEqualTo("nodepools.karpenter.sh");
                        assertThat(e.identity())
                                .hasValue("arn:aws:sts::111122223333:assumed-role/fleetwright-fn/session");
                        assertThat(e.getMessage())
                                .contains("cluster \"demo\"")
                                .contains("denied list nodepools.karpenter.sh (karpenter.sh/v1)")
                                .contains("apiGroups: [\"karpenter.sh\"], resources: [\"nodepools\"]")
                                .contains("--principal-arn arn:aws:iam::111122223333:role/fleetwright-fn");
                    });
        }
    }

    @Nested
    @DisplayName("pods")
    class Pods {

        private static String pod(String name, String nodeName, String phase, String conditions) {
            return """
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: %s, namespace: default, labels: {app: web}}
                    spec:
                      %s
                      containers:
                        - name: app
                          image: nginx
                          resources:
                            requests: {cpu: 250m, memory: 256Mi}
                            limits: {nvidia.com/gpu: "1"}
                    status:
                      phase: %s
                      %s
                    """.formatted(name, nodeName == null ? "" : "nodeName: " + nodeName, phase, conditions);
        }

        private static final String UNSCHEDULABLE =
                "conditions: [{type: PodScheduled, status: \"False\", reason: Unschedulable}]";

        private void seed() {
            cluster.create(pod("pending", null, "Pending", UNSCHEDULABLE));
            cluster.create(pod("running", "node-1", "Running", ""));
            cluster.create(pod("done", "node-1", "Succeeded", ""));
            cluster.create(pod("failed-unbound", null, "Failed", ""));
        }

        @Test
        @DisplayName("should return unbound, unfinished pods, mapped with their requests and conditions")
        void unbound() {
            seed();

            List<Pod> pods = state().unboundPods();

            assertThat(pods).extracting(Pod::name).containsExactly("pending");
            Pod pod = pods.get(0);
            assertThat(pod.isProvisionable()).isTrue();
            assertThat(pod.spec().requests())
                    .isEqualTo(Resources.of(250, 256L << 20).with("nvidia.com/gpu", 1));
            assertThat(pod.metadata().labels()).containsEntry("app", "web");
        }

        @Test
        @DisplayName("should return bound pods except finished ones")
        void bound() {
            seed();

            assertThat(state().boundPods()).extracting(Pod::name).containsExactly("running");
        }

        @Test
        @DisplayName("should ask the API server to filter by node name and phase")
        void fieldSelectors() throws InterruptedException {
            KubernetesClusterState state = state();

            state.unboundPods();
            state.boundPods();

            assertThat(cluster.requests("/api/v1/pods"))
                    .containsExactly(
                            "/api/v1/pods?fieldSelector=spec.nodeName=,status.phase!=Succeeded,status.phase!=Failed"
                                    + "&limit=500",
                            "/api/v1/pods?fieldSelector=spec.nodeName!=,status.phase!=Succeeded,status.phase!=Failed"
                                    + "&limit=500");
        }
    }

    @Nested
    @DisplayName("objects from a newer Kubernetes")
    class NewerKubernetes {

        @Test
        @DisplayName("should read pods and nodes carrying fields client-java does not know")
        void unknownFields() {
            cluster.answerOnce(
                    "/api/v1/pods?fieldSelector=spec.nodeName%3D%2Cstatus.phase%21%3DSucceeded%2C"
                            + "status.phase%21%3DFailed&limit=500",
                    200, """
                    {"apiVersion": "v1", "kind": "PodList", "metadata": {"futureListField": 1}, "items": [{
                      "metadata": {"name": "p", "namespace": "default", "futureMetaField": "x",
                                   "creationTimestamp": "2026-01-02T03:04:05Z"},
                      "spec": {"futureSpecField": {"a": 1},
                               "containers": [{"name": "c", "futureContainerField": true,
                                               "resources": {"requests": {"cpu": "1500m"}}}]},
                      "status": {"phase": "Pending", "futureStatusField": [1, 2],
                                 "conditions": [{"type": "PodScheduled", "status": "False",
                                                 "reason": "Unschedulable", "futureConditionField": 0}]}}]}
                    """);
            cluster.answerOnce("/api/v1/nodes?limit=500", 200, """
                    {"apiVersion": "v1", "kind": "NodeList", "metadata": {}, "items": [{
                      "metadata": {"name": "n", "futureMetaField": {}},
                      "spec": {"futureSpecField": "x"},
                      "status": {"futureStatusField": 1, "allocatable": {"cpu": "2"},
                                 "conditions": [{"type": "Ready", "status": "True", "futureField": 1}]}}]}
                    """);
            KubernetesClusterState state = state();

            List<Pod> pods = state.unboundPods();
            List<Node> nodes = state.nodes();

            assertThat(pods).singleElement().satisfies(p -> {
                assertThat(p.spec().requests().cpuMillis()).isEqualTo(1500);
                assertThat(p.isProvisionable()).isTrue();
                assertThat(p.metadata().creationTimestamp()).isEqualTo(java.time.Instant.parse("2026-01-02T03:04:05Z"));
            });
            assertThat(nodes).singleElement().satisfies(n -> {
                assertThat(n.ready()).isTrue();
                assertThat(n.allocatable().cpuMillis()).isEqualTo(2000);
            });
        }
    }

    @Nested
    @DisplayName("nodes, DaemonSets and namespaces")
    class OtherObjects {

        @Test
        @DisplayName("should read nodes")
        void nodes() {
            cluster.create("""
                    apiVersion: v1
                    kind: Node
                    metadata: {name: node-1, labels: {karpenter.sh/nodepool: general}}
                    spec:
                      providerID: aws:///us-east-1a/i-0123456789abcdef0
                      taints: [{key: dedicated, value: gpu, effect: NoSchedule}]
                    status:
                      allocatable: {cpu: 3920m, memory: 15Gi, pods: "58"}
                      capacity: {cpu: "4", memory: 16Gi, pods: "58"}
                      conditions: [{type: Ready, status: "True"}]
                    """);

            List<Node> nodes = state().nodes();

            assertThat(nodes).singleElement().satisfies(n -> {
                assertThat(n.name()).isEqualTo("node-1");
                assertThat(n.instanceId()).isEqualTo("i-0123456789abcdef0");
                assertThat(n.ready()).isTrue();
                assertThat(n.allocatable()).isEqualTo(new Resources(3920, 15L << 30, 0, 58, null));
                assertThat(n.taints()).extracting(Object::toString).containsExactly("dedicated=gpu:NoSchedule");
            });
        }

        @Test
        @DisplayName("should read DaemonSets of every namespace with their pod templates")
        void daemonSets() {
            cluster.create("""
                    apiVersion: apps/v1
                    kind: DaemonSet
                    metadata: {name: agent, namespace: kube-system}
                    spec:
                      selector: {matchLabels: {app: agent}}
                      template:
                        metadata: {labels: {app: agent}}
                        spec:
                          tolerations: [{operator: Exists}]
                          containers:
                            - name: agent
                              image: agent
                              resources: {requests: {cpu: 100m, memory: 128Mi}}
                    """);
            cluster.create("""
                    apiVersion: apps/v1
                    kind: DaemonSet
                    metadata: {name: logs, namespace: monitoring}
                    spec:
                      selector: {matchLabels: {app: logs}}
                      template:
                        metadata: {labels: {app: logs}}
                        spec:
                          containers: [{name: logs, image: logs}]
                    """);

            List<DaemonSet> daemonSets = state().daemonSets();

            assertThat(daemonSets)
                    .extracting(ds -> ds.metadata().key())
                    .containsExactlyInAnyOrder("kube-system/agent", "monitoring/logs");
            DaemonSet agent = daemonSets.stream()
                    .filter(ds -> ds.metadata().name().equals("agent"))
                    .findFirst()
                    .orElseThrow();
            assertThat(agent.template().spec().requests()).isEqualTo(Resources.of(100, 128L << 20));
            assertThat(agent.template().isOwnedByDaemonSet()).isTrue();
            assertThat(agent.template().spec().tolerations()).hasSize(1);
        }

        @Test
        @DisplayName("should read the labels of every namespace")
        void namespaces() {
            cluster.create("""
                    apiVersion: v1
                    kind: Namespace
                    metadata: {name: team-a, labels: {team: a}}
                    """);
            cluster.create("""
                    apiVersion: v1
                    kind: Namespace
                    metadata: {name: plain}
                    """);

            assertThat(state().namespaceLabels())
                    .containsEntry("team-a", Map.of("team", "a"))
                    .containsEntry("plain", Map.of());
        }
    }

    @Nested
    @DisplayName("pagination")
    class Pagination {

        private static String page(String continueToken, String... names) {
            NodeListBuilder list = new NodeListBuilder()
                    .withNewMetadata()
                    .withContinue(continueToken)
                    .endMetadata();
            for (String name : names) {
                list.addToItems(new NodeBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .build());
            }
            return Serialization.asJson(list.build());
        }

        @Test
        @DisplayName("should follow continue tokens through every page with the configured limit")
        void pages() throws InterruptedException {
            cluster.answerOnce("/api/v1/nodes?limit=2", 200, page("t1", "a", "b"));
            cluster.answerOnce("/api/v1/nodes?continue=t1&limit=2", 200, page("t2", "c", "d"));
            cluster.answerOnce("/api/v1/nodes?continue=t2&limit=2", 200, page(null, "e"));

            List<Node> nodes = state(2).nodes();

            assertThat(nodes).extracting(Node::name).containsExactly("a", "b", "c", "d", "e");
            assertThat(cluster.requests("/api/v1/nodes")).hasSize(3);
        }

        @Test
        @DisplayName("should restart the list once when the continue token has expired (410)")
        void expiredToken() {
            cluster.answerOnce("/api/v1/nodes?limit=2", 200, page("old", "a", "b"));
            cluster.answerOnce(
                    "/api/v1/nodes?continue=old&limit=2",
                    410,
                    MockCluster.statusBody(410, "Expired", "The provided continue parameter is too old"));
            cluster.answerOnce("/api/v1/nodes?limit=2", 200, page("new", "a", "b"));
            cluster.answerOnce("/api/v1/nodes?continue=new&limit=2", 200, page(null, "c"));

            assertThat(state(2).nodes()).extracting(Node::name).containsExactly("a", "b", "c");
        }

        @Test
        @DisplayName("should fail rather than loop when the server repeats a continue token")
        void repeatedToken() {
            cluster.answerOnce("/api/v1/nodes?limit=2", 200, page("t1", "a", "b"));
            cluster.answerOnce("/api/v1/nodes?continue=t1&limit=2", 200, page("t1", "c", "d"));

            assertThatThrownBy(() -> state(2).nodes())
                    .isInstanceOf(KubernetesRequestException.class)
                    .hasMessageContaining("same continue token twice");
        }

        @Test
        @DisplayName("should paginate custom objects too")
        void customObjects() {
            cluster.answerOnce(
                    "/apis/karpenter.k8s.aws/v1/ec2nodeclasses?limit=1",
                    200,
                    "{\"apiVersion\":\"karpenter.k8s.aws/v1\",\"kind\":\"EC2NodeClassList\",\"metadata\":{\"continue\":"
                            + "\"n2\"},\"items\":[" + json(EC2_NODE_CLASS_V1) + "]}");
            cluster.answerOnce(
                    "/apis/karpenter.k8s.aws/v1/ec2nodeclasses?continue=n2&limit=1",
                    200,
                    "{\"apiVersion\":\"karpenter.k8s.aws/v1\",\"kind\":\"EC2NodeClassList\",\"metadata\":{},\"items\":["
                            + json(EC2_NODE_CLASS_V1.replace("name: default", "name: second")) + "]}");

            LoadResult result = state(1).nodePoolsAndNodeClasses();

            assertThat(result.nodeClasses()).extracting(c -> c.name()).containsExactly("default", "second");
        }

        @Test
        @DisplayName("should fail, not treat the version as unserved, when a later page of custom objects is 404")
        void notFoundOnLaterPage() {
            cluster.answerOnce(
                    "/apis/karpenter.k8s.aws/v1/ec2nodeclasses?limit=1",
                    200,
                    "{\"apiVersion\":\"karpenter.k8s.aws/v1\",\"kind\":\"EC2NodeClassList\",\"metadata\":{\"continue\":"
                            + "\"n2\"},\"items\":[" + json(EC2_NODE_CLASS_V1) + "]}");
            cluster.failAlways(
                    "/apis/karpenter.k8s.aws/v1/ec2nodeclasses?continue=n2&limit=1", 404, "NotFound", "gone");

            assertThatThrownBy(() -> state(1).nodePoolsAndNodeClasses())
                    .isInstanceOfSatisfying(
                            KubernetesRequestException.class,
                            e -> assertThat(e.statusCode()).isEqualTo(404));
        }

        private static String json(String yaml) {
            return Serialization.asJson(Serialization.unmarshal(yaml, Map.class));
        }
    }

    @Nested
    @DisplayName("errors")
    class Errors {

        @Test
        @DisplayName("should name the verb, resource and user when RBAC denies listing nodes")
        void forbidden() {
            cluster.failAlways(
                    "/api/v1/nodes?limit=500",
                    403,
                    "Forbidden",
                    "nodes is forbidden: User \"arn:aws:iam::111122223333:user/alice\" cannot list resource"
                            + " \"nodes\" in API group \"\" at the cluster scope");

            assertThatThrownBy(() -> state().nodes()).isInstanceOfSatisfying(KubernetesForbiddenException.class, e -> {
                assertThat(e.verb()).isEqualTo("list");
                assertThat(e.resource()).isEqualTo("nodes");
                assertThat(e.identity()).hasValue("arn:aws:iam::111122223333:user/alice");
                assertThat(e.getMessage())
                        .contains("Kubernetes RBAC denied list nodes (v1)")
                        .contains("ClusterRole")
                        .contains("aws eks create-access-entry --cluster-name demo --principal-arn"
                                + " arn:aws:iam::111122223333:user/alice");
            });
        }

        @Test
        @DisplayName("should say so without an identity when the 403 names no user")
        void forbiddenWithoutUser() {
            cluster.failAlways("/apis/apps/v1/daemonsets?limit=500", 403, "Forbidden", "access denied");

            assertThatThrownBy(() -> state().daemonSets())
                    .isInstanceOfSatisfying(KubernetesForbiddenException.class, e -> {
                        assertThat(e.identity()).isEmpty();
                        assertThat(e.resource()).isEqualTo("daemonsets.apps");
                        assertThat(e.getMessage()).contains("403 Forbidden: access denied");
                    });
        }

        @Test
        @DisplayName("should retry a 401 once with a new token, then explain the access entry")
        void unauthorized() {
            cluster.failAlways("/api/v1/namespaces?limit=500", 401, "Unauthorized", "Unauthorized");
            AtomicInteger issued = new AtomicInteger();
            AtomicInteger invalidated = new AtomicInteger();
            BearerTokenSource tokens = new BearerTokenSource() {
                @Override
                public String token() {
                    return "token-" + issued.incrementAndGet();
                }

                @Override
                public void invalidate() {
                    invalidated.incrementAndGet();
                }
            };
            KubernetesClusterState state =
                    new KubernetesClusterState(cluster.apiClient(tokens), CLUSTER, 500, new ConfigLoader(Map.of()));

            assertThatThrownBy(state::namespaceLabels)
                    .isInstanceOf(KubernetesUnauthorizedException.class)
                    .hasMessageContaining("401 Unauthorized")
                    .hasMessageContaining("EKS access entry")
                    .hasMessageContaining("list namespaces (v1)");
            assertThat(issued).hasValue(2);
            assertThat(invalidated).hasValue(1);
        }

        @Test
        @DisplayName("should report other statuses with the server's message")
        void serverError() {
            cluster.failAlways("/api/v1/nodes?limit=500", 500, "InternalError", "etcdserver: request timed out");

            assertThatThrownBy(() -> state().nodes()).isInstanceOfSatisfying(KubernetesRequestException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(500);
                assertThat(e.getMessage()).contains("HTTP 500").contains("etcdserver: request timed out");
            });
        }

        @Test
        @DisplayName("should name the endpoint when the API server cannot be reached")
        void unreachable() throws IOException {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            KubernetesClusterState state = new KubernetesClusterState(
                    KubernetesApiClients.create(
                            new ClusterConnection(endpoint, null), BearerTokenSource.of("t"), Duration.ofSeconds(2)),
                    CLUSTER,
                    500,
                    new ConfigLoader(Map.of()));

            assertThatThrownBy(state::nodes)
                    .isInstanceOf(KubernetesUnreachableException.class)
                    .hasMessageContaining("cannot reach the Kubernetes API server at " + endpoint)
                    .hasMessageContaining("to list nodes");
        }
    }
}
