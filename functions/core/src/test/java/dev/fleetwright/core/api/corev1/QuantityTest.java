package dev.fleetwright.core.api.corev1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantityTest {

    @Nested
    @DisplayName("parsing")
    class Parsing {

        @ParameterizedTest(name = "{0} is {1} millis")
        @CsvSource({"1,1000", "100m,100", "1.5,1500", "0.1,100", "250m,250", "2k,2000000", "1e3,1000000", "0,0"})
        @DisplayName("should read CPU quantities as millicores")
        void cpu(String text, long millis) {
            assertThat(Quantity.parse(text).toMillisCeil()).isEqualTo(millis);
        }

        @ParameterizedTest(name = "{0} is {1} bytes")
        @CsvSource({
            "1Ki,1024",
            "1Mi,1048576",
            "1Gi,1073741824",
            "1.5Gi,1610612736",
            "1G,1000000000",
            "128974848,128974848",
            "129e6,129000000",
            "123Mi,128974848",
            "1Ti,1099511627776"
        })
        @DisplayName("should read memory quantities as bytes")
        void memory(String text, long bytes) {
            assertThat(Quantity.parse(text).toUnitsCeil()).isEqualTo(bytes);
        }

        @Test
        @DisplayName("should round fractions up, as Kubernetes Value() and MilliValue() do")
        void roundsUp() {
            assertThat(Quantity.parse("0.5").toUnitsCeil()).isEqualTo(1);
            assertThat(Quantity.parse("1.0001m").toMillisCeil()).isEqualTo(2);
            assertThat(Quantity.parse("1n").toMillisCeil()).isEqualTo(1);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", " ", "abc", "1.2.3", "1Xi", "Mi", "--1", "1e", "1ee3", "+"})
        @DisplayName("should reject text that is not a quantity, quoting it")
        void rejects(String text) {
            assertThatThrownBy(() -> Quantity.parse(text)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        @DisplayName("should quote the offending text in the error")
        void quotes() {
            assertThatThrownBy(() -> Quantity.parse("12parsecs")).hasMessageContaining("\"12parsecs\"");
        }
    }

    @Nested
    @DisplayName("formatting")
    class Formatting {

        @Test
        @DisplayName("should print bytes with the largest exact binary suffix")
        void bytes() {
            assertThat(Quantity.formatBytes(6903L << 20)).isEqualTo("6903Mi");
            assertThat(Quantity.formatBytes(8L << 30)).isEqualTo("8Gi");
            assertThat(Quantity.formatBytes(1000)).isEqualTo("1000");
            assertThat(Quantity.formatBytes(0)).isEqualTo("0");
        }

        @Test
        @DisplayName("should print whole cores without a suffix and the rest in millicores")
        void millis() {
            assertThat(Quantity.formatMillis(2000)).isEqualTo("2");
            assertThat(Quantity.formatMillis(1930)).isEqualTo("1930m");
        }
    }
}
