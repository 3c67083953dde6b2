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
 * {@link NodeClaimStore} on the NodeClaims table ({@link TableSchemas#nodeClaimsTable}): one item per NodeClaim, with
 * partition key {@value TableSchemas#CLUSTER} and sort key {@value TableSchemas#NAME}, so one stack serves several
 * clusters and each cluster's NodeClaims sit together in one partition.
 *
 * <ul>
 *   <li>{@link #create} puts with {@value #CREATE_CONDITION}; {@link #update} puts the whole item with {@value
 *       #UPDATE_CONDITION} and the version incremented. A failed condition is a {@link ConflictException} naming the
 *       NodeClaim, the condition and the stored version.
 *   <li>{@link #get} is a strongly consistent GetItem.
 *   <li>{@link #list} is a strongly consistent Query on the table itself (not an index), following every page: it
 *       reflects every create and update that returned before it was called. The Provisioner counts in-flight
 *       NodeClaims from it; an eventually consistent read could miss a NodeClaim written by the previous reconcile
 *       and launch the same capacity twice.
 *   <li>{@link #listInPhase} is the same consistent Query with a filter on the phase.
 *   <li>{@link #findByInstanceId} queries the keys-only {@value TableSchemas#BY_INSTANCE_ID} index (eventually
 *       consistent), then reads each match strongly consistently, so the version returned is current.
 *   <li>A Terminated or Failed NodeClaim gets {@value TableSchemas#TTL_ATTRIBUTE} = {@code terminatedAt +}
 *       {@link NodeClaimTableSettings#terminatedRetention()}; other phases have none.
 * </ul>
 *
 * <p>Any other DynamoDB failure, or a stored item that cannot be read, is a {@link DynamoDbStateException} naming the
 * table and the NodeClaim.
 */
public final class DynamoDbNodeClaimStore implements NodeClaimStore {

    /**
     * The condition of {@link #create}: no item with this key exists.
     *
     * <p>DynamoDB evaluates a PutItem condition against the one item that has the request's full primary key
     * (cluster <em>and</em> name), or against nothing if there is none; it never looks at other items of the
     * partition. Every stored item carries both key attributes, so {@code attribute_not_exists} of either one is true
     * exactly when no NodeClaim of that name exists in that cluster; testing both would add nothing. The sort key is
     * tested because that reads as the rule it enforces, "no NodeClaim of this name yet" (Amazon DynamoDB API
     * Reference, PutItem: "use a conditional expression that contains the attribute_not_exists function with the name
     * of the attribute being used as the partition key"; any key attribute works the same way). {@code name} is a
     * DynamoDB reserved word, hence the alias {@code #name}.
     */
    public static final String CREATE_CONDITION = "attribute_not_exists(#name)";

    /**
     * The condition of {@link #update}: the stored version is the one the caller read. A missing item has no version,
     * so the condition also fails, and an update never creates a NodeClaim.
     */
    public static final String UPDATE_CONDITION = "version = :expectedVersion";

    /** The key condition of {@link #list} and {@link #listInPhase}: the cluster's partition. */
    static final String CLUSTER_KEY_CONDITION = "#cluster = :cluster";

    /** The filter of {@link #listInPhase}. */
    static final String PHASE_FILTER = "#phase = :phase";

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
     * @throws IllegalArgumentException if the cluster name is blank
     * @throws DynamoDbStateException if DynamoDB fails otherwise
     */
    @Override
    public VersionedNodeClaim create(String cluster, NodeClaim nodeClaim) {
        requireCluster(cluster);
        Objects.requireNonNull(nodeClaim, "nodeClaim");
        try {
            client.putItem(b -> b.tableName(settings.tableName())
                    .item(NodeClaimItemMapper.toItem(cluster, nodeClaim, 1, settings.terminatedRetention()))
                    .conditionExpression(CREATE_CONDITION)
                    .expressionAttributeNames(Map.of("#name", TableSchemas.NAME)));
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
     * @throws IllegalArgumentException if the cluster name is blank or the version is below 1
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
     * @throws IllegalArgumentException if the cluster name is blank
     * @throws DynamoDbStateException if DynamoDB fails or the stored item cannot be read
     */
    @Override
    public Optional<VersionedNodeClaim> get(String cluster, String name) {
        requireCluster(cluster);
        Objects.requireNonNull(name, "name");
        return read(cluster, name).map(NodeClaimItemMapper.Stored::nodeClaim);
    }

    /**
     * {@inheritDoc}
     *
     * <p>A Query on the table with {@code ConsistentRead=true} and the key condition {@value #CLUSTER_KEY_CONDITION},
     * following every page. Strong consistency is why the cluster is the table's partition key: DynamoDB refuses
     * consistent reads on a global secondary index, and an eventually consistent read can miss a NodeClaim created a
     * moment ago, which the Provisioner would then launch again. The cost is a consistent read of the cluster's
     * partition (twice the read units of an eventually consistent one), terminated NodeClaims included until their TTL.
     *
     * @throws IllegalArgumentException if the cluster name is blank
     * @throws DynamoDbStateException if DynamoDB fails or a stored item cannot be read
     */
    @Override
    public List<VersionedNodeClaim> list(String cluster) {
        requireCluster(cluster);
        return queryCluster(
                QueryRequest.builder()
                        .expressionAttributeNames(Map.of("#cluster", TableSchemas.CLUSTER))
                        .expressionAttributeValues(Map.of(":cluster", AttributeValue.fromS(cluster))),
                "list " + cluster);
    }

    /**
     * The NodeClaims of a cluster in one phase, sorted by name: what the lifecycle sweeps read (Launching claims past
     * the launch timeout, Launched ones past the registration timeout, ...).
     *
     * <p>The same consistent Query as {@link #list} with the filter {@value #PHASE_FILTER}. A filter is applied after
     * the read, so this costs as much as {@link #list}; the alternative, an index keyed by cluster and phase, would
     * have been eventually consistent (acceptable for a sweep, which retries next period and whose writes are
     * conditional) but would copy every item and every write, phase changes included, into a second table for
     * sweeps that run far less often than writes happen. The table stays with one narrow index.
     *
     * @param cluster the cluster name
     * @param phase the phase
     * @return the records
     * @throws IllegalArgumentException if the cluster name is blank
     * @throws DynamoDbStateException if DynamoDB fails or a stored item cannot be read
     */
    public List<VersionedNodeClaim> listInPhase(String cluster, NodeClaimPhase phase) {
        requireCluster(cluster);
        Objects.requireNonNull(phase, "phase");
        return queryCluster(
                QueryRequest.builder()
                        .filterExpression(PHASE_FILTER)
                        .expressionAttributeNames(
                                Map.of("#cluster", TableSchemas.CLUSTER, "#phase", TableSchemas.PHASE))
                        .expressionAttributeValues(Map.of(
                                ":cluster",
                                AttributeValue.fromS(cluster),
                                ":phase",
                                AttributeValue.fromS(phase.wireName()))),
                "list " + cluster + " in phase " + phase.wireName());
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
        List<Map<String, AttributeValue>> keys = query(
                QueryRequest.builder()
                        .tableName(settings.tableName())
                        .indexName(TableSchemas.BY_INSTANCE_ID)
                        .keyConditionExpression("instanceId = :instanceId")
                        .expressionAttributeValues(Map.of(":instanceId", AttributeValue.fromS(instanceId))),
                "find instance " + instanceId);
        // The index is keys-only and eventually consistent: read each match from the table and re-check.
        return keys.stream()
                .map(this::readIndexed)
                .flatMap(Optional::stream)
                .filter(s -> s.nodeClaim().nodeClaim().status().instanceId().equals(instanceId))
                .min(Comparator.comparing(NodeClaimItemMapper.Stored::cluster)
                        .thenComparing(s -> s.nodeClaim().nodeClaim().name()))
                .map(s -> new Located(s.cluster(), s.nodeClaim()));
    }

    /** The table item an index entry points at; an entry without both key attributes is a malformed index item. */
    private Optional<NodeClaimItemMapper.Stored> readIndexed(Map<String, AttributeValue> indexItem) {
        AttributeValue cluster = indexItem.get(TableSchemas.CLUSTER);
        AttributeValue name = indexItem.get(TableSchemas.NAME);
        if (cluster == null || cluster.s() == null || name == null || name.s() == null) {
            throw new DynamoDbStateException(
                    "index " + TableSchemas.BY_INSTANCE_ID + " of table " + settings.tableName()
                            + " returned an entry without the string key attributes " + TableSchemas.CLUSTER + " and "
                            + TableSchemas.NAME + ": " + indexItem);
        }
        return read(cluster.s(), name.s());
    }

    private Optional<NodeClaimItemMapper.Stored> read(String cluster, String name) {
        Map<String, AttributeValue> item;
        try {
            item = client.getItem(b -> b.tableName(settings.tableName())
                            .key(NodeClaimItemMapper.key(cluster, name))
                            .consistentRead(true))
                    .item();
        } catch (SdkException e) {
            throw failure("GetItem", cluster, name, e);
        }
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(map(item));
    }

    /**
     * Every NodeClaim of one cluster partition, read strongly consistently from the table, sorted by name.
     *
     * @param request the expression names and values (and filter, if any); the table, key condition and consistency
     *     are set here so that no caller can forget them
     */
    private List<VersionedNodeClaim> queryCluster(QueryRequest.Builder request, String what) {
        request.tableName(settings.tableName())
                .keyConditionExpression(CLUSTER_KEY_CONDITION)
                .consistentRead(true);
        List<VersionedNodeClaim> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : query(request, what)) {
            out.add(map(item).nodeClaim());
        }
        // DynamoDB returns the sort key in UTF-8 byte order; sorting here makes the order String's, as the port says.
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
            throw new DynamoDbStateException(
                    "NodeClaim item " + keyText(item.get(TableSchemas.CLUSTER)) + "/"
                            + keyText(item.get(TableSchemas.NAME)) + " in table " + settings.tableName()
                            + " cannot be read: " + e.getMessage(),
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

    private static String keyText(AttributeValue key) {
        return key == null || key.s() == null ? "?" : key.s();
    }

    private static void requireCluster(String cluster) {
        Objects.requireNonNull(cluster, "cluster");
        if (cluster.isBlank()) {
            // DynamoDB rejects an empty key string; a blank one would be a cluster nobody can name.
            throw new IllegalArgumentException("cluster name \"" + cluster + "\" must be non-blank (it is the"
                    + " partition key of the NodeClaims table)");
        }
    }
}
