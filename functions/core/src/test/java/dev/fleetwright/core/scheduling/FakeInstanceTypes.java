package dev.fleetwright.core.scheduling;

import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.cloudprovider.CapacityType;
import dev.fleetwright.core.cloudprovider.InstanceType;
import dev.fleetwright.core.cloudprovider.InstanceTypeOverhead;
import dev.fleetwright.core.cloudprovider.Offering;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Instance types shaped like Karpenter's fake cloud provider ([K] pkg/cloudprovider/fake/instancetype.go and
 * cloudprovider.go), so the ported specifications can state the same expectations.
 *
 * <p>Each type has, unless told otherwise, five offerings: spot in {@code test-zone-1} and {@code test-zone-2},
 * on-demand in {@code test-zone-1..3}, all at {@link #price} = 0.1 USD per vCPU + 0.1 USD per 10⁹ bytes of memory +
 * 1 USD per GPU kind. Overhead is kubeReserved 100m CPU and 10Mi memory. Karpenter's fake adds three custom labels
 * ({@code size}, {@code special}, {@code integer}) to its global well-known set; core's set is a constant, so the
 * fixtures use well-known AWS keys as stand-ins: {@link #SIZE} ({@code small}/{@code large}), {@link #EXOTIC}
 * ({@code optional} on large types, absent otherwise) and {@link #INTEGER} (the vCPU count).
 */
final class FakeInstanceTypes {

    static final String ZONE_1 = "test-zone-1";
    static final String ZONE_2 = "test-zone-2";
    static final String ZONE_3 = "test-zone-3";

    /** Stand-in for the fake's {@code size} label. */
    static final String SIZE = Labels.INSTANCE_SIZE;
    /** Stand-in for the fake's {@code special} label (the "exotic" label only large types carry). */
    static final String EXOTIC = Labels.INSTANCE_LOCAL_NVME;
    /** Stand-in for the fake's {@code integer} label (the vCPU count, for Gt/Lt). */
    static final String INTEGER = Labels.INSTANCE_CPU;

    /** Stand-ins for the fake's {@code fake.com/vendor-a} and {@code fake.com/vendor-b} resources. */
    static final String GPU_VENDOR_A = Resources.NVIDIA_GPU;

    static final String GPU_VENDOR_B = Resources.AMD_GPU;

    static final InstanceTypeOverhead OVERHEAD =
            new InstanceTypeOverhead(Resources.ofCpuMemoryMiB(100, 10), Resources.NONE, Resources.NONE);

    private FakeInstanceTypes() {}

    /** Options of one fake type; defaults 4 CPU, 4Gi, 5 pods, amd64, linux/windows/darwin, the five offerings. */
    static final class Options {
        private final String name;
        private long cpuMillis = 4000;
        private long memoryBytes = gi(4);
        private long pods = 5;
        private final Map<String, Long> extended = new TreeMap<>();
        private String arch = "amd64";
        private Set<String> operatingSystems = new TreeSet<>(List.of("linux", "windows", "darwin"));
        private List<Offering> offerings;
        private Double price;
        private final List<Requirement> custom = new ArrayList<>();

        Options(String name) {
            this.name = name;
        }

        Options cpu(long cores) {
            this.cpuMillis = cores * 1000;
            return this;
        }

        Options memoryGi(long gib) {
            this.memoryBytes = gi(gib);
            return this;
        }

        Options pods(long pods) {
            this.pods = pods;
            return this;
        }

        Options resource(String name, long count) {
            extended.put(name, count);
            return this;
        }

        Options arch(String arch) {
            this.arch = arch;
            return this;
        }

        Options os(String... os) {
            this.operatingSystems = new TreeSet<>(List.of(os));
            return this;
        }

        /** Replaces the default offerings; {@link #offering} builds one at the type's price. */
        Options offerings(Offering... offerings) {
            this.offerings = List.of(offerings);
            return this;
        }

        /** Overrides the price of the default offerings. */
        Options price(double pricePerHourUsd) {
            this.price = pricePerHourUsd;
            return this;
        }

        /** Adds a requirement of the type, like the fake's {@code NewInstanceTypeWithCustomRequirement}. */
        Options requirement(Requirement r) {
            custom.add(r);
            return this;
        }

        InstanceType build() {
            Resources capacity = new Resources(cpuMillis, memoryBytes, 0, pods, new TreeMap<>(extended));
            double p = price != null ? price : FakeInstanceTypes.price(capacity);
            List<Offering> offers = offerings != null
                    ? offerings
                    : List.of(
                            offering(ZONE_1, CapacityType.SPOT, p),
                            offering(ZONE_2, CapacityType.SPOT, p),
                            offering(ZONE_1, CapacityType.ON_DEMAND, p),
                            offering(ZONE_2, CapacityType.ON_DEMAND, p),
                            offering(ZONE_3, CapacityType.ON_DEMAND, p));
            Set<String> zones = new LinkedHashSet<>();
            Set<String> capacityTypes = new LinkedHashSet<>();
            for (Offering o : offers) {
                if (o.available()) {
                    zones.add(o.zone());
                    capacityTypes.add(o.capacityType().labelValue());
                }
            }
            boolean large = cpuMillis > 4000 && memoryBytes > gi(8);
            List<Requirement> reqs = new ArrayList<>(List.of(
                    Requirement.in(Labels.INSTANCE_TYPE, name),
                    Requirement.in(Labels.ARCH, arch),
                    Requirement.in(Labels.OS, operatingSystems),
                    Requirement.in(Labels.TOPOLOGY_ZONE, zones),
                    Requirement.in(Labels.CAPACITY_TYPE, capacityTypes),
                    Requirement.in(SIZE, large ? "large" : "small"),
                    large ? Requirement.in(EXOTIC, "optional") : Requirement.doesNotExist(EXOTIC),
                    Requirement.in(INTEGER, Long.toString(cpuMillis / 1000))));
            Requirements requirements = Requirements.of(reqs);
            for (Requirement r : custom) {
                requirements = requirements.without(r.key()).and(r);
            }
            return new InstanceType(name, requirements, offers, capacity, OVERHEAD);
        }
    }

    static Options type(String name) {
        return new Options(name);
    }

    static Offering offering(String zone, CapacityType capacityType, double pricePerHourUsd) {
        return new Offering(zone, capacityType, pricePerHourUsd, true, false);
    }

    /** The fake's pricing: 0.1 per vCPU, 0.1 per 10⁹ bytes of memory, 1.0 per GPU resource kind. */
    static double price(Resources capacity) {
        double p = 0.1 * capacity.cpuMillis() / 1000.0 + 0.1 * capacity.memoryBytes() / 1e9;
        for (String gpu : List.of(GPU_VENDOR_A, GPU_VENDOR_B)) {
            if (capacity.get(gpu) > 0) {
                p += 1.0;
            }
        }
        return p;
    }

    /** The fake cloud provider's default six types. */
    static List<InstanceType> defaults() {
        return List.of(
                type("default-instance-type").build(),
                type("small-instance-type").cpu(2).memoryGi(2).build(),
                type("gpu-vendor-instance-type").resource(GPU_VENDOR_A, 2).build(),
                type("gpu-vendor-b-instance-type").resource(GPU_VENDOR_B, 2).build(),
                type("arm-instance-type")
                        .arch("arm64")
                        .os("ios", "linux", "windows", "darwin")
                        .cpu(16)
                        .memoryGi(128)
                        .build(),
                type("single-pod-instance-type").pods(1).build());
    }

    /** {@code fake-it-i} with i+1 vCPU, 2(i+1) Gi and 10(i+1) pods ([K] fake.InstanceTypes). */
    static List<InstanceType> incrementing(int count) {
        List<InstanceType> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(type("fake-it-" + i)
                    .cpu(i + 1)
                    .memoryGi(2L * (i + 1))
                    .pods(10L * (i + 1))
                    .build());
        }
        return out;
    }

    /**
     * Every combination of CPU {1..64} × memory {1..128 Gi} × zone × capacity type × OS × arch, one offering each
     * ([K] fake.InstanceTypesAssorted).
     */
    static List<InstanceType> assorted() {
        List<InstanceType> out = new ArrayList<>();
        for (int cpu : new int[] {1, 2, 4, 8, 16, 32, 64}) {
            for (int mem : new int[] {1, 2, 4, 8, 16, 32, 64, 128}) {
                for (String zone : List.of(ZONE_1, ZONE_2, ZONE_3)) {
                    for (CapacityType ct : List.of(CapacityType.SPOT, CapacityType.ON_DEMAND)) {
                        for (String os : List.of("linux", "windows")) {
                            for (String arch : List.of("amd64", "arm64")) {
                                Options o = type(cpu + "-cpu-" + mem + "-mem-" + arch + "-" + os + "-" + zone + "-"
                                                + ct.labelValue())
                                        .cpu(cpu)
                                        .memoryGi(mem)
                                        .arch(arch)
                                        .os(os);
                                double p = price(Resources.of(cpu * 1000L, gi(mem)));
                                out.add(o.offerings(offering(zone, ct, p)).build());
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    static long gi(long gib) {
        return gib << 30;
    }
}
