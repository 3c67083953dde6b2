package dev.fleetwright.simulator.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.api.corev1.TaintEffect;
import dev.fleetwright.core.api.corev1.Toleration;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TraceWorkloadTest {

    private static final String HEADER =
            "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time\n";

    private static List<TraceWorkload.TracePod> read(String rows) throws IOException {
        return TraceWorkload.read(new StringReader(HEADER + rows), "pods.csv");
    }

    @Nested
    @DisplayName("mapping a row to a pod")
    class Mapping {

        @Test
        @DisplayName("should request cpu_milli millicores and memory_mib MiB")
        void cpuAndMemory() throws IOException {
            Pod pod = read("p0,12500,57344,0,0,,LS,Running,11821371,11821952,11821374\n")
                    .get(0)
                    .pod();
            assertThat(pod.spec().requests()).isEqualTo(Resources.ofCpuMemoryMiB(12500, 57344));
            assertThat(pod.namespace()).isEqualTo(TraceWorkload.NAMESPACE);
            assertThat(pod.name()).isEqualTo("p0");
            assertThat(pod.isProvisionable()).isTrue();
        }

        @Test
        @DisplayName("should request whole GPUs and tolerate the nvidia.com/gpu taint, as EKS admission does")
        void gpu() throws IOException {
            Pod pod = read("p1,6000,12288,1,460,,LS,Running,427061,12902960,427061\n")
                    .get(0)
                    .pod();
            assertThat(pod.spec().requests().get(Resources.NVIDIA_GPU)).isEqualTo(1);
            assertThat(pod.spec().tolerations())
                    .contains(new Toleration(
                            Resources.NVIDIA_GPU, Toleration.Operator.EXISTS, "", TaintEffect.NO_SCHEDULE, null));
        }

        @Test
        @DisplayName("should constrain GPU models to their EC2 names and drop models EC2 does not have")
        void gpuSpec() throws IOException {
            Pod pod = read("p2,6000,12288,1,1000,P100|T4|V100M16|V100M32,LS,Running,1,2,1\n")
                    .get(0)
                    .pod();
            var terms = pod.spec().affinity().requiredNodeTerms();
            assertThat(terms).hasSize(1);
            var requirement = terms.get(0).matchExpressions().get(0);
            assertThat(requirement.key()).isEqualTo(Labels.INSTANCE_GPU_NAME);
            assertThat(requirement.values()).containsExactly("t4", "v100");
        }

        @Test
        @DisplayName("should leave the model free when no listed model exists on EC2")
        void unmappableSpec() throws IOException {
            Pod pod = read("p3,6000,12288,1,1000,P100|G2,LS,Running,1,2,1\n")
                    .get(0)
                    .pod();
            assertThat(pod.spec().affinity().requiredNodeTerms()).isEmpty();
        }

        @Test
        @DisplayName("should keep creation and deletion times for replay")
        void times() throws IOException {
            TraceWorkload.TracePod p = read("p4,100,100,0,0,,BE,Pending,30,,\n").get(0);
            assertThat(p.creationSeconds()).isEqualTo(30);
            assertThat(p.deletionSeconds()).isEqualTo(-1);
        }
    }

    @Nested
    @DisplayName("bad input")
    class BadInput {

        @Test
        @DisplayName("should name the file, line and column of a malformed number")
        void malformed() {
            assertThatThrownBy(() -> read("p0,12500,lots,0,0,,LS,Running,1,2,1\n"))
                    .hasMessage("pods.csv: line 2: column memory_mib: \"lots\" is not a whole number");
        }

        @Test
        @DisplayName("should name a missing column")
        void missingColumn() {
            assertThatThrownBy(() -> TraceWorkload.read(new StringReader("name,cpu_milli\np,1\n"), "x.csv"))
                    .hasMessageStartingWith("x.csv: line 1: missing column \"memory_mib\"");
        }
    }

    @Test
    @DisplayName("should read every pod of the real default trace")
    void realTrace() throws IOException {
        Path trace = Path.of("../../shared/data/traces/openb_pod_list_default.csv");
        assumeTrue(Files.exists(trace), "shared data not beside the repository");
        List<TraceWorkload.TracePod> pods = TraceWorkload.read(Files.newBufferedReader(trace), trace.toString());
        assertThat(pods).hasSize(8152);
        assertThat(pods.stream().filter(p -> p.pod().spec().requests().get(Resources.NVIDIA_GPU) == 0))
                .hasSize(1088);
    }
}
