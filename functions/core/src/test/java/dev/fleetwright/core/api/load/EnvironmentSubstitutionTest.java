package dev.fleetwright.core.api.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EnvironmentSubstitutionTest {

    private static final Map<String, String> ENV = Map.of("CLUSTER_NAME", "dev", "EMPTY", "");

    @Test
    @DisplayName("should replace every ${VAR} with its value")
    void replaces() {
        var r = EnvironmentSubstitution.substitute(
                "role: Node-${CLUSTER_NAME}\ntag: kubernetes.io/cluster/${CLUSTER_NAME}", ENV);
        assertThat(r.text()).isEqualTo("role: Node-dev\ntag: kubernetes.io/cluster/dev");
        assertThat(r.unresolved()).isEmpty();
    }

    @Test
    @DisplayName("should report unset variables with their line and leave them in place")
    void unset() {
        var r = EnvironmentSubstitution.substitute("a: 1\nb: ${MISSING}\nc: ${CLUSTER_NAME}-${ALSO_MISSING}", ENV);
        assertThat(r.unresolved())
                .containsExactly(
                        new EnvironmentSubstitution.Unresolved("MISSING", 2),
                        new EnvironmentSubstitution.Unresolved("ALSO_MISSING", 3));
        assertThat(r.text()).isEqualTo("a: 1\nb: ${MISSING}\nc: dev-${ALSO_MISSING}");
    }

    @Test
    @DisplayName("should use the default when the variable is unset or empty")
    void defaults() {
        var r = EnvironmentSubstitution.substitute(
                "${MISSING:-fallback} ${EMPTY:-x} ${CLUSTER_NAME:-other} ${MISSING:-}", ENV);
        assertThat(r.text()).isEqualTo("fallback x dev ");
        assertThat(r.unresolved()).isEmpty();
    }

    @Test
    @DisplayName("should substitute a set but empty variable as empty")
    void emptyValue() {
        assertThat(EnvironmentSubstitution.substitute("[${EMPTY}]", ENV).text()).isEqualTo("[]");
    }

    @Test
    @DisplayName("should keep $${VAR} as a literal ${VAR}")
    void escape() {
        var r = EnvironmentSubstitution.substitute("echo $${HOME} ${CLUSTER_NAME}", ENV);
        assertThat(r.text()).isEqualTo("echo ${HOME} dev");
        assertThat(r.unresolved()).isEmpty();
    }

    @Test
    @DisplayName("should leave other shell forms and lone dollars alone")
    void otherForms() {
        String text = "n=${#items[@]} p=${PATH%%:*} cost=$5 x=${1} y=${ unclosed";
        var r = EnvironmentSubstitution.substitute(text, ENV);
        assertThat(r.text()).isEqualTo(text);
        assertThat(r.unresolved()).isEmpty();
    }

    @Test
    @DisplayName("should count lines of multi-line defaults")
    void multiLineDefault() {
        var r = EnvironmentSubstitution.substitute("${A:-one\ntwo}\n${B}", ENV);
        assertThat(r.unresolved()).containsExactly(new EnvironmentSubstitution.Unresolved("B", 3));
    }
}
