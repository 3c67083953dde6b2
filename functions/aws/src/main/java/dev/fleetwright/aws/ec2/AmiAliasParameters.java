package dev.fleetwright.aws.ec2;

import dev.fleetwright.core.api.AmiAlias;
import java.util.List;
import java.util.Objects;

/**
 * The public SSM parameters that hold the image IDs of an AMI alias, after Karpenter's {@code DescribeImageQuery} of
 * each family ([A] pkg/providers/amifamily/al2.go, al2023.go, bottlerocket.go). {@code root} is {@code /aws/service} on
 * AWS.
 *
 * <ul>
 *   <li>AL2: {@code root/eks/optimized-ami/<k8s>/amazon-linux-2[-arm64|-gpu]/recommended/image_id}; pinned versions
 *       replace {@code recommended} with {@code amazon-eks[-arm64|-gpu]-node-<k8s>-<version>}. The GPU AMI serves both
 *       NVIDIA and Neuron types.
 *   <li>AL2023: {@code root/eks/optimized-ami/<k8s>/amazon-linux-2023/<x86_64|arm64>/<standard|nvidia|neuron>/recommended
 *       /image_id} (no arm64 neuron); pinned versions replace {@code recommended} with {@code
 *       amazon-eks-node-al2023-<arch>-<variant>-<k8s>-<version>}.
 *   <li>Bottlerocket: {@code root/bottlerocket/aws-k8s-<k8s>[-nvidia]/<x86_64|arm64>/<version>/image_id} with version
 *       {@code latest} or the pinned version without its leading {@code v}; the x86_64 standard image also serves
 *       Neuron types.
 * </ul>
 *
 * Windows aliases are not supported by this adapter.
 */
public final class AmiAliasParameters {

    /**
     * One parameter to read.
     *
     * @param name the parameter name
     * @param variants the hardware the image it holds runs on
     */
    public record Parameter(String name, List<AmiVariant> variants) {

        /** Copies the variants. */
        public Parameter {
            Objects.requireNonNull(name, "name");
            variants = List.copyOf(variants);
        }
    }

    private AmiAliasParameters() {}

    /**
     * The parameters of an alias, in a fixed order.
     *
     * @param alias the alias, for example {@code al2023@latest}
     * @param kubernetesVersion the control plane version, for example {@code 1.31}
     * @param root the parameter root, for example {@code /aws/service}
     * @return the parameters to read; an image found under any of them belongs to the alias
     * @throws IllegalArgumentException if the alias's family is not AL2, AL2023 or Bottlerocket
     */
    public static List<Parameter> of(AmiAlias alias, String kubernetesVersion, String root) {
        String k8s = kubernetesVersion;
        String version = alias.version();
        boolean latest = alias.isLatest();
        return switch (alias.family()) {
            case AL2 -> {
                String eks = root + "/eks/optimized-ami/" + k8s;
                yield List.of(
                        new Parameter(
                                eks + "/amazon-linux-2/"
                                        + (latest ? "recommended" : "amazon-eks-node-" + k8s + "-" + version)
                                        + "/image_id",
                                List.of(AmiVariant.STANDARD)),
                        new Parameter(
                                eks + "/amazon-linux-2-arm64/"
                                        + (latest ? "recommended" : "amazon-eks-arm64-node-" + k8s + "-" + version)
                                        + "/image_id",
                                List.of(AmiVariant.STANDARD)),
                        new Parameter(
                                eks + "/amazon-linux-2-gpu/"
                                        + (latest ? "recommended" : "amazon-eks-gpu-node-" + k8s + "-" + version)
                                        + "/image_id",
                                List.of(AmiVariant.NEURON, AmiVariant.NVIDIA)));
            }
            case AL2023 -> {
                String base = root + "/eks/optimized-ami/" + k8s + "/amazon-linux-2023/";
                yield List.of(
                        al2023(base, "x86_64", AmiVariant.STANDARD, k8s, version, latest),
                        al2023(base, "x86_64", AmiVariant.NVIDIA, k8s, version, latest),
                        al2023(base, "x86_64", AmiVariant.NEURON, k8s, version, latest),
                        al2023(base, "arm64", AmiVariant.STANDARD, k8s, version, latest),
                        al2023(base, "arm64", AmiVariant.NVIDIA, k8s, version, latest));
            }
            case BOTTLEROCKET -> {
                // Bottlerocket releases are tagged v1.2.3 on GitHub but the parameter path has no v.
                String v = latest ? AmiAlias.LATEST : stripLeadingV(version);
                String base = root + "/bottlerocket/aws-k8s-" + k8s;
                yield List.of(
                        new Parameter(
                                base + "/x86_64/" + v + "/image_id", List.of(AmiVariant.STANDARD, AmiVariant.NEURON)),
                        new Parameter(base + "/arm64/" + v + "/image_id", List.of(AmiVariant.STANDARD)),
                        new Parameter(base + "-nvidia/x86_64/" + v + "/image_id", List.of(AmiVariant.NVIDIA)),
                        new Parameter(base + "-nvidia/arm64/" + v + "/image_id", List.of(AmiVariant.NVIDIA)));
            }
            case WINDOWS2019, WINDOWS2022, CUSTOM ->
                throw new IllegalArgumentException(
                        "the alias " + alias + " is not supported: Fleetwright launches AL2, AL2023 and Bottlerocket");
        };
    }

    private static Parameter al2023(
            String base, String arch, AmiVariant variant, String k8s, String version, boolean latest) {
        String name = latest
                ? "recommended"
                : "amazon-eks-node-al2023-" + arch + "-" + variant.pathName() + "-" + k8s + "-" + version;
        return new Parameter(base + arch + "/" + variant.pathName() + "/" + name + "/image_id", List.of(variant));
    }

    private static String stripLeadingV(String version) {
        int i = 0;
        while (i < version.length() && version.charAt(i) == 'v') {
            i++;
        }
        return version.substring(i);
    }
}
