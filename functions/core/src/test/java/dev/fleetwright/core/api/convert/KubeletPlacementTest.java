package dev.fleetwright.core.api.convert;

import static dev.fleetwright.core.api.convert.ConversionFixtures.at;
import static dev.fleetwright.core.api.convert.ConversionFixtures.convertedDocument;
import static dev.fleetwright.core.api.convert.ConversionFixtures.document;
import static dev.fleetwright.core.api.convert.ConversionFixtures.parse;
import static dev.fleetwright.core.api.convert.ConversionFixtures.resource;
import static dev.fleetwright.core.api.convert.ConversionFixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("kubelet move from NodePools to EC2NodeClasses")
class KubeletPlacementTest {

    /** A v1beta1 NodePool on the given class, with a kubelet given as flow YAML (or none when null). */
    private static String nodePool(String name, String className, String kubelet) {
        return """
                apiVersion: karpenter.sh/v1beta1
                kind: NodePool
                metadata: {name: %s}
                spec:
                  template:
                    spec:
                      nodeClassRef: {name: %s}
                %s
                """.formatted(name, className, kubelet == null ? "" : "      kubelet: " + kubelet);
    }

    private static String v1beta1Class(String name) {
        return """
                apiVersion: karpenter.k8s.aws/v1beta1
                kind: EC2NodeClass
                metadata: {name: %s}
                spec:
                  amiFamily: AL2023
                  role: KarpenterNodeRole-demo
                  subnetSelectorTerms: [{tags: {karpenter.sh/discovery: demo}}]
                  securityGroupSelectorTerms: [{tags: {karpenter.sh/discovery: demo}}]
                  metadataOptions: {httpPutResponseHopLimit: 2}
                """.formatted(name);
    }

    private static ConversionResult convert(String... documents) {
        return ApiConversion.toV1(yaml("platform.yaml", String.join("---\n", documents)));
    }

    @Nested
    @DisplayName("NodePools that disagree on one EC2NodeClass")
    class Disagreeing {

        private final ConversionResult result = ApiConversion.toV1(resource("v1beta1/batch-and-general.yaml"));

        @Test
        @DisplayName("should give each NodePool with a kubelet its own copy of the class and repoint it")
        void clones() {
            assertThat(result.errors()).isEmpty();
            assertThat(at(document(result, "NodePool", "general"), "spec.template.spec.nodeClassRef.name"))
                    .isEqualTo("shared-general");
            assertThat(at(document(result, "NodePool", "batch"), "spec.template.spec.nodeClassRef.name"))
                    .isEqualTo("shared-batch");
            assertThat(at(document(result, "EC2NodeClass", "shared-general"), "spec.kubelet"))
                    .isEqualTo(parse("{maxPods: 110, systemReserved: {cpu: 100m, memory: 100Mi}}"));
            assertThat(at(document(result, "EC2NodeClass", "shared-batch"), "spec.kubelet"))
                    .isEqualTo(parse("{maxPods: 40}"));
        }

        @Test
        @DisplayName("should keep the original class without kubelet and otherwise identical to the copies")
        void original() {
            Map<String, Object> shared = document(result, "EC2NodeClass", "shared");
            Map<String, Object> copy = new LinkedHashMap<>(document(result, "EC2NodeClass", "shared-batch"));

            assertThat(at(shared, "spec.kubelet")).isNull();
            assertThat(at(copy, "spec.subnetSelectorTerms")).isEqualTo(at(shared, "spec.subnetSelectorTerms"));
            assertThat(at(copy, "spec.amiSelectorTerms")).isEqualTo(parse("[{alias: al2023@latest}]"));
        }

        @Test
        @DisplayName("should place the copies right after the original, in NodePool order")
        void order() {
            assertThat(result.documents())
                    .extracting(d -> d.kind() + "/" + d.name())
                    .containsExactly(
                            "NodePool/general",
                            "NodePool/batch",
                            "NodePool/external",
                            "EC2NodeClass/shared",
                            "EC2NodeClass/shared-general",
                            "EC2NodeClass/shared-batch");
        }

        @Test
        @DisplayName("should record both the class and the NodePool as origins of a copy")
        void origins() {
            assertThat(convertedDocument(result, "EC2NodeClass", "shared-batch").origins())
                    .extracting(DocumentOrigin::toString)
                    .containsExactly(
                            "v1beta1/batch-and-general.yaml[3] EC2NodeClass \"shared\"",
                            "v1beta1/batch-and-general.yaml[1] NodePool \"batch\"");
        }

        @Test
        @DisplayName("should warn on each repointed NodePool")
        void warnings() {
            assertThat(result.warnings())
                    .filteredOn(w -> w.message().contains("a copy of \"shared\""))
                    .extracting(w -> w.origin().name() + " " + w.fieldPath())
                    .containsExactly("general spec.template.spec.kubelet", "batch spec.template.spec.kubelet");
        }

        @Test
        @DisplayName("should warn, not fail, when the referenced class is not among the documents")
        void missingClass() {
            assertThat(result.warnings())
                    .filteredOn(w -> w.origin().name().equals("external"))
                    .singleElement()
                    .satisfies(w -> {
                        assertThat(w.fieldPath()).isEqualTo("spec.template.spec.kubelet");
                        assertThat(w.message())
                                .contains("\"managed-elsewhere\" is not among the converted documents")
                                .contains("{imageGCHighThresholdPercent: 85, imageGCLowThresholdPercent: 80}");
                    });
            assertThat(at(document(result, "NodePool", "external"), "spec.template.spec.kubelet"))
                    .isNull();
        }
    }

    @Test
    @DisplayName("should move a kubelet every NodePool agrees on onto the class itself")
    void agreeing() {
        ConversionResult result = convert(
                nodePool("a", "default", "{maxPods: 110}"),
                nodePool("b", "default", "{maxPods: 110}"),
                v1beta1Class("default"));

        assertThat(result.errors()).isEmpty();
        assertThat(result.documents()).hasSize(3);
        assertThat(at(document(result, "EC2NodeClass", "default"), "spec.kubelet"))
                .isEqualTo(Map.of("maxPods", 110));
        assertThat(at(document(result, "NodePool", "b"), "spec.template.spec.nodeClassRef.name"))
                .isEqualTo("default");
        assertThat(convertedDocument(result, "EC2NodeClass", "default").origins())
                .extracting(DocumentOrigin::name)
                .containsExactly("default", "a", "b");
    }

    @Test
    @DisplayName("should compare kubelets by value, so Gson's doubles equal SnakeYAML's integers")
    void numbersByValue() {
        List<ConversionInput> documents = new ArrayList<>(yaml("a.yaml", nodePool("a", "default", "{maxPods: 110}")));
        documents.addAll(yaml("b.yaml", nodePool("b", "default", "{maxPods: 110.0}")));
        documents.addAll(yaml("c.yaml", v1beta1Class("default")));

        ConversionResult result = ApiConversion.toV1(documents);

        assertThat(result.documents()).extracting(ConvertedDocument::name).containsExactly("a", "b", "default");
    }

    @Test
    @DisplayName("should leave the class to a NodePool without kubelet when another NodePool has one")
    void withAndWithout() {
        ConversionResult result = convert(
                nodePool("plain", "default", null),
                nodePool("tuned", "default", "{podsPerCore: 2}"),
                v1beta1Class("default"));

        assertThat(at(document(result, "NodePool", "plain"), "spec.template.spec.nodeClassRef.name"))
                .isEqualTo("default");
        assertThat(at(document(result, "NodePool", "tuned"), "spec.template.spec.nodeClassRef.name"))
                .isEqualTo("default-tuned");
        assertThat(at(document(result, "EC2NodeClass", "default"), "spec.kubelet"))
                .isNull();
        assertThat(at(document(result, "EC2NodeClass", "default-tuned"), "spec.kubelet"))
                .isEqualTo(Map.of("podsPerCore", 2));
    }

    @Test
    @DisplayName("should count a v1 NodePool on the class as having no kubelet")
    void v1NodePool() {
        String v1NodePool = """
                apiVersion: karpenter.sh/v1
                kind: NodePool
                metadata: {name: modern}
                spec:
                  template:
                    spec:
                      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
                """;

        ConversionResult result =
                convert(v1NodePool, nodePool("old", "default", "{maxPods: 30}"), v1beta1Class("default"));

        assertThat(at(document(result, "EC2NodeClass", "default"), "spec.kubelet"))
                .isNull();
        assertThat(at(document(result, "NodePool", "old"), "spec.template.spec.nodeClassRef.name"))
                .isEqualTo("default-old");
    }

    @Nested
    @DisplayName("a v1 EC2NodeClass")
    class V1Class {

        private static final String V1_CLASS = """
                apiVersion: karpenter.k8s.aws/v1
                kind: EC2NodeClass
                metadata: {name: default}
                spec:
                  role: KarpenterNodeRole-demo
                  amiSelectorTerms: [{alias: al2023@latest}]
                  subnetSelectorTerms: [{tags: {karpenter.sh/discovery: demo}}]
                  securityGroupSelectorTerms: [{tags: {karpenter.sh/discovery: demo}}]
                  kubelet: {maxPods: 110}
                """;

        @Test
        @DisplayName("should stay unchanged and keep NodePools whose kubelet matches it")
        void matching() {
            ConversionResult result = convert(nodePool("a", "default", "{maxPods: 110}"), V1_CLASS);

            assertThat(result.documents()).hasSize(2);
            assertThat(document(result, "EC2NodeClass", "default"))
                    .isEqualTo(yaml("x", V1_CLASS).get(0).tree());
            assertThat(at(document(result, "NodePool", "a"), "spec.template.spec.nodeClassRef.name"))
                    .isEqualTo("default");
        }

        @Test
        @DisplayName("should stay unchanged and get copies for NodePools with another kubelet or none")
        void differing() {
            ConversionResult result =
                    convert(nodePool("a", "default", "{maxPods: 58}"), nodePool("b", "default", null), V1_CLASS);

            assertThat(document(result, "EC2NodeClass", "default"))
                    .isEqualTo(yaml("x", V1_CLASS).get(0).tree());
            assertThat(at(document(result, "EC2NodeClass", "default-a"), "spec.kubelet"))
                    .isEqualTo(Map.of("maxPods", 58));
            assertThat(at(document(result, "EC2NodeClass", "default-b"), "spec.kubelet"))
                    .isNull();
        }
    }

    @Test
    @DisplayName("should fail a NodePool whose class copy name is taken")
    void copyNameTaken() {
        ConversionResult result = convert(
                nodePool("a", "default", "{maxPods: 10}"),
                nodePool("b", "default", "{maxPods: 20}"),
                v1beta1Class("default"),
                v1beta1Class("default-a"));

        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.origin().name()).isEqualTo("a");
            assertThat(e.message()).contains("\"default-a\" is already taken");
        });
        assertThat(result.documents())
                .extracting(d -> d.kind() + "/" + d.name())
                .containsExactly(
                        "NodePool/b", "EC2NodeClass/default", "EC2NodeClass/default-b", "EC2NodeClass/default-a");
    }
}
