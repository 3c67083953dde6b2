package dev.fleetwright.core.api.load;

import static dev.fleetwright.core.api.load.Fixtures.load;
import static dev.fleetwright.core.api.load.Fixtures.nodeClass;
import static dev.fleetwright.core.api.load.Fixtures.nodePool;
import static dev.fleetwright.core.api.load.Fixtures.nodePoolProblems;
import static dev.fleetwright.core.api.load.Fixtures.with;
import static dev.fleetwright.core.api.load.Fixtures.without;
import static dev.fleetwright.core.api.load.Fixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetwright.core.api.Budget;
import dev.fleetwright.core.api.BudgetNodes;
import dev.fleetwright.core.api.ConsolidationPolicy;
import dev.fleetwright.core.api.DisruptionReason;
import dev.fleetwright.core.api.NillableDuration;
import dev.fleetwright.core.api.NodePool;
import dev.fleetwright.core.api.corev1.NodeSelectorOperator;
import dev.fleetwright.core.api.corev1.TaintEffect;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Karpenter's NodePool rules, each with a case that breaks it and one that keeps it. */
class NodePoolValidationTest {

    private static final String REQUIREMENTS = "spec.template.spec.requirements";

    private static void assertRejected(Map<String, Object> pool, String path, String fragment) {
        assertThat(nodePoolProblems(pool))
                .as("problems of the NodePool")
                .anySatisfy(p -> assertThat(p).startsWith(path + ": ").contains(fragment));
    }

    private static void assertAccepted(Map<String, Object> pool) {
        assertThat(nodePoolProblems(pool)).isEmpty();
    }

    private static Map<String, Object> withRequirement(String requirementYaml) {
        return with(nodePool(), REQUIREMENTS + "[0]", yaml(requirementYaml));
    }

    private static NodePool decoded(Map<String, Object> pool) {
        LoadResult result = load(pool, nodeClass());
        assertThat(Fixtures.problems(result)).isEmpty();
        return result.nodePools().get(0);
    }

    @Nested
    @DisplayName("requirement operators and values")
    class Operators {
        @Test
        @DisplayName("should need at least one value for In")
        void inNeedsValue() {
            assertRejected(
                    withRequirement("{key: team, operator: In, values: []}"),
                    REQUIREMENTS + "[0].values",
                    "operator In needs at least one value");
            assertAccepted(withRequirement("{key: team, operator: In, values: [a]}"));
        }

        @Test
        @DisplayName("should need at least one value for NotIn")
        void notInNeedsValue() {
            assertRejected(
                    withRequirement("{key: team, operator: NotIn}"),
                    REQUIREMENTS + "[0].values",
                    "operator NotIn needs at least one value");
            assertAccepted(withRequirement("{key: team, operator: NotIn, values: [a, b]}"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"Exists", "DoesNotExist"})
        @DisplayName("should take no values for Exists and DoesNotExist")
        void existsTakesNoValues(String operator) {
            assertRejected(
                    withRequirement("{key: team, operator: " + operator + ", values: [a]}"),
                    REQUIREMENTS + "[0].values",
                    "takes no values");
            assertAccepted(withRequirement("{key: team, operator: " + operator + "}"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"Gt", "Lt", "Gte", "Lte"})
        @DisplayName("should need exactly one non-negative integer for numeric operators")
        void numeric(String operator) {
            String key = "karpenter.k8s.aws/instance-generation";
            for (String values :
                    List.of("[]", "['a']", "['-1']", "['1', '2']", "['1.5']", "['99999999999999999999']")) {
                assertRejected(
                        withRequirement("{key: " + key + ", operator: " + operator + ", values: " + values + "}"),
                        REQUIREMENTS + "[0].values",
                        "operator " + operator + " needs exactly one non-negative integer");
            }
            assertAccepted(withRequirement("{key: " + key + ", operator: " + operator + ", values: ['0']}"));
            assertAccepted(withRequirement("{key: " + key + ", operator: " + operator + ", values: ['5']}"));
        }

        @Test
        @DisplayName("should reject an unknown or missing operator")
        void unknownOperator() {
            assertRejected(
                    withRequirement("{key: team, operator: Equals, values: [a]}"),
                    REQUIREMENTS + "[0].operator",
                    "is not one of In, NotIn, Exists, DoesNotExist, Gt, Lt, Gte, Lte");
            assertRejected(withRequirement("{key: team, values: [a]}"), REQUIREMENTS + "[0].operator", "required");
        }

        @Test
        @DisplayName("should keep the requirement as written")
        void decodedRequirement() {
            NodePool pool = decoded(withRequirement(
                    "{key: karpenter.k8s.aws/instance-cpu, operator: Gte, values: ['4'], minValues: 1}"));
            var r = pool.spec().template().spec().requirements().get(0);
            assertThat(r.operator()).isEqualTo(NodeSelectorOperator.GTE);
            assertThat(r.values()).containsExactly("4");
            assertThat(r.minValues()).isEqualTo(1);
        }
    }

    @Nested
    @DisplayName("minValues")
    class MinValues {
        @ParameterizedTest
        @ValueSource(ints = {0, -1, 51})
        @DisplayName("should be within 1..50")
        void range(int minValues) {
            assertRejected(
                    withRequirement("{key: team, operator: Exists, minValues: " + minValues + "}"),
                    REQUIREMENTS + "[0].minValues",
                    "within 1..50");
        }

        @Test
        @DisplayName("should not exceed the number of In values")
        void atMostValues() {
            assertRejected(
                    withRequirement("{key: team, operator: In, values: [a, b], minValues: 3}"),
                    REQUIREMENTS + "[0].minValues",
                    "needs at least 3 values");
            assertAccepted(withRequirement("{key: team, operator: In, values: [a, b, c], minValues: 3}"));
            assertAccepted(withRequirement("{key: team, operator: Exists, minValues: 50}"));
        }
    }

    @Nested
    @DisplayName("requirement keys and values")
    class Keys {
        @ParameterizedTest
        @ValueSource(strings = {"-team", "a/b/c", "Example.com/x", "team name"})
        @DisplayName("should be qualified names")
        void qualifiedName(String key) {
            assertRejected(withRequirement("{key: '" + key + "', operator: Exists}"), REQUIREMENTS + "[0].key", key);
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "kubernetes.io/custom",
                    "k8s.io/custom",
                    "karpenter.sh/custom",
                    "karpenter.k8s.aws/custom",
                    "sub.kubernetes.io/x"
                })
        @DisplayName("should not use a restricted domain")
        void restrictedDomain(String key) {
            assertRejected(
                    withRequirement("{key: '" + key + "', operator: Exists}"), REQUIREMENTS + "[0].key", "restricted");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "karpenter.k8s.aws/instance-family", "node.kubernetes.io/instance-type",
                            "topology.kubernetes.io/zone",
                    "node-restriction.kubernetes.io/team", "kops.k8s.io/group", "example.com/team",
                    "beta.kubernetes.io/arch", "failure-domain.beta.kubernetes.io/zone", "topology.k8s.aws/zone-id"
                })
        @DisplayName("should accept well-known labels, allowed sub-domains, deprecated aliases and custom labels")
        void allowed(String key) {
            assertAccepted(withRequirement("{key: '" + key + "', operator: Exists}"));
        }

        @Test
        @DisplayName("should not constrain karpenter.sh/nodepool")
        void nodePoolLabel() {
            assertRejected(
                    withRequirement("{key: karpenter.sh/nodepool, operator: In, values: [x]}"),
                    REQUIREMENTS + "[0].key",
                    "label karpenter.sh/nodepool is restricted");
        }

        @Test
        @DisplayName("should not constrain kubernetes.io/hostname")
        void hostname() {
            assertRejected(
                    withRequirement("{key: kubernetes.io/hostname, operator: In, values: [x]}"),
                    REQUIREMENTS + "[0].key",
                    "kubernetes.io/hostname is restricted");
        }

        @Test
        @DisplayName("should need valid label values")
        void labelValues() {
            assertRejected(
                    withRequirement("{key: team, operator: In, values: [ok, 'not/ok']}"),
                    REQUIREMENTS + "[0].values[1]",
                    "not a valid label value");
        }

        @Test
        @DisplayName("should need the requirements list, with at most 100 entries")
        void list() {
            assertRejected(without(nodePool(), REQUIREMENTS), REQUIREMENTS, "required");
            List<Object> many = new ArrayList<>();
            for (int i = 0; i < 101; i++) {
                many.add(yaml("{key: team, operator: Exists}"));
            }
            assertRejected(with(nodePool(), REQUIREMENTS, many), REQUIREMENTS, "at most 100");
            assertAccepted(with(nodePool(), REQUIREMENTS, List.of()));
        }

        @Test
        @DisplayName("should point at a misspelt field")
        void misspelt() {
            assertRejected(
                    withRequirement("{key: team, operator: In, value: [a]}"),
                    REQUIREMENTS + "[0].value",
                    "did you mean \"values\"?");
        }
    }

    @Nested
    @DisplayName("template labels")
    class TemplateLabels {
        private static final String LABELS = "spec.template.metadata.labels";

        private Map<String, Object> withLabel(String key, String value) {
            Map<String, Object> labels = new LinkedHashMap<>();
            labels.put(key, value);
            return with(nodePool(), LABELS, labels);
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "karpenter.sh/nodepool",
                    "kubernetes.io/hostname",
                    "karpenter.sh/custom",
                    "beta.kubernetes.io/arch",
                    "k8s.io/x"
                })
        @DisplayName("should not set restricted labels")
        void restricted(String key) {
            assertRejected(withLabel(key, "x"), LABELS + "[" + key + "]", "restricted");
        }

        @Test
        @DisplayName("should need qualified keys and valid values")
        void syntax() {
            assertRejected(withLabel("-bad", "x"), LABELS + "[-bad]", "qualified name");
            assertRejected(withLabel("team", "a b"), LABELS + "[team]", "not a valid label value");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "eks-node",
                    "nvidia.com/mps.capable",
                    "feature.node.kubernetes.io/pci-10de.present",
                    "topology.kubernetes.io/zone",
                    "karpenter.sh/capacity-type"
                })
        @DisplayName("should accept custom and well-known labels")
        void allowed(String key) {
            assertAccepted(withLabel(key, "true"));
        }
    }

    @Nested
    @DisplayName("taints")
    class Taints {
        private static final String TAINTS = "spec.template.spec.taints";

        @Test
        @DisplayName("should need a valid effect")
        void effect() {
            assertRejected(
                    with(nodePool(), TAINTS, yaml("[{key: a, effect: NoEffect}]")),
                    TAINTS + "[0].effect",
                    "is not one of NoSchedule, PreferNoSchedule, NoExecute");
            assertRejected(with(nodePool(), TAINTS, yaml("[{key: a}]")), TAINTS + "[0].effect", "required");
        }

        @Test
        @DisplayName("should need a qualified key and a label-value value")
        void keyAndValue() {
            assertRejected(
                    with(nodePool(), TAINTS, yaml("[{key: '-a', effect: NoSchedule}]")),
                    TAINTS + "[0].key",
                    "qualified name");
            assertRejected(
                    with(nodePool(), TAINTS, yaml("[{key: a, value: 'x y', effect: NoSchedule}]")),
                    TAINTS + "[0].value",
                    "label value");
        }

        @Test
        @DisplayName("should reject a key/effect pair twice, across taints and startupTaints")
        void duplicates() {
            Map<String, Object> pool = with(nodePool(), TAINTS, yaml("[{key: a, value: x, effect: NoSchedule}]"));
            with(pool, "spec.template.spec.startupTaints", yaml("[{key: a, value: y, effect: NoSchedule}]"));
            assertRejected(pool, "spec.template.spec.startupTaints[0]", "duplicate taint key/effect pair a:NoSchedule");
            Map<String, Object> other =
                    with(nodePool(), TAINTS, yaml("[{key: a, effect: NoSchedule}, {key: a, effect: NoExecute}]"));
            assertAccepted(other);
        }

        @Test
        @DisplayName("should decode taints and startup taints")
        void decodedTaints() {
            Map<String, Object> pool =
                    with(nodePool(), TAINTS, yaml("[{key: nvidia.com/gpu, value: 'true', effect: NoSchedule}]"));
            with(
                    pool,
                    "spec.template.spec.startupTaints",
                    yaml("[{key: cilium.io/agent-not-ready, effect: NoExecute, timeAdded: '2024-01-01T00:00:00Z'}]"));
            NodePool decoded = decoded(pool);
            assertThat(decoded.spec().template().spec().taints())
                    .singleElement()
                    .satisfies(t -> assertThat(t.effect()).isEqualTo(TaintEffect.NO_SCHEDULE));
            assertThat(decoded.spec().template().spec().startupTaints())
                    .singleElement()
                    .satisfies(t -> assertThat(t.key()).isEqualTo("cilium.io/agent-not-ready"));
        }
    }

    @Nested
    @DisplayName("nodeClassRef")
    class NodeClassRef {
        private static final String REF = "spec.template.spec.nodeClassRef";

        @Test
        @DisplayName("should name an EC2NodeClass of group karpenter.k8s.aws")
        void groupAndKind() {
            assertRejected(with(nodePool(), REF + ".group", "karpenter.azure.com"), REF + ".group", "not supported");
            assertRejected(with(nodePool(), REF + ".kind", "AKSNodeClass"), REF + ".kind", "not supported");
        }

        @Test
        @DisplayName("should be present with group, kind and name")
        void required() {
            assertRejected(without(nodePool(), REF), REF, "required");
            assertRejected(without(nodePool(), REF + ".name"), REF + ".name", "required");
            assertRejected(without(nodePool(), REF + ".group"), REF + ".group", "required");
        }

        @Test
        @DisplayName("should explain the v1beta1 apiVersion field")
        void apiVersionField() {
            assertRejected(
                    with(nodePool(), REF + ".apiVersion", "karpenter.k8s.aws/v1beta1"),
                    REF + ".apiVersion",
                    "replaced by nodeClassRef.group");
        }
    }

    @Nested
    @DisplayName("durations")
    class Durations {
        private static final String SPEC = "spec.template.spec";

        @Test
        @DisplayName("should default expireAfter to 720h and terminationGracePeriod to forever")
        void defaults() {
            NodePool pool = decoded(nodePool());
            assertThat(pool.spec().template().spec().expireAfter().duration()).contains(Duration.ofHours(720));
            assertThat(pool.spec().template().spec().terminationGracePeriod().isNever())
                    .isTrue();
        }

        @Test
        @DisplayName("should accept Never for expireAfter")
        void expireNever() {
            assertThat(decoded(with(nodePool(), SPEC + ".expireAfter", "Never"))
                            .spec()
                            .template()
                            .spec()
                            .expireAfter())
                    .isEqualTo(NillableDuration.NEVER);
        }

        @ParameterizedTest
        @ValueSource(strings = {"30d", "1.5h", "never", "", "-1h", "1h 30m"})
        @DisplayName("should reject other expireAfter forms")
        void expireInvalid(String text) {
            assertRejected(with(nodePool(), SPEC + ".expireAfter", text), SPEC + ".expireAfter", "Never");
        }

        @Test
        @DisplayName("should accept a terminationGracePeriod duration but not Never")
        void terminationGracePeriod() {
            assertThat(decoded(with(nodePool(), SPEC + ".terminationGracePeriod", "48h"))
                            .spec()
                            .template()
                            .spec()
                            .terminationGracePeriod()
                            .duration())
                    .contains(Duration.ofHours(48));
            assertRejected(
                    with(nodePool(), SPEC + ".terminationGracePeriod", "Never"),
                    SPEC + ".terminationGracePeriod",
                    "Never is not allowed");
        }
    }

    @Nested
    @DisplayName("disruption")
    class DisruptionRules {
        private static final String D = "spec.disruption";

        private Map<String, Object> withDisruption(String disruptionYaml) {
            return with(nodePool(), D, yaml(disruptionYaml));
        }

        @Test
        @DisplayName("should default to WhenEmptyOrUnderutilized after 0s with a 10% budget")
        void defaults() {
            NodePool pool = decoded(nodePool());
            assertThat(pool.spec().disruption().consolidationPolicy())
                    .isEqualTo(ConsolidationPolicy.WHEN_EMPTY_OR_UNDERUTILIZED);
            assertThat(pool.spec().disruption().consolidateAfter().duration()).contains(Duration.ZERO);
            assertThat(pool.spec().disruption().budgets()).containsExactly(Budget.DEFAULT);
        }

        @Test
        @DisplayName("should need consolidateAfter when the disruption block is written")
        void consolidateAfterRequired() {
            assertRejected(withDisruption("{consolidationPolicy: WhenEmpty}"), D + ".consolidateAfter", "required");
            assertAccepted(withDisruption("{consolidationPolicy: WhenEmpty, consolidateAfter: Never}"));
        }

        @Test
        @DisplayName("should check consolidateAfter's format")
        void consolidateAfterFormat() {
            assertRejected(withDisruption("{consolidateAfter: 1d}"), D + ".consolidateAfter", "Never");
            assertThat(decoded(withDisruption("{consolidateAfter: 1m30s}"))
                            .spec()
                            .disruption()
                            .consolidateAfter()
                            .duration())
                    .contains(Duration.ofSeconds(90));
        }

        @Test
        @DisplayName("should know only WhenEmpty and WhenEmptyOrUnderutilized, explaining the v1beta1 name")
        void policy() {
            assertRejected(
                    withDisruption("{consolidationPolicy: WhenUnderutilized, consolidateAfter: 0s}"),
                    D + ".consolidationPolicy",
                    "renamed WhenEmptyOrUnderutilized");
            assertThat(decoded(withDisruption("{consolidationPolicy: WhenEmpty, consolidateAfter: 30s}"))
                            .spec()
                            .disruption()
                            .consolidationPolicy())
                    .isEqualTo(ConsolidationPolicy.WHEN_EMPTY);
        }

        @ParameterizedTest
        @ValueSource(strings = {"101%", "-1", "ten", "10 %", "1.5"})
        @DisplayName("should need budget nodes as a count or a percentage")
        void budgetNodes(String nodes) {
            assertRejected(
                    withDisruption("{consolidateAfter: 0s, budgets: [{nodes: '" + nodes + "'}]}"),
                    D + ".budgets[0].nodes",
                    "pattern ^((100|[0-9]{1,2})%|[0-9]+)$");
        }

        @Test
        @DisplayName("should need schedule and duration together")
        void scheduleWithDuration() {
            assertRejected(
                    withDisruption("{consolidateAfter: 0s, budgets: [{nodes: '0', schedule: '@daily'}]}"),
                    D + ".budgets[0]",
                    "'schedule' must be set with 'duration'");
            assertRejected(
                    withDisruption("{consolidateAfter: 0s, budgets: [{nodes: '0', duration: 10m}]}"),
                    D + ".budgets[0]",
                    "'schedule' must be set with 'duration'");
            assertAccepted(withDisruption(
                    "{consolidateAfter: 0s, budgets: [{nodes: '0', schedule: '0 9 * * mon-fri', duration: 8h}]}"));
        }

        @Test
        @DisplayName("should need a valid cron schedule")
        void cron() {
            assertRejected(
                    withDisruption("{consolidateAfter: 0s, budgets: [{nodes: '0', schedule: '0 25 * * *',"
                            + " duration: 1h}]}"),
                    D + ".budgets[0].schedule",
                    "hour");
        }

        @ParameterizedTest
        @ValueSource(strings = {"30s", "1d", "1h30m30s", "h"})
        @DisplayName("should need a budget duration in minutes and hours")
        void budgetDuration(String duration) {
            assertRejected(
                    withDisruption("{consolidateAfter: 0s, budgets: [{nodes: '0', schedule: '@daily'," + " duration: '"
                            + duration + "'}]}"),
                    D + ".budgets[0].duration",
                    "minutes and hours");
        }

        @ParameterizedTest
        @ValueSource(strings = {"10m", "8h", "1h30m", "8h0s", "1h30m0s"})
        @DisplayName("should accept budget durations Karpenter accepts")
        void budgetDurationAccepted(String duration) {
            assertAccepted(withDisruption("{consolidateAfter: 0s, budgets: [{nodes: '0', schedule: '@daily',"
                    + " duration: '" + duration + "'}]}"));
        }

        @Test
        @DisplayName("should accept only Underutilized, Empty and Drifted as reasons")
        void reasons() {
            assertRejected(
                    withDisruption("{consolidateAfter: 0s, budgets: [{nodes: '1', reasons: [Drifted, Expired]}]}"),
                    D + ".budgets[0].reasons[1]",
                    "is not one of Underutilized, Empty, Drifted");
            Budget b = decoded(withDisruption(
                            "{consolidateAfter: 0s, budgets: [{nodes: '1', reasons: [Drifted, Empty]}]}"))
                    .spec()
                    .disruption()
                    .budgets()
                    .get(0);
            assertThat(b.reasons()).containsExactlyInAnyOrder(DisruptionReason.DRIFTED, DisruptionReason.EMPTY);
            assertThat(b.nodes()).isEqualTo(new BudgetNodes.Count(1));
        }

        @Test
        @DisplayName("should default a budget's nodes to 10%")
        void budgetNodesDefault() {
            Budget b = decoded(withDisruption("{consolidateAfter: 0s, budgets: [{reasons: [Empty]}]}"))
                    .spec()
                    .disruption()
                    .budgets()
                    .get(0);
            assertThat(b.nodes()).isEqualTo(new BudgetNodes.Percent(10));
        }

        @Test
        @DisplayName("should explain that expireAfter moved to the template")
        void movedExpireAfter() {
            assertRejected(
                    withDisruption("{consolidateAfter: 0s, expireAfter: 720h}"),
                    D + ".expireAfter",
                    "moved to spec.template.spec.expireAfter");
        }

        @Test
        @DisplayName("should tolerate newer defaulted fields but refuse cost-based consolidation")
        void newerFields() {
            assertAccepted(withDisruption("{consolidateAfter: 0s, consolidateWhen: WhenEmptyOrUnderutilized,"
                    + " decisionRatioThreshold: 1.0}"));
            assertRejected(
                    withDisruption("{consolidateAfter: 0s, consolidateWhen: WhenCostJustifiesDisruption}"),
                    D + ".consolidateWhen",
                    "not supported");
            assertRejected(
                    withDisruption("{consolidateAfter: 0s, decisionRatioThreshold: 0}"),
                    D + ".decisionRatioThreshold",
                    "greater than 0");
        }
    }

    @Nested
    @DisplayName("weight and limits")
    class WeightAndLimits {
        @ParameterizedTest
        @ValueSource(ints = {0, -5, 101})
        @DisplayName("should keep weight within 1..100")
        void weightRange(int weight) {
            assertRejected(with(nodePool(), "spec.weight", weight), "spec.weight", "within 1..100");
        }

        @Test
        @DisplayName("should order by weight, an unset weight counting as 0")
        void weight() {
            assertThat(decoded(with(nodePool(), "spec.weight", 100)).weight()).isEqualTo(100);
            assertThat(decoded(nodePool()).weight()).isZero();
            assertThat(decoded(nodePool()).spec().weight()).isNull();
        }

        @Test
        @DisplayName("should read resource limits and a node-count limit")
        void limits() {
            NodePool pool = decoded(with(
                    nodePool(), "spec.limits", yaml("{cpu: 1000, memory: 1000Gi, nvidia.com/gpu: '8', nodes: 20}")));
            assertThat(pool.spec().limits().limitOf("cpu")).contains(1_000_000L);
            assertThat(pool.spec().limits().limitOf("memory")).contains(1000L << 30);
            assertThat(pool.spec().limits().limitOf("nvidia.com/gpu")).contains(8L);
            assertThat(pool.spec().limits().nodes()).hasValue(20);
            assertThat(pool.spec().limits().limitOf("pods")).isEmpty();
        }

        @Test
        @DisplayName("should reject malformed or negative limits")
        void invalidLimits() {
            assertRejected(
                    with(nodePool(), "spec.limits", yaml("{cpu: 10 cores}")),
                    "spec.limits[cpu]",
                    "not a Kubernetes quantity");
            assertRejected(
                    with(nodePool(), "spec.limits", yaml("{memory: -1Gi}")),
                    "spec.limits[memory]",
                    "must not be negative");
            assertRejected(
                    with(nodePool(), "spec.limits", yaml("{nodes: 2.5}")),
                    "spec.limits[nodes]",
                    "non-negative whole number");
        }
    }

    @Nested
    @DisplayName("structure")
    class Structure {
        @Test
        @DisplayName("should report an unknown spec field with a suggestion")
        void unknownField() {
            assertRejected(
                    with(nodePool(), "spec.disruptions", yaml("{consolidateAfter: 0s}")),
                    "spec.disruptions",
                    "did you mean \"disruption\"?");
            assertRejected(with(nodePool(), "spec.foo", "bar"), "spec.foo", "unknown field");
        }

        @Test
        @DisplayName("should explain fields that moved or are not supported")
        void explained() {
            assertRejected(
                    with(nodePool(), "spec.template.spec.kubelet", yaml("{maxPods: 110}")),
                    "spec.template.spec.kubelet",
                    "moved to the EC2NodeClass");
            assertRejected(with(nodePool(), "spec.replicas", 3), "spec.replicas", "not supported");
        }

        @Test
        @DisplayName("should tolerate status and server-set metadata")
        void tolerated() {
            Map<String, Object> pool = with(nodePool(), "status", yaml("{nodes: 3, conditions: []}"));
            with(pool, "metadata.resourceVersion", "12345");
            with(pool, "metadata.generation", 2);
            with(pool, "metadata.uid", "0b1c");
            with(pool, "metadata.creationTimestamp", "2024-08-05T10:00:00Z");
            with(pool, "metadata.managedFields", yaml("[{manager: kubectl}]"));
            with(pool, "metadata.annotations", yaml("{karpenter.sh/nodepool-hash: '123'}"));
            NodePool decoded = decoded(pool);
            assertThat(decoded.metadata().uid()).isEqualTo("0b1c");
            assertThat(decoded.metadata().creationTimestamp())
                    .isEqualTo(java.time.Instant.parse("2024-08-05T10:00:00Z"));
        }

        @Test
        @DisplayName("should reject unknown metadata fields and bad timestamps")
        void metadata() {
            assertRejected(
                    with(nodePool(), "metadata.lables", yaml("{a: b}")), "metadata.lables", "did you mean \"labels\"?");
            assertRejected(
                    with(nodePool(), "metadata.creationTimestamp", "yesterday"),
                    "metadata.creationTimestamp",
                    "RFC 3339");
        }

        @Test
        @DisplayName("should need a DNS-1123 name usable as a label value")
        void name() {
            assertRejected(with(nodePool(), "metadata.name", "General"), "metadata.name", "DNS-1123");
            assertRejected(with(nodePool(), "metadata.name", "a".repeat(64)), "metadata.name", "63 characters");
            assertRejected(without(nodePool(), "metadata.name"), "metadata.name", "required");
        }

        @Test
        @DisplayName("should report values of the wrong type with a hint")
        void types() {
            assertRejected(with(nodePool(), "spec.weight", "10"), "spec.weight", "write it without quotes");
            assertRejected(
                    withRequirement("{key: karpenter.k8s.aws/instance-cpu, operator: In, values: [4, 8]}"),
                    REQUIREMENTS + "[0].values[0]",
                    "quote it (\"4\")");
            assertRejected(with(nodePool(), "spec.template", "x"), "spec.template", "expected an object");
        }

        @Test
        @DisplayName("should read numbers the way Gson parses JSON")
        void gsonNumbers() {
            Map<String, Object> pool = with(nodePool(), "spec.weight", 10.0);
            with(pool, "spec.limits", Map.of("cpu", 1000.0, "nodes", 5.0));
            NodePool decoded = decoded(pool);
            assertThat(decoded.weight()).isEqualTo(10);
            assertThat(decoded.spec().limits().limitOf("cpu")).contains(1_000_000L);
            assertThat(decoded.spec().limits().nodes()).hasValue(5);
            assertRejected(with(nodePool(), "spec.weight", 10.5), "spec.weight", "whole number");
        }

        @Test
        @DisplayName("should report every problem of one NodePool at once")
        void allProblems() {
            Map<String, Object> pool = with(nodePool(), "spec.weight", 0);
            with(pool, REQUIREMENTS + "[0].operator", "Gt");
            with(pool, "spec.template.spec.expireAfter", "forever");
            assertThat(nodePoolProblems(pool)).hasSize(3);
        }

        @Test
        @DisplayName("should give a NodePool its requirements, labels and name as scheduling requirements")
        void schedulingRequirements() {
            NodePool pool = decoded(nodePool());
            assertThat(pool.requirements().get("team").has("platform")).isTrue();
            assertThat(pool.requirements().get("karpenter.sh/nodepool").has("general"))
                    .isTrue();
            assertThat(pool.requirements().get("kubernetes.io/arch").has("arm64"))
                    .isFalse();
        }
    }
}
