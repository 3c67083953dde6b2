package dev.fleetwright.core.api.load;

import static dev.fleetwright.core.api.load.WorkloadFixtures.errors;
import static dev.fleetwright.core.api.load.WorkloadFixtures.load;
import static dev.fleetwright.core.api.load.WorkloadFixtures.podWithResources;
import static dev.fleetwright.core.api.load.WorkloadFixtures.podWithSpec;
import static dev.fleetwright.core.api.load.WorkloadFixtures.problems;
import static dev.fleetwright.core.api.load.WorkloadFixtures.warnings;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Kubernetes' validation of what matters to scheduling: each rule with a manifest that breaks it. */
class WorkloadValidationTest {

    private static void assertProblems(String yaml, String... expected) {
        assertThat(problems(load(yaml))).containsExactly(expected);
    }

    private static void assertSpecProblems(String specYaml, String... expected) {
        assertProblems(podWithSpec(specYaml), expected);
    }

    private static void assertResourceProblems(String resourcesYaml, String... expected) {
        assertProblems(podWithResources(resourcesYaml), expected);
    }

    private static final String RESOURCES = "spec.containers[0].resources.";

    @Nested
    @DisplayName("container resources")
    class ContainerResources {
        @Test
        @DisplayName("should name the container, the list and the resource of a bad quantity")
        void quantityPath() {
            WorkloadResult r = load("""
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: web}
                    spec:
                      selector: {matchLabels: {app: web}}
                      template:
                        metadata: {labels: {app: web}}
                        spec:
                          containers:
                            - name: app
                            - name: proxy
                              resources:
                                requests: {cpu: 1x}
                    """);

            assertThat(errors(r))
                    .containsExactly("workload.yaml[0] Deployment \"web\": spec.template.spec.containers[1].resources"
                            + ".requests[cpu]: \"1x\" is not a Kubernetes quantity (a number with an optional suffix:"
                            + " m, k, M, G, Ki, Mi, Gi, ... or e<n>)");
            assertThat(r.pods()).isEmpty();
        }

        @Test
        @DisplayName("should reject negative quantities")
        void negative() {
            assertResourceProblems(
                    "limits: {memory: -1Gi}", RESOURCES + "limits[memory]: must not be negative, got \"-1Gi\"");
        }

        @Test
        @DisplayName("should reject a misspelt key in resources, with a hint")
        void misspeltKey() {
            assertResourceProblems(
                    "request: {cpu: 100m}", RESOURCES + "request: unknown field; did you mean \"requests\"?");
        }

        @Test
        @DisplayName("should reject a misspelt resource name, with a hint")
        void misspeltResource() {
            assertResourceProblems(
                    "requests: {memroy: 1Gi}",
                    RESOURCES + "requests[memroy]: resource \"memroy\" is neither a standard container resource (cpu,"
                            + " memory, ephemeral-storage, hugepages-<size>) nor a domain-qualified extended resource"
                            + " such as nvidia.com/gpu; did you mean \"memory\"?");
        }

        @Test
        @DisplayName("should reject resources in the kubernetes.io domain that are not standard")
        void kubernetesDomain() {
            assertResourceProblems(
                    "requests: {kubernetes.io/cpu: 1}",
                    RESOURCES + "requests[kubernetes.io/cpu]: resource \"kubernetes.io/cpu\" is in the kubernetes.io"
                            + " domain, which holds only the standard container resources");
        }

        @Test
        @DisplayName("should accept hugepages with equal request and limit")
        void hugepages() {
            assertResourceProblems("requests: {hugepages-2Mi: 64Mi}\nlimits: {hugepages-2Mi: 64Mi}");
        }

        @Test
        @DisplayName("should reject a request above its limit")
        void requestAboveLimit() {
            assertResourceProblems(
                    "requests: {cpu: \"1\"}\nlimits: {cpu: 500m}",
                    RESOURCES + "requests[cpu]: must be less than or equal to the cpu limit of 500m, got 1");
        }

        @Test
        @DisplayName("should require extended resources to have a limit equal to the request")
        void extendedResources() {
            assertResourceProblems(
                    "requests: {nvidia.com/gpu: 1}",
                    RESOURCES + "requests[nvidia.com/gpu]: nvidia.com/gpu cannot be overcommitted: set"
                            + " limits[nvidia.com/gpu] to the request (or set only the limit)");
            assertResourceProblems(
                    "requests: {nvidia.com/gpu: 1}\nlimits: {nvidia.com/gpu: 2}",
                    RESOURCES + "requests[nvidia.com/gpu]: must equal the nvidia.com/gpu limit of 2, got 1");
        }

        @Test
        @DisplayName("should count extended resources in whole units")
        void wholeUnits() {
            assertResourceProblems(
                    "limits: {nvidia.com/gpu: 0.5}",
                    RESOURCES + "limits[nvidia.com/gpu]: an extended resource is counted in whole units, got \"0.5\"");
        }

        @Test
        @DisplayName("should check the pod overhead like limits")
        void overhead() {
            assertSpecProblems(
                    "overhead: {cpu: lots}",
                    "spec.overhead[cpu]: \"lots\" is not a Kubernetes quantity (a"
                            + " number with an optional suffix: m, k, M, G, Ki, Mi, Gi, ... or e<n>)");
        }
    }

    @Nested
    @DisplayName("containers")
    class Containers {
        @Test
        @DisplayName("should need at least one container")
        void noContainers() {
            assertProblems(
                    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: []}",
                    "spec.containers: a pod needs at least one container");
            assertProblems(
                    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {nodeSelector: {a: b}}",
                    "spec.containers: required");
        }

        @Test
        @DisplayName("should need unique container names across containers and init containers")
        void names() {
            assertSpecProblems(
                    "initContainers: [{name: app}, {name: Init}]",
                    "spec.initContainers[0].name: duplicate container name \"app\" (also spec.containers[0])",
                    "spec.initContainers[1].name: \"Init\" is not a DNS-1123 label: it must consist of lower-case"
                            + " alphanumerics or '-', and start and end with an alphanumeric");
        }

        @Test
        @DisplayName("should allow only Always as an init container's restartPolicy")
        void initRestartPolicy() {
            assertSpecProblems(
                    "initContainers: [{name: init, restartPolicy: always}]",
                    "spec.initContainers[0].restartPolicy: restartPolicy \"always\" is not allowed for an init"
                            + " container; only Always (a sidecar) is; did you mean \"Always\"?");
        }

        @Test
        @DisplayName("should reject a container field that looks like a misspelt modelled field, and warn about others")
        void unknownContainerFields() {
            WorkloadResult r = load(podWithResources("requests: {cpu: 1}")
                    + "      resource: {limits: {cpu: 2}}\n      colour: blue\n      image: nginx\n");

            assertThat(problems(r))
                    .containsExactly("spec.containers[0].resource: unknown field; did you mean \"resources\"?");
            assertThat(warnings(r))
                    .containsExactly("workload.yaml[0] Pod \"p\": spec.containers[0].colour: unknown field, ignored");
        }
    }

    @Nested
    @DisplayName("pod spec fields")
    class PodSpecFields {
        @Test
        @DisplayName("should reject misspelt scheduling fields with a hint, rather than drop the constraint")
        void misspelt() {
            assertSpecProblems(
                    "toleration: []\nnodeSelecter: {a: b}\ntopologySpreadConstraint: []",
                    "spec.toleration: unknown field; did you mean \"tolerations\"?",
                    "spec.nodeSelecter: unknown field; did you mean \"nodeSelector\"?",
                    "spec.topologySpreadConstraint: unknown field; did you mean \"topologySpreadConstraints\"?");
        }

        @Test
        @DisplayName("should tolerate Kubernetes fields Fleetwright does not model, silently")
        void unmodelled() {
            WorkloadResult r = load(podWithSpec("""
                    volumes: [{name: data, emptyDir: {}}]
                    serviceAccountName: app
                    securityContext: {runAsUser: 1000}
                    dnsPolicy: ClusterFirst
                    """));

            assertThat(errors(r)).isEmpty();
            assertThat(warnings(r)).isEmpty();
        }

        @Test
        @DisplayName("should warn about unknown fields that resemble nothing it models")
        void unknownWarning() {
            WorkloadResult r = load(podWithSpec("someVendorExtension: true"));

            assertThat(errors(r)).isEmpty();
            assertThat(r.pods()).hasSize(1);
            assertThat(warnings(r))
                    .containsExactly("workload.yaml[0] Pod \"p\": spec.someVendorExtension: unknown field, ignored");
        }

        @Test
        @DisplayName("should check nodeSelector labels, grace period and names")
        void scalars() {
            assertSpecProblems(
                    """
                    nodeSelector: {gpu: true, bad key: x}
                    terminationGracePeriodSeconds: -1
                    nodeName: Node_1
                    priorityClassName: High
                    """,
                    "spec.nodeSelector[gpu]: expected a string, got the boolean true; quote it (\"true\")",
                    "spec.nodeSelector[bad key]: \"bad key\" is not a qualified name: the name part must consist of"
                            + " alphanumerics, '-', '_' or '.', and start and end with an alphanumeric",
                    "spec.priorityClassName: \"High\" is not a DNS-1123 subdomain: it must consist of lower-case"
                            + " alphanumerics, '-' or '.', and start and end with an alphanumeric",
                    "spec.terminationGracePeriodSeconds: must not be negative, got -1",
                    "spec.nodeName: \"Node_1\" is not a DNS-1123 subdomain: it must consist of lower-case"
                            + " alphanumerics, '-' or '.', and start and end with an alphanumeric");
        }
    }

    @Nested
    @DisplayName("tolerations")
    class Tolerations {
        private static final String T = "spec.tolerations[0].";

        @Test
        @DisplayName("should reject unknown operators and effects with a hint")
        void names() {
            assertSpecProblems(
                    "tolerations: [{key: a, operator: Exist, effect: NoScheduel}]",
                    T + "operator: operator \"Exist\" is not one of Equal, Exists; did you mean \"Exists\"?",
                    T + "effect: effect \"NoScheduel\" is not one of NoSchedule, PreferNoSchedule, NoExecute; did you"
                            + " mean \"NoSchedule\"?");
        }

        @Test
        @DisplayName("should need operator Exists when the key is empty")
        void emptyKey() {
            assertSpecProblems(
                    "tolerations: [{effect: NoSchedule}]",
                    T + "operator: operator must be Exists when key is empty (which tolerates every taint)");
        }

        @Test
        @DisplayName("should need an empty value with Exists and a label value with Equal")
        void values() {
            assertSpecProblems(
                    "tolerations: [{key: a, operator: Exists, value: x}, {key: b, value: \"not valid!\"}]",
                    T + "value: must be empty when operator is Exists, got \"x\"",
                    "spec.tolerations[1].value: \"not valid!\" is not a valid label value: it must consist of"
                            + " alphanumerics, '-', '_' or '.', and start and end with an alphanumeric");
        }

        @Test
        @DisplayName("should allow tolerationSeconds only with NoExecute")
        void seconds() {
            assertSpecProblems(
                    "tolerations: [{key: a, operator: Exists, effect: NoSchedule, tolerationSeconds: 60}]",
                    T + "effect: effect must be NoExecute when tolerationSeconds is set");
        }

        @Test
        @DisplayName("should reject a misspelt toleration field")
        void misspelt() {
            assertSpecProblems(
                    "tolerations: [{key: a, operator: Exists, effects: NoSchedule}]",
                    T + "effects: unknown field; did you mean \"effect\"?");
        }
    }

    @Nested
    @DisplayName("node affinity")
    class NodeAffinity {
        private static String required(String expression) {
            return """
                    affinity:
                      nodeAffinity:
                        requiredDuringSchedulingIgnoredDuringExecution:
                          nodeSelectorTerms:
                            - matchExpressions: [%s]
                    """.formatted(expression);
        }

        private static final String E =
                "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]"
                        + ".matchExpressions[0].";

        @Test
        @DisplayName("should reject Karpenter's Gte and Lte in pods")
        void karpenterOperators() {
            assertSpecProblems(
                    required("{key: karpenter.k8s.aws/instance-cpu, operator: Gte, values: [\"4\"]}"),
                    E + "operator: operator Gte exists only in Karpenter NodePool requirements; pods may use In, NotIn,"
                            + " Exists, DoesNotExist, Gt, Lt; did you mean \"Gt\"?");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {"{key: a, operator: Gt, values: [four]}", "{key: a, operator: Lt, values: [\"1\", \"2\"]}"})
        @DisplayName("should need exactly one integer for Gt and Lt")
        void numeric(String expression) {
            assertThat(problems(load(podWithSpec(required(expression)))))
                    .singleElement()
                    .asString()
                    .startsWith(E + "values: operator ")
                    .endsWith(" needs exactly one integer value");
        }

        @Test
        @DisplayName("should need values for In and none for Exists")
        void valueCounts() {
            assertSpecProblems(
                    required("{key: a, operator: In}, {key: b, operator: Exists, values: [x]}"),
                    E + "values: operator In needs at least one value",
                    E.replace("matchExpressions[0]", "matchExpressions[1]")
                            + "values: operator Exists takes no values, got [x]");
        }

        @Test
        @DisplayName("should check values of required terms as label values")
        void labelValues() {
            assertSpecProblems(
                    required("{key: a, operator: In, values: [\"-x\"]}"),
                    E + "values[0]: \"-x\" is not a valid label value: it must consist of alphanumerics, '-', '_' or"
                            + " '.', and start and end with an alphanumeric");
        }

        @Test
        @DisplayName("should need at least one node selector term")
        void noTerms() {
            assertSpecProblems(
                    "affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: []}}}",
                    "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: must"
                            + " have at least one node selector term");
        }

        @Test
        @DisplayName("should accept only metadata.name In/NotIn with one node name in matchFields")
        void matchFields() {
            String prefix =
                    "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]"
                            + ".matchFields[0].";
            assertSpecProblems(
                    """
                    affinity:
                      nodeAffinity:
                        requiredDuringSchedulingIgnoredDuringExecution:
                          nodeSelectorTerms:
                            - matchFields: [{key: metadata.labels, operator: Exists, values: [a, b]}]
                    """,
                    prefix + "key: field selector key \"metadata.labels\" is not supported; the only node field is"
                            + " metadata.name",
                    prefix + "operator: operator \"Exists\" is not one of In, NotIn (the operators of node field"
                            + " selectors)");
        }

        @Test
        @DisplayName("should keep preferred weights within 1..100")
        void weights() {
            assertSpecProblems(
                    """
                    affinity:
                      nodeAffinity:
                        preferredDuringSchedulingIgnoredDuringExecution:
                          - {weight: 0, preference: {matchExpressions: [{key: a, operator: Exists}]}}
                          - {weight: 101, preference: {}}
                    """,
                    "spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: weight must"
                            + " be within 1..100, got 0",
                    "spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[1].weight: weight must"
                            + " be within 1..100, got 101");
        }

        @Test
        @DisplayName("should reject a misspelt affinity field with a hint")
        void misspelt() {
            assertSpecProblems(
                    "affinity: {nodeAfinity: {}}",
                    "spec.affinity.nodeAfinity: unknown field; did you mean \"nodeAffinity\"?");
        }
    }

    @Nested
    @DisplayName("pod affinity and label selectors")
    class PodAffinity {
        private static final String T =
                "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].";

        private static String antiAffinity(String term) {
            return "affinity: {podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [" + term + "]}}";
        }

        @Test
        @DisplayName("should need a topologyKey")
        void topologyKey() {
            assertSpecProblems(antiAffinity("{labelSelector: {matchLabels: {app: a}}}"), T + "topologyKey: required");
        }

        @Test
        @DisplayName("should need a labelSelector for matchLabelKeys and keep the two key lists apart")
        void labelKeys() {
            assertSpecProblems(
                    antiAffinity("{topologyKey: zone, matchLabelKeys: [v]}"),
                    T + "matchLabelKeys: must not be set without a labelSelector");
            assertSpecProblems(
                    antiAffinity("{topologyKey: zone, labelSelector: {}, matchLabelKeys: [v], mismatchLabelKeys: [v]}"),
                    T + "mismatchLabelKeys: key \"v\" is in both matchLabelKeys and mismatchLabelKeys");
        }

        @Test
        @DisplayName("should check namespaces as DNS-1123 labels")
        void namespaces() {
            assertSpecProblems(
                    antiAffinity("{topologyKey: zone, namespaces: [Team_A]}"),
                    T + "namespaces[0]: \"Team_A\" is not a DNS-1123 label: it must consist of lower-case alphanumerics"
                            + " or '-', and start and end with an alphanumeric");
        }

        @Test
        @DisplayName("should check label selector operators, value counts and labels")
        void selectors() {
            assertSpecProblems(
                    antiAffinity(
                            "{topologyKey: zone, labelSelector: {matchLabels: {app: \"a b\"},"
                                    + " matchExpressions: [{key: tier, operator: Gt, values: [\"1\"]}, {key: x, operator: NotIn}]}}"),
                    T + "labelSelector.matchLabels[app]: \"a b\" is not a valid label value: it must consist of"
                            + " alphanumerics, '-', '_' or '.', and start and end with an alphanumeric",
                    T + "labelSelector.matchExpressions[0].operator: operator \"Gt\" is not one of In, NotIn, Exists,"
                            + " DoesNotExist",
                    T + "labelSelector.matchExpressions[1].values: operator NotIn needs at least one value");
        }

        @Test
        @DisplayName("should keep preferred weights within 1..100 and need the term")
        void weighted() {
            assertSpecProblems(
                    "affinity: {podAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 200}]}}",
                    "spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: weight must be"
                            + " within 1..100, got 200",
                    "spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm:"
                            + " required");
        }
    }

    @Nested
    @DisplayName("topology spread constraints")
    class Spread {
        private static final String C = "spec.topologySpreadConstraints[0].";

        private static String spread(String fields) {
            return "topologySpreadConstraints: [{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule, "
                    + fields + "}]";
        }

        @Test
        @DisplayName("should need maxSkew, topologyKey and whenUnsatisfiable")
        void required() {
            assertSpecProblems(
                    "topologySpreadConstraints: [{}]",
                    C + "maxSkew: required",
                    C + "topologyKey: required",
                    C + "whenUnsatisfiable: required");
        }

        @Test
        @DisplayName("should need minDomains of at least 1, and only with DoNotSchedule")
        void minDomains() {
            assertSpecProblems(spread("minDomains: 0"), C + "minDomains: minDomains must be at least 1, got 0");
            assertSpecProblems(
                    spread("minDomains: 2").replace("DoNotSchedule", "ScheduleAnyway"),
                    C + "minDomains: minDomains can only be used with whenUnsatisfiable DoNotSchedule");
        }

        @Test
        @DisplayName("should accept only Honor and Ignore as policies")
        void policies() {
            assertSpecProblems(
                    spread("nodeAffinityPolicy: honor, nodeTaintsPolicy: Skip"),
                    C + "nodeAffinityPolicy: nodeAffinityPolicy \"honor\" is not one of Honor, Ignore; did you mean"
                            + " \"Honor\"?",
                    C + "nodeTaintsPolicy: nodeTaintsPolicy \"Skip\" is not one of Honor, Ignore");
        }

        @Test
        @DisplayName("should keep matchLabelKeys out of the label selector")
        void matchLabelKeys() {
            assertSpecProblems(
                    spread("labelSelector: {matchLabels: {app: a}}, matchLabelKeys: [app]"),
                    C + "matchLabelKeys[0]: key \"app\" is in both matchLabelKeys and labelSelector");
        }

        @Test
        @DisplayName("should reject a second constraint with the same topologyKey and whenUnsatisfiable")
        void duplicatePair() {
            assertSpecProblems(
                    """
                    topologySpreadConstraints:
                      - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}
                      - {maxSkew: 2, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}
                    """,
                    "spec.topologySpreadConstraints[1]: duplicate {topologyKey, whenUnsatisfiable} pair {zone,"
                            + " DoNotSchedule} (also spec.topologySpreadConstraints[0])");
        }
    }

    @Nested
    @DisplayName("workload objects")
    class Objects {
        private static final String DEPLOYMENT = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers: [{name: c}]
                """;

        @Test
        @DisplayName("should reject negative replicas")
        void replicas() {
            assertProblems(
                    DEPLOYMENT.replace("replicas: 2", "replicas: -1"),
                    "spec.replicas: replicas must not be negative, got -1");
        }

        @Test
        @DisplayName("should need a selector that is not empty and matches the template labels")
        void selector() {
            assertProblems(
                    DEPLOYMENT.replace("  selector: {matchLabels: {app: web}}\n", ""), "spec.selector: required");
            assertProblems(
                    DEPLOYMENT.replace("{matchLabels: {app: web}}", "{}"),
                    "spec.selector: must not be empty (an empty selector would select every pod)");
            assertProblems(
                    DEPLOYMENT.replace("{matchLabels: {app: web}}", "{matchLabels: {app: api}}"),
                    "spec.selector: does not match the template labels {app=web}; the controller would never count"
                            + " its own pods");
        }

        @Test
        @DisplayName("should need a template with a spec")
        void template() {
            assertProblems(DEPLOYMENT.substring(0, DEPLOYMENT.indexOf("  template:")), "spec.template: required");
        }

        @Test
        @DisplayName("should reject misspelt fields of the workload spec, metadata and root with hints")
        void misspelt() {
            assertProblems(
                    DEPLOYMENT.replace("replicas: 2", "replica: 2").replace("metadata: {labels", "metadata: {label"),
                    "spec.template.metadata.label: unknown field; did you mean \"labels\"?",
                    "spec.selector: does not match the template labels {}; the controller would never count its own"
                            + " pods",
                    "spec.replica: unknown field; did you mean \"replicas\"?");
            assertProblems(
                    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nsepc: {containers: [{name: c}]}\n",
                    "spec: required",
                    "sepc: unknown field; did you mean \"spec\"?");
        }

        @Test
        @DisplayName("should need a valid name and namespace")
        void names() {
            assertProblems(
                    DEPLOYMENT.replace("{name: web}", "{name: Web, namespace: \"team a\"}"),
                    "metadata.name: \"Web\" is not a DNS-1123 subdomain: it must consist of lower-case alphanumerics,"
                            + " '-' or '.', and start and end with an alphanumeric",
                    "metadata.namespace: \"team a\" is not a DNS-1123 label: it must consist of lower-case"
                            + " alphanumerics or '-', and start and end with an alphanumeric");
            assertProblems(DEPLOYMENT.replace("{name: web}", "{labels: {a: b}}"), "metadata.name: required");
        }

        @Test
        @DisplayName("should need completions for Indexed Jobs and a known completionMode")
        void jobs() {
            String job = """
                    apiVersion: batch/v1
                    kind: Job
                    metadata: {name: j}
                    spec:
                      completionMode: Indexed
                      template:
                        spec:
                          containers: [{name: c}]
                    """;

            assertProblems(job, "spec.completions: required when completionMode is Indexed");
            assertProblems(
                    job.replace("Indexed", "indexed"),
                    "spec.completionMode: completionMode \"indexed\" is not one of NonIndexed, Indexed; did you mean"
                            + " \"Indexed\"?");
        }

        @Test
        @DisplayName("should reject StatefulSet ordinals below 0")
        void ordinals() {
            assertProblems(
                    DEPLOYMENT.replace("Deployment", "StatefulSet").replace("replicas: 2", "ordinals: {start: -1}"),
                    "spec.ordinals.start: start must not be negative, got -1");
        }
    }
}
