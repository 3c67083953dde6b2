package dev.fleetwright.provisioner;

import static dev.fleetwright.provisioner.ProvisioningMetrics.Measurement.count;
import static dev.fleetwright.provisioner.ProvisioningMetrics.Measurement.seconds;
import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.fleetwright.core.cloudprovider.InstanceTypeCatalog;
import dev.fleetwright.core.provisioning.ProvisioningResult;
import dev.fleetwright.core.scheduling.PodError;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The {@code ProvisionerFunction} Lambda handler ({@code docs/design/lambda-functions.md}): a batch of provisioning
 * queue messages in, the failed message IDs out.
 *
 * <ol>
 *   <li>Each record's body is read as a provisioning event ({@link ProvisioningMessages}); one that is not, or names a
 *       cluster this stack does not serve, is a partial batch failure, logged with its message ID and the rule it
 *       breaks. After the queue's {@code maxReceiveCount} deliveries it lands in the DLQ.
 *   <li>Events are level-triggered ("look at cluster X now"), so the batch is reduced to its clusters: one {@link
 *       dev.fleetwright.core.provisioning.Provisioner#reconcile} per cluster and batch, however many events name it,
 *       with the lease holder {@code <request ID>/<cluster>}.
 *   <li>A "Sweep Requested" event without {@code detail.cluster} (the stack's schedule, every minute) names every
 *       served cluster.
 *   <li>When another planner holds a cluster's lease, that cluster's records fail, so SQS delivers them again after
 *       the visibility timeout ({@value ProvisioningMetrics#LEASE_BUSY}); sweeps do not, since that planner is
 *       looking now. When a reconcile throws (Kubernetes, EKS,
 *       DynamoDB or EC2 unreachable or refusing), that cluster's records fail and the exception is logged ({@value
 *       ProvisioningMetrics#RECONCILE_ERRORS}); other clusters of the batch are unaffected.
 *   <li>What each reconcile did is logged and published as EMF metrics with the dimension {@code cluster}.
 * </ol>
 *
 * <p>The no-argument constructor is the composition root Lambda calls at init: it reads {@link ProvisionerSettings}
 * from the environment, builds the SDK clients and loads the bundled catalog. It makes no network call and captures no
 * time or randomness; clusters are described and wired on first use ({@link ClusterProvisioners}). It registers the
 * handler as a CRaC {@link Resource}, so that SnapStart runs {@link #beforeCheckpoint} before taking the snapshot.
 */
public final class ProvisionerHandler implements RequestHandler<SQSEvent, SQSBatchResponse>, Resource {

    private static final Logger LOG = LoggerFactory.getLogger(ProvisionerHandler.class);

    /** The log key (Powertools MDC) that carries the cluster of a reconcile. */
    static final String CLUSTER_KEY = "cluster";

    /** How many unschedulable pods and configuration errors a reconcile log line lists by name. */
    static final int LISTED = 10;

    private final ProvisionerSettings settings;
    private final ProvisioningMessages messages;
    private final Provisioners provisioners;
    private final ProvisioningMetrics metrics;
    private final Clock clock;
    private final InstanceTypeCatalog catalog;

    /** What the no-argument constructor wires. */
    private record Wiring(
            ProvisionerSettings settings,
            Provisioners provisioners,
            ProvisioningMetrics metrics,
            Clock clock,
            InstanceTypeCatalog catalog) {

        static Wiring fromEnvironment(Map<String, String> environment) {
            ProvisionerSettings settings = ProvisionerSettings.fromEnvironment(environment);
            InstanceTypeCatalog catalog = InstanceTypeCatalog.bundled();
            Clock clock = Clock.systemUTC();
            ProvisionerClients clients = ProvisionerClients.create(settings);
            return new Wiring(
                    settings,
                    new ClusterProvisioners(settings, clients, catalog, clock),
                    EmfProvisioningMetrics.emf(settings.metricsNamespace()),
                    clock,
                    catalog);
        }
    }

    /**
     * The composition root Lambda calls: settings from the environment, real adapters, EMF metrics, the system clock.
     *
     * @throws IllegalArgumentException naming every environment variable that is missing or invalid
     */
    public ProvisionerHandler() {
        this(Wiring.fromEnvironment(System.getenv()));
        Core.getGlobalContext().register(this);
    }

    private ProvisionerHandler(Wiring wiring) {
        this(wiring.settings(), wiring.provisioners(), wiring.metrics(), wiring.clock(), wiring.catalog());
    }

    /**
     * A handler on given ports, for tests: no environment is read and nothing is registered with CRaC.
     *
     * @param settings the clusters served (and the planner settings priming uses)
     * @param provisioners the provisioner of each cluster
     * @param metrics where metrics go
     * @param clock the time source of the latency metric
     */
    public ProvisionerHandler(
            ProvisionerSettings settings, Provisioners provisioners, ProvisioningMetrics metrics, Clock clock) {
        this(settings, provisioners, metrics, clock, InstanceTypeCatalog.bundled());
    }

    private ProvisionerHandler(
            ProvisionerSettings settings,
            Provisioners provisioners,
            ProvisioningMetrics metrics,
            Clock clock,
            InstanceTypeCatalog catalog) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.provisioners = Objects.requireNonNull(provisioners, "provisioners");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.messages = new ProvisioningMessages(settings.clusters());
    }

    /**
     * Handles one SQS batch.
     *
     * @param event the batch
     * @param context the invocation (its request ID names the lease holder and every log line)
     * @return the IDs of the messages to deliver again: rejected ones, and those of clusters whose lease was busy or
     *     whose reconcile failed
     * @throws IllegalArgumentException if a record has no message ID (no SQS record lacks one; failing the whole batch
     *     is the only way not to lose it)
     */
    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        Objects.requireNonNull(context, "context");
        return PowertoolsLogging.withLogging(context, () -> handle(event, context.getAwsRequestId()));
    }

    private SQSBatchResponse handle(SQSEvent event, String requestId) {
        List<SQSEvent.SQSMessage> records =
                event == null || event.getRecords() == null ? List.of() : event.getRecords();
        Set<String> failed = new HashSet<>();
        Map<String, List<ProvisioningRequest>> byCluster = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            SQSEvent.SQSMessage record = records.get(i);
            String messageId = record.getMessageId();
            if (messageId == null || messageId.isBlank()) {
                throw new IllegalArgumentException("SQS record " + i + " of " + records.size()
                        + " has no messageId, so it cannot be reported as a partial batch failure");
            }
            switch (messages.parse(messageId, record.getBody())) {
                case ProvisioningMessages.Accepted accepted -> {
                    ProvisioningRequest request = accepted.request();
                    List<String> targets = request.allClusters() ? settings.clusters() : List.of(request.cluster());
                    for (String target : targets) {
                        byCluster
                                .computeIfAbsent(target, c -> new ArrayList<>())
                                .add(request);
                    }
                }
                case ProvisioningMessages.Rejected rejected -> {
                    LOG.error(
                            "message is not a provisioning event for this stack and will end in the DLQ: {}, {}",
                            entry("messageId", messageId),
                            entry("rule", rejected.rule()));
                    failed.add(messageId);
                }
            }
        }
        for (Map.Entry<String, List<ProvisioningRequest>> cluster : byCluster.entrySet()) {
            switch (reconcile(cluster.getKey(), cluster.getValue(), requestId)) {
                case DONE -> {}
                case FAILED -> cluster.getValue().forEach(r -> failed.add(r.messageId()));
                // A busy lease means another planner is looking at the cluster now, which is all a sweep asks for (and
                // the next one comes within a minute); events that report a need are delivered again, because that
                // planner may have read the pods before they were pending.
                case LEASE_BUSY ->
                    cluster.getValue().stream()
                            .filter(r -> r.kind() != ProvisioningRequest.Kind.SWEEP_REQUESTED)
                            .forEach(r -> failed.add(r.messageId()));
            }
        }
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        for (SQSEvent.SQSMessage record : records) {
            if (failed.contains(record.getMessageId()) && reported.add(record.getMessageId())) {
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
            }
        }
        LOG.info(
                "batch done: {}, {}, {}",
                entry("messages", records.size()),
                entry("clusters", List.copyOf(byCluster.keySet())),
                entry("failedMessages", failures.size()));
        return new SQSBatchResponse(failures);
    }

    /** How the reconcile of one cluster ended. */
    private enum Outcome {
        DONE,
        LEASE_BUSY,
        FAILED
    }

    /** Reconciles one cluster. */
    private Outcome reconcile(String cluster, List<ProvisioningRequest> requests, String requestId) {
        String holder = requestId + "/" + cluster;
        List<String> messageIds =
                requests.stream().map(ProvisioningRequest::messageId).toList();
        try (MDC.MDCCloseable ignored = MDC.putCloseable(CLUSTER_KEY, cluster)) {
            ProvisioningResult result;
            try {
                result = provisioners.forCluster(cluster).reconcile(holder);
            } catch (RuntimeException e) {
                LOG.error(
                        "reconcile of cluster {} failed, its messages will be delivered again: {}; {}",
                        cluster,
                        entry("messageIds", messageIds),
                        e.toString(),
                        e);
                publish(cluster, List.of(count(ProvisioningMetrics.RECONCILE_ERRORS, 1)));
                return Outcome.FAILED;
            }
            if (!result.leaseHeld()) {
                LOG.warn(
                        "cluster {}: another planner holds the lease, so these messages (sweeps excepted) will be"
                                + " delivered again after the visibility timeout: {}",
                        cluster,
                        entry("messageIds", messageIds));
                publish(cluster, List.of(count(ProvisioningMetrics.LEASE_BUSY, 1)));
                return Outcome.LEASE_BUSY;
            }
            report(cluster, requests, result);
            return Outcome.DONE;
        }
    }

    private void report(String cluster, List<ProvisioningRequest> requests, ProvisioningResult result) {
        int listedPods =
                requests.stream().mapToInt(ProvisioningRequest::pendingPods).sum();
        LOG.info(
                "cluster {} reconciled: {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}",
                cluster,
                entry("messages", requests.size()),
                entry("podsListed", listedPods),
                entry("podsConsidered", result.podsConsidered()),
                entry("podsOnExistingCapacity", result.podsOnExistingCapacity()),
                entry("nodeClaimsCreated", result.nodeClaimsCreated()),
                entry("nodeClaimsLaunched", result.nodeClaimsLaunched()),
                entry("insufficientCapacityErrors", result.insufficientCapacityErrors()),
                entry("recovered", result.recovered()),
                entry("rounds", result.rounds()),
                entry("planningMillis", result.planningDuration().toMillis()),
                entry("nodeClaimsRegistered", result.registration().registered()),
                entry("nodeClaimsInitialized", result.registration().initialized()),
                entry("registrationTimeouts", result.registration().timedOut()));
        if (!result.launchFailures().isEmpty()) {
            LOG.warn(
                    "cluster {}: {} launch(es) failed; their NodeClaims are Failed and their pods stay pending until"
                            + " the next event or sweep: {}",
                    cluster,
                    result.launchFailures().size(),
                    entry("launchFailures", result.launchFailures()));
        }
        if (!result.unschedulable().isEmpty()) {
            List<String> pods = result.unschedulable().stream()
                    .limit(LISTED)
                    .map(ProvisionerHandler::describe)
                    .toList();
            LOG.warn(
                    "cluster {}: {} pod(s) fit no NodePool{}: {}",
                    cluster,
                    result.unschedulable().size(),
                    result.unschedulable().size() > LISTED ? " (first " + LISTED + " listed)" : "",
                    entry("unschedulablePods", pods));
        }
        if (!result.configurationErrors().isEmpty()) {
            LOG.warn(
                    "cluster {}: {} NodePool/EC2NodeClass error(s); the other NodePools still provision: {}",
                    cluster,
                    result.configurationErrors().size(),
                    entry(
                            "configurationErrors",
                            result.configurationErrors().stream().limit(LISTED).toList()));
        }

        List<ProvisioningMetrics.Measurement> values = new ArrayList<>();
        values.add(count(ProvisioningMetrics.NODECLAIMS_CREATED, result.nodeClaimsCreated()));
        values.add(count(ProvisioningMetrics.NODECLAIMS_LAUNCHED, result.nodeClaimsLaunched()));
        values.add(seconds(
                ProvisioningMetrics.SCHEDULING_DURATION,
                result.planningDuration().toNanos() / 1e9));
        values.add(count(
                ProvisioningMetrics.UNSCHEDULABLE_PODS, result.unschedulable().size()));
        values.add(count(ProvisioningMetrics.INSUFFICIENT_CAPACITY_ERRORS, result.insufficientCapacityErrors()));
        values.add(count(
                ProvisioningMetrics.NODECLAIMS_REGISTERED, result.registration().registered()));
        values.add(count(
                ProvisioningMetrics.NODECLAIMS_INITIALIZED,
                result.registration().initialized()));
        values.add(count(
                ProvisioningMetrics.REGISTRATION_TIMEOUTS, result.registration().timedOut()));
        if (result.nodeClaimsLaunched() > 0) {
            Instant since = requests.stream()
                    .map(ProvisioningRequest::needSince)
                    .min(Instant::compareTo)
                    .orElseThrow();
            Duration latency = Duration.between(since, clock.instant());
            // A forwarder clock ahead of ours would give a negative latency: no sample rather than a false one.
            if (!latency.isNegative()) {
                values.add(seconds(ProvisioningMetrics.LAUNCH_LATENCY, latency.toNanos() / 1e9));
            }
        }
        publish(cluster, values);
    }

    private static String describe(PodError error) {
        return error.pod().key() + ": " + error.reason();
    }

    private void publish(String cluster, List<ProvisioningMetrics.Measurement> values) {
        try {
            metrics.publish(cluster, values);
        } catch (RuntimeException e) {
            // Metrics are observability, not work: a failure to write them must not send the batch round again.
            LOG.error("metrics of cluster {} could not be written: {}", cluster, e.toString(), e);
        }
    }

    /**
     * SnapStart priming before the snapshot ({@link ProvisionerPriming}): read-only work on synthetic input, no AWS or
     * Kubernetes call, no write, no clock, no randomness.
     *
     * @param context the CRaC context
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        ProvisionerPriming.Summary summary =
                ProvisionerPriming.prime(catalog, messages, settings.clusters().get(0), settings.optimizeCost());
        LOG.info(
                "primed before the snapshot: {} instance types resolved, {} synthetic pods planned on {} NodeClaim(s)",
                summary.instanceTypes(),
                summary.podsPlanned(),
                summary.nodeClaimsPlanned());
    }

    /**
     * Nothing to refresh after a restore: clusters are described and wired on first use, credentials resolved on the
     * first call, and no time or randomness was captured.
     *
     * @param context the CRaC context
     */
    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Deliberately empty: see the Javadoc.
    }
}
