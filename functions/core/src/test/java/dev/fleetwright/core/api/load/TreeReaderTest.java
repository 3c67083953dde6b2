package dev.fleetwright.core.api.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The path-tracking reader the decoders are built on. */
class TreeReaderTest {

    private final Diagnostics diagnostics = new Diagnostics("f.yaml", 0, "Thing", "t");

    private TreeReader reader(Map<String, Object> fields) {
        return new TreeReader(fields, FieldPath.of("spec"), diagnostics);
    }

    private List<String> problems() {
        return diagnostics.errors().stream()
                .map(e -> e.path() + ": " + e.message())
                .toList();
    }

    @Test
    @DisplayName("should read typed fields and report type mismatches at their path")
    void types() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", "a");
        fields.put("count", 3);
        fields.put("big", 3_000_000_000L);
        fields.put("flag", true);
        fields.put("wrong", List.of(1));
        TreeReader r = reader(fields);
        assertThat(r.string("name")).contains("a");
        assertThat(r.integer("count")).contains(3);
        assertThat(r.integer("big")).isEmpty();
        assertThat(r.longInteger("big")).contains(3_000_000_000L);
        assertThat(r.bool("flag")).contains(true);
        assertThat(r.string("wrong")).isEmpty();
        assertThat(problems())
                .containsExactly(
                        "spec.big: number 3000000000 is too large", "spec.wrong: expected a string, got a list");
    }

    @Test
    @DisplayName("should treat null as absent and report missing required fields")
    void nulls() {
        Map<String, Object> fields = new HashMap<>();
        fields.put("optional", null);
        TreeReader r = reader(fields);
        assertThat(r.string("optional")).isEmpty();
        assertThat(r.requiredString("needed")).isEmpty();
        assertThat(problems()).containsExactly("spec.needed: required");
    }

    @Test
    @DisplayName("should report fields nobody read, suggesting close names")
    void unknownFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("requirements", List.of());
        fields.put("requirments", List.of());
        fields.put("zzz", 1);
        fields.put("status", Map.of());
        TreeReader r = reader(fields);
        r.list("requirements");
        r.ignore("status");
        r.rejectUnknownFields();
        assertThat(problems())
                .containsExactly(
                        "spec.requirments: unknown field; did you mean \"requirements\"?", "spec.zzz: unknown field");
    }

    @Test
    @DisplayName("should give list elements and map entries their own paths")
    void paths() {
        Map<String, Object> fields = new LinkedHashMap<>();
        List<Object> values = new ArrayList<>();
        values.add("ok");
        values.add(null);
        values.add(5);
        fields.put("values", values);
        fields.put("labels", Map.of("nvidia.com/gpu", 1));
        TreeReader r = reader(fields);
        assertThat(r.stringList("values")).contains(List.of("ok"));
        assertThat(r.stringMap("labels")).contains(Map.of());
        assertThat(problems())
                .containsExactly(
                        "spec.values[1]: must not be null",
                        "spec.values[2]: expected a string, got the number 5; quote it (\"5\")",
                        "spec.labels[nvidia.com/gpu]: expected a string, got the number 1; quote it (\"1\")");
    }

    @Test
    @DisplayName("should read whole Gson doubles as integers and quantities in plain notation")
    void gsonNumbers() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("maxPods", 110.0);
        fields.put("cpu", 1000.0);
        fields.put("half", 0.5);
        fields.put("exp", 1e21);
        TreeReader r = reader(fields);
        assertThat(r.integer("maxPods")).contains(110);
        assertThat(r.field("cpu").flatMap(TreeValue::asIntOrString)).contains("1000");
        assertThat(r.field("half").flatMap(TreeValue::asIntOrString)).contains("0.5");
        assertThat(r.field("exp").flatMap(TreeValue::asIntOrString)).contains("1000000000000000000000");
        assertThat(problems()).isEmpty();
    }

    @Test
    @DisplayName("should suggest only names that are close")
    void suggestions() {
        assertThat(Suggestions.closest("consolidateafter", List.of("consolidateAfter", "budgets")))
                .contains("consolidateAfter");
        assertThat(Suggestions.closest("budget", List.of("consolidateAfter", "budgets")))
                .contains("budgets");
        assertThat(Suggestions.closest("xyz", List.of("consolidateAfter", "budgets")))
                .isEmpty();
    }
}
