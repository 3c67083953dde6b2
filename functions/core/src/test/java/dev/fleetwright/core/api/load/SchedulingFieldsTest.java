package dev.fleetwright.core.api.load;

import static dev.fleetwright.core.api.load.WorkloadFixtures.onlyPod;
import static dev.fleetwright.core.api.load.WorkloadFixtures.podWithSpec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetwright.core.api.corev1.Affinity;
import dev.fleetwright.core.api.corev1.LabelSelector;
import dev.fleetwright.core.api.corev1.NodeSelectorOperator;
import dev.fleetwright.core.api.corev1.NodeSelectorRequirement;
import dev.fleetwright.core.api.corev1.NodeSelectorTerm;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.PodAffinityTerm;
import dev.fleetwright.core.api.corev1.PodSpec;
import dev.fleetwright.core.api.corev1.PreferredSchedulingTerm;
import dev.fleetwright.core.api.corev1.TaintEffect;
import dev.fleetwright.core.api.corev1.Toleration;
import dev.fleetwright.core.api.corev1.TopologySpreadConstraint;
import dev.fleetwright.core.api.corev1.TopologySpreadConstraint.Policy;
import dev.fleetwright.core.api.corev1.TopologySpreadConstraint.WhenUnsatisfiable;
import dev.fleetwright.core.api.corev1.WeightedPodAffinityTerm;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every scheduling field of a manifest arrives in the core pod model. */
class SchedulingFieldsTest {

    private static PodSpec spec(String specYaml) {
        return onlyPod(podWithSpec(specYaml)).spec();
    }

    private static NodeSelectorRequirement req(String key, NodeSelectorOperator op, String... values) {
        return NodeSelectorRequirement.of(key, op, values);
    }

    @Nested
    @DisplayName("node selection")
    class NodeSelection {
        @Test
        @DisplayName("should carry the nodeSelector")
        void nodeSelector() {
            PodSpec s = spec("nodeSelector: {kubernetes.io/arch: arm64, team: a}");

            assertThat(s.nodeSelector()).isEqualTo(Map.of("kubernetes.io/arch", "arm64", "team", "a"));
        }

        @Test
        @DisplayName("should carry required node affinity terms with every operator, matchFields as metadata.name")
        void requiredNodeAffinity() {
            PodSpec s = spec("""
                    affinity:
                      nodeAffinity:
                        requiredDuringSchedulingIgnoredDuringExecution:
                          nodeSelectorTerms:
                            - matchExpressions:
                                - {key: topology.kubernetes.io/zone, operator: In, values: [us-east-1a, us-east-1b]}
                                - {key: karpenter.sh/capacity-type, operator: NotIn, values: [spot]}
                                - {key: gpu, operator: Exists}
                                - {key: legacy, operator: DoesNotExist}
                                - {key: karpenter.k8s.aws/instance-cpu, operator: Gt, values: ["3"]}
                                - {key: karpenter.k8s.aws/instance-memory, operator: Lt, values: ["65536"]}
                            - matchFields:
                                - {key: metadata.name, operator: In, values: [node-1]}
                    """);

            assertThat(s.affinity().requiredNodeTerms())
                    .containsExactly(
                            new NodeSelectorTerm(List.of(
                                    req(
                                            "topology.kubernetes.io/zone",
                                            NodeSelectorOperator.IN,
                                            "us-east-1a",
                                            "us-east-1b"),
                                    req("karpenter.sh/capacity-type", NodeSelectorOperator.NOT_IN, "spot"),
                                    req("gpu", NodeSelectorOperator.EXISTS),
                                    req("legacy", NodeSelectorOperator.DOES_NOT_EXIST),
                                    req("karpenter.k8s.aws/instance-cpu", NodeSelectorOperator.GT, "3"),
                                    req("karpenter.k8s.aws/instance-memory", NodeSelectorOperator.LT, "65536"))),
                            new NodeSelectorTerm(List.of(req("metadata.name", NodeSelectorOperator.IN, "node-1"))));
        }

        @Test
        @DisplayName("should carry preferred node affinity terms with their weights")
        void preferredNodeAffinity() {
            PodSpec s = spec("""
                    affinity:
                      nodeAffinity:
                        preferredDuringSchedulingIgnoredDuringExecution:
                          - weight: 80
                            preference:
                              matchExpressions: [{key: karpenter.sh/capacity-type, operator: In, values: [spot]}]
                          - weight: 1
                            preference:
                              matchExpressions: [{key: team, operator: Exists}]
                    """);

            assertThat(s.affinity().preferredNodeTerms())
                    .containsExactly(
                            new PreferredSchedulingTerm(
                                    80,
                                    new NodeSelectorTerm(List.of(
                                            req("karpenter.sh/capacity-type", NodeSelectorOperator.IN, "spot")))),
                            new PreferredSchedulingTerm(
                                    1, new NodeSelectorTerm(List.of(req("team", NodeSelectorOperator.EXISTS)))));
        }
    }

    @Nested
    @DisplayName("pod affinity and anti-affinity")
    class PodAffinity {
        @Test
        @DisplayName("should carry required and preferred pod affinity and anti-affinity terms with every field")
        void allParts() {
            Affinity a = spec("""
                    affinity:
                      podAffinity:
                        requiredDuringSchedulingIgnoredDuringExecution:
                          - labelSelector:
                              matchLabels: {app: cache}
                              matchExpressions: [{key: tier, operator: In, values: [hot, warm]}]
                            namespaces: [data]
                            topologyKey: topology.kubernetes.io/zone
                        preferredDuringSchedulingIgnoredDuringExecution:
                          - weight: 50
                            podAffinityTerm:
                              labelSelector: {matchLabels: {app: db}}
                              namespaceSelector: {}
                              topologyKey: kubernetes.io/hostname
                      podAntiAffinity:
                        requiredDuringSchedulingIgnoredDuringExecution:
                          - labelSelector: {matchExpressions: [{key: app, operator: Exists}]}
                            namespaceSelector: {matchLabels: {env: prod}}
                            topologyKey: kubernetes.io/hostname
                            matchLabelKeys: [version]
                        preferredDuringSchedulingIgnoredDuringExecution:
                          - weight: 100
                            podAffinityTerm:
                              topologyKey: topology.kubernetes.io/zone
                    """).affinity();

            assertThat(a.requiredPodAffinity())
                    .containsExactly(new PodAffinityTerm(
                            new LabelSelector(
                                    Map.of("app", "cache"),
                                    List.of(new LabelSelector.Requirement(
                                            "tier", LabelSelector.Operator.IN, Set.of("hot", "warm")))),
                            List.of("data"),
                            null,
                            "topology.kubernetes.io/zone",
                            List.of()));
            assertThat(a.preferredPodAffinity())
                    .containsExactly(new WeightedPodAffinityTerm(
                            50,
                            new PodAffinityTerm(
                                    LabelSelector.of(Map.of("app", "db")),
                                    List.of(),
                                    LabelSelector.EVERYTHING,
                                    "kubernetes.io/hostname",
                                    List.of())));
            assertThat(a.requiredPodAntiAffinity())
                    .containsExactly(new PodAffinityTerm(
                            new LabelSelector(
                                    Map.of(),
                                    List.of(new LabelSelector.Requirement(
                                            "app", LabelSelector.Operator.EXISTS, Set.of()))),
                            List.of(),
                            LabelSelector.of(Map.of("env", "prod")),
                            "kubernetes.io/hostname",
                            List.of("version")));
            assertThat(a.preferredPodAntiAffinity())
                    .containsExactly(new WeightedPodAffinityTerm(
                            100, new PodAffinityTerm(null, List.of(), null, "topology.kubernetes.io/zone", List.of())));
        }

        @Test
        @DisplayName(
                "should merge mismatchLabelKeys into the selector as NotIn the pod's own value, as the API server does")
        void mismatchLabelKeys() {
            Pod pod = onlyPod("""
                    apiVersion: v1
                    kind: Pod
                    metadata:
                      name: p
                      labels: {app: web, tenant: blue}
                    spec:
                      containers: [{name: c}]
                      affinity:
                        podAntiAffinity:
                          requiredDuringSchedulingIgnoredDuringExecution:
                            - labelSelector: {matchExpressions: [{key: tenant, operator: Exists}]}
                              mismatchLabelKeys: [tenant, absent]
                              topologyKey: kubernetes.io/hostname
                    """);

            LabelSelector selector =
                    pod.spec().affinity().requiredPodAntiAffinity().get(0).labelSelector();
            assertThat(selector.matchExpressions())
                    .containsExactly(
                            new LabelSelector.Requirement("tenant", LabelSelector.Operator.EXISTS, Set.of()),
                            new LabelSelector.Requirement("tenant", LabelSelector.Operator.NOT_IN, Set.of("blue")));
        }

        @Test
        @DisplayName("should let mismatchLabelKeys see the pod-template-hash label of Deployment pods")
        void controllerLabels() {
            List<Pod> pods = WorkloadFixtures.pods("""
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: web}
                    spec:
                      selector: {matchLabels: {app: web}}
                      template:
                        metadata: {labels: {app: web}}
                        spec:
                          containers: [{name: c}]
                          affinity:
                            podAffinity:
                              requiredDuringSchedulingIgnoredDuringExecution:
                                - labelSelector: {matchLabels: {app: web}}
                                  mismatchLabelKeys: [pod-template-hash]
                                  topologyKey: kubernetes.io/hostname
                    """);

            String hash = pods.get(0).metadata().labels().get(WorkloadDecoder.POD_TEMPLATE_HASH_LABEL);
            assertThat(pods.get(0)
                            .spec()
                            .affinity()
                            .requiredPodAffinity()
                            .get(0)
                            .labelSelector()
                            .matchExpressions())
                    .containsExactly(new LabelSelector.Requirement(
                            "pod-template-hash", LabelSelector.Operator.NOT_IN, Set.of(hash)));
        }
    }

    @Nested
    @DisplayName("tolerations")
    class Tolerations {
        @Test
        @DisplayName("should carry every toleration field, with Equal as the default operator")
        void fields() {
            PodSpec s = spec("""
                    tolerations:
                      - {key: dedicated, value: gpu, effect: NoSchedule}
                      - {key: workload, operator: Exists, effect: PreferNoSchedule}
                      - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 300}
                      - {operator: Exists}
                      - {key: team, operator: Equal, value: a}
                    """);

            assertThat(s.tolerations())
                    .containsExactly(
                            new Toleration(
                                    "dedicated", Toleration.Operator.EQUAL, "gpu", TaintEffect.NO_SCHEDULE, null),
                            new Toleration(
                                    "workload", Toleration.Operator.EXISTS, "", TaintEffect.PREFER_NO_SCHEDULE, null),
                            new Toleration(
                                    "node.kubernetes.io/unreachable",
                                    Toleration.Operator.EXISTS,
                                    "",
                                    TaintEffect.NO_EXECUTE,
                                    300L),
                            new Toleration("", Toleration.Operator.EXISTS, "", null, null),
                            new Toleration("team", Toleration.Operator.EQUAL, "a", null, null));
        }
    }

    @Nested
    @DisplayName("topology spread constraints")
    class Spread {
        @Test
        @DisplayName("should carry every field of a spread constraint")
        void allFields() {
            PodSpec s = spec("""
                    topologySpreadConstraints:
                      - maxSkew: 2
                        topologyKey: topology.kubernetes.io/zone
                        whenUnsatisfiable: DoNotSchedule
                        labelSelector: {matchLabels: {app: web}}
                        minDomains: 3
                        nodeAffinityPolicy: Ignore
                        nodeTaintsPolicy: Honor
                        matchLabelKeys: [pod-template-hash]
                    """);

            assertThat(s.topologySpreadConstraints())
                    .containsExactly(new TopologySpreadConstraint(
                            2,
                            "topology.kubernetes.io/zone",
                            WhenUnsatisfiable.DO_NOT_SCHEDULE,
                            LabelSelector.of(Map.of("app", "web")),
                            3,
                            Policy.IGNORE,
                            Policy.HONOR,
                            List.of("pod-template-hash")));
        }

        @Test
        @DisplayName("should apply Kubernetes' defaults: affinity Honor, taints Ignore, no selector counts no pods")
        void defaults() {
            PodSpec s = spec("""
                    topologySpreadConstraints:
                      - {maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyway}
                    """);

            TopologySpreadConstraint c = s.topologySpreadConstraints().get(0);
            assertThat(c.whenUnsatisfiable()).isEqualTo(WhenUnsatisfiable.SCHEDULE_ANYWAY);
            assertThat(c.labelSelector()).isNull();
            assertThat(c.minDomains()).isNull();
            assertThat(c.nodeAffinityPolicy()).isEqualTo(Policy.HONOR);
            assertThat(c.nodeTaintsPolicy()).isEqualTo(Policy.IGNORE);
        }
    }

    @Nested
    @DisplayName("the other scheduling fields")
    class Others {
        @Test
        @DisplayName("should carry priority, class, grace period and scheduler name")
        void scalars() {
            PodSpec s = spec("""
                    priority: 7
                    priorityClassName: batch
                    terminationGracePeriodSeconds: 120
                    schedulerName: my-scheduler
                    """);

            assertThat(s.priority()).isEqualTo(7);
            assertThat(s.priorityClassName()).isEqualTo("batch");
            assertThat(s.terminationGracePeriodSeconds()).isEqualTo(120);
            assertThat(s.schedulerName()).isEqualTo("my-scheduler");
        }

        @Test
        @DisplayName("should default the grace period to 30 s and the scheduler to default-scheduler")
        void defaults() {
            PodSpec s = spec("");

            assertThat(s.terminationGracePeriodSeconds()).isEqualTo(30);
            assertThat(s.schedulerName()).isEqualTo("default-scheduler");
            assertThat(s.affinity()).isEqualTo(Affinity.NONE);
            assertThat(s.priority()).isZero();
        }

        @Test
        @DisplayName("should carry annotations such as karpenter.sh/do-not-disrupt")
        void annotations() {
            Pod pod = onlyPod(podWithSpec("")
                    .replace("  name: p\n", "  name: p\n  annotations: {karpenter.sh/do-not-disrupt: \"true\"}\n"));

            assertThat(pod.hasDoNotDisrupt()).isTrue();
        }
    }
}
