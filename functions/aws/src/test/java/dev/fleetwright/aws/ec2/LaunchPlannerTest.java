package dev.fleetwright.aws.ec2;

import static dev.fleetwright.aws.ec2.Fixtures.AL2023_ARM;
import static dev.fleetwright.aws.ec2.Fixtures.AL2023_NVIDIA;
import static dev.fleetwright.aws.ec2.Fixtures.AL2023_X86;
import static dev.fleetwright.aws.ec2.Fixtures.in;
import static dev.fleetwright.aws.ec2.Fixtures.nodeClaim;
import static dev.fleetwright.aws.ec2.Fixtures.prices;
import static dev.fleetwright.aws.ec2.Fixtures.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.NodeClaim;
import dev.fleetwright.core.api.NodePool;
import dev.fleetwright.core.api.corev1.NodeSelectorOperator;
import dev.fleetwright.core.api.corev1.NodeSelectorRequirement;
import dev.fleetwright.core.cloudprovider.CapacityType;
import dev.fleetwright.core.cloudprovider.CloudProviderException;
import dev.fleetwright.core.cloudprovider.InstanceType;
import dev.fleetwright.core.cloudprovider.NodeClassNotReadyException;
import dev.fleetwright.core.scheduling.Requirement;
import dev.fleetwright.core.scheduling.Requirements;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LaunchPlannerTest {

    static final NodePool POOL = Fixtures.nodePool(Fixtures.NODE_POOL);

    static final Ami X86 = new Ami(
            AL2023_X86,
            "x86",
            "2026-10-01T00:00:00Z",
            AmiVariant.STANDARD.requirements().and(Requirement.in(Labels.ARCH, "amd64")));
    static final Ami ARM = new Ami(
            AL2023_ARM,
            "arm",
            "2026-10-01T00:00:00Z",
            AmiVariant.STANDARD.requirements().and(Requirement.in(Labels.ARCH, "arm64")));
    static final Ami NVIDIA = new Ami(
            AL2023_NVIDIA,
            "nvidia",
            "2026-10-01T00:00:00Z",
            AmiVariant.NVIDIA.requirements().and(Requirement.in(Labels.ARCH, "amd64")));

    /** Subnets in us-east-1a (two: a2 has more free IPs) and us-east-1b; none in us-east-1c. */
    static final ResolvedNodeClass RESOLVED = new ResolvedNodeClass(
            Fixtures.nodeClass(Fixtures.NODE_CLASS),
            List.of(
                    new Subnet("subnet-a1", "us-east-1a", "use1-az1", 100, false),
                    new Subnet("subnet-a2", "us-east-1a", "use1-az1", 200, false),
                    new Subnet("subnet-b1", "us-east-1b", "use1-az2", 50, false)),
            List.of("sg-1"),
            List.of(X86, ARM, NVIDIA),
            "profile");

    static NodeClaim claim(NodeSelectorRequirement... requirements) {
        return nodeClaim("general-abcde", POOL, List.of(requirements));
    }

    static NodeSelectorRequirement capacityTypes(String... values) {
        return in(Labels.CAPACITY_TYPE, values);
    }

    static List<String> overrideSummary(LaunchPlan plan) {
        return plan.overrides().stream()
                .map(o -> o.instanceType().name() + "@" + o.subnet().id() + "=" + o.priority())
                .toList();
    }

    @Nested
    @DisplayName("capacity type")
    class Capacity {

        final List<InstanceType> types =
                List.of(type("m5.large", "amd64", 29, prices("us-east-1a/spot", 0.04, "us-east-1a/on-demand", 0.096)));

        @Test
        @DisplayName("should prefer spot when both spot and on-demand are allowed and offered")
        void spotFirst() {
            LaunchPlan plan = LaunchPlanner.plan(claim(capacityTypes("spot", "on-demand")), types, RESOLVED);
            assertThat(plan.capacityType()).isEqualTo(CapacityType.SPOT);
            assertThat(plan.overrides())
                    .allSatisfy(o -> assertThat(o.offering().capacityType()).isEqualTo(CapacityType.SPOT));
        }

        @Test
        @DisplayName("should use on-demand when spot is not allowed, or not offered")
        void onDemand() {
            assertThat(LaunchPlanner.plan(claim(capacityTypes("on-demand")), types, RESOLVED)
                            .capacityType())
                    .isEqualTo(CapacityType.ON_DEMAND);
            List<InstanceType> onDemandOnly =
                    List.of(type("m5.large", "amd64", 29, prices("us-east-1a/on-demand", 0.096)));
            assertThat(LaunchPlanner.plan(claim(capacityTypes("spot", "on-demand")), onDemandOnly, RESOLVED)
                            .capacityType())
                    .isEqualTo(CapacityType.ON_DEMAND);
        }

        @Test
        @DisplayName("should prefer reserved capacity over spot when allowed and offered")
        void reservedFirst() {
            List<InstanceType> withReservation = List.of(type(
                    "m5.large",
                    "amd64",
                    29,
                    prices("us-east-1a/spot", 0.04, "us-east-1a/reserved", 0.001, "us-east-1a/on-demand", 0.096)));
            assertThat(LaunchPlanner.plan(claim(), withReservation, RESOLVED).capacityType())
                    .isEqualTo(CapacityType.RESERVED);
            assertThat(LaunchPlanner.plan(claim(capacityTypes("spot", "on-demand")), withReservation, RESOLVED)
                            .capacityType())
                    .isEqualTo(CapacityType.SPOT);
        }
    }

    @Nested
    @DisplayName("overrides")
    class Overrides {

        @Test
        @DisplayName("should offer type × zonal subnet, cheapest first, priority = rank, best subnet per zone")
        void priceOrder() {
            List<InstanceType> types = List.of(
                    type("m5.large", "amd64", 29, prices("us-east-1a/on-demand", 0.096, "us-east-1b/on-demand", 0.097)),
                    type("c5.large", "amd64", 29, prices("us-east-1a/on-demand", 0.085, "us-east-1c/on-demand", 0.01)),
                    type("r5.large", "amd64", 29, prices("us-east-1b/on-demand", 0.126)));
            LaunchPlan plan = LaunchPlanner.plan(claim(capacityTypes("on-demand")), types, RESOLVED);
            // us-east-1c has no subnet, so its cheap c5.large offering is not offered
            assertThat(overrideSummary(plan))
                    .containsExactly(
                            "c5.large@subnet-a2=0.0",
                            "m5.large@subnet-a2=1.0",
                            "m5.large@subnet-b1=2.0",
                            "r5.large@subnet-b1=3.0");
            assertThat(plan.groups()).singleElement().satisfies(g -> {
                assertThat(g.ami()).isEqualTo(X86);
                assertThat(g.instanceTypes())
                        .extracting(InstanceType::name)
                        .containsExactly("c5.large", "m5.large", "r5.large");
            });
        }

        @Test
        @DisplayName("should keep only offerings in the zones the NodeClaim allows, and only allowed types")
        void requirementsNarrow() {
            List<InstanceType> types = List.of(
                    type("m5.large", "amd64", 29, prices("us-east-1a/on-demand", 0.096, "us-east-1b/on-demand", 0.097)),
                    type("c5.large", "amd64", 29, prices("us-east-1b/on-demand", 0.085)));
            LaunchPlan plan = LaunchPlanner.plan(
                    claim(
                            capacityTypes("on-demand"),
                            in(Labels.TOPOLOGY_ZONE, "us-east-1b"),
                            in(Labels.INSTANCE_TYPE, "m5.large")),
                    types,
                    RESOLVED);
            assertThat(overrideSummary(plan)).containsExactly("m5.large@subnet-b1=0.0");
        }

        @Test
        @DisplayName("should not offer unavailable offerings")
        void unavailable() {
            InstanceType m5 =
                    type("m5.large", "amd64", 29, prices("us-east-1a/on-demand", 0.096, "us-east-1b/on-demand", 0.097));
            InstanceType marked = m5.withOfferings(List.of(
                    m5.offerings().get(0).withAvailable(false), m5.offerings().get(1)));
            LaunchPlan plan = LaunchPlanner.plan(claim(capacityTypes("on-demand")), List.of(marked), RESOLVED);
            assertThat(overrideSummary(plan)).containsExactly("m5.large@subnet-b1=0.0");
        }

        @Test
        @DisplayName("should offer at most the 60 cheapest instance types")
        void truncates() {
            List<InstanceType> types = new ArrayList<>();
            for (int i = 0; i < 70; i++) {
                // t069 is the cheapest, t000 the dearest
                types.add(type(
                        String.format("t%03d.large", i), "amd64", 29, prices("us-east-1a/on-demand", 1.0 - i * 0.01)));
            }
            LaunchPlan plan = LaunchPlanner.plan(claim(capacityTypes("on-demand")), types, RESOLVED);
            assertThat(plan.overrides()).hasSize(60);
            assertThat(plan.overrides().get(0).instanceType().name()).isEqualTo("t069.large");
            assertThat(plan.overrides().get(59).instanceType().name()).isEqualTo("t010.large");
        }

        @Test
        @DisplayName("should name the NodeClaim when no offering can be launched")
        void nothingLaunchable() {
            List<InstanceType> types = List.of(type("m5.large", "amd64", 29, prices("us-east-1c/on-demand", 0.096)));
            assertThatThrownBy(() -> LaunchPlanner.plan(claim(), types, RESOLVED))
                    .isInstanceOf(CloudProviderException.class)
                    .hasMessageContaining("NodeClaim \"general-abcde\"")
                    .hasMessageContaining("[us-east-1a, us-east-1b]");
        }
    }

    @Nested
    @DisplayName("instance type filters")
    class Filters {

        @Test
        @DisplayName("should drop spot types dearer than the cheapest on-demand offering in a mixed launch")
        void unwantedSpot() {
            // big.xlarge's spot (0.20) costs more than small.large on-demand (0.10): dropped
            List<InstanceType> types = List.of(
                    type("small.large", "amd64", 29, prices("us-east-1a/spot", 0.05, "us-east-1a/on-demand", 0.10)),
                    type("big.xlarge", "amd64", 58, prices("us-east-1a/spot", 0.20, "us-east-1a/on-demand", 0.40)));
            LaunchPlan plan = LaunchPlanner.plan(claim(capacityTypes("spot", "on-demand")), types, RESOLVED);
            assertThat(plan.capacityType()).isEqualTo(CapacityType.SPOT);
            assertThat(overrideSummary(plan)).containsExactly("small.large@subnet-a2=0.0");
            // spot only: nothing to compare with, both stay
            assertThat(LaunchPlanner.plan(claim(capacityTypes("spot")), types, RESOLVED)
                            .overrides())
                    .hasSize(2);
        }

        @Test
        @DisplayName("should drop single spot offerings dearer than the cheapest on-demand offering in a mixed launch")
        void dearSpotOffering() {
            // m5.large spot is 0.05 in us-east-1a but 0.15 in us-east-1b; c5.large on-demand costs 0.10
            List<InstanceType> types = List.of(
                    type("m5.large", "amd64", 29, prices("us-east-1a/spot", 0.05, "us-east-1b/spot", 0.15)),
                    type("c5.large", "amd64", 29, prices("us-east-1a/on-demand", 0.10)));
            LaunchPlan plan = LaunchPlanner.plan(claim(capacityTypes("spot", "on-demand")), types, RESOLVED);
            assertThat(overrideSummary(plan)).containsExactly("m5.large@subnet-a2=0.0");
        }

        @Test
        @DisplayName("should drop GPU and metal types when others fit, and keep them when nothing else does")
        void exotic() {
            InstanceType gpu = type("g5.xlarge", "amd64", 58, prices("us-east-1a/on-demand", 0.01), 1);
            InstanceType metal = type("m5.metal", "amd64", 737, prices("us-east-1a/on-demand", 0.02));
            InstanceType plain = type("m5.large", "amd64", 29, prices("us-east-1a/on-demand", 0.096));
            LaunchPlan mixed =
                    LaunchPlanner.plan(claim(capacityTypes("on-demand")), List.of(gpu, metal, plain), RESOLVED);
            assertThat(overrideSummary(mixed)).containsExactly("m5.large@subnet-a2=0.0");
            LaunchPlan gpuOnly = LaunchPlanner.plan(claim(capacityTypes("on-demand")), List.of(gpu), RESOLVED);
            assertThat(gpuOnly.groups())
                    .singleElement()
                    .satisfies(g -> assertThat(g.ami()).isEqualTo(NVIDIA));
        }

        @Test
        @DisplayName("should skip the filters but enforce minValues when the NodeClaim has them")
        void minValues() {
            InstanceType gpu = type("g5.xlarge", "amd64", 58, prices("us-east-1a/on-demand", 0.01), 1);
            InstanceType plain = type("m5.large", "amd64", 29, prices("us-east-1a/on-demand", 0.096));
            NodeSelectorRequirement families = new NodeSelectorRequirement(
                    Labels.INSTANCE_FAMILY, NodeSelectorOperator.IN, List.of("g5", "m5", "c5"), 2);
            LaunchPlan plan =
                    LaunchPlanner.plan(claim(capacityTypes("on-demand"), families), List.of(gpu, plain), RESOLVED);
            assertThat(plan.overrides())
                    .extracting(o -> o.instanceType().name())
                    .containsExactly("g5.xlarge", "m5.large");
            NodeSelectorRequirement three = new NodeSelectorRequirement(
                    Labels.INSTANCE_FAMILY, NodeSelectorOperator.IN, List.of("g5", "m5", "c5"), 3);
            assertThatThrownBy(() ->
                            LaunchPlanner.plan(claim(capacityTypes("on-demand"), three), List.of(gpu, plain), RESOLVED))
                    .isInstanceOf(CloudProviderException.class)
                    .hasMessageContaining("requirement karpenter.k8s.aws/instance-family needs minValues 3")
                    .hasMessageContaining("2 distinct values");
        }
    }

    @Nested
    @DisplayName("launch template groups")
    class Groups {

        @Test
        @DisplayName("should group instance types by AMI (architecture) and by pod capacity")
        void byAmiAndPods() {
            List<InstanceType> types = List.of(
                    type("m5.large", "amd64", 29, prices("us-east-1a/on-demand", 0.096)),
                    type("m6g.large", "arm64", 29, prices("us-east-1a/on-demand", 0.077)),
                    type("m5.xlarge", "amd64", 58, prices("us-east-1a/on-demand", 0.192)),
                    type("c5.large", "amd64", 29, prices("us-east-1a/on-demand", 0.085)));
            LaunchPlan plan = LaunchPlanner.plan(claim(capacityTypes("on-demand")), types, RESOLVED);
            assertThat(plan.groups())
                    .extracting(g -> g.ami().id() + "/" + g.maxPods() + "/"
                            + g.instanceTypes().stream().map(InstanceType::name).toList())
                    .containsExactly(
                            AL2023_ARM + "/29/[m6g.large]",
                            AL2023_X86 + "/29/[c5.large, m5.large]",
                            AL2023_X86 + "/58/[m5.xlarge]");
            assertThat(plan.overrides())
                    .extracting(o -> o.instanceType().name() + ":" + o.group())
                    .containsExactly("m6g.large:0", "c5.large:1", "m5.large:1", "m5.xlarge:2");
        }

        @Test
        @DisplayName("should name spec.amiSelectorTerms when no AMI runs any type")
        void noAmi() {
            ResolvedNodeClass armOnly = new ResolvedNodeClass(
                    RESOLVED.nodeClass(), RESOLVED.subnets(), RESOLVED.securityGroupIds(), List.of(ARM), "profile");
            List<InstanceType> types = List.of(type("m5.large", "amd64", 29, prices("us-east-1a/on-demand", 0.096)));
            assertThatThrownBy(() -> LaunchPlanner.plan(claim(), types, armOnly))
                    .isInstanceOf(NodeClassNotReadyException.class)
                    .hasMessageContaining("\"default\" spec.amiSelectorTerms");
        }
    }

    @Test
    @DisplayName("should read requirements as Karpenter does (sanity check of the fixtures)")
    void fixtures() {
        assertThat(Requirements.fromNodeSelector(
                                claim(capacityTypes("spot")).spec().requirements())
                        .get(Labels.CAPACITY_TYPE)
                        .has("spot"))
                .isTrue();
    }
}
