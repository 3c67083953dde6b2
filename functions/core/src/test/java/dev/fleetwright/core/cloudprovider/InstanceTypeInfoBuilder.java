package dev.fleetwright.core.cloudprovider;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Test fixture: an {@link InstanceTypeInfo} with m5.large-like defaults (2 vCPU, 8192 MiB, amd64, 3 ENIs × 10 IPv4,
 * trunking with 9 branch ENIs, nitro, on-demand and spot in us-east-1a/b, $0.096/h, 66% spot savings) and overrides.
 */
final class InstanceTypeInfoBuilder {
    private String name = "m5.large";
    private String category = "m";
    private Integer generation = 5;
    private int vcpu = 2;
    private long memoryMiB = 8192;
    private String arch = "amd64";
    private int gpuCount;
    private String gpuManufacturer;
    private String gpuName;
    private Long gpuMemoryMiB;
    private int neuronDeviceCount;
    private String neuronDeviceName;
    private int maxEnis = 3;
    private int ipv4PerEni = 10;
    private int branchEnis = 9;
    private boolean trunkingCompatible = true;
    private boolean bareMetal;
    private String hypervisor = "nitro";
    private long localStorageGB;
    private String localStorageType;
    private long localNvmeGB;
    private Set<CapacityType> capacityTypes = EnumSet.of(CapacityType.ON_DEMAND, CapacityType.SPOT);
    private List<String> zones = List.of("us-east-1a", "us-east-1b");
    private double onDemandPriceUsdPerHour = 0.096;
    private SpotSavings spotSavings = SpotSavings.advisor(66);
    private String region = "us-east-1";

    static InstanceTypeInfoBuilder anInstanceType() {
        return new InstanceTypeInfoBuilder();
    }

    InstanceTypeInfoBuilder name(String value) {
        name = value;
        return this;
    }

    InstanceTypeInfoBuilder category(String value) {
        category = value;
        return this;
    }

    InstanceTypeInfoBuilder generation(Integer value) {
        generation = value;
        return this;
    }

    InstanceTypeInfoBuilder vcpu(int value) {
        vcpu = value;
        return this;
    }

    InstanceTypeInfoBuilder memoryMiB(long value) {
        memoryMiB = value;
        return this;
    }

    InstanceTypeInfoBuilder arch(String value) {
        arch = value;
        return this;
    }

    InstanceTypeInfoBuilder gpus(int count, String manufacturer, String model, Long memoryMiBPerGpu) {
        gpuCount = count;
        gpuManufacturer = manufacturer;
        gpuName = model;
        gpuMemoryMiB = memoryMiBPerGpu;
        return this;
    }

    InstanceTypeInfoBuilder neuron(int count, String deviceName) {
        neuronDeviceCount = count;
        neuronDeviceName = deviceName;
        return this;
    }

    InstanceTypeInfoBuilder enis(int maxEnisValue, int ipv4PerEniValue) {
        maxEnis = maxEnisValue;
        ipv4PerEni = ipv4PerEniValue;
        return this;
    }

    InstanceTypeInfoBuilder trunking(boolean compatible, int branchEnisValue) {
        trunkingCompatible = compatible;
        branchEnis = branchEnisValue;
        return this;
    }

    InstanceTypeInfoBuilder bareMetal() {
        bareMetal = true;
        hypervisor = null;
        return this;
    }

    InstanceTypeInfoBuilder instanceStore(long gb, String type, boolean nvme) {
        localStorageGB = gb;
        localStorageType = type;
        localNvmeGB = nvme ? gb : 0;
        return this;
    }

    InstanceTypeInfoBuilder capacityTypes(CapacityType... values) {
        capacityTypes = values.length == 0 ? Set.of() : EnumSet.copyOf(List.of(values));
        return this;
    }

    InstanceTypeInfoBuilder zones(String... values) {
        zones = List.of(values);
        return this;
    }

    InstanceTypeInfoBuilder onDemandPrice(double value) {
        onDemandPriceUsdPerHour = value;
        return this;
    }

    InstanceTypeInfoBuilder spotSavings(SpotSavings value) {
        spotSavings = value;
        return this;
    }

    InstanceTypeInfoBuilder region(String value) {
        region = value;
        return this;
    }

    InstanceTypeInfo build() {
        int dot = name.indexOf('.');
        return new InstanceTypeInfo(
                name,
                name.substring(0, dot),
                name.substring(dot + 1),
                category,
                generation,
                true,
                vcpu,
                memoryMiB,
                arch,
                gpuCount,
                gpuManufacturer,
                gpuName,
                gpuMemoryMiB,
                neuronDeviceCount,
                neuronDeviceName,
                maxEnis,
                maxEnis,
                ipv4PerEni,
                branchEnis,
                trunkingCompatible,
                "Up to 10 Gigabit",
                bareMetal,
                hypervisor,
                false,
                localStorageGB,
                localStorageType,
                localNvmeGB,
                capacityTypes,
                zones,
                List.of(),
                onDemandPriceUsdPerHour,
                spotSavings,
                null,
                region);
    }
}
