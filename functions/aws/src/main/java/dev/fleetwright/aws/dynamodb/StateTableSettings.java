package dev.fleetwright.aws.dynamodb;

/**
 * Where {@link DynamoDbLease} and {@link DynamoDbUnavailableOfferings} keep their items. Built once at init from the
 * function's settings.
 *
 * @param tableName the state table, 3 to 255 characters of {@code [A-Za-z0-9_.-]} (DynamoDB's naming rule)
 * @param queryPageSize the {@code Limit} of each Query page, or 0 for DynamoDB's own 1 MB pages; never negative
 */
public record StateTableSettings(String tableName, int queryPageSize) {

    /**
     * @throws IllegalArgumentException if the table name breaks DynamoDB's naming rule or the page size is negative
     * @throws NullPointerException if the table name is null
     */
    public StateTableSettings {
        TableSchemas.requireValidTableName(tableName);
        if (queryPageSize < 0) {
            throw new IllegalArgumentException(
                    "queryPageSize must be 0 (DynamoDB's pages) or positive, got " + queryPageSize);
        }
    }

    /**
     * Settings with DynamoDB's own page size.
     *
     * @param tableName the state table
     * @return the settings
     * @throws IllegalArgumentException if the table name breaks DynamoDB's naming rule
     */
    public static StateTableSettings of(String tableName) {
        return new StateTableSettings(tableName, 0);
    }
}
