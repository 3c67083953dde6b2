package dev.fleetwright.kubernetes;

import dev.fleetwright.core.api.corev1.Affinity;
import dev.fleetwright.core.api.corev1.Container;
import dev.fleetwright.core.api.corev1.DaemonSet;
import dev.fleetwright.core.api.corev1.LabelSelector;
import dev.fleetwright.core.api.corev1.NodeSelectorOperator;
import dev.fleetwright.core.api.corev1.NodeSelectorRequirement;
import dev.fleetwright.core.api.corev1.NodeSelectorTerm;
import dev.fleetwright.core.api.corev1.ObjectMeta;
import dev.fleetwright.core.api.corev1.OwnerReference;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.PodAffinityTerm;
import dev.fleetwright.core.api.corev1.PodSpec;
import dev.fleetwright.core.api.corev1.PodStatus;
import dev.fleetwright.core.api.corev1.PreferredSchedulingTerm;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.api.corev1.TaintEffect;
import dev.fleetwright.core.api.corev1.Toleration;
import dev.fleetwright.core.api.corev1.TopologySpreadConstraint;
import dev.fleetwright.core.api.corev1.WeightedPodAffinityTerm;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Affinity;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1DaemonSet;
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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Maps client-java's {@link V1Pod} (and a DaemonSet's pod template) to core's {@link Pod}: the scheduling and drain
 * view. Kept in one class so that it can be replaced by core's workload decoder once that is shown to be equivalent.
 *
 * <p>What is mapped, field by field:
 *
 * <ul>
 *   <li>metadata: name, namespace, UID, labels, annotations, owner references ({@code controller} null is false),
 *       creation and deletion timestamps;
 *   <li>requests: {@link Container#podRequests} over {@code containers} and {@code initContainers} (an init container
 *       with {@code restartPolicy: Always} is a sidecar), each container requesting its limit where it has no request,
 *       plus {@code overhead}; pod-level {@code spec.resources} replaces the containers' sum for {@code cpu} and
 *       {@code memory} (k8s.io/component-helpers/resource {@code PodRequests}, Kubernetes 1.32+);
 *   <li>scheduling: nodeSelector; node affinity (required terms with {@code matchFields} carried as requirements on
 *       {@code metadata.name}, preferred terms); pod affinity and anti-affinity (required and preferred terms with
 *       namespaces, namespaceSelector and matchLabelKeys; {@code mismatchLabelKeys} are folded into the selector as
 *       {@code NotIn} the pod's own value, as the API server does); tolerations; topology spread constraints;
 *       nodeName, priority, priorityClassName, terminationGracePeriodSeconds, schedulerName;
 *   <li>status: phase, conditions (type, status, reason), nominatedNodeName.
 * </ul>
 *
 * <p>Quantities round up as Kubernetes does ({@code MilliValue()} for CPU, {@code Value()} otherwise). A field that
 * breaks a rule the API server enforces (an unknown operator or effect, a missing topology key) is a
 * {@link KubernetesObjectException} naming the pod and the field path.
 */
public final class PodMapper {

    private PodMapper() {}

    /**
     * Maps a pod.
     *
     * @param pod the pod as read from the API server
     * @return the core pod
     * @throws KubernetesObjectException naming the pod and field when a field cannot be mapped
     */
    public static Pod toPod(V1Pod pod) {
        V1ObjectMeta meta = pod.getMetadata();
        String key = meta == null ? "?" : key(meta.getNamespace(), meta.getName());
        Context ctx = new Context("Pod " + key);
        ObjectMeta metadata = objectMeta(meta, ctx.at("metadata"));
        PodSpec spec = podSpec(pod.getSpec(), metadata.labels(), ctx.at("spec"));
        return new Pod(metadata, spec, podStatus(pod.getStatus()));
    }

    /**
     * Maps a DaemonSet to its name and the pod it would run: the template's labels and annotations, the DaemonSet's
     * namespace, a controller owner reference to the DaemonSet (so the pod is {@link Pod#isOwnedByDaemonSet()}), the
     * template spec, and status Pending without conditions.
     *
     * @param daemonSet the DaemonSet as read from the API server
     * @return the core DaemonSet
     * @throws KubernetesObjectException naming the DaemonSet and field when a field cannot be mapped
     */
    public static DaemonSet toDaemonSet(V1DaemonSet daemonSet) {
        V1ObjectMeta meta = daemonSet.getMetadata();
        String key = meta == null ? "?" : key(meta.getNamespace(), meta.getName());
        Context ctx = new Context("DaemonSet " + key);
        ObjectMeta metadata = objectMeta(meta, ctx.at("metadata"));
        V1PodTemplateSpec template =
                daemonSet.getSpec() == null ? null : daemonSet.getSpec().getTemplate();
        if (template == null) {
            throw ctx.at("spec.template").error("required");
        }
        V1ObjectMeta templateMeta = template.getMetadata() == null ? new V1ObjectMeta() : template.getMetadata();
        OwnerReference owner = new OwnerReference(
                daemonSet.getApiVersion() == null ? "apps/v1" : daemonSet.getApiVersion(),
                "DaemonSet",
                metadata.name(),
                metadata.uid(),
                true);
        ObjectMeta podMeta = new ObjectMeta(
                metadata.name(),
                metadata.namespace(),
                "",
                templateMeta.getLabels(),
                templateMeta.getAnnotations(),
                List.of(owner),
                null,
                null);
        PodSpec spec = podSpec(template.getSpec(), podMeta.labels(), ctx.at("spec.template.spec"));
        return new DaemonSet(metadata, new Pod(podMeta, spec, new PodStatus("Pending", List.of(), "")));
    }

    /** Maps object metadata; the name is required. */
    static ObjectMeta objectMeta(V1ObjectMeta meta, Context ctx) {
        if (meta == null) {
            throw ctx.error("required");
        }
        String name = meta.getName();
        if (name == null || name.isEmpty()) {
            throw ctx.at("name").error("required");
        }
        List<OwnerReference> owners = new ArrayList<>();
        List<V1OwnerReference> refs = nullToEmpty(meta.getOwnerReferences());
        for (int i = 0; i < refs.size(); i++) {
            V1OwnerReference ref = refs.get(i);
            Context at = ctx.at("ownerReferences[" + i + "]");
            if (ref.getKind() == null || ref.getName() == null) {
                throw at.error("kind and name are required");
            }
            owners.add(new OwnerReference(
                    ref.getApiVersion(),
                    ref.getKind(),
                    ref.getName(),
                    ref.getUid(),
                    Boolean.TRUE.equals(ref.getController())));
        }
        return new ObjectMeta(
                name,
                meta.getNamespace(),
                meta.getUid(),
                meta.getLabels(),
                meta.getAnnotations(),
                owners,
                instant(meta.getCreationTimestamp()),
                instant(meta.getDeletionTimestamp()));
    }

    private static PodSpec podSpec(V1PodSpec spec, Map<String, String> podLabels, Context ctx) {
        if (spec == null) {
            throw ctx.error("required");
        }
        return new PodSpec(
                requests(spec, ctx),
                spec.getNodeSelector(),
                affinity(spec.getAffinity(), podLabels, ctx.at("affinity")),
                list(spec.getTolerations(), ctx.at("tolerations"), PodMapper::toleration),
                list(spec.getTopologySpreadConstraints(), ctx.at("topologySpreadConstraints"), PodMapper::spread),
                spec.getNodeName(),
                spec.getPriority() == null ? 0 : spec.getPriority(),
                spec.getPriorityClassName(),
                spec.getTerminationGracePeriodSeconds() == null
                        ? PodSpec.DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS
                        : spec.getTerminationGracePeriodSeconds(),
                spec.getSchedulerName());
    }

    private static Resources requests(V1PodSpec spec, Context ctx) {
        List<Container> containers =
                list(spec.getContainers(), ctx.at("containers"), (c, at) -> container(c, false, at));
        List<Container> initContainers = list(
                spec.getInitContainers(),
                ctx.at("initContainers"),
                (c, at) -> container(c, "Always".equals(c.getRestartPolicy()), at));
        Resources overhead = resources(spec.getOverhead(), ctx.at("overhead"));
        Resources aggregate = Container.podRequests(containers, initContainers, null);
        V1ResourceRequirements podLevel = spec.getResources();
        if (podLevel != null) {
            Context at = ctx.at("resources");
            Resources podRequests = new Container(
                            "",
                            resources(podLevel.getRequests(), at.at("requests")),
                            resources(podLevel.getLimits(), at.at("limits")),
                            false)
                    .effectiveRequests();
            for (String name : List.of(Resources.CPU, Resources.MEMORY)) {
                if (podRequests.get(name) > 0) {
                    aggregate = aggregate.with(name, podRequests.get(name));
                }
            }
        }
        return aggregate.plus(overhead);
    }

    private static Container container(V1Container c, boolean sidecar, Context ctx) {
        V1ResourceRequirements r = c.getResources();
        Context at = ctx.at("resources");
        return new Container(
                c.getName(),
                r == null ? Resources.NONE : resources(r.getRequests(), at.at("requests")),
                r == null ? Resources.NONE : resources(r.getLimits(), at.at("limits")),
                sidecar);
    }

    /**
     * Converts a resource list to core units: CPU in millicores rounded up, everything else in whole units rounded up.
     */
    static Resources resources(Map<String, Quantity> quantities, Context ctx) {
        Resources result = Resources.NONE;
        if (quantities == null) {
            return result;
        }
        for (Map.Entry<String, Quantity> e : quantities.entrySet()) {
            String name = e.getKey();
            if (e.getValue() == null || e.getValue().getNumber() == null) {
                throw ctx.at(name).error("quantity is missing");
            }
            dev.fleetwright.core.api.corev1.Quantity q =
                    new dev.fleetwright.core.api.corev1.Quantity(e.getValue().getNumber());
            if (q.isNegative()) {
                throw ctx.at(name)
                        .error("must not be negative, got " + e.getValue().toSuffixedString());
            }
            try {
                result = result.with(name, Resources.CPU.equals(name) ? q.toMillisCeil() : q.toUnitsCeil());
            } catch (ArithmeticException overflow) {
                throw ctx.at(name).error("too large: " + e.getValue().toSuffixedString());
            }
        }
        return result;
    }

    private static Affinity affinity(V1Affinity a, Map<String, String> podLabels, Context ctx) {
        if (a == null) {
            return Affinity.NONE;
        }
        List<NodeSelectorTerm> required = List.of();
        List<PreferredSchedulingTerm> preferred = List.of();
        V1NodeAffinity node = a.getNodeAffinity();
        if (node != null) {
            Context at = ctx.at("nodeAffinity");
            V1NodeSelector selector = node.getRequiredDuringSchedulingIgnoredDuringExecution();
            if (selector != null) {
                required = list(
                        selector.getNodeSelectorTerms(),
                        at.at("requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms"),
                        PodMapper::nodeSelectorTerm);
            }
            preferred = list(
                    node.getPreferredDuringSchedulingIgnoredDuringExecution(),
                    at.at("preferredDuringSchedulingIgnoredDuringExecution"),
                    PodMapper::preferredSchedulingTerm);
        }
        List<PodAffinityTerm> requiredAffinity = List.of();
        List<WeightedPodAffinityTerm> preferredAffinity = List.of();
        V1PodAffinity podAffinity = a.getPodAffinity();
        if (podAffinity != null) {
            Context at = ctx.at("podAffinity");
            requiredAffinity = list(
                    podAffinity.getRequiredDuringSchedulingIgnoredDuringExecution(),
                    at.at("requiredDuringSchedulingIgnoredDuringExecution"),
                    (t, c) -> podAffinityTerm(t, podLabels, c));
            preferredAffinity = list(
                    podAffinity.getPreferredDuringSchedulingIgnoredDuringExecution(),
                    at.at("preferredDuringSchedulingIgnoredDuringExecution"),
                    (t, c) -> weightedTerm(t, podLabels, c));
        }
        List<PodAffinityTerm> requiredAnti = List.of();
        List<WeightedPodAffinityTerm> preferredAnti = List.of();
        V1PodAntiAffinity anti = a.getPodAntiAffinity();
        if (anti != null) {
            Context at = ctx.at("podAntiAffinity");
            requiredAnti = list(
                    anti.getRequiredDuringSchedulingIgnoredDuringExecution(),
                    at.at("requiredDuringSchedulingIgnoredDuringExecution"),
                    (t, c) -> podAffinityTerm(t, podLabels, c));
            preferredAnti = list(
                    anti.getPreferredDuringSchedulingIgnoredDuringExecution(),
                    at.at("preferredDuringSchedulingIgnoredDuringExecution"),
                    (t, c) -> weightedTerm(t, podLabels, c));
        }
        return new Affinity(required, preferred, requiredAffinity, preferredAffinity, requiredAnti, preferredAnti);
    }

    private static NodeSelectorTerm nodeSelectorTerm(V1NodeSelectorTerm term, Context ctx) {
        List<NodeSelectorRequirement> all =
                new ArrayList<>(list(term.getMatchExpressions(), ctx.at("matchExpressions"), PodMapper::requirement));
        // matchFields supports only metadata.name; core carries it as a requirement on that pseudo-label.
        all.addAll(list(term.getMatchFields(), ctx.at("matchFields"), PodMapper::requirement));
        return new NodeSelectorTerm(all);
    }

    static NodeSelectorRequirement requirement(V1NodeSelectorRequirement r, Context ctx) {
        if (r.getKey() == null) {
            throw ctx.at("key").error("required");
        }
        NodeSelectorOperator op = NodeSelectorOperator.fromWireName(r.getOperator())
                .orElseThrow(() -> ctx.at("operator")
                        .error("unknown operator \"" + r.getOperator() + "\"; expected In, NotIn, Exists,"
                                + " DoesNotExist, Gt or Lt"));
        return new NodeSelectorRequirement(r.getKey(), op, r.getValues(), null);
    }

    private static PreferredSchedulingTerm preferredSchedulingTerm(V1PreferredSchedulingTerm t, Context ctx) {
        if (t.getPreference() == null) {
            throw ctx.at("preference").error("required");
        }
        return new PreferredSchedulingTerm(
                t.getWeight() == null ? 0 : t.getWeight(), nodeSelectorTerm(t.getPreference(), ctx.at("preference")));
    }

    private static WeightedPodAffinityTerm weightedTerm(
            V1WeightedPodAffinityTerm t, Map<String, String> podLabels, Context ctx) {
        if (t.getPodAffinityTerm() == null) {
            throw ctx.at("podAffinityTerm").error("required");
        }
        return new WeightedPodAffinityTerm(
                t.getWeight() == null ? 0 : t.getWeight(),
                podAffinityTerm(t.getPodAffinityTerm(), podLabels, ctx.at("podAffinityTerm")));
    }

    /**
     * A pod affinity term. {@code mismatchLabelKeys} become {@code key NotIn (the pod's value)} requirements of the
     * selector, as the API server merges them when the pod is created (Kubernetes 1.29+ {@code
     * MatchLabelKeysInPodAffinity}); keys the pod does not have, and terms without a selector, are left as they are.
     */
    private static PodAffinityTerm podAffinityTerm(V1PodAffinityTerm t, Map<String, String> podLabels, Context ctx) {
        if (t.getTopologyKey() == null || t.getTopologyKey().isEmpty()) {
            throw ctx.at("topologyKey").error("required");
        }
        LabelSelector selector = labelSelector(t.getLabelSelector(), ctx.at("labelSelector"));
        List<String> mismatch = nullToEmpty(t.getMismatchLabelKeys());
        if (selector != null && !mismatch.isEmpty()) {
            List<LabelSelector.Requirement> expressions = new ArrayList<>(selector.matchExpressions());
            for (String labelKey : mismatch) {
                String value = podLabels.get(labelKey);
                if (value != null) {
                    expressions.add(
                            new LabelSelector.Requirement(labelKey, LabelSelector.Operator.NOT_IN, Set.of(value)));
                }
            }
            selector = new LabelSelector(selector.matchLabels(), expressions);
        }
        return new PodAffinityTerm(
                selector,
                t.getNamespaces(),
                labelSelector(t.getNamespaceSelector(), ctx.at("namespaceSelector")),
                t.getTopologyKey(),
                t.getMatchLabelKeys());
    }

    static LabelSelector labelSelector(V1LabelSelector s, Context ctx) {
        if (s == null) {
            return null;
        }
        List<LabelSelector.Requirement> expressions =
                list(s.getMatchExpressions(), ctx.at("matchExpressions"), (r, at) -> {
                    if (r.getKey() == null) {
                        throw at.at("key").error("required");
                    }
                    LabelSelector.Operator op = LabelSelector.Operator.fromWireName(r.getOperator())
                            .orElseThrow(() -> at.at("operator")
                                    .error("unknown operator \"" + r.getOperator() + "\"; expected In, NotIn, Exists or"
                                            + " DoesNotExist"));
                    return new LabelSelector.Requirement(r.getKey(), op, valueSet(r));
                });
        return new LabelSelector(s.getMatchLabels(), expressions);
    }

    private static Set<String> valueSet(V1LabelSelectorRequirement r) {
        return r.getValues() == null ? Set.of() : new LinkedHashSet<>(r.getValues());
    }

    private static Toleration toleration(V1Toleration t, Context ctx) {
        Toleration.Operator op = Toleration.Operator.fromWireName(t.getOperator())
                .orElseThrow(() -> ctx.at("operator")
                        .error("unknown operator \"" + t.getOperator() + "\"; expected Equal or Exists"));
        TaintEffect effect = null;
        if (t.getEffect() != null && !t.getEffect().isEmpty()) {
            effect = TaintEffect.fromWireName(t.getEffect())
                    .orElseThrow(() -> ctx.at("effect")
                            .error("unknown effect \"" + t.getEffect() + "\"; expected NoSchedule,"
                                    + " PreferNoSchedule or NoExecute"));
        }
        return new Toleration(t.getKey(), op, t.getValue(), effect, t.getTolerationSeconds());
    }

    private static TopologySpreadConstraint spread(V1TopologySpreadConstraint c, Context ctx) {
        if (c.getMaxSkew() == null || c.getMaxSkew() < 1) {
            throw ctx.at("maxSkew").error("must be at least 1, got " + c.getMaxSkew());
        }
        if (c.getTopologyKey() == null || c.getTopologyKey().isEmpty()) {
            throw ctx.at("topologyKey").error("required");
        }
        TopologySpreadConstraint.WhenUnsatisfiable when =
                switch (c.getWhenUnsatisfiable() == null ? "" : c.getWhenUnsatisfiable()) {
                    case "DoNotSchedule" -> TopologySpreadConstraint.WhenUnsatisfiable.DO_NOT_SCHEDULE;
                    case "ScheduleAnyway" -> TopologySpreadConstraint.WhenUnsatisfiable.SCHEDULE_ANYWAY;
                    default ->
                        throw ctx.at("whenUnsatisfiable")
                                .error("must be DoNotSchedule or ScheduleAnyway, got \"" + c.getWhenUnsatisfiable()
                                        + "\"");
                };
        return new TopologySpreadConstraint(
                c.getMaxSkew(),
                c.getTopologyKey(),
                when,
                labelSelector(c.getLabelSelector(), ctx.at("labelSelector")),
                c.getMinDomains(),
                policy(c.getNodeAffinityPolicy(), ctx.at("nodeAffinityPolicy")),
                policy(c.getNodeTaintsPolicy(), ctx.at("nodeTaintsPolicy")),
                c.getMatchLabelKeys());
    }

    private static TopologySpreadConstraint.Policy policy(String value, Context ctx) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        return switch (value) {
            case "Honor" -> TopologySpreadConstraint.Policy.HONOR;
            case "Ignore" -> TopologySpreadConstraint.Policy.IGNORE;
            default -> throw ctx.error("must be Honor or Ignore, got \"" + value + "\"");
        };
    }

    private static PodStatus podStatus(V1PodStatus status) {
        if (status == null) {
            return new PodStatus(null, null, null);
        }
        List<PodStatus.Condition> conditions = new ArrayList<>();
        for (V1PodCondition c : nullToEmpty(status.getConditions())) {
            conditions.add(new PodStatus.Condition(c.getType(), c.getStatus(), c.getReason()));
        }
        return new PodStatus(status.getPhase(), conditions, status.getNominatedNodeName());
    }

    static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    static String key(String namespace, String name) {
        String n = name == null ? "?" : name;
        return namespace == null || namespace.isEmpty() ? n : namespace + "/" + n;
    }

    static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    /** Maps each element with its indexed field path. */
    static <A, B> List<B> list(List<A> items, Context ctx, BiFunction<A, Context, B> mapper) {
        List<A> source = nullToEmpty(items);
        List<B> out = new ArrayList<>(source.size());
        for (int i = 0; i < source.size(); i++) {
            Context at = ctx.index(i);
            A item = source.get(i);
            if (item == null) {
                throw at.error("must not be null");
            }
            out.add(mapper.apply(item, at));
        }
        return out;
    }

    /** The object and field path being mapped, for error messages. */
    record Context(String object, String path) {
        Context(String object) {
            this(object, "");
        }

        Context at(String field) {
            return new Context(object, path.isEmpty() ? field : path + "." + field);
        }

        Context index(int i) {
            return new Context(object, path + "[" + i + "]");
        }

        KubernetesObjectException error(String rule) {
            return new KubernetesObjectException(object + ": " + (path.isEmpty() ? "" : path + ": ") + rule, null);
        }
    }
}
