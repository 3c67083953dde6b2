package dev.fleetwright.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Default volumes per AMI family and the volume the kubelet uses for ephemeral storage. */
class Ec2NodeClassSpecTest {

    private static final long GIB = 1L << 30;

    private static Ec2NodeClassSpec spec(AmiFamily family, List<BlockDeviceMapping> mappings) {
        return spec(family, mappings, List.of(AmiSelectorTerm.ofId("ami-1")));
    }

    private static Ec2NodeClassSpec spec(
            AmiFamily family, List<BlockDeviceMapping> mappings, List<AmiSelectorTerm> amis) {
        return new Ec2NodeClassSpec(
                List.of(new SubnetSelectorTerm(Map.of("k", "v"), null, null)),
                List.of(new SecurityGroupSelectorTerm(Map.of("k", "v"), null, null)),
                null,
                null,
                null,
                amis,
                family,
                null,
                "role",
                null,
                null,
                KubeletConfiguration.DEFAULT,
                mappings,
                null,
                null,
                MetadataOptions.DEFAULT,
                null);
    }

    private static BlockDeviceMapping volume(String device, Long sizeBytes, boolean root) {
        return new BlockDeviceMapping(
                device, new BlockDevice(null, null, null, null, null, null, null, sizeBytes, null), root);
    }

    @Nested
    @DisplayName("default block device mappings")
    class Defaults {
        @Test
        @DisplayName("should give AL2 and AL2023 one 20Gi gp3 encrypted /dev/xvda")
        void amazonLinux() {
            for (AmiFamily family : List.of(AmiFamily.AL2, AmiFamily.AL2023)) {
                List<BlockDeviceMapping> m = family.defaultBlockDeviceMappings();
                assertThat(m).hasSize(1);
                assertThat(m.get(0).deviceName()).isEqualTo("/dev/xvda");
                assertThat(m.get(0).ebs().volumeSizeBytes()).isEqualTo(20 * GIB);
                assertThat(m.get(0).ebs().volumeType()).isEqualTo(EbsVolumeType.GP3);
                assertThat(m.get(0).ebs().encrypted()).isTrue();
            }
        }

        @Test
        @DisplayName("should give Bottlerocket a 4Gi OS volume and a 20Gi data volume")
        void bottlerocket() {
            assertThat(AmiFamily.BOTTLEROCKET.defaultBlockDeviceMappings())
                    .extracting(BlockDeviceMapping::deviceName, m -> m.ebs().volumeSizeBytes())
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("/dev/xvda", 4 * GIB),
                            org.assertj.core.groups.Tuple.tuple("/dev/xvdb", 20 * GIB));
        }

        @Test
        @DisplayName("should give Windows a 50Gi /dev/sda1 and Custom nothing")
        void windowsAndCustom() {
            assertThat(AmiFamily.WINDOWS2022.defaultBlockDeviceMappings())
                    .singleElement()
                    .satisfies(m -> {
                        assertThat(m.deviceName()).isEqualTo("/dev/sda1");
                        assertThat(m.ebs().volumeSizeBytes()).isEqualTo(50 * GIB);
                    });
            assertThat(AmiFamily.CUSTOM.defaultBlockDeviceMappings()).isEmpty();
        }

        @Test
        @DisplayName("should launch the family defaults when no mappings are written")
        void effective() {
            assertThat(spec(AmiFamily.BOTTLEROCKET, List.of()).effectiveBlockDeviceMappings())
                    .hasSize(2);
            List<BlockDeviceMapping> written = List.of(volume("/dev/xvda", 100 * GIB, false));
            assertThat(spec(AmiFamily.BOTTLEROCKET, written).effectiveBlockDeviceMappings())
                    .isEqualTo(written);
        }
    }

    @Nested
    @DisplayName("ephemeral volume size")
    class EphemeralVolume {
        @Test
        @DisplayName("should be the family default without mappings")
        void familyDefault() {
            assertThat(spec(AmiFamily.AL2023, List.of()).ephemeralVolumeSizeBytes())
                    .isEqualTo(20 * GIB);
            assertThat(spec(AmiFamily.BOTTLEROCKET, List.of()).ephemeralVolumeSizeBytes())
                    .isEqualTo(20 * GIB);
            assertThat(spec(AmiFamily.WINDOWS2019, List.of()).ephemeralVolumeSizeBytes())
                    .isEqualTo(50 * GIB);
            assertThat(spec(AmiFamily.CUSTOM, List.of()).ephemeralVolumeSizeBytes())
                    .isEqualTo(20 * GIB);
        }

        @Test
        @DisplayName("should be the written root device of the family")
        void writtenRootDevice() {
            assertThat(spec(AmiFamily.AL2, List.of(volume("/dev/xvda", 100 * GIB, false)))
                            .ephemeralVolumeSizeBytes())
                    .isEqualTo(100 * GIB);
        }

        @Test
        @DisplayName("should be Bottlerocket's data volume, not its OS volume")
        void bottlerocketDataVolume() {
            List<BlockDeviceMapping> m =
                    List.of(volume("/dev/xvda", 10 * GIB, false), volume("/dev/xvdb", 80 * GIB, false));
            assertThat(spec(AmiFamily.BOTTLEROCKET, m).ephemeralVolumeSizeBytes())
                    .isEqualTo(80 * GIB);
            assertThat(spec(AmiFamily.BOTTLEROCKET, List.of(volume("/dev/xvda", 10 * GIB, false)))
                            .ephemeralVolumeSizeBytes())
                    .isEqualTo(20 * GIB);
        }

        @Test
        @DisplayName("should prefer the mapping marked rootVolume")
        void rootVolumeFlag() {
            List<BlockDeviceMapping> m =
                    List.of(volume("/dev/xvda", 30 * GIB, false), volume("/dev/xvdc", 300 * GIB, true));
            assertThat(spec(AmiFamily.AL2023, m).ephemeralVolumeSizeBytes()).isEqualTo(300 * GIB);
        }

        @Test
        @DisplayName("should use the last mapping for Custom AMIs, or 20Gi when it has no size")
        void custom() {
            List<BlockDeviceMapping> m =
                    List.of(volume("/dev/xvda", 30 * GIB, false), volume("/dev/sdf", 60 * GIB, false));
            assertThat(spec(AmiFamily.CUSTOM, m).ephemeralVolumeSizeBytes()).isEqualTo(60 * GIB);
            assertThat(spec(AmiFamily.CUSTOM, List.of(volume("/dev/sdf", null, false)))
                            .ephemeralVolumeSizeBytes())
                    .isEqualTo(20 * GIB);
        }
    }

    @Nested
    @DisplayName("AMI aliases")
    class Aliases {
        @Test
        @DisplayName("should read family and version, pinned or latest")
        void parse() {
            assertThat(AmiAlias.parse("al2023@latest")).isEqualTo(new AmiAlias(AmiFamily.AL2023, "latest"));
            assertThat(AmiAlias.parse("al2023@v20240807").isLatest()).isFalse();
            assertThat(AmiAlias.parse("bottlerocket@v1.20.0").family()).isEqualTo(AmiFamily.BOTTLEROCKET);
            assertThat(AmiAlias.parse("windows2022@latest")).hasToString("windows2022@latest");
        }

        @Test
        @DisplayName("should reject unknown families, pinned Windows versions and malformed aliases")
        void invalid() {
            assertThatThrownBy(() -> AmiAlias.parse("ubuntu@latest")).hasMessageContaining("not supported");
            assertThatThrownBy(() -> AmiAlias.parse("windows2019@v1")).hasMessageContaining("latest");
            assertThatThrownBy(() -> AmiAlias.parse("al2023")).hasMessageContaining("family@version");
            assertThatThrownBy(() -> AmiAlias.parse("AL2023@latest")).hasMessageContaining("not supported");
            assertThatThrownBy(() -> AmiAlias.parse("al2023@" + "v".repeat(30))).hasMessageContaining("30");
        }

        @Test
        @DisplayName("should give the spec its alias, or none when AMIs are selected otherwise")
        void specAlias() {
            Ec2NodeClassSpec withAlias =
                    spec(AmiFamily.BOTTLEROCKET, List.of(), List.of(AmiSelectorTerm.ofAlias("bottlerocket@latest")));
            assertThat(withAlias.alias()).contains(new AmiAlias(AmiFamily.BOTTLEROCKET, "latest"));
            assertThat(spec(AmiFamily.AL2023, List.of()).alias()).isEmpty();
        }
    }
}
