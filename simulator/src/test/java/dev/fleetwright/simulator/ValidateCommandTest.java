package dev.fleetwright.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code fleetwright validate}, run in-process. */
class ValidateCommandTest {

    private static final Path EXAMPLES = Path.of("../examples/nodepools");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> environment, String... args) {
        CommandLine cl = Fleetwright.commandLine(environment);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    @DisplayName("should summarise a valid configuration and exit 0")
    void valid() {
        int code =
                run(Map.of(), "validate", EXAMPLES.resolve("general-and-batch").toString());
        assertThat(code).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString())
                .contains("NodePools (2, in scheduling order)")
                .contains("karpenter.k8s.aws/instance-generation Gt [2]")
                .contains("workload=batch:NoSchedule")
                .contains("cpu 500")
                .contains("WhenEmpty, consolidateAfter 30s")
                .contains("EC2NodeClasses (1)")
                .contains("alias=al2023@latest")
                .contains("KarpenterNodeRole-eks-cluster-dev")
                .contains("/dev/xvda 20Gi gp3 encrypted (AL2023 default)")
                .containsPattern("kubelet +defaults");
    }

    @Test
    @DisplayName("should fill variables from the environment")
    void environment() {
        int code = run(
                Map.of("CLUSTER_NAME", "prod", "AMD_AMI_ID", "ami-0a", "GPU_AMI_ID", "ami-0b"),
                "validate",
                EXAMPLES.resolve("gpu-and-default").toString());
        assertThat(code).isZero();
        assertThat(out.toString())
                .contains("KarpenterNodeRole-prod")
                .contains("id=ami-0b")
                .contains("/dev/xvda 200Gi gp3")
                .contains("nvidia.com/gpu=true:NoSchedule");
    }

    @Test
    @DisplayName("should print every error to standard error and exit 1")
    void invalid(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("nodepools.yaml");
        Files.writeString(file, """
                apiVersion: karpenter.sh/v1
                kind: NodePool
                metadata:
                  name: batch
                spec:
                  weight: 101
                  template:
                    spec:
                      requirements:
                        - key: karpenter.k8s.aws/instance-generation
                          operator: Gt
                          values: ["x"]
                      nodeClassRef:
                        group: karpenter.k8s.aws
                        kind: EC2NodeClass
                        name: default
                """);
        int code = run(Map.of(), "validate", file.toString());
        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString())
                .contains(file + "[0] NodePool \"batch\": spec.template.spec.requirements[0].values: operator Gt needs"
                        + " exactly one non-negative integer")
                .contains(file + "[0] NodePool \"batch\": spec.weight: weight must be within 1..100, got 101")
                .contains("2 errors found");
    }

    @Test
    @DisplayName("should convert older API versions before validating, printing the conversion's warnings")
    void legacy(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("v1beta1.yaml");
        Files.writeString(file, """
                apiVersion: karpenter.sh/v1beta1
                kind: NodePool
                metadata:
                  name: old
                spec:
                  template:
                    spec:
                      requirements:
                        - key: karpenter.sh/capacity-type
                          operator: In
                          values: ["spot"]
                      nodeClassRef:
                        name: old
                  disruption:
                    consolidationPolicy: WhenUnderutilized
                    expireAfter: 168h
                ---
                apiVersion: karpenter.k8s.aws/v1beta1
                kind: EC2NodeClass
                metadata:
                  name: old
                spec:
                  amiFamily: Bottlerocket
                  role: KarpenterNodeRole-dev
                  subnetSelectorTerms:
                    - tags: {karpenter.sh/discovery: dev}
                  securityGroupSelectorTerms:
                    - tags: {karpenter.sh/discovery: dev}
                """);
        int code = run(Map.of(), "validate", file.toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString())
                .containsPattern("expireAfter +168h")
                .contains("WhenEmptyOrUnderutilized")
                .contains("Bottlerocket")
                .contains("/dev/xvdb 20Gi gp3 encrypted (Bottlerocket default)");
    }

    @Test
    @DisplayName("should report unset variables when the environment lacks them")
    void unsetVariable() {
        int code = run(Map.of(), "validate", EXAMPLES.resolve("gpu-and-default").toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("variable ${CLUSTER_NAME} is not set");
    }

    @Test
    @DisplayName("should need at least one path")
    void usage() {
        assertThat(run(Map.of(), "validate")).isEqualTo(2);
        assertThat(err.toString()).contains("PATH");
    }
}
