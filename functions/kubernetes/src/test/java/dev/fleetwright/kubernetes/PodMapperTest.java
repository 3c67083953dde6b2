package dev.fleetwright.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetwright.core.api.corev1.Affinity;
import dev.fleetwright.core.api.corev1.DaemonSet;
import dev.fleetwright.core.api.corev1.LabelSelector;
import dev.fleetwright.core.api.corev1.NodeSelectorOperator;
import dev.fleetwright.core.api.corev1.NodeSelectorRequirement;
import dev.fleetwright.core.api.corev1.OwnerReference;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.PodAffinityTerm;
import dev.fleetwright.core.api.corev1.PodStatus;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.api.corev1.TaintEffect;
import dev.fleetwright.core.api.corev1.Toleration;
import dev.fleetwright.core.api.corev1.TopologySpreadConstraint;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Affinity;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1DaemonSet;
import io.kubernetes.client.openapi.models.V1DaemonSetSpec;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1LabelSelectorRequirement;
import io.kubernetes.client.openapi.models.V1NodeAffinity;
import io.kubernetes.client.openapi.models.V1NodeSelector;
import io.kubernetes.client.openapi.models.V1NodeSelectorRequirement;
import io.kubernetes.client.openapi.models.V1NodeSelectorTerm;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodAffinity;
import io.kubernetes.client.openapi.models.V1PodAffinityTerm;
import io.kubernetes.client.openapi.models.V1PodAntiAffinity;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1PreferredSchedulingTerm;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import io.kubernetes.client.openapi.models.V1Toleration;
import io.kubernetes.client.openapi.models.V1TopologySpreadConstraint;
import io.kubernetes.client.openapi.models.V1WeightedPodAffinityTerm;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("PodMapper: V1Pod to core Pod")
class PodMapperTest {

    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    /** A pod "default/web" with one container "app" and no requests. */
    private static V1Pod pod() {
        return new V1Pod()
                .metadata(new V1ObjectMeta().name("web").namespace("default"))
                .spec(new V1PodSpec().addContainersItem(new V1Container().name("app")));
    }

    private static V1Container container(String name, Map<String, String> requests, Map<String, String> limits) {
        V1ResourceRequirements r = new V1ResourceRequirements();
        requests.forEach((k, v) -> r.putRequestsItem(k, Quantity.fromString(v)));
        limits.forEach((k, v) -> r.putLimitsItem(k, Quantity.fromString(v)));
        return new V1Container().name(name).resources(r);
    }

    private static V1Pod podWith(V1PodSpec spec) {
        return new V1Pod()
                .metadata(new V1ObjectMeta().name("web").namespace("default"))
                .spec(spec);
    }

    @Nested
    @DisplayName("metadata")
    class Metadata {

        @Test
        @DisplayName("should keep name, namespace, UID, labels, annotations and timestamps")
        void plainFields() {
            OffsetDateTime created = OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);
            OffsetDateTime deleted = created.plusMinutes(7);
            V1Pod v1 = pod();
            v1.getMetadata()
                    .uid("uid-1")
                    .labels(Map.of("app", "web"))
                    .annotations(Map.of(Pod.DO_NOT_DISRUPT_ANNOTATION, "true"))
                    .creationTimestamp(created)
                    .deletionTimestamp(deleted);

            Pod pod = PodMapper.toPod(v1);

            assertThat(pod.name()).isEqualTo("web");
            assertThat(pod.namespace()).isEqualTo("default");
            assertThat(pod.metadata().uid()).isEqualTo("uid-1");
            assertThat(pod.metadata().labels()).containsExactlyEntriesOf(Map.of("app", "web"));
            assertThat(pod.hasDoNotDisrupt()).isTrue();
            assertThat(pod.metadata().creationTimestamp()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
            assertThat(pod.metadata().deletionTimestamp()).isEqualTo(Instant.parse("2026-01-02T03:11:05Z"));
            assertThat(pod.isTerminating()).isTrue();
        }

        @Test
        @DisplayName("should keep owner references, reading a missing controller flag as false")
        void owners() {
            V1Pod v1 = pod();
            v1.getMetadata()
                    .addOwnerReferencesItem(new V1OwnerReference()
                            .apiVersion("apps/v1")
                            .kind("ReplicaSet")
                            .name("web-abc")
                            .uid("rs-uid")
                            .controller(true))
                    .addOwnerReferencesItem(new V1OwnerReference()
                            .apiVersion("v1")
                            .kind("ConfigMap")
                            .name("cm")
                            .uid("cm-uid"));

            Pod pod = PodMapper.toPod(v1);

            assertThat(pod.metadata().ownerReferences())
                    .containsExactly(
                            new OwnerReference("apps/v1", "ReplicaSet", "web-abc", "rs-uid", true),
                            new OwnerReference("v1", "ConfigMap", "cm", "cm-uid", false));
            assertThat(pod.metadata().controller()).map(OwnerReference::name).hasValue("web-abc");
        }

        @Test
        @DisplayName("should recognise DaemonSet-owned and mirror pods through the mapped metadata")
        void daemonSetAndMirror() {
            V1Pod owned = pod();
            owned.getMetadata()
                    .addOwnerReferencesItem(new V1OwnerReference()
                            .kind("DaemonSet")
                            .name("agent")
                            .controller(true));
            V1Pod mirror = pod();
            mirror.getMetadata().annotations(Map.of(Pod.MIRROR_POD_ANNOTATION, "abc"));

            assertThat(PodMapper.toPod(owned).isOwnedByDaemonSet()).isTrue();
            assertThat(PodMapper.toPod(mirror).isMirror()).isTrue();
            assertThat(PodMapper.toPod(pod()).isOwnedByDaemonSet()).isFalse();
        }
    }

    @Nested
    @DisplayName("requests")
    class Requests {

        @Test
        @DisplayName("should sum the requests of the app containers, in canonical units")
        void sumOfContainers() {
            V1PodSpec spec = new V1PodSpec()
                    .addContainersItem(container("a", Map.of("cpu", "100m", "memory", "128Mi"), Map.of()))
                    .addContainersItem(container("b", Map.of("cpu", "0.25", "memory", "1Gi"), Map.of()));

            Pod pod = PodMapper.toPod(podWith(spec));

            // 100m + 0.25 cores = 350m; 128 MiB + 1 GiB
            assertThat(pod.spec().requests()).isEqualTo(Resources.of(350, 128 * MIB + GIB));
        }

        @Test
        @DisplayName("should request a resource at its limit when only the limit is set")
        void requestsFromLimits() {
            V1PodSpec spec = new V1PodSpec()
                    .addContainersItem(container("a", Map.of("cpu", "500m"), Map.of("cpu", "1", "memory", "2Gi")));

            Pod pod = PodMapper.toPod(podWith(spec));

            // cpu has its own request (500m); memory only a limit, so it is requested at 2Gi
            assertThat(pod.spec().requests()).isEqualTo(Resources.of(500, 2 * GIB));
        }

        @Test
        @DisplayName("should take the largest init container when it exceeds the app containers")
        void initContainers() {
            V1PodSpec spec = new V1PodSpec()
                    .addContainersItem(container("app", Map.of("cpu", "200m", "memory", "64Mi"), Map.of()))
                    .addInitContainersItem(container("migrate", Map.of("cpu", "1"), Map.of()))
                    .addInitContainersItem(container("warm", Map.of("memory", "32Mi"), Map.of()));

            Pod pod = PodMapper.toPod(podWith(spec));

            // cpu: max(200m, 1000m) = 1000m; memory: max(64Mi, 32Mi) = 64Mi
            assertThat(pod.spec().requests()).isEqualTo(Resources.of(1000, 64 * MIB));
        }

        @Test
        @DisplayName("should add sidecars (restartPolicy Always) to the app containers and to later init containers")
        void sidecars() {
            V1PodSpec spec = new V1PodSpec()
                    .addContainersItem(container("app", Map.of("cpu", "200m"), Map.of()))
                    .addInitContainersItem(
                            container("proxy", Map.of("cpu", "100m"), Map.of()).restartPolicy("Always"))
                    .addInitContainersItem(container("setup", Map.of("cpu", "500m"), Map.of()));

            Pod pod = PodMapper.toPod(podWith(spec));

            // running: app 200m + sidecar 100m = 300m; while "setup" runs: 500m + sidecar 100m = 600m
            assertThat(pod.spec().requests().cpuMillis()).isEqualTo(600);
        }

        @Test
        @DisplayName("should not treat an init container with another restartPolicy as a sidecar")
        void notASidecar() {
            V1PodSpec spec = new V1PodSpec()
                    .addContainersItem(container("app", Map.of("cpu", "200m"), Map.of()))
                    .addInitContainersItem(
                            container("once", Map.of("cpu", "100m"), Map.of()).restartPolicy(null));

            // a plain init container of 100m runs before the app: max(200m, 100m)
            assertThat(PodMapper.toPod(podWith(spec)).spec().requests().cpuMillis())
                    .isEqualTo(200);
        }

        @Test
        @DisplayName("should add the pod overhead after the containers")
        void overhead() {
            V1PodSpec spec = new V1PodSpec()
                    .addContainersItem(container("app", Map.of("cpu", "1", "memory", "1Gi"), Map.of()))
                    .addInitContainersItem(container("big", Map.of("cpu", "2"), Map.of()))
                    .overhead(Map.of("cpu", Quantity.fromString("250m"), "memory", Quantity.fromString("120Mi")));

            Pod pod = PodMapper.toPod(podWith(spec));

            // max(1 core, 2 cores) + 250m; 1Gi + 120Mi
            assertThat(pod.spec().requests()).isEqualTo(Resources.of(2250, GIB + 120 * MIB));
        }

        @Test
        @DisplayName("should let pod-level requests replace the containers' cpu and memory, before overhead")
        void podLevelResources() {
            V1PodSpec spec = new V1PodSpec()
                    .addContainersItem(
                            container("app", Map.of("cpu", "100m", "memory", "100Mi", "nvidia.com/gpu", "1"), Map.of()))
                    .resources(new V1ResourceRequirements()
                            .putRequestsItem("cpu", Quantity.fromString("3"))
                            .putLimitsItem("memory", Quantity.fromString("2Gi")))
                    .overhead(Map.of("cpu", Quantity.fromString("100m")));

            Pod pod = PodMapper.toPod(podWith(spec));

            // cpu: pod-level 3 cores + 100m overhead; memory: pod-level limit 2Gi as request; gpu from the container
            assertThat(pod.spec().requests().cpuMillis()).isEqualTo(3100);
            assertThat(pod.spec().requests().memoryBytes()).isEqualTo(2 * GIB);
            assertThat(pod.spec().requests().get("nvidia.com/gpu")).isEqualTo(1);
        }

        @Test
        @DisplayName("should round fractional quantities up, as Kubernetes does")
        void rounding() {
            V1PodSpec spec = new V1PodSpec()
                    .addContainersItem(container(
                            "app",
                            Map.of("cpu", "1.5m", "memory", "1.5", "ephemeral-storage", "1k", "nvidia.com/gpu", "2"),
                            Map.of()));

            Resources r = PodMapper.toPod(podWith(spec)).spec().requests();

            assertThat(r.cpuMillis()).isEqualTo(2);
            assertThat(r.memoryBytes()).isEqualTo(2);
            assertThat(r.ephemeralStorageBytes()).isEqualTo(1000);
            assertThat(r.get("nvidia.com/gpu")).isEqualTo(2);
        }

        @Test
        @DisplayName("should have no requests when no container requests anything")
        void none() {
            assertThat(PodMapper.toPod(pod()).spec().requests()).isEqualTo(Resources.NONE);
        }
    }

    @Nested
    @DisplayName("scheduling constraints")
    class Scheduling {

        @Test
        @DisplayName("should keep nodeSelector, nodeName, priority, priority class, grace period and scheduler")
        void plainFields() {
            V1PodSpec spec = new V1PodSpec()
                    .addContainersItem(new V1Container().name("app"))
                    .nodeSelector(Map.of("kubernetes.io/arch", "arm64"))
                    .nodeName("ip-10-0-0-1")
                    .priority(1000)
                    .priorityClassName("system-node-critical")
                    .terminationGracePeriodSeconds(90L)
                    .schedulerName("custom");

            Pod pod = PodMapper.toPod(podWith(spec));

            assertThat(pod.spec().nodeSelector()).containsExactlyEntriesOf(Map.of("kubernetes.io/arch", "arm64"));
            assertThat(pod.spec().nodeName()).isEqualTo("ip-10-0-0-1");
            assertThat(pod.isBound()).isTrue();
            assertThat(pod.spec().priority()).isEqualTo(1000);
            assertThat(pod.isCritical()).isTrue();
            assertThat(pod.spec().terminationGracePeriodSeconds()).isEqualTo(90);
            assertThat(pod.spec().schedulerName()).isEqualTo("custom");
        }

        @Test
        @DisplayName("should apply Kubernetes defaults when fields are unset")
        void defaults() {
            Pod pod = PodMapper.toPod(pod());

            assertThat(pod.spec().priority()).isZero();
            assertThat(pod.spec().terminationGracePeriodSeconds()).isEqualTo(30);
            assertThat(pod.spec().schedulerName()).isEqualTo("default-scheduler");
            assertThat(pod.spec().affinity()).isEqualTo(Affinity.NONE);
            assertThat(pod.isBound()).isFalse();
        }

        @Test
        @DisplayName("should map required and preferred node affinity, carrying matchFields on metadata.name")
        void nodeAffinity() {
            V1NodeAffinity nodeAffinity = new V1NodeAffinity()
                    .requiredDuringSchedulingIgnoredDuringExecution(new V1NodeSelector()
                            .addNodeSelectorTermsItem(new V1NodeSelectorTerm()
                                    .addMatchExpressionsItem(new V1NodeSelectorRequirement()
                                            .key("topology.kubernetes.io/zone")
                                            .operator("In")
                                            .values(List.of("us-east-1a", "us-east-1b")))
                                    .addMatchFieldsItem(new V1NodeSelectorRequirement()
                                            .key("metadata.name")
                                            .operator("NotIn")
                                            .values(List.of("bad-node"))))
                            .addNodeSelectorTermsItem(new V1NodeSelectorTerm()
                                    .addMatchExpressionsItem(new V1NodeSelectorRequirement()
                                            .key("karpenter.k8s.aws/instance-cpu")
                                            .operator("Gt")
                                            .values(List.of("4")))))
                    .addPreferredDuringSchedulingIgnoredDuringExecutionItem(new V1PreferredSchedulingTerm()
                            .weight(50)
                            .preference(new V1NodeSelectorTerm()
                                    .addMatchExpressionsItem(new V1NodeSelectorRequirement()
                                            .key("karpenter.sh/capacity-type")
                                            .operator("Exists"))));
            V1PodSpec spec = new V1PodSpec()
                    .addContainersItem(new V1Container().name("app"))
                    .affinity(new V1Affinity().nodeAffinity(nodeAffinity));

            Affinity affinity = PodMapper.toPod(podWith(spec)).spec().affinity();

            assertThat(affinity.requiredNodeTerms()).hasSize(2);
            assertThat(affinity.requiredNodeTerms().get(0).matchExpressions())
                    .containsExactly(
                            NodeSelectorRequirement.of(
                                    "topology.kubernetes.io/zone", NodeSelectorOperator.IN, "us-east-1a", "us-east-1b"),
                            NodeSelectorRequirement.of("metadata.name", NodeSelectorOperator.NOT_IN, "bad-node"));
            assertThat(affinity.requiredNodeTerms().get(1).matchExpressions())
                    .containsExactly(
                            NodeSelectorRequirement.of("karpenter.k8s.aws/instance-cpu", NodeSelectorOperator.GT, "4"));
            assertThat(affinity.preferredNodeTerms()).hasSize(1);
            assertThat(affinity.preferredNodeTerms().get(0).weight()).isEqualTo(50);
            assertThat(affinity.preferredNodeTerms().get(0).preference().matchExpressions())
                    .containsExactly(
                            NodeSelectorRequirement.of("karpenter.sh/capacity-type", NodeSelectorOperator.EXISTS));
        }

        @Test
        @DisplayName("should map pod affinity and anti-affinity terms with namespaces, selectors and matchLabelKeys")
        void podAffinity() {
            V1PodAffinityTerm zoneTerm = new V1PodAffinityTerm()
                    .topologyKey("topology.kubernetes.io/zone")
                    .labelSelector(new V1LabelSelector()
                            .matchLabels(Map.of("app", "db"))
                            .addMatchExpressionsItem(new V1LabelSelectorRequirement()
                                    .key("tier")
                                    .operator("In")
                                    .values(List.of("backend", "cache"))))
                    .namespaces(List.of("data"))
                    .namespaceSelector(new V1LabelSelector().matchLabels(Map.of("team", "a")))
                    .matchLabelKeys(List.of("pod-template-hash"));
            V1PodAffinityTerm hostTerm = new V1PodAffinityTerm()
                    .topologyKey("kubernetes.io/hostname")
                    .labelSelector(new V1LabelSelector().matchLabels(Map.of("app", "web")));
            V1Affinity v1 = new V1Affinity()
                    .podAffinity(new V1PodAffinity()
                            .addRequiredDuringSchedulingIgnoredDuringExecutionItem(zoneTerm)
                            .addPreferredDuringSchedulingIgnoredDuringExecutionItem(
                                    new V1WeightedPodAffinityTerm().weight(10).podAffinityTerm(hostTerm)))
                    .podAntiAffinity(new V1PodAntiAffinity()
                            .addRequiredDuringSchedulingIgnoredDuringExecutionItem(hostTerm)
                            .addPreferredDuringSchedulingIgnoredDuringExecutionItem(
                                    new V1WeightedPodAffinityTerm().weight(70).podAffinityTerm(zoneTerm)));
            V1PodSpec spec = new V1PodSpec()
                    .addContainersItem(new V1Container().name("app"))
                    .affinity(v1);

            Affinity affinity = PodMapper.toPod(podWith(spec)).spec().affinity();

            PodAffinityTerm zone = new PodAffinityTerm(
                    new LabelSelector(
                            Map.of("app", "db"),
                            List.of(new LabelSelector.Requirement(
                                    "tier", LabelSelector.Operator.IN, Set.of("backend", "cache")))),
                    List.of("data"),
                    LabelSelector.of(Map.of("team", "a")),
                    "topology.kubernetes.io/zone",
                    List.of("pod-template-hash"));
            PodAffinityTerm host = new PodAffinityTerm(
                    LabelSelector.of(Map.of("app", "web")), List.of(), null, "kubernetes.io/hostname", List.of());
            assertThat(affinity.requiredPodAffinity()).containsExactly(zone);
            assertThat(affinity.preferredPodAffinity()).singleElement().satisfies(w -> {
                assertThat(w.weight()).isEqualTo(10);
                assertThat(w.term()).isEqualTo(host);
            });
            assertThat(affinity.requiredPodAntiAffinity()).containsExactly(host);
            assertThat(affinity.preferredPodAntiAffinity()).singleElement().satisfies(w -> {
                assertThat(w.weight()).isEqualTo(70);
                assertThat(w.term()).isEqualTo(zone);
            });
        }

        @Test
        @DisplayName("should fold mismatchLabelKeys into the selector as NotIn the pod's own value")
        void mismatchLabelKeys() {
            V1Pod v1 = podWith(new V1PodSpec()
                    .addContainersItem(new V1Container().name("app"))
                    .affinity(new V1Affinity()
                            .podAntiAffinity(new V1PodAntiAffinity()
                                    .addRequiredDuringSchedulingIgnoredDuringExecutionItem(new V1PodAffinityTerm()
                                            .topologyKey("kubernetes.io/hostname")
                                            .labelSelector(new V1LabelSelector().matchLabels(Map.of("app", "web")))
                                            .mismatchLabelKeys(List.of("tenant", "absent"))))));
            v1.getMetadata().labels(Map.of("app", "web", "tenant", "blue"));

            PodAffinityTerm term = PodMapper.toPod(v1)
                    .spec()
                    .affinity()
                    .requiredPodAntiAffinity()
                    .get(0);

            // "absent" is not a label of the pod, so only tenant is folded
            assertThat(term.labelSelector().matchLabels()).containsExactlyEntriesOf(Map.of("app", "web"));
            assertThat(term.labelSelector().matchExpressions())
                    .containsExactly(
                            new LabelSelector.Requirement("tenant", LabelSelector.Operator.NOT_IN, Set.of("blue")));
            assertThat(term.labelSelector().matches(Map.of("app", "web", "tenant", "red")))
                    .isTrue();
            assertThat(term.labelSelector().matches(Map.of("app", "web", "tenant", "blue")))
                    .isFalse();
        }

        @Test
        @DisplayName("should map tolerations, reading an empty effect as every effect")
        void tolerations() {
            V1PodSpec spec = new V1PodSpec()
                    .addContainersItem(new V1Container().name("app"))
                    .addTolerationsItem(new V1Toleration().operator("Exists"))
                    .addTolerationsItem(new V1Toleration()
                            .key("dedicated")
                            .operator("Equal")
                            .value("gpu")
                            .effect("NoSchedule"))
                    .addTolerationsItem(new V1Toleration()
                            .key("node.kubernetes.io/not-ready")
                            .operator("Exists")
                            .effect("NoExecute")
                            .tolerationSeconds(300L))
                    .addTolerationsItem(
                            new V1Toleration().key("team").value("a").effect(""));

            List<Toleration> tolerations = PodMapper.toPod(podWith(spec)).spec().tolerations();

            assertThat(tolerations)
                    .containsExactly(
                            new Toleration("", Toleration.Operator.EXISTS, "", null, null),
                            new Toleration(
                                    "dedicated", Toleration.Operator.EQUAL, "gpu", TaintEffect.NO_SCHEDULE, null),
                            new Toleration(
                                    "node.kubernetes.io/not-ready",
                                    Toleration.Operator.EXISTS,
                                    "",
                                    TaintEffect.NO_EXECUTE,
                                    300L),
                            new Toleration("team", Toleration.Operator.EQUAL, "a", null, null));
        }

        @Test
        @DisplayName("should map topology spread constraints with every field")
        void topologySpread() {
            V1PodSpec spec = new V1PodSpec()
                    .addContainersItem(new V1Container().name("app"))
                    .addTopologySpreadConstraintsItem(new V1TopologySpreadConstraint()
                            .maxSkew(2)
                            .topologyKey("topology.kubernetes.io/zone")
                            .whenUnsatisfiable("DoNotSchedule")
                            .labelSelector(new V1LabelSelector().matchLabels(Map.of("app", "web")))
                            .minDomains(3)
                            .nodeAffinityPolicy("Ignore")
                            .nodeTaintsPolicy("Honor")
                            .matchLabelKeys(List.of("pod-template-hash")))
                    .addTopologySpreadConstraintsItem(new V1TopologySpreadConstraint()
                            .maxSkew(1)
                            .topologyKey("kubernetes.io/hostname")
                            .whenUnsatisfiable("ScheduleAnyway"));

            List<TopologySpreadConstraint> spread =
                    PodMapper.toPod(podWith(spec)).spec().topologySpreadConstraints();

            assertThat(spread)
                    .containsExactly(
                            new TopologySpreadConstraint(
                                    2,
                                    "topology.kubernetes.io/zone",
                                    TopologySpreadConstraint.WhenUnsatisfiable.DO_NOT_SCHEDULE,
                                    LabelSelector.of(Map.of("app", "web")),
                                    3,
                                    TopologySpreadConstraint.Policy.IGNORE,
                                    TopologySpreadConstraint.Policy.HONOR,
                                    List.of("pod-template-hash")),
                            new TopologySpreadConstraint(
                                    1,
                                    "kubernetes.io/hostname",
                                    TopologySpreadConstraint.WhenUnsatisfiable.SCHEDULE_ANYWAY,
                                    null,
                                    null,
                                    TopologySpreadConstraint.Policy.HONOR,
                                    TopologySpreadConstraint.Policy.IGNORE,
                                    List.of()));
        }
    }

    @Nested
    @DisplayName("status")
    class Status {

        @Test
        @DisplayName("should keep phase, conditions and nominatedNodeName")
        void fields() {
            V1Pod v1 = pod().status(new V1PodStatus()
                    .phase("Pending")
                    .nominatedNodeName("node-1")
                    .addConditionsItem(new V1PodCondition()
                            .type("PodScheduled")
                            .status("False")
                            .reason("Unschedulable")));

            PodStatus status = PodMapper.toPod(v1).status();

            assertThat(status.phase()).isEqualTo("Pending");
            assertThat(status.nominatedNodeName()).isEqualTo("node-1");
            assertThat(status.conditions())
                    .containsExactly(new PodStatus.Condition("PodScheduled", "False", "Unschedulable"));
        }

        @Test
        @DisplayName("should make an unschedulable, unnominated pod provisionable and a nominated one not")
        void provisionable() {
            V1PodStatus unschedulable = new V1PodStatus()
                    .phase("Pending")
                    .addConditionsItem(new V1PodCondition()
                            .type("PodScheduled")
                            .status("False")
                            .reason("Unschedulable"));
            V1Pod pending = pod().status(unschedulable);
            V1Pod nominated = pod().status(new V1PodStatus()
                    .phase("Pending")
                    .nominatedNodeName("n")
                    .conditions(unschedulable.getConditions()));
            V1Pod succeeded = pod().status(new V1PodStatus().phase("Succeeded"));

            assertThat(PodMapper.toPod(pending).isProvisionable()).isTrue();
            assertThat(PodMapper.toPod(nominated).isProvisionable()).isFalse();
            assertThat(PodMapper.toPod(succeeded).isTerminal()).isTrue();
        }

        @Test
        @DisplayName("should read a missing status as Pending without conditions")
        void missing() {
            PodStatus status = PodMapper.toPod(pod()).status();

            assertThat(status.phase()).isEqualTo("Pending");
            assertThat(status.conditions()).isEmpty();
            assertThat(status.failedToSchedule()).isFalse();
        }
    }

    @Nested
    @DisplayName("errors")
    class Errors {

        @Test
        @DisplayName("should name the pod and field of an unknown toleration effect")
        void unknownEffect() {
            V1Pod v1 = podWith(new V1PodSpec()
                    .addContainersItem(new V1Container().name("app"))
                    .addTolerationsItem(new V1Toleration().key("a").effect("NoScheduel")));

            assertThatThrownBy(() -> PodMapper.toPod(v1))
                    .isInstanceOf(KubernetesObjectException.class)
                    .hasMessage("Pod default/web: spec.tolerations[0].effect: unknown effect \"NoScheduel\"; expected"
                            + " NoSchedule, PreferNoSchedule or NoExecute");
        }

        @Test
        @DisplayName("should name the field of an unknown node selector operator")
        void unknownOperator() {
            V1Pod v1 = podWith(new V1PodSpec()
                    .addContainersItem(new V1Container().name("app"))
                    .affinity(new V1Affinity()
                            .nodeAffinity(new V1NodeAffinity()
                                    .requiredDuringSchedulingIgnoredDuringExecution(new V1NodeSelector()
                                            .addNodeSelectorTermsItem(new V1NodeSelectorTerm()
                                                    .addMatchExpressionsItem(new V1NodeSelectorRequirement()
                                                            .key("k")
                                                            .operator("Like")))))));

            assertThatThrownBy(() -> PodMapper.toPod(v1))
                    .isInstanceOf(KubernetesObjectException.class)
                    .hasMessageStartingWith("Pod default/web: spec.affinity.nodeAffinity."
                            + "requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0]"
                            + ".operator: unknown operator \"Like\"");
        }

        @Test
        @DisplayName("should refuse a negative quantity, naming the container resource")
        void negativeQuantity() {
            V1Pod v1 = podWith(new V1PodSpec().addContainersItem(container("app", Map.of("cpu", "-1"), Map.of())));

            assertThatThrownBy(() -> PodMapper.toPod(v1))
                    .isInstanceOf(KubernetesObjectException.class)
                    .hasMessageStartingWith(
                            "Pod default/web: spec.containers[0].resources.requests.cpu: must not be" + " negative");
        }

        @Test
        @DisplayName("should refuse a pod without a spec")
        void noSpec() {
            V1Pod v1 = new V1Pod().metadata(new V1ObjectMeta().name("web").namespace("default"));

            assertThatThrownBy(() -> PodMapper.toPod(v1))
                    .isInstanceOf(KubernetesObjectException.class)
                    .hasMessage("Pod default/web: spec: required");
        }
    }

    @Nested
    @DisplayName("DaemonSet")
    class DaemonSets {

        @Test
        @DisplayName("should turn the template into a pod owned by the DaemonSet, with its labels and constraints")
        void template() {
            V1DaemonSet v1 = new V1DaemonSet()
                    .apiVersion("apps/v1")
                    .metadata(new V1ObjectMeta()
                            .name("agent")
                            .namespace("kube-system")
                            .uid("ds-uid"))
                    .spec(new V1DaemonSetSpec()
                            .template(new V1PodTemplateSpec()
                                    .metadata(new V1ObjectMeta()
                                            .labels(Map.of("app", "agent"))
                                            .annotations(Map.of("note", "x")))
                                    .spec(new V1PodSpec()
                                            .addContainersItem(container(
                                                    "agent", Map.of("cpu", "100m"), Map.of("memory", "200Mi")))
                                            .nodeSelector(Map.of("kubernetes.io/os", "linux"))
                                            .addTolerationsItem(new V1Toleration().operator("Exists")))));

            DaemonSet ds = PodMapper.toDaemonSet(v1);

            assertThat(ds.metadata().key()).isEqualTo("kube-system/agent");
            Pod template = ds.template();
            assertThat(template.key()).isEqualTo("kube-system/agent");
            assertThat(template.metadata().labels()).containsExactlyEntriesOf(Map.of("app", "agent"));
            assertThat(template.metadata().annotations()).containsExactlyEntriesOf(Map.of("note", "x"));
            assertThat(template.metadata().ownerReferences())
                    .containsExactly(new OwnerReference("apps/v1", "DaemonSet", "agent", "ds-uid", true));
            assertThat(template.isOwnedByDaemonSet()).isTrue();
            assertThat(template.spec().requests()).isEqualTo(Resources.of(100, 200 * MIB));
            assertThat(template.spec().nodeSelector()).containsExactlyEntriesOf(Map.of("kubernetes.io/os", "linux"));
            assertThat(template.spec().tolerations()).containsExactly(Toleration.exists(""));
            assertThat(template.isBound()).isFalse();
        }

        @Test
        @DisplayName("should refuse a DaemonSet without a template")
        void noTemplate() {
            V1DaemonSet v1 = new V1DaemonSet()
                    .metadata(new V1ObjectMeta().name("agent").namespace("kube-system"))
                    .spec(new V1DaemonSetSpec());

            assertThatThrownBy(() -> PodMapper.toDaemonSet(v1))
                    .isInstanceOf(KubernetesObjectException.class)
                    .hasMessage("DaemonSet kube-system/agent: spec.template: required");
        }
    }
}
