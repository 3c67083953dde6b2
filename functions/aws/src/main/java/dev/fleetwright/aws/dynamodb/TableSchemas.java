package dev.fleetwright.aws.dynamodb;

import java.util.Objects;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * The definitions of Fleetwright's two DynamoDB tables: key schema, attribute definitions, global secondary indexes
 * and the TTL attribute. Tests create tables in DynamoDB Local from these; {@code docs/design/dynamodb-tables.md}
 * carries the same definitions in CloudFormation syntax for the SAM template, and a test keeps the two equal.
 *
 * <p><b>NodeClaims table</b>: partition key {@value #CLUSTER} (the cluster name), sort key {@value #NAME} (the
 * NodeClaim name), both strings. A cluster's NodeClaims share one partition, so listing them is a Query on the table
 * itself, which can be strongly consistent; a global secondary index cannot (Amazon DynamoDB Developer Guide, "Read
 * consistency"), and the Provisioner must see a NodeClaim it wrote a moment earlier. One index, {@value
 * #BY_INSTANCE_ID} (partition key {@value #INSTANCE_ID}, keys only, sparse: only launched NodeClaims have the
 * attribute), for interruption events that carry only the instance ID. TTL on {@value #TTL_ATTRIBUTE}.
 *
 * <p><b>State table</b>: partition key {@value #PARTITION_KEY} and sort key {@value #SORT_KEY}, both strings; no
 * index; TTL on {@value #TTL_ATTRIBUTE}. Item shapes are described by {@link DynamoDbLease} and {@link
 * DynamoDbUnavailableOfferings}.
 *
 * <p>Both tables bill per request: load follows pending pods and is bursty.
 */
public final class TableSchemas {

    /** The partition key attribute of the state table (string). */
    public static final String PARTITION_KEY = "pk";

    /** The sort key attribute of the state table (string). */
    public static final String SORT_KEY = "sk";

    /** The attribute DynamoDB's TTL reads, in epoch seconds, on both tables. */
    public static final String TTL_ATTRIBUTE = "ttlEpochSeconds";

    /** The cluster name attribute: the partition key of the NodeClaims table, also written on lease items. */
    public static final String CLUSTER = "cluster";

    /** The NodeClaim name attribute: the sort key of the NodeClaims table. */
    public static final String NAME = "name";

    /** The phase attribute of a NodeClaim item ({@code Launching} ...); not a key, sweeps filter on it. */
    public static final String PHASE = "phase";

    /** The EC2 instance ID attribute of a NodeClaim item, absent until launched: the key of {@value #BY_INSTANCE_ID}. */
    public static final String INSTANCE_ID = "instanceId";

    /** The NodeClaims index by EC2 instance ID (keys only), for interruption events. */
    public static final String BY_INSTANCE_ID = "byInstanceId";

    /** DynamoDB's table naming rule (Amazon DynamoDB Developer Guide, "Naming rules"). */
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");

    private TableSchemas() {}

    /**
     * The NodeClaims table.
     *
     * @param tableName the table name
     * @return the request that creates it (without TTL, which is a separate call: {@link #timeToLive})
     * @throws IllegalArgumentException if the table name breaks DynamoDB's naming rule
     */
    public static CreateTableRequest nodeClaimsTable(String tableName) {
        requireValidTableName(tableName);
        return CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(stringAttribute(CLUSTER), stringAttribute(NAME), stringAttribute(INSTANCE_ID))
                .keySchema(key(CLUSTER, KeyType.HASH), key(NAME, KeyType.RANGE))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName(BY_INSTANCE_ID)
                        .keySchema(key(INSTANCE_ID, KeyType.HASH))
                        // Keys only: the index yields (cluster, name, instanceId) and the store then reads the
                        // item itself with a consistent GetItem, so the index never serves a stale NodeClaim.
                        .projection(Projection.builder()
                                .projectionType(ProjectionType.KEYS_ONLY)
                                .build())
                        .build())
                .build();
    }

    /**
     * The state table (lease, unavailable offerings).
     *
     * @param tableName the table name
     * @return the request that creates it (without TTL, which is a separate call: {@link #timeToLive})
     * @throws IllegalArgumentException if the table name breaks DynamoDB's naming rule
     */
    public static CreateTableRequest stateTable(String tableName) {
        requireValidTableName(tableName);
        return CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(stringAttribute(PARTITION_KEY), stringAttribute(SORT_KEY))
                .keySchema(key(PARTITION_KEY, KeyType.HASH), key(SORT_KEY, KeyType.RANGE))
                .build();
    }

    /**
     * Enables TTL on {@value #TTL_ATTRIBUTE}, as both tables need.
     *
     * @param tableName the table name
     * @return the request
     * @throws IllegalArgumentException if the table name breaks DynamoDB's naming rule
     */
    public static UpdateTimeToLiveRequest timeToLive(String tableName) {
        requireValidTableName(tableName);
        return UpdateTimeToLiveRequest.builder()
                .tableName(tableName)
                .timeToLiveSpecification(TimeToLiveSpecification.builder()
                        .attributeName(TTL_ATTRIBUTE)
                        .enabled(true)
                        .build())
                .build();
    }

    /**
     * Creates a table, waits until it exists and enables TTL: for tests and local engines (the deployed tables come
     * from the SAM template).
     *
     * @param client the DynamoDB client
     * @param table {@link #nodeClaimsTable} or {@link #stateTable}
     * @throws software.amazon.awssdk.core.exception.SdkException if DynamoDB rejects a call or the wait fails
     */
    public static void create(DynamoDbClient client, CreateTableRequest table) {
        Objects.requireNonNull(client, "client");
        client.createTable(table);
        try (DynamoDbWaiter waiter = DynamoDbWaiter.builder().client(client).build()) {
            waiter.waitUntilTableExists(b -> b.tableName(table.tableName()));
        }
        client.updateTimeToLive(timeToLive(table.tableName()));
    }

    /**
     * @throws IllegalArgumentException if {@code tableName} is not 3 to 255 characters of {@code [A-Za-z0-9_.-]}
     * @throws NullPointerException if it is null
     */
    static void requireValidTableName(String tableName) {
        Objects.requireNonNull(tableName, "tableName");
        if (!TABLE_NAME.matcher(tableName).matches()) {
            throw new IllegalArgumentException("table name \"" + tableName
                    + "\" must be 3 to 255 characters of letters, digits, '_', '-' and '.' (DynamoDB naming rule)");
        }
    }

    private static AttributeDefinition stringAttribute(String name) {
        return AttributeDefinition.builder()
                .attributeName(name)
                .attributeType(ScalarAttributeType.S)
                .build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
