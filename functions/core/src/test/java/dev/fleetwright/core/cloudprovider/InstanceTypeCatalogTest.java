package dev.fleetwright.core.cloudprovider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("InstanceTypeCatalog")
class InstanceTypeCatalogTest {

    private static final InstanceTypeCatalog BUNDLED = InstanceTypeCatalog.bundled();

    /** A snapshot with a header and rows; each row overrides cells of an m5.large-like default row. */
    private static String tsv(List<Map<String, String>> rows, String... extraMetadata) {
        StringBuilder sb = new StringBuilder("# format: " + InstanceTypeCatalog.FORMAT + "\n# region: us-east-1\n");
        for (String line : extraMetadata) {
            sb.append(line).append('\n');
        }
        sb.append(String.join("\t", InstanceTypeCatalog.COLUMNS)).append('\n');
        for (Map<String, String> overrides : rows) {
            List<String> cells = new ArrayList<>();
            for (String column : InstanceTypeCatalog.COLUMNS) {
                cells.add(overrides.getOrDefault(
                        column, defaultCell(column, overrides.getOrDefault("name", "m5.large"))));
            }
            sb.append(String.join("\t", cells)).append('\n');
        }
        return sb.toString();
    }

    private static String defaultCell(String column, String name) {
        return switch (column) {
            case "name" -> name;
            case "family" -> name.substring(0, name.indexOf('.'));
            case "size" -> name.substring(name.indexOf('.') + 1);
            case "category" -> name.replaceAll("^([a-z]+).*", "$1");
            case "generation" -> "5";
            case "currentGeneration", "trunkingCompatible", "bareMetal", "burstable" -> "false";
            case "vcpu" -> "2";
            case "memoryMiB" -> "8192";
            case "arch" -> "amd64";
            case "gpuCount", "neuronDeviceCount", "branchEnis", "localStorageGB", "localNvmeGB" -> "0";
            case "maxEnis", "maxEnisAllCards" -> "3";
            case "ipv4PerEni" -> "10";
            case "networkPerformance" -> "Up to 10 Gigabit";
            case "hypervisor" -> "nitro";
            case "supportedCapacityTypes" -> "on-demand,spot";
            case "zones" -> "us-east-1a";
            case "onDemandPriceUsdPerHour" -> "0.1";
            default -> "";
        };
    }

    private static InstanceTypeCatalog load(String text) {
        return InstanceTypeCatalog.load(new StringReader(text), "test.tsv");
    }

    @Nested
    @DisplayName("the bundled us-east-1 snapshot")
    class Bundled {
        @Test
        @DisplayName("should hold 1,345 types of us-east-1, sorted by name, each with an on-demand price")
        void contents() {
            assertThat(BUNDLED.region()).isEqualTo("us-east-1");
            assertThat(BUNDLED.size()).isEqualTo(1345);
            assertThat(BUNDLED.all()).isSortedAccordingTo(Comparator.comparing(InstanceTypeInfo::name));
            assertThat(BUNDLED.all()).allSatisfy(info -> {
                assertThat(info.onDemandPriceUsdPerHour()).isPositive();
                assertThat(info.name()).doesNotStartWith("mac");
                assertThat(info.region()).isEqualTo("us-east-1");
            });
        }

        @Test
        @DisplayName("should be loaded once")
        void shared() {
            assertThat(InstanceTypeCatalog.bundled()).isSameAs(BUNDLED);
        }

        @Test
        @DisplayName("should describe m5.large as the data README does")
        void m5Large() {
            InstanceTypeInfo m5 = BUNDLED.get("m5.large");
            assertThat(m5.vcpu()).isEqualTo(2);
            assertThat(m5.memoryMiB()).isEqualTo(8192);
            assertThat(m5.arch()).isEqualTo("amd64");
            assertThat(m5.maxEnis()).isEqualTo(3);
            assertThat(m5.ipv4PerEni()).isEqualTo(10);
            assertThat(m5.onDemandPriceUsdPerHour()).isEqualTo(0.096);
            assertThat(m5.supportedCapacityTypes())
                    .containsExactlyInAnyOrder(CapacityType.ON_DEMAND, CapacityType.SPOT);
            assertThat(m5.spotSavings()).isEqualTo(SpotSavings.advisor(66));
            assertThat(m5.spotInterruptionFrequency()).isEqualTo("15-20%");
            assertThat(m5.hypervisor()).isEqualTo("nitro");
            assertThat(m5.zones())
                    .containsExactly("us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1f");
        }

        @Test
        @DisplayName("should find known types and report unknown ones by name")
        void lookup() {
            assertThat(BUNDLED.find("g4dn.12xlarge")).isPresent();
            assertThat(BUNDLED.find("mac1.metal")).isEmpty();
            assertThatThrownBy(() -> BUNDLED.get("m5.huge"))
                    .isInstanceOf(NoSuchElementException.class)
                    .hasMessageContaining("m5.huge");
            assertThatThrownBy(() -> BUNDLED.all().clear()).isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        @DisplayName("should estimate spot savings for the 437 spot types missing from the advisor feed")
        void spotSavingsBases() {
            // From the source data: 883 types have a published figure; of the 437 spot types without one, 3 have
            // published family members (f2.6xlarge, i8g.metal-48xl, p5.4xlarge) and 434 fall back to their category;
            // the 25 on-demand-only types get none.
            Map<Object, Long> byBasis = BUNDLED.all().stream()
                    .collect(Collectors.groupingBy(
                            info -> info.spotSavings() == null
                                    ? "none"
                                    : info.spotSavings().basis(),
                            Collectors.counting()));
            assertThat(byBasis)
                    .containsEntry(SpotSavings.Basis.SPOT_ADVISOR, 883L)
                    .containsEntry(SpotSavings.Basis.FAMILY_MEDIAN, 3L)
                    .containsEntry(SpotSavings.Basis.CATEGORY_MEDIAN, 434L)
                    .containsEntry("none", 25L)
                    .doesNotContainKey(SpotSavings.Basis.CATALOG_MEDIAN);
            // p5.4xlarge's only published family member is at 52%; f2's are 69 and 74 (lower median 69).
            assertThat(BUNDLED.get("p5.4xlarge").spotSavings())
                    .isEqualTo(new SpotSavings(52, SpotSavings.Basis.FAMILY_MEDIAN));
            assertThat(BUNDLED.get("f2.6xlarge").spotSavings())
                    .isEqualTo(new SpotSavings(69, SpotSavings.Basis.FAMILY_MEDIAN));
            assertThat(BUNDLED.get("f2.6xlarge").publishedSpotSavingsPct()).isNull();
        }
    }

    @Nested
    @DisplayName("loading from a reader")
    class Loading {
        @Test
        @DisplayName("should estimate missing spot savings from the family, then the category, then the catalog")
        void fallbacks() {
            InstanceTypeCatalog catalog = load(tsv(List.of(
                    Map.of("name", "m5.large", "spotSavingsPct", "60"),
                    Map.of("name", "m5.xlarge", "spotSavingsPct", "70"),
                    Map.of("name", "m5.2xlarge"),
                    Map.of("name", "m6i.large"),
                    Map.of("name", "c5.large", "spotSavingsPct", "40"),
                    Map.of("name", "r9.large"),
                    Map.of("name", "t3.large", "supportedCapacityTypes", "on-demand"))));
            // lower median of {60, 70} is 60
            assertThat(catalog.get("m5.2xlarge").spotSavings())
                    .isEqualTo(new SpotSavings(60, SpotSavings.Basis.FAMILY_MEDIAN));
            // category m: {60, 70} → 60
            assertThat(catalog.get("m6i.large").spotSavings())
                    .isEqualTo(new SpotSavings(60, SpotSavings.Basis.CATEGORY_MEDIAN));
            // catalog: {40, 60, 70} → 60
            assertThat(catalog.get("r9.large").spotSavings())
                    .isEqualTo(new SpotSavings(60, SpotSavings.Basis.CATALOG_MEDIAN));
            assertThat(catalog.get("t3.large").spotSavings()).isNull();
            assertThat(catalog.get("c5.large").spotSavings()).isEqualTo(SpotSavings.advisor(40));
        }

        @Test
        @DisplayName("should read nulls, lists and booleans")
        void cells() {
            InstanceTypeInfo info = load(tsv(List.of(Map.of(
                            "name", "g4dn.xlarge",
                            "gpuCount", "1",
                            "gpuManufacturer", "NVIDIA",
                            "gpuName", "T4",
                            "gpuMemoryMiB", "16384",
                            "zones", "us-east-1b,us-east-1a",
                            "trunkingCompatible", "true",
                            "hypervisor", ""))))
                    .get("g4dn.xlarge");
            assertThat(info.gpuName()).isEqualTo("T4");
            assertThat(info.gpuMemoryMiB()).isEqualTo(16384L);
            assertThat(info.zones()).containsExactly("us-east-1a", "us-east-1b");
            assertThat(info.trunkingCompatible()).isTrue();
            assertThat(info.hypervisor()).isNull();
            assertThat(info.neuronDeviceName()).isNull();
        }

        @Test
        @DisplayName("should name the line and column of a malformed cell")
        void badCell() {
            assertThatThrownBy(() -> load(tsv(List.of(Map.of("name", "m5.large", "vcpu", "two")))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("test.tsv line 4, column vcpu")
                    .hasMessageContaining("two");
            assertThatThrownBy(
                            () -> load(tsv(List.of(Map.of("name", "m5.large", "supportedCapacityTypes", "dedicated")))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("column supportedCapacityTypes");
            assertThatThrownBy(() -> load(tsv(List.of(Map.of("name", "m5.large", "arch", "x86_64")))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("line 4")
                    .hasMessageContaining("arch");
        }

        @Test
        @DisplayName("should reject a missing format, a wrong header, a short row, duplicates and a wrong row count")
        void badFile() {
            assertThatThrownBy(() -> load(tsv(List.of()).replace("# format: ", "# formats: ")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("format");
            assertThatThrownBy(() -> load(tsv(List.of()).replace("memoryMiB", "memoryMB")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("header");
            assertThatThrownBy(() -> load(tsv(List.of()) + "m5.large\tm5\n"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expected 33 tab-separated cells, got 2");
            assertThatThrownBy(() -> load(tsv(List.of(Map.of("name", "m5.large"), Map.of("name", "m5.large")))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("more than once");
            assertThatThrownBy(() -> load(tsv(List.of(Map.of("name", "m5.large")), "# types: 2")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("declares 2 types but there are 1 rows");
            assertThatThrownBy(() -> load("# format: " + InstanceTypeCatalog.FORMAT + "\n# region: us-east-1\n"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no header");
        }
    }

    @Nested
    @DisplayName("InstanceTypeInfo")
    class Info {
        @Test
        @DisplayName("should reject a family and size that are not the parts of the name")
        void nameParts() {
            assertThatThrownBy(() -> load(tsv(List.of(Map.of("name", "m5.large", "family", "m6")))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("family \"m6\"");
        }

        @Test
        @DisplayName("should reject non-positive vCPU or memory and negative counts, naming the field")
        void ranges() {
            assertThatThrownBy(() ->
                            InstanceTypeInfoBuilder.anInstanceType().vcpu(0).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("vcpu");
            assertThatThrownBy(() -> InstanceTypeInfoBuilder.anInstanceType()
                            .enis(-1, 10)
                            .build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("maxEnis");
            assertThatThrownBy(() -> InstanceTypeInfoBuilder.anInstanceType()
                            .onDemandPrice(Double.NaN)
                            .build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("onDemandPriceUsdPerHour");
        }

        @Test
        @DisplayName("should build a catalog of given entries for tests, rejecting other regions")
        void of() {
            InstanceTypeInfo info = InstanceTypeInfoBuilder.anInstanceType().build();
            assertThat(InstanceTypeCatalog.of("us-east-1", List.of(info)).get("m5.large"))
                    .isSameAs(info);
            assertThatThrownBy(() -> InstanceTypeCatalog.of("eu-west-1", List.of(info)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("eu-west-1");
        }
    }
}
