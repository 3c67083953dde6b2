package dev.fleetwright.core.api.convert;

import static dev.fleetwright.core.api.convert.ConversionFixtures.at;
import static dev.fleetwright.core.api.convert.ConversionFixtures.document;
import static dev.fleetwright.core.api.convert.ConversionFixtures.keys;
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

@DisplayName("v1beta1 NodePool and EC2NodeClass to v1")
class V1beta1ConversionTest {

    /** A v1beta1 NodePool "default" on EC2NodeClass "default" with the given spec.disruption lines. */
    private static ConversionResult nodePoolWithDisruption(String disruptionLines) {
        String text = """
                apiVersion: karpenter.sh/v1beta1
                kind: NodePool
                metadata: {name: default}
                spec:
                  template:
                    spec:
                      nodeClassRef: {name: default}
                """ + (disruptionLines.isEmpty() ? "" : "  disruption:\n" + disruptionLines.indent(4));
        return ApiConversion.toV1(yaml("nodepool.yaml", text));
    }

    /** A v1beta1 EC2NodeClass "default" with the given extra spec lines. */
    private static ConversionResult nodeClass(String specLines) {
        String text = """
                apiVersion: karpenter.k8s.aws/v1beta1
                kind: EC2NodeClass
                metadata: {name: default}
                spec:
                  role: KarpenterNodeRole-demo
                  subnetSelectorTerms: [{tags: {karpenter.sh/discovery: demo}}]
                  securityGroupSelectorTerms: [{tags: {karpenter.sh/discovery: demo}}]
                """ + specLines.indent(2);
        return ApiConversion.toV1(yaml("nodeclass.yaml", text));
    }

    private static Map<String, Object> only(ConversionResult result, String kind) {
        assertThat(result.errors()).isEmpty();
        return document(result, kind, "default");
    }

    @Nested
    @DisplayName("the v0.32 getting-started NodePool and EC2NodeClass")
    class GettingStarted {

        private final ConversionResult result = ApiConversion.toV1(resource("v1beta1/getting-started.yaml"));
        private final Map<String, Object> nodePool = document(result, "NodePool", "default");
        private final Map<String, Object> nodeClass = document(result, "EC2NodeClass", "default");

        @Test
        @DisplayName("should rename WhenUnderutilized to WhenEmptyOrUnderutilized with consolidateAfter 0s")
        void consolidation() {
            assertThat(result.errors()).isEmpty();
            assertThat(at(nodePool, "spec.disruption"))
                    .isEqualTo(parse("{consolidationPolicy: WhenEmptyOrUnderutilized, consolidateAfter: 0s}"));
        }

        @Test
        @DisplayName("should move expireAfter from disruption to the template")
        void expireAfter() {
            assertThat(at(nodePool, "spec.template.spec.expireAfter")).isEqualTo("720h");
            assertThat(at(nodePool, "spec.disruption.expireAfter")).isNull();
        }

        @Test
        @DisplayName("should turn nodeClassRef.apiVersion into group and keep requirements and limits")
        void nodeClassRefAndRequirements() {
            assertThat(at(nodePool, "spec.template.spec.nodeClassRef"))
                    .isEqualTo(parse("{group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}"));
            assertThat(at(nodePool, "spec.template.spec.requirements"))
                    .isEqualTo(at(
                            resource("v1beta1/getting-started.yaml").get(0).tree(), "spec.template.spec.requirements"));
            assertThat(at(nodePool, "spec.limits")).isEqualTo(Map.of("cpu", 1000));
            assertThat(keys(nodePool.get("spec"))).containsExactly("template", "limits", "disruption");
        }

        @Test
        @DisplayName("should replace amiFamily AL2 by the al2@latest alias and keep role and selectors")
        void nodeClass() {
            assertThat(nodeClass.get("spec")).isEqualTo(parse("""
                    {amiSelectorTerms: [{alias: al2@latest}],
                     role: 'KarpenterNodeRole-${CLUSTER_NAME}',
                     subnetSelectorTerms: [{tags: {karpenter.sh/discovery: '${CLUSTER_NAME}'}}],
                     securityGroupSelectorTerms: [{tags: {karpenter.sh/discovery: '${CLUSTER_NAME}'}}],
                     metadataOptions: {httpPutResponseHopLimit: 2}}"""));
        }

        @Test
        @DisplayName("should warn only about the hop limit it writes out")
        void warnings() {
            assertThat(texts(result.warnings()))
                    .singleElement()
                    .asString()
                    .startsWith("spec.metadataOptions.httpPutResponseHopLimit: set to 2 explicitly");
        }
    }

    @Nested
    @DisplayName("NodePool fields")
    class NodePoolFields {

        private final ConversionResult result = ApiConversion.toV1(resource("v1beta1/batch-and-general.yaml"));
        private final Map<String, Object> general = document(result, "NodePool", "general");

        @Test
        @DisplayName("should keep WhenEmpty with its consolidateAfter, and budgets and weight")
        void whenEmpty() {
            assertThat(result.errors()).isEmpty();
            assertThat(at(general, "spec.disruption")).isEqualTo(parse("""
                    {consolidationPolicy: WhenEmpty, consolidateAfter: 30s,
                     budgets: [{nodes: 10%}, {nodes: '0', schedule: 0 9 * * mon-fri, duration: 8h}]}"""));
            assertThat(at(general, "spec.template.spec.expireAfter")).isEqualTo("Never");
            assertThat(at(general, "spec.weight")).isEqualTo(50);
        }

        @Test
        @DisplayName("should keep minValues and template labels, and rename do-not-consolidate")
        void templateFields() {
            assertThat(at(general, "spec.template.spec.requirements[0]")).isEqualTo(parse("""
                    {key: karpenter.k8s.aws/instance-family, operator: In, values: [m5, m6i, m7i], minValues: 2}"""));
            assertThat(at(general, "spec.template.metadata"))
                    .isEqualTo(parse(
                            "{labels: {workload: general}, annotations: {karpenter.sh/do-not-disrupt: 'false'}}"));
        }

        @Test
        @DisplayName("should default nodeClassRef group and kind, which v1 requires")
        void nodeClassRefDefaults() {
            assertThat(at(general, "spec.template.spec.nodeClassRef.group")).isEqualTo("karpenter.k8s.aws");
            assertThat(at(general, "spec.template.spec.nodeClassRef.kind")).isEqualTo("EC2NodeClass");
        }

        @Test
        @DisplayName("should drop template resources with a warning")
        void resources() {
            assertThat(at(general, "spec.template.spec.resources")).isNull();
            assertThat(texts(result.warnings()))
                    .contains(
                            "spec.template.spec.resources: v1 has no template resources; dropped {requests: {cpu: 1}}");
        }

        @Test
        @DisplayName("should write the v1beta1 disruption defaults when disruption is absent")
        void disruptionAbsent() {
            assertThat(at(only(nodePoolWithDisruption(""), "NodePool"), "spec.disruption"))
                    .isEqualTo(parse("{consolidationPolicy: WhenEmptyOrUnderutilized, consolidateAfter: 0s}"));
        }

        @Test
        @DisplayName("should reject WhenEmpty without consolidateAfter")
        void whenEmptyWithoutDelay() {
            assertThat(texts(nodePoolWithDisruption("consolidationPolicy: WhenEmpty")
                            .errors()))
                    .containsExactly("spec.disruption.consolidateAfter: required with consolidationPolicy WhenEmpty");
        }

        @Test
        @DisplayName("should replace a consolidateAfter that v1beta1 ignored with WhenUnderutilized by 0s, warning")
        void whenUnderutilizedWithDelay() {
            ConversionResult result =
                    nodePoolWithDisruption("consolidationPolicy: WhenUnderutilized\nconsolidateAfter: 10m");

            assertThat(at(only(result, "NodePool"), "spec.disruption.consolidateAfter"))
                    .isEqualTo("0s");
            assertThat(result.warnings())
                    .extracting(ConversionMessage::fieldPath)
                    .contains("spec.disruption.consolidateAfter");
        }

        @Test
        @DisplayName("should reject an unknown consolidation policy")
        void unknownPolicy() {
            assertThat(nodePoolWithDisruption("consolidationPolicy: Always").errors())
                    .extracting(ConversionMessage::fieldPath)
                    .containsExactly("spec.disruption.consolidationPolicy");
        }
    }

    @Nested
    @DisplayName("EC2NodeClass fields")
    class NodeClassFields {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
            "AL2,al2@latest",
            "AL2023,al2023@latest",
            "Bottlerocket,bottlerocket@latest",
            "Windows2019,windows2019@latest",
            "Windows2022,windows2022@latest"
        })
        @DisplayName("should replace a family without terms by its latest alias")
        void alias(String family, String alias) {
            Map<String, Object> converted = only(nodeClass("amiFamily: " + family), "EC2NodeClass");

            assertThat(at(converted, "spec.amiSelectorTerms")).isEqualTo(List.of(Map.of("alias", alias)));
            assertThat(keys(converted.get("spec"))).doesNotContain("amiFamily");
        }

        @Test
        @DisplayName("should keep family and terms when terms are given")
        void familyWithTerms() {
            Map<String, Object> converted =
                    only(nodeClass("amiFamily: AL2023\namiSelectorTerms: [{tags: {team: a}}]"), "EC2NodeClass");

            assertThat(at(converted, "spec.amiFamily")).isEqualTo("AL2023");
            assertThat(at(converted, "spec.amiSelectorTerms")).isEqualTo(parse("[{tags: {team: a}}]"));
        }

        @Test
        @DisplayName("should reject Ubuntu without terms and Custom without terms")
        void needTerms() {
            assertThat(nodeClass("amiFamily: Ubuntu").errors())
                    .extracting(ConversionMessage::fieldPath)
                    .containsExactly("spec.amiFamily");
            assertThat(nodeClass("amiFamily: Custom").errors())
                    .extracting(ConversionMessage::fieldPath)
                    .containsExactly("spec.amiFamily");
        }

        @Test
        @DisplayName("should convert Ubuntu with terms to AL2 with Ubuntu's root volume")
        void ubuntu() {
            // The example of [A] v1.0 v1-migration.md "Ubuntu AMIFamily Removed".
            Map<String, Object> converted =
                    only(nodeClass("amiFamily: Ubuntu\namiSelectorTerms: [{id: ami-foo}]"), "EC2NodeClass");

            assertThat(at(converted, "spec.amiFamily")).isEqualTo("AL2");
            assertThat(at(converted, "spec.amiSelectorTerms")).isEqualTo(parse("[{id: ami-foo}]"));
            assertThat(at(converted, "spec.blockDeviceMappings")).isEqualTo(parse("""
                    [{deviceName: /dev/sda1, rootVolume: true, ebs: {encrypted: true, volumeType: gp3, volumeSize: 20Gi}}]"""));
        }

        @Test
        @DisplayName("should reject a missing amiFamily, which v1beta1 required")
        void missingFamily() {
            assertThat(nodeClass("").errors())
                    .extracting(ConversionMessage::fieldPath)
                    .containsExactly("spec.amiFamily");
        }

        @Test
        @DisplayName("should add hop limit 2 to partial metadataOptions and keep an explicit hop limit")
        void hopLimit() {
            assertThat(at(
                            only(nodeClass("amiFamily: AL2\nmetadataOptions: {httpTokens: optional}"), "EC2NodeClass"),
                            "spec.metadataOptions"))
                    .isEqualTo(parse("{httpTokens: optional, httpPutResponseHopLimit: 2}"));
            ConversionResult explicit = nodeClass("amiFamily: AL2\nmetadataOptions: {httpPutResponseHopLimit: 1}");
            assertThat(at(only(explicit, "EC2NodeClass"), "spec.metadataOptions"))
                    .isEqualTo(Map.of("httpPutResponseHopLimit", 1));
            assertThat(explicit.warnings()).isEmpty();
        }

        @Test
        @DisplayName("should carry the fields v1 kept and drop unknown ones with a warning")
        void carried() {
            ConversionResult result = nodeClass("""
                    amiFamily: AL2
                    instanceStorePolicy: RAID0
                    associatePublicIPAddress: false
                    context: ctx-1
                    detailedMonitoring: true
                    tags: {team: a}
                    userData: echo hi
                    metadataOptions: {httpPutResponseHopLimit: 2}
                    launchTemplateName: lt-1
                    """);
            Map<String, Object> converted = only(result, "EC2NodeClass");

            assertThat(keys(converted.get("spec")))
                    .containsExactly(
                            "role",
                            "subnetSelectorTerms",
                            "securityGroupSelectorTerms",
                            "amiSelectorTerms",
                            "instanceStorePolicy",
                            "associatePublicIPAddress",
                            "context",
                            "detailedMonitoring",
                            "tags",
                            "userData",
                            "metadataOptions");
            assertThat(texts(result.warnings()))
                    .containsExactly("spec.launchTemplateName: not a v1beta1 EC2NodeClass field; dropped");
        }
    }
}
