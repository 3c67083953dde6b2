package dev.fleetwright.core.cloudprovider;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Derives the bundled catalog snapshot ({@value InstanceTypeCatalog#BUNDLED_RESOURCE}, format {@value
 * InstanceTypeCatalog#FORMAT}) from the project's shared data file {@code shared/data/ec2-instance-types-us-east-1.json}.
 * Deterministic: the same source bytes always give the same snapshot bytes, which {@code CatalogSnapshotTest} checks.
 *
 * <p>Derivation: every object becomes one row, sorted by name; fields are copied unchanged (numbers as written in the
 * source, {@code localNvmeGiB} renamed {@code localNvmeGB} because the source documents the unit as GB), except that
 * {@code maxPods} is dropped after checking it equals {@code maxEnis × (ipv4PerEni − 1) + 2} (Fleetwright computes pod
 * capacity itself). Excluded: {@code mac*} types (macOS-only Dedicated Hosts, never Linux Kubernetes nodes) and types
 * without an on-demand price. Any unknown field, missing field or value of the wrong type stops the generator.
 *
 * <p>Run from the repository root (needs a JDK ≥ 21, which {@code ./mvnw} selects):
 *
 * <pre>
 * ./mvnw -q -B -pl functions/core test-compile exec:java \
 *   -Dexec.mainClass=dev.fleetwright.core.cloudprovider.CatalogSnapshotGenerator -Dexec.classpathScope=test \
 *   -Dexec.args="../shared/data/ec2-instance-types-us-east-1.json functions/core/src/main/resources/dev/fleetwright/core/cloudprovider/ec2-instance-types-us-east-1.tsv"
 * </pre>
 */
public final class CatalogSnapshotGenerator {

    /** The file name of the source in {@code shared/data}. */
    public static final String SOURCE_FILE = "ec2-instance-types-us-east-1.json";

    /** The sha256 of the source the bundled snapshot was generated from. */
    public static final String EXPECTED_SOURCE_SHA256 =
            "5f684b606a36034d00577e0a2c2e348e9bbfddceaa49ae30e1f1e03dd630011d";

    /** The region of the source. */
    public static final String REGION = "us-east-1";

    /** System property that points at the source file, overriding the search for {@code shared/data}. */
    public static final String SOURCE_PROPERTY = "fleetwright.catalog.source";

    private static final Set<String> CAPACITY_TYPES = Set.of("on-demand", "spot");

    private CatalogSnapshotGenerator() {}

    /**
     * What one generation produced.
     *
     * @param tsv the snapshot text
     * @param sourceTypes the number of objects in the source
     * @param excludedNotLinuxNodes the {@code mac*} types left out, sorted
     * @param excludedWithoutPrice the other types left out for lack of an on-demand price, sorted
     * @param types the number of rows written
     */
    public record Result(
            String tsv,
            int sourceTypes,
            List<String> excludedNotLinuxNodes,
            List<String> excludedWithoutPrice,
            int types) {}

    /**
     * Generates the snapshot from the source bytes.
     *
     * @param source the JSON source, UTF-8
     * @param sourceLabel how the snapshot names its source (a path relative to the repository's parent)
     * @throws IllegalArgumentException naming the object and field when the source is not as documented
     */
    public static Result generate(byte[] source, String sourceLabel) {
        Object parsed = new Json(new String(source, StandardCharsets.UTF_8)).parseDocument();
        if (!(parsed instanceof List<?> objects)) {
            throw new IllegalArgumentException("the source must be a JSON array of objects");
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> excludedMac = new ArrayList<>();
        List<String> excludedNoPrice = new ArrayList<>();
        for (Object o : objects) {
            if (!(o instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException("every element of the source array must be an object");
            }
            @SuppressWarnings("unchecked") // Json only produces String keys
            Map<String, Object> object = (Map<String, Object>) map;
            String name = string(object, "?", "instanceType", false);
            checkFields(name, object);
            if (name.startsWith("mac")) {
                excludedMac.add(name);
            } else if (object.get("onDemandPriceUsdPerHour") == null) {
                excludedNoPrice.add(name);
            } else {
                rows.add(object);
            }
        }
        rows.sort(Comparator.comparing(r -> (String) r.get("instanceType")));
        excludedMac.sort(null);
        excludedNoPrice.sort(null);

        StringBuilder out = new StringBuilder(rows.size() * 320);
        out.append("# Fleetwright EC2 instance catalog snapshot, generated by ")
                .append(CatalogSnapshotGenerator.class.getName())
                .append(" - do not edit\n");
        out.append("# see PROVENANCE.md beside this file for sources, licences and the derivation\n");
        meta(out, "format", InstanceTypeCatalog.FORMAT);
        meta(out, "region", REGION);
        meta(out, "source", sourceLabel);
        meta(out, "source-sha256", sha256(source));
        meta(out, "source-types", Integer.toString(objects.size()));
        meta(out, "excluded-not-linux-node", excludedMac.size() + " " + excludedMac);
        meta(out, "excluded-no-on-demand-price", excludedNoPrice.size() + " " + excludedNoPrice);
        meta(out, "types", Integer.toString(rows.size()));
        meta(out, "spot-prices", "ESTIMATES = onDemandPriceUsdPerHour x (1 - spotSavingsPct/100)");
        out.append(String.join("\t", InstanceTypeCatalog.COLUMNS)).append('\n');
        for (Map<String, Object> row : rows) {
            String name = (String) row.get("instanceType");
            List<String> cells = List.of(
                    name,
                    string(row, name, "family", false),
                    string(row, name, "size", false),
                    string(row, name, "category", true),
                    integer(row, name, "generation", true),
                    bool(row, name, "currentGeneration"),
                    integer(row, name, "vcpu", false),
                    integer(row, name, "memoryMiB", false),
                    string(row, name, "arch", false),
                    integer(row, name, "gpuCount", false),
                    string(row, name, "gpuManufacturer", true),
                    string(row, name, "gpuName", true),
                    integer(row, name, "gpuMemoryMiB", true),
                    integer(row, name, "neuronDeviceCount", false),
                    string(row, name, "neuronDeviceName", true),
                    integer(row, name, "maxEnis", false),
                    integer(row, name, "maxEnisAllCards", false),
                    integer(row, name, "ipv4PerEni", false),
                    integer(row, name, "branchEnis", false),
                    bool(row, name, "trunkingCompatible"),
                    string(row, name, "networkPerformance", false),
                    bool(row, name, "bareMetal"),
                    string(row, name, "hypervisor", true),
                    bool(row, name, "burstable"),
                    integer(row, name, "localStorageGB", false),
                    string(row, name, "localStorageType", true),
                    integer(row, name, "localNvmeGiB", false),
                    capacityTypes(row, name),
                    list(row, name, "zones"),
                    list(row, name, "zoneIds"),
                    price(row, name),
                    integer(row, name, "spotSavingsPct", true),
                    string(row, name, "spotInterruptionFrequency", true));
            checkMaxPods(row, name);
            out.append(String.join("\t", cells)).append('\n');
        }
        return new Result(
                out.toString(), objects.size(), List.copyOf(excludedMac), List.copyOf(excludedNoPrice), rows.size());
    }

    /**
     * The source file: the {@value #SOURCE_PROPERTY} system property if set, else {@code shared/data/}{@value
     * #SOURCE_FILE} in the working directory or the nearest ancestor that has it (the repository is cloned with {@code
     * shared/} beside it).
     */
    public static Optional<Path> findSource() {
        String property = System.getProperty(SOURCE_PROPERTY);
        if (property != null && !property.isBlank()) {
            Path path = Path.of(property);
            return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("data").resolve(SOURCE_FILE);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The lower-case hex sha256 of the bytes. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK must provide SHA-256", e);
        }
    }

    /**
     * Writes the snapshot.
     *
     * @param args the source JSON path and the snapshot path to write
     * @throws IOException if reading or writing fails
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: CatalogSnapshotGenerator <source.json> <snapshot.tsv>");
            System.exit(2);
            return;
        }
        Result result = generate(Files.readAllBytes(Path.of(args[0])), "shared/data/" + SOURCE_FILE);
        Files.writeString(Path.of(args[1]), result.tsv(), StandardCharsets.UTF_8);
        System.out.println("wrote " + result.types() + " types of " + result.sourceTypes() + " to " + args[1]
                + "; excluded " + result.excludedNotLinuxNodes().size() + " mac* " + result.excludedNotLinuxNodes()
                + " and " + result.excludedWithoutPrice().size() + " without an on-demand price "
                + result.excludedWithoutPrice());
    }

    private static final Set<String> FIELDS = Set.of(
            "instanceType",
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
            "maxPods",
            "branchEnis",
            "trunkingCompatible",
            "networkPerformance",
            "bareMetal",
            "hypervisor",
            "burstable",
            "localStorageGB",
            "localStorageType",
            "localNvmeGiB",
            "supportedCapacityTypes",
            "zones",
            "zoneIds",
            "onDemandPriceUsdPerHour",
            "spotSavingsPct",
            "spotInterruptionFrequency");

    private static void checkFields(String name, Map<String, Object> object) {
        if (!object.keySet().equals(FIELDS)) {
            TreeSet<String> unknown = new TreeSet<>(object.keySet());
            unknown.removeAll(FIELDS);
            TreeSet<String> missing = new TreeSet<>(FIELDS);
            missing.removeAll(object.keySet());
            throw new IllegalArgumentException(
                    name + ": unknown fields " + unknown + ", missing fields " + missing + "; update the generator");
        }
    }

    private static void checkMaxPods(Map<String, Object> row, String name) {
        long maxEnis = Long.parseLong(integer(row, name, "maxEnis", false));
        long ipv4 = Long.parseLong(integer(row, name, "ipv4PerEni", false));
        long maxPods = Long.parseLong(integer(row, name, "maxPods", false));
        if (maxPods != maxEnis * (ipv4 - 1) + 2) {
            throw new IllegalArgumentException(
                    name + ": maxPods " + maxPods + " is not maxEnis × (ipv4PerEni − 1) + 2");
        }
    }

    private static void meta(StringBuilder out, String key, String value) {
        out.append("# ").append(key).append(": ").append(value).append('\n');
    }

    private static String string(Map<String, Object> row, String name, String field, boolean nullable) {
        Object v = row.get(field);
        if (v == null && nullable) {
            return "";
        }
        if (!(v instanceof String s) || s.isEmpty()) {
            throw new IllegalArgumentException(
                    name + ": " + field + " must be a non-empty string" + (nullable ? " or null" : "") + ", got " + v);
        }
        return cell(name, field, s);
    }

    private static String integer(Map<String, Object> row, String name, String field, boolean nullable) {
        Object v = row.get(field);
        if (v == null && nullable) {
            return "";
        }
        if (v instanceof Json.Number n) {
            try {
                return Long.toString(Long.parseLong(n.text()));
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException(
                name + ": " + field + " must be an integer" + (nullable ? " or null" : "") + ", got " + v);
    }

    private static String bool(Map<String, Object> row, String name, String field) {
        Object v = row.get(field);
        if (!(v instanceof Boolean b)) {
            throw new IllegalArgumentException(name + ": " + field + " must be true or false, got " + v);
        }
        return b.toString();
    }

    private static String price(Map<String, Object> row, String name) {
        Object v = row.get("onDemandPriceUsdPerHour");
        if (v instanceof Json.Number n) {
            double price = Double.parseDouble(n.text());
            if (Double.isFinite(price) && price >= 0 && n.text().matches("[0-9]+(\\.[0-9]+)?")) {
                return n.text();
            }
        }
        throw new IllegalArgumentException(
                name + ": onDemandPriceUsdPerHour must be a plain non-negative decimal number, got " + v);
    }

    private static String list(Map<String, Object> row, String name, String field) {
        Object v = row.get(field);
        if (!(v instanceof List<?> values)) {
            throw new IllegalArgumentException(name + ": " + field + " must be an array of strings, got " + v);
        }
        List<String> cells = new ArrayList<>(values.size());
        for (Object value : values) {
            if (!(value instanceof String s) || s.isEmpty() || s.contains(",")) {
                throw new IllegalArgumentException(
                        name + ": " + field + " must hold non-empty strings without commas, got " + value);
            }
            cells.add(cell(name, field, s));
        }
        return String.join(",", cells);
    }

    private static String capacityTypes(Map<String, Object> row, String name) {
        String cell = list(row, name, "supportedCapacityTypes");
        for (String value : cell.isEmpty() ? new String[0] : cell.split(",")) {
            if (!CAPACITY_TYPES.contains(value)) {
                throw new IllegalArgumentException(
                        name + ": supportedCapacityTypes may hold on-demand and spot only, got " + value);
            }
        }
        return cell;
    }

    private static String cell(String name, String field, String value) {
        if (value.indexOf('\t') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException(name + ": " + field + " contains a tab or line break: " + value);
        }
        return value;
    }

    /**
     * A minimal JSON reader for the source (core has no JSON library): objects become insertion-ordered maps, arrays
     * lists, numbers {@link Number} holding their exact text, plus strings, booleans and null.
     */
    static final class Json {
        /** A JSON number, kept as written so that prices are copied digit for digit. */
        record Number(String text) {
            @Override
            public String toString() {
                return text;
            }
        }

        private final String s;
        private int i;

        Json(String s) {
            this.s = s;
        }

        Object parseDocument() {
            Object value = value();
            skipBlanks();
            if (i != s.length()) {
                throw error("unexpected text after the document");
            }
            return value;
        }

        private Object value() {
            skipBlanks();
            if (i >= s.length()) {
                throw error("unexpected end of input");
            }
            char c = s.charAt(i);
            return switch (c) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> number();
            };
        }

        private Map<String, Object> object() {
            Map<String, Object> map = new LinkedHashMap<>();
            i++;
            skipBlanks();
            if (peek() == '}') {
                i++;
                return map;
            }
            while (true) {
                skipBlanks();
                if (peek() != '"') {
                    throw error("expected a field name");
                }
                String key = string();
                skipBlanks();
                expect(':');
                if (map.containsKey(key)) {
                    throw error("duplicate field " + key);
                }
                map.put(key, value());
                skipBlanks();
                if (peek() == ',') {
                    i++;
                } else {
                    expect('}');
                    return map;
                }
            }
        }

        private List<Object> array() {
            List<Object> list = new ArrayList<>();
            i++;
            skipBlanks();
            if (peek() == ']') {
                i++;
                return list;
            }
            while (true) {
                list.add(value());
                skipBlanks();
                if (peek() == ',') {
                    i++;
                } else {
                    expect(']');
                    return list;
                }
            }
        }

        private String string() {
            StringBuilder sb = new StringBuilder();
            i++;
            while (true) {
                if (i >= s.length()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> throw error("bad escape \\" + e);
                }
            }
        }

        private Number number() {
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            if (start == i) {
                throw error("unexpected character '" + s.charAt(i) + "'");
            }
            String text = s.substring(start, i);
            try {
                Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw error("bad number " + text);
            }
            return new Number(text);
        }

        private Object literal(String word, Object value) {
            if (!s.startsWith(word, i)) {
                throw error("expected " + word);
            }
            i += word.length();
            return value;
        }

        private void skipBlanks() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private char peek() {
            if (i >= s.length()) {
                throw error("unexpected end of input");
            }
            return s.charAt(i);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            i++;
        }

        private IllegalArgumentException error(String message) {
            return new IllegalArgumentException("JSON at offset " + i + ": " + message);
        }
    }
}
