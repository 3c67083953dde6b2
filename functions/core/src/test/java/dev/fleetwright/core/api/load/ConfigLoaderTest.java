package dev.fleetwright.core.api.load;

import static dev.fleetwright.core.api.load.Fixtures.nodeClass;
import static dev.fleetwright.core.api.load.Fixtures.nodePool;
import static dev.fleetwright.core.api.load.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetwright.core.api.AmiFamily;
import dev.fleetwright.core.api.ConsolidationPolicy;
import dev.fleetwright.core.api.Ec2NodeClass;
import dev.fleetwright.core.api.NodePool;
import dev.fleetwright.core.api.corev1.Taint;
import dev.fleetwright.core.api.corev1.TaintEffect;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading configuration from files, directories, named texts and trees. */
class ConfigLoaderTest {

    /** The examples shipped with the repository (the same files as the shared examples). */
    private static final Path EXAMPLES = Path.of("../../examples/nodepools");

    private static final Path RESOURCES = Path.of("src/test/resources/dev/fleetwright/core/api/load");

    private static final Map<String, String> GPU_ENVIRONMENT =
            Map.of("CLUSTER_NAME", "dev", "AMD_AMI_ID", "ami-0amd", "GPU_AMI_ID", "ami-0gpu");

    private static String resource(String name) throws IOException {
        try (InputStream in = ConfigLoaderTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> lines(LoadResult result) {
        return result.errors().stream().map(ConfigError::toString).toList();
    }

    @Nested
    @DisplayName("the shipped examples")
    class Examples {
        @Test
        @DisplayName("should load general-and-batch as written")
        void generalAndBatch() {
            LoadResult r = new ConfigLoader(Map.of()).load(List.of(EXAMPLES.resolve("general-and-batch")));
            assertThat(lines(r)).isEmpty();
            assertThat(r.nodePools()).extracting(NodePool::name).containsExactly("general", "batch");
            assertThat(r.nodeClasses()).extracting(Ec2NodeClass::name).containsExactly("default");

            NodePool batch = r.nodePool("batch").orElseThrow();
            assertThat(batch.spec().disruption().consolidationPolicy()).isEqualTo(ConsolidationPolicy.WHEN_EMPTY);
            assertThat(batch.spec().disruption().consolidateAfter().duration()).contains(Duration.ofSeconds(30));
            assertThat(batch.spec().limits().limitOf("cpu")).contains(500_000L);
            assertThat(batch.spec().template().spec().taints())
                    .containsExactly(new Taint("workload", "batch", TaintEffect.NO_SCHEDULE));
            assertThat(r.nodePool("general")
                            .orElseThrow()
                            .spec()
                            .template()
                            .spec()
                            .expireAfter()
                            .duration())
                    .contains(Duration.ofHours(720));

            Ec2NodeClass nodeClass = r.nodeClass("default").orElseThrow();
            assertThat(nodeClass.amiFamily()).isEqualTo(AmiFamily.AL2023);
            assertThat(nodeClass.spec().role()).isEqualTo("KarpenterNodeRole-eks-cluster-dev");
            assertThat(nodeClass.ephemeralVolumeSizeBytes()).isEqualTo(20L << 30);
        }

        @Test
        @DisplayName("should load gpu-and-default with its variables from the environment")
        void gpuAndDefault() {
            LoadResult r = new ConfigLoader(GPU_ENVIRONMENT).load(List.of(EXAMPLES.resolve("gpu-and-default")));
            assertThat(lines(r)).isEmpty();
            assertThat(r.nodePools()).extracting(NodePool::name).containsExactly("default", "gpu");
            assertThat(r.nodeClasses()).extracting(Ec2NodeClass::name).containsExactly("default", "gpu-nodeclass");

            Ec2NodeClass gpuClass = r.nodeClass("gpu-nodeclass").orElseThrow();
            assertThat(gpuClass.amiFamily()).isEqualTo(AmiFamily.AL2);
            assertThat(gpuClass.spec().role()).isEqualTo("KarpenterNodeRole-dev");
            assertThat(gpuClass.spec().amiSelectorTerms().get(0).id()).isEqualTo("ami-0gpu");
            assertThat(gpuClass.spec().securityGroupSelectorTerms().get(0).tags())
                    .containsEntry("kubernetes.io/cluster/dev", "owned");
            assertThat(gpuClass.ephemeralVolumeSizeBytes()).isEqualTo(200L << 30);

            NodePool gpu = r.nodePool("gpu").orElseThrow();
            assertThat(gpu.spec().template().spec().expireAfter().isNever()).isTrue();
            assertThat(gpu.spec().template().labels()).containsEntry("eks-node", "gpu");
            assertThat(gpu.nodeClassRef().name()).isEqualTo("gpu-nodeclass");
        }

        @Test
        @DisplayName("should name the file and line of every unset variable")
        void unsetVariables() {
            LoadResult r = new ConfigLoader(Map.of("CLUSTER_NAME", "dev", "AMD_AMI_ID", "ami-0amd"))
                    .load(List.of(EXAMPLES.resolve("gpu-and-default")));
            String file = EXAMPLES.resolve("gpu-and-default")
                    .resolve("ec2nodeclass.yaml")
                    .toString();
            assertThat(lines(r))
                    .contains(file + "[1] line 36: variable ${GPU_AMI_ID} is not set; set it in the environment or"
                            + " write ${GPU_AMI_ID:-default}");
            assertThat(r.nodeClasses()).extracting(Ec2NodeClass::name).containsExactly("default");
            assertThat(r.nodePools()).extracting(NodePool::name).containsExactly("default");
            assertThat(lines(r))
                    .anySatisfy(l -> assertThat(l)
                            .endsWith("NodePool \"gpu\": spec.template.spec.nodeClassRef.name: EC2NodeClass"
                                    + " \"gpu-nodeclass\" is invalid (see its errors)"));
        }
    }

    @Nested
    @DisplayName("unset variables kept for the simulator (UnsetVariables.KEEP)")
    class KeptVariables {
        private final ConfigLoader keeping =
                new ConfigLoader(Map.of(), LegacyConverter.KARPENTER, EnvironmentSubstitution.UnsetVariables.KEEP);

        @Test
        @DisplayName(
                "should load gpu-and-default with no environment, keep the placeholders and warn once per variable")
        void keepsPlaceholders() {
            LoadResult r = keeping.load(List.of(EXAMPLES.resolve("gpu-and-default")));
            String file = EXAMPLES.resolve("gpu-and-default")
                    .resolve("ec2nodeclass.yaml")
                    .toString();
            assertThat(lines(r)).isEmpty();
            assertThat(r.nodePools()).extracting(NodePool::name).containsExactly("default", "gpu");
            Ec2NodeClass gpuClass = r.nodeClass("gpu-nodeclass").orElseThrow();
            assertThat(gpuClass.spec().amiSelectorTerms().get(0).id()).isEqualTo("${GPU_AMI_ID}");
            assertThat(gpuClass.spec().role()).isEqualTo("KarpenterNodeRole-${CLUSTER_NAME}");
            assertThat(gpuClass.ephemeralVolumeSizeBytes()).isEqualTo(200L << 30);
            assertThat(r.warnings())
                    .contains(file + " lines 7, 10, 13, 28, 31, 34: variable ${CLUSTER_NAME} is not set; kept as"
                            + " written for the simulation (set it before deploying: validate and the provisioner"
                            + " reject it)")
                    .anySatisfy(w -> assertThat(w).startsWith(file + " line 36: variable ${GPU_AMI_ID} is not set"));
        }

        @Test
        @DisplayName("should still reject a kept placeholder where a quantity is required, and a malformed literal ID")
        void onlyIdentifierFormatsAccept() {
            LoadResult r = keeping.loadSources(List.of(new NamedSource("class.yaml", """
                    apiVersion: karpenter.k8s.aws/v1
                    kind: EC2NodeClass
                    metadata:
                      name: c
                    spec:
                      role: "KarpenterNodeRole-${CLUSTER_NAME}"
                      amiSelectorTerms:
                        - id: "not-an-ami"
                      subnetSelectorTerms:
                        - id: "${SUBNET_ID}"
                      securityGroupSelectorTerms:
                        - tags:
                            karpenter.sh/discovery: "${CLUSTER_NAME}"
                      blockDeviceMappings:
                        - deviceName: /dev/xvda
                          ebs:
                            volumeSize: "${VOLUME_SIZE}"
                    """)));
            assertThat(lines(r))
                    .anySatisfy(l ->
                            assertThat(l).contains("amiSelectorTerms[0].id").contains("\"not-an-ami\""))
                    .anySatisfy(l -> assertThat(l).contains("volumeSize"))
                    .noneSatisfy(l -> assertThat(l).contains("subnetSelectorTerms"));
            assertThat(r.warnings()).hasSize(3);
        }

        @Test
        @DisplayName("should report unset variables as errors by default")
        void defaultIsError() {
            LoadResult r = new ConfigLoader(Map.of()).load(List.of(EXAMPLES.resolve("gpu-and-default")));
            assertThat(r.warnings()).isEmpty();
            assertThat(lines(r)).anySatisfy(l -> assertThat(l).contains("variable ${CLUSTER_NAME} is not set"));
            assertThat(r.nodeClasses()).isEmpty();
        }
    }

    @Nested
    @DisplayName("error reporting")
    class Errors {
        @Test
        @DisplayName("should format an error exactly as documented")
        void exactFormat() throws IOException {
            LoadResult r = new ConfigLoader(Map.of())
                    .loadSources(List.of(
                            new NamedSource("nodepools.yaml", resource("multi-error/a/nodepools.yaml")),
                            new NamedSource("ec2nodeclass.yaml", resource("multi-error/b/ec2nodeclass.yml"))));
            assertThat(lines(r))
                    .contains(
                            "nodepools.yaml[1] NodePool \"batch\": spec.template.spec.requirements[2].values: operator"
                                    + " Gt needs exactly one non-negative integer");
        }

        @Test
        @DisplayName("should report every invalid object of every file and keep the valid ones")
        void multipleFiles() {
            LoadResult r = new ConfigLoader(Map.of())
                    .load(List.of(RESOURCES.resolve("multi-error/a"), RESOURCES.resolve("multi-error/b")));
            String a = RESOURCES.resolve("multi-error/a/nodepools.yaml").toString();
            String b = RESOURCES.resolve("multi-error/b/ec2nodeclass.yml").toString();
            List<String> fromA = List.of(
                    a + "[1] NodePool \"batch\": spec.template.spec.requirements[2].values: operator Gt needs exactly"
                            + " one non-negative integer",
                    a + "[1] NodePool \"batch\": spec.weight: weight must be within 1..100, got 0");
            List<String> fromB = List.of(
                    b + "[1] EC2NodeClass \"broken\": spec.subnetSelectorTerms: subnetSelectorTerms cannot be empty",
                    b + "[1] EC2NodeClass \"broken\": spec: must specify exactly one of ['role', 'instanceProfile']",
                    b + "[1] EC2NodeClass \"broken\": spec.amiFamily: must specify amiFamily if amiSelectorTerms does"
                            + " not contain an alias");
            String crossObject = a + "[2] NodePool \"gpu\": spec.template.spec.nodeClassRef.name: no EC2NodeClass"
                    + " named \"missing\" is loaded; loaded: default";
            List<String> all = lines(r);
            assertThat(all.subList(0, 2)).containsExactlyInAnyOrderElementsOf(fromA);
            assertThat(all.subList(2, 5)).containsExactlyInAnyOrderElementsOf(fromB);
            assertThat(all.subList(5, all.size())).containsExactly(crossObject);
            assertThat(r.nodePools()).extracting(NodePool::name).containsExactly("general");
            assertThat(r.nodeClasses()).extracting(Ec2NodeClass::name).containsExactly("default");
        }

        @Test
        @DisplayName("should throw every error at once for callers that refuse partial configuration")
        void orThrow() {
            LoadResult r = new ConfigLoader(Map.of())
                    .load(List.of(RESOURCES.resolve("multi-error/a"), RESOURCES.resolve("multi-error/b")));
            assertThatThrownBy(r::orThrow).isInstanceOfSatisfying(InvalidConfigurationException.class, e -> {
                assertThat(e.errors()).hasSize(6);
                assertThat(e.getMessage())
                        .startsWith("6 configuration errors:")
                        .contains("NodePool \"gpu\"")
                        .contains("EC2NodeClass \"broken\"");
            });
            LoadResult valid = new ConfigLoader(Map.of()).load(List.of(EXAMPLES.resolve("general-and-batch")));
            assertThat(valid.orThrow()).isSameAs(valid);
        }

        @Test
        @DisplayName("should report duplicate names and keep the first object")
        void duplicates() {
            LoadResult r = Fixtures.load(nodeClass(), nodePool(), nodePool(), nodeClass());
            assertThat(lines(r))
                    .containsExactly(
                            "test.yaml[2] NodePool \"general\": metadata.name: duplicate NodePool name; also defined in"
                                    + " test.yaml[1]",
                            "test.yaml[3] EC2NodeClass \"default\": metadata.name: duplicate EC2NodeClass name; also"
                                    + " defined in test.yaml[0]");
            assertThat(r.nodePools()).hasSize(1);
            assertThat(r.nodeClasses()).hasSize(1);
        }

        @Test
        @DisplayName("should report a reference to an EC2NodeClass that is not loaded")
        void danglingReference() {
            LoadResult r = Fixtures.load(nodePool());
            assertThat(lines(r))
                    .containsExactly("test.yaml[0] NodePool \"general\": spec.template.spec.nodeClassRef.name: no"
                            + " EC2NodeClass named \"default\" is loaded");
            assertThat(r.nodePools()).isEmpty();
        }
    }

    @Nested
    @DisplayName("dispatch")
    class Dispatch {
        @Test
        @DisplayName("should skip workloads and NodeClaims, listing them")
        void skipped() {
            LoadResult r = Fixtures.load(
                    Fixtures.yaml("{apiVersion: apps/v1, kind: Deployment, metadata: {name: inflate}}"),
                    Fixtures.yaml("{apiVersion: v1, kind: Pod, metadata: {name: p}}"),
                    Fixtures.yaml("{apiVersion: karpenter.sh/v1, kind: NodeClaim, metadata: {name: c}}"));
            assertThat(r.errors()).isEmpty();
            assertThat(r.skipped())
                    .extracting(SkippedDocument::toString)
                    .containsExactly(
                            "test.yaml[0] apps/v1 Deployment \"inflate\"",
                            "test.yaml[1] v1 Pod \"p\"",
                            "test.yaml[2] karpenter.sh/v1 NodeClaim \"c\"");
        }

        @Test
        @DisplayName("should reject Karpenter kinds and versions Fleetwright does not support")
        void unsupported() {
            LoadResult r = Fixtures.load(
                    Fixtures.yaml("{apiVersion: karpenter.sh/v1alpha1, kind: NodeOverlay, metadata: {name: o}}"),
                    with(nodePool(), "apiVersion", "karpenter.sh/v2"));
            assertThat(lines(r))
                    .containsExactly(
                            "test.yaml[0] NodeOverlay \"o\": kind: kind NodeOverlay (karpenter.sh/v1alpha1) is not"
                                    + " supported by Fleetwright",
                            "test.yaml[1] NodePool \"general\": apiVersion: apiVersion karpenter.sh/v2 is not"
                                    + " supported for NodePool; use karpenter.sh/v1");
        }

        @Test
        @DisplayName("should need apiVersion, kind and an object")
        void shape() {
            LoadResult r = Fixtures.load(Fixtures.yaml("{metadata: {name: x}}"), List.of("a", "b"));
            assertThat(lines(r))
                    .containsExactly(
                            "test.yaml[0] \"x\": apiVersion: required",
                            "test.yaml[0] \"x\": kind: required",
                            "test.yaml[1]: a document must be an object with apiVersion and kind, got a list");
        }
    }

    @Nested
    @DisplayName("older API versions")
    class Legacy {
        @Test
        @DisplayName("should convert v1beta1 objects to v1 before decoding")
        void converts() throws IOException {
            LoadResult r = new ConfigLoader(Map.of())
                    .loadSources(List.of(new NamedSource("old.yaml", resource("legacy-v1beta1.yaml"))));
            assertThat(lines(r)).isEmpty();
            NodePool pool = r.nodePool("old").orElseThrow();
            // v1 moved expireAfter into the template and renamed WhenUnderutilized ([A] v1-migration.md).
            assertThat(pool.spec().template().spec().expireAfter().duration()).contains(Duration.ofHours(168));
            assertThat(pool.spec().disruption().consolidationPolicy())
                    .isEqualTo(ConsolidationPolicy.WHEN_EMPTY_OR_UNDERUTILIZED);
            assertThat(pool.nodeClassRef().group()).isEqualTo("karpenter.k8s.aws");
            assertThat(r.nodeClass("old").orElseThrow().amiFamily()).isEqualTo(AmiFamily.AL2023);
        }

        @Test
        @DisplayName("should name the original file and document in errors of converted objects")
        void errorsNameTheOriginal() throws IOException {
            String text =
                    resource("legacy-v1beta1.yaml").replace("spec:\n  template:", "spec:\n  weight: 0\n  template:");
            LoadResult r = new ConfigLoader(Map.of()).loadSources(List.of(new NamedSource("old.yaml", text)));
            assertThat(lines(r))
                    .containsExactly("old.yaml[0] NodePool \"old\": spec.weight: weight must be within 1..100, got 0");
        }

        @Test
        @DisplayName("should point to fleetwright convert when conversion is switched off")
        void unavailable() throws IOException {
            LoadResult r = new ConfigLoader(Map.of(), LegacyConverter.UNAVAILABLE)
                    .loadSources(List.of(new NamedSource("old.yaml", resource("legacy-v1beta1.yaml"))));
            assertThat(lines(r))
                    .containsExactly(
                            "old.yaml[0] NodePool \"old\": apiVersion: apiVersion karpenter.sh/v1beta1 is converted by"
                                    + " fleetwright convert; convert this file and load the karpenter.sh/v1 and"
                                    + " karpenter.k8s.aws/v1 output",
                            "old.yaml[1] EC2NodeClass \"old\": apiVersion: apiVersion karpenter.k8s.aws/v1beta1 is"
                                    + " converted by fleetwright convert; convert this file and load the"
                                    + " karpenter.sh/v1 and karpenter.k8s.aws/v1 output");
        }

        @Test
        @DisplayName("should hand a custom converter every document of the load and decode what it returns")
        void custom() {
            List<SourceDocument> seen = new ArrayList<>();
            LegacyConverter fake = documents -> {
                seen.addAll(documents);
                SourceDocument old = documents.get(0);
                Map<String, Object> v1 = with(nodePool(), "metadata.name", "old");
                return new LegacyConverter.Conversion(
                        List.of(new SourceDocument(old.source(), old.index(), v1, old.line()), documents.get(1)),
                        List.of("old.yaml[0] NodePool \"old\": expireAfter moved to the template"),
                        List.of());
            };
            LoadResult r = new ConfigLoader(Map.of(), fake)
                    .loadDocuments(List.of(
                            new SourceDocument(
                                    "old.yaml",
                                    0,
                                    Fixtures.yaml(
                                            "{apiVersion: karpenter.sh/v1beta1, kind: NodePool, metadata: {name: old}}"),
                                    1),
                            new SourceDocument("old.yaml", 1, nodeClass(), 5)));
            assertThat(seen)
                    .extracting(SourceDocument::apiVersion)
                    .containsExactly("karpenter.sh/v1beta1", "karpenter.k8s.aws/v1");
            assertThat(r.errors()).isEmpty();
            assertThat(r.nodePools()).extracting(NodePool::name).containsExactly("old");
            assertThat(r.warnings()).containsExactly("old.yaml[0] NodePool \"old\": expireAfter moved to the template");
        }

        @Test
        @DisplayName("should not call the converter when every document is v1")
        void notCalled() {
            LegacyConverter failing = documents -> {
                throw new AssertionError("converter called for v1 documents");
            };
            LoadResult r = new ConfigLoader(Map.of(), failing)
                    .loadDocuments(List.of(SourceDocument.of("a.yaml", 0, nodeClass())));
            assertThat(r.nodeClasses()).hasSize(1);
        }
    }

    @Nested
    @DisplayName("files and directories")
    class Files_ {
        @Test
        @DisplayName("should read .yaml and .yml files of a directory in name order and ignore other files")
        void directory(@TempDir Path dir) throws IOException {
            Files.writeString(dir.resolve("b.yml"), Fixtures.VALID_NODE_POOL);
            Files.writeString(dir.resolve("a.yaml"), Fixtures.VALID_NODE_CLASS);
            Files.writeString(dir.resolve("notes.txt"), "kind: NodePool");
            Files.createDirectory(dir.resolve("nested"));
            Files.writeString(dir.resolve("nested/c.yaml"), "this: [is not loaded");
            LoadResult r = new ConfigLoader(Map.of()).load(List.of(dir));
            assertThat(lines(r)).isEmpty();
            assertThat(r.nodePools()).hasSize(1);
            assertThat(r.nodeClasses()).hasSize(1);
        }

        @Test
        @DisplayName("should report a missing path and a directory without YAML, and still load the rest")
        void missing(@TempDir Path dir) throws IOException {
            Path empty = Files.createDirectory(dir.resolve("empty"));
            Path good = dir.resolve("good.yaml");
            Files.writeString(good, Fixtures.VALID_NODE_CLASS);
            LoadResult r = new ConfigLoader(Map.of()).load(List.of(dir.resolve("nope.yaml"), empty, good));
            assertThat(lines(r))
                    .containsExactly(
                            dir.resolve("nope.yaml") + ": no such file or directory",
                            empty + ": directory has no .yaml or .yml files");
            assertThat(r.nodeClasses()).hasSize(1);
        }

        @Test
        @DisplayName("should load several documents per file and count empty ones")
        void multiDocument() {
            String pool = Fixtures.VALID_NODE_POOL.replace("spec:\n  template:", "spec:\n  weight: 0\n  template:");
            String text = "---\n" + Fixtures.VALID_NODE_CLASS + "---\n---\n" + pool + "---\n";
            LoadResult r = new ConfigLoader(Map.of()).loadSources(List.of(new NamedSource("all.yaml", text)));
            assertThat(lines(r))
                    .containsExactly(
                            "all.yaml[2] NodePool \"general\": spec.weight: weight must be within 1..100, got 0");
        }
    }
}
