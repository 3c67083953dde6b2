package dev.fleetwright.aws.dynamodb;

import dev.fleetwright.core.api.NodeClaim;
import dev.fleetwright.core.api.NodeClaimPhase;
import dev.fleetwright.core.state.ConflictException;
import dev.fleetwright.core.state.NodeClaimStore;
import dev.fleetwright.core.state.VersionedNodeClaim;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * {@link NodeClaimStore} on the NodeClaims table ({@link TableSchemas#nodeClaimsTable}): one item per NodeClaim, keyed
 * {@code <cluster>#<name>}, so one stack serves several clusters.
 *
 * <ul>
 *   <li>{@link #create} puts with {@value #CREATE_CONDITION}; {@link #update} puts the whole item with {@value
 *       #UPDATE_CONDITION} and the version incremented. A failed condition is a {@link ConflictException} naming the
 *       NodeClaim, the condition and the stored version.
 *   <li>{@link #get} reads strongly consistently.
 *   <li>{@link #list} and {@link #listInPhase} query the {@value TableSchemas#BY_CLUSTER_PHASE} index, following every
 *       page. Index reads are eventually consistent: a NodeClaim written a moment ago may be missing, or appear at
 *       its previous version (an update then fails with a conflict and the caller re-reads).
 *   <li>{@link #findByInstanceId} queries the keys-only {@value TableSchemas#BY_INSTANCE_ID} index, then reads each
 *       match strongly consistently, so the version returned is current.
 *   <li>A Terminated or Failed NodeClaim gets {@value TableSchemas#TTL_ATTRIBUTE} = {@code terminatedAt +}
 *       {@link NodeClaimTableSettings#terminatedRetention()}; other phases have none.
 * </ul>
 *
 * <p>Cluster names must not contain {@code #} (EKS cluster names cannot). Any other DynamoDB failure, or a stored item
 * that cannot be read, is a {@link DynamoDbStateException} naming the table and key.
 */
public final class DynamoDbNodeClaimStore implements NodeClaimStore {

    /** The condition of {@link #create}: no item with that key exists. */
    public static final String CREATE_CONDITION = "attribute_not_exists(pk)";

    /** The condition of {@link #update}: the stored version is the one the caller read. */
    public static final String UPDATE_CONDITION = "version = :expectedVersion";

    private final DynamoDbClient client;
    private final NodeClaimTableSettings settings;

    /**
     * @param client the DynamoDB client (region, credentials and endpoint configured by the caller)
     * @param settings the table and retention
     */
    public DynamoDbNodeClaimStore(DynamoDbClient client, NodeClaimTableSettings settings) {
        this.client = Objects.requireNonNull(client, "client");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * {@inheritDoc}
     *
     * @throws ConflictException if a NodeClaim of that name already exists in the cluster
     * @throws IllegalArgumentException if the cluster name is blank or contains {@code #}
     * @throws DynamoDbStateException if DynamoDB fails otherwise
     */
    @Override
    public VersionedNodeClaim create(String cluster, NodeClaim nodeClaim) {
        requireCluster(cluster);
        Objects.requireNonNull(nodeClaim, "nodeClaim");
        try {
            client.putItem(b -> b.tableName(settings.tableName())
                    .item(NodeClaimItemMapper.toItem(cluster, nodeClaim, 1, settings.terminatedRetention()))
                    .conditionExpression(CREATE_CONDITION));
        } catch (ConditionalCheckFailedException e) {
            throw new ConflictException("NodeClaim " + describe(cluster, nodeClaim.name())
                    + " already exists (condition " + CREATE_CONDITION + " failed)");
        } catch (SdkException e) {
            throw failure("PutItem (create)", cluster, nodeClaim.name(), e);
        }
        return new VersionedNodeClaim(nodeClaim, 1);
    }

    /**
     * {@inheritDoc}
     *
     * @throws ConflictException if the record is missing or its version is not {@code expectedVersion}
     * @throws IllegalArgumentException if the cluster name is blank or contains {@code #}, or the version is below 1
     * @throws DynamoDbStateException if DynamoDB fails otherwise
     */
    @Override
    public VersionedNodeClaim update(String cluster, NodeClaim nodeClaim, long expectedVersion) {
        requireCluster(cluster);
        Objects.requireNonNull(nodeClaim, "nodeClaim");
        if (expectedVersion < 1) {
            throw new IllegalArgumentException("expectedVersion must be at least 1, got " + expectedVersion);
        }
        long next = expectedVersion + 1;
        try {
            client.putItem(b -> b.tableName(settings.tableName())
                    .item(NodeClaimItemMapper.toItem(cluster, nodeClaim, next, settings.terminatedRetention()))
                    .conditionExpression(UPDATE_CONDITION)
                    .expressionAttributeValues(
                            Map.of(":expectedVersion", AttributeValue.fromN(Long.toString(expectedVersion))))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
        } catch (ConditionalCheckFailedException e) {
            String stored = e.hasItem() && e.item().containsKey(NodeClaimItemMapper.VERSION)
                    ? "is at version "
                            + e.item().get(NodeClaimItemMapper.VERSION).n()
                    : "does not exist";
            throw new ConflictException("NodeClaim " + describe(cluster, nodeClaim.name()) + " " + stored
                    + ", expected " + expectedVersion + " (condition " + UPDATE_CONDITION + " failed)");
        } catch (SdkException e) {
            throw failure("PutItem (update)", cluster, nodeClaim.name(), e);
        }
        return new VersionedNodeClaim(nodeClaim, next);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the cluster name is blank or contains {@code #}
     * @throws DynamoDbStateException if DynamoDB fails or the stored item cannot be read
     */
    @Override
    public Optional<VersionedNodeClaim> get(String cluster, String name) {
        requireCluster(cluster);
        Objects.requireNonNull(name, "name");
        return read(NodeClaimItemMapper.partitionKey(cluster, name)).map(NodeClaimItemMapper.Stored::nodeClaim);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Reads the {@value TableSchemas#BY_CLUSTER_PHASE} index, which is eventually consistent.
     *
     * @throws IllegalArgumentException if the cluster name is blank or contains {@code #}
     * @throws DynamoDbStateException if DynamoDB fails or a stored item cannot be read
     */
    @Override
    public List<VersionedNodeClaim> list(String cluster) {
        requireCluster(cluster);
        return queryClusterPhase(
                "#cluster = :cluster",
                Map.of("#cluster", TableSchemas.CLUSTER),
                Map.of(":cluster", AttributeValue.fromS(cluster)),
                "list " + cluster);
    }

    /**
     * The NodeClaims of a cluster in one phase, sorted by name: what the lifecycle sweeps read (Launching claims past
     * the launch timeout, Launched ones past the registration timeout, ...). Reads the {@value
     * TableSchemas#BY_CLUSTER_PHASE} index, which is eventually consistent.
     *
     * @param cluster the cluster name
     * @param phase the phase
     * @return the records
     * @throws IllegalArgumentException if the cluster name is blank or contains {@code #}
     * @throws DynamoDbStateException if DynamoDB fails or a stored item cannot be read
     */
    public List<VersionedNodeClaim> listInPhase(String cluster, NodeClaimPhase phase) {
        requireCluster(cluster);
        Objects.requireNonNull(phase, "phase");
        return queryClusterPhase(
                "#cluster = :cluster AND #phase = :phase",
                Map.of("#cluster", TableSchemas.CLUSTER, "#phase", TableSchemas.PHASE),
                Map.of(":cluster", AttributeValue.fromS(cluster), ":phase", AttributeValue.fromS(phase.wireName())),
                "list " + cluster + " in phase " + phase);
    }

    /**
     * {@inheritDoc}
     *
     * <p>When several NodeClaims name the instance (which Fleetwright never writes), the first by cluster and name is
     * returned.
     *
     * @throws DynamoDbStateException if DynamoDB fails or a stored item cannot be read
     */
    @Override
    public Optional<Located> findByInstanceId(String instanceId) {
        Objects.requireNonNull(instanceId, "instanceId");
        if (instanceId.isEmpty()) {
            return Optional.empty();
        }
        List<String> keys = new ArrayList<>();
        for (Map<String, AttributeValue> item : query(
                QueryRequest.builder()
                        .tableName(settings.tableName())
                        .indexName(TableSchemas.BY_INSTANCE_ID)
                        .keyConditionExpression("instanceId = :instanceId")
                        .expressionAttributeValues(Map.of(":instanceId", AttributeValue.fromS(instanceId))),
                "find instance " + instanceId)) {
            keys.add(item.get(TableSchemas.PARTITION_KEY).s());
        }
        // The index is keys-only and eventually consistent: read each match from the table and re-check.
        return keys.stream()
                .map(this::read)
                .flatMap(Optional::stream)
                .filter(s -> s.nodeClaim().nodeClaim().status().instanceId().equals(instanceId))
                .min(Comparator.comparing(NodeClaimItemMapper.Stored::cluster)
                        .thenComparing(s -> s.nodeClaim().nodeClaim().name()))
                .map(s -> new Located(s.cluster(), s.nodeClaim()));
    }

    private Optional<NodeClaimItemMapper.Stored> read(String partitionKey) {
        Map<String, AttributeValue> item;
        try {
            item = client.getItem(b -> b.tableName(settings.tableName())
                            .key(Map.of(TableSchemas.PARTITION_KEY, AttributeValue.fromS(partitionKey)))
                            .consistentRead(true))
                    .item();
        } catch (SdkException e) {
            throw new DynamoDbStateException(
                    "DynamoDB GetItem on table " + settings.tableName() + " for pk " + partitionKey + " failed: "
                            + e.getMessage(),
                    e);
        }
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(map(item));
    }

    private List<VersionedNodeClaim> queryClusterPhase(
            String keyCondition, Map<String, String> names, Map<String, AttributeValue> values, String what) {
        QueryRequest.Builder request = QueryRequest.builder()
                .tableName(settings.tableName())
                .indexName(TableSchemas.BY_CLUSTER_PHASE)
                .keyConditionExpression(keyCondition)
                // cluster is a DynamoDB reserved word, so both key attributes are aliased.
                .expressionAttributeNames(names)
                .expressionAttributeValues(values);
        List<VersionedNodeClaim> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : query(request, what)) {
            out.add(map(item).nodeClaim());
        }
        out.sort(Comparator.comparing(v -> v.nodeClaim().name()));
        return out;
    }

    /** Every item of a query, following {@code LastEvaluatedKey} page by page. */
    private List<Map<String, AttributeValue>> query(QueryRequest.Builder request, String what) {
        if (settings.queryPageSize() > 0) {
            request.limit(settings.queryPageSize());
        }
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        try {
            do {
                QueryResponse page =
                        client.query(request.exclusiveStartKey(startKey).build());
                items.addAll(page.items());
                startKey =
                        page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                                ? page.lastEvaluatedKey()
                                : null;
            } while (startKey != null);
        } catch (SdkException e) {
            throw new DynamoDbStateException(
                    "DynamoDB Query on table " + settings.tableName() + " (" + what + ") failed: " + e.getMessage(), e);
        }
        return items;
    }

    private NodeClaimItemMapper.Stored map(Map<String, AttributeValue> item) {
        try {
            return NodeClaimItemMapper.fromItem(item);
        } catch (IllegalArgumentException e) {
            AttributeValue pk = item.get(TableSchemas.PARTITION_KEY);
            throw new DynamoDbStateException(
                    "NodeClaim item " + (pk == null ? "without pk" : "pk " + pk.s()) + " in table "
                            + settings.tableName() + " cannot be read: " + e.getMessage(),
                    e);
        }
    }

    private DynamoDbStateException failure(String operation, String cluster, String name, SdkException e) {
        return new DynamoDbStateException(
                "DynamoDB " + operation + " of NodeClaim " + describe(cluster, name) + " failed: " + e.getMessage(), e);
    }

    private String describe(String cluster, String name) {
        return cluster + "/" + name + " in table " + settings.tableName();
    }

    private static void requireCluster(String cluster) {
        Objects.requireNonNull(cluster, "cluster");
        if (cluster.isBlank() || cluster.indexOf(NodeClaimItemMapper.KEY_SEPARATOR) >= 0) {
            throw new IllegalArgumentException(
                    "cluster name \"" + cluster + "\" must be non-blank and must not contain '#' (it is part of the"
                            + " NodeClaims table key <cluster>#<name>)");
        }
    }
}
