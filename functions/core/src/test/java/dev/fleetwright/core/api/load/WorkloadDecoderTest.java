package dev.fleetwright.core.api.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetwright.core.api.corev1.ObjectMeta;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The public decoder entry point and its value types. */
class WorkloadDecoderTest {

    private static Diagnostics diagnostics() {
        return new Diagnostics("w.yaml", 0, null, null);
    }

    @Nested
    @DisplayName("decode")
    class Decode {
        @Test
        @DisplayName("should decode one document into a Workload of its kind")
        void pods() {
            Object tree = Fixtures.yaml("""
                    apiVersion: batch/v1
                    kind: Job
                    metadata: {name: j}
                    spec:
                      parallelism: 2
                      template: {spec: {containers: [{name: c}]}}
                    """);
            Diagnostics errors = diagnostics();

            var workload = WorkloadDecoder.decode(SourceDocument.of("w.yaml", 0, tree), errors, diagnostics());

            assertThat(errors.errors()).isEmpty();
            assertThat(workload).get().isInstanceOf(Workload.Pods.class);
            assertThat(workload.get().kind()).isEqualTo(WorkloadKind.JOB);
            assertThat(((Workload.Pods) workload.get()).pods()).hasSize(2);
        }

        @Test
        @DisplayName("should report a kind that is not a workload and an empty document")
        void notWorkloads() {
            Diagnostics errors = diagnostics();

            assertThat(WorkloadDecoder.decode(
                            SourceDocument.of("w.yaml", 0, Map.of("apiVersion", "v1", "kind", "Service")),
                            errors,
                            diagnostics()))
                    .isEmpty();
            assertThat(WorkloadDecoder.decode(SourceDocument.of("w.yaml", 1, null), errors, diagnostics()))
                    .isEmpty();
            assertThat(errors.errors())
                    .extracting(e -> e.path() + ": " + e.message())
                    .containsExactly(
                            "kind: kind Service is not a workload Fleetwright decodes", ": the document is empty");
        }
    }

    @Nested
    @DisplayName("values")
    class Values {
        @Test
        @DisplayName("should keep DaemonSets out of Workload.Pods")
        void podsNotDaemonSet() {
            assertThatThrownBy(() -> new Workload.Pods(WorkloadKind.DAEMON_SET, ObjectMeta.of("a", "b"), List.of()))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        @DisplayName("should find workload kinds by their manifest kind only")
        void kinds() {
            assertThat(WorkloadKind.fromKind("StatefulSet")).contains(WorkloadKind.STATEFUL_SET);
            assertThat(WorkloadKind.fromKind("statefulset")).isEmpty();
            assertThat(WorkloadKind.DEPLOYMENT.apiVersion()).isEqualTo("apps/v1");
        }

        @Test
        @DisplayName("should hash trees independently of map order, in the vowel-free alphabet")
        void hash() {
            String a = WorkloadDecoder.hash(Map.of("x", 1, "y", List.of("a", "b")), 0);
            String b = WorkloadDecoder.hash(new TreeMap<>(Map.of("y", List.of("a", "b"), "x", 1)), 0);

            assertThat(a).isEqualTo(b).matches("[bcdfghjklmnpqrstvwxz2456789]{1,10}");
            assertThat(WorkloadDecoder.hash(Map.of("x", "1", "y", List.of("a", "b")), 0))
                    .isNotEqualTo(a);
            assertThat(WorkloadDecoder.hash(Map.of("x", 1, "y", List.of("a", "b")), 1))
                    .isNotEqualTo(a);
        }
    }
}
