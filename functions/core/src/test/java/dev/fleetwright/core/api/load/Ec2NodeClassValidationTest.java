package dev.fleetwright.core.api.load;

import static dev.fleetwright.core.api.load.Fixtures.load;
import static dev.fleetwright.core.api.load.Fixtures.nodeClass;
import static dev.fleetwright.core.api.load.Fixtures.nodeClassProblems;
import static dev.fleetwright.core.api.load.Fixtures.with;
import static dev.fleetwright.core.api.load.Fixtures.without;
import static dev.fleetwright.core.api.load.Fixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetwright.core.api.AmiFamily;
import dev.fleetwright.core.api.EbsVolumeType;
import dev.fleetwright.core.api.Ec2NodeClass;
import dev.fleetwright.core.api.InstanceStorePolicy;
import dev.fleetwright.core.api.KubeletConfiguration;
import dev.fleetwright.core.api.MetadataOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Karpenter's EC2NodeClass rules, each with a case that breaks it and one that keeps it. */
class Ec2NodeClassValidationTest {

    private static void assertRejected(Map<String, Object> nodeClass, String path, String fragment) {
        assertThat(nodeClassProblems(nodeClass))
                .as("problems of the EC2NodeClass")
                .anySatisfy(p -> assertThat(p).startsWith(path + ": ").contains(fragment));
    }

    private static void assertAccepted(Map<String, Object> nodeClass) {
        assertThat(nodeClassProblems(nodeClass)).isEmpty();
    }

    private static Ec2NodeClass decoded(Map<String, Object> nodeClass) {
        LoadResult result = load(nodeClass);
        assertThat(Fixtures.problems(result)).isEmpty();
        return result.nodeClasses().get(0);
    }

    @Nested
    @DisplayName("subnet and security group selector terms")
    class SelectorTerms {
        @Test
        @DisplayName("should need at least one subnet term")
        void subnetsRequired() {
            assertRejected(without(nodeClass(), "spec.subnetSelectorTerms"), "spec.subnetSelectorTerms", "required");
            assertRejected(
                    with(nodeClass(), "spec.subnetSelectorTerms", List.of()),
                    "spec.subnetSelectorTerms",
                    "cannot be empty");
        }

        @Test
        @DisplayName("should need a field in each term")
        void emptyTerm() {
            assertRejected(
                    with(nodeClass(), "spec.subnetSelectorTerms", yaml("[{}]")),
                    "spec.subnetSelectorTerms[0]",
                    "expected at least one, got none");
            assertRejected(
                    with(nodeClass(), "spec.securityGroupSelectorTerms", yaml("[{}]")),
                    "spec.securityGroupSelectorTerms[0]",
                    "expected at least one, got none");
        }

        @Test
        @DisplayName("should keep id exclusive with other fields")
        void idExclusive() {
            assertRejected(
                    with(nodeClass(), "spec.subnetSelectorTerms", yaml("[{id: subnet-123, tags: {a: b}}]")),
                    "spec.subnetSelectorTerms[0]",
                    "'id' is mutually exclusive");
            assertRejected(
                    with(nodeClass(), "spec.securityGroupSelectorTerms", yaml("[{id: sg-123, name: web}]")),
                    "spec.securityGroupSelectorTerms[0]",
                    "'id' is mutually exclusive");
            assertAccepted(with(nodeClass(), "spec.subnetSelectorTerms", yaml("[{id: subnet-123}, {tags: {a: b}}]")));
        }

        @Test
        @DisplayName("should keep a security group name exclusive with tags")
        void nameExclusive() {
            assertRejected(
                    with(nodeClass(), "spec.securityGroupSelectorTerms", yaml("[{name: web, tags: {a: b}}]")),
                    "spec.securityGroupSelectorTerms[0]",
                    "'name' is mutually exclusive");
            assertAccepted(with(nodeClass(), "spec.securityGroupSelectorTerms", yaml("[{name: web}]")));
        }

        @Test
        @DisplayName("should check ID formats")
        void idFormats() {
            assertRejected(
                    with(nodeClass(), "spec.subnetSelectorTerms", yaml("[{id: sn-123}]")),
                    "spec.subnetSelectorTerms[0].id",
                    "subnet ID");
            assertRejected(
                    with(nodeClass(), "spec.securityGroupSelectorTerms", yaml("[{id: group-1}]")),
                    "spec.securityGroupSelectorTerms[0].id",
                    "security group ID");
        }

        @Test
        @DisplayName("should not accept empty tag keys or values, but accept *")
        void tags() {
            assertRejected(
                    with(nodeClass(), "spec.subnetSelectorTerms", yaml("[{tags: {Name: ''}}]")),
                    "spec.subnetSelectorTerms[0].tags[Name]",
                    "empty tag keys or values");
            assertAccepted(with(nodeClass(), "spec.subnetSelectorTerms", yaml("[{tags: {Name: '*'}}]")));
        }

        @Test
        @DisplayName("should accept at most 30 terms")
        void maxTerms() {
            List<Object> terms = new ArrayList<>();
            for (int i = 0; i < 31; i++) {
                terms.add(yaml("{tags: {a: b}}"));
            }
            assertRejected(
                    with(nodeClass(), "spec.subnetSelectorTerms", terms), "spec.subnetSelectorTerms", "at most 30");
        }

        @Test
        @DisplayName("should check capacity reservation terms")
        void capacityReservations() {
            String path = "spec.capacityReservationSelectorTerms";
            assertRejected(
                    with(nodeClass(), path, yaml("[{id: cr-123, ownerID: '123456789012'}]")),
                    path + "[0]",
                    "'id' is mutually exclusive");
            assertRejected(
                    with(nodeClass(), path, yaml("[{tags: {a: b}, ownerID: '42'}]")), path + "[0].ownerID", "12-digit");
            assertRejected(
                    with(nodeClass(), path, yaml("[{instanceMatchCriteria: sometimes}]")),
                    path + "[0].instanceMatchCriteria",
                    "open, targeted");
            assertRejected(
                    with(nodeClass(), path, yaml("[{ownerID: '123456789012'}]")),
                    path + "[0]",
                    "expected at least one");
            assertAccepted(with(nodeClass(), path, yaml("[{id: cr-0a1b}, {instanceMatchCriteria: open}]")));
        }
    }

    @Nested
    @DisplayName("AMI selection")
    class Amis {
        private static final String TERMS = "spec.amiSelectorTerms";

        @Test
        @DisplayName("should keep an alias as the only term")
        void aliasAlone() {
            assertRejected(
                    with(nodeClass(), TERMS, yaml("[{alias: al2023@latest}, {id: ami-123}]")),
                    TERMS,
                    "'alias' is mutually exclusive, cannot be set with a combination of other amiSelectorTerms");
            assertRejected(
                    with(nodeClass(), TERMS, yaml("[{alias: al2023@latest, tags: {a: b}}]")),
                    TERMS + "[0]",
                    "'alias' is mutually exclusive");
        }

        @Test
        @DisplayName("should keep id exclusive with other fields")
        void idExclusive() {
            Map<String, Object> c = with(nodeClass(), TERMS, yaml("[{id: ami-123, name: my-ami}]"));
            with(c, "spec.amiFamily", "AL2023");
            assertRejected(c, TERMS + "[0]", "'id' is mutually exclusive");
        }

        @Test
        @DisplayName("should need a selecting field, owner alone is not one")
        void ownerAlone() {
            Map<String, Object> c = with(nodeClass(), TERMS, yaml("[{owner: amazon}]"));
            with(c, "spec.amiFamily", "AL2023");
            assertRejected(c, TERMS + "[0]", "expected at least one, got none");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "[{name: 'amazon-eks-node-*', owner: amazon}]",
                    "[{tags: {team: ml}}]",
                    "[{ssmParameter: /my/ami}]",
                    "[{id: ami-123}, {id: ami-456}]"
                })
        @DisplayName("should accept id, name and owner, tags and SSM parameters with an amiFamily")
        void otherSelections(String terms) {
            Map<String, Object> c = with(nodeClass(), TERMS, yaml(terms));
            with(c, "spec.amiFamily", "AL2023");
            assertAccepted(c);
        }

        @Test
        @DisplayName("should check the alias format, family and Windows version")
        void aliasFormat() {
            assertRejected(
                    with(nodeClass(), TERMS, yaml("[{alias: ubuntu@latest}]")), TERMS + "[0].alias", "not supported");
            assertRejected(with(nodeClass(), TERMS, yaml("[{alias: al2023}]")), TERMS + "[0].alias", "family@version");
            assertRejected(
                    with(nodeClass(), TERMS, yaml("[{alias: windows2022@v20240101}]")), TERMS + "[0].alias", "latest");
            assertThat(decoded(with(nodeClass(), TERMS, yaml("[{alias: al2023@v20240807}]")))
                            .spec()
                            .alias())
                    .hasValueSatisfying(a -> assertThat(a.version()).isEqualTo("v20240807"));
        }

        @Test
        @DisplayName("should need amiFamily without an alias")
        void familyRequired() {
            assertRejected(
                    with(nodeClass(), TERMS, yaml("[{id: ami-123}]")),
                    "spec.amiFamily",
                    "must specify amiFamily if amiSelectorTerms does not contain an alias");
        }

        @Test
        @DisplayName("should derive the family from the alias")
        void derived() {
            assertThat(decoded(nodeClass()).amiFamily()).isEqualTo(AmiFamily.AL2023);
            assertThat(decoded(with(nodeClass(), TERMS, yaml("[{alias: bottlerocket@latest}]")))
                            .amiFamily())
                    .isEqualTo(AmiFamily.BOTTLEROCKET);
        }

        @Test
        @DisplayName("should allow only the alias' family or Custom as amiFamily")
        void familyMatchesAlias() {
            assertRejected(
                    with(nodeClass(), "spec.amiFamily", "AL2"),
                    "spec.amiFamily",
                    "if set, amiFamily must be 'AL2023' or 'Custom' when using an AL2023 alias");
            assertThat(decoded(with(nodeClass(), "spec.amiFamily", "Custom")).amiFamily())
                    .isEqualTo(AmiFamily.CUSTOM);
            assertAccepted(with(nodeClass(), "spec.amiFamily", "AL2023"));
        }

        @Test
        @DisplayName("should suggest the spelling of an unknown family")
        void unknownFamily() {
            Map<String, Object> c = with(nodeClass(), TERMS, yaml("[{id: ami-123}]"));
            with(c, "spec.amiFamily", "al2023");
            assertRejected(c, "spec.amiFamily", "did you mean AL2023?");
        }
    }

    @Nested
    @DisplayName("IAM")
    class Iam {
        @Test
        @DisplayName("should need exactly one of role and instanceProfile")
        void exactlyOne() {
            assertRejected(
                    with(nodeClass(), "spec.instanceProfile", "profile"),
                    "spec",
                    "must specify exactly one of ['role', 'instanceProfile']");
            assertRejected(without(nodeClass(), "spec.role"), "spec", "exactly one");
            Map<String, Object> profileOnly = without(nodeClass(), "spec.role");
            assertThat(decoded(with(profileOnly, "spec.instanceProfile", "KarpenterProfile"))
                            .spec()
                            .instanceProfile())
                    .isEqualTo("KarpenterProfile");
        }

        @Test
        @DisplayName("should not accept an empty role")
        void emptyRole() {
            assertRejected(with(nodeClass(), "spec.role", ""), "spec.role", "role cannot be empty");
        }
    }

    @Nested
    @DisplayName("tags")
    class Tags {
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "kubernetes.io/cluster/dev",
                    "karpenter.sh/nodepool",
                    "karpenter.sh/nodeclaim",
                    "eks:eks-cluster-name",
                    "karpenter.k8s.aws/ec2nodeclass"
                })
        @DisplayName("should not set the tags Fleetwright sets")
        void restricted(String key) {
            assertRejected(with(nodeClass(), "spec.tags", Map.of(key, "x")), "spec.tags[" + key + "]", "restricted");
        }

        @Test
        @DisplayName("should accept other tags and reject empty keys")
        void others() {
            assertThat(decoded(with(nodeClass(), "spec.tags", Map.of("team", "ml", "Name", "node")))
                            .spec()
                            .tags())
                    .containsEntry("team", "ml");
            assertRejected(with(nodeClass(), "spec.tags", Map.of("", "x")), "spec.tags[]", "empty tag keys");
        }
    }

    @Nested
    @DisplayName("kubelet")
    class Kubelet {
        private static final String K = "spec.kubelet";

        @Test
        @DisplayName("should decode every field")
        void full() {
            KubeletConfiguration k =
                    decoded(with(nodeClass(), K, yaml("""
                    clusterDNS: [10.100.0.10]
                    maxPods: 110
                    podsPerCore: 10
                    systemReserved: {cpu: 100m, memory: 100Mi, ephemeral-storage: 1Gi, pid: '1000'}
                    kubeReserved: {cpu: 200m, memory: 1}
                    evictionHard: {memory.available: 5%, nodefs.available: 10%, nodefs.inodesFree: 5%}
                    evictionSoft: {memory.available: 500Mi}
                    evictionSoftGracePeriod: {memory.available: 1m30s}
                    evictionMaxPodGracePeriod: 60
                    imageGCHighThresholdPercent: 85
                    imageGCLowThresholdPercent: 80
                    cpuCFSQuota: true
                    """))).spec().kubelet();
            assertThat(k.maxPods()).isEqualTo(110);
            assertThat(k.podsPerCore()).isEqualTo(10);
            assertThat(k.clusterDNS()).containsExactly("10.100.0.10");
            assertThat(k.kubeReserved()).containsEntry("memory", "1");
            assertThat(k.evictionHard()).containsEntry("nodefs.available", "10%");
            assertThat(k.evictionSoftGracePeriod()).containsEntry("memory.available", "1m30s");
            assertThat(k.imageGCHighThresholdPercent()).isEqualTo(85);
            assertThat(k.cpuCFSQuota()).isTrue();
        }

        @Test
        @DisplayName("should default to no overrides")
        void defaults() {
            assertThat(decoded(nodeClass()).spec().kubelet()).isEqualTo(KubeletConfiguration.DEFAULT);
        }

        @Test
        @DisplayName("should reserve only cpu, memory, ephemeral-storage and pid, with non-negative quantities")
        void reserved() {
            assertRejected(
                    with(nodeClass(), K, yaml("{systemReserved: {gpu: '1'}}")),
                    K + ".systemReserved[gpu]",
                    "valid keys for systemReserved are ['cpu','memory','ephemeral-storage','pid']");
            assertRejected(
                    with(nodeClass(), K, yaml("{kubeReserved: {memory: -100Mi}}")),
                    K + ".kubeReserved[memory]",
                    "cannot be a negative resource quantity");
            assertRejected(
                    with(nodeClass(), K, yaml("{kubeReserved: {cpu: lots}}")),
                    K + ".kubeReserved[cpu]",
                    "not a Kubernetes quantity");
        }

        @Test
        @DisplayName("should know only the kubelet's eviction signals")
        void signals() {
            assertRejected(
                    with(nodeClass(), K, yaml("{evictionHard: {memory.free: 1Gi}}")),
                    K + ".evictionHard[memory.free]",
                    "valid keys for evictionHard");
        }

        @ParameterizedTest
        @ValueSource(strings = {"101%", "10.123%", "lots", "-1Gi", "%"})
        @DisplayName("should need a quantity or a percentage as a threshold")
        void thresholds(String value) {
            assertRejected(
                    with(nodeClass(), K, yaml("{evictionHard: {memory.available: '" + value + "'}}")),
                    K + ".evictionHard[memory.available]",
                    "");
        }

        @Test
        @DisplayName("should pair every soft threshold with a grace period")
        void softPairs() {
            assertRejected(
                    with(nodeClass(), K, yaml("{evictionSoft: {memory.available: 1Gi}}")),
                    K + ".evictionSoft[memory.available]",
                    "does not have a matching evictionSoftGracePeriod");
            assertRejected(
                    with(nodeClass(), K, yaml("{evictionSoftGracePeriod: {memory.available: 1m}}")),
                    K + ".evictionSoftGracePeriod[memory.available]",
                    "does not have a matching evictionSoft");
            assertRejected(
                    with(
                            nodeClass(),
                            K,
                            yaml("{evictionSoft: {memory.available: 1Gi},"
                                    + " evictionSoftGracePeriod: {memory.available: soon}}")),
                    K + ".evictionSoftGracePeriod[memory.available]",
                    "Go duration");
        }

        @Test
        @DisplayName("should keep image GC high above low, both within 0..100")
        void imageGc() {
            assertRejected(
                    with(nodeClass(), K, yaml("{imageGCHighThresholdPercent: 50, imageGCLowThresholdPercent: 50}")),
                    K + ".imageGCHighThresholdPercent",
                    "greater than imageGCLowThresholdPercent");
            assertRejected(
                    with(nodeClass(), K, yaml("{imageGCHighThresholdPercent: 101}")),
                    K + ".imageGCHighThresholdPercent",
                    "within 0..100");
        }

        @Test
        @DisplayName("should not accept negative pod counts")
        void podCounts() {
            assertRejected(with(nodeClass(), K, yaml("{maxPods: -1}")), K + ".maxPods", "must not be negative");
            assertRejected(with(nodeClass(), K, yaml("{podsPerCore: -1}")), K + ".podsPerCore", "must not be negative");
            assertAccepted(with(nodeClass(), K, yaml("{maxPods: 0, podsPerCore: 0}")));
        }

        @Test
        @DisplayName("should reject unknown kubelet fields")
        void unknown() {
            assertRejected(with(nodeClass(), K, yaml("{maxpods: 10}")), K + ".maxpods", "did you mean \"maxPods\"?");
        }
    }

    @Nested
    @DisplayName("block device mappings")
    class BlockDevices {
        private static final String B = "spec.blockDeviceMappings";

        @Test
        @DisplayName("should decode sizes, types and flags")
        void decode() {
            Ec2NodeClass c = decoded(with(nodeClass(), B, yaml("""
                    - deviceName: /dev/xvda
                      ebs: {volumeSize: 100Gi, volumeType: gp3, encrypted: true, iops: 3000, throughput: 125,
                            deleteOnTermination: true, kmsKeyID: alias/ebs}
                    - deviceName: /dev/xvdb
                      rootVolume: true
                      ebs: {snapshotID: snap-1, volumeSize: 1T, volumeInitializationRate: 200}
                    """)));
            var m = c.spec().blockDeviceMappings();
            assertThat(m.get(0).ebs().volumeSizeBytes()).isEqualTo(100L << 30);
            assertThat(m.get(0).ebs().volumeType()).isEqualTo(EbsVolumeType.GP3);
            assertThat(m.get(0).ebs().throughputMiBps()).isEqualTo(125);
            assertThat(m.get(1).ebs().volumeSizeBytes()).isEqualTo(1_000_000_000_000L);
            assertThat(m.get(1).rootVolume()).isTrue();
            assertThat(c.ephemeralVolumeSizeBytes()).isEqualTo(1_000_000_000_000L);
        }

        @Test
        @DisplayName("should allow at most one root volume")
        void oneRoot() {
            assertRejected(
                    with(nodeClass(), B, yaml("""
                    - {deviceName: /dev/xvda, rootVolume: true, ebs: {volumeSize: 20Gi}}
                    - {deviceName: /dev/xvdb, rootVolume: true, ebs: {volumeSize: 20Gi}}
                    """)), B, "must have only one blockDeviceMappings with rootVolume");
        }

        @Test
        @DisplayName("should need a device name, EBS settings and a size or a snapshot")
        void required() {
            assertRejected(with(nodeClass(), B, yaml("[{ebs: {volumeSize: 20Gi}}]")), B + "[0].deviceName", "required");
            assertRejected(with(nodeClass(), B, yaml("[{deviceName: /dev/xvda}]")), B + "[0].ebs", "required");
            assertRejected(
                    with(nodeClass(), B, yaml("[{deviceName: /dev/xvda, ebs: {volumeType: gp3}}]")),
                    B + "[0].ebs",
                    "snapshotID or volumeSize must be defined");
            assertAccepted(with(nodeClass(), B, yaml("[{deviceName: /dev/xvda, ebs: {snapshotID: snap-1}}]")));
        }

        @ParameterizedTest
        @ValueSource(strings = {"100", "100Mi", "0Gi", "65T", "59Ti", "1.5Gi", "big"})
        @DisplayName("should need a volume size in Gi, G, Ti or T between 1G and 64T")
        void sizes(String size) {
            assertRejected(
                    with(nodeClass(), B, yaml("[{deviceName: /dev/xvda, ebs: {volumeSize: '" + size + "'}}]")),
                    B + "[0].ebs.volumeSize",
                    "");
        }

        @ParameterizedTest
        @ValueSource(strings = {"1Gi", "1G", "16384Gi", "64T", "58Ti"})
        @DisplayName("should accept sizes within 1G..64T")
        void sizesAccepted(String size) {
            assertAccepted(with(nodeClass(), B, yaml("[{deviceName: /dev/xvda, ebs: {volumeSize: '" + size + "'}}]")));
        }

        @Test
        @DisplayName("should know EBS volume types and initialization rates")
        void typesAndRates() {
            assertRejected(
                    with(nodeClass(), B, yaml("[{deviceName: /dev/xvda, ebs: {volumeSize: 20Gi, volumeType: gp33}}]")),
                    B + "[0].ebs.volumeType",
                    "did you mean gp3?");
            assertRejected(
                    with(
                            nodeClass(),
                            B,
                            yaml("[{deviceName: /dev/xvda, ebs: {volumeSize: 20Gi,"
                                    + " volumeInitializationRate: 150}}]")),
                    B + "[0].ebs",
                    "snapshotID must be set when volumeInitializationRate is set");
            assertRejected(
                    with(
                            nodeClass(),
                            B,
                            yaml("[{deviceName: /dev/xvda, ebs: {snapshotID: s," + " volumeInitializationRate: 50}}]")),
                    B + "[0].ebs.volumeInitializationRate",
                    "within 100..300");
        }
    }

    @Nested
    @DisplayName("metadata options and other settings")
    class Settings {
        private static final String M = "spec.metadataOptions";

        @Test
        @DisplayName("should default metadata options, field by field")
        void defaults() {
            assertThat(decoded(nodeClass()).spec().metadataOptions()).isEqualTo(MetadataOptions.DEFAULT);
            MetadataOptions partial = decoded(with(nodeClass(), M, yaml("{httpPutResponseHopLimit: 2}")))
                    .spec()
                    .metadataOptions();
            assertThat(partial.httpPutResponseHopLimit()).isEqualTo(2);
            assertThat(partial.httpTokens()).isEqualTo(MetadataOptions.HttpTokens.REQUIRED);
            assertThat(partial.httpEndpoint()).isEqualTo(MetadataOptions.State.ENABLED);
            assertThat(partial.httpProtocolIpv6()).isEqualTo(MetadataOptions.State.DISABLED);
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 65})
        @DisplayName("should keep the hop limit within 1..64")
        void hopLimit(int limit) {
            assertRejected(
                    with(nodeClass(), M, Map.of("httpPutResponseHopLimit", limit)),
                    M + ".httpPutResponseHopLimit",
                    "within 1..64");
        }

        @Test
        @DisplayName("should know the metadata enums")
        void enums() {
            assertRejected(
                    with(nodeClass(), M, yaml("{httpTokens: sometimes}")), M + ".httpTokens", "required, optional");
            assertRejected(with(nodeClass(), M, yaml("{httpEndpoint: on}")), M + ".httpEndpoint", "expected a string");
            assertRejected(
                    with(nodeClass(), M, yaml("{httpProtocolIPv6: yes please}")),
                    M + ".httpProtocolIPv6",
                    "enabled, disabled");
        }

        @Test
        @DisplayName("should know RAID0 as the only instance store policy")
        void instanceStorePolicy() {
            assertRejected(with(nodeClass(), "spec.instanceStorePolicy", "RAID1"), "spec.instanceStorePolicy", "RAID0");
            assertThat(decoded(with(nodeClass(), "spec.instanceStorePolicy", "RAID0"))
                            .spec()
                            .instanceStorePolicy())
                    .isEqualTo(InstanceStorePolicy.RAID0);
        }

        @Test
        @DisplayName("should read the remaining flags")
        void flags() {
            Map<String, Object> c = with(nodeClass(), "spec.associatePublicIPAddress", false);
            with(c, "spec.detailedMonitoring", true);
            with(c, "spec.userData", "#!/bin/bash\necho hi\n");
            with(c, "spec.context", "ctx");
            with(c, "spec.ipPrefixCount", 1);
            var spec = decoded(c).spec();
            assertThat(spec.associatePublicIpAddress()).isFalse();
            assertThat(spec.detailedMonitoring()).isTrue();
            assertThat(spec.userData()).startsWith("#!/bin/bash");
            assertThat(spec.ipPrefixCount()).isEqualTo(1);
            assertRejected(with(nodeClass(), "spec.ipPrefixCount", -1), "spec.ipPrefixCount", "must not be negative");
        }

        @Test
        @DisplayName("should explain selector fields of older API versions")
        void oldFields() {
            assertRejected(
                    with(nodeClass(), "spec.subnetSelector", Map.of("a", "b")),
                    "spec.subnetSelector",
                    "replaced by subnetSelectorTerms");
        }
    }
}
