package dev.fleetwright.aws.dynamodb;

import dev.fleetwright.core.state.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@link Lease} on the state table: one item per cluster and lease name, taken and released with conditional writes.
 *
 * <p>Item: {@value TableSchemas#PARTITION_KEY} = {@code lease#<cluster>}, {@value TableSchemas#SORT_KEY} = the lease
 * name ({@value #PROVISIONER_LEASE} for the provisioner), {@code cluster}, {@code holder}, {@code
 * expiresAtEpochMillis} (number) and {@value TableSchemas#TTL_ATTRIBUTE} one day after expiry, so leases of clusters
 * that went away disappear.
 *
 * <ul>
 *   <li>{@link #tryAcquire} puts the item with {@value #ACQUIRE_CONDITION}: free, expired, or already held by the
 *       caller (re-entrant; the expiry moves to {@code now + duration}). A failed condition returns {@code false}.
 *   <li>{@link #release} deletes the item with {@value #RELEASE_CONDITION}; when another holder has it, or nobody, it
 *       does nothing.
 * </ul>
 *
 * <p>The expiry is stored in milliseconds, rounded up, and compared with {@code now} rounded down: a lease may last
 * under a millisecond longer than asked, never shorter. Failures other than a lost race are a {@link
 * DynamoDbStateException}.
 */
public final class DynamoDbLease implements Lease {

    /** The lease name the provisioner uses: one planner at a time per cluster. */
    public static final String PROVISIONER_LEASE = "provisioner";

    /** The condition of {@link #tryAcquire}. */
    public static final String ACQUIRE_CONDITION =
            "attribute_not_exists(pk) OR expiresAtEpochMillis <= :nowEpochMillis OR holder = :holder";

    /** The condition of {@link #release}. */
    public static final String RELEASE_CONDITION = "holder = :holder";

    /** How long after its expiry DynamoDB may delete a lease item nobody released. */
    static final Duration TTL_AFTER_EXPIRY = Duration.ofDays(1);

    static final String HOLDER = "holder";
    static final String EXPIRES_AT_EPOCH_MILLIS = "expiresAtEpochMillis";

    private final DynamoDbClient client;
    private final StateTableSettings settings;
    private final String leaseName;

    /**
     * @param client the DynamoDB client (region, credentials and endpoint configured by the caller)
     * @param settings the state table
     * @param leaseName which lease of the cluster, for example {@value #PROVISIONER_LEASE}; not blank
     * @throws IllegalArgumentException if the lease name is blank
     */
    public DynamoDbLease(DynamoDbClient client, StateTableSettings settings, String leaseName) {
        this.client = Objects.requireNonNull(client, "client");
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(leaseName, "leaseName");
        if (leaseName.isBlank()) {
            throw new IllegalArgumentException("lease name must not be blank");
        }
        this.leaseName = leaseName;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the cluster or holder is blank or the duration negative
     * @throws DynamoDbStateException if DynamoDB fails other than by the condition
     */
    @Override
    public boolean tryAcquire(String cluster, String holder, Instant now, Duration duration) {
        requireNotBlank(cluster, "cluster");
        requireNotBlank(holder, "holder");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("lease duration must not be negative, got " + duration);
        }
        Instant expires = now.plus(duration);
        Map<String, AttributeValue> item = Map.of(
                TableSchemas.PARTITION_KEY,
                AttributeValue.fromS(partitionKey(cluster)),
                TableSchemas.SORT_KEY,
                AttributeValue.fromS(leaseName),
                TableSchemas.CLUSTER,
                AttributeValue.fromS(cluster),
                HOLDER,
                AttributeValue.fromS(holder),
                EXPIRES_AT_EPOCH_MILLIS,
                number(EpochTimes.ceilMillis(expires)),
                TableSchemas.TTL_ATTRIBUTE,
                number(EpochTimes.ceilSeconds(expires.plus(TTL_AFTER_EXPIRY))));
        try {
            client.putItem(b -> b.tableName(settings.tableName())
                    .item(item)
                    .conditionExpression(ACQUIRE_CONDITION)
                    .expressionAttributeValues(Map.of(
                            ":nowEpochMillis", number(EpochTimes.floorMillis(now)),
                            ":holder", AttributeValue.fromS(holder))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        } catch (SdkException e) {
            throw new DynamoDbStateException(
                    "DynamoDB PutItem of lease " + describe(cluster) + " for " + holder + " failed: " + e.getMessage(),
                    e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws DynamoDbStateException if DynamoDB fails other than by the condition
     */
    @Override
    public void release(String cluster, String holder) {
        requireNotBlank(cluster, "cluster");
        requireNotBlank(holder, "holder");
        try {
            client.deleteItem(b -> b.tableName(settings.tableName())
                    .key(Map.of(
                            TableSchemas.PARTITION_KEY, AttributeValue.fromS(partitionKey(cluster)),
                            TableSchemas.SORT_KEY, AttributeValue.fromS(leaseName)))
                    .conditionExpression(RELEASE_CONDITION)
                    .expressionAttributeValues(Map.of(":holder", AttributeValue.fromS(holder))));
        } catch (ConditionalCheckFailedException e) {
            // Held by someone else (our lease expired and was taken) or already gone: nothing of ours to release.
        } catch (SdkException e) {
            throw new DynamoDbStateException(
                    "DynamoDB DeleteItem of lease " + describe(cluster) + " for " + holder + " failed: "
                            + e.getMessage(),
                    e);
        }
    }

    /** {@code lease#<cluster>}. */
    static String partitionKey(String cluster) {
        return "lease#" + cluster;
    }

    private String describe(String cluster) {
        return leaseName + " of cluster " + cluster + " in table " + settings.tableName();
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static void requireNotBlank(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
