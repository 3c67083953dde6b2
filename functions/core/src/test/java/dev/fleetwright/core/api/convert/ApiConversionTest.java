package dev.fleetwright.core.api.convert;

import static dev.fleetwright.core.api.convert.ConversionFixtures.resource;
import static dev.fleetwright.core.api.convert.ConversionFixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("ApiConversion.toV1")
class ApiConversionTest {

    @Nested
    @DisplayName("messages")
    class Messages {

        @Test
        @DisplayName("should name the file, document index, kind, name and field")
        void format() {
            ConversionResult result = ApiConversion.toV1(resource("v1alpha5/getting-started.yaml"));

            assertThat(result.errors())
                    .extracting(ConversionMessage::toString)
                    .singleElement()
                    .asString()
                    .startsWith(
                            "v1alpha5/getting-started.yaml[1] AWSNodeTemplate \"default\": spec.instanceProfile: unset:");
        }

        @Test
        @DisplayName("should stand in ? for a missing kind or name")
        void missingName() {
            ConversionResult result = ApiConversion.toV1(yaml("p.yaml", """
                    apiVersion: karpenter.sh/v1beta1
                    kind: NodePool
                    spec: {template: {spec: {nodeClassRef: {name: default}}}}
                    """));

            assertThat(result.errors())
                    .extracting(ConversionMessage::toString)
                    .containsExactly("p.yaml[0] NodePool \"?\": metadata.name: required");
        }
    }

    @Nested
    @DisplayName("documents")
    class Documents {

        @Test
        @DisplayName("should keep input order, passing foreign documents through between converted ones")
        void order() {
            List<ConversionInput> documents = new ArrayList<>(yaml("cm.yaml", """
                    apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: settings}
                    data: {a: b}
                    """));
            documents.addAll(resource("v1beta1/getting-started.yaml"));

            ConversionResult result = ApiConversion.toV1(documents);

            assertThat(result.documents())
                    .extracting(d -> d.apiVersion() + " " + d.kind())
                    .containsExactly("v1 ConfigMap", "karpenter.sh/v1 NodePool", "karpenter.k8s.aws/v1 EC2NodeClass");
            assertThat(result.documents().get(0).tree())
                    .isEqualTo(documents.get(0).tree());
        }

        @Test
        @DisplayName("should leave out a document with errors and still convert the others")
        void errorsLeaveOut() {
            ConversionResult result = ApiConversion.toV1(resource("v1alpha5/getting-started.yaml"));

            assertThat(result.hasErrors()).isTrue();
            assertThat(result.documents()).extracting(ConvertedDocument::kind).containsExactly("NodePool");
        }

        @Test
        @DisplayName("should reject two documents converting to the same EC2NodeClass name")
        void duplicateNames() {
            List<ConversionInput> documents = new ArrayList<>(resource("v1beta1/getting-started.yaml"));
            documents.addAll(yaml("old.yaml", """
                    apiVersion: karpenter.k8s.aws/v1alpha1
                    kind: AWSNodeTemplate
                    metadata: {name: default}
                    spec:
                      instanceProfile: p
                      subnetSelector: {a: b}
                      securityGroupSelector: {a: b}
                    """));

            ConversionResult result = ApiConversion.toV1(documents);

            assertThat(result.errors())
                    .extracting(ConversionMessage::toString)
                    .containsExactly(
                            "old.yaml[0] AWSNodeTemplate \"default\": metadata.name: converts to EC2NodeClass"
                                    + " \"default\", which v1beta1/getting-started.yaml[1] EC2NodeClass \"default\" also produces");
        }

        @Test
        @DisplayName("should warn about top-level fields the old kind did not have")
        void topLevel() {
            ConversionResult result = ApiConversion.toV1(yaml("p.yaml", """
                    apiVersion: karpenter.sh/v1beta1
                    kind: NodePool
                    metadata: {name: default}
                    spec: {template: {spec: {nodeClassRef: {name: default}}}}
                    data: {a: b}
                    status: {resources: {cpu: '4'}}
                    """));

            assertThat(result.warnings())
                    .extracting(m -> m.fieldPath() + ": " + m.message())
                    .containsExactly("data: not a field of a v1beta1 NodePool; dropped");
            assertThat(result.documents().get(0).tree()).doesNotContainKeys("data", "status");
        }
    }

    @Nested
    @DisplayName("source documents")
    class Sources {

        @Test
        @DisplayName("should reject a tree with a value of another type, naming its path")
        void unsupportedType() {
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("creationTimestamp", new Date(0));
            Map<String, Object> tree = new LinkedHashMap<>();
            tree.put("metadata", metadata);

            assertThatThrownBy(() -> new ConversionInput("a.yaml", 0, tree))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("metadata.creationTimestamp: unsupported value type java.util.Date");
        }

        @Test
        @DisplayName("should reject a map key that is not a string")
        void nonStringKey() {
            Map<Object, Object> labels = new LinkedHashMap<>();
            labels.put(1, "one");
            Map<String, Object> tree = new LinkedHashMap<>();
            tree.put("labels", labels);

            assertThatThrownBy(() -> new ConversionInput("a.yaml", 0, tree))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("labels: map key 1 is not a string (a number)");
        }

        @Test
        @DisplayName("should copy the tree, so later changes to the input do not leak in")
        void copies() {
            Map<String, Object> tree = new LinkedHashMap<>(Map.of("kind", "ConfigMap"));
            ConversionInput document = new ConversionInput("a.yaml", 0, tree);

            tree.put("kind", "Secret");

            assertThat(document.kind()).isEqualTo("ConfigMap");
            assertThatThrownBy(() -> document.tree().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        }
    }
}
