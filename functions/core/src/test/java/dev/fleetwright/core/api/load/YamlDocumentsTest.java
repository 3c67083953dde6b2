package dev.fleetwright.core.api.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class YamlDocumentsTest {

    private static YamlDocuments.Parsed parse(String text, Map<String, String> env) {
        return YamlDocuments.parse(new NamedSource("f.yaml", text), env);
    }

    @Test
    @DisplayName("should number documents from 0, counting empty ones, and record where each starts")
    void indices() {
        var parsed = parse("a: 1\n---\n---\n# comment\nb: 2\n", Map.of());
        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.documents()).extracting(SourceDocument::index).containsExactly(0, 2);
        assertThat(parsed.documents()).extracting(SourceDocument::line).containsExactly(1, 3);
        assertThat(parsed.documents().get(1).tree()).isEqualTo(Map.of("b", 2));
    }

    @Test
    @DisplayName("should keep dates and times as strings")
    void noTimestamps() {
        var parsed = parse("date: 2024-08-07\ntime: 2024-08-07T10:00:00Z\n", Map.of());
        assertThat(parsed.documents().get(0).tree())
                .isEqualTo(Map.of("date", "2024-08-07", "time", "2024-08-07T10:00:00Z"));
    }

    @Test
    @DisplayName("should reject duplicate keys and keep reading the next documents")
    void duplicateKeys() {
        var parsed = parse("a: 1\na: 2\n---\nb: 3\n", Map.of());
        assertThat(parsed.errors()).singleElement().satisfies(e -> {
            assertThat(e.toString())
                    .startsWith("f.yaml[0] line 2: invalid YAML:")
                    .contains("duplicate key a");
        });
        assertThat(parsed.documents()).extracting(SourceDocument::index).containsExactly(1);
    }

    @Test
    @DisplayName("should keep the documents before a syntax error and report its line")
    void syntaxError() {
        var parsed = parse("a: 1\n---\nb: [1, 2\n---\nc: 3\n", Map.of());
        assertThat(parsed.documents()).extracting(SourceDocument::index).containsExactly(0);
        assertThat(parsed.errors()).singleElement().satisfies(e -> {
            assertThat(e.documentIndex()).isEqualTo(1);
            assertThat(e.line()).isGreaterThanOrEqualTo(3);
            assertThat(e.message()).startsWith("invalid YAML");
        });
    }

    @Test
    @DisplayName("should withhold only the document with an unset variable and name its line")
    void unsetVariable() {
        var parsed = parse("a: ${X}\n---\nb: ${Y}\nc: 1\n", Map.of("X", "x"));
        assertThat(parsed.documents()).extracting(SourceDocument::tree).containsExactly(Map.of("a", "x"));
        assertThat(parsed.withheld()).extracting(SourceDocument::index).containsExactly(1);
        assertThat(parsed.errors())
                .extracting(ConfigError::toString)
                .containsExactly("f.yaml[1] line 3: variable ${Y} is not set; set it in the environment or write"
                        + " ${Y:-default}");
    }

    @Test
    @DisplayName("should substitute inside flow collections and keys")
    void flowAndKeys() {
        var parsed = parse("tags: {kubernetes.io/cluster/${C}: owned}\nvalues: [${V}]\n", Map.of("C", "dev", "V", "x"));
        assertThat(parsed.documents().get(0).tree())
                .isEqualTo(Map.of("tags", Map.of("kubernetes.io/cluster/dev", "owned"), "values", List.of("x")));
    }
}
