package dev.fleetwright.core.api.corev1;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.LongBinaryOperator;

/**
 * An immutable Kubernetes resource list (requests, capacity, allocatable, limits, reservations) in canonical integer
 * units.
 *
 * <p>Units: {@code cpu} in millicores, {@code memory} and {@code ephemeral-storage} in bytes, {@code pods} and every
 * extended resource ({@code nvidia.com/gpu}, {@code aws.amazon.com/neuron}, {@code vpc.amazonaws.com/pod-eni}, ...) as
 * a count. Values are rounded up on parsing, as Kubernetes does. A resource that is absent is zero; zero-valued
 * extended resources are dropped so that equality means "the same amounts". Values may be negative (for example an
 * allocatable computed for a type too small for its overhead).
 *
 * @param cpuMillis CPU in millicores
 * @param memoryBytes memory in bytes
 * @param ephemeralStorageBytes ephemeral storage in bytes
 * @param pods number of pods
 * @param extended every other resource by name, as a count; sorted by name, without zero values
 */
public record Resources(
        long cpuMillis, long memoryBytes, long ephemeralStorageBytes, long pods, SortedMap<String, Long> extended) {

    /** Resource name of CPU ({@code cpu}), in millicores here. */
    public static final String CPU = "cpu";
    /** Resource name of memory ({@code memory}), in bytes here. */
    public static final String MEMORY = "memory";
    /** Resource name of local ephemeral storage ({@code ephemeral-storage}), in bytes here. */
    public static final String EPHEMERAL_STORAGE = "ephemeral-storage";
    /** Resource name of the pod count ({@code pods}). */
    public static final String PODS = "pods";
    /** NVIDIA GPUs, advertised by the NVIDIA device plugin. */
    public static final String NVIDIA_GPU = "nvidia.com/gpu";
    /** AMD GPUs, advertised by the AMD device plugin. */
    public static final String AMD_GPU = "amd.com/gpu";
    /** AWS Neuron devices (Inferentia, Trainium). */
    public static final String AWS_NEURON = "aws.amazon.com/neuron";
    /** Branch ENIs for security groups for pods. */
    public static final String POD_ENI = "vpc.amazonaws.com/pod-eni";
    /** Elastic Fabric Adapter interfaces. */
    public static final String EFA = "vpc.amazonaws.com/efa";

    /** No resources at all. */
    public static final Resources NONE = new Resources(0, 0, 0, 0, Collections.emptySortedMap());

    private static final long MIB = 1L << 20;

    /** Copies {@code extended} into an unmodifiable sorted map without zero values; a null map is empty. */
    public Resources {
        if (extended == null || extended.isEmpty()) {
            extended = Collections.emptySortedMap();
        } else {
            TreeMap<String, Long> copy = new TreeMap<>();
            extended.forEach((name, value) -> {
                Objects.requireNonNull(name, "resource name");
                if (value != null && value != 0) {
                    copy.put(name, value);
                }
            });
            extended = copy.isEmpty() ? Collections.emptySortedMap() : Collections.unmodifiableSortedMap(copy);
        }
    }

    /** CPU and memory only. */
    public static Resources of(long cpuMillis, long memoryBytes) {
        return new Resources(cpuMillis, memoryBytes, 0, 0, null);
    }

    /** CPU in millicores and memory in MiB; convenient for tests and catalogs. */
    public static Resources ofCpuMemoryMiB(long cpuMillis, long memoryMiB) {
        return new Resources(cpuMillis, memoryMiB * MIB, 0, 0, null);
    }

    /**
     * Parses a Kubernetes resource list such as {@code {cpu: "1", memory: "1Gi", nvidia.com/gpu: "1"}}.
     *
     * @param quantities resource name to quantity text; null is empty
     * @return the resources in canonical units
     * @throws IllegalArgumentException naming the resource whose quantity is invalid or negative
     */
    public static Resources parse(Map<String, String> quantities) {
        if (quantities == null || quantities.isEmpty()) {
            return NONE;
        }
        Resources result = NONE;
        for (Map.Entry<String, String> entry : quantities.entrySet()) {
            String name = entry.getKey();
            Quantity quantity;
            try {
                quantity = Quantity.parse(entry.getValue());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
            }
            if (quantity.isNegative()) {
                throw new IllegalArgumentException(name + ": must not be negative, got \"" + entry.getValue() + "\"");
            }
            result = result.with(name, CPU.equals(name) ? quantity.toMillisCeil() : quantity.toUnitsCeil());
        }
        return result;
    }

    /**
     * The amount of one resource in canonical units (millicores for {@code cpu}, bytes for memory and storage, a count
     * otherwise); zero if absent.
     */
    public long get(String name) {
        return switch (name) {
            case CPU -> cpuMillis;
            case MEMORY -> memoryBytes;
            case EPHEMERAL_STORAGE -> ephemeralStorageBytes;
            case PODS -> pods;
            default -> extended.getOrDefault(name, 0L);
        };
    }

    /** A copy with one resource set, in canonical units. */
    public Resources with(String name, long amount) {
        return switch (name) {
            case CPU -> new Resources(amount, memoryBytes, ephemeralStorageBytes, pods, extended);
            case MEMORY -> new Resources(cpuMillis, amount, ephemeralStorageBytes, pods, extended);
            case EPHEMERAL_STORAGE -> new Resources(cpuMillis, memoryBytes, amount, pods, extended);
            case PODS -> new Resources(cpuMillis, memoryBytes, ephemeralStorageBytes, amount, extended);
            default -> {
                TreeMap<String, Long> copy = new TreeMap<>(extended);
                copy.put(name, amount);
                yield new Resources(cpuMillis, memoryBytes, ephemeralStorageBytes, pods, copy);
            }
        };
    }

    /** The sum, resource by resource. */
    public Resources plus(Resources other) {
        return combine(other, Long::sum);
    }

    /** The difference, resource by resource (may be negative). */
    public Resources minus(Resources other) {
        return combine(other, (a, b) -> a - b);
    }

    /** The larger amount of each resource. */
    public Resources max(Resources other) {
        return combine(other, Math::max);
    }

    /** The smaller amount of each resource (absent counts as zero). */
    public Resources min(Resources other) {
        return combine(other, Math::min);
    }

    /** Every amount multiplied by {@code factor}. */
    public Resources times(long factor) {
        TreeMap<String, Long> ext = new TreeMap<>();
        extended.forEach((k, v) -> ext.put(k, v * factor));
        return new Resources(
                cpuMillis * factor, memoryBytes * factor, ephemeralStorageBytes * factor, pods * factor, ext);
    }

    /** Whether every positive amount here is at most the same amount in {@code capacity} (absent counts as zero). */
    public boolean fitsIn(Resources capacity) {
        if ((cpuMillis > 0 && cpuMillis > capacity.cpuMillis)
                || (memoryBytes > 0 && memoryBytes > capacity.memoryBytes)
                || (ephemeralStorageBytes > 0 && ephemeralStorageBytes > capacity.ephemeralStorageBytes)
                || (pods > 0 && pods > capacity.pods)) {
            return false;
        }
        for (Map.Entry<String, Long> e : extended.entrySet()) {
            if (e.getValue() > 0 && e.getValue() > capacity.extended.getOrDefault(e.getKey(), 0L)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The first resource (in the order cpu, memory, ephemeral-storage, pods, then extended by name) whose positive
     * amount here exceeds {@code capacity}; empty when everything fits.
     */
    public Optional<String> firstExceeding(Resources capacity) {
        for (String name : names(this)) {
            long amount = get(name);
            if (amount > 0 && amount > capacity.get(name)) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    /** Whether every amount is zero. */
    public boolean isZero() {
        return cpuMillis == 0 && memoryBytes == 0 && ephemeralStorageBytes == 0 && pods == 0 && extended.isEmpty();
    }

    /** Whether any amount is below zero. */
    public boolean anyNegative() {
        if (cpuMillis < 0 || memoryBytes < 0 || ephemeralStorageBytes < 0 || pods < 0) {
            return true;
        }
        return extended.values().stream().anyMatch(v -> v < 0);
    }

    /** Memory in MiB, rounded down. */
    public long memoryMiB() {
        return Math.floorDiv(memoryBytes, MIB);
    }

    /**
     * The non-zero resources as Kubernetes quantity strings ({@code cpu: 1930m, memory: 6903Mi, pods: 29}), in the
     * order cpu, memory, ephemeral-storage, pods, then extended by name.
     */
    public Map<String, String> toQuantities() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : names(this)) {
            long amount = get(name);
            if (amount == 0) {
                continue;
            }
            out.put(
                    name,
                    switch (name) {
                        case CPU -> Quantity.formatMillis(amount);
                        case MEMORY, EPHEMERAL_STORAGE -> Quantity.formatBytes(amount);
                        default -> Long.toString(amount);
                    });
        }
        return out;
    }

    @Override
    public String toString() {
        return toQuantities().toString();
    }

    private Resources combine(Resources other, LongBinaryOperator op) {
        SortedMap<String, Long> ext;
        if (extended.isEmpty() && other.extended.isEmpty()) {
            ext = Collections.emptySortedMap();
        } else {
            TreeMap<String, Long> merged = new TreeMap<>();
            extended.forEach((k, v) -> merged.put(k, op.applyAsLong(v, other.extended.getOrDefault(k, 0L))));
            other.extended.forEach((k, v) -> {
                if (!extended.containsKey(k)) {
                    merged.put(k, op.applyAsLong(0L, v));
                }
            });
            ext = merged;
        }
        return new Resources(
                op.applyAsLong(cpuMillis, other.cpuMillis),
                op.applyAsLong(memoryBytes, other.memoryBytes),
                op.applyAsLong(ephemeralStorageBytes, other.ephemeralStorageBytes),
                op.applyAsLong(pods, other.pods),
                ext);
    }

    private static Iterable<String> names(Resources r) {
        List<String> names = new ArrayList<>(4 + r.extended.size());
        names.add(CPU);
        names.add(MEMORY);
        names.add(EPHEMERAL_STORAGE);
        names.add(PODS);
        names.addAll(r.extended.keySet());
        return names;
    }
}
