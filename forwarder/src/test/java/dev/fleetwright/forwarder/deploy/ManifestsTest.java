package dev.fleetwright.forwarder.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Every manifest under {@code forwarder/deploy} parses, and says what the forwarder's security story claims. */
class ManifestsTest {

    private static final Path DEPLOY = Path.of("deploy");
    private static final String NAMESPACE = "fleetwright";
    private static final String NAME = "fleetwright-forwarder";

    private static final List<Doc> DOCS = new ArrayList<>();

    record Doc(Path file, Map<String, Object> body) {
        String kind() {
            return (String) body.get("kind");
        }

        Map<String, Object> metadata() {
            return map(body.get("metadata"));
        }

        String name() {
            return (String) metadata().get("name");
        }
    }

    @BeforeAll
    static void load() throws IOException {
        DOCS.clear();
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml"))
                    // kustomization.yaml files are build instructions, not objects: Shape.kustomizations checks them.
                    .filter(f -> !f.getFileName().toString().equals("kustomization.yaml"))
                    .sorted()
                    .toList()) {
                Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
                for (Object document : yaml.loadAll(Files.readString(file))) {
                    if (document != null) {
                        DOCS.add(new Doc(file, map(document)));
                    }
                }
            }
        }
    }

    @SuppressWarnings("unchecked") // SnakeYAML's safe constructor yields maps with string keys for mappings
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked") // SnakeYAML's safe constructor yields lists for sequences
    private static List<Object> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Object>) value;
    }

    private static Map<String, Object> path(Map<String, Object> root, String... keys) {
        Map<String, Object> current = root;
        for (String key : keys) {
            assertThat(current).as("has %s", key).containsKey(key);
            current = map(current.get(key));
        }
        return current;
    }

    private static Doc only(String kind) {
        List<Doc> docs = DOCS.stream().filter(d -> kind.equals(d.kind())).toList();
        assertThat(docs).as("exactly one %s", kind).hasSize(1);
        return docs.get(0);
    }

    private static Map<String, Object> podSpec() {
        return path(only("Deployment").body(), "spec", "template", "spec");
    }

    private static Map<String, Object> container() {
        List<Object> containers = list(podSpec().get("containers"));
        assertThat(containers).hasSize(1);
        return map(containers.get(0));
    }

    @Nested
    class Shape {

        @Test
        @DisplayName("should parse every manifest into objects with apiVersion, kind and metadata.name")
        void parses() {
            assertThat(DOCS).hasSizeGreaterThanOrEqualTo(8);
            for (Doc doc : DOCS) {
                assertThat(doc.body()).as(doc.file().toString()).containsKeys("apiVersion", "kind", "metadata");
                assertThat(doc.name()).as(doc.file().toString()).isNotBlank();
            }
            assertThat(DOCS.stream().map(Doc::kind))
                    .contains(
                            "Namespace",
                            "ServiceAccount",
                            "ClusterRole",
                            "ClusterRoleBinding",
                            "Deployment",
                            "PodDisruptionBudget",
                            "CustomResourceDefinition");
        }

        @Test
        @DisplayName("should put namespaced objects in namespace fleetwright and leave cluster-scoped ones without")
        void namespaces() {
            assertThat(only("Namespace").name()).isEqualTo(NAMESPACE);
            for (Doc doc : DOCS) {
                boolean clusterScoped = List.of(
                                "Namespace",
                                "ClusterRole",
                                "ClusterRoleBinding",
                                "CustomResourceDefinition",
                                "Kustomization")
                        .contains(doc.kind());
                if (clusterScoped) {
                    assertThat(doc.metadata()).as(doc.kind()).doesNotContainKey("namespace");
                } else {
                    assertThat(doc.metadata().get("namespace")).as(doc.kind()).isEqualTo(NAMESPACE);
                }
            }
        }

        @Test
        @DisplayName("should list exactly the manifest files of each folder in its kustomization")
        void kustomizations() throws IOException {
            for (Path folder : List.of(DEPLOY, DEPLOY.resolve("crds"))) {
                Map<String, Object> kustomization = map(new Yaml(new SafeConstructor(new LoaderOptions()))
                        .load(Files.readString(folder.resolve("kustomization.yaml"))));
                List<String> files;
                try (Stream<Path> listing = Files.list(folder)) {
                    files = listing.map(p -> p.getFileName().toString())
                            .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
                            .toList();
                }
                assertThat(list(kustomization.get("resources"))).containsExactlyInAnyOrderElementsOf(files);
            }
        }
    }

    @Nested
    class Rbac {

        @Test
        @DisplayName("should grant only get, list and watch on pods")
        void readOnlyPods() {
            List<Object> rules = list(only("ClusterRole").body().get("rules"));
            assertThat(rules).hasSize(1);
            Map<String, Object> rule = map(rules.get(0));
            assertThat(list(rule.get("apiGroups"))).containsExactly("");
            assertThat(list(rule.get("resources"))).containsExactly("pods");
            assertThat(list(rule.get("verbs"))).containsExactlyInAnyOrder("get", "list", "watch");
        }

        @Test
        @DisplayName("should bind the role to the forwarder's service account, which the Deployment uses")
        void binding() {
            Map<String, Object> binding = only("ClusterRoleBinding").body();
            assertThat(path(binding, "roleRef"))
                    .containsEntry("kind", "ClusterRole")
                    .containsEntry("name", only("ClusterRole").name());
            assertThat(list(binding.get("subjects")))
                    .containsExactly(Map.of("kind", "ServiceAccount", "name", NAME, "namespace", NAMESPACE));
            assertThat(only("ServiceAccount").name()).isEqualTo(NAME);
            assertThat(podSpec().get("serviceAccountName")).isEqualTo(NAME);
        }
    }

    @Nested
    class Deployment {

        @Test
        @DisplayName("should run one replica of the ${IMAGE} placeholder with cluster name, bus and pod name in env")
        void basics() {
            assertThat(path(only("Deployment").body(), "spec").get("replicas")).isEqualTo(1);
            assertThat(container().get("image")).isEqualTo("${IMAGE}");
            List<String> env = list(container().get("env")).stream()
                    .map(e -> (String) map(e).get("name"))
                    .toList();
            assertThat(env).contains("FLEETWRIGHT_CLUSTER_NAME", "FLEETWRIGHT_EVENT_BUS", "AWS_REGION", "POD_NAME");
        }

        @Test
        @DisplayName(
                "should run as non-root with seccomp RuntimeDefault, read-only root, no escalation, no capabilities")
        void securityContext() {
            Map<String, Object> pod = path(podSpec(), "securityContext");
            assertThat(pod).containsEntry("runAsNonRoot", true);
            assertThat(path(pod, "seccompProfile")).containsEntry("type", "RuntimeDefault");
            Map<String, Object> container = path(container(), "securityContext");
            assertThat(container)
                    .containsEntry("allowPrivilegeEscalation", false)
                    .containsEntry("readOnlyRootFilesystem", true)
                    .containsEntry("runAsNonRoot", true);
            assertThat(list(path(container, "capabilities").get("drop"))).containsExactly("ALL");
            assertThat(container).doesNotContainKey("privileged");
        }

        @Test
        @DisplayName(
                "should probe /healthz for liveness and /readyz for readiness on the port the forwarder listens on")
        void probes() {
            Map<String, Object> container = container();
            Map<String, Object> port = map(list(container.get("ports")).get(0));
            String portName = (String) port.get("name");
            assertThat(path(container, "livenessProbe", "httpGet"))
                    .containsEntry("path", "/healthz")
                    .containsEntry("port", portName);
            assertThat(path(container, "readinessProbe", "httpGet"))
                    .containsEntry("path", "/readyz")
                    .containsEntry("port", portName);
            String httpPort = list(container.get("env")).stream()
                    .map(ManifestsTest::map)
                    .filter(e -> "FLEETWRIGHT_HTTP_PORT".equals(e.get("name")))
                    .map(e -> (String) e.get("value"))
                    .findFirst()
                    .orElse("8080");
            assertThat(port.get("containerPort")).isEqualTo(Integer.parseInt(httpPort));
        }

        @Test
        @DisplayName("should request and limit cpu and memory, the request not above the limit")
        void resources() {
            Map<String, Object> resources = path(container(), "resources");
            assertThat(path(resources, "requests")).containsKeys("cpu", "memory");
            assertThat(path(resources, "limits")).containsKeys("cpu", "memory");
            assertThat(mebibytes((String) path(resources, "requests").get("memory")))
                    .isLessThanOrEqualTo(
                            mebibytes((String) path(resources, "limits").get("memory")));
        }

        @Test
        @DisplayName("should mount a writable /tmp, the only writable path of the read-only root")
        void tmp() {
            List<Object> mounts = list(container().get("volumeMounts"));
            assertThat(mounts).extracting(m -> map(m).get("mountPath")).containsExactly("/tmp");
        }

        @Test
        @DisplayName("should cover the Deployment's pods with a PodDisruptionBudget that still lets drains evict it")
        void pdb() {
            Map<String, Object> spec = path(only("PodDisruptionBudget").body(), "spec");
            Map<String, Object> podLabels = path(only("Deployment").body(), "spec", "template", "metadata", "labels");
            assertThat(podLabels).containsAllEntriesOf(path(spec, "selector", "matchLabels"));
            assertThat(spec).containsEntry("maxUnavailable", 1).doesNotContainKey("minAvailable");
        }

        private static int mebibytes(String quantity) {
            assertThat(quantity).matches("[0-9]+(Mi|Gi)");
            int number = Integer.parseInt(quantity.replaceAll("[^0-9]", ""));
            return quantity.endsWith("Gi") ? number * 1024 : number;
        }
    }

    @Nested
    class Crds {

        private Map<String, Object> crd(String name) {
            return DOCS.stream()
                    .filter(d -> "CustomResourceDefinition".equals(d.kind()) && name.equals(d.name()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no CRD " + name))
                    .body();
        }

        private List<Map<String, Object>> versions(Map<String, Object> crd) {
            return list(path(crd, "spec").get("versions")).stream()
                    .map(ManifestsTest::map)
                    .toList();
        }

        private List<String> columns(Map<String, Object> version, boolean defaultOnly) {
            return list(version.get("additionalPrinterColumns")).stream()
                    .map(ManifestsTest::map)
                    .filter(c -> !defaultOnly || !c.containsKey("priority"))
                    .map(c -> (String) c.get("name"))
                    .toList();
        }

        @Test
        @DisplayName("should define nodepools.karpenter.sh, cluster-scoped, v1 stored and v1beta1 served")
        void nodePool() {
            Map<String, Object> crd = crd("nodepools.karpenter.sh");
            Map<String, Object> spec = path(crd, "spec");
            assertThat(spec).containsEntry("group", "karpenter.sh").containsEntry("scope", "Cluster");
            assertThat(path(spec, "names"))
                    .containsEntry("kind", "NodePool")
                    .containsEntry("plural", "nodepools")
                    .containsEntry("singular", "nodepool");
            assertVersions(crd);
            for (Map<String, Object> version : versions(crd)) {
                assertThat(columns(version, true)).containsExactly("NodeClass", "Nodes", "Ready", "Age");
            }
        }

        @Test
        @DisplayName("should define ec2nodeclasses.karpenter.k8s.aws with Karpenter's short names and columns")
        void ec2NodeClass() {
            Map<String, Object> crd = crd("ec2nodeclasses.karpenter.k8s.aws");
            Map<String, Object> spec = path(crd, "spec");
            assertThat(spec).containsEntry("group", "karpenter.k8s.aws").containsEntry("scope", "Cluster");
            assertThat(path(spec, "names"))
                    .containsEntry("kind", "EC2NodeClass")
                    .containsEntry("plural", "ec2nodeclasses");
            assertThat(list(path(spec, "names").get("shortNames"))).containsExactly("ec2nc", "ec2ncs");
            assertVersions(crd);
            for (Map<String, Object> version : versions(crd)) {
                assertThat(columns(version, false)).containsExactly("Ready", "Age", "Role");
            }
        }

        private void assertVersions(Map<String, Object> crd) {
            List<Map<String, Object>> versions = versions(crd);
            assertThat(versions).extracting(v -> v.get("name")).containsExactly("v1", "v1beta1");
            assertThat(versions).allSatisfy(v -> assertThat(v).containsEntry("served", true));
            assertThat(versions)
                    .filteredOn(v -> Boolean.TRUE.equals(v.get("storage")))
                    .extracting(v -> v.get("name"))
                    .containsExactly("v1");
            for (Map<String, Object> version : versions) {
                Map<String, Object> schema = path(version, "schema", "openAPIV3Schema");
                assertThat(schema).containsEntry("type", "object");
                for (String field : List.of("spec", "status")) {
                    assertThat(path(schema, "properties", field))
                            .containsEntry("type", "object")
                            .containsEntry("x-kubernetes-preserve-unknown-fields", true);
                }
                assertThat(path(version, "subresources")).containsKey("status");
            }
        }
    }

    @Test
    @DisplayName("should build the image on a distroless java21 base and run the shaded jar the build produces")
    void dockerfile() throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        assertThat(dockerfile.lines().filter(l -> l.startsWith("FROM ")))
                .singleElement()
                .satisfies(from -> assertThat(from).startsWith("FROM gcr.io/distroless/java21"));
        assertThat(dockerfile).contains("COPY target/fleetwright-forwarder.jar ");
    }
}
