package dev.fleetwright.core.cloudprovider;

import static dev.fleetwright.core.cloudprovider.InstanceTypeInfoBuilder.anInstanceType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fleetwright.core.api.AmiFamily;
import dev.fleetwright.core.api.KubeletConfiguration;
import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.corev1.NodeSelectorOperator;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.scheduling.Requirement;
import dev.fleetwright.core.scheduling.Requirements;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("InstanceTypes.resolve")
class InstanceTypesTest {

    private static final long MI = 1L << 20;
    private static final long GI = 1L << 30;
    private static final InstanceTypeCatalog CATALOG = InstanceTypeCatalog.bundled();
    private static final NodeOverheadSettings DEFAULTS = NodeOverheadSettings.defaults();

    private static InstanceType resolve(String name, NodeOverheadSettings settings) {
        return InstanceTypes.resolve(CATALOG.get(name), settings);
    }

    private static InstanceType resolve(String name) {
        return resolve(name, DEFAULTS);
    }

    private static KubeletConfiguration kubelet(
            Integer maxPods,
            Integer podsPerCore,
            Map<String, String> systemReserved,
            Map<String, String> kubeReserved,
            Map<String, String> evictionHard,
            Map<String, String> evictionSoft) {
        return new KubeletConfiguration(
                null,
                maxPods,
                podsPerCore,
                systemReserved,
                kubeReserved,
                evictionHard,
                evictionSoft,
                null,
                null,
                null,
                null,
                null);
    }

    private static NodeOverheadSettings withKubelet(KubeletConfiguration kubelet) {
        return DEFAULTS.withKubelet(kubelet);
    }

    private static Requirement req(InstanceType it, String key) {
        return it.requirements().get(key);
    }

    @Nested
    @DisplayName("m5.large with the default settings (AL2023, 20Gi, 7.5% VM overhead)")
    class M5Large {
        private final InstanceType m5 = resolve("m5.large");

        @Test
        @DisplayName("should report 2 vCPU, 7577Mi, 20Gi, 29 pods and 9 pod ENIs as capacity")
        void capacity() {
            // memory: 8192 MiB − ceil(8192 × 0.075 = 614.4) = 615 MiB → 7577 MiB (Karpenter's memory_test.go expects
            // 7945060352 bytes = 7577 MiB for 8 GiB x86 at 7.5%). pods: 3 ENIs × (10 − 1) + 2 = 29.
            assertThat(m5.capacity())
                    .isEqualTo(new Resources(
                            2000, 7577 * MI, 20 * GI, 29, new java.util.TreeMap<>(Map.of(Resources.POD_ENI, 9L))));
            assertThat(m5.capacity().memoryBytes()).isEqualTo(7_945_060_352L);
        }

        @Test
        @DisplayName("should reserve 70m, 574Mi and 1Gi for Kubernetes and evict at 100Mi and 2Gi")
        void overhead() {
            // kubeReserved cpu: 6% of 1000m = 60 + 1% of 1000m = 10 → 70m; memory 11 × 29 + 255 = 574 MiB.
            assertThat(m5.overhead().kubeReserved()).isEqualTo(new Resources(70, 574 * MI, GI, 0, null));
            assertThat(m5.overhead().systemReserved()).isEqualTo(Resources.NONE);
            // eviction: memory 100Mi; nodefs 10% of 20Gi = 2Gi.
            assertThat(m5.overhead().evictionThreshold()).isEqualTo(new Resources(0, 100 * MI, 2 * GI, 0, null));
        }

        @Test
        @DisplayName("should leave 1930m CPU, 6903Mi memory, 17Gi storage and 29 pods allocatable")
        void allocatable() {
            // cpu 2000 − 70 = 1930m; memory 7577 − 574 − 100 = 6903 MiB; storage 20 − 1 − 2 = 17 GiB.
            assertThat(m5.allocatable().cpuMillis()).isEqualTo(1930);
            assertThat(m5.allocatable().memoryBytes()).isEqualTo(6903 * MI);
            assertThat(m5.allocatable().ephemeralStorageBytes()).isEqualTo(17 * GI);
            assertThat(m5.allocatable().pods()).isEqualTo(29);
            assertThat(m5.allocatable().toQuantities())
                    .containsEntry("cpu", "1930m")
                    .containsEntry("memory", "6903Mi")
                    .containsEntry("pods", "29");
        }

        @Test
        @DisplayName("should compute allocatable once")
        void allocatableIsPrecomputed() {
            assertThat(m5.allocatable()).isSameAs(m5.allocatable());
            assertThat(m5.availableOfferings()).isSameAs(m5.availableOfferings());
        }

        @Test
        @DisplayName("should offer on-demand at $0.096/h and spot at the estimate $0.03264/h in each of its 5 zones")
        void offerings() {
            assertThat(m5.offerings()).hasSize(10);
            assertThat(m5.offerings())
                    .filteredOn(o -> o.capacityType() == CapacityType.ON_DEMAND)
                    .extracting(Offering::zone)
                    .containsExactly("us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1f");
            assertThat(m5.offerings())
                    .filteredOn(o -> o.capacityType() == CapacityType.ON_DEMAND)
                    .allSatisfy(o -> {
                        assertThat(o.pricePerHourUsd()).isEqualTo(0.096);
                        assertThat(o.priceEstimated()).isFalse();
                        assertThat(o.available()).isTrue();
                    });
            // 0.096 × (1 − 66/100) = 0.096 × 0.34 = 0.03264
            assertThat(m5.offerings())
                    .filteredOn(o -> o.capacityType() == CapacityType.SPOT)
                    .hasSize(5)
                    .allSatisfy(o -> {
                        assertThat(o.pricePerHourUsd()).isEqualTo(0.03264);
                        assertThat(o.priceEstimated()).isTrue();
                    });
        }

        @Test
        @DisplayName("should carry Karpenter's well-known labels")
        void labels() {
            assertThat(req(m5, Labels.INSTANCE_TYPE).values()).containsExactly("m5.large");
            assertThat(req(m5, Labels.ARCH).values()).containsExactly("amd64");
            assertThat(req(m5, Labels.OS).values()).containsExactly("linux");
            assertThat(req(m5, Labels.TOPOLOGY_REGION).values()).containsExactly("us-east-1");
            assertThat(req(m5, Labels.TOPOLOGY_ZONE).values())
                    .containsExactlyInAnyOrder("us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1f");
            assertThat(req(m5, Labels.CAPACITY_TYPE).values()).containsExactlyInAnyOrder("spot", "on-demand");
            assertThat(req(m5, Labels.INSTANCE_CATEGORY).values()).containsExactly("m");
            assertThat(req(m5, Labels.INSTANCE_FAMILY).values()).containsExactly("m5");
            assertThat(req(m5, Labels.INSTANCE_GENERATION).values()).containsExactly("5");
            assertThat(req(m5, Labels.INSTANCE_SIZE).values()).containsExactly("large");
            assertThat(req(m5, Labels.INSTANCE_CPU).values()).containsExactly("2");
            assertThat(req(m5, Labels.INSTANCE_MEMORY).values()).containsExactly("8192");
            assertThat(req(m5, Labels.INSTANCE_HYPERVISOR).values()).containsExactly("nitro");
        }

        @Test
        @DisplayName("should mark labels it lacks as DoesNotExist, as Karpenter does")
        void absentLabels() {
            for (String key : List.of(
                    Labels.INSTANCE_GPU_NAME,
                    Labels.INSTANCE_GPU_MANUFACTURER,
                    Labels.INSTANCE_GPU_COUNT,
                    Labels.INSTANCE_GPU_MEMORY,
                    Labels.INSTANCE_ACCELERATOR_NAME,
                    Labels.INSTANCE_ACCELERATOR_MANUFACTURER,
                    Labels.INSTANCE_ACCELERATOR_COUNT,
                    Labels.INSTANCE_LOCAL_NVME,
                    Labels.WINDOWS_BUILD,
                    Labels.CAPACITY_RESERVATION_ID,
                    Labels.CAPACITY_RESERVATION_TYPE)) {
                assertThat(m5.requirements().has(key)).as(key).isTrue();
                assertThat(req(m5, key).operator()).as(key).isEqualTo(NodeSelectorOperator.DOES_NOT_EXIST);
            }
        }

        @Test
        @DisplayName(
                "should satisfy a v1alpha5-style NodePool (category c/m/r, generation > 2, on-demand, linux, amd64)")
        void compatibleWithTypicalNodePool() {
            Requirements nodePool = Requirements.of(
                    Requirement.in(Labels.INSTANCE_CATEGORY, "c", "m", "r"),
                    Requirement.of(Labels.INSTANCE_GENERATION, NodeSelectorOperator.GT, List.of("2"), null),
                    Requirement.in(Labels.CAPACITY_TYPE, "on-demand"),
                    Requirement.in(Labels.OS, "linux"),
                    Requirement.in(Labels.ARCH, "amd64"));
            assertThat(m5.requirements().isCompatible(nodePool, Labels.WELL_KNOWN))
                    .isTrue();
            assertThat(m5.requirements()
                            .isCompatible(
                                    Requirements.of(Requirement.exists(Labels.INSTANCE_GPU_NAME)), Labels.WELL_KNOWN))
                    .isFalse();
        }
    }

    @Nested
    @DisplayName("kube-reserved CPU")
    class KubeReservedCpu {
        @Test
        @DisplayName("should reserve 110m on a 16-vCPU type (c5.4xlarge)")
        void sixteenVcpu() {
            // 6% × 1000 = 60, 1% × 1000 = 10, 0.5% × 2000 = 10, 0.25% × 12000 = 30 → 110m
            InstanceType c5 = resolve("c5.4xlarge");
            assertThat(c5.overhead().kubeReserved().cpuMillis()).isEqualTo(110);
            assertThat(c5.allocatable().cpuMillis()).isEqualTo(16000 - 110);
        }

        @Test
        @DisplayName("should reserve 60m, 70m, 80m and 190m for 1, 2, 4 and 48 vCPUs")
        void bands() {
            assertThat(InstanceTypes.defaultKubeReservedCpuMillis(1)).isEqualTo(60);
            assertThat(InstanceTypes.defaultKubeReservedCpuMillis(2)).isEqualTo(70);
            assertThat(InstanceTypes.defaultKubeReservedCpuMillis(4)).isEqualTo(80);
            // 80 + 0.25% × 44000 = 80 + 110
            assertThat(InstanceTypes.defaultKubeReservedCpuMillis(48)).isEqualTo(190);
        }

        @Test
        @DisplayName("should reserve 80m plus 2.5m per vCPU above 4, rounded down, for every count from 4 to 896 vCPUs")
        void aboveFourCores() {
            for (int vcpu = 4; vcpu <= 896; vcpu++) {
                assertThat(InstanceTypes.defaultKubeReservedCpuMillis(vcpu))
                        .as("%d vCPU", vcpu)
                        .isEqualTo(80 + (5L * (vcpu - 4)) / 2);
            }
        }
    }

    @Nested
    @DisplayName("a GPU type (g4dn.12xlarge: 4 NVIDIA T4)")
    class Gpu {
        private final InstanceType g4dn = resolve("g4dn.12xlarge");

        @Test
        @DisplayName("should advertise 4 nvidia.com/gpu")
        void capacity() {
            assertThat(g4dn.capacity().get(Resources.NVIDIA_GPU)).isEqualTo(4);
            assertThat(g4dn.allocatable().get(Resources.NVIDIA_GPU)).isEqualTo(4);
            assertThat(g4dn.capacity().get(Resources.AMD_GPU)).isZero();
            // 8 ENIs × (30 − 1) + 2
            assertThat(g4dn.capacity().pods()).isEqualTo(234);
        }

        @Test
        @DisplayName("should carry lower-cased GPU labels and its local NVMe size")
        void labels() {
            assertThat(req(g4dn, Labels.INSTANCE_GPU_NAME).values()).containsExactly("t4");
            assertThat(req(g4dn, Labels.INSTANCE_GPU_MANUFACTURER).values()).containsExactly("nvidia");
            assertThat(req(g4dn, Labels.INSTANCE_GPU_COUNT).values()).containsExactly("4");
            assertThat(req(g4dn, Labels.INSTANCE_GPU_MEMORY).values()).containsExactly("16384");
            assertThat(req(g4dn, Labels.INSTANCE_LOCAL_NVME).values()).containsExactly("900");
            assertThat(req(g4dn, Labels.INSTANCE_CATEGORY).values()).containsExactly("g");
            assertThat(req(g4dn, Labels.INSTANCE_FAMILY).values()).containsExactly("g4dn");
            assertThat(req(g4dn, Labels.INSTANCE_GENERATION).values()).containsExactly("4");
            assertThat(req(g4dn, Labels.INSTANCE_SIZE).values()).containsExactly("12xlarge");
            assertThat(req(g4dn, Labels.INSTANCE_CPU).values()).containsExactly("48");
            assertThat(req(g4dn, Labels.INSTANCE_MEMORY).values()).containsExactly("196608");
        }

        @Test
        @DisplayName("should turn spaces in an AMD GPU name into dashes (g4ad.xlarge: Radeon Pro V520)")
        void amd() {
            InstanceType g4ad = resolve("g4ad.xlarge");
            assertThat(req(g4ad, Labels.INSTANCE_GPU_NAME).values()).containsExactly("radeon-pro-v520");
            assertThat(req(g4ad, Labels.INSTANCE_GPU_MANUFACTURER).values()).containsExactly("amd");
            assertThat(g4ad.capacity().get(Resources.AMD_GPU)).isEqualTo(1);
            assertThat(g4ad.capacity().get(Resources.NVIDIA_GPU)).isZero();
        }

        @Test
        @DisplayName("should label a fractional-GPU type with count 0 and advertise no GPU resource (g6f.large)")
        void fractional() {
            InstanceType g6f = resolve("g6f.large");
            assertThat(req(g6f, Labels.INSTANCE_GPU_COUNT).values()).containsExactly("0");
            assertThat(req(g6f, Labels.INSTANCE_GPU_NAME).operator()).isEqualTo(NodeSelectorOperator.IN);
            assertThat(g6f.capacity().get(Resources.NVIDIA_GPU)).isZero();
        }
    }

    @Nested
    @DisplayName("Neuron accelerators")
    class Neuron {
        @Test
        @DisplayName("should label inf2.xlarge as 1 aws inferentia2 and advertise 1 aws.amazon.com/neuron")
        void inferentia2() {
            InstanceType inf2 = resolve("inf2.xlarge");
            assertThat(req(inf2, Labels.INSTANCE_ACCELERATOR_NAME).values()).containsExactly("inferentia2");
            assertThat(req(inf2, Labels.INSTANCE_ACCELERATOR_MANUFACTURER).values())
                    .containsExactly("aws");
            assertThat(req(inf2, Labels.INSTANCE_ACCELERATOR_COUNT).values()).containsExactly("1");
            assertThat(inf2.capacity().get(Resources.AWS_NEURON)).isEqualTo(1);
            assertThat(req(inf2, Labels.INSTANCE_GPU_NAME).operator()).isEqualTo(NodeSelectorOperator.DOES_NOT_EXIST);
        }

        @Test
        @DisplayName("should label trn1.2xlarge as trainium")
        void trainium() {
            assertThat(req(resolve("trn1.2xlarge"), Labels.INSTANCE_ACCELERATOR_NAME)
                            .values())
                    .containsExactly("trainium");
        }
    }

    @Nested
    @DisplayName("an arm64 type (m6g.large)")
    class Arm64 {
        @Test
        @DisplayName("should subtract 64 MiB of CMA before the VM overhead")
        void memory() {
            // (8192 − 64) = 8128 MiB; ceil(8128 × 0.075 = 609.6) = 610 → 7518 MiB (Karpenter's memory_test.go:
            // 7883194368)
            InstanceType m6g = resolve("m6g.large");
            assertThat(m6g.capacity().memoryBytes()).isEqualTo(7518 * MI).isEqualTo(7_883_194_368L);
            assertThat(req(m6g, Labels.ARCH).values()).containsExactly("arm64");
            // 7518 − (11 × 29 + 255 = 574) − 100
            assertThat(m6g.allocatable().memoryBytes()).isEqualTo(6844 * MI);
        }
    }

    @Nested
    @DisplayName("pod capacity")
    class Pods {
        @Test
        @DisplayName("should use kubelet.maxPods but keep kube-reserved memory on the ENI-limited 29 pods (AL2023)")
        void maxPodsOnAl2023() {
            InstanceType it = resolve("m5.large", withKubelet(kubelet(50, null, null, null, null, null)));
            assertThat(it.capacity().pods()).isEqualTo(50);
            assertThat(it.overhead().kubeReserved().memoryBytes()).isEqualTo(574 * MI);
            assertThat(it.allocatable().memoryBytes()).isEqualTo(6903 * MI);
        }

        @Test
        @DisplayName("should compute kube-reserved memory from maxPods on Bottlerocket")
        void maxPodsOnBottlerocket() {
            InstanceType it = resolve(
                    "m5.large",
                    withKubelet(kubelet(50, null, null, null, null, null)).withAmiFamily(AmiFamily.BOTTLEROCKET));
            // 11 × 50 + 255 = 805 MiB; 7577 − 805 − 100 = 6672 MiB
            assertThat(it.overhead().kubeReserved().memoryBytes()).isEqualTo(805 * MI);
            assertThat(it.allocatable().memoryBytes()).isEqualTo(6672 * MI);
        }

        @Test
        @DisplayName("should cap pods at podsPerCore × vCPU")
        void podsPerCore() {
            // min(10 × 2, 29) = 20
            assertThat(resolve("m5.large", withKubelet(kubelet(null, 10, null, null, null, null)))
                            .capacity()
                            .pods())
                    .isEqualTo(20);
            // min(20 × 2, 29) = 29
            assertThat(resolve("m5.large", withKubelet(kubelet(null, 20, null, null, null, null)))
                            .capacity()
                            .pods())
                    .isEqualTo(29);
            // min(10 × 2, 50) = 20
            assertThat(resolve("m5.large", withKubelet(kubelet(50, 10, null, null, null, null)))
                            .capacity()
                            .pods())
                    .isEqualTo(20);
        }

        @Test
        @DisplayName("should ignore podsPerCore on Bottlerocket")
        void podsPerCoreIgnoredOnBottlerocket() {
            InstanceType it = resolve(
                    "m5.large",
                    withKubelet(kubelet(null, 10, null, null, null, null)).withAmiFamily(AmiFamily.BOTTLEROCKET));
            assertThat(it.capacity().pods()).isEqualTo(29);
        }

        @Test
        @DisplayName("should subtract reserved ENIs from pod capacity but not from kube-reserved memory")
        void reservedEnis() {
            // (3 − 1) × 9 + 2 = 20
            InstanceType it = resolve("m5.large", DEFAULTS.withReservedEnis(1));
            assertThat(it.capacity().pods()).isEqualTo(20);
            assertThat(it.overhead().kubeReserved().memoryBytes()).isEqualTo(574 * MI);
            assertThat(resolve("m5.large", DEFAULTS.withReservedEnis(3))
                            .capacity()
                            .pods())
                    .isZero();
        }

        @Test
        @DisplayName("should reject a negative maxPods or podsPerCore, naming the field")
        void negative() {
            assertThatThrownBy(() -> resolve("m5.large", withKubelet(kubelet(-1, null, null, null, null, null))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("kubelet.maxPods");
            assertThatThrownBy(() -> resolve("m5.large", withKubelet(kubelet(null, -2, null, null, null, null))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("kubelet.podsPerCore");
        }
    }

    @Nested
    @DisplayName("Windows")
    class Windows {
        @Test
        @DisplayName("should give 110 pods, the windows os and build labels, 50Gi and private IPv4 addresses")
        void windows2022() {
            InstanceType it = resolve("m5.large", DEFAULTS.withAmiFamily(AmiFamily.WINDOWS2022));
            assertThat(it.capacity().pods()).isEqualTo(110);
            assertThat(req(it, Labels.OS).values()).containsExactly("windows");
            assertThat(req(it, Labels.WINDOWS_BUILD).values()).containsExactly("10.0.20348");
            assertThat(it.capacity().ephemeralStorageBytes()).isEqualTo(50 * GI);
            // ipv4PerEni − 1
            assertThat(it.capacity().get(InstanceTypes.PRIVATE_IPV4_ADDRESS)).isEqualTo(9);
            // kube-reserved memory from the 110 pods: 11 × 110 + 255 = 1465 MiB; 7577 − 1465 − 100 = 6012 MiB
            assertThat(it.allocatable().memoryBytes()).isEqualTo(6012 * MI);
            // 10% of 50Gi = 5Gi; 50 − 1 − 5 = 44Gi
            assertThat(it.allocatable().ephemeralStorageBytes()).isEqualTo(44 * GI);
        }

        @Test
        @DisplayName("should leave an arm64 type no operating system")
        void arm64() {
            InstanceType it = resolve("m6g.large", DEFAULTS.withAmiFamily(AmiFamily.WINDOWS2019));
            assertThat(req(it, Labels.OS).isEmpty()).isTrue();
            assertThat(it.capacity().get(InstanceTypes.PRIVATE_IPV4_ADDRESS)).isZero();
        }
    }

    @Nested
    @DisplayName("kubelet reservations and eviction thresholds")
    class Reservations {
        @Test
        @DisplayName("should replace only the kubeReserved keys given")
        void kubeReserved() {
            InstanceType it = resolve(
                    "m5.large",
                    withKubelet(kubelet(null, null, null, Map.of("cpu", "200m", "memory", "1Gi"), null, null)));
            assertThat(it.overhead().kubeReserved()).isEqualTo(new Resources(200, GI, GI, 0, null));
            // 2000 − 200; 7577 − 1024 − 100
            assertThat(it.allocatable().cpuMillis()).isEqualTo(1800);
            assertThat(it.allocatable().memoryBytes()).isEqualTo(6453 * MI);
        }

        @Test
        @DisplayName("should subtract systemReserved and ignore a pid reservation in allocatable")
        void systemReserved() {
            InstanceType it = resolve(
                    "m5.large",
                    withKubelet(kubelet(
                            null,
                            null,
                            Map.of("cpu", "100m", "memory", "100Mi", "ephemeral-storage", "1Gi", "pid", "1000"),
                            null,
                            null,
                            null)));
            assertThat(it.overhead().systemReserved().get("pid")).isEqualTo(1000);
            assertThat(it.allocatable().cpuMillis()).isEqualTo(1830);
            assertThat(it.allocatable().memoryBytes()).isEqualTo(6803 * MI);
            assertThat(it.allocatable().ephemeralStorageBytes()).isEqualTo(16 * GI);
            assertThat(it.allocatable().extended()).doesNotContainKey("pid");
        }

        @Test
        @DisplayName("should take evictionHard as a quantity or a percentage of capacity")
        void evictionHard() {
            InstanceType it = resolve(
                    "m5.large",
                    withKubelet(kubelet(
                            null,
                            null,
                            null,
                            null,
                            Map.of(InstanceTypes.MEMORY_AVAILABLE, "500Mi", InstanceTypes.NODEFS_AVAILABLE, "15%"),
                            null)));
            // 15% of 20Gi = 3Gi
            assertThat(it.overhead().evictionThreshold()).isEqualTo(new Resources(0, 500 * MI, 3 * GI, 0, null));
            assertThat(it.allocatable().memoryBytes()).isEqualTo((7577 - 574 - 500) * MI);
            assertThat(it.allocatable().ephemeralStorageBytes()).isEqualTo(16 * GI);

            InstanceType percent = resolve(
                    "m5.large",
                    withKubelet(kubelet(null, null, null, null, Map.of(InstanceTypes.MEMORY_AVAILABLE, "5%"), null)));
            // ceil(7945060352 / 100 × 5 = 397253017.6)
            assertThat(percent.overhead().evictionThreshold().memoryBytes()).isEqualTo(397_253_018L);
        }

        @Test
        @DisplayName("should treat 100% as a disabled threshold")
        void hundredPercent() {
            InstanceType it = resolve(
                    "m5.large",
                    withKubelet(kubelet(null, null, null, null, Map.of(InstanceTypes.NODEFS_AVAILABLE, "100%"), null)));
            assertThat(it.overhead().evictionThreshold().ephemeralStorageBytes())
                    .isZero();
        }

        @Test
        @DisplayName("should ignore evictionSoft, as current Karpenter does")
        void evictionSoft() {
            InstanceType it = resolve(
                    "m5.large",
                    withKubelet(kubelet(null, null, null, null, null, Map.of(InstanceTypes.MEMORY_AVAILABLE, "1Gi"))));
            assertThat(it.overhead().evictionThreshold().memoryBytes()).isEqualTo(100 * MI);
        }

        @Test
        @DisplayName("should reject bad reservations and thresholds, naming the field")
        void invalid() {
            assertThatThrownBy(() -> resolve(
                            "m5.large",
                            withKubelet(kubelet(null, null, null, Map.of("nvidia.com/gpu", "1"), null, null))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("kubelet.kubeReserved")
                    .hasMessageContaining("nvidia.com/gpu");
            assertThatThrownBy(() -> resolve(
                            "m5.large", withKubelet(kubelet(null, null, Map.of("cpu", "lots"), null, null, null))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("kubelet.systemReserved.cpu");
            assertThatThrownBy(() -> resolve(
                            "m5.large", withKubelet(kubelet(null, null, null, Map.of("memory", "-1Gi"), null, null))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("kubelet.kubeReserved.memory")
                    .hasMessageContaining("negative");
            assertThatThrownBy(() -> resolve(
                            "m5.large",
                            withKubelet(kubelet(
                                    null, null, null, null, Map.of(InstanceTypes.MEMORY_AVAILABLE, "ten%"), null))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("kubelet.evictionHard.memory.available");
            assertThatThrownBy(() -> resolve(
                            "m5.large",
                            withKubelet(kubelet(
                                    null, null, null, null, Map.of(InstanceTypes.NODEFS_AVAILABLE, "150%"), null))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("kubelet.evictionHard.nodefs.available");
        }
    }

    @Nested
    @DisplayName("ephemeral storage")
    class EphemeralStorage {
        @Test
        @DisplayName("should use the instance store with RAID0 (m5d.large: 75 GB)")
        void raid0() {
            InstanceType it = resolve("m5d.large", DEFAULTS.withInstanceStorePolicyRaid0(true));
            assertThat(it.capacity().ephemeralStorageBytes()).isEqualTo(75_000_000_000L);
            // 10% = 7.5 GB; 75e9 − 1Gi − 7.5e9
            assertThat(it.overhead().evictionThreshold().ephemeralStorageBytes())
                    .isEqualTo(7_500_000_000L);
            assertThat(it.allocatable().ephemeralStorageBytes()).isEqualTo(75_000_000_000L - GI - 7_500_000_000L);
        }

        @Test
        @DisplayName("should keep the volume with RAID0 on a type without instance store")
        void raid0WithoutInstanceStore() {
            assertThat(resolve("m5.large", DEFAULTS.withInstanceStorePolicyRaid0(true))
                            .capacity()
                            .ephemeralStorageBytes())
                    .isEqualTo(20 * GI);
        }

        @Test
        @DisplayName("should use the configured volume size")
        void volumeSize() {
            assertThat(resolve("m5.large", DEFAULTS.withEphemeralVolumeBytes(100 * GI))
                            .capacity()
                            .ephemeralStorageBytes())
                    .isEqualTo(100 * GI);
            assertThat(resolve("m5.large", DEFAULTS.withAmiFamily(AmiFamily.BOTTLEROCKET))
                            .capacity()
                            .ephemeralStorageBytes())
                    .isEqualTo(20 * GI);
        }
    }

    @Nested
    @DisplayName("memory")
    class Memory {
        @Test
        @DisplayName("should keep the catalog memory with no VM overhead")
        void noOverhead() {
            assertThat(resolve("m5.large", DEFAULTS.withVmMemoryOverheadPercent(0))
                            .capacity()
                            .memoryBytes())
                    .isEqualTo(8192 * MI);
        }
    }

    @Nested
    @DisplayName("offerings and prices")
    class Offerings {
        @Test
        @DisplayName("should price spot at the on-demand price when the savings are 0% (a1.2xlarge)")
        void zeroSavings() {
            InstanceType a1 = resolve("a1.2xlarge");
            assertThat(a1.offerings())
                    .filteredOn(o -> o.capacityType() == CapacityType.SPOT)
                    .isNotEmpty()
                    .allSatisfy(o -> assertThat(o.pricePerHourUsd()).isEqualTo(0.204));
        }

        @Test
        @DisplayName("should estimate spot from the category median for a type missing from the feed (c8i.large)")
        void categoryMedian() {
            InstanceTypeInfo info = CATALOG.get("c8i.large");
            // lower median of the 201 published figures of category c, computed from the source data: 64
            assertThat(info.spotSavings()).isEqualTo(new SpotSavings(64, SpotSavings.Basis.CATEGORY_MEDIAN));
            // 0.09371 × 0.36
            assertThat(InstanceTypes.resolve(info, DEFAULTS).offerings())
                    .filteredOn(o -> o.capacityType() == CapacityType.SPOT)
                    .allSatisfy(o -> {
                        assertThat(o.pricePerHourUsd()).isCloseTo(0.0337356, within(1e-12));
                        assertThat(o.priceEstimated()).isTrue();
                    });
        }

        @Test
        @DisplayName("should limit offerings and the zone label to the EC2NodeClass's subnet zones")
        void subnetZones() {
            InstanceTypeInfo m5 = CATALOG.get("m5.large").withZonesWithin(List.of("us-east-1b", "us-east-1e"));
            InstanceType it = InstanceTypes.resolve(m5, DEFAULTS);
            // us-east-1e does not offer m5.large; us-east-1b does: one zone × spot and on-demand
            assertThat(it.offerings()).extracting(Offering::zone).containsOnly("us-east-1b");
            assertThat(it.offerings()).hasSize(2);
            assertThat(req(it, Labels.TOPOLOGY_ZONE).values()).containsExactly("us-east-1b");
        }

        @Test
        @DisplayName("should offer only on-demand for an on-demand-only type (t2.nano)")
        void onDemandOnly() {
            InstanceType t2 = resolve("t2.nano");
            assertThat(t2.offerings()).extracting(Offering::capacityType).containsOnly(CapacityType.ON_DEMAND);
            assertThat(req(t2, Labels.CAPACITY_TYPE).values()).containsExactly("on-demand");
        }

        @Test
        @DisplayName("should offer no spot when nothing is known about spot savings")
        void noSpotSavings() {
            InstanceType it =
                    InstanceTypes.resolve(anInstanceType().spotSavings(null).build(), DEFAULTS);
            assertThat(it.offerings()).extracting(Offering::capacityType).containsOnly(CapacityType.ON_DEMAND);
            assertThat(req(it, Labels.CAPACITY_TYPE).values()).containsExactly("on-demand");
        }

        @Test
        @DisplayName("should find the cheapest compatible available offering")
        void cheapest() {
            InstanceType m5 = resolve("m5.large");
            Requirements spotInB = Requirements.of(
                    Requirement.in(Labels.CAPACITY_TYPE, "spot"), Requirement.in(Labels.TOPOLOGY_ZONE, "us-east-1b"));
            assertThat(m5.cheapestCompatibleAvailableOffering(spotInB))
                    .hasValue(new Offering("us-east-1b", CapacityType.SPOT, 0.03264, true, true));
            assertThat(m5.cheapestCompatibleAvailableOffering(Requirements.EMPTY))
                    .get()
                    .extracting(Offering::capacityType)
                    .isEqualTo(CapacityType.SPOT);
            assertThat(m5.cheapestCompatibleAvailableOffering(
                            Requirements.of(Requirement.in(Labels.CAPACITY_TYPE, "reserved"))))
                    .isEmpty();
        }

        @Test
        @DisplayName("should skip unavailable offerings but keep them in the requirements")
        void unavailable() {
            InstanceType m5 = resolve("m5.large");
            InstanceType noSpot = m5.withOfferings(m5.offerings().stream()
                    .map(o -> o.withAvailable(o.capacityType() != CapacityType.SPOT))
                    .toList());
            Requirements spot = Requirements.of(Requirement.in(Labels.CAPACITY_TYPE, "spot"));
            assertThat(m5.hasCompatibleAvailableOffering(spot)).isTrue();
            assertThat(noSpot.hasCompatibleAvailableOffering(spot)).isFalse();
            assertThat(noSpot.availableOfferings()).hasSize(5);
            assertThat(noSpot.requirements()).isEqualTo(m5.requirements());
        }
    }

    @Nested
    @DisplayName("labels of special types")
    class SpecialLabels {
        @Test
        @DisplayName("should give bare metal an empty hypervisor label (m5.metal)")
        void bareMetal() {
            assertThat(req(resolve("m5.metal"), Labels.INSTANCE_HYPERVISOR).values())
                    .containsExactly("");
        }

        @Test
        @DisplayName("should take category and generation from a high-memory name (u-6tb1.56xlarge)")
        void highMemory() {
            InstanceType u = resolve("u-6tb1.56xlarge");
            assertThat(req(u, Labels.INSTANCE_CATEGORY).values()).containsExactly("u");
            assertThat(req(u, Labels.INSTANCE_GENERATION).values()).containsExactly("1");
            assertThat(req(u, Labels.INSTANCE_FAMILY).values()).containsExactly("u-6tb1");
        }

        @Test
        @DisplayName("should make every requirement of every catalog type resolvable with the defaults")
        void wholeCatalog() {
            List<InstanceType> all = CATALOG.resolveAll(DEFAULTS);
            assertThat(all).hasSize(CATALOG.size());
            assertThat(all).allSatisfy(it -> {
                assertThat(it.requirements().get(Labels.INSTANCE_TYPE).values()).containsExactly(it.name());
                assertThat(it.offerings()).isNotEmpty();
                assertThat(Set.of("amd64", "arm64"))
                        .containsAll(it.requirements().get(Labels.ARCH).values());
            });
        }
    }
}
