package dev.fleetwright.interruption;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.fleetwright.aws.dynamodb.DynamoDbNodeClaimStore;
import dev.fleetwright.aws.dynamodb.DynamoDbUnavailableOfferings;
import dev.fleetwright.aws.dynamodb.NodeClaimTableSettings;
import dev.fleetwright.aws.dynamodb.StateTableSettings;
import dev.fleetwright.aws.events.InterruptionEventParser;
import dev.fleetwright.aws.events.UnparseableMessageException;
import dev.fleetwright.aws.sqs.DrainContinuations;
import dev.fleetwright.aws.sqs.SqsDrainContinuations;
import dev.fleetwright.aws.sqs.SqsProvisioningTrigger;
import dev.fleetwright.core.api.NodeClaimPhase;
import dev.fleetwright.core.cloudprovider.InstanceTypeCatalog;
import dev.fleetwright.core.interruption.Interruption;
import dev.fleetwright.core.interruption.InterruptionMessage;
import dev.fleetwright.core.state.ConflictException;
import dev.fleetwright.core.state.NodeClaimStore;
import dev.fleetwright.core.state.NodeOperations;
import dev.fleetwright.core.state.ProvisioningTrigger;
import dev.fleetwright.core.state.UnavailableOfferings;
import dev.fleetwright.core.termination.Terminator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
import java.util.TreeSet;
import java.util.UUID;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.MetricsFactory;

/**
 * The {@code InterruptionFunction} Lambda (contract: {@code docs/design/lambda-functions.md}): reads the interruption
 * queue and runs core's {@link Interruption} use case for each message.
 *
 * <p>For each SQS record: parse ({@link InterruptionEventParser}) → {@link Interruption#handle} → for every outcome
 * with {@link Interruption.Outcome#continueAfter()}, schedule a drain continuation on the interruption queue. The
 * answer lists the records that failed (partial batch response):
 *
 * <ul>
 *   <li>unparseable (not a handled event, a missing or malformed field, a continuation for a cluster this stack does
 *       not serve): failed with the reason logged, so SQS delivers it again until {@code maxReceiveCount} moves it to
 *       the dead-letter queue, whose depth alarms;
 *   <li>a {@link ConflictException} (another invocation changed the NodeClaim) or a Kubernetes, EKS, EC2, DynamoDB or
 *       SQS failure: failed, so SQS delivers it again after the visibility timeout; handling is level-triggered and
 *       converges on the next delivery.
 * </ul>
 *
 * <p>Each drain pass lasts at most {@code FLEETWRIGHT_DRAIN_PASS_SECONDS}, and never past the invocation's remaining
 * time less {@link #TIME_RESERVE}, so a batch of slow drains ends with continuations rather than a timeout. Logs go
 * through Powertools (functional API); metrics ({@link InterruptionMetrics}) are written once per invocation.
 *
 * <p>The no-argument constructor is the composition root: settings from the environment, SDK clients (URL-connection
 * HTTP client), DynamoDB and SQS adapters, and {@link EksClusterPorts}, which connects each cluster on first use. It
 * registers a CRaC resource whose {@code beforeCheckpoint} primes SnapStart by reading only: the sample events are
 * parsed and the instance-type catalog loaded; nothing is written and no cluster is contacted. The constructor taking
 * {@link Ports} is for tests.
 */
public final class InterruptionHandler implements RequestHandler<SQSEvent, SQSBatchResponse>, Resource {

    /** Time kept back from a drain pass for scheduling continuations and writing metrics. */
    public static final Duration TIME_RESERVE = Duration.ofSeconds(5);

    /** The sample events SnapStart priming parses ({@code events/interruption/<name>.json}). */
    static final List<String> PRIMING_SAMPLES = List.of(
            "spot-interruption-warning",
            "rebalance-recommendation",
            "state-change-terminated",
            "health-scheduled-change",
            "capacity-reservation-interruption-warning",
            "drain-continuation");

    private static final Logger LOG = LoggerFactory.getLogger(InterruptionHandler.class);

    /**
     * Everything the handler talks to.
     *
     * @param settings the settings
     * @param store NodeClaim records
     * @param unavailableOfferings the shared unavailable-offerings cache
     * @param provisioning asks the provisioner for replacements
     * @param continuations schedules drain continuations
     * @param clusters per-cluster Kubernetes and EC2 ports
     * @param metricsSink where each invocation's metrics go
     * @param clock the time source
     * @param sleeper waits between eviction retries
     */
    public record Ports(
            InterruptionSettings settings,
            NodeClaimStore store,
            UnavailableOfferings unavailableOfferings,
            ProvisioningTrigger provisioning,
            DrainContinuations continuations,
            ClusterPorts clusters,
            MetricsSink metricsSink,
            Clock clock,
            Terminator.Sleeper sleeper) {

        /** @throws NullPointerException if a port is null */
        public Ports {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(unavailableOfferings, "unavailableOfferings");
            Objects.requireNonNull(provisioning, "provisioning");
            Objects.requireNonNull(continuations, "continuations");
            Objects.requireNonNull(clusters, "clusters");
            Objects.requireNonNull(metricsSink, "metricsSink");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(sleeper, "sleeper");
        }
    }

    private final Ports ports;
    private final InterruptionEventParser parser = new InterruptionEventParser();
    private final InterruptionMetrics metrics = new InterruptionMetrics();
    private final NodeClaimStore store;
    private final Interruption interruption;
    private Instant deadline = Instant.MAX;

    /**
     * The composition root Lambda calls: reads the environment once, wires the adapters, registers SnapStart priming.
     *
     * @throws IllegalArgumentException naming the environment variable that is missing or malformed
     */
    public InterruptionHandler() {
        this(fromEnvironment(InterruptionSettings.fromEnvironment(System.getenv())));
        Core.getGlobalContext().register(this);
    }

    /**
     * A handler on the given ports (tests).
     *
     * @param ports the ports
     */
    public InterruptionHandler(Ports ports) {
        this.ports = Objects.requireNonNull(ports, "ports");
        this.store = new DrainTimingNodeClaimStore(ports.store(), metrics);
        this.interruption = new Interruption(
                store,
                ports.unavailableOfferings(),
                ports.provisioning(),
                this::terminatorOf,
                cluster -> ports.clusters().nodePools(cluster),
                ports.clock());
    }

    private static Ports fromEnvironment(InterruptionSettings settings) {
        Region region = Region.of(settings.region());
        AwsCredentialsProvider credentials =
                DefaultCredentialsProvider.builder().build();
        DynamoDbClient dynamoDb = DynamoDbClient.builder()
                .region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        SqsClient sqs = SqsClient.builder()
                .region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        EksClient eks = EksClient.builder()
                .region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        Clock clock = Clock.systemUTC();
        return new Ports(
                settings,
                new DynamoDbNodeClaimStore(dynamoDb, NodeClaimTableSettings.of(settings.nodeClaimsTable())),
                new DynamoDbUnavailableOfferings(dynamoDb, StateTableSettings.of(settings.stateTable())),
                new SqsProvisioningTrigger(
                        sqs, settings.provisioningQueueUrl(), settings.region(), clock, InterruptionHandler::newId),
                new SqsDrainContinuations(
                        sqs, settings.interruptionQueueUrl(), settings.region(), clock, InterruptionHandler::newId),
                new EksClusterPorts(settings, eks, credentials, InstanceTypeCatalog.bundled(), clock),
                new PowertoolsMetricsSink(MetricsFactory.getMetricsInstance(), settings.metricsNamespace()),
                clock,
                InterruptionHandler::sleep);
    }

    /** A message ID, drawn when a message is sent (never at init: SnapStart restores the same snapshot many times). */
    private static String newId() {
        return UUID.randomUUID().toString();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting between evictions", e);
        }
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> handle(event, context));
    }

    private SQSBatchResponse handle(SQSEvent event, Context context) {
        Instant start = ports.clock().instant();
        deadline = context == null ? Instant.MAX : start.plusMillis(context.getRemainingTimeInMillis());
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        Set<String> touched = new TreeSet<>();
        try {
            List<SQSEvent.SQSMessage> records =
                    event == null || event.getRecords() == null ? List.of() : event.getRecords();
            Set<String> failed = new HashSet<>();
            List<SQSEvent.SQSMessage> parsedRecords = new ArrayList<>();
            List<InterruptionMessage> messages = new ArrayList<>();
            for (SQSEvent.SQSMessage record : records) {
                InterruptionMessage message = parse(record);
                if (message == null) {
                    failed.add(record.getMessageId());
                } else {
                    parsedRecords.add(record);
                    messages.add(message);
                }
            }
            // The whole batch at once: every message's reaction (offerings, Draining, replacement requests) comes
            // before any drain pass, so five spot warnings ask for five replacements before the first eviction.
            List<Interruption.MessageResult> results =
                    messages.isEmpty() ? List.of() : interruption.handleAll(messages);
            for (int i = 0; i < results.size(); i++) {
                if (!report(parsedRecords.get(i), results.get(i), touched)) {
                    failed.add(parsedRecords.get(i).getMessageId());
                }
            }
            for (SQSEvent.SQSMessage record : records) {
                if (failed.remove(record.getMessageId())) {
                    failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
                }
            }
            countDrainsInProgress(touched);
        } finally {
            ports.metricsSink().emit(metrics.drain());
        }
        return new SQSBatchResponse(failures);
    }

    /** Parses one record; null when it must be reported as a batch item failure (logged and counted here). */
    private InterruptionMessage parse(SQSEvent.SQSMessage record) {
        String id = record.getMessageId();
        try {
            InterruptionMessage message = parser.parse(id, record.getBody());
            if (message instanceof InterruptionMessage.ContinueDrain c
                    && !ports.settings().serves(c.cluster())) {
                throw new UnparseableMessageException(
                        id,
                        "detail.cluster",
                        "\"" + c.cluster() + "\" is not a cluster this stack serves "
                                + ports.settings().clusters(),
                        null);
            }
            return message;
        } catch (UnparseableMessageException e) {
            metrics.messageReceived(InterruptionMetrics.NO_CLUSTER, InterruptionMetrics.UNPARSEABLE);
            LOG.warn(
                    "unparseable message; it fails until the queue moves it to the dead-letter queue",
                    entry("message_id", id),
                    entry("field", e.field()),
                    entry("rule", e.rule()),
                    entry("receive_count", receiveCount(record)));
            return null;
        }
    }

    /**
     * Logs, counts and follows up (drain continuations) what the batch did for one record; false when the record must
     * be reported as a batch item failure.
     */
    private boolean report(SQSEvent.SQSMessage record, Interruption.MessageResult result, Set<String> touched) {
        String id = record.getMessageId();
        InterruptionMessage message = result.message();
        String type = InterruptionMetrics.messageType(message);
        String messageCluster =
                message instanceof InterruptionMessage.ContinueDrain c ? c.cluster() : InterruptionMetrics.NO_CLUSTER;
        try {
            if (result.failure() != null) {
                throw result.failure();
            }
            List<Interruption.Outcome> outcomes = result.outcomes();
            String cluster = messageCluster;
            for (Interruption.Outcome o : outcomes) {
                if (!o.cluster().isEmpty()) {
                    touched.add(o.cluster());
                    cluster = cluster.equals(InterruptionMetrics.NO_CLUSTER) ? o.cluster() : cluster;
                }
                if (o.continueAfter() != null) {
                    ports.continuations().schedule(o.cluster(), o.nodeClaimName(), o.continueAfter());
                }
            }
            metrics.messageReceived(cluster, type);
            if (!(message instanceof InterruptionMessage.ContinueDrain)) {
                metrics.interruptionLatency(
                        cluster,
                        Duration.between(message.eventTime(), ports.clock().instant()));
            }
            LOG.info(
                    "handled {}",
                    type,
                    entry("message_id", id),
                    entry("event_id", message.eventId()),
                    entry("message_type", type),
                    entry("outcomes", describe(outcomes)));
            return true;
        } catch (ConflictException e) {
            metrics.messageReceived(messageCluster, type);
            LOG.warn(
                    "a NodeClaim changed while handling the message; SQS will deliver it again",
                    entry("message_id", id),
                    entry("message_type", type),
                    entry("reason", e.getMessage()));
            return false;
        } catch (RuntimeException e) {
            // Kubernetes, EKS, EC2, DynamoDB or SQS failures (and defects): this record only, retried by SQS.
            metrics.messageReceived(messageCluster, type);
            LOG.error(
                    "handling failed; SQS will deliver the message again",
                    entry("message_id", id),
                    entry("message_type", type),
                    entry("error", e.getClass().getSimpleName()),
                    entry("reason", String.valueOf(e.getMessage())),
                    e);
            return false;
        }
    }

    /** A terminator for one drain pass: bounded by the setting and by the time the invocation has left. */
    private Terminator terminatorOf(String cluster) {
        Instant now = ports.clock().instant();
        Duration left = deadline.equals(Instant.MAX)
                ? ports.settings().drainPass()
                : Duration.between(now, deadline).minus(TIME_RESERVE);
        Duration pass = left.isNegative()
                ? Duration.ZERO
                : (left.compareTo(ports.settings().drainPass()) < 0
                        ? left
                        : ports.settings().drainPass());
        NodeOperations nodes =
                new EvictionCountingNodeOperations(ports.clusters().nodes(cluster), cluster, metrics);
        return new Terminator(
                cluster,
                store,
                nodes,
                ports.clusters().cloud(cluster),
                ports.clock(),
                ports.sleeper(),
                new Terminator.Settings(
                        pass, Terminator.Settings.DEFAULT.initialBackoff(), Terminator.Settings.DEFAULT.maxBackoff()));
    }

    /** Sets the drains-in-progress gauge of every cluster this invocation touched; a failed read is logged only. */
    private void countDrainsInProgress(Set<String> clusters) {
        for (String cluster : clusters) {
            try {
                int draining = (int) ports.store().list(cluster).stream()
                        .filter(v -> v.nodeClaim().status().phase() == NodeClaimPhase.DRAINING)
                        .count();
                metrics.drainsInProgress(cluster, draining);
            } catch (RuntimeException e) {
                LOG.warn(
                        "could not count the drains in progress; the gauge is not written this time",
                        entry("cluster", cluster),
                        entry("reason", String.valueOf(e.getMessage())));
            }
        }
    }

    private static List<Map<String, Object>> describe(List<Interruption.Outcome> outcomes) {
        List<Map<String, Object>> described = new ArrayList<>();
        for (Interruption.Outcome o : outcomes) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("instance_id", o.instanceId());
            m.put("cluster", o.cluster());
            m.put("node_claim", o.nodeClaimName());
            m.put("action", o.action().name());
            if (o.status() instanceof Terminator.Status.Draining d) {
                m.put("status", "Draining");
                m.put("waiting_pods", d.waitingPods());
                m.put("blocked_by_pdb", d.blockedByDisruptionBudget());
                m.put("do_not_disrupt", d.doNotDisrupt());
                m.put("attached_volumes", d.attachedVolumes());
            } else if (o.status() instanceof Terminator.Status.Terminated) {
                m.put("status", "Terminated");
            }
            if (o.continueAfter() != null) {
                m.put("continue_after_seconds", o.continueAfter().toSeconds());
            }
            described.add(m);
        }
        return described;
    }

    private static String receiveCount(SQSEvent.SQSMessage record) {
        Map<String, String> attributes = record.getAttributes();
        return attributes == null ? "" : attributes.getOrDefault("ApproximateReceiveCount", "");
    }

    /**
     * SnapStart priming: parses the sample events and loads the instance-type catalog, so that the JSON parsers and
     * the catalog are in the snapshot. Reads only; writes nothing and contacts nothing.
     *
     * @throws IllegalStateException if a sample is missing or does not parse (a packaging defect)
     */
    void prime() {
        for (String name : PRIMING_SAMPLES) {
            InterruptionMetrics.messageType(parser.parse("priming-" + name, sample(name)));
        }
        InstanceTypeCatalog.bundled().all();
    }

    private static String sample(String name) {
        String path = "/events/interruption/" + name + ".json";
        try (InputStream in = InterruptionHandler.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the sample event " + path + " is not packaged");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to refresh: clusters are connected on first use, credentials resolve lazily.
    }
}
