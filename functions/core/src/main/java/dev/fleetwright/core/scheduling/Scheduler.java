package dev.fleetwright.core.scheduling;

import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.corev1.DaemonSet;
import dev.fleetwright.core.api.corev1.NodeSelectorOperator;
import dev.fleetwright.core.api.corev1.NodeSelectorTerm;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.PodAffinityTerm;
import dev.fleetwright.core.api.corev1.PodSpec;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.api.corev1.Taint;
import dev.fleetwright.core.api.corev1.TaintEffect;
import dev.fleetwright.core.api.corev1.Toleration;
import dev.fleetwright.core.api.corev1.TopologySpreadConstraint;
import dev.fleetwright.core.cloudprovider.InstanceType;
import dev.fleetwright.core.cloudprovider.InstanceTypes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides where pending pods go: onto existing nodes (in-flight NodeClaims included), onto NodeClaims created in the
 * same solve, or onto new NodeClaims from NodePool templates. A faithful port of Karpenter's provisioning scheduler
 * ([K] pkg/controllers/provisioning/scheduling/scheduler.go, nodeclaim.go, existingnode.go, queue.go,
 * preferences.go), with deterministic tie-breaks where Karpenter's are random:
 *
 * <ul>
 *   <li>Pods are tried largest first (CPU, then memory, then creation time, then UID, then input order).
 *   <li>Each pod tries existing nodes (initialized first, then by name), then NodeClaims of this solve (fewest pods
 *       first, ties by creation order, or another {@link ClaimOrder}), then one new NodeClaim per NodePool template
 *       by weight (descending; equal weights by name descending, as Karpenter orders them); templates without
 *       instance types are skipped, as Karpenter drops them.
 *   <li>An existing node offers its allocatable minus what bound pods request minus the requests of compatible
 *       DaemonSets that have no pod on it yet; startup and ephemeral taints do not count while it is uninitialized,
 *       neither for pods nor for DaemonSets.
 *   <li>A pod that fails everywhere is relaxed one preference at a time ({@link PodConstraints#relax}) and retried
 *       until it fits or nothing is left to relax; it then goes back, unrelaxed, to the end of the queue. The solve
 *       ends when a full pass through the queue places nothing.
 *   <li>A NodeClaim keeps every instance type that meets its requirements, fits its pods plus DaemonSet overhead and
 *       has an available compatible offering; its list only shrinks as pods are added.
 * </ul>
 *
 * <p>Immutable and reusable: every {@link #solve} works on its own state. Not a place for I/O or clocks.
 */
public final class Scheduler {

    /** How NodeClaims created earlier in a solve are ordered when a pod looks for room on them. */
    public enum ClaimOrder {
        /** Karpenter's order: fewest pods first, ties by creation order (spreads pods over open NodeClaims). */
        FEWEST_PODS_FIRST,
        /** First fit: creation order (fills earlier NodeClaims completely, which packs tighter). */
        CREATION_ORDER
    }

    /**
     * Scheduler options.
     *
     * @param claimOrder the order in which open NodeClaims are tried
     * @param preferredMaxCpuMillis when positive, a new NodeClaim first keeps only instance types with at most this
     *     much allocatable CPU (in millicores); 0 means no cap (Karpenter's behaviour)
     * @param preferredInstanceTypes when not empty, a new NodeClaim first keeps only these instance types (by name)
     * @param preferredInstanceTypeByPod when not empty, a new NodeClaim opened for a pod listed here ({@code
     *     namespace/name}) first keeps only that pod's instance type
     * @param nodeGroupByPod when not empty, pods are kept in the groups given here (pod key to group number, for
     *     example the nodes of a packing): a pod joins only a new NodeClaim opened for a pod of its group, and a pod
     *     not listed only one opened for another pod not listed. Existing nodes are open to every pod.
     * <p>With a cap or preferred types, a NodeClaim falls back to every type when its first pod fits none of the
     *     preferred ones, or when they are all exotic (metal, GPU, Neuron) and a generic type could hold the pod.
     */
    public record Options(
            ClaimOrder claimOrder,
            long preferredMaxCpuMillis,
            Set<String> preferredInstanceTypes,
            Map<String, String> preferredInstanceTypeByPod,
            Map<String, Integer> nodeGroupByPod) {
        /** Karpenter's behaviour. */
        public static final Options KARPENTER =
                new Options(ClaimOrder.FEWEST_PODS_FIRST, 0, Set.of(), Map.of(), Map.of());

        /** Options without node groups. */
        public Options(
                ClaimOrder claimOrder,
                long preferredMaxCpuMillis,
                Set<String> preferredInstanceTypes,
                Map<String, String> preferredInstanceTypeByPod) {
            this(claimOrder, preferredMaxCpuMillis, preferredInstanceTypes, preferredInstanceTypeByPod, Map.of());
        }

        /** Options with a claim order and a CPU cap, without preferred types. */
        public Options(ClaimOrder claimOrder, long preferredMaxCpuMillis) {
            this(claimOrder, preferredMaxCpuMillis, Set.of(), Map.of());
        }

        /** Options with a claim order, a CPU cap and preferred types. */
        public Options(ClaimOrder claimOrder, long preferredMaxCpuMillis, Set<String> preferredInstanceTypes) {
            this(claimOrder, preferredMaxCpuMillis, preferredInstanceTypes, Map.of());
        }

        /**
         * @throws NullPointerException if the order is null
         * @throws IllegalArgumentException if the CPU cap is negative
         */
        public Options {
            Objects.requireNonNull(claimOrder, "claimOrder");
            if (preferredMaxCpuMillis < 0) {
                throw new IllegalArgumentException("preferredMaxCpuMillis must not be negative");
            }
            preferredInstanceTypes = Set.copyOf(preferredInstanceTypes);
            preferredInstanceTypeByPod = Map.copyOf(preferredInstanceTypeByPod);
            nodeGroupByPod = Map.copyOf(nodeGroupByPod);
        }

        /** Whether a new NodeClaim for {@code pod} starts from a restricted set of types. */
        boolean restrictsNewNodeClaims(Pod pod) {
            return preferredMaxCpuMillis > 0
                    || !preferredInstanceTypes.isEmpty()
                    || preferredInstanceTypeByPod.containsKey(pod.key());
        }

        /**
         * Whether a type is in the preferred set of a new NodeClaim opened for a pod whose own preferred type is
         * {@code own} ({@link #preferredInstanceTypeByPod}; null for none).
         */
        boolean prefers(InstanceType it, String own) {
            return (preferredMaxCpuMillis == 0 || it.allocatable().cpuMillis() <= preferredMaxCpuMillis)
                    && (preferredInstanceTypes.isEmpty() || preferredInstanceTypes.contains(it.name()))
                    && (own == null || own.equals(it.name()));
        }
    }

    private final List<NodeClaimTemplate> templates;
    private final List<ExistingNode> existingNodes;
    private final List<DaemonSet> daemonSets;
    private final Map<String, Map<String, String>> namespaceLabels;
    private final Options options;
    /**
     * Each template's instance types' allocatable in the base dimensions (cpu, memory, ephemeral-storage, pods), index
     * for index with {@link NodeClaimTemplate#instanceTypes()}; computed once here and only read by solves, so that a
     * solve without extended resources does not rebuild them for every new NodeClaim.
     */
    private final Map<NodeClaimTemplate, long[][]> baseAllocatable = new IdentityHashMap<>();

    /**
     * @param templates the NodePools that may launch capacity, with their instance types and remaining limits
     * @param existingNodes registered nodes and in-flight NodeClaims, with the pods bound to them
     * @param daemonSets DaemonSets, whose pods add overhead to every new node they would run on
     * @param namespaceLabels labels of every namespace (for namespace selectors in pod affinity); may be empty
     * @param options scheduler options
     */
    public Scheduler(
            List<NodeClaimTemplate> templates,
            List<ExistingNode> existingNodes,
            List<DaemonSet> daemonSets,
            Map<String, Map<String, String>> namespaceLabels,
            Options options) {
        List<NodeClaimTemplate> sorted = new ArrayList<>(templates);
        sorted.sort(Comparator.comparingInt(NodeClaimTemplate::weight)
                .reversed()
                .thenComparing(NodeClaimTemplate::nodePoolName, Comparator.reverseOrder()));
        this.templates = List.copyOf(sorted);
        List<ExistingNode> nodes = new ArrayList<>(existingNodes);
        nodes.sort(Comparator.comparing((ExistingNode n) -> !n.initialized()).thenComparing(ExistingNode::name));
        this.existingNodes = List.copyOf(nodes);
        this.daemonSets = List.copyOf(daemonSets);
        this.namespaceLabels = Map.copyOf(namespaceLabels);
        this.options = Objects.requireNonNull(options, "options");
        for (NodeClaimTemplate t : this.templates) {
            List<InstanceType> types = t.instanceTypes();
            long[][] alloc = new long[types.size()][];
            for (int i = 0; i < alloc.length; i++) {
                alloc[i] = vector(types.get(i).allocatable(), BASE_DIMS);
            }
            baseAllocatable.put(t, alloc);
        }
    }

    /** The dimensions every solve has; extended resources that pods or DaemonSets request are added after them. */
    private static final String[] BASE_DIMS = {
        Resources.CPU, Resources.MEMORY, Resources.EPHEMERAL_STORAGE, Resources.PODS
    };

    /**
     * The templates in the order they are tried: weight descending, equal weights by NodePool name descending. A
     * template without instance types is never tried (Karpenter drops it: "skipping, nodepool requirements filtered
     * out all instance types"), but its PreferNoSchedule taints and its {@code In} requirements still count, for the
     * relaxation and the topology domains.
     */
    public List<NodeClaimTemplate> templates() {
        return templates;
    }

    /**
     * Places the pods.
     *
     * @param pods the pending pods; DaemonSet and mirror pods should already be filtered out
     * @return new NodeClaims, pods placed on existing nodes, and the pods that did not fit with their reasons
     */
    public SchedulingResult solve(List<Pod> pods) {
        return new Solve(pods).run();
    }

    /** The requests of the DaemonSet pods that would run on nodes of {@code template} ([K] getDaemonOverhead). */
    public Resources daemonSetOverhead(NodeClaimTemplate template) {
        Resources sum = Resources.NONE;
        for (DaemonSet ds : daemonSets) {
            if (daemonPodFits(ds.template(), template)) {
                sum = sum.plus(podRequests(ds.template()));
            }
        }
        return sum;
    }

    /** A pod's requests as the scheduler counts them: the effective requests plus one {@code pods}. */
    static Resources podRequests(Pod pod) {
        Resources r = pod.spec().requests();
        return r.with(Resources.PODS, r.pods() + 1);
    }

    /**
     * Whether a DaemonSet pod would run on nodes of {@code template}: with PreferNoSchedule tolerated, it tolerates the
     * template taints, and its strict node requirements (nodeSelector and one required term, terms tried in order)
     * are compatible with the template's.
     */
    private static boolean daemonPodFits(Pod ds, NodeClaimTemplate template) {
        List<Toleration> tolerations = new ArrayList<>(ds.spec().tolerations());
        tolerations.add(PodConstraints.TOLERATE_PREFER_NO_SCHEDULE);
        if (Toleration.firstUntolerated(template.taints(), tolerations).isPresent()) {
            return false;
        }
        Requirements selector = Requirements.fromLabels(ds.spec().nodeSelector());
        List<NodeSelectorTerm> terms = ds.spec().affinity().requiredNodeTerms();
        if (terms.isEmpty()) {
            return template.requirements().isCompatible(selector, Labels.WELL_KNOWN);
        }
        for (NodeSelectorTerm term : terms) {
            Requirements strict = selector.and(Requirements.fromNodeSelector(term.matchExpressions()));
            if (template.requirements().isCompatible(strict, Labels.WELL_KNOWN)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Pods that schedule alike: same namespace, labels and spec. A rejection that can never turn into an acceptance
     * during a solve (taints, requirements, resources, instance-type fit) holds for every pod of the class.
     */
    private record PodClass(String namespace, Map<String, String> labels, PodSpec spec) {}

    /** One pod in the queue, with its current constraints and their requirements cached. */
    private static final class PodState {
        final Pod pod;
        final String key;
        final int index;
        final Resources requests;
        final PodConstraints original;
        int classId;
        long[] req;
        PodConstraints constraints;
        Requirements requirements;
        Requirements strict;

        /** The pod's node group ({@link Options#nodeGroupByPod}), -1 for none. */
        int group = -1;

        PodState(Pod pod, int index) {
            this.pod = pod;
            this.key = pod.key();
            this.index = index;
            this.requests = podRequests(pod);
            this.original = PodConstraints.of(pod);
            set(original);
        }

        boolean unrelaxed() {
            return constraints == original;
        }

        void set(PodConstraints c) {
            constraints = c;
            requirements = c.requirements();
            strict = c.strictRequirements();
        }
    }

    /** An existing node or in-flight NodeClaim during a solve. */
    private static final class NodeSlot {
        final ExistingNode node;
        final int index;
        final List<Taint> taints;
        Requirements requirements;
        /** What is free, per dimension of the solve ({@code Solve.dims}). */
        final long[] room;

        final List<Pod> added = new ArrayList<>();

        NodeSlot(ExistingNode node, int index, Resources unboundDaemonOverhead, String[] dims) {
            this.node = node;
            this.index = index;
            this.taints = node.effectiveTaints();
            this.requirements = Requirements.fromLabels(node.labels());
            this.room = vector(node.allocatable().minus(node.requested()).minus(unboundDaemonOverhead), dims);
        }
    }

    /** The amounts of {@code r} in the given dimensions. */
    private static long[] vector(Resources r, String[] dims) {
        long[] v = new long[dims.length];
        for (int d = 0; d < dims.length; d++) {
            v[d] = r.get(dims[d]);
        }
        return v;
    }

    /** Whether every requested amount is within the room (zero requests always fit). */
    private static boolean fits(long[] req, long[] room) {
        for (int d = 0; d < req.length; d++) {
            if (req[d] > 0 && req[d] > room[d]) {
                return false;
            }
        }
        return true;
    }

    /** An instance type with the price of its cheapest offering a NodeClaim allows (USD/hour; MAX_VALUE: none). */
    private record Priced(InstanceType type, double price) {}

    /** Price order of a NodeClaim's instance types; equal prices by name, so that plans are deterministic. */
    private static final Comparator<Priced> BY_PRICE_THEN_NAME = Comparator.comparingDouble(Priced::price)
            .thenComparing(x -> x.type().name());

    /** What {@code Solve.filter} kept of a NodeClaim's instance types, with their allocatable vectors. */
    private record Kept(List<InstanceType> types, long[][] alloc) {}

    /** {@code Solve.filter}'s answer when every instance type was kept. */
    private static final Kept ALL_KEPT = new Kept(List.of(), new long[0][]);

    /** A NodeClaim being built during a solve ([K] scheduling.NodeClaim). */
    private static final class ClaimSlot {
        final NodeClaimTemplate template;
        /** The node group of the pod it was opened for ({@link Options#nodeGroupByPod}), -1 for none. */
        int group;

        final int creationIndex;
        final Resources daemonOverhead;
        Requirements requirements;
        List<InstanceType> types;
        /** The allocatable of each of {@link #types} in the solve's dimensions, index for index. */
        long[][] alloc;

        Resources requests;
        final List<Pod> pods = new ArrayList<>();
        /**
         * Component-wise largest room left over the remaining types, per dimension of the solve: a necessary condition
         * for any fit, checked before anything else.
         */
        long[] room;

        ClaimSlot(
                NodeClaimTemplate template,
                int creationIndex,
                Requirements requirements,
                List<InstanceType> types,
                long[][] alloc,
                Resources daemonOverhead,
                long[] room) {
            this.template = template;
            this.creationIndex = creationIndex;
            this.group = -1;
            this.daemonOverhead = daemonOverhead;
            this.requirements = requirements;
            this.types = types;
            this.alloc = alloc;
            this.requests = daemonOverhead;
            this.room = room;
        }
    }

    /** The state of one solve. */
    private final class Solve {
        private final List<PodState> pods = new ArrayList<>();
        private final List<PodError> invalid = new ArrayList<>();
        private final List<NodeSlot> nodes = new ArrayList<>();
        private final List<ClaimSlot> claims = new ArrayList<>();
        private final List<NodeClaimTemplate> launchable = new ArrayList<>();
        private final Map<NodeClaimTemplate, Resources> daemonOverhead = new HashMap<>();
        private final Map<String, Map<String, Long>> remainingLimits = new HashMap<>();
        private final Map<String, String> errors = new LinkedHashMap<>();
        private final boolean toleratePreferNoSchedule;
        private final Topology topology;
        /** The resource dimensions of the solve: cpu, memory, ephemeral-storage, pods and every requested extended one. */
        private final String[] dims;

        private final List<BitSet> excludedClaims = new ArrayList<>();
        private final List<BitSet> excludedNodes = new ArrayList<>();
        private final Map<InstanceType, long[]> allocatableVectors = new IdentityHashMap<>();
        private final Map<InstanceType, Boolean> exotic = new IdentityHashMap<>();
        /** Whether failures build full reasons (only when explaining the pods that stay unschedulable). */
        private boolean explaining;
        /** Whether the last failed attempt can never succeed for the pod's class during this solve. */
        private boolean permanent;

        private int hostnameCounter;
        private long attempts;
        private long relaxations;

        Solve(List<Pod> input) {
            Map<PodClass, Integer> classes = new HashMap<>();
            TreeSet<String> extended = new TreeSet<>();
            for (int i = 0; i < input.size(); i++) {
                Pod p = input.get(i);
                try {
                    PodState state = new PodState(p, i);
                    state.group = options.nodeGroupByPod().getOrDefault(state.key, -1);
                    state.classId = classes.computeIfAbsent(
                            new PodClass(p.namespace(), p.metadata().labels(), p.spec()), k -> classes.size());
                    extended.addAll(state.requests.extended().keySet());
                    pods.add(state);
                } catch (IllegalArgumentException e) {
                    invalid.add(new PodError(p, "invalid scheduling constraints: " + e.getMessage()));
                }
            }
            // Every resource that can be requested on a node: pods' and DaemonSets', so vector checks are exact.
            for (DaemonSet ds : daemonSets) {
                extended.addAll(ds.template().spec().requests().extended().keySet());
            }
            List<String> allDims = new ArrayList<>(List.of(BASE_DIMS));
            allDims.addAll(extended);
            dims = allDims.toArray(new String[0]);
            for (PodState p : pods) {
                p.req = vector(p.requests, dims);
            }
            for (int c = 0; c < classes.size(); c++) {
                excludedClaims.add(new BitSet());
                excludedNodes.add(new BitSet());
            }
            pods.sort(QUEUE_ORDER);
            for (NodeClaimTemplate t : templates) {
                if (!t.instanceTypes().isEmpty()) {
                    launchable.add(t);
                }
                daemonOverhead.put(t, daemonSetOverhead(t));
                remainingLimits.put(t.nodePoolName(), new HashMap<>(t.remainingLimits()));
            }
            toleratePreferNoSchedule = templates.stream()
                    .flatMap(t -> t.taints().stream())
                    .anyMatch(t -> t.effect() == TaintEffect.PREFER_NO_SCHEDULE);
            Set<String> pending = new HashSet<>();
            pods.forEach(p -> pending.add(p.key));
            List<Topology.PlacedPod> placed = new ArrayList<>();
            for (ExistingNode n : existingNodes) {
                NodeSlot slot = new NodeSlot(n, nodes.size(), unboundDaemonOverhead(n), dims);
                nodes.add(slot);
                for (Pod p : n.pods()) {
                    if (!pending.contains(p.key())) {
                        placed.add(new Topology.PlacedPod(p, n.labels(), slot.requirements, n.taints()));
                    }
                }
            }
            topology = new Topology(
                    namespaceLabels,
                    domains(),
                    placed,
                    pods.stream().map(p -> p.constraints).toList());
        }

        SchedulingResult run() {
            ArrayDeque<PodState> queue = new ArrayDeque<>(pods);
            Map<String, Integer> lastLength = new HashMap<>();
            while (!queue.isEmpty()) {
                PodState p = queue.peekFirst();
                Integer last = lastLength.get(p.key);
                if (last != null && last == queue.size()) {
                    break;
                }
                queue.pollFirst();
                String error = trySchedule(p);
                if (error == null) {
                    errors.remove(p.key);
                } else {
                    errors.put(p.key, error);
                    queue.addLast(p);
                    lastLength.put(p.key, queue.size());
                }
            }
            explainFailures();
            return result();
        }

        /**
         * Computes the reasons of the pods that stayed unplaced. Attempts during the solve skip building messages;
         * the state has not changed since each of these pods last failed (the queue stopped because a full pass placed
         * nothing), so trying again with explanations reproduces its failure and says why.
         */
        private void explainFailures() {
            if (errors.isEmpty()) {
                return;
            }
            explaining = true;
            Map<String, PodState> byKey = new HashMap<>();
            pods.forEach(p -> byKey.put(p.key, p));
            for (String key : new ArrayList<>(errors.keySet())) {
                String reason = trySchedule(byKey.get(key));
                if (reason == null) {
                    errors.remove(key);
                } else {
                    errors.put(key, reason);
                }
            }
        }

        /** Tries the pod, relaxing it step by step; restores the original constraints on failure. */
        private String trySchedule(PodState p) {
            String error = add(p);
            while (error != null) {
                Optional<PodConstraints.Relaxation> relaxed = p.constraints.relax(toleratePreferNoSchedule);
                if (relaxed.isEmpty()) {
                    break;
                }
                relaxations++;
                p.set(relaxed.get().constraints());
                topology.update(p.constraints);
                error = add(p);
            }
            if (error != null && p.constraints != p.original) {
                p.set(p.original);
                topology.update(p.original);
            }
            return error;
        }

        private String add(PodState p) {
            boolean useExclusions = p.unrelaxed();
            BitSet nodeExcluded = excludedNodes.get(p.classId);
            for (NodeSlot n : nodes) {
                if (useExclusions && nodeExcluded.get(n.index)) {
                    continue;
                }
                attempts++;
                if (tryExisting(n, p)) {
                    return null;
                }
                if (useExclusions && permanent) {
                    nodeExcluded.set(n.index);
                }
            }
            BitSet claimExcluded = excludedClaims.get(p.classId);
            for (int i = 0; i < claims.size(); i++) {
                ClaimSlot c = claims.get(i);
                if (c.group != p.group
                        || !fits(p.req, c.room)
                        || (useExclusions && claimExcluded.get(c.creationIndex))) {
                    continue;
                }
                attempts++;
                if (tryClaim(c, p, null) == null) {
                    reorder(i);
                    return null;
                }
                if (useExclusions && permanent) {
                    claimExcluded.set(c.creationIndex);
                }
            }
            if (launchable.isEmpty()) {
                return "no NodePool can launch capacity: nodepool requirements filtered out all available instance types";
            }
            List<String> reasons = explaining ? new ArrayList<>() : null;
            for (NodeClaimTemplate t : launchable) {
                attempts++;
                String reason = tryNew(t, p);
                if (reason == null) {
                    return null;
                }
                if (reasons != null) {
                    reasons.add("incompatible with nodepool \"" + t.nodePoolName() + "\", daemonset overhead="
                            + daemonOverhead.get(t) + ", " + reason);
                }
            }
            return reasons == null ? UNSCHEDULABLE : String.join("; ", reasons);
        }

        /** Keeps the open NodeClaims in {@link ClaimOrder} after claim {@code i} got a pod. */
        private void reorder(int i) {
            if (options.claimOrder() != ClaimOrder.FEWEST_PODS_FIRST) {
                return;
            }
            while (i + 1 < claims.size() && isBefore(claims.get(i + 1), claims.get(i))) {
                ClaimSlot t = claims.get(i);
                claims.set(i, claims.get(i + 1));
                claims.set(i + 1, t);
                i++;
            }
        }

        private boolean isBefore(ClaimSlot a, ClaimSlot b) {
            return a.pods.size() != b.pods.size() ? a.pods.size() < b.pods.size() : a.creationIndex < b.creationIndex;
        }

        private boolean tryExisting(NodeSlot n, PodState p) {
            permanent = true;
            if (!fits(p.req, n.room)
                    || n.node.markedForDeletion()
                    || Toleration.firstUntolerated(n.taints, p.constraints.tolerations())
                            .isPresent()
                    || !n.requirements.isCompatible(p.requirements, Set.of())) {
                return false;
            }
            Requirements merged = n.requirements.and(p.requirements);
            Requirements withTopology = topology.addRequirements(p.key, p.constraints, p.strict, merged, null);
            if (withTopology == null) {
                permanent = topology.lastFailurePermanent();
                return false;
            }
            for (int d = 0; d < dims.length; d++) {
                n.room[d] -= p.req[d];
            }
            n.requirements = withTopology;
            n.added.add(p.pod);
            topology.record(p.key, p.pod, withTopology, n.taints);
            return true;
        }

        /**
         * Tries to add the pod to a NodeClaim; on success commits and returns null, else returns why not. {@code
         * fresh} is non-null for a NodeClaim being created for this pod (its hostname is then registered).
         */
        private String tryClaim(ClaimSlot c, PodState p, String fresh) {
            permanent = true;
            if (fresh == null && !fits(p.req, c.room)) {
                return explaining ? "no instance type has enough resources" : UNSCHEDULABLE;
            }
            Optional<Taint> untolerated = Toleration.firstUntolerated(c.template.taints(), p.constraints.tolerations());
            if (untolerated.isPresent()) {
                return explaining ? "did not tolerate taint (taint=" + untolerated.get() + ")" : UNSCHEDULABLE;
            }
            if (!c.requirements.isCompatible(p.requirements, Labels.WELL_KNOWN)) {
                return explaining
                        ? "incompatible requirements, "
                                + String.join(
                                        ", ", c.requirements.compatibilityErrors(p.requirements, Labels.WELL_KNOWN))
                        : UNSCHEDULABLE;
            }
            Requirements merged = c.requirements.and(p.requirements);
            StringBuilder topologyFailure = explaining ? new StringBuilder() : null;
            boolean topologyBound = topology.constrains(p.key, p.pod);
            merged = topology.addRequirements(p.key, p.constraints, p.strict, merged, topologyFailure);
            if (merged == null) {
                permanent = topology.lastFailurePermanent();
                return explaining ? topologyFailure.toString() : UNSCHEDULABLE;
            }
            // With topology in play the requirements may differ on the next try, so a failure below is not final.
            permanent = !topologyBound;
            Resources total = c.requests.plus(p.requests);
            boolean requirementsChanged = !merged.equals(c.requirements);
            Kept kept = filter(c.types, c.alloc, merged, total, requirementsChanged);
            List<InstanceType> keptTypes = kept == ALL_KEPT ? c.types : kept.types();
            if (keptTypes.isEmpty()) {
                return explaining ? explain(c.types, merged, total) : UNSCHEDULABLE;
            }
            String minValues = minValuesError(keptTypes, merged);
            if (minValues != null) {
                return minValues + ", requirements=" + merged + ", resources=" + total;
            }
            c.requirements = merged;
            if (kept == ALL_KEPT) {
                for (int d = 0; d < dims.length; d++) {
                    c.room[d] -= p.req[d];
                }
            } else {
                c.types = keptTypes;
                c.alloc = kept.alloc();
                c.room = room(c.alloc, total);
            }
            c.requests = total;
            c.pods.add(p.pod);
            topology.record(p.key, p.pod, merged, c.template.taints());
            return null;
        }

        private String tryNew(NodeClaimTemplate t, PodState p) {
            Map<String, Long> remaining = remainingLimits.get(t.nodePoolName());
            Long nodes = remaining.get(NodeClaimTemplate.NODES);
            if (nodes != null && nodes <= 0) {
                return "node limits have been exhausted for nodepool (NodePool=" + t.nodePoolName() + ")";
            }
            List<InstanceType> types = t.instanceTypes();
            if (!remaining.isEmpty()) {
                // The template's own list while every type is within the limits (so its precomputed vectors apply).
                List<InstanceType> all = t.instanceTypes();
                List<InstanceType> within = null;
                for (int i = 0; i < all.size(); i++) {
                    InstanceType it = all.get(i);
                    if (!withinLimits(it.capacity(), remaining)) {
                        if (within == null) {
                            within = new ArrayList<>(all.subList(0, i));
                        }
                    } else if (within != null) {
                        within.add(it);
                    }
                }
                if (within != null) {
                    types = within;
                }
                if (types.isEmpty()) {
                    return "all available instance types exceed limits for nodepool (NodePool=" + t.nodePoolName()
                            + ")";
                }
            }
            String hostname = String.format("hostname-placeholder-%04d", hostnameCounter + 1);
            Requirements requirements = t.requirements().and(Requirement.in(Labels.HOSTNAME, hostname));
            if (topology.tracks(Labels.HOSTNAME)) {
                topology.register(Labels.HOSTNAME, hostname, t.taints());
            }
            ClaimSlot c = null;
            if (options.restrictsNewNodeClaims(p.pod)) {
                String own = options.preferredInstanceTypeByPod().get(p.key);
                List<InstanceType> capped = new ArrayList<>();
                for (InstanceType it : types) {
                    if (options.prefers(it, own)) {
                        capped.add(it);
                    }
                }
                if (!capped.isEmpty()
                        && capped.size() < types.size()
                        && !onlyExoticForGeneric(capped, types, p, daemonOverhead.get(t))) {
                    long[][] alloc = allocatable(capped);
                    c = new ClaimSlot(
                            t,
                            claims.size(),
                            requirements,
                            capped,
                            alloc,
                            daemonOverhead.get(t),
                            room(alloc, daemonOverhead.get(t)));
                    if (tryClaim(c, p, hostname) != null) {
                        c = null;
                    }
                }
            }
            if (c == null) {
                long[][] alloc = types == t.instanceTypes() && dims.length == BASE_DIMS.length
                        ? baseAllocatable.get(t)
                        : allocatable(types);
                c = new ClaimSlot(
                        t,
                        claims.size(),
                        requirements,
                        types,
                        alloc,
                        daemonOverhead.get(t),
                        room(alloc, daemonOverhead.get(t)));
                String reason = tryClaim(c, p, hostname);
                if (reason != null) {
                    return reason;
                }
            }
            hostnameCounter++;
            c.group = p.group;
            claims.add(c);
            reorder(claims.size() - 1);
            subtractLargest(remaining, c.types);
            return null;
        }

        /**
         * Whether a preferred set holds only exotic types (metal, GPU, Neuron) while a generic type of the NodePool can
         * hold the pod: launches never buy exotic types for such pods ({@link InstanceTypes#launchCandidates}), so a
         * preference must not force one on them either (and the cost lower bound relies on it).
         */
        private boolean onlyExoticForGeneric(
                List<InstanceType> preferred, List<InstanceType> types, PodState p, Resources overhead) {
            for (InstanceType it : preferred) {
                if (!isExotic(it)) {
                    return false;
                }
            }
            Resources needed = p.requests.plus(overhead);
            for (InstanceType it : types) {
                if (!isExotic(it) && needed.fitsIn(it.allocatable())) {
                    return true;
                }
            }
            return false;
        }

        /** {@link InstanceTypes#isExotic}, remembered per type for this solve. */
        private boolean isExotic(InstanceType it) {
            return exotic.computeIfAbsent(it, InstanceTypes::isExotic);
        }

        private static boolean withinLimits(Resources capacity, Map<String, Long> remaining) {
            for (Map.Entry<String, Long> e : remaining.entrySet()) {
                if (e.getKey().equals(NodeClaimTemplate.NODES)) {
                    continue;
                }
                if (capacity.get(e.getKey()) > e.getValue()) {
                    return false;
                }
            }
            return true;
        }

        private static void subtractLargest(Map<String, Long> remaining, List<InstanceType> types) {
            for (Map.Entry<String, Long> e : remaining.entrySet()) {
                if (e.getKey().equals(NodeClaimTemplate.NODES)) {
                    e.setValue(e.getValue() - 1);
                    continue;
                }
                long max = 0;
                for (InstanceType it : types) {
                    max = Math.max(max, it.capacity().get(e.getKey()));
                }
                e.setValue(e.getValue() - max);
            }
        }

        /**
         * The instance types of a NodeClaim that still hold {@code total} (and, when the requirements changed, still
         * intersect them and have an available offering), with their allocatable vectors; {@link #ALL_KEPT} when
         * none was dropped.
         */
        private Kept filter(
                List<InstanceType> types,
                long[][] alloc,
                Requirements requirements,
                Resources total,
                boolean requirementsChanged) {
            Requirement zone = requirements.get(Labels.TOPOLOGY_ZONE);
            Requirement capacityType = requirements.get(Labels.CAPACITY_TYPE);
            long[] totalVector = vector(total, dims);
            boolean[] keep = new boolean[types.size()];
            int keptCount = 0;
            for (int i = 0; i < types.size(); i++) {
                InstanceType it = types.get(i);
                keep[i] = fits(totalVector, alloc[i])
                        && (!requirementsChanged
                                || (it.requirements().intersects(requirements)
                                        && it.hasAvailableOffering(zone, capacityType)));
                if (keep[i]) {
                    keptCount++;
                }
            }
            if (keptCount == types.size()) {
                return ALL_KEPT;
            }
            List<InstanceType> kept = new ArrayList<>(keptCount);
            long[][] keptAlloc = new long[keptCount][];
            for (int i = 0; i < types.size(); i++) {
                if (keep[i]) {
                    keptAlloc[kept.size()] = alloc[i];
                    kept.add(types.get(i));
                }
            }
            return new Kept(kept, keptAlloc);
        }

        /** An instance type's allocatable in the solve's dimensions, computed once per type. */
        private long[] allocatable(InstanceType it) {
            long[] v = allocatableVectors.get(it);
            if (v == null) {
                v = vector(it.allocatable(), dims);
                allocatableVectors.put(it, v);
            }
            return v;
        }

        /** The allocatable vectors of {@code types}, index for index. */
        private long[][] allocatable(List<InstanceType> types) {
            long[][] alloc = new long[types.size()][];
            for (int i = 0; i < alloc.length; i++) {
                alloc[i] = allocatable(types.get(i));
            }
            return alloc;
        }

        /** Component-wise largest of {@code alloc}, minus {@code requests}, in the solve's dimensions. */
        private long[] room(long[][] alloc, Resources requests) {
            long[] room = new long[dims.length];
            Arrays.fill(room, Long.MIN_VALUE);
            for (long[] a : alloc) {
                for (int d = 0; d < dims.length; d++) {
                    room[d] = Math.max(room[d], a[d]);
                }
            }
            long[] r = vector(requests, dims);
            for (int d = 0; d < dims.length; d++) {
                room[d] -= r[d];
            }
            return room;
        }

        /** Karpenter's instance-type filter error ([K] nodeclaim.go InstanceTypeFilterError), plus a hint. */
        private String explain(List<InstanceType> types, Requirements requirements, Resources total) {
            boolean reqs = false,
                    fits = false,
                    offering = false,
                    reqsFits = false,
                    reqsOffering = false,
                    fitsOffering = false;
            InstanceType largest = null;
            for (InstanceType it : types) {
                boolean r = it.requirements().intersects(requirements);
                boolean f = total.fitsIn(it.allocatable());
                boolean o = it.hasCompatibleAvailableOffering(requirements);
                reqs |= r;
                fits |= f;
                offering |= o;
                reqsFits |= r && f;
                reqsOffering |= r && o;
                fitsOffering |= f && o;
                if (r && o) {
                    if (largest == null || isLarger(it.allocatable(), largest.allocatable())) {
                        largest = it;
                    }
                }
            }
            String message;
            if (!reqs && !fits && !offering) {
                message =
                        "no instance type met the scheduling requirements or had enough resources or had a required offering";
            } else if (!reqs && !fits) {
                message = "no instance type met the scheduling requirements or had enough resources";
            } else if (!reqs && !offering) {
                message = "no instance type met the scheduling requirements or had a required offering";
            } else if (!fits && !offering) {
                message = "no instance type had enough resources or had a required offering";
            } else if (!reqs) {
                message = "no instance type met all requirements";
            } else if (!fits) {
                message = "no instance type has enough resources";
                if (total.cpuMillis() >= 1_000_000_000L) {
                    message += " (CPU request >= 1 Million, m vs M typo?)";
                }
            } else if (!offering) {
                message = "no instance type has the required offering";
            } else if (reqsFits) {
                message =
                        "no instance type which met the scheduling requirements and had enough resources, had a required offering";
            } else if (fitsOffering) {
                message =
                        "no instance type which had enough resources and the required offering met the scheduling requirements";
            } else if (reqsOffering) {
                message =
                        "no instance type which met the scheduling requirements and the required offering had the required resources";
            } else {
                message = "no instance type met the requirements/resources/offering tuple";
            }
            if (largest != null && (!fits || reqsOffering)) {
                message += " (largest compatible instance type: " + largest.name() + ", allocatable "
                        + largest.allocatable() + ")";
            }
            return message + ", requirements=" + requirements + ", resources=" + total;
        }

        /** Orders types for the "largest compatible" hint: more CPU, then more memory. */
        private static boolean isLarger(Resources a, Resources b) {
            return a.cpuMillis() != b.cpuMillis() ? a.cpuMillis() > b.cpuMillis() : a.memoryBytes() > b.memoryBytes();
        }

        /**
         * Karpenter's {@code SatisfiesMinValues}: every key with minValues needs that many distinct values across the
         * kept instance types. Returns the error, or null when satisfied.
         */
        private String minValuesError(List<InstanceType> kept, Requirements requirements) {
            List<String> unmet = null;
            for (Requirement r : requirements.values()) {
                Integer min = r.minValues();
                if (min == null) {
                    continue;
                }
                Set<String> distinct = new HashSet<>();
                for (InstanceType it : kept) {
                    Requirement own = it.requirements().get(r.key());
                    if (!own.isComplement()) {
                        for (String v : own.values()) {
                            if (r.has(v)) {
                                distinct.add(v);
                            }
                        }
                    }
                    if (distinct.size() >= min) {
                        break;
                    }
                }
                if (distinct.size() < min) {
                    if (unmet == null) {
                        unmet = new ArrayList<>();
                    }
                    unmet.add(r.key());
                }
            }
            if (unmet == null) {
                return null;
            }
            unmet.sort(null);
            return "minValues requirement is not met for label(s) (label(s)=" + unmet + ")";
        }

        /**
         * The requests of compatible DaemonSets not yet running on an existing node. A DaemonSet is compatible when it
         * tolerates the node's effective taints (startup and ephemeral taints do not count while the node is
         * uninitialized, as in Karpenter's cluster state) and the node's labels meet its strict requirements ([K]
         * existingnode.go).
         */
        private Resources unboundDaemonOverhead(ExistingNode n) {
            Resources missing = Resources.NONE;
            Requirements labels = Requirements.fromLabels(n.labels());
            for (DaemonSet ds : daemonSets) {
                Pod template = ds.template();
                if (Toleration.firstUntolerated(
                                n.effectiveTaints(), template.spec().tolerations())
                        .isPresent()) {
                    continue;
                }
                if (!labels.isCompatible(strictOf(template), Set.of())) {
                    continue;
                }
                boolean running = n.pods().stream()
                        .anyMatch(p -> p.metadata()
                                .controller()
                                .map(o -> o.kind().equals("DaemonSet")
                                        && o.name().equals(ds.metadata().name()))
                                .orElse(false));
                if (!running) {
                    missing = missing.plus(podRequests(template));
                }
            }
            return missing;
        }

        private Requirements strictOf(Pod pod) {
            return PodConstraints.of(pod).strictRequirements();
        }

        /** The domain universe of every topology key pending pods use ([K] buildDomainGroups). */
        private List<Topology.Domain> domains() {
            Set<String> keys = new TreeSet<>();
            for (PodState p : pods) {
                for (TopologySpreadConstraint s : p.pod.spec().topologySpreadConstraints()) {
                    keys.add(s.topologyKey());
                }
                for (PodAffinityTerm t : p.constraints.podAffinity()) {
                    keys.add(t.topologyKey());
                }
                for (PodAffinityTerm t : p.constraints.podAntiAffinity()) {
                    keys.add(t.topologyKey());
                }
            }
            for (ExistingNode n : existingNodes) {
                for (Pod p : n.pods()) {
                    for (PodAffinityTerm t : p.spec().affinity().requiredPodAntiAffinity()) {
                        keys.add(t.topologyKey());
                    }
                }
            }
            List<Topology.Domain> out = new ArrayList<>();
            for (String key : keys) {
                for (NodeClaimTemplate t : templates) {
                    Set<String> values = new TreeSet<>();
                    Requirement own = t.requirements().get(key);
                    if (own.operator() == NodeSelectorOperator.IN) {
                        values.addAll(own.values());
                    }
                    for (InstanceType it : t.instanceTypes()) {
                        if (!it.requirements().has(key)) {
                            continue;
                        }
                        Requirement both = own.intersection(it.requirements().get(key));
                        if (!both.isComplement()) {
                            values.addAll(both.values());
                        }
                    }
                    for (String v : values) {
                        out.add(new Topology.Domain(key, v, t.taints()));
                    }
                }
                for (NodeSlot n : nodes) {
                    String v = n.node.labels().get(key);
                    if (v != null) {
                        out.add(new Topology.Domain(key, v, n.node.taints(), n.requirements));
                    }
                }
            }
            return out;
        }

        private SchedulingResult result() {
            List<PlannedNodeClaim> planned = new ArrayList<>();
            List<ClaimSlot> byCreation = new ArrayList<>(claims);
            byCreation.sort(Comparator.comparingInt(c -> c.creationIndex));
            for (ClaimSlot c : byCreation) {
                Requirements requirements = c.requirements.without(Labels.HOSTNAME);
                Requirement zone = requirements.get(Labels.TOPOLOGY_ZONE);
                Requirement capacityType = requirements.get(Labels.CAPACITY_TYPE);
                List<Priced> priced = new ArrayList<>(c.types.size());
                for (InstanceType it : c.types) {
                    priced.add(new Priced(it, it.cheapestAvailablePrice(zone, capacityType)));
                }
                priced.sort(BY_PRICE_THEN_NAME);
                List<InstanceType> ordered = new ArrayList<>(priced.size());
                for (Priced x : priced) {
                    ordered.add(x.type());
                }
                planned.add(new PlannedNodeClaim(
                        c.template,
                        requirements,
                        ordered,
                        c.pods,
                        c.requests.minus(c.daemonOverhead),
                        c.daemonOverhead));
            }
            Map<String, List<Pod>> onExisting = new LinkedHashMap<>();
            for (NodeSlot n : nodes) {
                if (!n.added.isEmpty()) {
                    onExisting.put(n.node.name(), List.copyOf(n.added));
                }
            }
            List<PodError> podErrors = new ArrayList<>(invalid);
            Map<String, PodState> byKey = new HashMap<>();
            pods.forEach(p -> byKey.put(p.key, p));
            errors.forEach((key, reason) -> podErrors.add(new PodError(byKey.get(key).pod, reason)));
            return new SchedulingResult(planned, onExisting, podErrors, relaxations, attempts);
        }
    }

    /** The reason of a failed attempt while not explaining; final reasons are computed for pods that stay unplaced. */
    private static final String UNSCHEDULABLE = "unschedulable";

    /** Karpenter's queue order ([K] queue.go): CPU, then memory, descending; older first; then UID; then input. */
    private static final Comparator<PodState> QUEUE_ORDER = Comparator.comparingLong(
                    (PodState p) -> -p.pod.spec().requests().cpuMillis())
            .thenComparingLong(p -> -p.pod.spec().requests().memoryBytes())
            .thenComparing(p -> p.pod.metadata().creationTimestamp(), Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(p -> p.pod.metadata().uid())
            .thenComparingInt(p -> p.index);
}
