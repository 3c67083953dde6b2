package dev.fleetwright.core.api.convert;

import static dev.fleetwright.core.api.convert.ConversionFixtures.at;
import static dev.fleetwright.core.api.convert.ConversionFixtures.document;
import static dev.fleetwright.core.api.convert.ConversionFixtures.keys;
import static dev.fleetwright.core.api.convert.ConversionFixtures.parse;
import static dev.fleetwright.core.api.convert.ConversionFixtures.resource;
import static dev.fleetwright.core.api.convert.ConversionFixtures.texts;
import static dev.fleetwright.core.api.convert.ConversionFixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("v1alpha1 AWSNodeTemplate to v1 EC2NodeClass")
class AwsNodeTemplateConversionTest {

    /**
     * An AWSNodeTemplate named "default": the given spec lines override or add to a minimal valid spec (one subnet
     * tag, one security group tag, an instance profile).
     */
    private static ConversionResult template(String specLines) {
        Map<String, String> spec = new LinkedHashMap<>();
        spec.put("instanceProfile", "instanceProfile: KarpenterNodeInstanceProfile-demo");
        spec.put("subnetSelector", "subnetSelector: {karpenter.sh/discovery: demo}");
        spec.put("securityGroupSelector", "securityGroupSelector: {karpenter.sh/discovery: demo}");
        for (String line : specLines.lines().toList()) {
            String key = line.substring(0, line.indexOf(':')).trim();
            if (line.startsWith(" ")) {
                throw new IllegalArgumentException("one line per field: " + line);
            }
            spec.put(key, line);
        }
        String text = """
                apiVersion: karpenter.k8s.aws/v1alpha1
                kind: AWSNodeTemplate
                metadata:
                  name: default
                spec:
                """
                + spec.values().stream()
                        .filter(l -> !l.endsWith(": ~"))
                        .map(l -> "  " + l)
                        .collect(Collectors.joining("\n"));
        return ApiConversion.toV1(yaml("template.yaml", text));
    }

    private static Map<String, Object> nodeClass(ConversionResult result) {
        assertThat(result.errors()).isEmpty();
        return document(result, "EC2NodeClass", "default");
    }

    @Nested
    @DisplayName("subnet and security group selectors")
    class Selectors {

        @Test
        @DisplayName("should turn a tag selector into one tags term")
        void tags() {
            Map<String, Object> nodeClass = nodeClass(template(""));

            assertThat(at(nodeClass, "spec.subnetSelectorTerms"))
                    .isEqualTo(parse("[{tags: {karpenter.sh/discovery: demo}}]"));
            assertThat(at(nodeClass, "spec.securityGroupSelectorTerms"))
                    .isEqualTo(parse("[{tags: {karpenter.sh/discovery: demo}}]"));
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(
                delimiter = '|',
                value = {"aws-ids", "aws::ids"})
        @DisplayName("should turn comma-separated ids into one id term each, trimming spaces")
        void ids(String key) {
            Map<String, Object> nodeClass =
                    nodeClass(template("subnetSelector: {" + key + ": 'subnet-123, subnet-456'}"));

            assertThat(at(nodeClass, "spec.subnetSelectorTerms"))
                    .isEqualTo(parse("[{id: subnet-123}, {id: subnet-456}]"));
        }

        @Test
        @DisplayName("should drop tags next to ids with a warning, since v1 id terms carry nothing else")
        void idsWithTags() {
            ConversionResult result = template("securityGroupSelector: {aws::ids: sg-1, Name: nodes}");

            assertThat(at(nodeClass(result), "spec.securityGroupSelectorTerms")).isEqualTo(parse("[{id: sg-1}]"));
            assertThat(texts(result.warnings()))
                    .anyMatch(w -> w.startsWith("spec.securityGroupSelector: dropped Name: v1 id terms cannot carry"));
        }

        @Test
        @DisplayName("should expand comma-separated tag values into the cross product of terms, first key fastest")
        void commaSeparatedTags() {
            // The case and expected order of [A] tools/karpenter-convert testdata
            // nodetemplate_cdl_subnetSelectors_tags.
            ConversionResult result = template(
                    "subnetSelector: {karpenter.sh/discovery-1: 'karpenter-demo-1,"
                            + "karpenter-demo-2,karpenter-demo-3', karpenter.sh/discovery-2: 'karpenter-demo-4,karpenter-demo-5'}");

            assertThat(at(nodeClass(result), "spec.subnetSelectorTerms")).isEqualTo(parse("""
                    [{tags: {karpenter.sh/discovery-1: karpenter-demo-1, karpenter.sh/discovery-2: karpenter-demo-4}},
                     {tags: {karpenter.sh/discovery-1: karpenter-demo-2, karpenter.sh/discovery-2: karpenter-demo-4}},
                     {tags: {karpenter.sh/discovery-1: karpenter-demo-3, karpenter.sh/discovery-2: karpenter-demo-4}},
                     {tags: {karpenter.sh/discovery-1: karpenter-demo-1, karpenter.sh/discovery-2: karpenter-demo-5}},
                     {tags: {karpenter.sh/discovery-1: karpenter-demo-2, karpenter.sh/discovery-2: karpenter-demo-5}},
                     {tags: {karpenter.sh/discovery-1: karpenter-demo-3, karpenter.sh/discovery-2: karpenter-demo-5}}]"""));
            assertThat(texts(result.warnings()))
                    .contains("spec.subnetSelector: comma-separated values became 6 selector terms (v1alpha1"
                            + " accepted any of the listed values)");
        }

        @Test
        @DisplayName("should keep Name as a tag, not the v1 name field, and keep the * wildcard")
        void nameTagAndWildcard() {
            Map<String, Object> nodeClass = nodeClass(
                    template("securityGroupSelector: {Name: 'my-cluster-node', kubernetes.io/cluster/demo: '*'}"));

            assertThat(at(nodeClass, "spec.securityGroupSelectorTerms"))
                    .isEqualTo(parse("[{tags: {Name: my-cluster-node, kubernetes.io/cluster/demo: '*'}}]"));
        }

        @Test
        @DisplayName("should reject an empty tag value, which v1 does not accept")
        void emptyValue() {
            assertThat(texts(template("subnetSelector: {karpenter.sh/discovery: ''}")
                            .errors()))
                    .containsExactly("spec.subnetSelector[karpenter.sh/discovery]: empty tag values are not supported"
                            + " in v1; use \"*\" to match any value of the tag");
        }

        @Test
        @DisplayName("should reject a selector that needs more than 30 terms")
        void tooManyTerms() {
            String ids =
                    IntStream.rangeClosed(1, 31).mapToObj(i -> "subnet-" + i).collect(Collectors.joining(","));

            assertThat(texts(
                            template("subnetSelector: {aws-ids: '" + ids + "'}").errors()))
                    .singleElement()
                    .asString()
                    .startsWith("spec.subnetSelector: needs 31 v1 selector terms, more than the 30 v1 allows");
        }

        @Test
        @DisplayName("should require a subnet selector")
        void subnetRequired() {
            assertThat(texts(template("subnetSelector: ~").errors()))
                    .containsExactly("spec.subnetSelector: required: v1 needs subnetSelectorTerms");
        }
    }

    @Nested
    @DisplayName("AMI selection")
    class Amis {

        @Test
        @DisplayName("should default amiFamily to AL2 and select the al2@latest alias without amiSelector")
        void defaultAl2() {
            Map<String, Object> nodeClass = nodeClass(template(""));

            assertThat(at(nodeClass, "spec.amiSelectorTerms")).isEqualTo(parse("[{alias: al2@latest}]"));
            assertThat(keys(nodeClass.get("spec"))).doesNotContain("amiFamily");
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
            "AL2,al2@latest",
            "Bottlerocket,bottlerocket@latest",
            "Windows2019,windows2019@latest",
            "Windows2022,windows2022@latest"
        })
        @DisplayName("should replace a family without amiSelector by its latest alias")
        void alias(String family, String alias) {
            assertThat(at(nodeClass(template("amiFamily: " + family)), "spec.amiSelectorTerms"))
                    .isEqualTo(List.of(Map.of("alias", alias)));
        }

        @Test
        @DisplayName("should keep the (defaulted) family next to id terms from aws::ids")
        void ids() {
            Map<String, Object> nodeClass = nodeClass(template("amiSelector: {aws::ids: 'ami-123,ami-456'}"));

            assertThat(at(nodeClass, "spec.amiFamily")).isEqualTo("AL2");
            assertThat(at(nodeClass, "spec.amiSelectorTerms")).isEqualTo(parse("[{id: ami-123}, {id: ami-456}]"));
        }

        @Test
        @DisplayName("should cross names with owners as the v1beta1 migration guide shows")
        void namesAndOwners() {
            // [A] v0.32 v1beta1-migration.md, "amiSelectorTerms.name example".
            ConversionResult result =
                    template("amiSelector: {aws::name: 'my-name1,my-name2', aws::owners: '123456789,amazon'}");

            assertThat(at(nodeClass(result), "spec.amiSelectorTerms")).isEqualTo(parse("""
                    [{name: my-name1, owner: '123456789'}, {name: my-name2, owner: '123456789'},
                     {name: my-name1, owner: amazon}, {name: my-name2, owner: amazon}]"""));
        }

        @Test
        @DisplayName("should take an AMI tag value whole, as the v1alpha1 AMI provider did")
        void tagValueNotSplit() {
            Map<String, Object> nodeClass = nodeClass(template("amiSelector: {team: 'a,b', aws::name: 'eks-node-*'}"));

            assertThat(at(nodeClass, "spec.amiSelectorTerms"))
                    .isEqualTo(parse("[{name: eks-node-*, tags: {team: 'a,b'}}]"));
        }

        @Test
        @DisplayName("should keep a Custom family with its terms and reject it without")
        void custom() {
            assertThat(at(nodeClass(template("amiFamily: Custom\namiSelector: {aws::ids: ami-1}")), "spec.amiFamily"))
                    .isEqualTo("Custom");
            assertThat(template("amiFamily: Custom").errors())
                    .extracting(ConversionMessage::fieldPath)
                    .containsExactly("spec.amiFamily");
        }

        @Test
        @DisplayName("should reject Ubuntu without amiSelector, since v1 dropped the family")
        void ubuntuWithoutSelector() {
            assertThat(texts(template("amiFamily: Ubuntu").errors()))
                    .singleElement()
                    .asString()
                    .startsWith("spec.amiFamily: v1 dropped the Ubuntu AMI family");
        }

        @Test
        @DisplayName(
                "should bootstrap Ubuntu AMIs with AL2 and Ubuntu's root volume, as Karpenter's v1 conversion does")
        void ubuntuWithSelector() {
            ConversionResult result = template("amiFamily: Ubuntu\namiSelector: {aws::ids: ami-ubuntu}");
            Map<String, Object> nodeClass = nodeClass(result);

            assertThat(at(nodeClass, "spec.amiFamily")).isEqualTo("AL2");
            assertThat(at(nodeClass, "spec.blockDeviceMappings")).isEqualTo(parse("""
                    [{deviceName: /dev/sda1, rootVolume: true, ebs: {encrypted: true, volumeType: gp3, volumeSize: 20Gi}}]"""));
            assertThat(result.warnings())
                    .extracting(ConversionMessage::fieldPath)
                    .contains("spec.amiFamily");
        }

        @Test
        @DisplayName("should not add Ubuntu's root volume when block device mappings are given")
        void ubuntuWithMappings() {
            Map<String, Object> nodeClass =
                    nodeClass(template("amiFamily: Ubuntu\namiSelector: {aws::ids: ami-ubuntu}\n"
                            + "blockDeviceMappings: [{deviceName: /dev/sda1, ebs: {volumeSize: 50Gi}}]"));

            assertThat(at(nodeClass, "spec.blockDeviceMappings"))
                    .isEqualTo(parse("[{deviceName: /dev/sda1, ebs: {volumeSize: 50Gi}}]"));
        }
    }

    @Nested
    @DisplayName("other fields")
    class OtherFields {

        @Test
        @DisplayName("should carry the fields of a production template and keep their order")
        void everyField() {
            Map<String, Object> nodeClass =
                    document(ApiConversion.toV1(resource("v1alpha5/general-purpose.yaml")), "EC2NodeClass", "general");

            assertThat(keys(nodeClass.get("spec")))
                    .containsExactly(
                            "amiSelectorTerms",
                            "instanceProfile",
                            "subnetSelectorTerms",
                            "securityGroupSelectorTerms",
                            "tags",
                            "metadataOptions",
                            "blockDeviceMappings",
                            "detailedMonitoring",
                            "userData",
                            "kubelet");
            assertThat(at(nodeClass, "spec.subnetSelectorTerms")).isEqualTo(parse("""
                    [{tags: {karpenter.sh/discovery: '${CLUSTER_NAME}', Name: private-1a}},
                     {tags: {karpenter.sh/discovery: '${CLUSTER_NAME}', Name: private-1b}}]"""));
            assertThat(at(nodeClass, "spec.securityGroupSelectorTerms"))
                    .isEqualTo(parse("[{tags: {Name: '${CLUSTER_NAME}-node'}}]"));
            assertThat(at(nodeClass, "spec.instanceProfile")).isEqualTo("KarpenterNodeInstanceProfile-${CLUSTER_NAME}");
            assertThat(at(nodeClass, "spec.metadataOptions")).isEqualTo(parse("""
                    {httpEndpoint: enabled, httpProtocolIPv6: disabled, httpPutResponseHopLimit: 2,
                     httpTokens: required}"""));
            assertThat(at(nodeClass, "spec.blockDeviceMappings[1].ebs")).isEqualTo(parse("""
                    {volumeSize: 100Gi, volumeType: gp3, iops: 3000, throughput: 125, encrypted: true,
                     deleteOnTermination: true}"""));
            assertThat(at(nodeClass, "spec.detailedMonitoring")).isEqualTo(true);
            assertThat((String) at(nodeClass, "spec.userData"))
                    .startsWith("[settings.kubernetes]\nkube-api-qps = 30\n");
            assertThat(at(nodeClass, "spec.tags")).isEqualTo(Map.of("team", "platform", "environment", "production"));
        }

        @Test
        @DisplayName("should reject launchTemplate, which v1 does not support")
        void launchTemplate() {
            assertThat(template("launchTemplate: my-launch-template").errors())
                    .extracting(ConversionMessage::fieldPath)
                    .containsExactly("spec.launchTemplate");
        }

        @Test
        @DisplayName("should use the old default instance profile when given, with a warning")
        void defaultInstanceProfile() {
            String text = """
                    apiVersion: karpenter.k8s.aws/v1alpha1
                    kind: AWSNodeTemplate
                    metadata: {name: default}
                    spec:
                      subnetSelector: {a: b}
                      securityGroupSelector: {a: b}
                    """;

            ConversionResult result =
                    ApiConversion.toV1(yaml("t.yaml", text), new ConversionOptions("KarpenterNodeInstanceProfile-x"));

            assertThat(at(nodeClass(result), "spec.instanceProfile")).isEqualTo("KarpenterNodeInstanceProfile-x");
            assertThat(result.warnings())
                    .extracting(ConversionMessage::fieldPath)
                    .contains("spec.instanceProfile");
        }

        @Test
        @DisplayName("should write hop limit 2 when metadataOptions is unset, the v1alpha1 launch default")
        void metadataOptionsUnset() {
            ConversionResult result = template("");

            assertThat(at(nodeClass(result), "spec.metadataOptions")).isEqualTo(Map.of("httpPutResponseHopLimit", 2));
            assertThat(result.warnings())
                    .extracting(ConversionMessage::fieldPath)
                    .contains("spec.metadataOptions");
        }

        @Test
        @DisplayName("should keep partial metadataOptions and warn that v1 now requires IMDSv2 tokens by default")
        void metadataOptionsPartial() {
            ConversionResult result = template("metadataOptions: {httpPutResponseHopLimit: 3}");

            assertThat(at(nodeClass(result), "spec.metadataOptions")).isEqualTo(Map.of("httpPutResponseHopLimit", 3));
            assertThat(result.warnings())
                    .extracting(ConversionMessage::fieldPath)
                    .contains("spec.metadataOptions.httpTokens");
        }

        @Test
        @DisplayName("should rename associatePublicIpAddress, keep context and drop virtualName with a warning")
        void renamesAndDrops() {
            ConversionResult result = template("associatePublicIpAddress: false\ncontext: ctx-1\n"
                    + "blockDeviceMappings: [{deviceName: /dev/xvdb, virtualName: ephemeral0}]");
            Map<String, Object> nodeClass = nodeClass(result);

            assertThat(at(nodeClass, "spec.associatePublicIPAddress")).isEqualTo(false);
            assertThat(at(nodeClass, "spec.context")).isEqualTo("ctx-1");
            assertThat(at(nodeClass, "spec.blockDeviceMappings")).isEqualTo(parse("[{deviceName: /dev/xvdb}]"));
            assertThat(texts(result.warnings()))
                    .contains("spec.blockDeviceMappings[0].virtualName: not a v1 block device mapping field; dropped");
        }
    }
}
