package dev.fleetwright.core.provisioning;

import dev.fleetwright.core.api.Ec2NodeClass;
import dev.fleetwright.core.api.NodeClaim;
import dev.fleetwright.core.api.NodeClaimPhase;
import dev.fleetwright.core.api.NodeClaimStatus;
import dev.fleetwright.core.api.NodePool;
import dev.fleetwright.core.api.corev1.DaemonSet;
import dev.fleetwright.core.api.corev1.Node;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.api.load.ConfigError;
import dev.fleetwright.core.api.load.LoadResult;
import dev.fleetwright.core.cloudprovider.CloudInstance;
import dev.fleetwright.core.cloudprovider.CloudProvider;
import dev.fleetwright.core.cloudprovider.CloudProviderException;
import dev.fleetwright.core.cloudprovider.InstanceType;
import dev.fleetwright.core.cloudprovider.InsufficientCapacityException;
import dev.fleetwright.core.cloudprovider.LaunchRequest;
import dev.fleetwright.core.cloudprovider.LaunchResult;
import dev.fleetwright.core.cloudprovider.NodeClassNotReadyException;
import dev.fleetwright.core.cloudprovider.Offering;
import dev.fleetwright.core.cloudprovider.OfferingKey;
import dev.fleetwright.core.lifecycle.Registration;
import dev.fleetwright.core.scheduling.NodeClaimTemplate;
import dev.fleetwright.core.scheduling.PlannedNodeClaim;
import dev.fleetwright.core.scheduling.Planner;
import dev.fleetwright.core.scheduling.PodError;
import dev.fleetwright.core.state.ClusterState;
import dev.fleetwright.core.state.ConflictException;
import dev.fleetwright.core.state.Lease;
import dev.fleetwright.core.state.NodeClaimStore;
import dev.fleetwright.core.state.UnavailableOfferings;
import dev.fleetwright.core.state.VersionedNodeClaim;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The provisioning use case: a level-triggered reconcile of one cluster. It takes the cluster's lease, reads the truth
 * (NodePools, EC2NodeClasses, pods, nodes, DaemonSets from Kubernetes; NodeClaims from the store), plans with the
 * {@link Planner}, records each new NodeClaim as Launching before asking the cloud for it, and records the instance it
 * got. After Karpenter's provisioner ([K] pkg/controllers/provisioning/provisioner.go) and launch path ([A]
 * pkg/providers/instance/instance.go).
 *
 * <ul>
 *   <li>In-flight NodeClaims are capacity in the plan, so a repeated or overlapping trigger launches nothing more.
 *   <li>When the cloud reports insufficient capacity, the offerings are marked unavailable for {@link
 *       UnavailableOfferings#DEFAULT_TTL} in the shared cache, the NodeClaim fails, and its pods are planned again on
 *       other offerings or lower-weight NodePools, up to {@link Settings#maxRounds()} rounds.
 *   <li>A NodeClaim left in Launching longer than {@link NodeClaim#LAUNCH_TIMEOUT} (a crash between the record and
 *       the launch) is resolved: the instance found by its tag is recorded, otherwise the NodeClaim is marked Failed.
 *   <li>An invalid NodePool or EC2NodeClass is reported and skipped; the others still provision.
 * </ul>
 */
public final class Provisioner {

    /**
     * Provisioner settings, read once at start-up.
     *
     * @param clusterName the cluster this provisioner serves; every record carries it
     * @param leaseDuration how long the planner lease lasts (longer than one reconcile)
     * @param maxRounds planning rounds per reconcile when launches hit insufficient capacity (at least 1)
     * @param optimizeCost whether the planner may choose a cheaper plan than Karpenter's rule
     */
    public record Settings(String clusterName, Duration leaseDuration, int maxRounds, boolean optimizeCost) {

        /**
         * @throws IllegalArgumentException if the cluster name is blank or maxRounds is below 1
         */
        public Settings {
            if (clusterName == null || clusterName.isBlank()) {
                throw new IllegalArgumentException("clusterName must not be blank");
            }
            Objects.requireNonNull(leaseDuration, "leaseDuration");
            if (maxRounds < 1) {
                throw new IllegalArgumentException("maxRounds must be at least 1");
            }
        }
    }

    private final ClusterState cluster;
    private final NodeClaimStore store;
    private final CloudProvider cloud;
    private final UnavailableOfferings unavailableOfferings;
    private final Lease lease;
    private final Clock clock;
    private final Supplier<RandomGenerator> random;
    private final Settings settings;
    private final Registration registration;

    /**
     * A provisioner without registration (the simulated cluster registers its own nodes).
     *
     * @param cluster the cluster's Kubernetes state
     * @param store NodeClaim records
     * @param cloud the cloud provider
     * @param unavailableOfferings the shared cache of offerings without capacity
     * @param lease the per-cluster planner lease
     * @param clock the time source
     * @param random a source of randomness for NodeClaim names, asked once per reconcile
     * @param settings the settings
     */
    public Provisioner(
            ClusterState cluster,
            NodeClaimStore store,
            CloudProvider cloud,
            UnavailableOfferings unavailableOfferings,
            Lease lease,
            Clock clock,
            Supplier<RandomGenerator> random,
            Settings settings) {
        this(cluster, store, cloud, unavailableOfferings, lease, clock, random, settings, null);
    }

    /**
     * A provisioner that also follows launched NodeClaims to registered and initialized nodes ({@link Registration})
     * on every reconcile, inside the lease, with the nodes it reads anyway.
     *
     * @param cluster the cluster's Kubernetes state
     * @param store NodeClaim records
     * @param cloud the cloud provider
     * @param unavailableOfferings the shared cache of offerings without capacity
     * @param lease the per-cluster planner lease
     * @param clock the time source
     * @param random a source of randomness for NodeClaim names, asked once per reconcile
     * @param settings the settings
     * @param registration the registration use case of the same cluster, or null for none
     */
    public Provisioner(
            ClusterState cluster,
            NodeClaimStore store,
            CloudProvider cloud,
            UnavailableOfferings unavailableOfferings,
            Lease lease,
            Clock clock,
            Supplier<RandomGenerator> random,
            Settings settings,
            Registration registration) {
        this.registration = registration;
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.store = Objects.requireNonNull(store, "store");
        this.cloud = Objects.requireNonNull(cloud, "cloud");
        this.unavailableOfferings = Objects.requireNonNull(unavailableOfferings, "unavailableOfferings");
        this.lease = Objects.requireNonNull(lease, "lease");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Reconciles the cluster once.
     *
     * @param holder a unique name for this invocation (the lease holder), for example the Lambda request ID
     * @return what was done; {@link ProvisioningResult#leaseHeld()} is false when another planner is at work
     * @throws CloudProviderException if listing the cloud's instances fails (launch failures are reported, not thrown)
     */
    public ProvisioningResult reconcile(String holder) {
        String clusterName = settings.clusterName();
        if (!lease.tryAcquire(clusterName, holder, clock.instant(), settings.leaseDuration())) {
            return ProvisioningResult.busy();
        }
        try {
            return reconcileWithLease();
        } finally {
            lease.release(clusterName, holder);
        }
    }

    private ProvisioningResult reconcileWithLease() {
        String clusterName = settings.clusterName();
        RandomGenerator names = random.get();
        LoadResult config = cluster.nodePoolsAndNodeClasses();
        List<String> configErrors = new ArrayList<>();
        config.errors().stream().map(ConfigError::toString).forEach(configErrors::add);

        Map<String, NodePool> pools = new LinkedHashMap<>();
        Map<String, Ec2NodeClass> classOfPool = new HashMap<>();
        Map<String, List<InstanceType>> typesOfClass = new HashMap<>();
        for (NodePool pool : config.nodePools()) {
            Optional<Ec2NodeClass> nodeClass =
                    config.nodeClass(pool.nodeClassRef().name());
            if (nodeClass.isEmpty()) {
                continue;
            }
            try {
                typesOfClass.computeIfAbsent(nodeClass.get().name(), n -> cloud.instanceTypes(nodeClass.get()));
            } catch (NodeClassNotReadyException e) {
                configErrors.add("NodePool \"" + pool.name() + "\": " + e.getMessage());
                continue;
            }
            pools.put(pool.name(), pool);
            classOfPool.put(pool.name(), nodeClass.get());
        }
        Map<String, InstanceType> typesByName = new HashMap<>();
        typesOfClass.values().forEach(list -> list.forEach(it -> typesByName.putIfAbsent(it.name(), it)));

        List<Pod> unbound = cluster.unboundPods();
        List<Pod> bound = cluster.boundPods();
        List<Node> nodes = cluster.nodes();
        List<DaemonSet> daemonSets = cluster.daemonSets();
        Map<String, Map<String, String>> namespaces = cluster.namespaceLabels();

        Registration.Result registered =
                registration == null ? new Registration.Result(0, 0, 0) : registration.reconcile(nodes);
        int recovered = recoverStaleLaunches(typesByName);

        int created = 0;
        int launched = 0;
        int ice = 0;
        int considered = 0;
        int onExisting = 0;
        List<String> failures = new ArrayList<>();
        List<PodError> unschedulable = List.of();
        Duration planning = Duration.ZERO;
        int round = 0;
        while (round < settings.maxRounds()) {
            round++;
            List<NodeClaim> claims = store.list(clusterName).stream()
                    .map(VersionedNodeClaim::nodeClaim)
                    .toList();
            ClusterModel model = ClusterModel.of(nodes, bound, unbound, claims, pools, typesByName);
            Set<OfferingKey> unavailable = unavailableOfferings.unavailable(clock.instant());
            List<NodeClaimTemplate> templates = new ArrayList<>();
            for (NodePool pool : pools.values()) {
                List<InstanceType> types = withUnavailable(
                        typesOfClass.get(classOfPool.get(pool.name()).name()), unavailable);
                templates.add(NodeClaimTemplate.of(
                        pool,
                        types,
                        model.usageByNodePool().getOrDefault(pool.name(), Resources.NONE),
                        model.nodeCountByNodePool().getOrDefault(pool.name(), 0L)));
            }
            Instant planStart = clock.instant();
            Planner.Plan plan = new Planner(
                            templates, model.existingNodes(), daemonSets, namespaces, settings.optimizeCost())
                    .plan(model.podsToSchedule());
            planning = planning.plus(Duration.between(planStart, clock.instant()));
            considered = model.podsToSchedule().size();
            onExisting = plan.result().existingNodePods().values().stream()
                    .mapToInt(List::size)
                    .sum();
            unschedulable = plan.result().podErrors();

            boolean insufficientCapacity = false;
            for (PlannedNodeClaim planned : plan.result().newNodeClaims()) {
                NodePool pool = pools.get(planned.nodePoolName());
                NodeClaim nodeClaim = NodeClaimFactory.create(planned, pool, names, clock.instant());
                VersionedNodeClaim stored;
                try {
                    stored = store.create(clusterName, nodeClaim);
                } catch (ConflictException e) {
                    failures.add(nodeClaim.name() + ": " + e.getMessage());
                    continue;
                }
                created++;
                LaunchRequest request =
                        new LaunchRequest(nodeClaim, pool, classOfPool.get(pool.name()), launchTypes(planned));
                try {
                    LaunchResult result = cloud.launch(request);
                    if (!result.insufficientCapacity().isEmpty()) {
                        unavailableOfferings.markUnavailable(
                                result.insufficientCapacity(), clock.instant().plus(UnavailableOfferings.DEFAULT_TTL));
                    }
                    store.update(
                            clusterName,
                            nodeClaim.withStatus(nodeClaim.status().withLaunch(result.launch(), clock.instant())),
                            stored.version());
                    launched++;
                } catch (InsufficientCapacityException e) {
                    ice++;
                    insufficientCapacity = true;
                    unavailableOfferings.markUnavailable(
                            e.offerings(), clock.instant().plus(UnavailableOfferings.DEFAULT_TTL));
                    fail(stored, "InsufficientCapacity", e.getMessage());
                } catch (CloudProviderException e) {
                    failures.add(nodeClaim.name() + ": " + e.getMessage());
                    fail(
                            stored,
                            e instanceof NodeClassNotReadyException ? "NodeClassNotReady" : "LaunchFailed",
                            e.getMessage());
                }
            }
            if (!insufficientCapacity) {
                break;
            }
        }
        return new ProvisioningResult(
                true,
                considered,
                onExisting,
                created,
                launched,
                failures,
                ice,
                recovered,
                unschedulable,
                configErrors,
                planning,
                round,
                registered);
    }

    /** The types a launch may use: the planned ones, cheapest first, each with its offerings. */
    private static List<InstanceType> launchTypes(PlannedNodeClaim planned) {
        List<InstanceType> types = planned.instanceTypes();
        return types.size() > NodeClaimFactory.MAX_INSTANCE_TYPES
                ? types.subList(0, NodeClaimFactory.MAX_INSTANCE_TYPES)
                : types;
    }

    /** The types with every offering in {@code unavailable} marked unavailable. */
    static List<InstanceType> withUnavailable(List<InstanceType> types, Set<OfferingKey> unavailable) {
        if (unavailable.isEmpty()) {
            return types;
        }
        List<InstanceType> out = new ArrayList<>(types.size());
        for (InstanceType it : types) {
            boolean touched = false;
            List<Offering> offerings = new ArrayList<>(it.offerings().size());
            for (Offering o : it.offerings()) {
                if (o.available() && unavailable.contains(new OfferingKey(it.name(), o.zone(), o.capacityType()))) {
                    offerings.add(o.withAvailable(false));
                    touched = true;
                } else {
                    offerings.add(o);
                }
            }
            out.add(touched ? it.withOfferings(offerings) : it);
        }
        return out;
    }

    /**
     * Resolves NodeClaims left in Launching past the launch timeout: records the instance found by its NodeClaim tag,
     * or marks the NodeClaim Failed so its pods are planned again.
     */
    private int recoverStaleLaunches(Map<String, InstanceType> typesByName) {
        Instant now = clock.instant();
        int resolved = 0;
        for (VersionedNodeClaim v : store.list(settings.clusterName())) {
            NodeClaim c = v.nodeClaim();
            if (c.status().phase() != NodeClaimPhase.LAUNCHING || !c.isLaunchTimedOut(now)) {
                continue;
            }
            Optional<CloudInstance> instance = cloud.instanceOf(c.name());
            try {
                if (instance.isPresent() && !instance.get().isTerminating()) {
                    CloudInstance i = instance.get();
                    InstanceType type = typesByName.get(i.instanceType());
                    BigDecimal price = type == null
                            ? BigDecimal.ZERO
                            : type.offerings().stream()
                                    .filter(o -> o.zone().equals(i.zone()) && o.capacityType() == i.capacityType())
                                    .findFirst()
                                    .map(o -> BigDecimal.valueOf(o.pricePerHourUsd()))
                                    .orElse(BigDecimal.ZERO);
                    NodeClaimStatus.Launch launch = new NodeClaimStatus.Launch(
                            "aws:///" + i.zone() + "/" + i.instanceId(),
                            i.instanceId(),
                            i.instanceType(),
                            i.zone(),
                            i.capacityType().labelValue(),
                            price,
                            "",
                            type == null ? Resources.NONE : type.capacity(),
                            type == null ? Resources.NONE : type.allocatable());
                    store.update(settings.clusterName(), c.withStatus(c.status().withLaunch(launch, now)), v.version());
                } else {
                    store.update(
                            settings.clusterName(),
                            c.withStatus(c.status()
                                    .withFailure(
                                            "LaunchTimeout",
                                            "no instance was launched within " + NodeClaim.LAUNCH_TIMEOUT,
                                            now)),
                            v.version());
                }
                resolved++;
            } catch (ConflictException e) {
                // Another writer moved it on; the next reconcile sees its new state.
            }
        }
        return resolved;
    }

    private void fail(VersionedNodeClaim stored, String reason, String message) {
        NodeClaim c = stored.nodeClaim();
        try {
            store.update(
                    settings.clusterName(),
                    c.withStatus(c.status().withFailure(reason, message, clock.instant())),
                    stored.version());
        } catch (ConflictException e) {
            // Another writer moved it on; the next reconcile sees its new state.
        }
    }
}
