package dev.fleetwright.aws.ec2;

import static dev.fleetwright.aws.ec2.Fixtures.AL2023_ARM;
import static dev.fleetwright.aws.ec2.Fixtures.AL2023_X86;
import static dev.fleetwright.aws.ec2.Fixtures.in;
import static dev.fleetwright.aws.ec2.Fixtures.prices;
import static dev.fleetwright.aws.ec2.Fixtures.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetwright.aws.ec2.userdata.MimeArchive;
import dev.fleetwright.core.api.Ec2NodeClass;
import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.NodeClaim;
import dev.fleetwright.core.api.NodePool;
import dev.fleetwright.core.cloudprovider.CapacityType;
import dev.fleetwright.core.cloudprovider.CloudInstance;
import dev.fleetwright.core.cloudprovider.CloudProviderException;
import dev.fleetwright.core.cloudprovider.InstanceType;
import dev.fleetwright.core.cloudprovider.InstanceTypeCatalog;
import dev.fleetwright.core.cloudprovider.InsufficientCapacityException;
import dev.fleetwright.core.cloudprovider.LaunchRequest;
import dev.fleetwright.core.cloudprovider.LaunchResult;
import dev.fleetwright.core.cloudprovider.NodeClaimNotFoundException;
import dev.fleetwright.core.cloudprovider.NodeClassNotReadyException;
import dev.fleetwright.core.cloudprovider.Offering;
import dev.fleetwright.core.cloudprovider.OfferingKey;
import dev.fleetwright.testing.MutableClock;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.CreateFleetError;
import software.amazon.awssdk.services.ec2.model.CreateFleetRequest;
import software.amazon.awssdk.services.ec2.model.CreateLaunchTemplateRequest;
import software.amazon.awssdk.services.ec2.model.DefaultTargetCapacityType;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsRequest;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateOverridesRequest;
import software.amazon.awssdk.services.ec2.model.FleetOnDemandAllocationStrategy;
import software.amazon.awssdk.services.ec2.model.FleetType;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateHttpTokensState;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SpotAllocationStrategy;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.TerminateInstancesRequest;

class Ec2CloudProviderTest {

    static final InstanceTypeCatalog CATALOG = InstanceTypeCatalog.bundled();
    static final NodePool POOL = Fixtures.nodePool(Fixtures.NODE_POOL);
    static final Ec2NodeClass NODE_CLASS = Fixtures.nodeClass(Fixtures.NODE_CLASS);

    /** m5.large: spot 0.04 (a), 0.05 (b); c5.large spot 0.035 (a); m6g.large (arm64) spot 0.03 (b); all on-demand too. */
    static final List<InstanceType> TYPES = List.of(
            type(
                    "m5.large",
                    "amd64",
                    29,
                    prices(
                            "us-east-1a/spot", 0.04,
                            "us-east-1b/spot", 0.05,
                            "us-east-1a/on-demand", 0.096,
                            "us-east-1b/on-demand", 0.096)),
            type("c5.large", "amd64", 29, prices("us-east-1a/spot", 0.035, "us-east-1a/on-demand", 0.085)),
            type("m6g.large", "arm64", 29, prices("us-east-1b/spot", 0.03, "us-east-1b/on-demand", 0.077)));

    MutableClock clock;
    FakeEc2 ec2;
    FakeSsm ssm;
    FakeIam iam;
    List<Duration> sleeps;
    Ec2CloudProvider provider;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(Fixtures.NOW);
        ec2 = Fixtures.ec2();
        ssm = Fixtures.ssm();
        iam = Fixtures.iam();
        sleeps = new ArrayList<>();
        provider = new Ec2CloudProvider(
                ec2,
                ssm,
                iam,
                Fixtures.SETTINGS,
                CATALOG,
                clock,
                new AwsCalls(RetryPolicy.DEFAULT, sleeps::add, () -> new Random(3)));
    }

    static NodeClaim claim(String name, String... capacityTypes) {
        return Fixtures.nodeClaim(name, POOL, List.of(in(Labels.CAPACITY_TYPE, capacityTypes)));
    }

    static LaunchRequest request(NodeClaim claim) {
        return new LaunchRequest(claim, POOL, NODE_CLASS, TYPES);
    }

    CreateFleetRequest lastFleet() {
        List<CreateFleetRequest> fleets = ec2.requests(CreateFleetRequest.class);
        return fleets.get(fleets.size() - 1);
    }

    static Map<String, String> tags(TagSpecification spec) {
        return FakeEc2.tagMap(spec.tags());
    }

    static CreateFleetError fleetError(String code, FleetLaunchTemplateOverridesRequest o) {
        return CreateFleetError.builder()
                .errorCode(code)
                .errorMessage(code + " for " + o.instanceTypeAsString())
                .launchTemplateAndOverrides(l -> l.overrides(FakeEc2.asResponse(o)))
                .build();
    }

    static List<FleetLaunchTemplateOverridesRequest> overridesByPriority(CreateFleetRequest r) {
        return r.launchTemplateConfigs().stream()
                .flatMap(c -> c.overrides().stream())
                .sorted((a, b) -> Double.compare(a.priority(), b.priority()))
                .toList();
    }

    @Nested
    @DisplayName("the CreateFleet request")
    class RequestShape {

        @Test
        @DisplayName("should ask for one instant spot instance, price-capacity-optimized, idempotent on the NodeClaim")
        void spot() {
            provider.launch(request(claim("general-abcde", "spot", "on-demand")));
            CreateFleetRequest r = lastFleet();
            assertThat(r.type()).isEqualTo(FleetType.INSTANT);
            assertThat(r.clientToken()).isEqualTo("general-abcde");
            assertThat(r.targetCapacitySpecification().totalTargetCapacity()).isEqualTo(1);
            assertThat(r.targetCapacitySpecification().defaultTargetCapacityType())
                    .isEqualTo(DefaultTargetCapacityType.SPOT);
            assertThat(r.spotOptions().allocationStrategy()).isEqualTo(SpotAllocationStrategy.PRICE_CAPACITY_OPTIMIZED);
            assertThat(r.onDemandOptions()).isNull();
            assertThat(r.context()).isNull();
        }

        @Test
        @DisplayName("should ask for on-demand with lowest-price when only on-demand is allowed")
        void onDemand() {
            provider.launch(request(claim("general-abcde", "on-demand")));
            CreateFleetRequest r = lastFleet();
            assertThat(r.targetCapacitySpecification().defaultTargetCapacityType())
                    .isEqualTo(DefaultTargetCapacityType.ON_DEMAND);
            assertThat(r.onDemandOptions().allocationStrategy())
                    .isEqualTo(FleetOnDemandAllocationStrategy.LOWEST_PRICE);
            assertThat(r.spotOptions()).isNull();
        }

        @Test
        @DisplayName("should give one config per AMI group with type × zonal subnet overrides in price order")
        void overrides() {
            provider.launch(request(claim("general-abcde", "spot")));
            CreateFleetRequest r = lastFleet();
            // m6g.large runs the arm64 AMI, the x86 types the x86 one: two templates
            assertThat(r.launchTemplateConfigs()).hasSize(2);
            assertThat(r.launchTemplateConfigs()).allSatisfy(c -> {
                assertThat(c.launchTemplateSpecification().version()).isEqualTo("$Latest");
                assertThat(ec2.launchTemplates)
                        .containsKey(c.launchTemplateSpecification().launchTemplateName());
            });
            assertThat(overridesByPriority(r))
                    .extracting(o -> o.instanceTypeAsString() + " " + o.subnetId() + " " + o.availabilityZone() + " "
                            + o.imageId() + " " + o.priority())
                    .containsExactly(
                            "m6g.large subnet-b1 us-east-1b " + AL2023_ARM + " 0.0",
                            "c5.large subnet-a2 us-east-1a " + AL2023_X86 + " 1.0",
                            "m5.large subnet-a2 us-east-1a " + AL2023_X86 + " 2.0",
                            "m5.large subnet-b1 us-east-1b " + AL2023_X86 + " 3.0");
        }

        @Test
        @DisplayName(
                "should tag the instance, its volumes and the fleet with cluster, NodePool, NodeClaim and user tags")
        void tagSpecifications() {
            provider.launch(request(claim("general-abcde", "spot")));
            CreateFleetRequest r = lastFleet();
            Map<String, String> expected = Map.of(
                    "team", "platform",
                    "kubernetes.io/cluster/dev", "owned",
                    "eks:eks-cluster-name", "dev",
                    "karpenter.sh/nodepool", "general",
                    "karpenter.k8s.aws/ec2nodeclass", "default",
                    "karpenter.sh/nodeclaim", "general-abcde",
                    "Name", "general-abcde");
            assertThat(r.tagSpecifications())
                    .extracting(TagSpecification::resourceType)
                    .containsExactly(ResourceType.INSTANCE, ResourceType.VOLUME, ResourceType.FLEET);
            assertThat(r.tagSpecifications())
                    .allSatisfy(spec -> assertThat(tags(spec)).containsExactlyInAnyOrderEntriesOf(expected));
        }

        @Test
        @DisplayName("should pass the EC2NodeClass's context and keep a user's Name tag")
        void contextAndName() {
            Ec2NodeClass nc = Fixtures.nodeClass(
                    Fixtures.NODE_CLASS.replace("team: platform", "team: platform\n    Name: my-node")
                            + "  context: cr-fleet-context\n");
            provider.launch(new LaunchRequest(claim("general-abcde", "spot"), POOL, nc, TYPES));
            CreateFleetRequest r = lastFleet();
            assertThat(r.context()).isEqualTo("cr-fleet-context");
            assertThat(tags(r.tagSpecifications().get(0))).containsEntry("Name", "my-node");
        }

        @Test
        @DisplayName("should hash a NodeClaim name longer than EC2's 64-character client token")
        void longClientToken() {
            String longName = "x".repeat(70);
            assertThat(Ec2CloudProvider.clientToken(longName))
                    .hasSize(64)
                    .startsWith("fw-")
                    .isEqualTo(Ec2CloudProvider.clientToken(longName));
            assertThat(Ec2CloudProvider.clientToken("general-abcde")).isEqualTo("general-abcde");
        }
    }

    @Nested
    @DisplayName("launch templates")
    class LaunchTemplates {

        CreateLaunchTemplateRequest template(String imageId) {
            return ec2.requests(CreateLaunchTemplateRequest.class).stream()
                    .filter(t -> t.launchTemplateData().imageId().equals(imageId))
                    .findFirst()
                    .orElseThrow();
        }

        @Test
        @DisplayName("should carry IMDSv2, encrypted gp3 root, security groups, instance profile, tags and user data")
        void content() {
            provider.launch(request(claim("general-abcde", "spot")));
            CreateLaunchTemplateRequest t = template(AL2023_X86);
            RequestLaunchTemplateData d = t.launchTemplateData();
            assertThat(t.launchTemplateName()).startsWith("fleetwright/dev/");
            assertThat(d.metadataOptions().httpTokens()).isEqualTo(LaunchTemplateHttpTokensState.REQUIRED);
            assertThat(d.metadataOptions().httpPutResponseHopLimit()).isEqualTo(1);
            assertThat(d.metadataOptions().instanceMetadataTagsAsString()).isEqualTo("disabled");
            assertThat(d.blockDeviceMappings()).singleElement().satisfies(b -> {
                assertThat(b.deviceName()).isEqualTo("/dev/xvda");
                assertThat(b.ebs().volumeSize()).isEqualTo(20);
                assertThat(b.ebs().volumeTypeAsString()).isEqualTo("gp3");
                assertThat(b.ebs().encrypted()).isTrue();
            });
            assertThat(d.networkInterfaces()).singleElement().satisfies(n -> {
                assertThat(n.deviceIndex()).isZero();
                assertThat(n.groups()).containsExactly("sg-1");
                // no selected subnet maps public IPs, so Karpenter says false explicitly
                assertThat(n.associatePublicIpAddress()).isFalse();
            });
            assertThat(d.securityGroupIds()).isEmpty();
            assertThat(d.iamInstanceProfile().name())
                    .isEqualTo(NodeClassResolver.instanceProfileName("dev", "us-east-1", "default"));
            assertThat(d.monitoring().enabled()).isFalse();
            assertThat(FakeEc2.tagMap(t.tagSpecifications().get(0).tags()))
                    .containsEntry("karpenter.sh/nodepool", "general")
                    .containsEntry("kubernetes.io/cluster/dev", "owned")
                    .doesNotContainKey("karpenter.sh/nodeclaim");
            String userData = new String(Base64.getDecoder().decode(d.userData()), StandardCharsets.UTF_8);
            List<MimeArchive.Part> parts = MimeArchive.parse(userData);
            assertThat(parts).singleElement().satisfies(p -> {
                assertThat(p.contentType()).isEqualTo(MimeArchive.NODE_CONFIG);
                assertThat(p.content())
                        .contains("maxPods: 29")
                        .contains("- \"10.100.0.10\"")
                        .contains(
                                "--node-labels=\\\"karpenter.k8s.aws/ec2nodeclass=default,karpenter.sh/capacity-type=spot,"
                                        + "karpenter.sh/do-not-sync-taints=true,karpenter.sh/nodepool=general,team=platform\\\"")
                        .contains("key: dedicated\n        value: platform")
                        .contains("key: karpenter.sh/unregistered");
            });
        }

        @Test
        @DisplayName("should reuse templates with the same content and make new ones when content changes")
        void reuse() {
            provider.launch(request(claim("general-aaaaa", "spot")));
            int created = ec2.requests(CreateLaunchTemplateRequest.class).size();
            provider.launch(request(claim("general-bbbbb", "spot")));
            assertThat(ec2.requests(CreateLaunchTemplateRequest.class)).hasSize(created);
            // on-demand changes the capacity-type label in the user data: new templates
            provider.launch(request(claim("general-ccccc", "on-demand")));
            assertThat(ec2.requests(CreateLaunchTemplateRequest.class)).hasSize(created * 2);
        }

        @Test
        @DisplayName("should recreate a template CreateFleet says is gone, and launch")
        void recreated() {
            provider.launch(request(claim("general-aaaaa", "spot")));
            ec2.launchTemplates.clear();
            LaunchResult result = provider.launch(request(claim("general-bbbbb", "spot")));
            assertThat(result.launch().instanceId()).isNotBlank();
            assertThat(ec2.launchTemplates).isNotEmpty();
        }

        @Test
        @DisplayName("should name the EC2NodeClass when user data cannot be built")
        void badUserData() {
            Ec2NodeClass nc = Fixtures.nodeClass(Fixtures.NODE_CLASS
                    + "  userData: |\n    MIME-Version: 1.0\n    Content-Type: text/plain\n\n    hi\n");
            assertThatThrownBy(
                            () -> provider.launch(new LaunchRequest(claim("general-abcde", "spot"), POOL, nc, TYPES)))
                    .isInstanceOf(NodeClassNotReadyException.class)
                    .hasMessageContaining("EC2NodeClass \"default\" spec.userData");
        }
    }

    @Nested
    @DisplayName("launch results")
    class Results {

        @Test
        @DisplayName("should report the instance, its zone, capacity type, price, image and capacity")
        void launched() {
            LaunchResult result = provider.launch(request(claim("general-abcde", "spot")));
            var l = result.launch();
            assertThat(l.instanceType()).isEqualTo("m6g.large");
            assertThat(l.zone()).isEqualTo("us-east-1b");
            assertThat(l.providerId()).isEqualTo("aws:///us-east-1b/" + l.instanceId());
            assertThat(l.capacityType()).isEqualTo("spot");
            assertThat(l.pricePerHourUsd()).isEqualByComparingTo(new BigDecimal("0.03"));
            assertThat(l.imageId()).isEqualTo(AL2023_ARM);
            assertThat(l.capacity().pods()).isEqualTo(29);
            assertThat(result.insufficientCapacity()).isEmpty();
        }

        @Test
        @DisplayName("should return the NodeClaim's existing instance without calling CreateFleet again")
        void idempotent() {
            LaunchResult first = provider.launch(request(claim("general-abcde", "spot")));
            LaunchResult second = provider.launch(request(claim("general-abcde", "spot")));
            assertThat(second.launch()).isEqualTo(first.launch());
            assertThat(ec2.requests(CreateFleetRequest.class)).hasSize(1);
        }

        @Test
        @DisplayName("should return the instance and the offerings EC2 had no capacity for (partial fill)")
        void partialInsufficientCapacity() {
            ec2.nextFleet(r -> {
                List<FleetLaunchTemplateOverridesRequest> o = overridesByPriority(r);
                return ec2.respond(
                        r,
                        List.of(
                                fleetError("InsufficientInstanceCapacity", o.get(0)),
                                fleetError("UnfulfillableCapacity", o.get(1))),
                        o.get(2));
            });
            LaunchResult result = provider.launch(request(claim("general-abcde", "spot")));
            assertThat(result.launch().instanceType()).isEqualTo("m5.large");
            assertThat(result.launch().zone()).isEqualTo("us-east-1a");
            assertThat(result.insufficientCapacity())
                    .containsExactly(
                            new OfferingKey("m6g.large", "us-east-1b", CapacityType.SPOT),
                            new OfferingKey("c5.large", "us-east-1a", CapacityType.SPOT));
        }

        @Test
        @DisplayName("should throw InsufficientCapacity with every offering when nothing launched")
        void totalInsufficientCapacity() {
            ec2.nextFleet(r -> ec2.respond(
                    r,
                    overridesByPriority(r).stream()
                            .map(o -> fleetError(
                                    o.instanceTypeAsString().startsWith("m6g")
                                            ? "MaxSpotInstanceCountExceeded"
                                            : "InsufficientInstanceCapacity",
                                    o))
                            .toList(),
                    null));
            assertThatThrownBy(() -> provider.launch(request(claim("general-abcde", "spot"))))
                    .isInstanceOfSatisfying(
                            InsufficientCapacityException.class,
                            e -> assertThat(e.offerings())
                                    .containsExactly(
                                            new OfferingKey("m6g.large", "us-east-1b", CapacityType.SPOT),
                                            new OfferingKey("c5.large", "us-east-1a", CapacityType.SPOT),
                                            new OfferingKey("m5.large", "us-east-1a", CapacityType.SPOT),
                                            new OfferingKey("m5.large", "us-east-1b", CapacityType.SPOT)))
                    .hasMessageContaining("NodeClaim \"general-abcde\"")
                    .hasMessageContaining("InsufficientInstanceCapacity")
                    .hasMessageContaining("MaxSpotInstanceCountExceeded");
        }

        @Test
        @DisplayName("should throw a CloudProviderException naming the codes when no error is about capacity")
        void otherErrors() {
            ec2.nextFleet(r -> ec2.respond(
                    r,
                    List.of(fleetError(
                            "InvalidParameterValue", overridesByPriority(r).get(0))),
                    null));
            assertThatThrownBy(() -> provider.launch(request(claim("general-abcde", "spot"))))
                    .isInstanceOf(CloudProviderException.class)
                    .isNotInstanceOf(InsufficientCapacityException.class)
                    .hasMessageContaining("NodeClaim \"general-abcde\": CreateFleet launched no instance")
                    .hasMessageContaining("InvalidParameterValue");
        }

        @Test
        @DisplayName("should still report capacity offerings when other errors come with them")
        void mixedErrors() {
            ec2.nextFleet(r -> {
                List<FleetLaunchTemplateOverridesRequest> o = overridesByPriority(r);
                return ec2.respond(
                        r,
                        List.of(
                                fleetError("InsufficientFreeAddressesInSubnet", o.get(0)),
                                fleetError("InvalidParameterValue", o.get(1))),
                        null);
            });
            assertThatThrownBy(() -> provider.launch(request(claim("general-abcde", "spot"))))
                    .isInstanceOfSatisfying(
                            InsufficientCapacityException.class,
                            e -> assertThat(e.offerings())
                                    .containsExactly(new OfferingKey("m6g.large", "us-east-1b", CapacityType.SPOT)))
                    .hasMessageContaining("InvalidParameterValue");
        }

        @Test
        @DisplayName("should retry a throttled CreateFleet with backoff and launch once")
        void throttled() {
            ec2.failNext("CreateFleet", FakeEc2.error("RequestLimitExceeded", 503))
                    .failNext("CreateFleet", FakeEc2.error("RequestLimitExceeded", 503));
            LaunchResult result = provider.launch(request(claim("general-abcde", "spot")));
            assertThat(result.launch().instanceId()).isNotBlank();
            assertThat(ec2.requests(CreateFleetRequest.class))
                    .hasSize(3)
                    .allSatisfy(r -> assertThat(r.clientToken()).isEqualTo("general-abcde"));
            assertThat(sleeps).hasSize(2);
            assertThat(sleeps.get(0)).isLessThanOrEqualTo(RetryPolicy.DEFAULT.backoffCap(1));
            assertThat(sleeps.get(1)).isLessThanOrEqualTo(RetryPolicy.DEFAULT.backoffCap(2));
            assertThat(ec2.instances).hasSize(1);
        }

        @Test
        @DisplayName("should give up on endless throttling with a retryable error")
        void throttledForever() {
            for (int i = 0; i < RetryPolicy.DEFAULT.maxAttempts(); i++) {
                ec2.failNext("CreateFleet", FakeEc2.error("RequestLimitExceeded", 503));
            }
            assertThatThrownBy(() -> provider.launch(request(claim("general-abcde", "spot"))))
                    .isInstanceOfSatisfying(
                            CloudProviderException.class,
                            e -> assertThat(e.isRetryable()).isTrue())
                    .hasMessageContaining("CreateFleet for NodeClaim \"general-abcde\" failed 6 times");
            assertThat(sleeps.stream().reduce(Duration.ZERO, Duration::plus))
                    .isLessThanOrEqualTo(RetryPolicy.DEFAULT.maxTotalSleep());
        }

        @Test
        @DisplayName("should fail NodeClassNotReady when the EC2NodeClass's subnets do not resolve")
        void notReady() {
            ec2.subnets.clear();
            assertThatThrownBy(() -> provider.launch(request(claim("general-abcde", "spot"))))
                    .isInstanceOf(NodeClassNotReadyException.class)
                    .hasMessageContaining("EC2NodeClass \"default\" spec.subnetSelectorTerms");
        }
    }

    @Nested
    @DisplayName("finding and terminating instances")
    class Instances {

        @Test
        @DisplayName("should find the cluster's live instances and a NodeClaim's instance by tag")
        void byTag() {
            String id = provider.launch(request(claim("general-abcde", "spot")))
                    .launch()
                    .instanceId();
            // an instance of another cluster, with the same NodeClaim name
            ec2.instances.put(
                    "i-other",
                    ec2.instances.get(id).toBuilder()
                            .instanceId("i-other")
                            .tags(FakeEc2.tags(
                                    Map.of("eks:eks-cluster-name", "prod", "karpenter.sh/nodeclaim", "general-abcde")))
                            .build());
            List<CloudInstance> all = provider.instances();
            assertThat(all).extracting(CloudInstance::instanceId).containsExactly(id);
            CloudInstance found = provider.instanceOf("general-abcde").orElseThrow();
            assertThat(found.instanceId()).isEqualTo(id);
            assertThat(found.nodeClaimName()).isEqualTo("general-abcde");
            assertThat(found.capacityType()).isEqualTo(CapacityType.SPOT);
            assertThat(found.zone()).isEqualTo("us-east-1b");
            assertThat(provider.instanceOf("general-zzzzz")).isEmpty();
            assertThat(ec2.requests(DescribeInstancesRequest.class).get(1).filters())
                    .extracting(f -> f.name() + "=" + f.values())
                    .contains("tag:eks:eks-cluster-name=[dev]", "tag-key=[karpenter.sh/nodeclaim]");
        }

        @Test
        @DisplayName("should terminate once, then report the instance as not found")
        void terminate() {
            String id = provider.launch(request(claim("general-abcde", "spot")))
                    .launch()
                    .instanceId();
            provider.terminate(id);
            assertThat(ec2.requests(TerminateInstancesRequest.class))
                    .singleElement()
                    .satisfies(t -> assertThat(t.instanceIds()).containsExactly(id));
            assertThatThrownBy(() -> provider.terminate(id))
                    .isInstanceOf(NodeClaimNotFoundException.class)
                    .hasMessageContaining(id);
            assertThat(provider.instances()).isEmpty();
            assertThat(provider.instanceOf("general-abcde")).isEmpty();
        }

        @Test
        @DisplayName("should report an unknown instance as not found")
        void unknown() {
            assertThatThrownBy(() -> provider.terminate("i-0123456789abcdef0"))
                    .isInstanceOf(NodeClaimNotFoundException.class)
                    .hasMessageContaining("i-0123456789abcdef0");
        }
    }

    @Nested
    @DisplayName("instance types")
    class InstanceTypes {

        @Test
        @DisplayName("should offer catalog types only in the zones of the EC2NodeClass's subnets")
        void zones() {
            List<InstanceType> types = provider.instanceTypes(NODE_CLASS);
            InstanceType m5 = types.stream()
                    .filter(t -> t.name().equals("m5.large"))
                    .findFirst()
                    .orElseThrow();
            assertThat(m5.offerings()).extracting(Offering::zone).containsOnly("us-east-1a", "us-east-1b");
            assertThat(m5.offerings())
                    .extracting(Offering::capacityType)
                    .contains(CapacityType.SPOT, CapacityType.ON_DEMAND);
            assertThat(m5.capacity().pods()).isEqualTo(29);
        }

        @Test
        @DisplayName("should keep only types one of the EC2NodeClass's AMIs runs")
        void amiCompatibility() {
            String base = "/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/";
            ssm.parameters.remove(base + "arm64/standard/recommended/image_id");
            List<String> names = provider.instanceTypes(NODE_CLASS).stream()
                    .map(InstanceType::name)
                    .toList();
            assertThat(names).contains("m5.large", "g5.xlarge").doesNotContain("m6g.large", "inf2.xlarge");
        }

        @Test
        @DisplayName("should reuse the resolution within the TTL")
        void cached() {
            provider.instanceTypes(NODE_CLASS);
            provider.instanceTypes(NODE_CLASS);
            assertThat(ec2.requests(DescribeSubnetsRequest.class)).hasSize(1);
        }
    }
}
