package dev.fleetwright.aws.ec2;

import static dev.fleetwright.aws.ec2.Fixtures.AL2023_ARM;
import static dev.fleetwright.aws.ec2.Fixtures.AL2023_NVIDIA;
import static dev.fleetwright.aws.ec2.Fixtures.AL2023_X86;
import static dev.fleetwright.aws.ec2.Fixtures.NODE_CLASS;
import static dev.fleetwright.aws.ec2.Fixtures.nodeClass;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetwright.core.api.Ec2NodeClass;
import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.cloudprovider.CloudProviderException;
import dev.fleetwright.core.cloudprovider.NodeClassNotReadyException;
import dev.fleetwright.core.scheduling.Requirement;
import dev.fleetwright.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsRequest;
import software.amazon.awssdk.services.iam.model.CreateInstanceProfileRequest;

class NodeClassResolverTest {

    MutableClock clock;
    FakeEc2 ec2;
    FakeSsm ssm;
    FakeIam iam;
    NodeClassResolver resolver;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(Fixtures.NOW);
        ec2 = Fixtures.ec2();
        ssm = Fixtures.ssm();
        iam = Fixtures.iam();
        resolver = new NodeClassResolver(
                ec2, ssm, iam, new AwsCalls(RetryPolicy.NONE, d -> {}, () -> new Random(1)), Fixtures.SETTINGS, clock);
    }

    /** The standard EC2NodeClass with its selector terms replaced by {@code spec}'s lines. */
    static Ec2NodeClass withTerms(String terms) {
        return nodeClass("""
                apiVersion: karpenter.k8s.aws/v1
                kind: EC2NodeClass
                metadata:
                  name: custom
                spec:
                  role: KarpenterNodeRole-dev
                %s
                """.formatted(terms.indent(2)));
    }

    @Nested
    @DisplayName("subnets")
    class Subnets {

        @Test
        @DisplayName("should select subnets by tag and keep the one with the most free IPs per zone")
        void byTag() {
            Ec2NodeClass nc = nodeClass(NODE_CLASS);
            assertThat(resolver.subnets(nc))
                    .extracting(Subnet::id)
                    .containsExactly("subnet-a1", "subnet-a2", "subnet-b1");
            assertThat(ResolvedNodeClass.zonalSubnets(resolver.subnets(nc)))
                    .containsOnlyKeys("us-east-1a", "us-east-1b")
                    .hasEntrySatisfying("us-east-1a", s -> assertThat(s.id()).isEqualTo("subnet-a2"))
                    .hasEntrySatisfying("us-east-1b", s -> assertThat(s.id()).isEqualTo("subnet-b1"));
        }

        @Test
        @DisplayName("should treat a * tag value as 'the key exists' and OR the terms")
        void wildcardAndIds() {
            Ec2NodeClass nc = withTerms("""
                    amiSelectorTerms:
                      - alias: al2023@latest
                    securityGroupSelectorTerms:
                      - id: sg-2
                    subnetSelectorTerms:
                      - tags:
                          other: "*"
                      - id: subnet-b1
                    """);
            assertThat(resolver.subnets(nc)).extracting(Subnet::id).containsExactly("subnet-b1", "subnet-c1");
            assertThat(ec2.requests(DescribeSubnetsRequest.class).get(0).filters())
                    .singleElement()
                    .satisfies(f -> {
                        assertThat(f.name()).isEqualTo("tag-key");
                        assertThat(f.values()).containsExactly("other");
                    });
        }

        @Test
        @DisplayName("should name the EC2NodeClass and spec.subnetSelectorTerms when nothing matches")
        void noneMatches() {
            Ec2NodeClass nc = withTerms("""
                    amiSelectorTerms:
                      - alias: al2023@latest
                    securityGroupSelectorTerms:
                      - id: sg-2
                    subnetSelectorTerms:
                      - tags:
                          nobody: here
                    """);
            assertThatThrownBy(() -> resolver.subnets(nc))
                    .isInstanceOf(NodeClassNotReadyException.class)
                    .hasMessageContaining("EC2NodeClass \"custom\" spec.subnetSelectorTerms: no subnet matches");
        }

        @Test
        @DisplayName("should reuse the answer within the TTL and ask EC2 again after it")
        void cached() {
            Ec2NodeClass nc = nodeClass(NODE_CLASS);
            resolver.subnets(nc);
            resolver.subnets(nc);
            assertThat(ec2.requests(DescribeSubnetsRequest.class)).hasSize(1);
            clock.advance(Duration.ofSeconds(61));
            resolver.subnets(nc);
            assertThat(ec2.requests(DescribeSubnetsRequest.class)).hasSize(2);
        }

        @Test
        @DisplayName("should report a failing DescribeSubnets naming the EC2NodeClass, field and error code")
        void apiFailure() {
            ec2.failNext("DescribeSubnets", FakeEc2.error("UnauthorizedOperation", 403));
            assertThatThrownBy(() -> resolver.subnets(nodeClass(NODE_CLASS)))
                    .isInstanceOf(CloudProviderException.class)
                    .isNotInstanceOf(NodeClassNotReadyException.class)
                    .hasMessageContaining("EC2NodeClass \"default\" spec.subnetSelectorTerms")
                    .hasMessageContaining("DescribeSubnets failed: UnauthorizedOperation");
        }
    }

    @Nested
    @DisplayName("security groups")
    class SecurityGroups {

        @Test
        @DisplayName("should select by tags, by id and by group name")
        void selectors() {
            assertThat(resolver.securityGroups(nodeClass(NODE_CLASS))).containsExactly("sg-1");
            Ec2NodeClass byName = withTerms("""
                    amiSelectorTerms:
                      - alias: al2023@latest
                    subnetSelectorTerms:
                      - id: subnet-b1
                    securityGroupSelectorTerms:
                      - name: other
                      - id: sg-1
                    """);
            assertThat(resolver.securityGroups(byName)).containsExactly("sg-1", "sg-2");
        }

        @Test
        @DisplayName("should name spec.securityGroupSelectorTerms when nothing matches")
        void noneMatches() {
            Ec2NodeClass nc = withTerms("""
                    amiSelectorTerms:
                      - alias: al2023@latest
                    subnetSelectorTerms:
                      - id: subnet-b1
                    securityGroupSelectorTerms:
                      - name: missing
                    """);
            assertThatThrownBy(() -> resolver.securityGroups(nc))
                    .isInstanceOf(NodeClassNotReadyException.class)
                    .hasMessageContaining("\"custom\" spec.securityGroupSelectorTerms");
        }
    }

    @Nested
    @DisplayName("AMIs")
    class Amis {

        @Test
        @DisplayName("should resolve an alias through its SSM parameters with arch and accelerator requirements")
        void alias() {
            List<Ami> amis = resolver.amis(nodeClass(NODE_CLASS));
            assertThat(amis).extracting(Ami::id).containsExactlyInAnyOrder(AL2023_X86, AL2023_ARM, AL2023_NVIDIA);
            Ami nvidia = amis.stream()
                    .filter(a -> a.id().equals(AL2023_NVIDIA))
                    .findFirst()
                    .orElseThrow();
            assertThat(nvidia.requirements().get(Labels.ARCH)).isEqualTo(Requirement.in(Labels.ARCH, "amd64"));
            assertThat(nvidia.requirements().get(Labels.INSTANCE_GPU_COUNT))
                    .isEqualTo(Requirement.exists(Labels.INSTANCE_GPU_COUNT));
            Ami arm = amis.stream()
                    .filter(a -> a.id().equals(AL2023_ARM))
                    .findFirst()
                    .orElseThrow();
            assertThat(arm.requirements().get(Labels.ARCH)).isEqualTo(Requirement.in(Labels.ARCH, "arm64"));
            assertThat(arm.requirements().get(Labels.INSTANCE_GPU_COUNT))
                    .isEqualTo(Requirement.doesNotExist(Labels.INSTANCE_GPU_COUNT));
            // the parameters that do not exist (x86 neuron, arm64 nvidia) are skipped, not errors
            assertThat(ssm.asked).hasSize(5);
        }

        @Test
        @DisplayName("should name the alias and the parameters tried when none exists")
        void aliasWithoutImages() {
            ssm.parameters.clear();
            assertThatThrownBy(() -> resolver.amis(nodeClass(NODE_CLASS)))
                    .isInstanceOf(NodeClassNotReadyException.class)
                    .hasMessageContaining("\"default\" spec.amiSelectorTerms: no image found for alias al2023@latest")
                    .hasMessageContaining("/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/standard");
        }

        @Test
        @DisplayName("should keep the newest image per architecture when selecting by tags")
        void newestByTags() {
            ec2.image("ami-old", "mine-1", "x86_64", "2025-01-01T00:00:00.000Z", "111", Map.of("team", "a"))
                    .image("ami-new", "mine-2", "x86_64", "2025-06-01T00:00:00.000Z", "111", Map.of("team", "a"))
                    .image("ami-arm", "mine-3", "arm64", "2025-03-01T00:00:00.000Z", "111", Map.of("team", "a"));
            Ec2NodeClass nc = withTerms("""
                    amiFamily: AL2023
                    amiSelectorTerms:
                      - tags:
                          team: a
                    subnetSelectorTerms:
                      - id: subnet-b1
                    securityGroupSelectorTerms:
                      - id: sg-1
                    """);
            assertThat(resolver.amis(nc)).extracting(Ami::id).containsExactly("ami-new", "ami-arm");
        }

        @Test
        @DisplayName("should default a name term's owners to self and amazon, and select by id")
        void byNameAndId() {
            Ec2NodeClass nc = withTerms("""
                    amiFamily: AL2023
                    amiSelectorTerms:
                      - name: al2023-arm
                      - id: ami-0000000000al2023x
                    subnetSelectorTerms:
                      - id: subnet-b1
                    securityGroupSelectorTerms:
                      - id: sg-1
                    """);
            assertThat(resolver.amis(nc)).extracting(Ami::id).containsExactlyInAnyOrder(AL2023_ARM, AL2023_X86);
            DescribeImagesRequest byName =
                    ec2.requests(DescribeImagesRequest.class).get(0);
            assertThat(byName.owners()).containsExactly("self", "amazon");
        }

        @Test
        @DisplayName("should refuse Windows families, naming spec.amiFamily")
        void windows() {
            Ec2NodeClass nc = withTerms("""
                    amiSelectorTerms:
                      - alias: windows2022@latest
                    subnetSelectorTerms:
                      - id: subnet-b1
                    securityGroupSelectorTerms:
                      - id: sg-1
                    """);
            assertThatThrownBy(() -> resolver.amis(nc))
                    .isInstanceOf(NodeClassNotReadyException.class)
                    .hasMessageContaining("spec.amiFamily: Windows2022 is not supported");
        }
    }

    @Nested
    @DisplayName("instance profiles")
    class InstanceProfiles {

        @Test
        @DisplayName("should name the managed profile <cluster>_<FNV-1a 64 of region+name>, Karpenter's rule")
        void naming() {
            // FNV-1a 64 test vectors: "" -> cbf29ce484222325, "a" -> af63dc4c8601ec8c
            assertThat(NodeClassResolver.fnv1a64("")).isEqualTo(0xcbf29ce484222325L);
            assertThat(NodeClassResolver.fnv1a64("a")).isEqualTo(0xaf63dc4c8601ec8cL);
            assertThat(NodeClassResolver.instanceProfileName("dev", "", "a"))
                    .isEqualTo("dev_" + Long.toUnsignedString(0xaf63dc4c8601ec8cL));
        }

        @Test
        @DisplayName("should create the profile with the role and cluster tags when missing, then reuse it")
        void createsFromRole() {
            String expected = NodeClassResolver.instanceProfileName("dev", "us-east-1", "default");
            assertThat(resolver.instanceProfile(nodeClass(NODE_CLASS))).isEqualTo(expected);
            assertThat(iam.profileRoles).containsEntry(expected, List.of("KarpenterNodeRole-dev"));
            assertThat(iam.requests(CreateInstanceProfileRequest.class)).hasSize(1);
            assertThat(FakeIam.tagMap(iam.profileTags.get(expected)))
                    .containsEntry("kubernetes.io/cluster/dev", "owned")
                    .containsEntry("eks:eks-cluster-name", "dev")
                    .containsEntry("karpenter.k8s.aws/ec2nodeclass", "default")
                    .containsEntry("topology.kubernetes.io/region", "us-east-1")
                    .containsEntry("team", "platform");
        }

        @Test
        @DisplayName("should replace another role on an existing managed profile")
        void replacesRole() {
            String name = NodeClassResolver.instanceProfileName("dev", "us-east-1", "default");
            iam.profile(name, "OldRole");
            resolver.instanceProfile(nodeClass(NODE_CLASS));
            assertThat(iam.profileRoles.get(name)).containsExactly("KarpenterNodeRole-dev");
            assertThat(iam.requests(CreateInstanceProfileRequest.class)).isEmpty();
        }

        @Test
        @DisplayName("should name spec.role when the role does not exist")
        void missingRole() {
            iam.roles.clear();
            assertThatThrownBy(() -> resolver.instanceProfile(nodeClass(NODE_CLASS)))
                    .isInstanceOf(NodeClassNotReadyException.class)
                    .hasMessageContaining("\"default\" spec.role: IAM role \"KarpenterNodeRole-dev\" does not exist");
        }

        @Test
        @DisplayName("should use spec.instanceProfile as given, and name it when it does not exist")
        void givenProfile() {
            Ec2NodeClass nc =
                    nodeClass(NODE_CLASS.replace("role: KarpenterNodeRole-dev", "instanceProfile: MyProfile"));
            assertThatThrownBy(() -> resolver.instanceProfile(nc))
                    .isInstanceOf(NodeClassNotReadyException.class)
                    .hasMessageContaining("spec.instanceProfile: instance profile \"MyProfile\" does not exist");
            iam.profile("MyProfile", "SomeRole");
            assertThat(resolver.instanceProfile(nc)).isEqualTo("MyProfile");
            assertThat(iam.requests(CreateInstanceProfileRequest.class)).isEmpty();
        }
    }
}
