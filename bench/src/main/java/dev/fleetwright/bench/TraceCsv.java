package dev.fleetwright.bench;

import dev.fleetwright.core.api.corev1.ObjectMeta;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.PodSpec;
import dev.fleetwright.core.api.corev1.PodStatus;
import dev.fleetwright.core.api.corev1.Resources;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A minimal reader of the Alibaba {@code openb_pod_list_*.csv} pod traces in {@code shared/data/traces/} (columns in
 * shared/data/README.md), private to the benchmarks; the product's trace loader belongs to the simulator.
 *
 * <p>Mapping to pods (one pending pod per row, every row, whatever its {@code pod_phase}): {@code cpu_milli} becomes
 * the CPU request in millicores, {@code memory_mib} the memory request in MiB, and {@code num_gpu}, when positive, the
 * {@code nvidia.com/gpu} request. {@code gpu_milli} (a share of one GPU for GPU-sharing pods) is not mapped: Kubernetes
 * allocates {@code nvidia.com/gpu} in whole devices, so a sharing pod still takes its {@code num_gpu} GPUs (in the
 * default trace every row with {@code gpu_milli > 0} has {@code num_gpu >= 1}). {@code gpu_spec} (GPU model) is
 * empty in the default trace and not mapped. Pods are in namespace {@code default} with no labels.
 */
public final class TraceCsv {

    /** The default trace, relative to the folder that holds {@code shared/}. */
    public static final String DEFAULT_TRACE = "shared/data/traces/openb_pod_list_default.csv";

    /** System property that overrides where the trace file is. */
    public static final String TRACE_PROPERTY = "fleetwright.bench.trace";

    private static final List<String> REQUIRED = List.of("name", "cpu_milli", "memory_mib", "num_gpu");

    private TraceCsv() {}

    /**
     * One trace row.
     *
     * @param name the pod name
     * @param cpuMillis CPU request in millicores
     * @param memoryMiB memory request in MiB
     * @param gpus whole GPUs requested
     */
    public record Row(String name, long cpuMillis, long memoryMiB, int gpus) {

        /** The pending pod this row becomes. */
        public Pod toPod() {
            Resources requests = Resources.ofCpuMemoryMiB(cpuMillis, memoryMiB);
            if (gpus > 0) {
                requests = requests.with(Resources.NVIDIA_GPU, gpus);
            }
            ObjectMeta meta = new ObjectMeta(name, "default", name, Map.of(), Map.of(), List.of(), null, null);
            return new Pod(meta, PodSpec.of(requests), PodStatus.UNSCHEDULABLE);
        }
    }

    /**
     * Finds the default trace: the {@value #TRACE_PROPERTY} system property if set, else {@value #DEFAULT_TRACE} in the
     * working directory or the nearest ancestor that has it (so it works from the repository root, from {@code bench/}
     * and from a clone with {@code shared/} beside it).
     *
     * @return the path
     * @throws IllegalStateException naming every place looked at when there is no such file
     */
    public static Path locateDefaultTrace() {
        String override = System.getProperty(TRACE_PROPERTY);
        if (override != null && !override.isBlank()) {
            Path p = Paths.get(override);
            if (!Files.isRegularFile(p)) {
                throw new IllegalStateException(TRACE_PROPERTY + "=" + override + ": no such file");
            }
            return p;
        }
        List<Path> tried = new ArrayList<>();
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(DEFAULT_TRACE);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            tried.add(candidate);
        }
        throw new IllegalStateException(
                "trace " + DEFAULT_TRACE + " not found (set -D" + TRACE_PROPERTY + "=PATH); looked at " + tried);
    }

    /**
     * Reads every row.
     *
     * @param path the CSV file
     * @return the rows in file order
     * @throws UncheckedIOException if the file cannot be read
     * @throws IllegalArgumentException naming the line and column of a missing column or a bad number
     */
    public static List<Row> read(Path path) {
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                throw new IllegalArgumentException(path + ": empty file, expected a header line");
            }
            List<String> columns = Arrays.asList(header.split(",", -1));
            Map<String, Integer> index = new TreeMap<>();
            for (String c : REQUIRED) {
                int i = columns.indexOf(c);
                if (i < 0) {
                    throw new IllegalArgumentException(path + ": header has no column " + c + " (has " + columns + ")");
                }
                index.put(c, i);
            }
            List<Row> rows = new ArrayList<>();
            String line;
            int lineNumber = 1;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length != columns.size()) {
                    throw new IllegalArgumentException(
                            path + ":" + lineNumber + ": expected " + columns.size() + " fields, got " + f.length);
                }
                rows.add(new Row(
                        f[index.get("name")],
                        number(f, index, "cpu_milli", path, lineNumber),
                        number(f, index, "memory_mib", path, lineNumber),
                        Math.toIntExact(number(f, index, "num_gpu", path, lineNumber))));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trace " + path, e);
        }
    }

    private static long number(String[] fields, Map<String, Integer> index, String column, Path path, int line) {
        String text = fields[index.get(column)].trim();
        try {
            long v = Long.parseLong(text);
            if (v < 0) {
                throw new NumberFormatException("negative");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    path + ":" + line + ": column " + column + " must be a non-negative integer, got \"" + text + "\"",
                    e);
        }
    }
}
