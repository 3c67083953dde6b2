package dev.fleetwright.core.cloudprovider;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * The EC2 instance catalog of one region: immutable {@link InstanceTypeInfo} entries by name, loaded from a
 * tab-separated snapshot. {@link #bundled()} is the us-east-1 snapshot shipped in this module (resource {@value
 * #BUNDLED_RESOURCE}; its PROVENANCE.md names the sources); {@link #load} reads the same format from anywhere, for
 * tests or other regions.
 *
 * <h2>Format ({@value #FORMAT})</h2>
 *
 * UTF-8 text. Lines starting with {@code #} are comments; those of the form {@code # key: value} are metadata, of
 * which {@code format} (must be {@value #FORMAT}) and {@code region} are required and {@code types} (the row count),
 * when present, is checked. The first other line is the header and must list exactly {@link #COLUMNS}, tab-separated.
 * Each further line is one instance type: one cell per column, tab-separated; an empty cell is null (or an empty
 * list); lists are comma-separated; booleans are {@code true}/{@code false}; {@code spotSavingsPct} is the Spot
 * Instance Advisor's figure.
 *
 * <h2>Spot savings of types missing from the Spot Instance Advisor feed</h2>
 *
 * While loading, every type that supports spot but has no published figure gets an estimated one: the median of the
 * published figures of its family, else of its category, else of the whole catalog (the lower median for an even
 * count), recorded in {@link SpotSavings#basis()}. Spot prices are estimates in every case ({@link Offering#priceEstimated()}).
 *
 * <p>Immutable and thread-safe.
 */
public final class InstanceTypeCatalog {

    /** The classpath resource (next to this class) holding the bundled us-east-1 snapshot. */
    public static final String BUNDLED_RESOURCE = "ec2-instance-types-us-east-1.tsv";

    /** The format identifier the {@code # format:} metadata line must carry. */
    public static final String FORMAT = "fleetwright-catalog-tsv/1";

    /** The columns of the snapshot, in order. */
    public static final List<String> COLUMNS = List.of(
            "name",
            "family",
            "size",
            "category",
            "generation",
            "currentGeneration",
            "vcpu",
            "memoryMiB",
            "arch",
            "gpuCount",
            "gpuManufacturer",
            "gpuName",
            "gpuMemoryMiB",
            "neuronDeviceCount",
            "neuronDeviceName",
            "maxEnis",
            "maxEnisAllCards",
            "ipv4PerEni",
            "branchEnis",
            "trunkingCompatible",
            "networkPerformance",
            "bareMetal",
            "hypervisor",
            "burstable",
            "localStorageGB",
            "localStorageType",
            "localNvmeGB",
            "supportedCapacityTypes",
            "zones",
            "zoneIds",
            "onDemandPriceUsdPerHour",
            "spotSavingsPct",
            "spotInterruptionFrequency");

    private final String region;
    private final Map<String, String> metadata;
    private final List<InstanceTypeInfo> all;
    private final Map<String, InstanceTypeInfo> byName;

    private InstanceTypeCatalog(String region, Map<String, String> metadata, List<InstanceTypeInfo> infos) {
        this.region = region;
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        this.all = List.copyOf(infos);
        Map<String, InstanceTypeInfo> map = new HashMap<>(infos.size() * 2);
        for (InstanceTypeInfo info : infos) {
            if (map.put(info.name(), info) != null) {
                throw new IllegalArgumentException("instance type " + info.name() + " appears more than once");
            }
            if (!region.equals(info.region())) {
                throw new IllegalArgumentException("instance type " + info.name() + " is in region " + info.region()
                        + ", not the catalog's region " + region);
            }
        }
        this.byName = Collections.unmodifiableMap(map);
    }

    /**
     * The us-east-1 snapshot shipped with Fleetwright, loaded on first use and then shared.
     *
     * @throws IllegalStateException if the resource is missing or malformed (a build defect)
     */
    public static InstanceTypeCatalog bundled() {
        return Bundled.CATALOG;
    }

    /**
     * A catalog of the given entries, as they are (no spot savings are estimated); for tests and fakes.
     *
     * @param region the region every entry belongs to
     * @param infos the entries, in the order {@link #all()} returns them
     * @throws IllegalArgumentException if a name appears twice or an entry is in another region
     */
    public static InstanceTypeCatalog of(String region, Collection<InstanceTypeInfo> infos) {
        return new InstanceTypeCatalog(region, Map.of("region", region), List.copyOf(infos));
    }

    /**
     * Reads a snapshot in the {@value #FORMAT} format.
     *
     * @param reader the text; read to the end, not closed
     * @param sourceName a name for error messages, for example a file name
     * @return the catalog, with spot savings estimated for spot-capable types missing from the feed
     * @throws IllegalArgumentException naming the source, line and column of the first malformed value
     * @throws UncheckedIOException if reading fails
     */
    public static InstanceTypeCatalog load(Reader reader, String sourceName) {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        Map<String, String> metadata = new LinkedHashMap<>();
        List<InstanceTypeInfo> infos = new ArrayList<>(1400);
        boolean headerSeen = false;
        String region = null;
        int lineNumber = 0;
        try {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                if (line.isEmpty()) {
                    continue;
                }
                if (line.startsWith("#")) {
                    int colon = line.indexOf(':');
                    if (!headerSeen && colon > 1) {
                        metadata.put(
                                line.substring(1, colon).strip(),
                                line.substring(colon + 1).strip());
                    }
                    continue;
                }
                if (!headerSeen) {
                    if (!FORMAT.equals(metadata.get("format"))) {
                        throw new IllegalArgumentException(sourceName + ": the metadata line \"# format: " + FORMAT
                                + "\" must come before the header, got format " + metadata.get("format"));
                    }
                    region = metadata.get("region");
                    if (region == null || region.isBlank()) {
                        throw new IllegalArgumentException(
                                sourceName + ": the metadata line \"# region: <region>\" is missing");
                    }
                    List<String> header = Arrays.asList(line.split("\t", -1));
                    if (!header.equals(COLUMNS)) {
                        throw new IllegalArgumentException(sourceName + " line " + lineNumber
                                + ": the header must be the columns " + COLUMNS + ", got " + header);
                    }
                    headerSeen = true;
                    continue;
                }
                infos.add(new Row(sourceName, lineNumber, line).toInfo(region));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(sourceName + ": cannot read the catalog", e);
        }
        if (!headerSeen) {
            throw new IllegalArgumentException(sourceName + ": no header line; the catalog is empty or truncated");
        }
        String declared = metadata.get("types");
        if (declared != null && !declared.equals(Integer.toString(infos.size()))) {
            throw new IllegalArgumentException(sourceName + ": the metadata declares " + declared
                    + " types but there are " + infos.size() + " rows; the file is truncated or edited");
        }
        return new InstanceTypeCatalog(region, metadata, estimateMissingSpotSavings(infos));
    }

    /** The region of every entry, for example {@code us-east-1}. */
    public String region() {
        return region;
    }

    /** The snapshot's {@code # key: value} metadata lines, in file order (only {@code region} for {@link #of}). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Every entry, in file order (the bundled snapshot is sorted by name). */
    public List<InstanceTypeInfo> all() {
        return all;
    }

    /** The number of entries. */
    public int size() {
        return all.size();
    }

    /** The entry of an instance type, if the catalog has it. */
    public Optional<InstanceTypeInfo> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * The entry of an instance type.
     *
     * @throws NoSuchElementException naming the type if the catalog does not have it
     */
    public InstanceTypeInfo get(String name) {
        InstanceTypeInfo info = byName.get(name);
        if (info == null) {
            throw new NoSuchElementException("instance type " + name + " is not in the " + region + " catalog");
        }
        return info;
    }

    /**
     * Every entry resolved for an EC2NodeClass's settings ({@link InstanceTypes#resolveAll}).
     *
     * @throws IllegalArgumentException naming the kubelet field when a setting is invalid
     */
    public List<InstanceType> resolveAll(NodeOverheadSettings settings) {
        return InstanceTypes.resolveAll(all, settings);
    }

    @Override
    public String toString() {
        return "InstanceTypeCatalog[" + region + ", " + all.size() + " types]";
    }

    private static List<InstanceTypeInfo> estimateMissingSpotSavings(List<InstanceTypeInfo> infos) {
        Map<String, List<Integer>> byFamily = new HashMap<>();
        Map<String, List<Integer>> byCategory = new HashMap<>();
        List<Integer> catalog = new ArrayList<>();
        for (InstanceTypeInfo info : infos) {
            Integer published = info.publishedSpotSavingsPct();
            if (published != null) {
                byFamily.computeIfAbsent(info.family(), k -> new ArrayList<>()).add(published);
                if (info.category() != null) {
                    byCategory
                            .computeIfAbsent(info.category(), k -> new ArrayList<>())
                            .add(published);
                }
                catalog.add(published);
            }
        }
        List<InstanceTypeInfo> out = new ArrayList<>(infos.size());
        for (InstanceTypeInfo info : infos) {
            if (info.spotSavings() != null || !info.supports(CapacityType.SPOT)) {
                out.add(info);
                continue;
            }
            List<Integer> family = byFamily.get(info.family());
            List<Integer> category = info.category() == null ? null : byCategory.get(info.category());
            SpotSavings estimate;
            if (family != null) {
                estimate = new SpotSavings(lowerMedian(family), SpotSavings.Basis.FAMILY_MEDIAN);
            } else if (category != null) {
                estimate = new SpotSavings(lowerMedian(category), SpotSavings.Basis.CATEGORY_MEDIAN);
            } else if (!catalog.isEmpty()) {
                estimate = new SpotSavings(lowerMedian(catalog), SpotSavings.Basis.CATALOG_MEDIAN);
            } else {
                estimate = null;
            }
            out.add(estimate == null ? info : info.withSpotSavings(estimate));
        }
        return out;
    }

    private static int lowerMedian(List<Integer> values) {
        List<Integer> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get((sorted.size() - 1) / 2);
    }

    /** One data line, split into cells, with parsers that name the line and column on error. */
    private static final class Row {
        private final String source;
        private final int line;
        private final String[] cells;

        Row(String source, int line, String text) {
            this.source = source;
            this.line = line;
            this.cells = text.split("\t", -1);
            if (cells.length != COLUMNS.size()) {
                throw new IllegalArgumentException(source + " line " + line + ": expected " + COLUMNS.size()
                        + " tab-separated cells, got " + cells.length);
            }
        }

        InstanceTypeInfo toInfo(String region) {
            String name = text(0);
            try {
                Integer spotSavingsPct = optionalInt(31);
                return new InstanceTypeInfo(
                        name,
                        required(1),
                        required(2),
                        text(3),
                        optionalInt(4),
                        bool(5),
                        integer(6),
                        longValue(7),
                        required(8),
                        integer(9),
                        text(10),
                        text(11),
                        optionalLong(12),
                        integer(13),
                        text(14),
                        integer(15),
                        integer(16),
                        integer(17),
                        integer(18),
                        bool(19),
                        required(20),
                        bool(21),
                        text(22),
                        bool(23),
                        longValue(24),
                        text(25),
                        longValue(26),
                        capacityTypes(27),
                        list(28),
                        list(29),
                        price(30),
                        spotSavingsPct == null ? null : SpotSavings.advisor(spotSavingsPct),
                        text(32),
                        region);
            } catch (IllegalArgumentException | NullPointerException e) {
                if (e.getMessage() != null && e.getMessage().startsWith(source + " line ")) {
                    throw e;
                }
                throw new IllegalArgumentException(source + " line " + line + ": " + e.getMessage(), e);
            }
        }

        private String text(int column) {
            String cell = cells[column];
            return cell.isEmpty() ? null : cell;
        }

        private String required(int column) {
            String cell = text(column);
            if (cell == null) {
                throw error(column, "a value is required");
            }
            return cell;
        }

        private int integer(int column) {
            try {
                return Integer.parseInt(required(column));
            } catch (NumberFormatException e) {
                throw error(column, "expected an integer, got \"" + cells[column] + "\"");
            }
        }

        private Integer optionalInt(int column) {
            return cells[column].isEmpty() ? null : integer(column);
        }

        private long longValue(int column) {
            try {
                return Long.parseLong(required(column));
            } catch (NumberFormatException e) {
                throw error(column, "expected an integer, got \"" + cells[column] + "\"");
            }
        }

        private Long optionalLong(int column) {
            return cells[column].isEmpty() ? null : longValue(column);
        }

        private boolean bool(int column) {
            return switch (required(column)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw error(column, "expected true or false, got \"" + cells[column] + "\"");
            };
        }

        private double price(int column) {
            try {
                return Double.parseDouble(required(column));
            } catch (NumberFormatException e) {
                throw error(column, "expected a price in USD per hour, got \"" + cells[column] + "\"");
            }
        }

        private List<String> list(int column) {
            return cells[column].isEmpty() ? List.of() : List.of(cells[column].split(",", -1));
        }

        private Set<CapacityType> capacityTypes(int column) {
            Set<CapacityType> types = EnumSet.noneOf(CapacityType.class);
            for (String value : list(column)) {
                try {
                    types.add(CapacityType.fromLabelValue(value));
                } catch (IllegalArgumentException e) {
                    throw error(column, e.getMessage());
                }
            }
            return types;
        }

        private IllegalArgumentException error(int column, String message) {
            return new IllegalArgumentException(
                    source + " line " + line + ", column " + COLUMNS.get(column) + ": " + message);
        }
    }

    private static final class Bundled {
        static final InstanceTypeCatalog CATALOG = loadBundled();

        private static InstanceTypeCatalog loadBundled() {
            InputStream stream = InstanceTypeCatalog.class.getResourceAsStream(BUNDLED_RESOURCE);
            if (stream == null) {
                throw new IllegalStateException("the bundled catalog resource " + BUNDLED_RESOURCE
                        + " is missing from the classpath next to " + InstanceTypeCatalog.class.getName());
            }
            try (Reader reader = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
                return load(reader, BUNDLED_RESOURCE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the bundled catalog " + BUNDLED_RESOURCE, e);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("the bundled catalog is malformed: " + e.getMessage(), e);
            }
        }
    }
}
