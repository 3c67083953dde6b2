package dev.fleetwright.core.api.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetwright.core.api.corev1.Pod;
import java.util.List;
import java.util.Map;

/**
 * Test fixtures for workload loading: YAML texts loaded as {@code workload.yaml}, a minimal valid pod spec to build on,
 * and error lines in the documented format.
 */
final class WorkloadFixtures {

    static final String SOURCE = "workload.yaml";

    private WorkloadFixtures() {}

    /** Loads YAML text (possibly several documents) as {@code workload.yaml} without environment variables. */
    static WorkloadResult load(String yaml) {
        return new WorkloadLoader(Map.of()).loadSources(List.of(new NamedSource(SOURCE, yaml)));
    }

    /** Every error as printed ({@code workload.yaml[0] Pod "p": spec...: rule}). */
    static List<String> errors(WorkloadResult result) {
        return result.errors().stream().map(ConfigError::toString).toList();
    }

    /** Every warning as printed. */
    static List<String> warnings(WorkloadResult result) {
        return result.warnings().stream().map(ConfigError::toString).toList();
    }

    /** Errors as {@code path: message}, for rules where the object is obvious. */
    static List<String> problems(WorkloadResult result) {
        return result.errors().stream().map(e -> e.path() + ": " + e.message()).toList();
    }

    /**
     * A Pod named {@code p} whose spec is a container {@code app} plus {@code specYaml}, which is indented under
     * {@code spec:} (so tests write spec fields at column 0).
     */
    static String podWithSpec(String specYaml) {
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: p
                spec:
                  containers:
                    - name: app
                      resources:
                        requests: {cpu: 100m, memory: 128Mi}
                """ + indent(specYaml, "  ");
    }

    /** A Pod named {@code p} whose single container {@code app} has this {@code resources} block. */
    static String podWithResources(String resourcesYaml) {
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: p
                spec:
                  containers:
                    - name: app
                      resources:
                """ + indent(resourcesYaml, "        ");
    }

    /** The only pending pod of a valid load. */
    static Pod onlyPod(String yaml) {
        WorkloadResult result = load(yaml);
        assertThat(errors(result)).as("errors").isEmpty();
        assertThat(result.pods()).as("pending pods").hasSize(1);
        return result.pods().get(0);
    }

    /** The pending pods of a valid load. */
    static List<Pod> pods(String yaml) {
        WorkloadResult result = load(yaml);
        assertThat(errors(result)).as("errors").isEmpty();
        return result.pods();
    }

    static String indent(String text, String prefix) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (!line.isEmpty()) {
                sb.append(prefix).append(line);
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
