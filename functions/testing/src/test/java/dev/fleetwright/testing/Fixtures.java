package dev.fleetwright.testing;

import dev.fleetwright.core.api.corev1.ObjectMeta;
import dev.fleetwright.core.api.corev1.OwnerReference;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.PodSpec;
import dev.fleetwright.core.api.corev1.PodStatus;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.api.corev1.Toleration;
import dev.fleetwright.core.api.load.ConfigLoader;
import dev.fleetwright.core.api.load.LoadResult;
import dev.fleetwright.core.api.load.NamedSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Configuration and pod builders shared by the simulation specs. */
final class Fixtures {

    static final String CLUSTER = "dev";
    static final List<String> ZONES = List.of("us-east-1a", "us-east-1b", "us-east-1c");

    static final String NODE_CLASS = """
            apiVersion: karpenter.k8s.aws/v1
            kind: EC2NodeClass
            metadata:
              name: default
            spec:
              role: KarpenterNodeRole-dev
              amiSelectorTerms:
                - alias: al2023@latest
              subnetSelectorTerms:
                - tags:
                    karpenter.sh/discovery: dev
              securityGroupSelectorTerms:
                - tags:
                    karpenter.sh/discovery: dev
            """;

    private Fixtures() {}

    /**
     * A NodePool of c/m/r amd64 types with 4 or 8 vCPUs, of one capacity type.
     *
     * @param name the NodePool name
     * @param capacityType {@code spot} or {@code on-demand}
     * @param annotations extra YAML under {@code metadata} (indented two spaces), or empty
     */
    static String nodePool(String name, String capacityType, String annotations) {
        return """
                apiVersion: karpenter.sh/v1
                kind: NodePool
                metadata:
                  name: %s
                %s
                spec:
                  template:
                    spec:
                      requirements:
                        - key: karpenter.sh/capacity-type
                          operator: In
                          values: ["%s"]
                        - key: karpenter.k8s.aws/instance-category
                          operator: In
                          values: ["c", "m", "r"]
                        - key: karpenter.k8s.aws/instance-cpu
                          operator: In
                          values: ["4", "8"]
                        - key: kubernetes.io/arch
                          operator: In
                          values: ["amd64"]
                      nodeClassRef:
                        group: karpenter.k8s.aws
                        kind: EC2NodeClass
                        name: default
                """.formatted(name, annotations, capacityType);
    }

    static LoadResult config(String... documents) {
        List<NamedSource> sources = new ArrayList<>();
        for (int i = 0; i < documents.length; i++) {
            sources.add(new NamedSource("config-" + i + ".yaml", documents[i]));
        }
        return new ConfigLoader(Map.of()).loadSources(sources);
    }

    /** A pod template with these labels and requests. */
    static Pod template(Map<String, String> labels, long cpuMillis, long memoryMiB) {
        return new Pod(
                ObjectMeta.of("default", "template").withLabels(labels),
                PodSpec.of(Resources.ofCpuMemoryMiB(cpuMillis, memoryMiB)),
                PodStatus.UNSCHEDULABLE);
    }

    /** A builder of pods bound to a node, for drain specs. */
    static final class PodBuilder {
        private final String name;
        private String namespace = "default";
        private Map<String, String> labels = Map.of();
        private Map<String, String> annotations = Map.of();
        private OwnerReference owner;
        private String priorityClassName = "";
        private long grace = PodSpec.DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
        private List<Toleration> tolerations = List.of();
        private long cpuMillis = 100;
        private String node = "";
        private PodStatus status = PodStatus.RUNNING;

        PodBuilder(String name) {
            this.name = name;
        }

        PodBuilder labels(Map<String, String> value) {
            labels = value;
            return this;
        }

        PodBuilder annotations(Map<String, String> value) {
            annotations = value;
            return this;
        }

        PodBuilder ownedBy(String kind, String ownerName) {
            owner = new OwnerReference("apps/v1", kind, ownerName, "uid-" + ownerName, true);
            return this;
        }

        PodBuilder critical() {
            priorityClassName = "system-node-critical";
            return this;
        }

        PodBuilder grace(long seconds) {
            grace = seconds;
            return this;
        }

        PodBuilder tolerations(List<Toleration> value) {
            tolerations = value;
            return this;
        }

        PodBuilder cpu(long millis) {
            cpuMillis = millis;
            return this;
        }

        PodBuilder on(String nodeName) {
            node = nodeName;
            return this;
        }

        PodBuilder status(PodStatus value) {
            status = value;
            return this;
        }

        Pod build() {
            ObjectMeta meta = new ObjectMeta(
                    name, namespace, "", labels, annotations, owner == null ? List.of() : List.of(owner), null, null);
            PodSpec spec = new PodSpec(
                    Resources.ofCpuMemoryMiB(cpuMillis, 128),
                    null,
                    null,
                    tolerations,
                    null,
                    node,
                    0,
                    priorityClassName,
                    grace,
                    null);
            return new Pod(meta, spec, status);
        }
    }

    static PodBuilder pod(String name) {
        return new PodBuilder(name);
    }
}
