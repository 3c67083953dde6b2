package dev.fleetwright.core.cloudprovider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The bundled catalog snapshot")
class CatalogSnapshotTest {

    private static final List<String> MAC_TYPES = List.of(
            "mac-m3ultra.metal",
            "mac-m4.metal",
            "mac-m4max.metal",
            "mac-m4pro.metal",
            "mac1.metal",
            "mac2-m1ultra.metal",
            "mac2-m2.metal",
            "mac2-m2pro.metal",
            "mac2.metal");

    private static Optional<Path> source;

    @BeforeAll
    static void locateSource() {
        source = CatalogSnapshotGenerator.findSource();
    }

    private static byte[] sourceBytes() throws IOException {
        assumeTrue(
                source.isPresent(),
                "shared/data/" + CatalogSnapshotGenerator.SOURCE_FILE
                        + " is not beside the repository (nor named by -D" + CatalogSnapshotGenerator.SOURCE_PROPERTY
                        + "); cannot check the snapshot against its source");
        return Files.readAllBytes(source.orElseThrow());
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = InstanceTypeCatalog.class.getResourceAsStream(name)) {
            assertThat(in).as("classpath resource " + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Nested
    @DisplayName("compared with its source")
    class AgainstSource {
        @Test
        @DisplayName("should come from the source file with the recorded sha256")
        void sourceHash() throws IOException {
            assertThat(CatalogSnapshotGenerator.sha256(sourceBytes()))
                    .as("the shared data file changed: regenerate the snapshot (see PROVENANCE.md) and update"
                            + " the hash there and in CatalogSnapshotGenerator")
                    .isEqualTo(CatalogSnapshotGenerator.EXPECTED_SOURCE_SHA256);
        }

        @Test
        @DisplayName("should be exactly what the generator derives from the source")
        void regenerates() throws IOException {
            CatalogSnapshotGenerator.Result result = CatalogSnapshotGenerator.generate(
                    sourceBytes(), "shared/data/" + CatalogSnapshotGenerator.SOURCE_FILE);
            assertThat(result.tsv())
                    .as("the shipped snapshot differs from a fresh generation; regenerate it (see PROVENANCE.md)")
                    .isEqualTo(resource(InstanceTypeCatalog.BUNDLED_RESOURCE));
        }

        @Test
        @DisplayName("should keep 1,345 of 1,354 types, leaving out the 9 mac types, which are also the unpriced ones")
        void counts() throws IOException {
            // The data README documents 1,354 objects, 1,345 priced types, and a null price for the 9 mac* types.
            CatalogSnapshotGenerator.Result result = CatalogSnapshotGenerator.generate(sourceBytes(), "source");
            assertThat(result.sourceTypes()).isEqualTo(1354);
            assertThat(result.excludedNotLinuxNodes()).containsExactlyElementsOf(MAC_TYPES);
            assertThat(result.excludedWithoutPrice()).isEmpty();
            assertThat(result.types()).isEqualTo(1345);
            assertThat(InstanceTypeCatalog.bundled().size()).isEqualTo(1345);
        }

        @Test
        @DisplayName("should give every type the pod capacity the source's maxPods column states")
        void podsMatchSource() throws IOException {
            // maxPods in the source is computed by the data's authors from the vpclimits table, independently of us.
            Map<String, Long> maxPods = new HashMap<>();
            Matcher m = Pattern.compile("\"instanceType\": \"([^\"]+)\".*?\"maxPods\": (\\d+)")
                    .matcher(new String(sourceBytes(), StandardCharsets.UTF_8));
            while (m.find()) {
                maxPods.put(m.group(1), Long.parseLong(m.group(2)));
            }
            assertThat(maxPods).hasSize(1354);
            for (InstanceType it : InstanceTypeCatalog.bundled().resolveAll(NodeOverheadSettings.defaults())) {
                assertThat(it.capacity().pods()).as(it.name()).isEqualTo(maxPods.get(it.name()));
            }
        }
    }

    @Nested
    @DisplayName("metadata and provenance")
    class Provenance {
        @Test
        @DisplayName("should record its source, hash, exclusions and row count")
        void metadata() {
            Map<String, String> metadata = InstanceTypeCatalog.bundled().metadata();
            assertThat(metadata)
                    .containsEntry("format", InstanceTypeCatalog.FORMAT)
                    .containsEntry("region", "us-east-1")
                    .containsEntry("source-sha256", CatalogSnapshotGenerator.EXPECTED_SOURCE_SHA256)
                    .containsEntry("source-types", "1354")
                    .containsEntry("types", "1345")
                    .containsEntry("excluded-no-on-demand-price", "0 []");
            assertThat(metadata.get("excluded-not-linux-node")).startsWith("9 [mac-m3ultra.metal");
        }

        @Test
        @DisplayName("should ship a PROVENANCE.md naming the source hash, the licences and the spot estimate")
        void provenanceFile() throws IOException {
            String provenance = resource("PROVENANCE.md");
            assertThat(provenance)
                    .contains(CatalogSnapshotGenerator.EXPECTED_SOURCE_SHA256)
                    .contains("Apache-2.0")
                    .contains("ESTIMATES")
                    .contains("onDemandPriceUsdPerHour × (1 − spotSavingsPct/100)")
                    .contains("mac")
                    .contains("CatalogSnapshotGenerator");
        }
    }

    @Nested
    @DisplayName("the generator")
    class Generator {
        private static final String M5 = "{\"instanceType\": \"m5.large\", \"family\": \"m5\", \"generation\": 5,"
                + " \"category\": \"m\", \"size\": \"large\", \"currentGeneration\": false, \"vcpu\": 2,"
                + " \"memoryMiB\": 8192, \"arch\": \"amd64\", \"gpuCount\": 0, \"gpuManufacturer\": null,"
                + " \"gpuName\": null, \"gpuMemoryMiB\": null, \"neuronDeviceCount\": 0, \"neuronDeviceName\": null,"
                + " \"maxEnis\": 3, \"maxEnisAllCards\": 3, \"ipv4PerEni\": 10, \"maxPods\": %d, \"branchEnis\": 9,"
                + " \"trunkingCompatible\": true, \"networkPerformance\": \"Up to 10 Gigabit\", \"bareMetal\": false,"
                + " \"hypervisor\": \"nitro\", \"burstable\": false, \"localStorageGB\": 0, \"localStorageType\": null,"
                + " \"localNvmeGiB\": 0, \"supportedCapacityTypes\": [\"on-demand\", \"spot\"],"
                + " \"zones\": [\"us-east-1a\"], \"zoneIds\": [\"use1-az1\"], \"onDemandPriceUsdPerHour\": 0.096,"
                + " \"spotSavingsPct\": 66, \"spotInterruptionFrequency\": \"15-20%%\"%s}";

        private static byte[] json(String... objects) {
            return ("[\n" + String.join(",\n", objects) + "\n]\n").getBytes(StandardCharsets.UTF_8);
        }

        @Test
        @DisplayName("should write a row the catalog loads back unchanged")
        void roundTrip() {
            CatalogSnapshotGenerator.Result result =
                    CatalogSnapshotGenerator.generate(json(String.format(M5, 29, "")), "test");
            InstanceTypeCatalog catalog = InstanceTypeCatalog.load(new java.io.StringReader(result.tsv()), "test");
            InstanceTypeInfo m5 = catalog.get("m5.large");
            assertThat(m5.vcpu()).isEqualTo(2);
            assertThat(m5.onDemandPriceUsdPerHour()).isEqualTo(0.096);
            assertThat(m5.publishedSpotSavingsPct()).isEqualTo(66);
            assertThat(m5.spotInterruptionFrequency()).isEqualTo("15-20%");
            assertThat(m5.zones()).containsExactly("us-east-1a");
            assertThat(m5.gpuName()).isNull();
        }

        @Test
        @DisplayName("should stop at an unknown field rather than drop it")
        void unknownField() {
            assertThatThrownBy(() ->
                            CatalogSnapshotGenerator.generate(json(String.format(M5, 29, ", \"efaCount\": 1")), "test"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("m5.large")
                    .hasMessageContaining("efaCount");
        }

        @Test
        @DisplayName("should stop when maxPods disagrees with the ENI formula")
        void maxPodsMismatch() {
            assertThatThrownBy(() -> CatalogSnapshotGenerator.generate(json(String.format(M5, 30, "")), "test"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("maxPods");
        }
    }
}
