package dev.fleetwright.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetwright.aws.ec2.userdata.MimeArchive;
import dev.fleetwright.core.api.Ec2NodeClass;
import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.NodeClaim;
import dev.fleetwright.core.api.NodePool;
import dev.fleetwright.core.api.load.LoadResult;
import dev.fleetwright.core.cloudprovider.CapacityType;
import dev.fleetwright.core.cloudprovider.CloudInstance;
import dev.fleetwright.core.cloudprovider.InstanceType;
import dev.fleetwright.core.cloudprovider.InstanceTypeCatalog;
import dev.fleetwright.core.cloudprovider.LaunchRequest;
import dev.fleetwright.core.cloudprovider.LaunchResult;
import dev.fleetwright.core.cloudprovider.NodeClaimNotFoundException;
import dev.fleetwright.core.cloudprovider.Offering;
import dev.fleetwright.testing.MutableClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The EC2 adapter against a moto server ({@code -Dmoto.endpoint=http://127.0.0.1:PORT}, started by {@code
 * .ci/moto.sh}): a VPC with tagged subnets and a security group, AMI alias parameters seeded under a test root (moto,
 * like AWS, refuses names under {@code /aws}), an IAM role; then resolution, a CreateFleet launch checked in moto
 * (instance type, subnet, tags, launch template and its decoded user data), the idempotent relaunch, listing by tag
 * and termination.
 *
 * <p>moto does not return CreateFleet {@code Errors[]} and ignores the client token; those paths are covered by
 * {@link Ec2CloudProviderTest} with a fake at the SDK boundary.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Ec2CloudProviderIT {

    static final String PARAMETER_ROOT = "/fleetwright-it/aws/service";
    /** One cluster per run, so reruns against the same moto server do not see each other's resources. */
    static final String CLUSTER = "it-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);

    static Ec2Clients clients;
    static Ec2CloudProvider provider;
    static Ec2NodeClass nodeClass;
    static NodePool nodePool;
    static String x86Ami;
    static String armAmi;
    static String subnetA1;
    static String subnetA2;
    static String subnetB;
    static String securityGroup;

    static String endpoint() {
        String endpoint = System.getProperty("moto.endpoint");
        if (endpoint == null || endpoint.isBlank() || endpoint.contains("${")) {
            throw new IllegalStateException("set -Dmoto.endpoint=http://127.0.0.1:PORT to a running moto server"
                    + " (bash .ci/moto.sh start prints one)");
        }
        return endpoint;
    }

    @BeforeAll
    static void setUp() {
        Ec2AdapterSettings settings = Ec2AdapterSettings.of(
                        "us-east-1",
                        CLUSTER,
                        "https://" + CLUSTER + ".gr7.us-east-1.eks.amazonaws.com",
                        Fixtures.CA,
                        "1.31",
                        "10.100.0.0/16",
                        "10.100.0.10")
                .withLocalEngine(URI.create(endpoint()), PARAMETER_ROOT);
        clients = Ec2Clients.create(
                settings, StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")));
        var ec2 = clients.ec2();

        String vpc = ec2.createVpc(b -> b.cidrBlock("10.20.0.0/16")).vpc().vpcId();
        Map<String, String> discovery = Map.of("karpenter.sh/discovery", CLUSTER);
        subnetA1 = subnet(vpc, "10.20.1.0/26", "us-east-1a", discovery);
        subnetA2 = subnet(vpc, "10.20.2.0/24", "us-east-1a", discovery);
        subnetB = subnet(vpc, "10.20.3.0/24", "us-east-1b", discovery);
        subnet(vpc, "10.20.4.0/24", "us-east-1c", Map.of("other", CLUSTER));
        securityGroup = ec2.createSecurityGroup(b -> b.groupName(CLUSTER + "-nodes")
                        .description("nodes")
                        .vpcId(vpc)
                        .tagSpecifications(tags(ResourceType.SECURITY_GROUP, discovery)))
                .groupId();

        x86Ami = amazonImage("x86_64");
        armAmi = amazonImage("arm64");
        String base = PARAMETER_ROOT + "/eks/optimized-ami/1.31/amazon-linux-2023/";
        putParameter(base + "x86_64/standard/recommended/image_id", x86Ami);
        putParameter(base + "arm64/standard/recommended/image_id", armAmi);

        clients.iam()
                .createRole(b -> b.roleName("KarpenterNodeRole-" + CLUSTER)
                        .assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[]}"));

        LoadResult config = Fixtures.load("""
                apiVersion: karpenter.k8s.aws/v1
                kind: EC2NodeClass
                metadata:
                  name: default
                spec:
                  role: KarpenterNodeRole-%1$s
                  amiSelectorTerms:
                    - alias: al2023@latest
                  subnetSelectorTerms:
                    - tags:
                        karpenter.sh/discovery: %1$s
                  securityGroupSelectorTerms:
                    - tags:
                        karpenter.sh/discovery: %1$s
                  tags:
                    team: platform
                """.formatted(CLUSTER), Fixtures.NODE_POOL);
        nodeClass = config.nodeClasses().get(0);
        nodePool = config.nodePools().get(0);
        provider = new Ec2CloudProvider(
                clients.ec2(),
                clients.ssm(),
                clients.iam(),
                settings,
                InstanceTypeCatalog.bundled(),
                new MutableClock(Instant.parse("2026-11-22T10:00:00Z")),
                new AwsCalls(RetryPolicy.DEFAULT, Sleeper.threadSleep(), () -> new Random(1)));
    }

    @AfterAll
    static void tearDown() {
        if (clients != null) {
            clients.close();
        }
    }

    static String subnet(String vpc, String cidr, String zone, Map<String, String> tags) {
        return clients.ec2()
                .createSubnet(b -> b.vpcId(vpc)
                        .cidrBlock(cidr)
                        .availabilityZone(zone)
                        .tagSpecifications(tags(ResourceType.SUBNET, tags)))
                .subnet()
                .subnetId();
    }

    static TagSpecification tags(ResourceType type, Map<String, String> tags) {
        return TagSpecification.builder()
                .resourceType(type)
                .tags(tags.entrySet().stream()
                        .map(e -> Tag.builder()
                                .key(e.getKey())
                                .value(e.getValue())
                                .build())
                        .toList())
                .build();
    }

    /** One of the Amazon images moto ships, of this architecture. */
    static String amazonImage(String arch) {
        return clients
                .ec2()
                .describeImages(b -> b.owners("amazon")
                        .filters(Filter.builder()
                                .name("architecture")
                                .values(arch)
                                .build()))
                .images()
                .stream()
                .map(Image::imageId)
                .sorted()
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("moto has no " + arch + " image"));
    }

    static void putParameter(String name, String value) {
        clients.ssm()
                .putParameter(b ->
                        b.name(name).value(value).type(ParameterType.STRING).overwrite(true));
    }

    static List<InstanceType> launchTypes() {
        Set<String> names = Set.of("m5.large", "c5.large", "m6g.large");
        return provider.instanceTypes(nodeClass).stream()
                .filter(t -> names.contains(t.name()))
                .toList();
    }

    static NodeClaim claim(String name, String capacityType) {
        return Fixtures.nodeClaim(name, nodePool, List.of(Fixtures.in(Labels.CAPACITY_TYPE, capacityType)));
    }

    static Instance motoInstance(String instanceId) {
        return clients.ec2()
                .describeInstances(b -> b.instanceIds(instanceId))
                .reservations()
                .get(0)
                .instances()
                .get(0);
    }

    @Test
    @Order(1)
    @DisplayName(
            "should resolve subnets (most free IPs per zone), security groups, AMIs via SSM and the instance profile")
    void resolves() {
        ResolvedNodeClass resolved = provider.resolver().resolve(nodeClass);
        assertThat(resolved.subnets()).extracting(Subnet::id).containsExactlyInAnyOrder(subnetA1, subnetA2, subnetB);
        assertThat(resolved.zonalSubnets()).containsOnlyKeys("us-east-1a", "us-east-1b");
        assertThat(resolved.zonalSubnets().get("us-east-1a").id()).isEqualTo(subnetA2);
        assertThat(resolved.securityGroupIds()).containsExactly(securityGroup);
        assertThat(resolved.amis()).extracting(Ami::id).containsExactlyInAnyOrder(x86Ami, armAmi);
        String profile = NodeClassResolver.instanceProfileName(CLUSTER, "us-east-1", "default");
        assertThat(resolved.instanceProfile()).isEqualTo(profile);
        assertThat(clients.iam()
                        .getInstanceProfile(b -> b.instanceProfileName(profile))
                        .instanceProfile()
                        .roles())
                .singleElement()
                .satisfies(r -> assertThat(r.roleName()).isEqualTo("KarpenterNodeRole-" + CLUSTER));
    }

    @Test
    @Order(2)
    @DisplayName("should offer catalog types in the subnets' zones only")
    void instanceTypes() {
        List<InstanceType> types = launchTypes();
        assertThat(types).extracting(InstanceType::name).containsExactlyInAnyOrder("m5.large", "c5.large", "m6g.large");
        assertThat(types.stream().flatMap(t -> t.offerings().stream()).map(Offering::zone))
                .containsOnly("us-east-1a", "us-east-1b");
    }

    @Test
    @Order(3)
    @DisplayName("should launch through CreateFleet with tags, a launch template and the AL2023 user data")
    void launches() {
        LaunchResult result = provider.launch(
                new LaunchRequest(claim("general-it001", "on-demand"), nodePool, nodeClass, launchTypes()));
        var launch = result.launch();
        Instance instance = motoInstance(launch.instanceId());
        assertThat(instance.instanceTypeAsString())
                .isEqualTo(launch.instanceType())
                .isIn("m5.large", "c5.large", "m6g.large");
        assertThat(instance.placement().availabilityZone()).isEqualTo(launch.zone());
        String expectedSubnet = launch.zone().equals("us-east-1a") ? subnetA2 : subnetB;
        assertThat(instance.subnetId()).isEqualTo(expectedSubnet);
        assertThat(instance.imageId()).isEqualTo(launch.imageId()).isIn(x86Ami, armAmi);
        assertThat(launch.capacityType()).isEqualTo("on-demand");
        assertThat(FakeEc2.tagMap(instance.tags()))
                .containsEntry("karpenter.sh/nodeclaim", "general-it001")
                .containsEntry("karpenter.sh/nodepool", "general")
                .containsEntry("karpenter.k8s.aws/ec2nodeclass", "default")
                .containsEntry("eks:eks-cluster-name", CLUSTER)
                .containsEntry("kubernetes.io/cluster/" + CLUSTER, "owned")
                .containsEntry("Name", "general-it001")
                .containsEntry("team", "platform");

        String instanceUserData = decode(clients.ec2()
                .describeInstanceAttribute(
                        b -> b.instanceId(launch.instanceId()).attribute(InstanceAttributeName.USER_DATA))
                .userData()
                .value());
        List<MimeArchive.Part> parts = MimeArchive.parse(instanceUserData);
        assertThat(parts).singleElement().satisfies(p -> {
            assertThat(p.contentType()).isEqualTo(MimeArchive.NODE_CONFIG);
            assertThat(p.content())
                    .contains("    name: " + CLUSTER + "\n")
                    .contains("    cidr: \"10.100.0.0/16\"\n")
                    .contains("      maxPods: 29\n")
                    .contains("karpenter.sh/capacity-type=on-demand")
                    .contains("karpenter.sh/nodepool=general")
                    .contains("key: karpenter.sh/unregistered");
        });

        List<LaunchTemplateVersion> templates = clusterTemplates();
        assertThat(templates).isNotEmpty();
        LaunchTemplateVersion template = templates.stream()
                .filter(t -> t.launchTemplateData().imageId().equals(launch.imageId()))
                .findFirst()
                .orElseThrow();
        assertThat(template.launchTemplateName()).startsWith("fleetwright/" + CLUSTER + "/");
        assertThat(decode(template.launchTemplateData().userData())).isEqualTo(instanceUserData);
        assertThat(template.launchTemplateData().metadataOptions().httpTokensAsString())
                .isEqualTo("required");
        assertThat(template.launchTemplateData().networkInterfaces().get(0).groups())
                .containsExactly(securityGroup);
        assertThat(template.launchTemplateData().iamInstanceProfile().name())
                .isEqualTo(NodeClassResolver.instanceProfileName(CLUSTER, "us-east-1", "default"));
    }

    @Test
    @Order(4)
    @DisplayName("should return the same instance when the same NodeClaim is launched again")
    void idempotent() {
        LaunchRequest again =
                new LaunchRequest(claim("general-it001", "on-demand"), nodePool, nodeClass, launchTypes());
        String first = provider.instanceOf("general-it001").orElseThrow().instanceId();
        assertThat(provider.launch(again).launch().instanceId()).isEqualTo(first);
        List<Instance> tagged = clients
                .ec2()
                .describeInstances(b -> b.filters(
                        Filter.builder()
                                .name("tag:karpenter.sh/nodeclaim")
                                .values("general-it001")
                                .build(),
                        Filter.builder()
                                .name("tag:eks:eks-cluster-name")
                                .values(CLUSTER)
                                .build()))
                .reservations()
                .stream()
                .flatMap(r -> r.instances().stream())
                .toList();
        assertThat(tagged).hasSize(1);
    }

    @Test
    @Order(5)
    @DisplayName("should launch spot and list the cluster's instances by tag")
    void spotAndList() {
        LaunchResult spot =
                provider.launch(new LaunchRequest(claim("general-it002", "spot"), nodePool, nodeClass, launchTypes()));
        assertThat(spot.launch().capacityType()).isEqualTo("spot");
        List<CloudInstance> all = provider.instances();
        assertThat(all)
                .extracting(CloudInstance::nodeClaimName)
                .containsExactlyInAnyOrder("general-it001", "general-it002");
        CloudInstance found = provider.instanceOf("general-it002").orElseThrow();
        assertThat(found.instanceId()).isEqualTo(spot.launch().instanceId());
        assertThat(found.capacityType()).isIn(CapacityType.SPOT, CapacityType.ON_DEMAND);
    }

    @Test
    @Order(6)
    @DisplayName("should terminate, then report the instance gone")
    void terminates() {
        String id = provider.instanceOf("general-it001").orElseThrow().instanceId();
        provider.terminate(id);
        assertThat(motoInstance(id).state().nameAsString()).isIn("shutting-down", "terminated");
        assertThat(provider.instanceOf("general-it001")).isEmpty();
        assertThat(provider.instances()).extracting(CloudInstance::instanceId).doesNotContain(id);
        assertThatThrownBy(() -> provider.terminate(id)).isInstanceOf(NodeClaimNotFoundException.class);
        assertThatThrownBy(() -> provider.terminate("i-0123456789abcdef0"))
                .isInstanceOf(NodeClaimNotFoundException.class);
    }

    /** A NodeClass named {@code default} with the cluster's subnets and security groups, and {@code extraSpec}. */
    static Ec2NodeClass otherNodeClass(String extraSpec) {
        LoadResult config = Fixtures.load("""
                apiVersion: karpenter.k8s.aws/v1
                kind: EC2NodeClass
                metadata:
                  name: default
                spec:
                  role: KarpenterNodeRole-%1$s
                  subnetSelectorTerms:
                    - tags:
                        karpenter.sh/discovery: %1$s
                  securityGroupSelectorTerms:
                    - tags:
                        karpenter.sh/discovery: %1$s
                %2$s""".formatted(CLUSTER, extraSpec.indent(2)), Fixtures.NODE_POOL);
        assertThat(config.errors()).isEmpty();
        return config.nodeClasses().get(0);
    }

    /** Launches one on-demand x86 NodeClaim with {@code nodeClass}, returning the instance's user data. */
    static LaunchResult launchX86(Ec2NodeClass nodeClass, String claimName) {
        Set<String> names = Set.of("m5.large", "c5.large");
        List<InstanceType> types = provider.instanceTypes(nodeClass).stream()
                .filter(t -> names.contains(t.name()))
                .toList();
        assertThat(types).hasSize(2);
        return provider.launch(new LaunchRequest(claim(claimName, "on-demand"), nodePool, nodeClass, types));
    }

    static String userDataOf(String instanceId) {
        return decode(clients.ec2()
                .describeInstanceAttribute(b -> b.instanceId(instanceId).attribute(InstanceAttributeName.USER_DATA))
                .userData()
                .value());
    }

    static LaunchTemplateVersion templateOf(String imageId, String userData) {
        return clusterTemplates().stream()
                .filter(t -> t.launchTemplateData().imageId().equals(imageId)
                        && decode(t.launchTemplateData().userData()).equals(userData))
                .findFirst()
                .orElseThrow();
    }

    @Test
    @Order(7)
    @DisplayName("should launch AL2 through its SSM alias with bootstrap.sh user data and encrypted gp3 block devices")
    void al2WithBlockDevices() {
        putParameter(PARAMETER_ROOT + "/eks/optimized-ami/1.31/amazon-linux-2/recommended/image_id", x86Ami);
        Ec2NodeClass al2 = otherNodeClass("""
                amiSelectorTerms:
                  - alias: al2@latest
                blockDeviceMappings:
                  - deviceName: /dev/xvda
                    rootVolume: true
                    ebs:
                      volumeSize: 50Gi
                      volumeType: gp3
                      iops: 4000
                      encrypted: true
                """);

        var launch = launchX86(al2, "general-it007").launch();
        assertThat(launch.imageId()).isEqualTo(x86Ami);
        String userData = userDataOf(launch.instanceId());
        assertThat(userData)
                .startsWith("MIME-Version: 1.0")
                .contains("Content-Type: text/x-shellscript")
                .contains("/etc/eks/bootstrap.sh '" + CLUSTER + "'")
                .contains(
                        "--register-with-taints=\"dedicated=platform:NoSchedule,karpenter.sh/unregistered:NoExecute\"")
                .contains("karpenter.sh/nodepool=general");

        LaunchTemplateVersion template = templateOf(launch.imageId(), userData);
        assertThat(template.launchTemplateData().blockDeviceMappings())
                .singleElement()
                .satisfies(m -> {
                    assertThat(m.deviceName()).isEqualTo("/dev/xvda");
                    assertThat(m.ebs().volumeSize()).isEqualTo(50);
                    assertThat(m.ebs().volumeTypeAsString()).isEqualTo("gp3");
                    assertThat(m.ebs().iops()).isEqualTo(4000);
                    assertThat(m.ebs().encrypted()).isTrue();
                });
        assertThat(template.launchTemplateData().metadataOptions().httpTokensAsString())
                .isEqualTo("required");
    }

    @Test
    @Order(8)
    @DisplayName("should launch Bottlerocket through its SSM alias with TOML settings user data")
    void bottlerocket() {
        putParameter(PARAMETER_ROOT + "/bottlerocket/aws-k8s-1.31/x86_64/latest/image_id", x86Ami);
        Ec2NodeClass br = otherNodeClass("""
                amiSelectorTerms:
                  - alias: bottlerocket@latest
                """);

        var launch = launchX86(br, "general-it008").launch();
        String userData = userDataOf(launch.instanceId());
        assertThat(userData)
                .startsWith("[settings.kubernetes]")
                .contains("cluster-name = \"" + CLUSTER + "\"")
                .contains("\"karpenter.sh/nodepool\" = \"general\"")
                .contains("karpenter.sh/unregistered");
        assertThat(templateOf(launch.imageId(), userData).launchTemplateData().blockDeviceMappings())
                .as("Bottlerocket's default volumes: the OS volume and the data volume, encrypted")
                .hasSize(2)
                .allSatisfy(m -> assertThat(m.ebs().encrypted()).isTrue());
    }

    @Test
    @Order(9)
    @DisplayName("should select AMIs by name and owner, and by tags, from DescribeImages")
    void amisByNameOwnerAndTags() {
        Image image =
                clients.ec2().describeImages(b -> b.imageIds(x86Ami)).images().get(0);
        Ec2NodeClass byName = otherNodeClass("""
                amiFamily: AL2023
                amiSelectorTerms:
                  - name: "%s"
                    owner: amazon
                """.formatted(image.name()));
        assertThat(provider.resolver().resolve(byName).amis())
                .extracting(Ami::id)
                .containsExactly(x86Ami);

        clients.ec2()
                .createTags(b -> b.resources(armAmi)
                        .tags(Tag.builder().key("fleetwright-it").value(CLUSTER).build()));
        Ec2NodeClass byTags = otherNodeClass("""
                amiFamily: AL2023
                amiSelectorTerms:
                  - tags:
                      fleetwright-it: %s
                """.formatted(CLUSTER));
        assertThat(provider.resolver().resolve(byTags).amis())
                .extracting(Ami::id)
                .containsExactly(armAmi);
    }

    /**
     * The latest version of every launch template of this run's cluster. Listed by name prefix, then read one by one:
     * moto does not apply tag filters to DescribeLaunchTemplateVersions, so a rerun on the same server would see
     * earlier runs' templates.
     */
    static List<LaunchTemplateVersion> clusterTemplates() {
        return clients.ec2().describeLaunchTemplatesPaginator(b -> b.maxResults(200)).launchTemplates().stream()
                .filter(t -> t.launchTemplateName().startsWith("fleetwright/" + CLUSTER + "/"))
                .map(t -> clients.ec2()
                        .describeLaunchTemplateVersions(
                                b -> b.launchTemplateId(t.launchTemplateId()).versions("$Latest"))
                        .launchTemplateVersions()
                        .get(0))
                .toList();
    }

    static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
