package dev.fleetwright.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetwright.core.api.AmiFamily;
import dev.fleetwright.core.api.BlockDevice;
import dev.fleetwright.core.api.BlockDeviceMapping;
import dev.fleetwright.core.api.EbsVolumeType;
import dev.fleetwright.core.api.MetadataOptions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LaunchTemplateSpecTest {

    static LaunchTemplateSpec spec(String cluster, String userData, List<BlockDeviceMapping> devices) {
        return new LaunchTemplateSpec(
                cluster,
                "ami-1",
                userData,
                List.of("sg-2", "sg-1"),
                "profile",
                devices,
                MetadataOptions.DEFAULT,
                true,
                null,
                2,
                new TreeMap<>(Map.of("team", "a")));
    }

    @Test
    @DisplayName("should name templates fleetwright/<cluster>/<hash> with a hash that follows the content")
    void naming() {
        var devices = AmiFamily.AL2023.defaultBlockDeviceMappings();
        LaunchTemplateSpec a = spec("dev", "x", devices);
        assertThat(a.name()).matches("fleetwright/dev/[0-9a-f]{32}");
        assertThat(spec("dev", "x", devices).name()).isEqualTo(a.name());
        assertThat(spec("dev", "y", devices).name()).isNotEqualTo(a.name());
        assertThat(spec("prod", "x", devices).name()).isNotEqualTo(a.name());
    }

    @Test
    @DisplayName("should drop the cluster from names that would exceed 128 characters, keeping it in the hash")
    void longCluster() {
        String cluster = "c".repeat(100);
        LaunchTemplateSpec s = spec(cluster, "x", List.of());
        assertThat(s.name()).matches("fleetwright/[0-9a-f]{32}");
        assertThat(s.name()).isNotEqualTo(spec("d".repeat(100), "x", List.of()).name());
    }

    @Test
    @DisplayName("should round volume sizes up to GiB and pass iops, throughput, KMS key and snapshot")
    void blockDevices() {
        BlockDevice ebs = new BlockDevice(
                true, true, 4000L, "alias/nodes", "snap-1", 250L, null, (100L << 30) + 1, EbsVolumeType.GP3);
        var request = spec("dev", "x", List.of(new BlockDeviceMapping("/dev/xvda", ebs, true)))
                .toRequest();
        var device = request.launchTemplateData().blockDeviceMappings().get(0).ebs();
        assertThat(device.volumeSize()).isEqualTo(101);
        assertThat(device.iops()).isEqualTo(4000);
        assertThat(device.throughput()).isEqualTo(250);
        assertThat(device.kmsKeyId()).isEqualTo("alias/nodes");
        assertThat(device.snapshotId()).isEqualTo("snap-1");
        assertThat(device.deleteOnTermination()).isTrue();
    }

    @Test
    @DisplayName("should put sorted security groups and the prefix count on the primary interface, monitoring on")
    void networkAndMonitoring() {
        var data = spec("dev", "x", List.of()).toRequest().launchTemplateData();
        assertThat(data.networkInterfaces().get(0).groups()).containsExactly("sg-1", "sg-2");
        assertThat(data.networkInterfaces().get(0).ipv4PrefixCount()).isEqualTo(2);
        assertThat(data.networkInterfaces().get(0).associatePublicIpAddress()).isNull();
        assertThat(data.monitoring().enabled()).isTrue();
        assertThat(data.blockDeviceMappings()).isEmpty();
    }
}
