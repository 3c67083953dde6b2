package dev.fleetwright.aws.ec2.userdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetwright.core.api.AmiFamily;
import dev.fleetwright.core.api.KubeletConfiguration;
import dev.fleetwright.core.api.corev1.Taint;
import dev.fleetwright.core.api.corev1.TaintEffect;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Golden-file specs of the user data of each AMI family. The golden files under {@code src/test/resources/userdata}
 * were written by hand from Karpenter's formats ([A] pkg/providers/amifamily/bootstrap and the goldens of
 * pkg/providers/launchtemplate/testdata), not copied from this implementation's output.
 */
class UserDataTest {

    static final String ENDPOINT = "https://ABCDEF.gr7.us-east-1.eks.amazonaws.com";

    static KubeletConfiguration kubelet(List<String> dns, Integer maxPods) {
        return new KubeletConfiguration(dns, maxPods, null, null, null, null, null, null, null, null, null, null);
    }

    /** The options of the goldens: cluster dev, one NodePool label, a NodePool taint, the unregistered taint. */
    static BootstrapOptions options(KubeletConfiguration kubelet, String userData, boolean raid0) {
        TreeMap<String, String> labels = new TreeMap<>(Map.of(
                "team", "platform",
                "karpenter.sh/nodepool", "general",
                "karpenter.sh/capacity-type", "on-demand",
                "karpenter.k8s.aws/ec2nodeclass", "default",
                "karpenter.sh/do-not-sync-taints", "true"));
        return new BootstrapOptions(
                "dev",
                ENDPOINT,
                "Y2EtYnVuZGxl",
                "10.100.0.0/16",
                kubelet,
                labels,
                List.of(new Taint("dedicated", "platform", TaintEffect.NO_SCHEDULE), Taint.UNREGISTERED),
                userData,
                raid0);
    }

    static BootstrapOptions plain() {
        return options(kubelet(List.of("10.100.0.10"), 29), "", false);
    }

    static String resource(String name) {
        try (InputStream in = UserDataTest.class.getResourceAsStream("/userdata/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource userdata/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static final String SHELL = "#!/bin/bash\necho \"hello\"\n";

    @Nested
    @DisplayName("AL2 (bootstrap.sh in MIME)")
    class Al2 {

        @Test
        @DisplayName("should run bootstrap.sh with endpoint, CA, DNS, labels, taints and max pods")
        void plainBootstrap() {
            assertThat(UserData.generate(AmiFamily.AL2, plain())).isEqualTo(resource("al2_plain.golden"));
        }

        @Test
        @DisplayName("should put the user's script first and pass reserved resources, eviction, image GC and RAID0")
        void mergedWithShellScript() {
            KubeletConfiguration k = new KubeletConfiguration(
                    List.of("10.100.0.10"),
                    29,
                    null,
                    null,
                    Map.of("memory", "1Gi", "cpu", "100m"),
                    Map.of("nodefs.available", "10%", "memory.available", "5%"),
                    null,
                    null,
                    null,
                    85,
                    null,
                    null);
            assertThat(UserData.generate(AmiFamily.AL2, options(k, SHELL, true)))
                    .isEqualTo(resource("al2_merged.golden"));
        }

        @Test
        @DisplayName("should copy every part of a MIME user data, headers included, before the bootstrap part")
        void mergedWithMime() {
            BootstrapOptions o = options(kubelet(List.of("10.100.0.10"), 29), resource("al2_mime_input.txt"), false);
            assertThat(UserData.generate(AmiFamily.AL2, o)).isEqualTo(resource("al2_mime_merged.golden"));
        }

        @Test
        @DisplayName("should tell bootstrap.sh the IP family is IPv6 when the cluster DNS is an IPv6 address")
        void ipv6() {
            String script = UserData.bootstrapScript(options(kubelet(List.of("fd00::a"), null), "", false));
            assertThat(script)
                    .contains(" \\\n--ip-family ipv6 \\\n--dns-cluster-ip 'fd00::a'")
                    .doesNotContain("--use-max-pods");
        }

        @Test
        @DisplayName("should name spec.userData when MIME user data has no closing boundary")
        void brokenMime() {
            String broken = "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"B\"\n\n--B\n\necho\n";
            assertThatThrownBy(() -> UserData.generate(AmiFamily.AL2, options(kubelet(List.of(), 29), broken, false)))
                    .isInstanceOf(UserDataException.class)
                    .hasMessageStartingWith("spec.userData: ")
                    .hasMessageContaining("closing boundary");
        }
    }

    @Nested
    @DisplayName("AL2023 (nodeadm NodeConfig in MIME)")
    class Al2023 {

        @Test
        @DisplayName("should generate a NodeConfig with cluster, CIDR, kubelet config, taints and label flags")
        void plainNodeConfig() {
            assertThat(UserData.generate(AmiFamily.AL2023, plain())).isEqualTo(resource("al2023_plain.golden"));
        }

        @Test
        @DisplayName("should keep a user's NodeConfig as its own part before the generated one, so ours wins")
        void mergedWithNodeConfig() {
            KubeletConfiguration k = new KubeletConfiguration(
                    List.of("10.100.0.10"),
                    29,
                    10,
                    null,
                    Map.of("memory", "1Gi", "cpu", "100m"),
                    Map.of("nodefs.available", "10%", "memory.available", "5%"),
                    null,
                    null,
                    null,
                    null,
                    null,
                    false);
            BootstrapOptions o = options(k, resource("al2023_nodeconfig_input.yaml"), true);
            assertThat(UserData.generate(AmiFamily.AL2023, o)).isEqualTo(resource("al2023_nodeconfig_merged.golden"));
        }

        @Test
        @DisplayName("should wrap a user's shell script as a shell part")
        void mergedWithShell() {
            BootstrapOptions o = options(kubelet(List.of("10.100.0.10"), 29), SHELL, false);
            assertThat(UserData.generate(AmiFamily.AL2023, o)).isEqualTo(resource("al2023_shell_merged.golden"));
        }

        @Test
        @DisplayName("should keep only the content type of a user's MIME parts, as Karpenter's nodeadm bootstrap")
        void mergedWithMime() {
            BootstrapOptions o = options(kubelet(List.of("10.100.0.10"), 29), resource("al2_mime_input.txt"), false);
            List<MimeArchive.Part> parts = MimeArchive.parse(UserData.generate(AmiFamily.AL2023, o));
            assertThat(parts).hasSize(3);
            assertThat(parts.get(0).headers()).containsOnlyKeys("Content-Type");
            assertThat(parts.get(0).content()).isEqualTo("echo one");
            assertThat(parts.get(1).content()).isEqualTo("packages:\n- jq");
            assertThat(parts.get(2).contentType()).isEqualTo(MimeArchive.NODE_CONFIG);
        }

        @Test
        @DisplayName("should refuse to bootstrap without the cluster's service CIDR, naming the setting")
        void needsServiceCidr() {
            BootstrapOptions o = plain();
            BootstrapOptions noCidr = new BootstrapOptions(
                    o.clusterName(),
                    o.clusterEndpoint(),
                    o.certificateAuthority(),
                    null,
                    o.kubelet(),
                    o.labels(),
                    o.taints(),
                    "",
                    false);
            assertThatThrownBy(() -> UserData.generate(AmiFamily.AL2023, noCidr))
                    .isInstanceOf(UserDataException.class)
                    .hasMessageStartingWith("serviceCidr: ");
        }
    }

    @Nested
    @DisplayName("Bottlerocket (TOML settings)")
    class Bottlerocket {

        @Test
        @DisplayName("should write the Kubernetes settings, labels and taints")
        void plainSettings() {
            assertThat(UserData.generate(AmiFamily.BOTTLEROCKET, plain()))
                    .isEqualTo(resource("bottlerocket_plain.golden"));
        }

        @Test
        @DisplayName("should merge user TOML: ours win for required keys, labels merge, taints are replaced")
        void mergedWithUserToml() {
            KubeletConfiguration k = new KubeletConfiguration(
                    List.of("10.100.0.10", "10.100.0.11"),
                    29,
                    null,
                    null,
                    Map.of("cpu", "100m"),
                    null,
                    null,
                    null,
                    null,
                    85,
                    null,
                    true);
            BootstrapOptions o = options(k, resource("bottlerocket_input.toml"), true);
            assertThat(UserData.generate(AmiFamily.BOTTLEROCKET, o)).isEqualTo(resource("bottlerocket_merged.golden"));
        }

        @Test
        @DisplayName("should name spec.userData when the user's TOML does not parse")
        void invalidToml() {
            BootstrapOptions o = options(kubelet(List.of(), 29), "[settings.kubernetes\nx = ", false);
            assertThatThrownBy(() -> UserData.generate(AmiFamily.BOTTLEROCKET, o))
                    .isInstanceOf(UserDataException.class)
                    .hasMessageStartingWith("spec.userData: not valid TOML");
        }

        @Test
        @DisplayName("should name the table when the user's settings.kubernetes is not a table")
        void kubernetesNotATable() {
            BootstrapOptions o = options(kubelet(List.of(), 29), "[settings]\nkubernetes = 3\n", false);
            assertThatThrownBy(() -> UserData.generate(AmiFamily.BOTTLEROCKET, o))
                    .isInstanceOf(UserDataException.class)
                    .hasMessageContaining("settings.kubernetes must be a TOML table");
        }
    }

    @Nested
    @DisplayName("Custom AMIs")
    class Custom {

        @Test
        @DisplayName("should pass the user data through unchanged")
        void passThrough() {
            BootstrapOptions o = options(kubelet(List.of(), 29), SHELL, false);
            assertThat(UserData.generate(AmiFamily.CUSTOM, o)).isEqualTo(SHELL);
        }
    }

    @Test
    @DisplayName("should produce the same bytes for the same options (launch template names hash them)")
    void deterministic() {
        for (AmiFamily family : List.of(AmiFamily.AL2, AmiFamily.AL2023, AmiFamily.BOTTLEROCKET)) {
            assertThat(UserData.generate(family, plain())).isEqualTo(UserData.generate(family, plain()));
        }
    }
}
