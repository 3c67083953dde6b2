package dev.fleetwright.core.api.load;

import static dev.fleetwright.core.api.load.WorkloadFixtures.errors;
import static dev.fleetwright.core.api.load.WorkloadFixtures.load;
import static dev.fleetwright.core.api.load.WorkloadFixtures.onlyPod;
import static dev.fleetwright.core.api.load.WorkloadFixtures.pods;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetwright.core.api.corev1.DaemonSet;
import dev.fleetwright.core.api.corev1.OwnerReference;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.PodStatus;
import dev.fleetwright.core.api.corev1.Resources;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each workload kind expands into the pods its controller would create. */
class WorkloadKindsTest {

    /** A controller manifest of {@code kind} named {@code name} with extra spec lines and a 250m container. */
    private static String controller(String apiVersion, String kind, String name, String specLines) {
        return """
                apiVersion: %s
                kind: %s
                metadata:
                  name: %s
                  creationTimestamp: "2024-08-07T10:00:00Z"
                  annotations: {owner-note: not-copied}
                spec:
                %s
                  selector:
                    matchLabels: {app: %s}
                  template:
                    metadata:
                      labels: {app: %s}
                      annotations: {karpenter.sh/do-not-disrupt: "true"}
                    spec:
                      containers:
                        - name: main
                          resources:
                            requests: {cpu: 250m}
                """.formatted(
                apiVersion, kind, name, WorkloadFixtures.indent(specLines, "  ").stripTrailing(), name, name);
    }

    private static String deployment(String specLines) {
        return controller("apps/v1", "Deployment", "web", specLines);
    }

    @Nested
    @DisplayName("Deployment")
    class Deployments {
        @Test
        @DisplayName("should create replicas pods owned by the ReplicaSet <deployment>-<hash>, labelled with the hash")
        void replicaSetOwnership() {
            List<Pod> pods = pods(deployment("replicas: 3"));

            assertThat(pods).hasSize(3);
            String hash = pods.get(0).metadata().labels().get(WorkloadDecoder.POD_TEMPLATE_HASH_LABEL);
            assertThat(hash).isNotEmpty().matches("[bcdfghjklmnpqrstvwxz2456789]+");
            assertThat(pods)
                    .extracting(Pod::name)
                    .containsExactly("web-" + hash + "-0", "web-" + hash + "-1", "web-" + hash + "-2");
            assertThat(pods)
                    .allSatisfy(p -> assertThat(p.metadata().ownerReferences())
                            .containsExactly(new OwnerReference("apps/v1", "ReplicaSet", "web-" + hash, "", true)));
        }

        @Test
        @DisplayName("should keep the hash when only replicas change, and change it when the template changes")
        void hashStability() {
            String hash2 = hashOf(deployment("replicas: 2"));
            String hash7 = hashOf(deployment("replicas: 7"));
            String otherTemplate = hashOf(deployment("replicas: 2").replace("cpu: 250m", "cpu: 300m"));

            assertThat(hash7).isEqualTo(hash2);
            assertThat(otherTemplate).isNotEqualTo(hash2);
        }

        private static String hashOf(String yaml) {
            return pods(yaml).get(0).metadata().labels().get(WorkloadDecoder.POD_TEMPLATE_HASH_LABEL);
        }

        @Test
        @DisplayName("should default replicas to 1 and create no pods for 0 replicas")
        void replicaDefaults() {
            assertThat(pods(deployment(""))).hasSize(1);
            assertThat(pods(deployment("replicas: 0"))).isEmpty();
        }

        @Test
        @DisplayName(
                "should give pods the template labels and annotations, the namespace and creation time of the object")
        void podMetadata() {
            Pod pod = onlyPod(deployment("replicas: 1").replace("  name: web\n", "  name: web\n  namespace: shop\n"));

            assertThat(pod.namespace()).isEqualTo("shop");
            assertThat(pod.metadata().labels()).containsEntry("app", "web");
            assertThat(pod.metadata().annotations()).containsOnlyKeys("karpenter.sh/do-not-disrupt");
            assertThat(pod.hasDoNotDisrupt()).isTrue();
            assertThat(pod.metadata().creationTimestamp()).isEqualTo(Instant.parse("2024-08-07T10:00:00Z"));
            assertThat(pod.status()).isEqualTo(PodStatus.UNSCHEDULABLE);
            assertThat(pod.spec().requests()).isEqualTo(Resources.of(250, 0));
        }

        @Test
        @DisplayName("should warn that paused is ignored")
        void paused() {
            WorkloadResult r = load(deployment("replicas: 2\npaused: true"));

            assertThat(r.pods()).hasSize(2);
            assertThat(WorkloadFixtures.warnings(r))
                    .containsExactly("workload.yaml[0] Deployment \"web\": spec.paused: ignored: the simulation creates"
                            + " the Deployment's pods as if it were not paused");
        }
    }

    @Nested
    @DisplayName("ReplicaSet")
    class ReplicaSets {
        @Test
        @DisplayName("should create pods <name>-<index> owned by the ReplicaSet, with its uid when known")
        void pods() {
            String yaml = controller("apps/v1", "ReplicaSet", "cache", "replicas: 2")
                    .replace("  name: cache\n", "  name: cache\n  uid: \"1234\"\n");

            List<Pod> pods = WorkloadFixtures.pods(yaml);

            assertThat(pods).extracting(Pod::name).containsExactly("cache-0", "cache-1");
            assertThat(pods.get(1).metadata().ownerReferences())
                    .containsExactly(new OwnerReference("apps/v1", "ReplicaSet", "cache", "1234", true));
        }
    }

    @Nested
    @DisplayName("StatefulSet")
    class StatefulSets {
        @Test
        @DisplayName("should name pods by ordinal and label them with their name and index")
        void ordinals() {
            List<Pod> pods = pods(controller("apps/v1", "StatefulSet", "db", "replicas: 3\nserviceName: db"));

            assertThat(pods).extracting(Pod::name).containsExactly("db-0", "db-1", "db-2");
            assertThat(pods.get(2).metadata().labels())
                    .containsEntry(WorkloadDecoder.STATEFUL_SET_POD_NAME_LABEL, "db-2")
                    .containsEntry(WorkloadDecoder.POD_INDEX_LABEL, "2")
                    .containsEntry("app", "db");
            assertThat(pods.get(0).metadata().controller())
                    .contains(new OwnerReference("apps/v1", "StatefulSet", "db", "", true));
        }

        @Test
        @DisplayName("should start ordinals at ordinals.start")
        void start() {
            List<Pod> pods = pods(controller("apps/v1", "StatefulSet", "db", "replicas: 2\nordinals: {start: 5}"));

            assertThat(pods).extracting(Pod::name).containsExactly("db-5", "db-6");
        }
    }

    @Nested
    @DisplayName("DaemonSet")
    class DaemonSets {
        @Test
        @DisplayName("should return a DaemonSet whose template pod is owned by it, and no pending pods")
        void template() {
            WorkloadResult r =
                    load(controller("apps/v1", "DaemonSet", "agent", "updateStrategy: {type: RollingUpdate}"));

            assertThat(errors(r)).isEmpty();
            assertThat(r.pods()).isEmpty();
            assertThat(r.daemonSets()).hasSize(1);
            DaemonSet ds = r.daemonSets().get(0);
            assertThat(ds.metadata().name()).isEqualTo("agent");
            assertThat(ds.template().name()).isEqualTo("agent");
            assertThat(ds.template().metadata().labels()).containsEntry("app", "agent");
            assertThat(ds.template().isOwnedByDaemonSet()).isTrue();
            assertThat(ds.template().isProvisionable()).isFalse();
            assertThat(ds.template().spec().requests().cpuMillis()).isEqualTo(250);
        }
    }

    @Nested
    @DisplayName("Job")
    class Jobs {
        private static String job(String specLines) {
            return controller("batch/v1", "Job", "batch", specLines);
        }

        @ParameterizedTest(name = "[{0}] -> {1} pods")
        @CsvSource(
                delimiter = '|',
                value = {
                    "''                                   | 1",
                    "parallelism: 3                       | 3",
                    "'parallelism: 5\ncompletions: 2'     | 2",
                    "'parallelism: 3\ncompletions: 10'    | 3",
                    "completions: 4                       | 1",
                    "parallelism: 0                       | 0",
                    "'parallelism: 3\nsuspend: true'      | 0"
                })
        @DisplayName("should run parallelism pods at once, at most completions, none when suspended")
        void podCount(String specLines, int expected) {
            assertThat(pods(job(specLines.replace("\\n", "\n")))).hasSize(expected);
        }

        @Test
        @DisplayName("should label pods with the job name and owner them by the Job")
        void labels() {
            List<Pod> pods = pods(job("parallelism: 2"));

            assertThat(pods).extracting(Pod::name).containsExactly("batch-0", "batch-1");
            assertThat(pods.get(0).metadata().labels())
                    .containsEntry(WorkloadDecoder.JOB_NAME_LABEL, "batch")
                    .containsEntry(WorkloadDecoder.LEGACY_JOB_NAME_LABEL, "batch")
                    .doesNotContainKey(WorkloadDecoder.JOB_COMPLETION_INDEX);
            assertThat(pods.get(0).metadata().controller())
                    .contains(new OwnerReference("batch/v1", "Job", "batch", "", true));
        }

        @Test
        @DisplayName("should give Indexed Job pods their completion index")
        void indexed() {
            List<Pod> pods = pods(job("parallelism: 2\ncompletions: 2\ncompletionMode: Indexed"));

            assertThat(pods.get(1).metadata().labels()).containsEntry(WorkloadDecoder.JOB_COMPLETION_INDEX, "1");
            assertThat(pods.get(1).metadata().annotations()).containsEntry(WorkloadDecoder.JOB_COMPLETION_INDEX, "1");
        }

        @Test
        @DisplayName("should accept a Job without a selector (the API server generates one)")
        void noSelector() {
            List<Pod> pods = pods(job("").replace("  selector:\n    matchLabels: {app: batch}\n", ""));

            assertThat(pods).hasSize(1);
        }
    }

    @Nested
    @DisplayName("Pod")
    class Pods {
        @Test
        @DisplayName("should keep a bare pod's name, namespace, owners and creation time")
        void bare() {
            Pod pod = onlyPod("""
                    apiVersion: v1
                    kind: Pod
                    metadata:
                      name: worker-x
                      namespace: jobs
                      creationTimestamp: "2024-01-02T03:04:05Z"
                      ownerReferences:
                        - {apiVersion: apps/v1, kind: ReplicaSet, name: worker, uid: u1, controller: true}
                    spec:
                      containers: [{name: c}]
                    """);

            assertThat(pod.key()).isEqualTo("jobs/worker-x");
            assertThat(pod.metadata().creationTimestamp()).isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
            assertThat(pod.metadata().controller())
                    .contains(new OwnerReference("apps/v1", "ReplicaSet", "worker", "u1", true));
        }

        @Test
        @DisplayName("should return a pod with spec.nodeName as bound and running, not pending")
        void bound() {
            WorkloadResult r = load(WorkloadFixtures.podWithSpec("nodeName: ip-10-0-0-1.ec2.internal"));

            assertThat(errors(r)).isEmpty();
            assertThat(r.pods()).isEmpty();
            assertThat(r.boundPods()).hasSize(1);
            assertThat(r.boundPods().get(0).status()).isEqualTo(PodStatus.RUNNING);
            assertThat(r.boundPods().get(0).spec().nodeName()).isEqualTo("ip-10-0-0-1.ec2.internal");
        }

        @Test
        @DisplayName("should hold a pod with scheduling gates as gated, which Karpenter does not provision for")
        void gated() {
            Pod pod = onlyPod(WorkloadFixtures.podWithSpec("schedulingGates: [{name: example.com/quota}]"));

            assertThat(pod.status()).isEqualTo(WorkloadDecoder.SCHEDULING_GATED);
            assertThat(pod.isProvisionable()).isFalse();
        }

        @Test
        @DisplayName("should name a pod with only generateName by the prefix and a stable 5-character suffix")
        void generateName() {
            String yaml = WorkloadFixtures.podWithSpec("").replace("  name: p\n", "  generateName: worker-\n");

            Pod first = onlyPod(yaml);
            Pod again = onlyPod(yaml);

            assertThat(first.name()).startsWith("worker-").hasSize("worker-".length() + 5);
            assertThat(again.name()).isEqualTo(first.name());
        }
    }
}
