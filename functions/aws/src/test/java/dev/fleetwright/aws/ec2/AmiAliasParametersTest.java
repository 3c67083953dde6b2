package dev.fleetwright.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetwright.core.api.AmiAlias;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The public parameter paths, as AWS documents them and [A] amifamily/al2.go, al2023.go, bottlerocket.go read them. */
class AmiAliasParametersTest {

    static List<String> names(String alias) {
        return AmiAliasParameters.of(AmiAlias.parse(alias), "1.31", "/aws/service").stream()
                .map(AmiAliasParameters.Parameter::name)
                .toList();
    }

    @Test
    @DisplayName("should read AL2's recommended x86, arm64 and GPU images for latest")
    void al2Latest() {
        assertThat(names("al2@latest"))
                .containsExactly(
                        "/aws/service/eks/optimized-ami/1.31/amazon-linux-2/recommended/image_id",
                        "/aws/service/eks/optimized-ami/1.31/amazon-linux-2-arm64/recommended/image_id",
                        "/aws/service/eks/optimized-ami/1.31/amazon-linux-2-gpu/recommended/image_id");
    }

    @Test
    @DisplayName("should read AL2's named release for a pinned version")
    void al2Pinned() {
        assertThat(names("al2@v20240807"))
                .containsExactly(
                        "/aws/service/eks/optimized-ami/1.31/amazon-linux-2/amazon-eks-node-1.31-v20240807/image_id",
                        "/aws/service/eks/optimized-ami/1.31/amazon-linux-2-arm64/amazon-eks-arm64-node-1.31-v20240807/image_id",
                        "/aws/service/eks/optimized-ami/1.31/amazon-linux-2-gpu/amazon-eks-gpu-node-1.31-v20240807/image_id");
    }

    @Test
    @DisplayName("should read AL2023's five arch/variant images for latest (no arm64 neuron)")
    void al2023Latest() {
        String base = "/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/";
        assertThat(names("al2023@latest"))
                .containsExactly(
                        base + "x86_64/standard/recommended/image_id",
                        base + "x86_64/nvidia/recommended/image_id",
                        base + "x86_64/neuron/recommended/image_id",
                        base + "arm64/standard/recommended/image_id",
                        base + "arm64/nvidia/recommended/image_id");
    }

    @Test
    @DisplayName("should read AL2023's named release for a pinned version")
    void al2023Pinned() {
        assertThat(names("al2023@v20240807"))
                .contains("/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/arm64/nvidia/"
                        + "amazon-eks-node-al2023-arm64-nvidia-1.31-v20240807/image_id");
    }

    @Test
    @DisplayName("should read Bottlerocket's latest and pinned images, dropping the version's leading v")
    void bottlerocket() {
        assertThat(names("bottlerocket@latest"))
                .containsExactly(
                        "/aws/service/bottlerocket/aws-k8s-1.31/x86_64/latest/image_id",
                        "/aws/service/bottlerocket/aws-k8s-1.31/arm64/latest/image_id",
                        "/aws/service/bottlerocket/aws-k8s-1.31-nvidia/x86_64/latest/image_id",
                        "/aws/service/bottlerocket/aws-k8s-1.31-nvidia/arm64/latest/image_id");
        assertThat(names("bottlerocket@v1.20.3"))
                .first()
                .isEqualTo("/aws/service/bottlerocket/aws-k8s-1.31/x86_64/1.20.3/image_id");
    }

    @Test
    @DisplayName("should say which hardware each image serves (AL2 GPU: NVIDIA and Neuron)")
    void variants() {
        var al2 = AmiAliasParameters.of(AmiAlias.parse("al2@latest"), "1.31", "/aws/service");
        assertThat(al2.get(2).variants()).containsExactly(AmiVariant.NEURON, AmiVariant.NVIDIA);
        var br = AmiAliasParameters.of(AmiAlias.parse("bottlerocket@latest"), "1.31", "/aws/service");
        assertThat(br.get(0).variants()).containsExactly(AmiVariant.STANDARD, AmiVariant.NEURON);
    }

    @Test
    @DisplayName("should use another root for tests")
    void root() {
        assertThat(AmiAliasParameters.of(AmiAlias.parse("al2023@latest"), "1.30", "/it/aws/service")
                        .get(0)
                        .name())
                .isEqualTo(
                        "/it/aws/service/eks/optimized-ami/1.30/amazon-linux-2023/x86_64/standard/recommended/image_id");
    }

    @Test
    @DisplayName("should refuse Windows aliases")
    void windows() {
        assertThatThrownBy(() -> AmiAliasParameters.of(AmiAlias.parse("windows2022@latest"), "1.31", "/aws/service"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("windows2022@latest");
    }
}
