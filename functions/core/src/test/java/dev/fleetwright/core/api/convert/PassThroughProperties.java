package dev.fleetwright.core.api.convert;

import static dev.fleetwright.core.api.convert.ConversionFixtures.resources;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

@Label("v1 and foreign documents pass through unchanged")
class PassThroughProperties {

    @Property(tries = 300)
    @Label("should return any list of v1 and foreign documents unchanged, without messages")
    void roundTrip(@ForAll("documentLists") List<Map<String, Object>> trees) {
        List<ConversionInput> documents = new ArrayList<>();
        for (int i = 0; i < trees.size(); i++) {
            documents.add(new ConversionInput("random.yaml", i, trees.get(i)));
        }

        ConversionResult result = ApiConversion.toV1(documents);

        assertThat(result.warnings()).isEmpty();
        assertThat(result.errors()).isEmpty();
        assertThat(result.documents()).extracting(ConvertedDocument::tree).containsExactlyElementsOf(trees);
        for (int i = 0; i < trees.size(); i++) {
            assertThat(result.documents().get(i).origins())
                    .containsExactly(documents.get(i).origin());
            assertThat(result.documents().get(i).tree().keySet())
                    .containsExactlyElementsOf(trees.get(i).keySet());
        }
    }

    @Example
    @Label("should return the shared v1 example configurations unchanged")
    void examples() {
        List<ConversionInput> documents = resources(
                "v1/gpu-and-default-ec2nodeclass.yaml",
                "v1/gpu-and-default-nodepools.yaml",
                "v1/general-and-batch-ec2nodeclass.yaml",
                "v1/general-and-batch-nodepools.yaml");

        ConversionResult result = ApiConversion.toV1(documents);

        assertThat(result.warnings()).isEmpty();
        assertThat(result.errors()).isEmpty();
        assertThat(result.documents())
                .extracting(ConvertedDocument::tree)
                .containsExactlyElementsOf(
                        documents.stream().map(ConversionInput::tree).toList());
    }

    @Provide
    Arbitrary<List<Map<String, Object>>> documentLists() {
        return document().list().ofMinSize(1).ofMaxSize(5);
    }

    private Arbitrary<Map<String, Object>> document() {
        Arbitrary<String[]> types = Arbitraries.of(
                new String[] {"karpenter.sh/v1", "NodePool"},
                new String[] {"karpenter.k8s.aws/v1", "EC2NodeClass"},
                new String[] {"apps/v1", "Deployment"},
                new String[] {"karpenter.sh/v1beta1", "NodeClaim"},
                new String[] {"v1", "ConfigMap"});
        Arbitrary<String> names = Arbitraries.of("default", "gpu", "batch", "general");
        return Combinators.combine(types, names, nodeClassRefs(), value(3)).as((type, name, ref, spec) -> {
            Map<String, Object> tree = new LinkedHashMap<>();
            tree.put("apiVersion", type[0]);
            tree.put("kind", type[1]);
            tree.put("metadata", new LinkedHashMap<>(Map.of("name", name)));
            Map<String, Object> specMap = new LinkedHashMap<>();
            // A realistic reference lets the kubelet move consider these documents too.
            specMap.put("template", Map.of("spec", Map.of("nodeClassRef", ref)));
            specMap.put("extra", spec);
            tree.put("spec", specMap);
            return tree;
        });
    }

    private Arbitrary<Map<String, Object>> nodeClassRefs() {
        return Arbitraries.of("default", "gpu", "missing")
                .map(name -> Map.of("group", "karpenter.k8s.aws", "kind", "EC2NodeClass", "name", name));
    }

    private Arbitrary<Object> value(int depth) {
        Arbitrary<Object> leaf = Arbitraries.oneOf(
                Arbitraries.strings().alpha().ofMaxLength(6).map(s -> (Object) s),
                Arbitraries.integers().between(-5, 500).map(i -> (Object) i),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just(null));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Object> map = Arbitraries.maps(
                        Arbitraries.of("kubelet", "maxPods", "a.b/c", "x", "spec"), value(depth - 1))
                .ofMaxSize(3)
                .map(m -> (Object) new LinkedHashMap<>(m));
        Arbitrary<Object> list = value(depth - 1).list().ofMaxSize(3).map(l -> (Object) l);
        return Arbitraries.oneOf(leaf, map, list);
    }
}
