package dev.fleetwright.aws.dynamodb;

import dev.fleetwright.core.cloudprovider.CapacityType;
import dev.fleetwright.core.cloudprovider.OfferingKey;
import dev.fleetwright.core.state.UnavailableOfferings;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * {@link UnavailableOfferings} on the state table, shared by every function and cluster of the stack (EC2 capacity
 * belongs to the account and region, not to a cluster).
 *
 * <p>Item: {@value TableSchemas#PARTITION_KEY} = {@value #PARTITION}, {@value TableSchemas#SORT_KEY} = {@code
 * <instanceType>/<zone>/<capacityType>} ({@link OfferingKey#toString()}), {@code instanceType}, {@code zone}, {@code
 * capacityType} (label value), {@code expiresAtEpochMillis} (number) and {@value TableSchemas#TTL_ATTRIBUTE}.
 *
 * <ul>
 *   <li>{@link #markUnavailable} puts one item per offering with {@value #MARK_CONDITION}, so a later deadline
 *       already stored is kept (a failed condition is not an error).
 *   <li>{@link #unavailable} is one Query on the fixed partition, strongly consistent, with the filter {@value
 *       #UNEXPIRED_FILTER}, following every page: TTL deletes expired items only eventually, so the filter is what
 *       makes an expired entry disappear on time. The partition is small (entries live minutes) and read once per
 *       provisioning run.
 * </ul>
 *
 * <p>Deadlines are stored in milliseconds, rounded up, and compared with {@code now} rounded down. Failures are a
 * {@link DynamoDbStateException}.
 */
public final class DynamoDbUnavailableOfferings implements UnavailableOfferings {

    /** The partition key of every unavailable-offering item. */
    public static final String PARTITION = "unavailable-offerings";

    /** The condition of each put of {@link #markUnavailable}: new, or extending an earlier deadline. */
    public static final String MARK_CONDITION =
            "attribute_not_exists(pk) OR expiresAtEpochMillis < :expiresAtEpochMillis";

    /** The filter of {@link #unavailable}: drops entries expired but not yet deleted by TTL. */
    public static final String UNEXPIRED_FILTER = "expiresAtEpochMillis > :nowEpochMillis";

    static final String INSTANCE_TYPE = "instanceType";
    static final String ZONE = "zone";
    static final String CAPACITY_TYPE = "capacityType";
    static final String EXPIRES_AT_EPOCH_MILLIS = "expiresAtEpochMillis";

    private final DynamoDbClient client;
    private final StateTableSettings settings;

    /**
     * @param client the DynamoDB client (region, credentials and endpoint configured by the caller)
     * @param settings the state table and query page size
     */
    public DynamoDbUnavailableOfferings(DynamoDbClient client, StateTableSettings settings) {
        this.client = Objects.requireNonNull(client, "client");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * {@inheritDoc}
     *
     * <p>One conditional put per distinct offering.
     *
     * @throws DynamoDbStateException if DynamoDB fails other than by the condition
     */
    @Override
    public void markUnavailable(Collection<OfferingKey> offerings, Instant until) {
        Objects.requireNonNull(offerings, "offerings");
        Objects.requireNonNull(until, "until");
        AttributeValue expires = number(EpochTimes.ceilMillis(until));
        AttributeValue ttl = number(EpochTimes.ceilSeconds(until));
        for (OfferingKey key : new LinkedHashSet<>(offerings)) {
            Map<String, AttributeValue> item = Map.of(
                    TableSchemas.PARTITION_KEY,
                    AttributeValue.fromS(PARTITION),
                    TableSchemas.SORT_KEY,
                    AttributeValue.fromS(key.toString()),
                    INSTANCE_TYPE,
                    AttributeValue.fromS(key.instanceType()),
                    ZONE,
                    AttributeValue.fromS(key.zone()),
                    CAPACITY_TYPE,
                    AttributeValue.fromS(key.capacityType().labelValue()),
                    EXPIRES_AT_EPOCH_MILLIS,
                    expires,
                    TableSchemas.TTL_ATTRIBUTE,
                    ttl);
            try {
                client.putItem(b -> b.tableName(settings.tableName())
                        .item(item)
                        .conditionExpression(MARK_CONDITION)
                        .expressionAttributeValues(Map.of(":expiresAtEpochMillis", expires)));
            } catch (ConditionalCheckFailedException e) {
                // A later deadline is already stored for this offering: keep it.
            } catch (SdkException e) {
                throw new DynamoDbStateException(
                        "DynamoDB PutItem of unavailable offering " + key + " in table " + settings.tableName()
                                + " failed: " + e.getMessage(),
                        e);
            }
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws DynamoDbStateException if DynamoDB fails or a stored item cannot be read
     */
    @Override
    public Set<OfferingKey> unavailable(Instant now) {
        Objects.requireNonNull(now, "now");
        QueryRequest.Builder request = QueryRequest.builder()
                .tableName(settings.tableName())
                .consistentRead(true)
                .keyConditionExpression("pk = :pk")
                .filterExpression(UNEXPIRED_FILTER)
                .expressionAttributeValues(Map.of(
                        ":pk", AttributeValue.fromS(PARTITION),
                        ":nowEpochMillis", number(EpochTimes.floorMillis(now))));
        if (settings.queryPageSize() > 0) {
            request.limit(settings.queryPageSize());
        }
        Set<OfferingKey> out = new HashSet<>();
        Map<String, AttributeValue> startKey = null;
        do {
            QueryResponse page;
            try {
                page = client.query(request.exclusiveStartKey(startKey).build());
            } catch (SdkException e) {
                throw new DynamoDbStateException(
                        "DynamoDB Query of unavailable offerings in table " + settings.tableName() + " failed: "
                                + e.getMessage(),
                        e);
            }
            page.items().forEach(item -> out.add(offering(item)));
            startKey =
                    page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
        return out;
    }

    private OfferingKey offering(Map<String, AttributeValue> item) {
        AttributeValue sk = item.get(TableSchemas.SORT_KEY);
        try {
            return new OfferingKey(
                    string(item, INSTANCE_TYPE),
                    string(item, ZONE),
                    CapacityType.fromLabelValue(string(item, CAPACITY_TYPE)));
        } catch (IllegalArgumentException e) {
            throw new DynamoDbStateException(
                    "unavailable-offering item sk " + (sk == null ? "(absent)" : sk.s()) + " in table "
                            + settings.tableName() + " cannot be read: " + e.getMessage(),
                    e);
        }
    }

    private static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        if (v == null || v.s() == null) {
            throw new IllegalArgumentException(name + " must be a string (S), got " + v);
        }
        return v.s();
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
