package dev.fleetwright.simulator.workload;

import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.corev1.Affinity;
import dev.fleetwright.core.api.corev1.NodeSelectorOperator;
import dev.fleetwright.core.api.corev1.NodeSelectorRequirement;
import dev.fleetwright.core.api.corev1.NodeSelectorTerm;
import dev.fleetwright.core.api.corev1.ObjectMeta;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.PodSpec;
import dev.fleetwright.core.api.corev1.PodStatus;
import dev.fleetwright.core.api.corev1.Resources;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a pod trace in the CSV format of the Alibaba {@code cluster-trace-gpu-v2023} pod lists ({@code
 * openb_pod_list_*.csv}) as pending pods, all in one batch.
 *
 * <p>Mapping (stated in the README, since the trace is not EC2):
 *
 * <ul>
 *   <li>{@code cpu_milli} → CPU request in millicores; {@code memory_mib} → memory request in MiB.
 *   <li>{@code num_gpu} → {@code nvidia.com/gpu} request, in whole GPUs. GPU sharing ({@code gpu_milli} below 1000) is
 *       not modelled: Kubernetes extended resources are integers, so such a pod asks for a whole GPU.
 *   <li>{@code gpu_spec} (allowed GPU models) → a required node affinity on {@code
 *       karpenter.k8s.aws/instance-gpu-name}: V100M16 and V100M32 → {@code v100} (p3), T4 → {@code t4} (g4dn), A10 →
 *       {@code a10g} (g5). P100 and the undisclosed G1–G3 have no EC2 equivalent and are dropped from the list; when
 *       nothing is left the pod is not constrained to a GPU model.
 *   <li>{@code name} → pod name in namespace {@code trace}; {@code creation_time} (seconds, trace-relative) → creation
 *       timestamp since the epoch; {@code qos} → label {@code trace.fleetwright.dev/qos}. Other columns are kept for
 *       replay but do not affect placement.
 * </ul>
 */
public final class TraceWorkload {

    /** The namespace trace pods are placed in. */
    public static final String NAMESPACE = "trace";

    /** GPU models of the trace and the EC2 GPU names ({@code instance-gpu-name} label values) they map to. */
    public static final Map<String, String> GPU_MODEL_TO_EC2 =
            Map.of("V100M16", "v100", "V100M32", "v100", "T4", "t4", "A10", "a10g");

    private static final List<String> REQUIRED =
            List.of("name", "cpu_milli", "memory_mib", "num_gpu", "gpu_spec", "qos", "creation_time");

    private TraceWorkload() {}

    /**
     * One trace row as read.
     *
     * @param pod the pending pod
     * @param creationSeconds trace-relative creation time in seconds
     * @param deletionSeconds trace-relative deletion time in seconds, or -1 when absent
     */
    public record TracePod(Pod pod, long creationSeconds, long deletionSeconds) {}

    /**
     * Reads a whole trace.
     *
     * @param reader the CSV text with a header row
     * @param source a name for error messages, usually the file name
     * @return the pods, in file order
     * @throws IOException if reading fails
     * @throws IllegalArgumentException naming the source, line and column of the first malformed value
     */
    public static List<TracePod> read(Reader reader, String source) throws IOException {
        BufferedReader in = new BufferedReader(reader);
        String header = in.readLine();
        if (header == null) {
            throw new IllegalArgumentException(source + ": empty file, expected a header row");
        }
        Map<String, Integer> columns = new HashMap<>();
        String[] names = header.strip().split(",", -1);
        for (int i = 0; i < names.length; i++) {
            columns.put(names[i].strip(), i);
        }
        for (String required : REQUIRED) {
            if (!columns.containsKey(required)) {
                throw new IllegalArgumentException(source + ": line 1: missing column \"" + required
                        + "\" (expected the openb_pod_list format: " + String.join(",", REQUIRED) + ", ...)");
            }
        }
        List<TracePod> pods = new ArrayList<>();
        String line;
        int lineNumber = 1;
        while ((line = in.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            Row row = new Row(source, lineNumber, cells, columns);
            pods.add(toPod(row));
        }
        return pods;
    }

    private static TracePod toPod(Row row) {
        String name = row.text("name");
        long cpuMillis = row.number("cpu_milli");
        long memoryMiB = row.number("memory_mib");
        long gpus = row.number("num_gpu");
        long created = row.number("creation_time");
        long deleted = row.optionalNumber("deletion_time");
        Resources requests = Resources.ofCpuMemoryMiB(cpuMillis, memoryMiB);
        if (gpus > 0) {
            requests = requests.with(Resources.NVIDIA_GPU, gpus);
        }
        Affinity affinity = Affinity.NONE;
        Set<String> ec2Names = new LinkedHashSet<>();
        String spec = row.text("gpu_spec");
        if (!spec.isEmpty()) {
            for (String model : spec.split("\\|")) {
                String mapped = GPU_MODEL_TO_EC2.get(model.strip());
                if (mapped != null) {
                    ec2Names.add(mapped);
                }
            }
        }
        if (!ec2Names.isEmpty()) {
            NodeSelectorRequirement gpuName = new NodeSelectorRequirement(
                    Labels.INSTANCE_GPU_NAME, NodeSelectorOperator.IN, List.copyOf(ec2Names), null);
            affinity = new Affinity(List.of(new NodeSelectorTerm(List.of(gpuName))), null, null, null, null, null);
        }
        ObjectMeta meta = new ObjectMeta(
                name,
                NAMESPACE,
                name,
                Map.of("app", "openb-trace", "trace.fleetwright.dev/qos", row.text("qos")),
                Map.of(),
                List.of(),
                Instant.ofEpochSecond(created),
                null);
        PodSpec podSpec = new PodSpec(
                requests,
                null,
                affinity,
                null,
                null,
                null,
                0,
                null,
                PodSpec.DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS,
                null);
        Pod pod = EksAdmission.apply(new Pod(meta, podSpec, PodStatus.UNSCHEDULABLE));
        return new TracePod(pod, created, deleted);
    }

    /** One CSV row with typed, error-reporting accessors. */
    private record Row(String source, int line, String[] cells, Map<String, Integer> columns) {

        String text(String column) {
            Integer i = columns.get(column);
            return i == null || i >= cells.length ? "" : cells[i].strip();
        }

        long number(String column) {
            String v = text(column);
            try {
                long n = Long.parseLong(v);
                if (n < 0) {
                    throw error(column, v, "must not be negative");
                }
                return n;
            } catch (NumberFormatException e) {
                throw error(column, v, "is not a whole number");
            }
        }

        long optionalNumber(String column) {
            return text(column).isEmpty() ? -1 : number(column);
        }

        private IllegalArgumentException error(String column, String value, String rule) {
            return new IllegalArgumentException(
                    source + ": line " + line + ": column " + column + ": \"" + value + "\" " + rule);
        }
    }
}
