package dev.fleetwright.testing;

import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.NodeClaim;
import dev.fleetwright.core.api.NodeClaimPhase;
import dev.fleetwright.core.api.corev1.DaemonSet;
import dev.fleetwright.core.api.corev1.Node;
import dev.fleetwright.core.api.corev1.ObjectMeta;
import dev.fleetwright.core.api.corev1.OwnerReference;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.PodStatus;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.api.corev1.Taint;
import dev.fleetwright.core.api.corev1.TaintEffect;
import dev.fleetwright.core.api.load.LoadResult;
import dev.fleetwright.core.cloudprovider.CloudInstance;
import dev.fleetwright.core.cloudprovider.InstanceType;
import dev.fleetwright.core.scheduling.ExistingNode;
import dev.fleetwright.core.scheduling.Requirement;
import dev.fleetwright.core.scheduling.Scheduler;
import dev.fleetwright.core.scheduling.SchedulingResult;
import dev.fleetwright.core.state.ClusterState;
import dev.fleetwright.core.state.ConflictException;
import dev.fleetwright.core.state.NodeClaimStore;
import dev.fleetwright.core.state.NodeOperations;
import dev.fleetwright.core.state.VersionedNodeClaim;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A Kubernetes cluster on the virtual clock: the API server's objects (nodes, pods, DaemonSets, namespaces,
 * PodDisruptionBudgets) and the controllers that move them, for the simulator and for specs that need a cluster that
 * reacts. Nothing runs on its own: {@link #step()} (or {@link #advance}) does everything that is due at the clock's
 * current time, so runs are deterministic. Not thread-safe.
 *
 * <ul>
 *   <li><b>kube-scheduler</b>: binds pending pods to Ready, uncordoned nodes whose taints they tolerate and where they
 *       fit, with core's {@link Scheduler} run without NodePool templates over the nodes as {@link ExistingNode}s. A
 *       bound pod turns Running after {@link Settings#podStartDelay()}. A pod that finds no room is marked {@link
 *       PodStatus#UNSCHEDULABLE}.
 *   <li><b>kubelet and registration</b>: each instance the {@link SimulatedEc2} launched for a NodeClaim of this
 *       cluster (phase Launched) becomes a Ready node {@link Settings#registrationDelay()} after its launch, with the
 *       NodeClaim's labels, the instance type's single-valued well-known labels, zone, capacity type, hostname and
 *       NodePool, the NodeClaim's capacity and allocatable, and its taints and startup taints ({@code
 *       karpenter.sh/unregistered} is already gone: the moment between the kubelet creating the node and its
 *       registration is not modelled). The NodeClaim record moves to Registered. {@link
 *       Settings#initializationDelay()} later the startup taints are removed and the record moves to Initialized.
 *   <li><b>Eviction API</b> ({@link #evict}): UID precondition; pods that are Pending, finished or already being
 *       deleted are deleted without looking at budgets (the API server's {@code canIgnorePDB}); otherwise more than one
 *       budget selecting the pod is {@link EvictionResult#MISCONFIGURED_BUDGETS}, and a budget with no disruption
 *       allowed is {@link EvictionResult#BLOCKED_BY_DISRUPTION_BUDGET}. An evicted pod is marked terminating
 *       (deletionTimestamp = now + its {@code terminationGracePeriodSeconds}) and removed at that time; on a NotReady
 *       node no kubelet confirms the deletion, so it stays until the node is deleted.
 *   <li><b>ReplicaSet controller</b>: a pod controlled by a ReplicaSet or Deployment that is evicted or deleted is
 *       replaced at once by a new pending pod (new name suffix and UID, same labels and spec, {@link
 *       PodStatus#UNSCHEDULABLE}), because a pod being deleted no longer counts as a replica.
 *   <li><b>Node lifecycle</b>: a node whose instance EC2 terminated (see {@link SimulatedEc2#reclaim}) goes NotReady
 *       with {@code node.kubernetes.io/unreachable:NoSchedule} and is deleted {@link Settings#nodeLostGrace()} later
 *       with its pods. That loss is involuntary and never counts against a budget.
 *   <li><b>PodDisruptionBudgets</b> ({@link #pdbStatus}): the disruption controller's arithmetic. A pod is healthy
 *       when bound, Running, not being deleted and on a Ready node. Expected pods are the summed replicas of the
 *       selected pods' controllers (the number of selected pods for an integer {@code minAvailable}); desired healthy
 *       is {@code minAvailable}, or expected − {@code maxUnavailable}, percentages rounded up; allowed disruptions =
 *       healthy − desired, at least 0. A selected pod without a known controller when the scale is needed makes the
 *       budget allow nothing (the controller's fail-safe: "found no controllers for pod").
 *   <li><b>Budget violation detector</b>: every voluntary removal of a healthy pod (eviction, {@link #deletePod},
 *       {@link #deleteNode}) is checked, at the moment it happens, against every budget selecting the pod: if the
 *       budget allowed no disruption just before, the removal brought (or kept) the healthy count below desired
 *       because of a voluntary action, and a {@link PdbViolation} is recorded. Involuntary losses (a lost node) are
 *       recorded as {@link Disruption}s with {@code voluntary = false} and never checked.
 * </ul>
 *
 * <p>DaemonSets are objects only (their pods' requests are overhead for the schedulers); their pods are not created.
 * Tests add DaemonSet pods directly when they need them.
 */
public final class SimulatedCluster implements ClusterState, NodeOperations {

    /**
     * Timings of the simulated controllers.
     *
     * @param registrationDelay from an instance's launch to its node registering (Karpenter's typical 30–60 s)
     * @param initializationDelay from registration to initialization (startup taints removed)
     * @param podStartDelay from binding to Running
     * @param nodeLostGrace from an instance vanishing to its NotReady node being deleted with its pods
     */
    public record Settings(
            Duration registrationDelay, Duration initializationDelay, Duration podStartDelay, Duration nodeLostGrace) {

        /** 45 s registration, 5 s initialization, 2 s pod start, 40 s node loss grace. */
        public static final Settings DEFAULT = new Settings(
                Duration.ofSeconds(45), Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(40));

        /** @throws IllegalArgumentException if a duration is negative */
        public Settings {
            for (Duration d : List.of(
                    Objects.requireNonNull(registrationDelay, "registrationDelay"),
                    Objects.requireNonNull(initializationDelay, "initializationDelay"),
                    Objects.requireNonNull(podStartDelay, "podStartDelay"),
                    Objects.requireNonNull(nodeLostGrace, "nodeLostGrace"))) {
                if (d.isNegative()) {
                    throw new IllegalArgumentException("durations must not be negative, got " + d);
                }
            }
        }
    }

    /** How a pod left (or started leaving) the cluster. */
    public enum DisruptionKind {
        /** Evicted through the Eviction API (voluntary). */
        EVICTION,
        /** Deleted directly (voluntary). */
        DELETION,
        /** Removed with its node when the node object was deleted through the API (voluntary). */
        NODE_DELETION,
        /** Removed with its node after the instance vanished (involuntary). */
        NODE_LOST
    }

    /**
     * A pod leaving the cluster.
     *
     * @param at when
     * @param podKey the pod's {@code namespace/name}
     * @param nodeName the node it was bound to; empty when unbound
     * @param kind how
     * @param wasHealthy whether it counted as healthy for budgets just before
     */
    public record Disruption(Instant at, String podKey, String nodeName, DisruptionKind kind, boolean wasHealthy) {
        /** Whether a voluntary action caused it (everything but a lost node). */
        public boolean voluntary() {
            return kind != DisruptionKind.NODE_LOST;
        }
    }

    /**
     * A voluntary removal of a healthy pod while a budget selecting it allowed no disruption.
     *
     * @param at when
     * @param pdb the budget's {@code namespace/name}
     * @param podKey the pod
     * @param kind the voluntary action
     * @param healthyBefore the budget's healthy count just before
     * @param desiredHealthy the budget's desired healthy count
     */
    public record PdbViolation(
            Instant at, String pdb, String podKey, DisruptionKind kind, int healthyBefore, int desiredHealthy) {}

    /**
     * One call of the Eviction API.
     *
     * @param at when
     * @param podKey the pod named
     * @param result the answer
     */
    public record EvictionCall(Instant at, String podKey, EvictionResult result) {}

    /**
     * A budget's status, as the disruption controller would write it.
     *
     * @param expectedPods the controllers' summed replicas (selected pods for an integer minAvailable)
     * @param currentHealthy selected pods that are healthy
     * @param desiredHealthy how many must stay healthy
     * @param disruptionsAllowed how many may be evicted now
     * @param syncFailed whether the scale could not be computed (a selected pod has no known controller)
     */
    public record PdbStatus(
            int expectedPods, int currentHealthy, int desiredHealthy, int disruptionsAllowed, boolean syncFailed) {}

    /** A pod bound to a node but not started: {@code PodScheduled=True}, phase Pending. */
    static final PodStatus STARTING =
            new PodStatus("Pending", List.of(new PodStatus.Condition("PodScheduled", "True", "")), "");

    /** The taint the node lifecycle controller puts on a node that stopped reporting. */
    public static final Taint UNREACHABLE = new Taint("node.kubernetes.io/unreachable", "", TaintEffect.NO_SCHEDULE);

    /** Controllers whose pods the simulated ReplicaSet controller re-creates. */
    private static final Set<String> REPLICATED_KINDS = Set.of("ReplicaSet", "Deployment");

    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private final String clusterName;
    private final MutableClock clock;
    private final SimulatedEc2 ec2;
    private final NodeClaimStore store;
    private final Settings settings;
    private LoadResult config;

    private final Map<String, Pod> pods = new LinkedHashMap<>();
    private final Map<String, Instant> runningAt = new HashMap<>();
    private final Map<String, SimNode> nodes = new TreeMap<>();
    private final List<DaemonSet> daemonSets = new ArrayList<>();
    private final Map<String, Map<String, String>> namespaces = new TreeMap<>();
    private final Map<String, PodDisruptionBudget> pdbs = new LinkedHashMap<>();
    private final Map<String, Controller> controllers = new LinkedHashMap<>();
    private final Map<String, Integer> attachedVolumes = new HashMap<>();
    private final Set<String> registeredInstances = new HashSet<>();
    private final List<Disruption> disruptions = new ArrayList<>();
    private final List<PdbViolation> violations = new ArrayList<>();
    private final List<EvictionCall> evictionCalls = new ArrayList<>();
    private long uids;
    private long names;
    private long nodeNames;
    private long generation;
    private long unschedulableAtGeneration = -1;

    /** A node and what the simulation knows about it. */
    private static final class SimNode {
        Node node;
        final String nodeClaimName;
        Instant initializeAt;
        Instant lostAt;

        SimNode(Node node, String nodeClaimName, Instant initializeAt) {
            this.node = node;
            this.nodeClaimName = nodeClaimName;
            this.initializeAt = initializeAt;
        }
    }

    /** A ReplicaSet (or Deployment) the simulated controller keeps at its replica count. */
    private static final class Controller {
        final OwnerReference owner;
        final String namespace;
        final Pod template;
        int replicas;

        Controller(OwnerReference owner, String namespace, Pod template, int replicas) {
            this.owner = owner;
            this.namespace = namespace;
            this.template = template;
            this.replicas = replicas;
        }
    }

    /**
     * @param clusterName the cluster whose NodeClaims' instances register here
     * @param clock the virtual clock shared with the use cases
     * @param ec2 the simulated EC2 whose instances become nodes
     * @param store the NodeClaim records moved to Registered and Initialized
     * @param config the NodePools and EC2NodeClasses
     * @param settings controller timings
     */
    public SimulatedCluster(
            String clusterName,
            MutableClock clock,
            SimulatedEc2 ec2,
            NodeClaimStore store,
            LoadResult config,
            Settings settings) {
        this.clusterName = Objects.requireNonNull(clusterName, "clusterName");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ec2 = Objects.requireNonNull(ec2, "ec2");
        this.store = Objects.requireNonNull(store, "store");
        this.config = Objects.requireNonNull(config, "config");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    // ---------------------------------------------------------------- objects

    /** Replaces the NodePools and EC2NodeClasses. */
    public void setConfig(LoadResult newConfig) {
        config = Objects.requireNonNull(newConfig, "config");
    }

    /** Adds or replaces a namespace with its labels. */
    public void putNamespace(String name, Map<String, String> labels) {
        namespaces.put(name, Map.copyOf(labels));
    }

    /** Adds a DaemonSet (an object only: its pods are not created). */
    public void addDaemonSet(DaemonSet daemonSet) {
        daemonSets.add(Objects.requireNonNull(daemonSet, "daemonSet"));
        generation++;
    }

    /**
     * Adds or replaces a PodDisruptionBudget.
     *
     * @param pdb the budget
     */
    public void putPodDisruptionBudget(PodDisruptionBudget pdb) {
        pdbs.put(pdb.key(), pdb);
    }

    /**
     * Creates a Deployment's ReplicaSet and its pending pods, as {@code kubectl apply} of a Deployment would: pods
     * named {@code <name>-<template hash>-<suffix>}, controlled by the ReplicaSet {@code <name>-<template hash>},
     * with the template's labels plus {@code pod-template-hash}.
     *
     * @param namespace the namespace
     * @param name the Deployment name
     * @param replicas how many pods, at least 0
     * @param template the pod template: its labels, annotations and spec are copied (name and status ignored)
     * @return the pods created
     * @throws IllegalArgumentException if replicas is negative or the Deployment exists
     */
    public List<Pod> createDeployment(String namespace, String name, int replicas, Pod template) {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must not be negative, got " + replicas);
        }
        String hash = String.format("%010x", Integer.toUnsignedLong(name.hashCode()) * 31 + 7);
        String rsName = name + "-" + hash.substring(hash.length() - 10);
        OwnerReference owner = new OwnerReference("apps/v1", "ReplicaSet", rsName, nextUid(), true);
        String key = controllerKey(namespace, owner);
        if (controllers.containsKey(key)) {
            throw new IllegalArgumentException("Deployment " + namespace + "/" + name + " already exists");
        }
        Map<String, String> labels = new TreeMap<>(template.metadata().labels());
        labels.put("pod-template-hash", hash.substring(hash.length() - 10));
        Pod t = new Pod(
                new ObjectMeta(
                        rsName, namespace, "", labels, template.metadata().annotations(), List.of(owner), null, null),
                template.spec().withNodeName(""),
                PodStatus.UNSCHEDULABLE);
        controllers.put(key, new Controller(owner, namespace, t, replicas));
        return reconcileController(key);
    }

    /**
     * Adds a pod as given (pending or bound to an existing node); a missing UID and creation time are filled in. A pod
     * controlled by a ReplicaSet or Deployment the cluster does not know yet registers that controller, whose replica
     * count grows with each such pod added.
     *
     * @param pod the pod
     * @return the pod as stored
     * @throws IllegalArgumentException if a pod with that key exists, or it is bound to an unknown node
     */
    public Pod addPod(Pod pod) {
        if (pods.containsKey(pod.key())) {
            throw new IllegalArgumentException("pod " + pod.key() + " already exists");
        }
        if (pod.isBound() && !nodes.containsKey(pod.spec().nodeName())) {
            throw new IllegalArgumentException("pod " + pod.key() + " is bound to unknown node "
                    + pod.spec().nodeName());
        }
        ObjectMeta m = pod.metadata();
        Pod stored = new Pod(
                new ObjectMeta(
                        m.name(),
                        m.namespace(),
                        m.uid().isEmpty() ? nextUid() : m.uid(),
                        m.labels(),
                        m.annotations(),
                        m.ownerReferences(),
                        m.creationTimestamp() == null ? clock.instant() : m.creationTimestamp(),
                        m.deletionTimestamp()),
                pod.spec(),
                pod.status());
        pods.put(stored.key(), stored);
        generation++;
        m.controller().filter(o -> REPLICATED_KINDS.contains(o.kind())).ifPresent(o -> {
            Controller c = controllers.get(controllerKey(m.namespace(), o));
            if (c == null) {
                controllers.put(
                        controllerKey(m.namespace(), o), new Controller(o, m.namespace(), templateOf(stored), 1));
            } else {
                c.replicas++;
            }
        });
        return stored;
    }

    /**
     * Adds a node that no NodeClaim launched (a managed node group's node, or a fixture).
     *
     * @param node the node
     * @throws IllegalArgumentException if a node of that name exists
     */
    public void addNode(Node node) {
        if (nodes.containsKey(node.name())) {
            throw new IllegalArgumentException("node " + node.name() + " already exists");
        }
        nodes.put(node.name(), new SimNode(node, "", null));
        generation++;
    }

    /**
     * Makes {@link #attachedVolumes} report this many volumes on the node until changed.
     *
     * @param node the node name
     * @param count the number of VolumeAttachments naming it, at least 0
     */
    public void setAttachedVolumes(String node, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, got " + count);
        }
        attachedVolumes.put(node, count);
    }

    // ---------------------------------------------------------------- reads

    /** Every pod, in creation order. */
    public List<Pod> pods() {
        return List.copyOf(pods.values());
    }

    /** The pod with this {@code namespace/name}, if it exists. */
    public Optional<Pod> pod(String key) {
        return Optional.ofNullable(pods.get(key));
    }

    @Override
    public Optional<Node> node(String name) {
        SimNode n = nodes.get(name);
        return n == null ? Optional.empty() : Optional.of(n.node);
    }

    /** The NodeClaim a node registered for; empty for nodes added directly. */
    public Optional<String> nodeClaimOf(String nodeName) {
        SimNode n = nodes.get(nodeName);
        return n == null || n.nodeClaimName.isEmpty() ? Optional.empty() : Optional.of(n.nodeClaimName);
    }

    /** Whether the pod counts as healthy for budgets: bound, Running, not being deleted, on a Ready node. */
    public boolean isHealthy(Pod p) {
        if (!p.isBound() || p.isTerminating() || !p.status().phase().equals("Running")) {
            return false;
        }
        SimNode n = nodes.get(p.spec().nodeName());
        return n != null && n.node.ready();
    }

    /**
     * The status of a budget now.
     *
     * @param pdbKey the budget's {@code namespace/name}
     * @return its status
     * @throws IllegalArgumentException if no such budget exists
     */
    public PdbStatus pdbStatus(String pdbKey) {
        PodDisruptionBudget pdb = pdbs.get(pdbKey);
        if (pdb == null) {
            throw new IllegalArgumentException("no PodDisruptionBudget " + pdbKey);
        }
        return statusOf(pdb);
    }

    private PdbStatus statusOf(PodDisruptionBudget pdb) {
        List<Pod> selected = pods.values().stream().filter(pdb::selects).toList();
        int healthy = (int) selected.stream().filter(this::isHealthy).count();
        int expected;
        if (pdb.needsScale()) {
            Map<String, Integer> scale = new LinkedHashMap<>();
            for (Pod p : selected) {
                Optional<OwnerReference> owner = p.metadata().controller();
                Controller c = owner.map(o -> controllers.get(controllerKey(p.namespace(), o)))
                        .orElse(null);
                if (c == null) {
                    return new PdbStatus(0, healthy, healthy, 0, true);
                }
                scale.put(controllerKey(c.namespace, c.owner), c.replicas);
            }
            expected = scale.values().stream().mapToInt(Integer::intValue).sum();
        } else {
            expected = selected.size();
        }
        int desired = pdb.desiredHealthy(expected);
        return new PdbStatus(expected, healthy, desired, Math.max(0, healthy - desired), false);
    }

    /** Every pod removal so far, voluntary or not, in order. */
    public List<Disruption> disruptions() {
        return List.copyOf(disruptions);
    }

    /** Every call of the Eviction API so far, refused ones included, in order. */
    public List<EvictionCall> evictionCalls() {
        return List.copyOf(evictionCalls);
    }

    /** Every budget violation so far, in order. */
    public List<PdbViolation> pdbViolations() {
        return List.copyOf(violations);
    }

    // ---------------------------------------------------------------- ClusterState

    @Override
    public LoadResult nodePoolsAndNodeClasses() {
        return config;
    }

    @Override
    public List<Pod> unboundPods() {
        return pods.values().stream()
                .filter(p -> !p.isBound() && !p.isTerminal())
                .toList();
    }

    @Override
    public List<Pod> boundPods() {
        return pods.values().stream().filter(Pod::isBound).toList();
    }

    @Override
    public List<Node> nodes() {
        return nodes.values().stream().map(n -> n.node).toList();
    }

    @Override
    public List<DaemonSet> daemonSets() {
        return List.copyOf(daemonSets);
    }

    @Override
    public Map<String, Map<String, String>> namespaceLabels() {
        return Map.copyOf(namespaces);
    }

    // ---------------------------------------------------------------- NodeOperations

    @Override
    public void addTaint(String node, Taint taint) {
        SimNode n = existing(node);
        if (n.node.taints().stream().anyMatch(t -> t.matchesKeyAndEffect(taint))) {
            return;
        }
        List<Taint> taints = new ArrayList<>(n.node.taints());
        taints.add(taint);
        n.node = withTaints(n.node, taints);
        generation++;
    }

    @Override
    public void removeTaint(String node, Taint taint) {
        SimNode n = existing(node);
        List<Taint> taints = new ArrayList<>(n.node.taints());
        if (taints.removeIf(t -> t.matchesKeyAndEffect(taint))) {
            n.node = withTaints(n.node, taints);
            generation++;
        }
    }

    @Override
    public void setLabel(String node, String key, String value) {
        SimNode n = existing(node);
        Map<String, String> labels = new TreeMap<>(n.node.metadata().labels());
        labels.put(key, value);
        n.node = new Node(
                n.node.metadata().withLabels(labels),
                n.node.providerId(),
                n.node.taints(),
                n.node.unschedulable(),
                n.node.capacity(),
                n.node.allocatable(),
                n.node.ready());
        generation++;
    }

    @Override
    public List<Pod> podsOn(String node) {
        return pods.values().stream()
                .filter(p -> p.spec().nodeName().equals(node))
                .toList();
    }

    @Override
    public EvictionResult evict(Pod pod) {
        EvictionResult result = evictionOf(pod);
        evictionCalls.add(new EvictionCall(clock.instant(), pod.key(), result));
        return result;
    }

    private EvictionResult evictionOf(Pod pod) {
        Pod current = pods.get(pod.key());
        if (current == null) {
            return EvictionResult.NOT_FOUND;
        }
        if (!pod.metadata().uid().isEmpty()
                && !pod.metadata().uid().equals(current.metadata().uid())) {
            return EvictionResult.UID_CHANGED;
        }
        if (current.isTerminating()) {
            return EvictionResult.EVICTED;
        }
        if (!canIgnoreBudgets(current)) {
            List<PodDisruptionBudget> selecting =
                    pdbs.values().stream().filter(b -> b.selects(current)).toList();
            if (selecting.size() > 1) {
                return EvictionResult.MISCONFIGURED_BUDGETS;
            }
            if (selecting.size() == 1) {
                PdbStatus status = statusOf(selecting.get(0));
                boolean allowed = isHealthy(current)
                        ? status.disruptionsAllowed() > 0
                        // IfHealthyBudget: an unhealthy pod may go while the application is not disrupted.
                        : !status.syncFailed() && status.currentHealthy() >= status.desiredHealthy();
                if (!allowed) {
                    return EvictionResult.BLOCKED_BY_DISRUPTION_BUDGET;
                }
            }
        }
        delete(current, current.spec().terminationGracePeriodSeconds(), DisruptionKind.EVICTION);
        return EvictionResult.EVICTED;
    }

    /** The API server's {@code canIgnorePDB}: finished, Pending, or already being deleted. */
    private static boolean canIgnoreBudgets(Pod p) {
        return p.isTerminal() || p.status().phase().equals("Pending") || p.isTerminating();
    }

    @Override
    public void deletePod(Pod pod, long gracePeriodSeconds) {
        if (gracePeriodSeconds < 0) {
            throw new IllegalArgumentException("gracePeriodSeconds must not be negative, got " + gracePeriodSeconds);
        }
        Pod current = pods.get(pod.key());
        if (current == null
                || (!pod.metadata().uid().isEmpty()
                        && !pod.metadata().uid().equals(current.metadata().uid()))) {
            return;
        }
        delete(current, gracePeriodSeconds, DisruptionKind.DELETION);
    }

    @Override
    public int attachedVolumes(String node) {
        return attachedVolumes.getOrDefault(node, 0);
    }

    @Override
    public void deleteNode(String node) {
        removeNode(node, DisruptionKind.NODE_DELETION);
    }

    private SimNode existing(String node) {
        SimNode n = nodes.get(node);
        if (n == null) {
            throw new NotFoundException("node " + node + " does not exist");
        }
        return n;
    }

    // ---------------------------------------------------------------- deletion and the ReplicaSet controller

    /**
     * Starts deleting a pod: records the disruption (and a violation when voluntary and a budget allowed nothing),
     * sets its deletionTimestamp (an unbound pod goes at once, no kubelet has to stop it) and lets its controller
     * replace it.
     */
    private void delete(Pod p, long graceSeconds, DisruptionKind kind) {
        Instant now = clock.instant();
        if (p.isTerminating()) {
            Instant sooner = now.plusSeconds(graceSeconds);
            if (sooner.isBefore(p.metadata().deletionTimestamp())) {
                pods.put(p.key(), withDeletionTimestamp(p, sooner));
                generation++;
            }
            return;
        }
        recordDisruption(p, kind, now);
        if (!p.isBound()) {
            pods.remove(p.key());
            runningAt.remove(p.key());
        } else {
            pods.put(p.key(), withDeletionTimestamp(p, now.plusSeconds(graceSeconds)));
        }
        generation++;
        p.metadata()
                .controller()
                .map(o -> controllerKey(p.namespace(), o))
                .filter(controllers::containsKey)
                .ifPresent(this::reconcileController);
    }

    private void recordDisruption(Pod p, DisruptionKind kind, Instant now) {
        boolean healthy = isHealthy(p);
        Disruption d = new Disruption(now, p.key(), p.spec().nodeName(), kind, healthy);
        if (d.voluntary() && healthy) {
            for (PodDisruptionBudget pdb : pdbs.values()) {
                if (pdb.selects(p)) {
                    PdbStatus before = statusOf(pdb);
                    if (before.disruptionsAllowed() < 1) {
                        violations.add(new PdbViolation(
                                now, pdb.key(), p.key(), kind, before.currentHealthy(), before.desiredHealthy()));
                    }
                }
            }
        }
        disruptions.add(d);
    }

    /** Creates pods until the controller has its replicas (pods being deleted do not count). */
    private List<Pod> reconcileController(String key) {
        Controller c = controllers.get(key);
        long active = pods.values().stream()
                .filter(p -> !p.isTerminating() && !p.isTerminal())
                .filter(p -> p.namespace().equals(c.namespace)
                        && p.metadata()
                                .controller()
                                .map(o -> controllerKey(c.namespace, o).equals(key))
                                .orElse(false))
                .count();
        List<Pod> created = new ArrayList<>();
        for (long i = active; i < c.replicas; i++) {
            ObjectMeta t = c.template.metadata();
            String name;
            do {
                name = c.owner.name() + "-" + suffix(names++);
            } while (pods.containsKey(c.namespace + "/" + name));
            Pod p = new Pod(
                    new ObjectMeta(
                            name,
                            c.namespace,
                            nextUid(),
                            t.labels(),
                            t.annotations(),
                            List.of(c.owner),
                            clock.instant(),
                            null),
                    c.template.spec(),
                    PodStatus.UNSCHEDULABLE);
            pods.put(p.key(), p);
            created.add(p);
        }
        if (!created.isEmpty()) {
            generation++;
        }
        return created;
    }

    /** Removes a node and its pods at once (the pod garbage collector force-deletes pods of deleted nodes). */
    private void removeNode(String name, DisruptionKind kind) {
        if (nodes.remove(name) == null) {
            return;
        }
        generation++;
        Instant now = clock.instant();
        Set<String> touched = new HashSet<>();
        for (Pod p : List.copyOf(pods.values())) {
            if (!p.spec().nodeName().equals(name)) {
                continue;
            }
            if (!p.isTerminating()) {
                recordDisruption(p, kind, now);
            }
            pods.remove(p.key());
            runningAt.remove(p.key());
            p.metadata()
                    .controller()
                    .map(o -> controllerKey(p.namespace(), o))
                    .filter(controllers::containsKey)
                    .ifPresent(touched::add);
        }
        touched.stream().sorted().forEach(this::reconcileController);
    }

    // ---------------------------------------------------------------- time

    /**
     * Moves the clock forward in steps of at most one second, stepping the cluster after each.
     *
     * @param duration how far, not negative
     */
    public void advance(Duration duration) {
        Instant end = clock.instant().plus(duration);
        while (clock.instant().isBefore(end)) {
            Instant next = clock.instant().plusSeconds(1);
            clock.set(next.isAfter(end) ? end : next);
            step();
        }
    }

    /**
     * Sets the clock to {@code now} and does what is due.
     *
     * @param now the time, not before the clock's
     * @throws IllegalArgumentException if {@code now} is before the clock's time
     */
    public void step(Instant now) {
        clock.set(now);
        step();
    }

    /**
     * Does everything due at the clock's time: removes pods whose grace period ended, starts bound pods, handles lost
     * instances, registers and initializes nodes, and binds pending pods.
     */
    public void step() {
        Instant now = clock.instant();
        removeDeletedPods(now);
        startPods(now);
        loseNodes(now);
        registerNodes(now);
        initializeNodes(now);
        schedulePods(now);
    }

    /** Pods whose grace ended go, unless their node is NotReady: no kubelet confirms, they wait for the node. */
    private void removeDeletedPods(Instant now) {
        for (Pod p : List.copyOf(pods.values())) {
            SimNode n = nodes.get(p.spec().nodeName());
            if (p.isTerminating() && !now.isBefore(p.metadata().deletionTimestamp()) && (n == null || n.node.ready())) {
                pods.remove(p.key());
                runningAt.remove(p.key());
                generation++;
            }
        }
    }

    private void startPods(Instant now) {
        for (Map.Entry<String, Instant> e : List.copyOf(runningAt.entrySet())) {
            if (!now.isBefore(e.getValue())) {
                Pod p = pods.get(e.getKey());
                runningAt.remove(e.getKey());
                if (p != null && p.isBound()) {
                    pods.put(p.key(), new Pod(p.metadata(), p.spec(), PodStatus.RUNNING));
                    generation++;
                }
            }
        }
    }

    private void loseNodes(Instant now) {
        for (SimNode n : List.copyOf(nodes.values())) {
            String instanceId = n.node.instanceId();
            if (instanceId.isEmpty() || !ec2.knows(instanceId) || ec2.isRunning(instanceId)) {
                continue;
            }
            if (n.lostAt == null) {
                n.lostAt = now;
                List<Taint> taints = new ArrayList<>(n.node.taints());
                if (taints.stream().noneMatch(t -> t.matchesKeyAndEffect(UNREACHABLE))) {
                    taints.add(UNREACHABLE);
                }
                Node old = n.node;
                n.node = new Node(
                        old.metadata(),
                        old.providerId(),
                        taints,
                        old.unschedulable(),
                        old.capacity(),
                        old.allocatable(),
                        false);
                generation++;
            }
            if (!now.isBefore(n.lostAt.plus(settings.nodeLostGrace()))) {
                removeNode(n.node.name(), DisruptionKind.NODE_LOST);
            }
        }
    }

    private void registerNodes(Instant now) {
        for (CloudInstance i : ec2.allInstances()) {
            if (registeredInstances.contains(i.instanceId())
                    || i.isTerminating()
                    || now.isBefore(i.launchTime().plus(settings.registrationDelay()))
                    || i.nodeClaimName() == null) {
                continue;
            }
            Optional<VersionedNodeClaim> stored = store.get(clusterName, i.nodeClaimName());
            if (stored.isEmpty()) {
                continue;
            }
            NodeClaim c = stored.get().nodeClaim();
            if (c.status().phase() != NodeClaimPhase.LAUNCHED
                    || !c.status().instanceId().equals(i.instanceId())) {
                // Launching: the record catches up later. Draining or gone: the instance is being terminated.
                continue;
            }
            String nodeName = nextNodeName();
            try {
                store.update(
                        clusterName,
                        c.withStatus(c.status().withRegistration(nodeName, now)),
                        stored.get().version());
            } catch (ConflictException e) {
                continue;
            }
            registeredInstances.add(i.instanceId());
            Node node = new Node(
                    new ObjectMeta(nodeName, "", nextUid(), nodeLabels(c, i, nodeName), Map.of(), List.of(), now, null),
                    c.status().providerId(),
                    concat(c.spec().taints(), c.spec().startupTaints()),
                    false,
                    c.status().capacity(),
                    c.status().allocatable(),
                    true);
            nodes.put(nodeName, new SimNode(node, c.name(), now.plus(settings.initializationDelay())));
            generation++;
        }
    }

    private Map<String, String> nodeLabels(NodeClaim c, CloudInstance i, String nodeName) {
        Map<String, String> labels = new TreeMap<>();
        Optional<InstanceType> type = ec2.launchedInstanceType(i.instanceId());
        type.ifPresent(t -> {
            for (Requirement r : t.requirements().values()) {
                // The kubelet and the cloud provider set the well-known labels of the instance (one value each).
                if (!r.isComplement() && r.values().size() == 1) {
                    labels.put(r.key(), r.values().iterator().next());
                }
            }
        });
        labels.putAll(c.metadata().labels());
        labels.put(Labels.INSTANCE_TYPE, c.status().instanceType());
        labels.put(Labels.TOPOLOGY_ZONE, c.status().zone());
        labels.put(Labels.CAPACITY_TYPE, c.status().capacityType());
        labels.put(Labels.HOSTNAME, nodeName);
        c.nodePoolName().ifPresent(p -> labels.put(Labels.NODE_POOL, p));
        labels.put(Labels.REGISTERED, "true");
        return labels;
    }

    private void initializeNodes(Instant now) {
        for (SimNode n : nodes.values()) {
            if (n.initializeAt == null || now.isBefore(n.initializeAt) || n.lostAt != null) {
                continue;
            }
            Optional<VersionedNodeClaim> stored = store.get(clusterName, n.nodeClaimName);
            if (stored.isEmpty()) {
                n.initializeAt = null;
                continue;
            }
            NodeClaim c = stored.get().nodeClaim();
            if (c.status().phase() == NodeClaimPhase.REGISTERED) {
                try {
                    store.update(
                            clusterName,
                            c.withStatus(c.status().withInitialization(now)),
                            stored.get().version());
                } catch (ConflictException e) {
                    continue;
                }
            }
            n.initializeAt = null;
            List<Taint> taints = n.node.taints().stream()
                    .filter(t -> c.spec().startupTaints().stream().noneMatch(s -> s.matchesKeyAndEffect(t)))
                    .toList();
            Map<String, String> labels = new TreeMap<>(n.node.metadata().labels());
            labels.put(Labels.INITIALIZED, "true");
            Node old = n.node;
            n.node = new Node(
                    old.metadata().withLabels(labels),
                    old.providerId(),
                    taints,
                    old.unschedulable(),
                    old.capacity(),
                    old.allocatable(),
                    old.ready());
            generation++;
        }
    }

    /** The kube-scheduler: core's scheduler with no templates, over every node; unplaced pods marked unschedulable. */
    private void schedulePods(Instant now) {
        List<Pod> pending = pods.values().stream()
                .filter(p -> !p.isBound() && !p.isTerminating() && !p.isTerminal())
                .toList();
        if (pending.isEmpty() || unschedulableAtGeneration == generation) {
            return;
        }
        Map<String, List<Pod>> byNode = new HashMap<>();
        for (Pod p : pods.values()) {
            if (p.isBound()) {
                byNode.computeIfAbsent(p.spec().nodeName(), k -> new ArrayList<>())
                        .add(p);
            }
        }
        List<ExistingNode> existing = new ArrayList<>();
        for (SimNode n : nodes.values()) {
            Node node = n.node;
            List<Pod> on = byNode.getOrDefault(node.name(), List.of());
            Resources requested = Resources.NONE;
            for (Pod p : on) {
                if (!p.isTerminal()) {
                    Resources r = p.spec().requests();
                    requested = requested.plus(r.with(Resources.PODS, r.pods() + 1));
                }
            }
            boolean closed =
                    !node.ready() || node.unschedulable() || node.metadata().deletionTimestamp() != null;
            existing.add(new ExistingNode(
                    node.name(),
                    node.metadata().labels().get(Labels.NODE_POOL),
                    node.metadata().labels(),
                    node.taints(),
                    List.of(),
                    node.allocatable(),
                    requested,
                    on,
                    true,
                    closed));
        }
        SchedulingResult result = new Scheduler(
                        List.of(), existing, daemonSets, namespaceLabels(), Scheduler.Options.KARPENTER)
                .solve(pending);
        Set<String> placed = new HashSet<>();
        for (Map.Entry<String, List<Pod>> e : result.existingNodePods().entrySet()) {
            for (Pod p : e.getValue()) {
                Pod current = pods.get(p.key());
                pods.put(p.key(), new Pod(current.metadata(), current.spec().withNodeName(e.getKey()), STARTING));
                runningAt.put(p.key(), now.plus(settings.podStartDelay()));
                placed.add(p.key());
            }
        }
        for (Pod p : pending) {
            if (!placed.contains(p.key()) && !p.status().failedToSchedule()) {
                pods.put(p.key(), new Pod(p.metadata(), p.spec(), PodStatus.UNSCHEDULABLE));
            }
        }
        generation++;
        if (placed.isEmpty()) {
            // Nothing changes until an object does: skip identical solves.
            unschedulableAtGeneration = generation;
        }
    }

    // ---------------------------------------------------------------- helpers

    private static String controllerKey(String namespace, OwnerReference owner) {
        return namespace + "/" + owner.kind() + "/" + owner.name();
    }

    private static Pod templateOf(Pod p) {
        ObjectMeta m = p.metadata();
        return new Pod(
                new ObjectMeta(
                        m.name(), m.namespace(), "", m.labels(), m.annotations(), m.ownerReferences(), null, null),
                p.spec().withNodeName(""),
                PodStatus.UNSCHEDULABLE);
    }

    private static Pod withDeletionTimestamp(Pod p, Instant at) {
        ObjectMeta m = p.metadata();
        return new Pod(
                new ObjectMeta(
                        m.name(),
                        m.namespace(),
                        m.uid(),
                        m.labels(),
                        m.annotations(),
                        m.ownerReferences(),
                        m.creationTimestamp(),
                        at),
                p.spec(),
                p.status());
    }

    private static Node withTaints(Node n, List<Taint> taints) {
        return new Node(
                n.metadata(), n.providerId(), taints, n.unschedulable(), n.capacity(), n.allocatable(), n.ready());
    }

    private static List<Taint> concat(List<Taint> a, List<Taint> b) {
        List<Taint> all = new ArrayList<>(a);
        for (Taint t : b) {
            if (all.stream().noneMatch(x -> x.matchesKeyAndEffect(t))) {
                all.add(t);
            }
        }
        return all;
    }

    private String nextUid() {
        uids++;
        return String.format("00000000-0000-4000-8000-%012x", uids);
    }

    private String nextNodeName() {
        nodeNames++;
        return String.format("ip-10-0-%d-%d.ec2.internal", nodeNames / 250, nodeNames % 250 + 1);
    }

    /** Five characters from Kubernetes' name-generator alphabet, distinct for each {@code n}. */
    private static String suffix(long n) {
        StringBuilder sb = new StringBuilder(5);
        long v = n;
        for (int i = 0; i < 5; i++) {
            sb.append(ALPHABET.charAt((int) (v % ALPHABET.length())));
            v /= ALPHABET.length();
        }
        return sb.toString();
    }
}
