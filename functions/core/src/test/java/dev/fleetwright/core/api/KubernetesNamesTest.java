package dev.fleetwright.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KubernetesNamesTest {

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"app", "nvidia.com/gpu", "karpenter.sh/capacity-type", "a_b.c-d", "A1", "x.y/Z"})
    @DisplayName("should accept qualified names")
    void qualified(String key) {
        assertThat(KubernetesNames.qualifiedNameProblem(key)).isEmpty();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "/a", "a/", "a/b/c", "-a", "a-", "Example.com/a", "a b", "a/-b"})
    @DisplayName("should reject other keys")
    void notQualified(String key) {
        assertThat(KubernetesNames.qualifiedNameProblem(key)).isPresent();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "true", "c5.xlarge", "on-demand", "a_b"})
    @DisplayName("should accept label values")
    void labelValues(String value) {
        assertThat(KubernetesNames.labelValueProblem(value)).isEmpty();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"a/b", "-x", "x.", "with space"})
    @DisplayName("should reject other label values")
    void notLabelValues(String value) {
        assertThat(KubernetesNames.labelValueProblem(value)).isPresent();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"default", "gpu-nodeclass", "a.b"})
    @DisplayName("should accept object names")
    void subdomains(String name) {
        assertThat(KubernetesNames.subdomainProblem(name)).isEmpty();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "Default", "a_b", "-a", "a..b"})
    @DisplayName("should reject other object names")
    void notSubdomains(String name) {
        assertThat(KubernetesNames.subdomainProblem(name)).isPresent();
    }

    @org.junit.jupiter.api.Test
    @DisplayName("should limit label values to 63 characters")
    void length() {
        assertThat(KubernetesNames.labelValueProblem("a".repeat(63))).isEmpty();
        assertThat(KubernetesNames.labelValueProblem("a".repeat(64))).isPresent();
    }
}
