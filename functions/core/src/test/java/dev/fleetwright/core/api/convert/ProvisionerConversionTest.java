package dev.fleetwright.core.api.convert;

import static dev.fleetwright.core.api.convert.ConversionFixtures.at;
import static dev.fleetwright.core.api.convert.ConversionFixtures.convertedDocument;
import static dev.fleetwright.core.api.convert.ConversionFixtures.document;
import static dev.fleetwright.core.api.convert.ConversionFixtures.parse;
import static dev.fleetwright.core.api.convert.ConversionFixtures.resource;
import static dev.fleetwright.core.api.convert.ConversionFixtures.texts;
import static dev.fleetwright.core.api.convert.ConversionFixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("v1alpha5 Provisioner to v1 NodePool")
class ProvisionerConversionTest {

    private static final ConversionOptions WITH_PROFILE = new ConversionOptions("KarpenterNodeInstanceProfile-demo");

    /** A Provisioner with the given spec lines (indented by four spaces), referencing the AWSNodeTemplate "default". */
    private static ConversionResult provisioner(String specLines) {
        String text = """
                apiVersion: karpenter.sh/v1alpha5
                kind: Provisioner
                metadata:
                  name: default
                spec:
                  providerRef:
                    name: default
                """ + specLines.indent(2);
        return ApiConversion.toV1(yaml("provisioner.yaml", text));
    }

    private static Map<String, Object> nodePool(ConversionResult result) {
        assertThat(result.errors()).isEmpty();
        return document(result, "NodePool", "default");
    }

    @Nested
    @DisplayName("the v0.31 getting-started Provisioner")
    class GettingStarted {

        private final ConversionResult result =
                ApiConversion.toV1(resource("v1alpha5/getting-started.yaml"), WITH_PROFILE);
        private final Map<String, Object> nodePool = document(result, "NodePool", "default");

        @Test
        @DisplayName("should become a karpenter.sh/v1 NodePool pointing at the EC2NodeClass of its providerRef")
        void nodeClassRef() {
            assertThat(result.errors()).isEmpty();
            assertThat(nodePool.get("apiVersion")).isEqualTo("karpenter.sh/v1");
            assertThat(at(nodePool, "spec.template.spec.nodeClassRef"))
                    .isEqualTo(parse("{group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}"));
        }

        @Test
        @DisplayName("should keep the spot requirement and write out the v1alpha5 defaults for the other keys")
        void requirementDefaults() {
            // [A] pkg/apis/v1alpha5/provisioner.go SetDefaults: os, arch, (capacity-type is constrained), and
            // category + generation because no instance-type/family/category/generation key is constrained.
            assertThat(at(nodePool, "spec.template.spec.requirements")).isEqualTo(parse("""
                    [{key: karpenter.sh/capacity-type, operator: In, values: [spot]},
                     {key: kubernetes.io/os, operator: In, values: [linux]},
                     {key: kubernetes.io/arch, operator: In, values: [amd64]},
                     {key: karpenter.k8s.aws/instance-category, operator: In, values: [c, m, r]},
                     {key: karpenter.k8s.aws/instance-generation, operator: Gt, values: ['2']}]"""));
            assertThat(texts(result.warnings()))
                    .anySatisfy(w -> assertThat(w)
                            .startsWith("spec.requirements: added the requirements the v1alpha5 webhook defaulted")
                            .contains("kubernetes.io/os In [linux]")
                            .doesNotContain("capacity-type"));
        }

        @Test
        @DisplayName("should map consolidation.enabled to WhenEmptyOrUnderutilized after 0s")
        void consolidation() {
            assertThat(at(nodePool, "spec.disruption"))
                    .isEqualTo(parse("{consolidationPolicy: WhenEmptyOrUnderutilized, consolidateAfter: 0s}"));
        }

        @Test
        @DisplayName("should never expire nodes, as an unset ttlSecondsUntilExpired meant")
        void expireAfterNever() {
            assertThat(at(nodePool, "spec.template.spec.expireAfter")).isEqualTo("Never");
        }

        @Test
        @DisplayName("should move limits.resources to limits")
        void limits() {
            assertThat(at(nodePool, "spec.limits")).isEqualTo(Map.of("cpu", 1000));
        }

        @Test
        @DisplayName("should fail the AWSNodeTemplate without instanceProfile when the old default is unknown")
        void instanceProfileUnknown() {
            ConversionResult withoutProfile = ApiConversion.toV1(resource("v1alpha5/getting-started.yaml"));

            assertThat(withoutProfile.errors()).singleElement().satisfies(e -> {
                assertThat(e.origin().kind()).isEqualTo("AWSNodeTemplate");
                assertThat(e.fieldPath()).isEqualTo("spec.instanceProfile");
                assertThat(e.message()).contains("defaultInstanceProfile");
            });
            assertThat(withoutProfile.documents())
                    .extracting(ConvertedDocument::kind)
                    .containsExactly("NodePool");
        }
    }

    @Nested
    @DisplayName("a Provisioner using every v0.31 field")
    class EveryField {

        private final ConversionResult result = ApiConversion.toV1(resource("v1alpha5/general-purpose.yaml"));
        private final Map<String, Object> nodePool = document(result, "NodePool", "general");
        private final Map<String, Object> nodeClass = document(result, "EC2NodeClass", "general");

        @Test
        @DisplayName("should convert without errors, NodePool first")
        void order() {
            assertThat(result.errors()).isEmpty();
            assertThat(result.documents())
                    .extracting(ConvertedDocument::kind)
                    .containsExactly("NodePool", "EC2NodeClass");
        }

        @Test
        @DisplayName("should move labels and annotations to the template, renaming do-not-consolidate")
        void labelsAndAnnotations() {
            assertThat(at(nodePool, "spec.template.metadata.labels")).isEqualTo(Map.of("team", "platform"));
            assertThat(at(nodePool, "spec.template.metadata.annotations"))
                    .isEqualTo(Map.of("example.com/owner", "platform", "karpenter.sh/do-not-disrupt", "true"));
            assertThat(texts(result.warnings()))
                    .anyMatch(w -> w.startsWith("spec.annotations[karpenter.sh/do-not-consolidate]: renamed to"
                            + " karpenter.sh/do-not-disrupt"));
        }

        @Test
        @DisplayName("should move taints and startup taints to the template unchanged")
        void taints() {
            assertThat(at(nodePool, "spec.template.spec.taints"))
                    .isEqualTo(parse("[{key: example.com/special-taint, value: 'true', effect: NoSchedule}]"));
            assertThat(at(nodePool, "spec.template.spec.startupTaints"))
                    .isEqualTo(parse("[{key: example.com/another-taint, value: 'true', effect: NoSchedule}]"));
        }

        @Test
        @DisplayName("should rename provisioner-name and add only the defaults for unconstrained keys")
        void requirements() {
            assertThat(at(nodePool, "spec.template.spec.requirements")).isEqualTo(parse("""
                    [{key: karpenter.k8s.aws/instance-category, operator: In, values: [c, m, r]},
                     {key: karpenter.k8s.aws/instance-generation, operator: Gt, values: ['4']},
                     {key: topology.kubernetes.io/zone, operator: In, values: [us-east-1a, us-east-1b]},
                     {key: karpenter.sh/nodepool, operator: Exists},
                     {key: kubernetes.io/os, operator: In, values: [linux]},
                     {key: kubernetes.io/arch, operator: In, values: [amd64]},
                     {key: karpenter.sh/capacity-type, operator: In, values: [on-demand]}]"""));
        }

        @Test
        @DisplayName("should map ttlSecondsAfterEmpty to WhenEmpty and ttlSecondsUntilExpired to expireAfter")
        void ttls() {
            assertThat(at(nodePool, "spec.disruption"))
                    .isEqualTo(parse("{consolidationPolicy: WhenEmpty, consolidateAfter: 30s}"));
            assertThat(at(nodePool, "spec.template.spec.expireAfter")).isEqualTo("720h");
        }

        @Test
        @DisplayName("should carry limits and weight")
        void limitsAndWeight() {
            assertThat(at(nodePool, "spec.limits")).isEqualTo(Map.of("cpu", "1000", "memory", "1000Gi"));
            assertThat(at(nodePool, "spec.weight")).isEqualTo(10);
        }

        @Test
        @DisplayName("should move the kubelet configuration, without containerRuntime, to the EC2NodeClass")
        void kubelet() {
            assertThat(at(nodeClass, "spec.kubelet")).isEqualTo(parse("""
                    {clusterDNS: [10.0.1.100],
                     systemReserved: {cpu: 100m, memory: 100Mi, ephemeral-storage: 1Gi},
                     kubeReserved: {cpu: 200m, memory: 100Mi, ephemeral-storage: 3Gi},
                     evictionHard: {memory.available: 5%, nodefs.available: 10%, nodefs.inodesFree: 10%},
                     evictionSoft: {memory.available: 500Mi, nodefs.available: 15%, nodefs.inodesFree: 15%},
                     evictionSoftGracePeriod: {memory.available: 1m, nodefs.available: 1m30s, nodefs.inodesFree: 2m},
                     evictionMaxPodGracePeriod: 60, imageGCHighThresholdPercent: 85,
                     imageGCLowThresholdPercent: 80, cpuCFSQuota: true, podsPerCore: 2, maxPods: 20}"""));
            assertThat(at(nodePool, "spec.template.spec.kubelet")).isNull();
            assertThat(texts(result.warnings()))
                    .contains("spec.kubeletConfiguration.containerRuntime: dropped: v1 has no containerRuntime;"
                            + " nodes always run containerd");
            assertThat(convertedDocument(result, "EC2NodeClass", "general").origins())
                    .extracting(DocumentOrigin::kind)
                    .containsExactly("AWSNodeTemplate", "Provisioner");
        }

        @Test
        @DisplayName("should keep user metadata and drop what the API server set, with a warning")
        void metadata() {
            assertThat(nodePool.get("metadata"))
                    .isEqualTo(parse("{name: general, annotations: {team.example.com/owner: platform}}"));
            assertThat(texts(result.warnings()))
                    .anySatisfy(w -> assertThat(w)
                            .startsWith("metadata: dropped")
                            .contains("kubectl.kubernetes.io/last-applied-configuration", "uid", "creationTimestamp"));
        }

        @Test
        @DisplayName("should drop status and order keys apiVersion, kind, metadata, spec")
        void topLevel() {
            assertThat(nodePool.keySet()).containsExactly("apiVersion", "kind", "metadata", "spec");
        }
    }

    @Nested
    @DisplayName("disruption")
    class Disruption {

        @Test
        @DisplayName("should disable consolidation when neither consolidation nor ttlSecondsAfterEmpty is set")
        void neither() {
            assertThat(at(nodePool(provisioner("")), "spec.disruption"))
                    .isEqualTo(parse("{consolidationPolicy: WhenEmpty, consolidateAfter: Never}"));
        }

        @Test
        @DisplayName("should disable consolidation when consolidation.enabled is false")
        void disabled() {
            assertThat(at(nodePool(provisioner("consolidation: {enabled: false}")), "spec.disruption"))
                    .isEqualTo(parse("{consolidationPolicy: WhenEmpty, consolidateAfter: Never}"));
        }

        @ParameterizedTest(name = "ttlSecondsAfterEmpty {0} -> consolidateAfter {1}")
        @CsvSource({"0,0s", "45,45s", "90,1m30s", "3600,1h", "3661,1h1m1s", "86400,24h"})
        @DisplayName("should write ttlSecondsAfterEmpty as a Go duration")
        void durations(long seconds, String duration) {
            ConversionResult result = provisioner("ttlSecondsAfterEmpty: " + seconds);

            assertThat(at(nodePool(result), "spec.disruption.consolidateAfter")).isEqualTo(duration);
        }

        @Test
        @DisplayName("should reject consolidation.enabled together with ttlSecondsAfterEmpty")
        void mutuallyExclusive() {
            ConversionResult result = provisioner("consolidation: {enabled: true}\nttlSecondsAfterEmpty: 30");

            assertThat(texts(result.errors()))
                    .containsExactly("spec.ttlSecondsAfterEmpty: mutually exclusive with consolidation.enabled in"
                            + " v1alpha5");
            assertThat(result.documents()).isEmpty();
        }

        @Test
        @DisplayName("should reject a negative TTL")
        void negative() {
            assertThat(texts(provisioner("ttlSecondsUntilExpired: -5").errors()))
                    .containsExactly("spec.ttlSecondsUntilExpired: must be a whole number of at least 0, found -5");
        }
    }

    @Nested
    @DisplayName("requirement defaults")
    class RequirementDefaults {

        private List<Object> requirementKeys(String requirement) {
            Map<String, Object> pool = nodePool(provisioner("requirements:\n  - " + requirement));
            @SuppressWarnings("unchecked") // a requirement list of maps, as written in the test
            List<Map<String, Object>> requirements =
                    (List<Map<String, Object>>) at(pool, "spec.template.spec.requirements");
            return requirements.stream().map(r -> r.get("key")).toList();
        }

        @Test
        @DisplayName("should not default the OS when the Provisioner constrains it with any operator")
        void os() {
            assertThat(requirementKeys("{key: kubernetes.io/os, operator: NotIn, values: [windows]}"))
                    .containsOnlyOnce("kubernetes.io/os");
        }

        @Test
        @DisplayName("should treat a deprecated alias as constraining its well-known key")
        void alias() {
            assertThat(requirementKeys("{key: beta.kubernetes.io/arch, operator: In, values: [arm64]}"))
                    .doesNotContain("kubernetes.io/arch");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({
            "node.kubernetes.io/instance-type",
            "karpenter.k8s.aws/instance-family",
            "karpenter.k8s.aws/instance-generation"
        })
        @DisplayName("should add neither category nor generation when any instance-type key is constrained")
        void instanceTypeKeys(String key) {
            assertThat(requirementKeys("{key: " + key + ", operator: Exists}"))
                    .containsExactly(key, "kubernetes.io/os", "kubernetes.io/arch", "karpenter.sh/capacity-type");
        }
    }

    @Nested
    @DisplayName("renamed and dropped keys")
    class Renames {

        @Test
        @DisplayName("should rename do-not-evict in labels")
        void labels() {
            Map<String, Object> pool = nodePool(provisioner("labels: {karpenter.sh/do-not-evict: 'true'}"));

            assertThat(at(pool, "spec.template.metadata.labels"))
                    .isEqualTo(Map.of("karpenter.sh/do-not-disrupt", "true"));
        }

        @Test
        @DisplayName("should reject do-not-evict and do-not-consolidate with different values")
        void conflict() {
            ConversionResult result = provisioner("""
                    annotations:
                      karpenter.sh/do-not-evict: "true"
                      karpenter.sh/do-not-consolidate: "false"
                    """);

            assertThat(texts(result.errors()))
                    .singleElement()
                    .asString()
                    .startsWith("spec.annotations[karpenter.sh/do-not-consolidate]: conflicts with"
                            + " karpenter.sh/do-not-disrupt=true");
        }

        @Test
        @DisplayName("should reject a requirement on the dropped instance-pods label")
        void instancePods() {
            ConversionResult result =
                    provisioner("requirements: [{key: karpenter.k8s.aws/instance-pods, operator: Gt, values: ['10']}]");

            assertThat(texts(result.errors()))
                    .singleElement()
                    .asString()
                    .startsWith("spec.requirements[0].key: karpenter.k8s.aws/instance-pods was dropped");
        }

        @Test
        @DisplayName("should reject a container runtime other than containerd")
        void dockerd() {
            ConversionResult result = provisioner("kubeletConfiguration: {containerRuntime: dockerd, maxPods: 20}");

            assertThat(texts(result.errors()))
                    .singleElement()
                    .asString()
                    .startsWith(
                            "spec.kubeletConfiguration.containerRuntime: container runtime dockerd is not supported");
        }

        @Test
        @DisplayName("should drop unknown spec fields with a warning")
        void unknownField() {
            ConversionResult result = provisioner("deprovisioning: {mode: fast}");

            assertThat(at(nodePool(result), "spec.deprovisioning")).isNull();
            assertThat(texts(result.warnings()))
                    .contains("spec.deprovisioning: not a v1alpha5 Provisioner field; dropped");
        }
    }

    @Nested
    @DisplayName("provider references")
    class Providers {

        @Test
        @DisplayName("should generate an EC2NodeClass named after the Provisioner from an inline provider")
        void inlineProvider() {
            ConversionResult result = ApiConversion.toV1(resource("v1alpha5/inline-provider.yaml"));

            assertThat(result.errors()).isEmpty();
            assertThat(result.documents())
                    .extracting(d -> d.kind() + "/" + d.name())
                    .containsExactly("NodePool/legacy", "EC2NodeClass/legacy");
            Map<String, Object> pool = document(result, "NodePool", "legacy");
            assertThat(at(pool, "spec.template.spec.nodeClassRef.name")).isEqualTo("legacy");
            assertThat(at(pool, "spec.disruption"))
                    .isEqualTo(parse("{consolidationPolicy: WhenEmpty, consolidateAfter: 2m}"));
            Map<String, Object> nodeClass = document(result, "EC2NodeClass", "legacy");
            assertThat(nodeClass.get("spec")).isEqualTo(parse("""
                    {amiSelectorTerms: [{alias: bottlerocket@latest}],
                     instanceProfile: KarpenterNodeInstanceProfile-demo,
                     subnetSelectorTerms: [{tags: {karpenter.sh/discovery: demo}}],
                     securityGroupSelectorTerms: [{tags: {karpenter.sh/discovery: demo}}],
                     tags: {test-tag: test-value},
                     metadataOptions: {httpPutResponseHopLimit: 2},
                     kubelet: {maxPods: 58}}"""));
            assertThat(texts(result.warnings()))
                    .anyMatch(
                            w -> w.startsWith("spec.provider: the inline provider became the generated EC2NodeClass"));
        }

        @Test
        @DisplayName("should reject provider together with providerRef")
        void both() {
            ConversionResult result = provisioner("""
                    provider:
                      instanceProfile: p
                      subnetSelector: {a: b}
                      securityGroupSelector: {a: b}
                    """);

            assertThat(texts(result.errors()))
                    .containsExactly("spec.provider: provider and providerRef are mutually exclusive in v1alpha5");
        }

        @Test
        @DisplayName("should reject a providerRef to something other than an AWSNodeTemplate")
        void otherKind() {
            String text = """
                    apiVersion: karpenter.sh/v1alpha5
                    kind: Provisioner
                    metadata: {name: default}
                    spec:
                      providerRef: {kind: AzureNodeTemplate, name: default}
                    """;

            ConversionResult result = ApiConversion.toV1(yaml("p.yaml", text));

            assertThat(texts(result.errors()))
                    .containsExactly("spec.providerRef.kind: refers to AzureNodeTemplate; only an AWSNodeTemplate"
                            + " converts to an EC2NodeClass");
        }

        @Test
        @DisplayName("should reject a Provisioner with neither provider nor providerRef")
        void neither() {
            String text = """
                    apiVersion: karpenter.sh/v1alpha5
                    kind: Provisioner
                    metadata: {name: default}
                    spec: {}
                    """;

            assertThat(ApiConversion.toV1(yaml("p.yaml", text)).errors())
                    .extracting(ConversionMessage::fieldPath)
                    .containsExactly("spec.providerRef");
        }

        @Test
        @DisplayName("should reject a generated EC2NodeClass whose name an AWSNodeTemplate already uses")
        void collision() {
            List<ConversionInput> documents = new java.util.ArrayList<>(resource("v1alpha5/inline-provider.yaml"));
            documents.addAll(yaml("template.yaml", """
                    apiVersion: karpenter.k8s.aws/v1alpha1
                    kind: AWSNodeTemplate
                    metadata: {name: legacy}
                    spec:
                      instanceProfile: p
                      subnetSelector: {a: b}
                      securityGroupSelector: {a: b}
                    """));

            ConversionResult result = ApiConversion.toV1(documents);

            assertThat(result.errors()).singleElement().satisfies(e -> {
                assertThat(e.origin().toString()).isEqualTo("template.yaml[0] AWSNodeTemplate \"legacy\"");
                assertThat(e.message()).contains("v1alpha5/inline-provider.yaml[0] Provisioner \"legacy\"");
            });
        }
    }
}
