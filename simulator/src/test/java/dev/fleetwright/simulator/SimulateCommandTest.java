package dev.fleetwright.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

class SimulateCommandTest {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Fleetwright.commandLine(env);
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    @DisplayName("should plan the bundled example with no arguments: inflate on the general pool, the Job on batch")
    void bundledExample() {
        Run r = run(Map.of(), "simulate", "--no-progress");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("16 pods, 16 scheduled")
                .contains("0 unschedulable")
                .contains("general")
                .contains("batch")
                .contains("Lower bound:");
    }

    @Test
    @DisplayName("should write the JSON fields the issue names")
    void json() throws IOException {
        Path json = dir.resolve("out.json");
        Run r = run(Map.of(), "simulate", "--no-progress", "--json", json.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode node = new ObjectMapper().readTree(json.toFile());
        for (String field : new String[] {
            "pods",
            "podsScheduled",
            "podsUnschedulable",
            "nodeClaims",
            "costPerHourUsd",
            "lowerBoundCostPerHourUsd",
            "cpuUtilization",
            "memoryUtilization",
            "planMillis"
        }) {
            assertThat(node.has(field)).as(field).isTrue();
        }
        assertThat(node.get("pods").asInt()).isEqualTo(16);
        JsonNode claim = node.get("nodeClaims").get(0);
        for (String field :
                new String[] {"nodePool", "instanceType", "zone", "capacityType", "pricePerHourUsd", "pods"}) {
            assertThat(claim.has(field)).as(field).isTrue();
        }
        double sum = 0;
        for (JsonNode c : node.get("nodeClaims")) {
            sum += c.get("pricePerHourUsd").asDouble();
        }
        assertThat(node.get("costPerHourUsd").asDouble()).isCloseTo(sum, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(node.get("lowerBoundCostPerHourUsd").asDouble()).isLessThanOrEqualTo(sum);
    }

    @Test
    @DisplayName("should write an HTML report with embedded charts")
    void html() throws IOException {
        Path html = dir.resolve("plan.html");
        Run r = run(Map.of(), "simulate", "--no-progress", "--report", html.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        String page = Files.readString(html);
        assertThat(page).contains("<h1>Fleetwright plan</h1>").contains("data:image/png;base64,");
    }

    @Test
    @DisplayName("should report pods no NodePool can hold, with the reason, and still exit 0")
    void unschedulable() throws IOException {
        Path workload = dir.resolve("big.yaml");
        Files.writeString(workload, """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: huge
                spec:
                  containers:
                    - name: c
                      image: x
                      resources:
                        requests:
                          cpu: "500"
                """);
        Run r = run(Map.of(), "simulate", "--no-progress", "--workload", workload.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Unschedulable pods (1)").contains("default/huge");
    }

    @Test
    @DisplayName("should list every configuration error and exit 1 without planning")
    void invalid() throws IOException {
        Path pools = dir.resolve("pools.yaml");
        Files.writeString(pools, """
                apiVersion: karpenter.sh/v1
                kind: NodePool
                metadata:
                  name: bad
                spec:
                  weight: 101
                  template:
                    spec:
                      nodeClassRef:
                        group: karpenter.k8s.aws
                        kind: EC2NodeClass
                        name: missing
                """);
        Run r = run(Map.of(), "simulate", "--no-progress", "--nodepools", pools.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("NodePool \"bad\"").contains("spec.weight").contains("nothing was planned");
    }

    @Test
    @DisplayName("should plan a pod trace")
    void trace() throws IOException {
        Path csv = dir.resolve("pods.csv");
        Files.writeString(csv, """
                name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time
                p0,2000,4096,0,0,,LS,Running,0,10,0
                p1,1000,2048,0,0,,LS,Running,0,10,0
                """);
        Run r = run(Map.of(), "simulate", "--no-progress", "--workload", csv.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("2 pods, 2 scheduled");
    }

    @Test
    @DisplayName("should plan with unset deploy-time variables kept as written, warning about each")
    void unsetVariablesWarn() throws IOException {
        Path pools = dir.resolve("pools.yaml");
        Files.writeString(pools, """
                apiVersion: karpenter.k8s.aws/v1
                kind: EC2NodeClass
                metadata:
                  name: default
                spec:
                  amiFamily: AL2023
                  role: "KarpenterNodeRole-${CLUSTER_NAME}"
                  amiSelectorTerms:
                    - id: "${AMI_ID}"
                  subnetSelectorTerms:
                    - tags:
                        karpenter.sh/discovery: "${CLUSTER_NAME}"
                  securityGroupSelectorTerms:
                    - tags:
                        karpenter.sh/discovery: "${CLUSTER_NAME}"
                ---
                apiVersion: karpenter.sh/v1
                kind: NodePool
                metadata:
                  name: default
                spec:
                  template:
                    spec:
                      requirements:
                        - key: karpenter.k8s.aws/instance-category
                          operator: In
                          values: ["m"]
                      nodeClassRef:
                        group: karpenter.k8s.aws
                        kind: EC2NodeClass
                        name: default
                """);
        Run r = run(Map.of(), "simulate", "--no-progress", "--nodepools", pools.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err())
                .contains("warning: " + pools + " line 9: variable ${AMI_ID} is not set; kept as written")
                .contains("warning: " + pools + " lines 7, 12, 15: variable ${CLUSTER_NAME} is not set");
        // The bundled workload: inflate's 10 pods on this NodePool; the Job's 6 pods select NodePool batch.
        assertThat(r.out()).contains("16 pods, 10 scheduled").containsPattern("default +m");
    }
}
