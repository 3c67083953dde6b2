package dev.fleetwright.core.api.load;

import dev.fleetwright.core.api.KubernetesNames;
import dev.fleetwright.core.api.corev1.Affinity;
import dev.fleetwright.core.api.corev1.Container;
import dev.fleetwright.core.api.corev1.LabelSelector;
import dev.fleetwright.core.api.corev1.NodeSelectorOperator;
import dev.fleetwright.core.api.corev1.NodeSelectorRequirement;
import dev.fleetwright.core.api.corev1.NodeSelectorTerm;
import dev.fleetwright.core.api.corev1.PodAffinityTerm;
import dev.fleetwright.core.api.corev1.PodSpec;
import dev.fleetwright.core.api.corev1.PreferredSchedulingTerm;
import dev.fleetwright.core.api.corev1.Quantity;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.api.corev1.TaintEffect;
import dev.fleetwright.core.api.corev1.Toleration;
import dev.fleetwright.core.api.corev1.TopologySpreadConstraint;
import dev.fleetwright.core.api.corev1.TopologySpreadConstraint.Policy;
import dev.fleetwright.core.api.corev1.TopologySpreadConstraint.WhenUnsatisfiable;
import dev.fleetwright.core.api.corev1.WeightedPodAffinityTerm;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decodes a {@code core/v1 PodSpec} into the scheduling view {@link PodSpec}, checking the rules of Kubernetes' API
 * validation that matter to scheduling ({@code k8s.io/kubernetes pkg/apis/core/validation/validation.go}: resource
 * requirements, tolerations, node and pod affinity, topology spread constraints, label selectors).
 *
 * <p>Unknown-field policy: objects Fleetwright models completely (resources, tolerations, affinity terms, spread
 * constraints, label selectors) reject unknown fields with a "did you mean" hint. The pod spec and containers carry
 * many Kubernetes fields Fleetwright does not model; those are tolerated, and an unknown field there is an error only
 * when it looks like a misspelt modelled field, otherwise a warning.
 */
final class PodSpecDecoder {

    /** Weight bounds of preferred terms ({@code validatePreferredSchedulingTerms}, weighted pod affinity). */
    private static final int MIN_WEIGHT = 1;

    private static final int MAX_WEIGHT = 100;

    /** The field-selector key Kubernetes accepts in node affinity {@code matchFields}. */
    static final String NODE_NAME_FIELD = "metadata.name";

    /** Pod-level resources Kubernetes accepts ({@code IsSupportedPodLevelResource}, without hugepages). */
    private static final Set<String> POD_LEVEL_RESOURCES = Set.of(Resources.CPU, Resources.MEMORY);

    private static final List<String> STANDARD_CONTAINER_RESOURCES =
            List.of(Resources.CPU, Resources.MEMORY, Resources.EPHEMERAL_STORAGE);

    private static final String HUGEPAGES_PREFIX = "hugepages-";

    private static final Pattern INTEGER = Pattern.compile("^-?[0-9]+$");

    private static final List<String> POD_NODE_OPERATORS = List.of("In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt");

    private static final List<String> SELECTOR_OPERATORS = List.of("In", "NotIn", "Exists", "DoesNotExist");

    private static final List<String> TOLERATION_OPERATORS = List.of("Equal", "Exists");

    private static final List<String> EFFECTS = List.of("NoSchedule", "PreferNoSchedule", "NoExecute");

    private static final List<String> WHEN_UNSATISFIABLE = List.of("DoNotSchedule", "ScheduleAnyway");

    private static final List<String> POLICIES = List.of("Honor", "Ignore");

    /** PodSpec fields decoded here; a misspelling of one of them is an error. */
    static final Set<String> MODELLED_POD_SPEC_FIELDS = Set.of(
            "containers",
            "initContainers",
            "overhead",
            "resources",
            "nodeSelector",
            "affinity",
            "tolerations",
            "topologySpreadConstraints",
            "priority",
            "priorityClassName",
            "terminationGracePeriodSeconds",
            "schedulerName",
            "nodeName",
            "schedulingGates");

    /** The other PodSpec fields of Kubernetes 1.34, accepted and ignored. */
    private static final String[] UNMODELLED_POD_SPEC_FIELDS = {
        "activeDeadlineSeconds",
        "automountServiceAccountToken",
        "dnsConfig",
        "dnsPolicy",
        "enableServiceLinks",
        "ephemeralContainers",
        "hostAliases",
        "hostIPC",
        "hostNetwork",
        "hostPID",
        "hostUsers",
        "hostname",
        "hostnameOverride",
        "imagePullSecrets",
        "os",
        "preemptionPolicy",
        "readinessGates",
        "resourceClaims",
        "restartPolicy",
        "runtimeClassName",
        "securityContext",
        "serviceAccount",
        "serviceAccountName",
        "setHostnameAsFQDN",
        "shareProcessNamespace",
        "subdomain",
        "volumes"
    };

    private static final Set<String> MODELLED_CONTAINER_FIELDS = Set.of("name", "resources", "restartPolicy");

    /** The other Container fields of Kubernetes 1.34, accepted and ignored. */
    private static final String[] UNMODELLED_CONTAINER_FIELDS = {
        "image",
        "command",
        "args",
        "workingDir",
        "ports",
        "envFrom",
        "env",
        "resizePolicy",
        "restartPolicyRules",
        "volumeMounts",
        "volumeDevices",
        "livenessProbe",
        "readinessProbe",
        "startupProbe",
        "lifecycle",
        "terminationMessagePath",
        "terminationMessagePolicy",
        "imagePullPolicy",
        "securityContext",
        "stdin",
        "stdinOnce",
        "tty"
    };

    private PodSpecDecoder() {}

    /**
     * A decoded pod spec.
     *
     * @param spec the scheduling view, with requests computed by {@link Container#podRequests} (plus pod-level
     *     resources)
     * @param schedulingGates the names of the pod's scheduling gates; a gated pod is not scheduled
     */
    record Decoded(PodSpec spec, List<String> schedulingGates) {
        Decoded {
            schedulingGates = List.copyOf(schedulingGates);
        }
    }

    /**
     * Decodes a pod spec.
     *
     * @param s the spec object
     * @param podLabels the labels of the pod(s), for merging {@code mismatchLabelKeys} into pod affinity selectors as
     *     the API server does
     * @param warnings where tolerated problems go
     * @return the spec, or empty when any error was reported
     */
    static Optional<Decoded> decode(TreeReader s, Map<String, String> podLabels, Diagnostics warnings) {
        int before = s.diagnostics().count();
        List<Container> containers = new ArrayList<>();
        List<Container> initContainers = new ArrayList<>();
        Map<String, FieldPath> containerNames = new HashMap<>();
        Optional<List<TreeValue>> containerList = s.requiredField("containers").flatMap(TreeValue::asList);
        if (containerList.isPresent() && containerList.get().isEmpty()) {
            s.error("containers", "a pod needs at least one container");
        }
        containerList.ifPresent(list -> list.forEach(v -> v.asObject()
                .flatMap(c -> container(c, false, containerNames, warnings))
                .ifPresent(containers::add)));
        s.list("initContainers")
                .ifPresent(list -> list.forEach(v -> v.asObject()
                        .flatMap(c -> container(c, true, containerNames, warnings))
                        .ifPresent(initContainers::add)));
        boolean containersValid = s.diagnostics().count() == before;
        Resources overhead = s.field("overhead")
                .map(v -> toResources(quantities(v, ResourceNames.CONTAINER)))
                .orElse(Resources.NONE);
        Map<String, String> nodeSelector = s.stringMap("nodeSelector").orElse(Map.of());
        checkLabels(nodeSelector, s.pathOf("nodeSelector"), s.diagnostics());
        Affinity affinity =
                s.object("affinity").map(a -> affinity(a, podLabels)).orElse(Affinity.NONE);
        List<Toleration> tolerations =
                s.list("tolerations").map(PodSpecDecoder::tolerations).orElse(List.of());
        List<TopologySpreadConstraint> spread = s.list("topologySpreadConstraints")
                .map(PodSpecDecoder::topologySpreadConstraints)
                .orElse(List.of());
        int priority = s.integer("priority").orElse(0);
        String priorityClassName = s.string("priorityClassName").orElse("");
        if (!priorityClassName.isEmpty()) {
            KubernetesNames.subdomainProblem(priorityClassName).ifPresent(p -> s.error("priorityClassName", p));
        }
        long grace =
                s.longInteger("terminationGracePeriodSeconds").orElse(PodSpec.DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS);
        if (grace < 0) {
            s.error("terminationGracePeriodSeconds", "must not be negative, got " + grace);
        }
        String schedulerName = s.string("schedulerName").orElse("");
        String nodeName = s.string("nodeName").orElse("");
        if (!nodeName.isEmpty()) {
            KubernetesNames.subdomainProblem(nodeName).ifPresent(p -> s.error("nodeName", p));
        }
        List<String> gates =
                s.list("schedulingGates").map(PodSpecDecoder::schedulingGates).orElse(List.of());
        Optional<PodLevel> podLevel = s.object("resources").map(PodSpecDecoder::podLevel);
        s.ignore(UNMODELLED_POD_SPEC_FIELDS);
        tolerateUnknownFields(s, MODELLED_POD_SPEC_FIELDS, warnings);
        Resources aggregated = Container.podRequests(containers, initContainers, null);
        // The aggregate is only meaningful when every container was read.
        Resources requests =
                containersValid ? podLevel.map(p -> p.requests(aggregated)).orElse(aggregated) : aggregated;
        if (s.diagnostics().count() > before) {
            return Optional.empty();
        }
        PodSpec spec = new PodSpec(
                requests.plus(overhead),
                nodeSelector,
                affinity,
                tolerations,
                spread,
                nodeName,
                priority,
                priorityClassName,
                grace,
                schedulerName);
        return Optional.of(new Decoded(spec, gates));
    }

    /**
     * Reports the unread fields of a tolerant object: an error with a hint when the name is close to a modelled field
     * (a typo that would otherwise silently drop a constraint), a warning otherwise.
     */
    static void tolerateUnknownFields(TreeReader r, Collection<String> modelled, Diagnostics warnings) {
        for (String name : r.unreadFields()) {
            Optional<String> suggestion = Suggestions.closest(name, modelled);
            if (suggestion.isPresent()) {
                r.error(name, "unknown field; did you mean \"" + suggestion.get() + "\"?");
            } else {
                warnings.error(r.pathOf(name), "unknown field, ignored");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------- containers

    private static Optional<Container> container(
            TreeReader c, boolean init, Map<String, FieldPath> names, Diagnostics warnings) {
        int before = c.diagnostics().count();
        Optional<String> name = c.requiredString("name");
        name.ifPresent(n -> {
            KubernetesNames.dnsLabelProblem(n).ifPresent(p -> c.error("name", p));
            FieldPath previous = names.putIfAbsent(n, c.path());
            if (previous != null) {
                c.error("name", "duplicate container name \"" + n + "\" (also " + previous + ")");
            }
        });
        Resources[] requestsAndLimits = {Resources.NONE, Resources.NONE};
        c.object("resources").ifPresent(r -> {
            Map<String, Quantity> requests = r.field("requests")
                    .map(v -> quantities(v, ResourceNames.CONTAINER))
                    .orElse(Map.of());
            Map<String, Quantity> limits = r.field("limits")
                    .map(v -> quantities(v, ResourceNames.CONTAINER))
                    .orElse(Map.of());
            r.list("claims");
            r.rejectUnknownFields();
            checkRequestsAgainstLimits(r, requests, limits);
            requestsAndLimits[0] = toResources(requests);
            requestsAndLimits[1] = toResources(limits);
        });
        boolean sidecar = false;
        Optional<String> restartPolicy = c.string("restartPolicy");
        if (init && restartPolicy.isPresent()) {
            if ("Always".equals(restartPolicy.get())) {
                sidecar = true;
            } else {
                c.error(
                        "restartPolicy",
                        "restartPolicy \"" + restartPolicy.get()
                                + "\" is not allowed for an init container; only Always (a sidecar) is"
                                + hint(restartPolicy.get(), List.of("Always")));
            }
        }
        c.ignore(UNMODELLED_CONTAINER_FIELDS);
        tolerateUnknownFields(c, MODELLED_CONTAINER_FIELDS, warnings);
        if (c.diagnostics().count() > before || name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Container(name.get(), requestsAndLimits[0], requestsAndLimits[1], sidecar));
    }

    /** Which resource names a resource list accepts. */
    private enum ResourceNames {
        /** Container requests, limits and pod overhead: standard container resources or extended resources. */
        CONTAINER,
        /** Pod-level requests and limits: cpu and memory. */
        POD_LEVEL
    }

    /**
     * Decodes a resource list: valid names, quantities that parse, are not negative and, for extended resources,
     * whole. Invalid entries are reported and left out.
     */
    private static Map<String, Quantity> quantities(TreeValue value, ResourceNames rule) {
        Map<String, Quantity> out = new LinkedHashMap<>();
        value.asMap()
                .ifPresent(entries -> entries.forEach((name, v) -> {
                    Optional<String> nameProblem = resourceNameProblem(name, rule);
                    if (nameProblem.isPresent()) {
                        v.error(nameProblem.get());
                        return;
                    }
                    Optional<String> text = v.asIntOrString();
                    if (text.isEmpty()) {
                        return;
                    }
                    Quantity quantity;
                    try {
                        quantity = Quantity.parse(text.get());
                    } catch (IllegalArgumentException e) {
                        v.error(e.getMessage());
                        return;
                    }
                    if (quantity.isNegative()) {
                        v.error("must not be negative, got \"" + text.get() + "\"");
                        return;
                    }
                    if (!isOvercommittable(name)
                            && !isHugePages(name)
                            && quantity.value().stripTrailingZeros().scale() > 0) {
                        v.error("an extended resource is counted in whole units, got \"" + text.get() + "\"");
                        return;
                    }
                    try {
                        canonical(name, quantity);
                    } catch (ArithmeticException e) {
                        v.error("\"" + text.get() + "\" is too large");
                        return;
                    }
                    out.put(name, quantity);
                }));
        return out;
    }

    private static Optional<String> resourceNameProblem(String name, ResourceNames rule) {
        if (rule == ResourceNames.POD_LEVEL) {
            return POD_LEVEL_RESOURCES.contains(name)
                    ? Optional.empty()
                    : Optional.of("resource \"" + name + "\" cannot be set at pod level; only cpu and memory can"
                            + hint(name, POD_LEVEL_RESOURCES));
        }
        if (STANDARD_CONTAINER_RESOURCES.contains(name) || isHugePages(name)) {
            return Optional.empty();
        }
        if (!name.contains("/")) {
            List<String> candidates = new ArrayList<>(STANDARD_CONTAINER_RESOURCES);
            return Optional.of("resource \"" + name + "\" is neither a standard container resource (cpu, memory,"
                    + " ephemeral-storage, hugepages-<size>) nor a domain-qualified extended resource such as"
                    + " nvidia.com/gpu" + hint(name, candidates));
        }
        Optional<String> syntax = KubernetesNames.qualifiedNameProblem(name);
        if (syntax.isPresent()) {
            return syntax;
        }
        String domain = name.substring(0, name.indexOf('/'));
        if (domain.equals("kubernetes.io") || domain.endsWith(".kubernetes.io")) {
            return Optional.of("resource \"" + name + "\" is in the kubernetes.io domain, which holds only the standard"
                    + " container resources");
        }
        return Optional.empty();
    }

    private static boolean isHugePages(String name) {
        if (!name.startsWith(HUGEPAGES_PREFIX) || name.length() == HUGEPAGES_PREFIX.length()) {
            return false;
        }
        try {
            Quantity.parse(name.substring(HUGEPAGES_PREFIX.length()));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Kubernetes' {@code IsOvercommitAllowed}: native resources except hugepages. */
    private static boolean isOvercommittable(String name) {
        return STANDARD_CONTAINER_RESOURCES.contains(name);
    }

    /** Requests at most the limits; extended resources and hugepages need a limit equal to the request. */
    private static void checkRequestsAgainstLimits(
            TreeReader r, Map<String, Quantity> requests, Map<String, Quantity> limits) {
        requests.forEach((name, request) -> {
            FieldPath at = r.pathOf("requests").key(name);
            Quantity limit = limits.get(name);
            if (limit == null) {
                if (!isOvercommittable(name)) {
                    r.diagnostics()
                            .error(
                                    at,
                                    name + " cannot be overcommitted: set limits[" + name + "] to the request (or set"
                                            + " only the limit)");
                }
                return;
            }
            long req = canonical(name, request);
            long lim = canonical(name, limit);
            if (!isOvercommittable(name) && req != lim) {
                r.diagnostics()
                        .error(
                                at,
                                "must equal the " + name + " limit of " + format(name, lim) + ", got "
                                        + format(name, req));
            } else if (req > lim) {
                r.diagnostics()
                        .error(
                                at,
                                "must be less than or equal to the " + name + " limit of " + format(name, lim)
                                        + ", got " + format(name, req));
            }
        });
    }

    /**
     * Pod-level resources ({@code spec.resources}, Kubernetes 1.34 beta): cpu and memory.
     *
     * @param reader the {@code resources} object, for reporting
     * @param requests the valid requests
     * @param limits the valid limits
     */
    private record PodLevel(TreeReader reader, Map<String, Quantity> requests, Map<String, Quantity> limits) {

        /**
         * The pod's requests: the pod-level cpu and memory requests (a limit alone defaults the request) replace the
         * containers' aggregate for that resource, as {@code k8s.io/component-helpers resource.PodRequests} does; a
         * pod-level amount below the aggregate is reported.
         */
        Resources requests(Resources aggregated) {
            Map<String, Quantity> effective = new LinkedHashMap<>(limits);
            effective.putAll(requests);
            Resources result = aggregated;
            for (Map.Entry<String, Quantity> e : effective.entrySet()) {
                String name = e.getKey();
                long amount = canonical(name, e.getValue());
                long containers = aggregated.get(name);
                if (amount < containers) {
                    String where = requests.containsKey(name) ? "requests" : "limits";
                    reader.diagnostics()
                            .error(
                                    reader.pathOf(where).key(name),
                                    "the pod-level " + name + " of " + format(name, amount)
                                            + " is less than the containers' total request of "
                                            + format(name, containers));
                }
                result = result.with(name, amount);
            }
            return result;
        }
    }

    private static PodLevel podLevel(TreeReader r) {
        Map<String, Quantity> requests = r.field("requests")
                .map(v -> quantities(v, ResourceNames.POD_LEVEL))
                .orElse(Map.of());
        Map<String, Quantity> limits = r.field("limits")
                .map(v -> quantities(v, ResourceNames.POD_LEVEL))
                .orElse(Map.of());
        r.rejectUnknownFields();
        checkRequestsAgainstLimits(r, requests, limits);
        return new PodLevel(r, requests, limits);
    }

    /** An amount in canonical units printed as Kubernetes prints it ({@code 500m}, {@code 2Gi}, {@code 1}). */
    private static String format(String name, long amount) {
        if (amount == 0) {
            return "0";
        }
        return Resources.NONE.with(name, amount).toQuantities().get(name);
    }

    private static long canonical(String name, Quantity quantity) {
        return Resources.CPU.equals(name) ? quantity.toMillisCeil() : quantity.toUnitsCeil();
    }

    private static Resources toResources(Map<String, Quantity> quantities) {
        Resources r = Resources.NONE;
        for (Map.Entry<String, Quantity> e : quantities.entrySet()) {
            r = r.with(e.getKey(), canonical(e.getKey(), e.getValue()));
        }
        return r;
    }

    // ---------------------------------------------------------------------------------------------------- tolerations

    private static List<Toleration> tolerations(List<TreeValue> elements) {
        List<Toleration> out = new ArrayList<>();
        for (TreeValue element : elements) {
            element.asObject().flatMap(PodSpecDecoder::toleration).ifPresent(out::add);
        }
        return out;
    }

    /** Kubernetes' {@code ValidateTolerations}. */
    private static Optional<Toleration> toleration(TreeReader t) {
        int before = t.diagnostics().count();
        String key = t.string("key").orElse("");
        String operatorText = t.string("operator").orElse("");
        String value = t.string("value").orElse("");
        String effectText = t.string("effect").orElse("");
        Optional<Long> seconds = t.longInteger("tolerationSeconds");
        t.rejectUnknownFields();
        if (!key.isEmpty()) {
            KubernetesNames.qualifiedNameProblem(key).ifPresent(p -> t.error("key", p));
        }
        Optional<Toleration.Operator> operator = Toleration.Operator.fromWireName(operatorText);
        if (operator.isEmpty()) {
            t.error(
                    "operator",
                    "operator \"" + operatorText + "\" is not one of Equal, Exists"
                            + hint(operatorText, TOLERATION_OPERATORS));
        } else if (operator.get() == Toleration.Operator.EQUAL) {
            if (key.isEmpty()) {
                t.error("operator", "operator must be Exists when key is empty (which tolerates every taint)");
            }
            KubernetesNames.labelValueProblem(value).ifPresent(p -> t.error("value", p));
        } else if (!value.isEmpty()) {
            t.error("value", "must be empty when operator is Exists, got \"" + value + "\"");
        }
        TaintEffect effect = null;
        if (!effectText.isEmpty()) {
            effect = TaintEffect.fromWireName(effectText).orElse(null);
            if (effect == null) {
                t.error(
                        "effect",
                        "effect \"" + effectText + "\" is not one of NoSchedule, PreferNoSchedule, NoExecute"
                                + hint(effectText, EFFECTS));
            }
        }
        if (seconds.isPresent() && effect != TaintEffect.NO_EXECUTE && (effect != null || effectText.isEmpty())) {
            t.error("effect", "effect must be NoExecute when tolerationSeconds is set");
        }
        if (t.diagnostics().count() > before || operator.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Toleration(key, operator.get(), value, effect, seconds.orElse(null)));
    }

    // ---------------------------------------------------------------------------------------------------- affinity

    private static Affinity affinity(TreeReader a, Map<String, String> podLabels) {
        List<NodeSelectorTerm> requiredNode = new ArrayList<>();
        List<PreferredSchedulingTerm> preferredNode = new ArrayList<>();
        a.object("nodeAffinity").ifPresent(n -> {
            n.object("requiredDuringSchedulingIgnoredDuringExecution").ifPresent(selector -> {
                selector.requiredField("nodeSelectorTerms")
                        .flatMap(TreeValue::asList)
                        .ifPresent(terms -> {
                            if (terms.isEmpty()) {
                                selector.error("nodeSelectorTerms", "must have at least one node selector term");
                            }
                            for (TreeValue term : terms) {
                                term.asObject()
                                        .flatMap(t -> nodeSelectorTerm(t, true))
                                        .ifPresent(requiredNode::add);
                            }
                        });
                selector.rejectUnknownFields();
            });
            n.list("preferredDuringSchedulingIgnoredDuringExecution").ifPresent(list -> {
                for (TreeValue element : list) {
                    element.asObject().flatMap(PodSpecDecoder::preferredTerm).ifPresent(preferredNode::add);
                }
            });
            n.rejectUnknownFields();
        });
        List<List<PodAffinityTerm>> required = List.of(new ArrayList<>(), new ArrayList<>());
        List<List<WeightedPodAffinityTerm>> preferred = List.of(new ArrayList<>(), new ArrayList<>());
        String[] parts = {"podAffinity", "podAntiAffinity"};
        for (int i = 0; i < parts.length; i++) {
            int index = i;
            a.object(parts[i]).ifPresent(p -> {
                p.list("requiredDuringSchedulingIgnoredDuringExecution").ifPresent(list -> {
                    for (TreeValue element : list) {
                        element.asObject()
                                .flatMap(t -> podAffinityTerm(t, podLabels))
                                .ifPresent(required.get(index)::add);
                    }
                });
                p.list("preferredDuringSchedulingIgnoredDuringExecution").ifPresent(list -> {
                    for (TreeValue element : list) {
                        element.asObject()
                                .flatMap(t -> weightedPodAffinityTerm(t, podLabels))
                                .ifPresent(preferred.get(index)::add);
                    }
                });
                p.rejectUnknownFields();
            });
        }
        a.rejectUnknownFields();
        return new Affinity(
                requiredNode, preferredNode, required.get(0), preferred.get(0), required.get(1), preferred.get(1));
    }

    private static Optional<PreferredSchedulingTerm> preferredTerm(TreeReader p) {
        int before = p.diagnostics().count();
        Optional<Integer> weight = p.requiredField("weight").flatMap(TreeValue::asInt);
        weight.ifPresent(w -> checkWeight(p, w));
        Optional<NodeSelectorTerm> term = p.requiredObject("preference").flatMap(t -> nodeSelectorTerm(t, false));
        p.rejectUnknownFields();
        if (p.diagnostics().count() > before || weight.isEmpty() || term.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PreferredSchedulingTerm(weight.get(), term.get()));
    }

    private static void checkWeight(TreeReader r, int weight) {
        if (weight < MIN_WEIGHT || weight > MAX_WEIGHT) {
            r.error("weight", "weight must be within 1..100, got " + weight);
        }
    }

    /**
     * A node selector term: {@code matchExpressions} with Kubernetes' rules, and {@code matchFields} (only {@code
     * metadata.name}, In or NotIn with exactly one node name) carried as requirements on {@code metadata.name}.
     */
    private static Optional<NodeSelectorTerm> nodeSelectorTerm(TreeReader t, boolean required) {
        int before = t.diagnostics().count();
        List<NodeSelectorRequirement> requirements = new ArrayList<>();
        t.list("matchExpressions").ifPresent(list -> {
            for (TreeValue element : list) {
                element.asObject().flatMap(r -> nodeRequirement(r, required)).ifPresent(requirements::add);
            }
        });
        t.list("matchFields").ifPresent(list -> {
            for (TreeValue element : list) {
                element.asObject().flatMap(PodSpecDecoder::fieldRequirement).ifPresent(requirements::add);
            }
        });
        t.rejectUnknownFields();
        return t.diagnostics().count() > before ? Optional.empty() : Optional.of(new NodeSelectorTerm(requirements));
    }

    /** Kubernetes' {@code ValidateNodeSelectorRequirement}, plus an integer check for Gt and Lt. */
    private static Optional<NodeSelectorRequirement> nodeRequirement(TreeReader r, boolean required) {
        int before = r.diagnostics().count();
        Optional<String> key = r.requiredString("key");
        Optional<String> operatorText = r.requiredString("operator");
        List<String> values = r.stringList("values").orElse(List.of());
        r.rejectUnknownFields();
        key.flatMap(KubernetesNames::qualifiedNameProblem).ifPresent(p -> r.error("key", p));
        Optional<NodeSelectorOperator> operator = operatorText.flatMap(text -> {
            Optional<NodeSelectorOperator> op =
                    NodeSelectorOperator.fromWireName(text).filter(o -> POD_NODE_OPERATORS.contains(o.wireName()));
            if (op.isEmpty()) {
                String why = NodeSelectorOperator.fromWireName(text).isPresent()
                        ? "operator " + text + " exists only in Karpenter NodePool requirements; pods may use "
                        : "operator \"" + text + "\" is not one of ";
                r.error("operator", why + String.join(", ", POD_NODE_OPERATORS) + hint(text, POD_NODE_OPERATORS));
            }
            return op;
        });
        operator.ifPresent(op -> {
            switch (op) {
                case IN, NOT_IN -> {
                    if (values.isEmpty()) {
                        r.error("values", "operator " + op.wireName() + " needs at least one value");
                    }
                    if (required) {
                        for (int i = 0; i < values.size(); i++) {
                            int index = i;
                            KubernetesNames.labelValueProblem(values.get(i))
                                    .ifPresent(p -> r.diagnostics()
                                            .error(r.pathOf("values").index(index), p));
                        }
                    }
                }
                case EXISTS, DOES_NOT_EXIST -> {
                    if (!values.isEmpty()) {
                        r.error("values", "operator " + op.wireName() + " takes no values, got " + values);
                    }
                }
                case GT, LT, GTE, LTE -> {
                    if (values.size() != 1 || !isLong(values.get(0))) {
                        r.error("values", "operator " + op.wireName() + " needs exactly one integer value");
                    }
                }
            }
        });
        if (r.diagnostics().count() > before || key.isEmpty() || operator.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new NodeSelectorRequirement(key.get(), operator.get(), values, null));
    }

    /** Kubernetes' {@code validateNodeFieldSelectorRequirement}. */
    private static Optional<NodeSelectorRequirement> fieldRequirement(TreeReader r) {
        int before = r.diagnostics().count();
        Optional<String> key = r.requiredString("key");
        Optional<String> operatorText = r.requiredString("operator");
        List<String> values = r.stringList("values").orElse(List.of());
        r.rejectUnknownFields();
        key.filter(k -> !NODE_NAME_FIELD.equals(k))
                .ifPresent(k -> r.error(
                        "key",
                        "field selector key \"" + k + "\" is not supported; the only node field is "
                                + NODE_NAME_FIELD));
        Optional<NodeSelectorOperator> operator = operatorText.flatMap(text -> {
            Optional<NodeSelectorOperator> op = NodeSelectorOperator.fromWireName(text)
                    .filter(o -> o == NodeSelectorOperator.IN || o == NodeSelectorOperator.NOT_IN);
            if (op.isEmpty()) {
                r.error(
                        "operator",
                        "operator \"" + text + "\" is not one of In, NotIn (the operators of node field selectors)");
            }
            return op;
        });
        if (operator.isPresent() && values.size() != 1) {
            r.error("values", "a node field selector needs exactly one node name, got " + values.size());
        }
        for (int i = 0; i < values.size(); i++) {
            int index = i;
            KubernetesNames.subdomainProblem(values.get(i))
                    .ifPresent(p -> r.diagnostics().error(r.pathOf("values").index(index), p));
        }
        if (r.diagnostics().count() > before || operator.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new NodeSelectorRequirement(NODE_NAME_FIELD, operator.get(), values, null));
    }

    private static Optional<WeightedPodAffinityTerm> weightedPodAffinityTerm(
            TreeReader w, Map<String, String> podLabels) {
        int before = w.diagnostics().count();
        Optional<Integer> weight = w.requiredField("weight").flatMap(TreeValue::asInt);
        weight.ifPresent(x -> checkWeight(w, x));
        Optional<PodAffinityTerm> term =
                w.requiredObject("podAffinityTerm").flatMap(t -> podAffinityTerm(t, podLabels));
        w.rejectUnknownFields();
        if (w.diagnostics().count() > before || weight.isEmpty() || term.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new WeightedPodAffinityTerm(weight.get(), term.get()));
    }

    /**
     * Kubernetes' {@code validatePodAffinityTerm}. {@code mismatchLabelKeys} are merged into the label selector as
     * {@code key NotIn (the pod's value)} for every key the pod has, as the API server does on pod creation
     * (KEP-3633); {@code matchLabelKeys} stay separate because the scheduler merges them.
     */
    private static Optional<PodAffinityTerm> podAffinityTerm(TreeReader t, Map<String, String> podLabels) {
        int before = t.diagnostics().count();
        Optional<LabelSelector> selector = t.object("labelSelector").flatMap(PodSpecDecoder::labelSelector);
        List<String> namespaces = t.stringList("namespaces").orElse(List.of());
        for (int i = 0; i < namespaces.size(); i++) {
            int index = i;
            KubernetesNames.dnsLabelProblem(namespaces.get(i))
                    .ifPresent(p -> t.diagnostics().error(t.pathOf("namespaces").index(index), p));
        }
        Optional<LabelSelector> namespaceSelector =
                t.object("namespaceSelector").flatMap(PodSpecDecoder::labelSelector);
        Optional<String> topologyKey = t.requiredString("topologyKey");
        topologyKey.flatMap(KubernetesNames::qualifiedNameProblem).ifPresent(p -> t.error("topologyKey", p));
        List<String> matchLabelKeys = labelKeys(t, "matchLabelKeys");
        List<String> mismatchLabelKeys = labelKeys(t, "mismatchLabelKeys");
        for (String k : mismatchLabelKeys) {
            if (matchLabelKeys.contains(k)) {
                t.error("mismatchLabelKeys", "key \"" + k + "\" is in both matchLabelKeys and mismatchLabelKeys");
            }
        }
        t.rejectUnknownFields();
        if (t.diagnostics().count() > before || topologyKey.isEmpty()) {
            return Optional.empty();
        }
        LabelSelector labelSelector = selector.orElse(null);
        if (labelSelector != null && !mismatchLabelKeys.isEmpty()) {
            List<LabelSelector.Requirement> expressions = new ArrayList<>(labelSelector.matchExpressions());
            for (String k : mismatchLabelKeys) {
                String v = podLabels.get(k);
                if (v != null) {
                    expressions.add(new LabelSelector.Requirement(k, LabelSelector.Operator.NOT_IN, Set.of(v)));
                }
            }
            labelSelector = new LabelSelector(labelSelector.matchLabels(), expressions);
        }
        return Optional.of(new PodAffinityTerm(
                labelSelector, namespaces, namespaceSelector.orElse(null), topologyKey.get(), matchLabelKeys));
    }

    /** {@code matchLabelKeys} or {@code mismatchLabelKeys}: label names, only with a label selector. */
    private static List<String> labelKeys(TreeReader r, String field) {
        List<String> keys = r.stringList(field).orElse(List.of());
        if (!keys.isEmpty() && !r.has("labelSelector")) {
            r.error(field, "must not be set without a labelSelector");
        }
        for (int i = 0; i < keys.size(); i++) {
            int index = i;
            KubernetesNames.qualifiedNameProblem(keys.get(i))
                    .ifPresent(p -> r.diagnostics().error(r.pathOf(field).index(index), p));
        }
        return keys;
    }

    // ---------------------------------------------------------------------------------------------------- selectors

    /** Kubernetes' {@code ValidateLabelSelector}; empty after reporting when invalid. */
    static Optional<LabelSelector> labelSelector(TreeReader s) {
        int before = s.diagnostics().count();
        Map<String, String> matchLabels = s.stringMap("matchLabels").orElse(Map.of());
        checkLabels(matchLabels, s.pathOf("matchLabels"), s.diagnostics());
        List<LabelSelector.Requirement> expressions = new ArrayList<>();
        s.list("matchExpressions").ifPresent(list -> {
            for (TreeValue element : list) {
                element.asObject().flatMap(PodSpecDecoder::selectorRequirement).ifPresent(expressions::add);
            }
        });
        s.rejectUnknownFields();
        return s.diagnostics().count() > before
                ? Optional.empty()
                : Optional.of(new LabelSelector(matchLabels, expressions));
    }

    private static Optional<LabelSelector.Requirement> selectorRequirement(TreeReader r) {
        int before = r.diagnostics().count();
        Optional<String> key = r.requiredString("key");
        Optional<String> operatorText = r.requiredString("operator");
        List<String> values = r.stringList("values").orElse(List.of());
        r.rejectUnknownFields();
        key.flatMap(KubernetesNames::qualifiedNameProblem).ifPresent(p -> r.error("key", p));
        Optional<LabelSelector.Operator> operator = operatorText.flatMap(text -> {
            Optional<LabelSelector.Operator> op = LabelSelector.Operator.fromWireName(text);
            if (op.isEmpty()) {
                r.error(
                        "operator",
                        "operator \"" + text + "\" is not one of " + String.join(", ", SELECTOR_OPERATORS)
                                + hint(text, SELECTOR_OPERATORS));
            }
            return op;
        });
        operator.ifPresent(op -> {
            switch (op) {
                case IN, NOT_IN -> {
                    if (values.isEmpty()) {
                        r.error("values", "operator " + op.wireName() + " needs at least one value");
                    }
                }
                case EXISTS, DOES_NOT_EXIST -> {
                    if (!values.isEmpty()) {
                        r.error("values", "operator " + op.wireName() + " takes no values, got " + values);
                    }
                }
            }
        });
        for (int i = 0; i < values.size(); i++) {
            int index = i;
            KubernetesNames.labelValueProblem(values.get(i))
                    .ifPresent(p -> r.diagnostics().error(r.pathOf("values").index(index), p));
        }
        if (r.diagnostics().count() > before || key.isEmpty() || operator.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new LabelSelector.Requirement(key.get(), operator.get(), new LinkedHashSet<>(values)));
    }

    /** Label keys are qualified names and values label values ({@code ValidateLabels}). */
    static void checkLabels(Map<String, String> labels, FieldPath path, Diagnostics diagnostics) {
        labels.forEach((k, v) -> {
            KubernetesNames.qualifiedNameProblem(k).ifPresent(p -> diagnostics.error(path.key(k), p));
            KubernetesNames.labelValueProblem(v).ifPresent(p -> diagnostics.error(path.key(k), p));
        });
    }

    // ---------------------------------------------------------------------------------------------------- spread

    /** Kubernetes' {@code validateTopologySpreadConstraints}. */
    private static List<TopologySpreadConstraint> topologySpreadConstraints(List<TreeValue> elements) {
        List<TopologySpreadConstraint> out = new ArrayList<>();
        Map<String, FieldPath> seen = new HashMap<>();
        for (TreeValue element : elements) {
            element.asObject().ifPresent(c -> {
                Optional<TopologySpreadConstraint> constraint = topologySpreadConstraint(c);
                constraint.ifPresent(tsc -> {
                    String pair =
                            tsc.topologyKey() + ", " + tsc.whenUnsatisfiable().wireName();
                    FieldPath previous = seen.putIfAbsent(pair, c.path());
                    if (previous != null) {
                        c.error("duplicate {topologyKey, whenUnsatisfiable} pair {" + pair + "} (also " + previous
                                + ")");
                    } else {
                        out.add(tsc);
                    }
                });
            });
        }
        return out;
    }

    private static Optional<TopologySpreadConstraint> topologySpreadConstraint(TreeReader c) {
        int before = c.diagnostics().count();
        Optional<Integer> maxSkew = c.requiredField("maxSkew").flatMap(TreeValue::asInt);
        maxSkew.filter(m -> m < 1).ifPresent(m -> c.error("maxSkew", "maxSkew must be at least 1, got " + m));
        Optional<String> topologyKey = c.requiredString("topologyKey");
        topologyKey.flatMap(KubernetesNames::qualifiedNameProblem).ifPresent(p -> c.error("topologyKey", p));
        Optional<WhenUnsatisfiable> when = c.requiredString("whenUnsatisfiable").flatMap(text -> {
            Optional<WhenUnsatisfiable> w = switch (text) {
                case "DoNotSchedule" -> Optional.of(WhenUnsatisfiable.DO_NOT_SCHEDULE);
                case "ScheduleAnyway" -> Optional.of(WhenUnsatisfiable.SCHEDULE_ANYWAY);
                default -> Optional.empty();
            };
            if (w.isEmpty()) {
                c.error(
                        "whenUnsatisfiable",
                        "whenUnsatisfiable \"" + text + "\" is not one of DoNotSchedule, ScheduleAnyway"
                                + hint(text, WHEN_UNSATISFIABLE));
            }
            return w;
        });
        Optional<LabelSelector> selector = c.object("labelSelector").flatMap(PodSpecDecoder::labelSelector);
        Optional<Integer> minDomains = c.integer("minDomains");
        minDomains.ifPresent(m -> {
            if (m < 1) {
                c.error("minDomains", "minDomains must be at least 1, got " + m);
            } else if (when.orElse(null) == WhenUnsatisfiable.SCHEDULE_ANYWAY) {
                c.error("minDomains", "minDomains can only be used with whenUnsatisfiable DoNotSchedule");
            }
        });
        Policy affinityPolicy = policy(c, "nodeAffinityPolicy");
        Policy taintsPolicy = policy(c, "nodeTaintsPolicy");
        List<String> matchLabelKeys = labelKeys(c, "matchLabelKeys");
        selector.ifPresent(s -> {
            Set<String> selectorKeys = new LinkedHashSet<>(s.matchLabels().keySet());
            s.matchExpressions().forEach(e -> selectorKeys.add(e.key()));
            for (int i = 0; i < matchLabelKeys.size(); i++) {
                if (selectorKeys.contains(matchLabelKeys.get(i))) {
                    c.diagnostics()
                            .error(
                                    c.pathOf("matchLabelKeys").index(i),
                                    "key \"" + matchLabelKeys.get(i)
                                            + "\" is in both matchLabelKeys and labelSelector");
                }
            }
        });
        c.rejectUnknownFields();
        if (c.diagnostics().count() > before || maxSkew.isEmpty() || topologyKey.isEmpty() || when.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TopologySpreadConstraint(
                maxSkew.get(),
                topologyKey.get(),
                when.get(),
                selector.orElse(null),
                minDomains.orElse(null),
                affinityPolicy,
                taintsPolicy,
                matchLabelKeys));
    }

    private static Policy policy(TreeReader c, String field) {
        return c.string(field)
                .map(text -> switch (text) {
                    case "Honor" -> Policy.HONOR;
                    case "Ignore" -> Policy.IGNORE;
                    default -> {
                        c.error(field, field + " \"" + text + "\" is not one of Honor, Ignore" + hint(text, POLICIES));
                        yield null;
                    }
                })
                .orElse(null);
    }

    // ---------------------------------------------------------------------------------------------------- gates

    private static List<String> schedulingGates(List<TreeValue> elements) {
        List<String> names = new ArrayList<>();
        for (TreeValue element : elements) {
            element.asObject().ifPresent(g -> {
                Optional<String> name = g.requiredString("name");
                g.rejectUnknownFields();
                name.ifPresent(n -> {
                    KubernetesNames.qualifiedNameProblem(n).ifPresent(p -> g.error("name", p));
                    if (names.contains(n)) {
                        g.error("name", "duplicate scheduling gate \"" + n + "\"");
                    }
                    names.add(n);
                });
            });
        }
        return names;
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    /**
     * {@code "; did you mean "X"?"} when a candidate is close to {@code given} and starts with the same letter (so that
     * two-letter operators such as {@code Gt} do not suggest {@code In}), else nothing.
     */
    static String hint(String given, Collection<String> candidates) {
        return Suggestions.closest(given, candidates)
                .filter(s -> !s.equals(given))
                .filter(s -> !given.isEmpty()
                        && Character.toLowerCase(s.charAt(0)) == Character.toLowerCase(given.charAt(0)))
                .map(s -> "; did you mean \"" + s + "\"?")
                .orElse("");
    }

    private static boolean isLong(String text) {
        if (!INTEGER.matcher(text).matches()) {
            return false;
        }
        try {
            Long.parseLong(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
