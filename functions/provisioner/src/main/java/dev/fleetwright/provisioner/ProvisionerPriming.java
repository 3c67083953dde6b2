package dev.fleetwright.provisioner;

import dev.fleetwright.core.api.Ec2NodeClass;
import dev.fleetwright.core.api.NodePool;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.api.load.ConfigLoader;
import dev.fleetwright.core.api.load.LoadResult;
import dev.fleetwright.core.api.load.NamedSource;
import dev.fleetwright.core.cloudprovider.InstanceType;
import dev.fleetwright.core.cloudprovider.InstanceTypeCatalog;
import dev.fleetwright.core.cloudprovider.NodeOverheadSettings;
import dev.fleetwright.core.scheduling.NodeClaimTemplate;
import dev.fleetwright.core.scheduling.Planner;
import dev.fleetwright.kubernetes.PodMapper;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * SnapStart priming: runs the provisioner's CPU-heavy, class-loading-heavy code paths on synthetic input before the
 * snapshot is taken, so that restored environments start with those classes loaded and initialised and their code
 * compiled, instead of paying for it in the first invocation.
 *
 * <p>Priming only reads. It loads the bundled catalog, decodes a synthetic EC2NodeClass and NodePool, resolves the
 * catalog's instance types for them, decodes a synthetic pod with client-java's JSON and maps it as the Kubernetes
 * adapter does, plans capacity for a few such pods with the {@link Planner}, and parses a sample provisioning event.
 * It makes no AWS or Kubernetes call and writes nothing: a snapshot is restored many times, so anything written during
 * priming would be written once but believed by every restored copy, and any call would need credentials and
 * connections that must not be captured in the snapshot. It also uses no clock and no randomness, for the same reason.
 */
public final class ProvisionerPriming {

    /**
     * What priming exercised, so tests can tell it ran.
     *
     * @param instanceTypes instance types resolved for the synthetic EC2NodeClass
     * @param podsPlanned synthetic pods the planner placed on new NodeClaims
     * @param nodeClaimsPlanned NodeClaims the planner proposed
     * @param eventCluster the cluster the sample event named
     */
    public record Summary(int instanceTypes, int podsPlanned, int nodeClaimsPlanned, String eventCluster) {}

    static final String NODE_CLASS_AND_POOL = """
            apiVersion: karpenter.k8s.aws/v1
            kind: EC2NodeClass
            metadata:
              name: priming
            spec:
              role: priming
              amiSelectorTerms:
                - alias: al2023@latest
              subnetSelectorTerms:
                - tags:
                    karpenter.sh/discovery: priming
              securityGroupSelectorTerms:
                - tags:
                    karpenter.sh/discovery: priming
            ---
            apiVersion: karpenter.sh/v1
            kind: NodePool
            metadata:
              name: priming
            spec:
              template:
                spec:
                  requirements:
                    - key: karpenter.sh/capacity-type
                      operator: In
                      values: ["on-demand", "spot"]
                    - key: karpenter.k8s.aws/instance-category
                      operator: In
                      values: ["c", "m", "r"]
                    - key: kubernetes.io/arch
                      operator: In
                      values: ["amd64", "arm64"]
                  nodeClassRef:
                    group: karpenter.k8s.aws
                    kind: EC2NodeClass
                    name: priming
            """;

    static final String POD = """
            {
              "apiVersion": "v1",
              "kind": "Pod",
              "metadata": {"name": "priming-%d", "namespace": "default", "labels": {"app": "priming"}},
              "spec": {
                "containers": [{
                  "name": "app",
                  "image": "public.ecr.aws/eks-distro/kubernetes/pause:3.7",
                  "resources": {"requests": {"cpu": "1", "memory": "1Gi"}}
                }],
                "tolerations": [{"key": "workload", "operator": "Exists", "effect": "NoSchedule"}]
              },
              "status": {
                "phase": "Pending",
                "conditions": [{"type": "PodScheduled", "status": "False", "reason": "Unschedulable"}]
              }
            }
            """;

    static final String EVENT = """
            {
              "version": "0",
              "id": "00000000-0000-0000-0000-000000000000",
              "detail-type": "Pending Pods",
              "source": "dev.fleetwright.forwarder",
              "account": "000000000000",
              "time": "2026-01-01T00:00:00Z",
              "region": "us-east-1",
              "resources": [],
              "detail": {
                "cluster": "%s",
                "forwarder": "priming",
                "observedAt": "2026-01-01T00:00:00Z",
                "pods": [{"namespace": "default", "name": "priming-0", "uid": "priming",
                          "requests": {"cpu": "1", "memory": "1Gi"}, "pendingSince": "2026-01-01T00:00:00Z"}]
              }
            }
            """;

    /** Synthetic pods planned: enough for more than one NodeClaim shape to be tried. */
    static final int PODS = 6;

    private ProvisionerPriming() {}

    /**
     * Primes.
     *
     * @param catalog the catalog the function launches from
     * @param messages the function's message parser
     * @param cluster a cluster the function serves (the sample event names it)
     * @param optimizeCost whether the planner tries the cost variants, as the function is configured
     * @return what was exercised
     * @throws IllegalStateException if the synthetic input does not load or the sample event is refused (a build
     *     defect: priming must fail the snapshot rather than hide it)
     */
    public static Summary prime(
            InstanceTypeCatalog catalog, ProvisioningMessages messages, String cluster, boolean optimizeCost) {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(messages, "messages");

        ProvisioningMessages.Parsed parsed = messages.parse("priming", EVENT.formatted(cluster));
        String eventCluster = switch (parsed) {
            case ProvisioningMessages.Accepted a -> a.request().cluster();
            case ProvisioningMessages.Rejected r ->
                throw new IllegalStateException("priming: the sample event was refused: " + r.rule());
        };

        LoadResult config =
                new ConfigLoader(Map.of()).loadSources(List.of(new NamedSource("priming.yaml", NODE_CLASS_AND_POOL)));
        if (!config.isValid()
                || config.nodePools().size() != 1
                || config.nodeClasses().size() != 1) {
            throw new IllegalStateException("priming: the synthetic configuration did not load: " + config.errors());
        }
        Ec2NodeClass nodeClass = config.nodeClasses().get(0);
        NodePool pool = config.nodePools().get(0);
        List<InstanceType> types = catalog.resolveAll(NodeOverheadSettings.of(nodeClass));

        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < PODS; i++) {
            V1Pod pod = JSON.deserialize(POD.formatted(i), V1Pod.class);
            pods.add(PodMapper.toPod(pod));
        }
        NodeClaimTemplate template = NodeClaimTemplate.of(pool, types, Resources.NONE, 0);
        Planner.Plan plan = new Planner(List.of(template), List.of(), List.of(), Map.of(), optimizeCost).plan(pods);
        int placed = plan.result().newNodeClaims().stream()
                .mapToInt(c -> c.pods().size())
                .sum();
        return new Summary(types.size(), placed, plan.result().newNodeClaims().size(), eventCluster);
    }
}
