package dev.fleetwright.aws.dynamodb;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how {@link DynamoDbNodeClaimStore} keeps NodeClaims. Built once at init from the function's settings.
 *
 * @param tableName the NodeClaims table, 3 to 255 characters of {@code [A-Za-z0-9_.-]} (DynamoDB's naming rule)
 * @param terminatedRetention how long a Terminated or Failed NodeClaim stays readable before DynamoDB's TTL may
 *     delete it, counted from its {@code terminatedAt}; positive
 * @param queryPageSize the {@code Limit} of each Query page, or 0 for DynamoDB's own 1 MB pages; never negative
 */
public record NodeClaimTableSettings(String tableName, Duration terminatedRetention, int queryPageSize) {

    /** How long terminal NodeClaims are kept by default: 7 days, enough to investigate a week-old incident. */
    public static final Duration DEFAULT_TERMINATED_RETENTION = Duration.ofDays(7);

    /**
     * @throws IllegalArgumentException if the table name breaks DynamoDB's naming rule, the retention is not positive
     *     or the page size is negative
     * @throws NullPointerException if the table name or the retention is null
     */
    public NodeClaimTableSettings {
        TableSchemas.requireValidTableName(tableName);
        Objects.requireNonNull(terminatedRetention, "terminatedRetention");
        if (terminatedRetention.isNegative() || terminatedRetention.isZero()) {
            throw new IllegalArgumentException("terminatedRetention must be positive, got " + terminatedRetention);
        }
        if (queryPageSize < 0) {
            throw new IllegalArgumentException(
                    "queryPageSize must be 0 (DynamoDB's pages) or positive, got " + queryPageSize);
        }
    }

    /**
     * Settings with the default retention and DynamoDB's own page size.
     *
     * @param tableName the NodeClaims table
     * @return the settings
     * @throws IllegalArgumentException if the table name breaks DynamoDB's naming rule
     */
    public static NodeClaimTableSettings of(String tableName) {
        return new NodeClaimTableSettings(tableName, DEFAULT_TERMINATED_RETENTION, 0);
    }
}
