package dev.fleetwright.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@DisplayName("fleetwright convert")
class ConvertCommandTest {

    @TempDir
    Path dir;

    /** The exit status and the two output streams of one in-process run. */
    private record Run(int exitCode, String out, String err) {}

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Fleetwright.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    // The v0.32 getting-started NodePool, keys deliberately out of the usual order and with a status.
    private static final String V1BETA1_NODE_POOL = """
            spec:
              template:
                spec:
                  requirements:
                    - key: karpenter.sh/capacity-type
                      operator: In
                      values: ["spot"]
                  nodeClassRef:
                    apiVersion: karpenter.k8s.aws/v1beta1
                    kind: EC2NodeClass
                    name: default
              disruption:
                consolidationPolicy: WhenUnderutilized
                expireAfter: 720h
            kind: NodePool
            apiVersion: karpenter.sh/v1beta1
            metadata:
              name: default
            status:
              resources:
                cpu: "4"
            """;

    private static final String V1BETA1_NODE_CLASS = """
            apiVersion: karpenter.k8s.aws/v1beta1
            kind: EC2NodeClass
            metadata:
              name: default
            spec:
              amiFamily: AL2
              role: "KarpenterNodeRole-${CLUSTER_NAME}"
              subnetSelectorTerms:
                - tags:
                    karpenter.sh/discovery: "${CLUSTER_NAME}"
              securityGroupSelectorTerms:
                - tags:
                    karpenter.sh/discovery: "${CLUSTER_NAME}"
              metadataOptions:
                httpPutResponseHopLimit: 2
              userData: |
                #!/bin/bash
                echo "hello"
            """;

    @Nested
    @DisplayName("with convertible input")
    class Convertible {

        @Test
        @DisplayName("should print v1 YAML documents separated by ---, keys in Kubernetes order, status dropped")
        void output() throws IOException {
            Path file = write("karpenter.yaml", V1BETA1_NODE_POOL + "---\n" + V1BETA1_NODE_CLASS);

            Run run = run("convert", file.toString());

            assertThat(run.exitCode()).isZero();
            assertThat(run.err()).isEmpty();
            assertThat(run.out()).isEqualTo("""
                    apiVersion: karpenter.sh/v1
                    kind: NodePool
                    metadata:
                      name: default
                    spec:
                      template:
                        spec:
                          requirements:
                          - key: karpenter.sh/capacity-type
                            operator: In
                            values:
                            - spot
                          nodeClassRef:
                            group: karpenter.k8s.aws
                            kind: EC2NodeClass
                            name: default
                          expireAfter: 720h
                      disruption:
                        consolidationPolicy: WhenEmptyOrUnderutilized
                        consolidateAfter: 0s
                    ---
                    apiVersion: karpenter.k8s.aws/v1
                    kind: EC2NodeClass
                    metadata:
                      name: default
                    spec:
                      amiSelectorTerms:
                      - alias: al2@latest
                      role: KarpenterNodeRole-${CLUSTER_NAME}
                      subnetSelectorTerms:
                      - tags:
                          karpenter.sh/discovery: ${CLUSTER_NAME}
                      securityGroupSelectorTerms:
                      - tags:
                          karpenter.sh/discovery: ${CLUSTER_NAME}
                      metadataOptions:
                        httpPutResponseHopLimit: 2
                      userData: |
                        #!/bin/bash
                        echo "hello"
                    """);
        }

        @Test
        @DisplayName("should read a directory's *.yaml and *.yml files in name order and skip other files")
        void directory() throws IOException {
            write("configs/b-nodeclass.yml", V1BETA1_NODE_CLASS);
            write("configs/a-nodepool.yaml", V1BETA1_NODE_POOL);
            write("configs/README.md", "not yaml: [");

            Run run = run("convert", dir.resolve("configs").toString());

            assertThat(run.exitCode()).isZero();
            assertThat(run.out().indexOf("kind: NodePool")).isLessThan(run.out().indexOf("kind: EC2NodeClass"));
        }

        @Test
        @DisplayName("should print warnings to stderr, naming the file, document, kind, name and field")
        void warnings() throws IOException {
            Path file = write("old.yaml", """
                    apiVersion: karpenter.sh/v1alpha5
                    kind: Provisioner
                    metadata:
                      name: default
                    spec:
                      providerRef:
                        name: default
                      ttlSecondsAfterEmpty: 30
                    """);

            Run run = run("convert", file.toString());

            assertThat(run.exitCode()).isZero();
            assertThat(run.err())
                    .startsWith("warning: " + file + "[0] Provisioner \"default\": spec.requirements: added the"
                            + " requirements the v1alpha5 webhook defaulted");
            assertThat(run.out()).contains("consolidationPolicy: WhenEmpty\n    consolidateAfter: 30s\n");
        }

        @Test
        @DisplayName("should print v1 documents and other kinds unchanged")
        void passThrough() throws IOException {
            String v1 = """
                    apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: settings
                      creationTimestamp: 2024-01-01T00:00:00Z
                    data:
                      clusterName: ${CLUSTER_NAME}
                      replicas: '3'
                    """;
            Path file = write("other.yaml", v1);

            Run run = run("convert", file.toString());

            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).isEqualTo(v1.replace("2024-01-01T00:00:00Z", "'2024-01-01T00:00:00Z'"));
        }
    }

    @Nested
    @DisplayName("with input it cannot convert")
    class Failing {

        @Test
        @DisplayName("should exit 1, print the error and still print the other documents")
        void conversionError() throws IOException {
            Path file = write("karpenter.yaml", V1BETA1_NODE_POOL + "---\n" + """
                    apiVersion: karpenter.k8s.aws/v1alpha1
                    kind: AWSNodeTemplate
                    metadata:
                      name: legacy
                    spec:
                      launchTemplate: my-template
                      instanceProfile: p
                      subnetSelector: {a: b}
                      securityGroupSelector: {a: b}
                    """);

            Run run = run("convert", file.toString());

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err())
                    .contains("error: " + file + "[1] AWSNodeTemplate \"legacy\": spec.launchTemplate: unmanaged launch"
                            + " templates are not supported");
            assertThat(run.out()).contains("kind: NodePool").doesNotContain("legacy");
        }

        @Test
        @DisplayName("should exit 1 for a missing file and for invalid YAML")
        void unreadable() throws IOException {
            Path broken = write("broken.yaml", "apiVersion: v1\nkind: [unclosed\n");

            Run run = run("convert", dir.resolve("missing.yaml").toString(), broken.toString());

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err())
                    .contains("error: " + dir.resolve("missing.yaml") + ": no such file or directory")
                    .contains("error: " + broken + "[0]: invalid YAML");
        }

        @Test
        @DisplayName("should reject duplicate keys instead of silently keeping one")
        void duplicateKeys() throws IOException {
            Path file = write("dup.yaml", "apiVersion: v1\nkind: ConfigMap\nkind: Secret\n");

            Run run = run("convert", file.toString());

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("duplicate key kind");
        }

        @Test
        @DisplayName("should use --default-instance-profile for templates without instanceProfile")
        void defaultInstanceProfile() throws IOException {
            Path file = write("template.yaml", """
                    apiVersion: karpenter.k8s.aws/v1alpha1
                    kind: AWSNodeTemplate
                    metadata:
                      name: default
                    spec:
                      subnetSelector:
                        karpenter.sh/discovery: ${CLUSTER_NAME}
                      securityGroupSelector:
                        karpenter.sh/discovery: ${CLUSTER_NAME}
                    """);

            Run without = run("convert", file.toString());
            Run with = run(
                    "convert",
                    "--default-instance-profile",
                    "KarpenterNodeInstanceProfile-${CLUSTER_NAME}",
                    file.toString());

            assertThat(without.exitCode()).isEqualTo(1);
            assertThat(with.exitCode()).isZero();
            assertThat(with.out()).contains("instanceProfile: KarpenterNodeInstanceProfile-${CLUSTER_NAME}");
        }

        @Test
        @DisplayName("should exit 2 without arguments")
        void usage() {
            assertThat(run("convert").exitCode()).isEqualTo(2);
        }
    }
}
