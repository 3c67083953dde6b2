package dev.fleetwright.core.api.load;

import static dev.fleetwright.core.api.load.WorkloadFixtures.errors;
import static dev.fleetwright.core.api.load.WorkloadFixtures.load;
import static dev.fleetwright.core.api.load.WorkloadFixtures.warnings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.PodStatus;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.api.corev1.TaintEffect;
import dev.fleetwright.core.api.corev1.Toleration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading workloads from files, directories, texts and trees; multi-document and multi-error behaviour. */
class WorkloadLoaderTest {

    /** The workload examples shipped with the repository (the same files as the shared examples). */
    private static final Path EXAMPLES = Path.of("../../examples/workloads");

    private static final long GIB = 1L << 30;

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 2
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                    - name: web
                      resources:
                        requests: {cpu: 500m, memory: 256Mi}
            """;

    @Nested
    @DisplayName("the shipped examples")
    class Examples {
        @Test
        @DisplayName("should decode inflate.yaml into 10 pending pods of 1 CPU and 1Gi")
        void inflate() {
            WorkloadResult r = new WorkloadLoader(Map.of()).load(List.of(EXAMPLES.resolve("inflate.yaml")));

            assertThat(errors(r)).isEmpty();
            assertThat(r.pods()).hasSize(10);
            assertThat(r.pods()).allSatisfy(p -> {
                assertThat(p.spec().requests()).isEqualTo(Resources.of(1000, GIB));
                assertThat(p.metadata().labels()).containsEntry("app", "inflate");
                assertThat(p.namespace()).isEqualTo("default");
                assertThat(p.status()).isEqualTo(PodStatus.UNSCHEDULABLE);
                assertThat(p.spec().terminationGracePeriodSeconds()).isZero();
                assertThat(p.isProvisionable()).isTrue();
            });
            assertThat(r.pods()).extracting(Pod::name).doesNotHaveDuplicates();
            assertThat(r.boundPods()).isEmpty();
            assertThat(r.daemonSets()).isEmpty();
        }

        @Test
        @DisplayName(
                "should decode gpu-workload.yaml into one pod requesting a GPU, tolerating the taint, selecting eks-node=gpu")
        void gpu() {
            WorkloadResult r = new WorkloadLoader(Map.of()).load(List.of(EXAMPLES.resolve("gpu-workload.yaml")));

            assertThat(errors(r)).isEmpty();
            assertThat(r.pods()).hasSize(1);
            Pod pod = r.pods().get(0);
            assertThat(pod.name()).isEqualTo("gpu-workload");
            assertThat(pod.spec().requests().get(Resources.NVIDIA_GPU)).isEqualTo(1);
            assertThat(pod.spec().requests().cpuMillis()).isZero();
            assertThat(pod.spec().tolerations())
                    .containsExactly(new Toleration(
                            "nvidia.com/gpu", Toleration.Operator.EQUAL, "true", TaintEffect.NO_SCHEDULE, null));
            assertThat(pod.spec().nodeSelector()).isEqualTo(Map.of("eks-node", "gpu"));
        }

        @Test
        @DisplayName("should decode the whole workloads directory, files in name order")
        void directory() {
            WorkloadResult r = new WorkloadLoader(Map.of()).load(List.of(EXAMPLES));

            assertThat(errors(r)).isEmpty();
            // batch-job.yaml (6 pods), gpu-workload.yaml (1), inflate.yaml (10), in file-name order
            assertThat(r.pods()).hasSize(17);
            assertThat(r.pods().get(0).name()).isEqualTo("nightly-report-0");
            assertThat(r.pods().get(6).name()).isEqualTo("gpu-workload");
        }
    }

    @Nested
    @DisplayName("sources")
    class Sources {
        @Test
        @DisplayName("should substitute ${VAR} placeholders like the configuration loader")
        void substitution() {
            String yaml = DEPLOYMENT
                    .replace("replicas: 2", "replicas: ${REPLICAS}")
                    .replace("cpu: 500m", "cpu: ${CPU:-250m}");

            WorkloadResult r =
                    new WorkloadLoader(Map.of("REPLICAS", "3")).loadSources(List.of(new NamedSource("web.yaml", yaml)));

            assertThat(errors(r)).isEmpty();
            assertThat(r.pods()).hasSize(3);
            assertThat(r.pods().get(0).spec().requests().cpuMillis()).isEqualTo(250);
        }

        @Test
        @DisplayName("should report an unset variable with its line and withhold that document")
        void unsetVariable() {
            String yaml = DEPLOYMENT.replace("replicas: 2", "replicas: ${REPLICAS}");

            WorkloadResult r = load(yaml);

            assertThat(errors(r))
                    .containsExactly("workload.yaml[0] line 6: variable ${REPLICAS} is not set; set it in the"
                            + " environment or write ${REPLICAS:-default}");
            assertThat(r.pods()).isEmpty();
        }

        @Test
        @DisplayName("should report a missing path and an empty directory, and still load the rest")
        void missingPaths(@TempDir Path dir) throws IOException {
            Path empty = Files.createDirectory(dir.resolve("empty"));
            Path file = Files.writeString(dir.resolve("web.yaml"), DEPLOYMENT);

            WorkloadResult r = new WorkloadLoader(Map.of()).load(List.of(dir.resolve("nope.yaml"), empty, file));

            assertThat(errors(r))
                    .containsExactly(
                            dir.resolve("nope.yaml") + ": no such file or directory",
                            empty + ": directory has no .yaml or .yml files");
            assertThat(r.pods()).hasSize(2);
        }

        @Test
        @DisplayName("should load parsed trees such as objects read from the Kubernetes API")
        void trees() {
            Object tree = Fixtures.yaml(DEPLOYMENT.replace("replicas: 2", "replicas: 2.0"));

            WorkloadResult r =
                    new WorkloadLoader(Map.of()).loadDocuments(List.of(SourceDocument.of("cluster", 0, tree)));

            assertThat(errors(r)).isEmpty();
            assertThat(r.pods()).hasSize(2);
        }

        @Test
        @DisplayName("should report a YAML syntax error and keep the documents before it")
        void syntax() {
            WorkloadResult r = load(DEPLOYMENT + "---\nkind: [\n");

            assertThat(r.pods()).hasSize(2);
            assertThat(errors(r))
                    .singleElement()
                    .asString()
                    .startsWith("workload.yaml[1] line ")
                    .contains("invalid YAML");
        }
    }

    @Nested
    @DisplayName("one directory holding configuration and workloads")
    class Mixed {
        @Test
        @DisplayName("should let each loader skip the other's kinds")
        void bothLoaders(@TempDir Path dir) throws IOException {
            Files.writeString(
                    dir.resolve("config.yaml"), Fixtures.VALID_NODE_POOL + "---\n" + Fixtures.VALID_NODE_CLASS);
            Files.writeString(dir.resolve("workload.yaml"), DEPLOYMENT);

            WorkloadResult workloads = new WorkloadLoader(Map.of()).load(List.of(dir));
            LoadResult config = new ConfigLoader(Map.of()).load(List.of(dir));

            assertThat(errors(workloads)).isEmpty();
            assertThat(workloads.pods()).hasSize(2);
            assertThat(workloads.skipped())
                    .extracting(SkippedDocument::kind)
                    .containsExactly("NodePool", "EC2NodeClass");
            assertThat(config.errors()).isEmpty();
            assertThat(config.nodePools()).hasSize(1);
            assertThat(config.skipped()).extracting(SkippedDocument::kind).containsExactly("Deployment");
        }

        @Test
        @DisplayName("should skip kinds that are not workloads, such as Services and CronJobs")
        void otherKinds() {
            WorkloadResult r = load("""
                    apiVersion: v1
                    kind: Service
                    metadata: {name: web}
                    ---
                    apiVersion: batch/v1
                    kind: CronJob
                    metadata: {name: nightly}
                    """);

            assertThat(errors(r)).isEmpty();
            assertThat(r.skipped())
                    .extracting(SkippedDocument::toString)
                    .containsExactly(
                            "workload.yaml[0] v1 Service \"web\"", "workload.yaml[1] batch/v1 CronJob \"nightly\"");
        }
    }

    @Nested
    @DisplayName("many documents and many errors")
    class MultipleErrors {
        @Test
        @DisplayName("should report every error of every document and keep the valid objects")
        void allErrorsAtOnce() {
            String badCpu = DEPLOYMENT
                    .replace("metadata:\n  name: web\n", "metadata:\n  name: api\n")
                    .replace("cpu: 500m", "cpu: 1x");
            String badSkew = WorkloadFixtures.podWithSpec("""
                    topologySpreadConstraints:
                      - maxSkew: 0
                        topologyKey: topology.kubernetes.io/zone
                        whenUnsatisfiable: DoNotSchedul
                    """);

            WorkloadResult r = load(DEPLOYMENT + "---\n" + badCpu + "---\n" + badSkew);

            assertThat(errors(r))
                    .containsExactly(
                            "workload.yaml[1] Deployment \"api\": spec.template.spec.containers[0].resources.requests[cpu]:"
                                    + " \"1x\" is not a Kubernetes quantity (a number with an optional suffix: m, k, M,"
                                    + " G, Ki, Mi, Gi, ... or e<n>)",
                            "workload.yaml[2] Pod \"p\": spec.topologySpreadConstraints[0].maxSkew: maxSkew must be at"
                                    + " least 1, got 0",
                            "workload.yaml[2] Pod \"p\": spec.topologySpreadConstraints[0].whenUnsatisfiable:"
                                    + " whenUnsatisfiable \"DoNotSchedul\" is not one of DoNotSchedule, ScheduleAnyway;"
                                    + " did you mean \"DoNotSchedule\"?");
            assertThat(r.pods()).extracting(Pod::name).allMatch(n -> n.startsWith("web-"));
            assertThat(r.pods()).hasSize(2);
            assertThatThrownBy(r::orThrow)
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageStartingWith("3 configuration errors:");
        }

        @Test
        @DisplayName("should report a document that is not an object and one without apiVersion and kind")
        void notObjects() {
            WorkloadResult r = load("- just\n- a list\n---\nmetadata: {name: x}\n");

            assertThat(errors(r))
                    .containsExactly(
                            "workload.yaml[0]: a document must be an object with apiVersion and kind, got a list",
                            "workload.yaml[1] \"x\": apiVersion: required",
                            "workload.yaml[1] \"x\": kind: required");
        }

        @Test
        @DisplayName("should reject an old API version of a workload kind")
        void oldApiVersion() {
            WorkloadResult r = load(DEPLOYMENT.replace("apps/v1", "extensions/v1beta1"));

            assertThat(errors(r))
                    .containsExactly(
                            "workload.yaml[0] Deployment \"web\": apiVersion: apiVersion extensions/v1beta1 is not"
                                    + " supported for Deployment; use apps/v1");
        }
    }

    @Nested
    @DisplayName("Lists")
    class Lists {
        @Test
        @DisplayName("should decode the items of a v1 List and name items in errors")
        void list() {
            WorkloadResult r = load("""
                    apiVersion: v1
                    kind: List
                    items:
                      - apiVersion: v1
                        kind: Pod
                        metadata: {name: a}
                        spec:
                          containers: [{name: c, resources: {requests: {cpu: "1"}}}]
                      - apiVersion: v1
                        kind: Pod
                        metadata: {name: b}
                        spec:
                          containers: [{name: c, resources: {requests: {cpu: "-1"}}}]
                      - apiVersion: v1
                        kind: List
                        items:
                          - apiVersion: v1
                            kind: Pod
                            metadata: {name: c}
                            spec:
                              containers: [{name: c}]
                    """);

            assertThat(r.pods()).extracting(Pod::name).containsExactly("a", "c");
            assertThat(errors(r))
                    .containsExactly("workload.yaml[0] Pod \"b\": items[1].spec.containers[0].resources.requests[cpu]:"
                            + " must not be negative, got \"-1\"");
        }

        @Test
        @DisplayName("should give items of a typed list such as PodList their kind when the API server left it out")
        void typedList() {
            WorkloadResult r = load("""
                    apiVersion: v1
                    kind: PodList
                    metadata: {resourceVersion: "42"}
                    items:
                      - metadata: {name: a, namespace: team}
                        spec:
                          containers: [{name: c}]
                    """);

            assertThat(errors(r)).isEmpty();
            assertThat(r.pods()).extracting(Pod::key).containsExactly("team/a");
        }
    }

    @Nested
    @DisplayName("cross-object rules")
    class CrossObject {
        @Test
        @DisplayName("should reject a second object of the same kind, namespace and name")
        void duplicates() {
            WorkloadResult r = load(DEPLOYMENT + "---\n" + DEPLOYMENT.replace("replicas: 2", "replicas: 5"));

            assertThat(errors(r))
                    .containsExactly("workload.yaml[1] Deployment \"web\": metadata.name: duplicate Deployment"
                            + " \"default/web\"; also defined in workload.yaml[0]");
            assertThat(r.pods()).hasSize(2);
        }

        @Test
        @DisplayName("should allow the same name in another namespace")
        void otherNamespace() {
            WorkloadResult r = load(DEPLOYMENT + "---\n"
                    + DEPLOYMENT.replace("metadata:\n  name: web\n", "metadata:\n  name: web\n  namespace: b\n"));

            assertThat(errors(r)).isEmpty();
            assertThat(r.pods()).hasSize(4);
            assertThat(r.namespaceLabels().keySet()).containsExactly("default", "b");
        }

        @Test
        @DisplayName("should reject a workload whose generated pod name another object already produced")
        void podNameCollision() {
            String statefulSet = """
                    apiVersion: apps/v1
                    kind: StatefulSet
                    metadata: {name: db}
                    spec:
                      selector: {matchLabels: {app: db}}
                      template:
                        metadata: {labels: {app: db}}
                        spec:
                          containers: [{name: db}]
                    """;
            String pod = """
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: db-0}
                    spec:
                      containers: [{name: db}]
                    """;

            WorkloadResult r = load(statefulSet + "---\n" + pod);

            assertThat(errors(r))
                    .containsExactly("workload.yaml[1] Pod \"db-0\": metadata.name: its pod \"default/db-0\" has the"
                            + " same name as a pod of StatefulSet \"db\" (workload.yaml[0])");
            assertThat(r.pods()).hasSize(1);
        }
    }

    @Nested
    @DisplayName("namespaces")
    class Namespaces {
        @Test
        @DisplayName("should collect Namespace labels plus kubernetes.io/metadata.name for selectors")
        void labels() {
            WorkloadResult r = load("""
                    apiVersion: v1
                    kind: Namespace
                    metadata:
                      name: team-a
                      labels: {tier: gold}
                    ---
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: p, namespace: team-b}
                    spec:
                      containers: [{name: c}]
                    """);

            assertThat(errors(r)).isEmpty();
            assertThat(r.namespaceLabels())
                    .isEqualTo(Map.of(
                            "team-a", Map.of("tier", "gold", "kubernetes.io/metadata.name", "team-a"),
                            "team-b", Map.of("kubernetes.io/metadata.name", "team-b")));
        }
    }

    @Nested
    @DisplayName("priority classes")
    class Priorities {
        private static final String HIGH = """
                apiVersion: scheduling.k8s.io/v1
                kind: PriorityClass
                metadata: {name: high}
                value: 1000
                """;

        private static String podWithClass(String className) {
            return WorkloadFixtures.podWithSpec("priorityClassName: " + className);
        }

        @Test
        @DisplayName("should set the priority of a PriorityClass defined after the pod")
        void loadedClass() {
            WorkloadResult r = load(podWithClass("high") + "---\n" + HIGH);

            assertThat(errors(r)).isEmpty();
            assertThat(r.pods().get(0).spec().priority()).isEqualTo(1000);
        }

        @Test
        @DisplayName("should know the built-in system classes")
        void builtIn() {
            Pod pod = WorkloadFixtures.onlyPod(podWithClass("system-node-critical"));

            assertThat(pod.spec().priority()).isEqualTo(2_000_001_000);
            assertThat(pod.isCritical()).isTrue();
        }

        @Test
        @DisplayName("should give pods without a class the global default class")
        void globalDefault() {
            WorkloadResult r = load(HIGH + "globalDefault: true\n---\n" + WorkloadFixtures.podWithSpec(""));

            assertThat(errors(r)).isEmpty();
            assertThat(r.pods().get(0).spec().priority()).isEqualTo(1000);
            assertThat(r.pods().get(0).spec().priorityClassName()).isEqualTo("high");
        }

        @Test
        @DisplayName("should warn when the class is not loaded and assume priority 0")
        void notLoaded() {
            WorkloadResult r = load(podWithClass("batch"));

            assertThat(errors(r)).isEmpty();
            assertThat(r.pods().get(0).spec().priority()).isZero();
            assertThat(warnings(r))
                    .containsExactly(
                            "workload.yaml[0] Pod \"p\": spec.priorityClassName: PriorityClass \"batch\" is not"
                                    + " loaded; priority 0 is assumed (add the PriorityClass manifest to use its value)");
        }

        @Test
        @DisplayName("should keep an explicit priority when the class is not loaded (a pod exported from a cluster)")
        void explicitPriority() {
            Pod pod = WorkloadFixtures.onlyPod(WorkloadFixtures.podWithSpec("priorityClassName: batch\npriority: 50"));

            assertThat(pod.spec().priority()).isEqualTo(50);
        }

        @Test
        @DisplayName("should reject an explicit priority that contradicts a loaded class")
        void contradiction() {
            WorkloadResult r =
                    load(WorkloadFixtures.podWithSpec("priorityClassName: high\npriority: 50") + "---\n" + HIGH);

            assertThat(errors(r))
                    .containsExactly("workload.yaml[0] Pod \"p\": spec.priority: priority 50 contradicts PriorityClass"
                            + " \"high\", whose value is 1000");
            assertThat(r.pods()).isEmpty();
        }

        @Test
        @DisplayName("should reject a second global default and a value above the user range")
        void classRules() {
            WorkloadResult r = load(HIGH + "globalDefault: true\n---\n"
                    + HIGH.replace("high", "low").replace("1000", "1") + "globalDefault: true\n---\n"
                    + HIGH.replace("high", "huge").replace("1000", "2000000000"));

            assertThat(errors(r))
                    .containsExactly(
                            "workload.yaml[1] PriorityClass \"low\": globalDefault: only one PriorityClass may be the"
                                    + " global default; \"high\" already is",
                            "workload.yaml[2] PriorityClass \"huge\": value: value must be at most 1000000000 (higher"
                                    + " values are reserved for system classes), got 2000000000");
        }
    }
}
