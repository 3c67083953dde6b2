package dev.fleetwright.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetwright.core.cloudprovider.CapacityType;
import dev.fleetwright.core.cloudprovider.OfferingKey;
import dev.fleetwright.core.state.UnavailableOfferings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * {@link DynamoDbUnavailableOfferings} on DynamoDB Local: the shared contract, the requests it sends, its items and
 * expiry at read time. Each test has its own table, since every entry lives in one fixed partition.
 */
@DisplayName("DynamoDbUnavailableOfferings on DynamoDB Local")
class DynamoDbUnavailableOfferingsTest extends UnavailableOfferingsContract {

    private static final RecordingInterceptor RECORDER = new RecordingInterceptor();
    private static final DynamoDbClient CLIENT = DynamoDbLocal.client(RECORDER);

    private String table;

    @AfterAll
    static void closeClient() {
        CLIENT.close();
    }

    @Override
    protected UnavailableOfferings newUnavailableOfferings() {
        return withPageSize(0);
    }

    private DynamoDbUnavailableOfferings withPageSize(int pageSize) {
        table = DynamoDbLocal.uniqueTableName("state");
        TableSchemas.create(CLIENT, TableSchemas.stateTable(table));
        RECORDER.clear();
        return new DynamoDbUnavailableOfferings(CLIENT, new StateTableSettings(table, pageSize));
    }

    private Map<String, AttributeValue> rawItem(OfferingKey key) {
        return CLIENT.getItem(b -> b.tableName(table)
                        .key(Map.of(
                                "pk", AttributeValue.fromS("unavailable-offerings"),
                                "sk", AttributeValue.fromS(key.toString())))
                        .consistentRead(true))
                .item();
    }

    @Nested
    @DisplayName("requests and items")
    class Requests {

        @Test
        @DisplayName("should put each offering with a condition that keeps a later deadline")
        void markCondition() {
            offerings.markUnavailable(List.of(M5_SPOT_A, C5_RESERVED_A), UNTIL);

            List<PutItemRequest> puts = RECORDER.requests(PutItemRequest.class);
            assertThat(puts).hasSize(2).allSatisfy(p -> {
                assertThat(p.conditionExpression())
                        .isEqualTo("attribute_not_exists(pk) OR expiresAtEpochMillis < :expiresAtEpochMillis");
                assertThat(p.expressionAttributeValues())
                        .isEqualTo(Map.of(
                                ":expiresAtEpochMillis", AttributeValue.fromN(Long.toString(UNTIL.toEpochMilli()))));
            });
        }

        @Test
        @DisplayName("should store one item per offering with its deadline and a TTL")
        void item() {
            offerings.markUnavailable(List.of(M5_SPOT_A), UNTIL);

            assertThat(rawItem(M5_SPOT_A))
                    .containsEntry("sk", AttributeValue.fromS("m5.large/us-east-1a/spot"))
                    .containsEntry("instanceType", AttributeValue.fromS("m5.large"))
                    .containsEntry("zone", AttributeValue.fromS("us-east-1a"))
                    .containsEntry("capacityType", AttributeValue.fromS("spot"))
                    .containsEntry(
                            "expiresAtEpochMillis",
                            AttributeValue.fromN(Long.toString(
                                    Instant.parse("2099-03-01T12:03:00Z").toEpochMilli())))
                    .containsEntry(
                            "ttlEpochSeconds",
                            AttributeValue.fromN(Long.toString(
                                    Instant.parse("2099-03-01T12:03:00Z").getEpochSecond())));
        }

        @Test
        @DisplayName("should read with one consistent Query on the fixed partition, filtering expired entries")
        void readQuery() {
            offerings.markUnavailable(List.of(M5_SPOT_A), UNTIL);
            RECORDER.clear();

            offerings.unavailable(NOW);

            assertThat(RECORDER.requests(ScanRequest.class)).isEmpty();
            QueryRequest query = single(RECORDER.requests(QueryRequest.class));
            assertThat(query.consistentRead()).isTrue();
            assertThat(query.indexName()).isNull();
            assertThat(query.keyConditionExpression()).isEqualTo("pk = :pk");
            assertThat(query.filterExpression()).isEqualTo("expiresAtEpochMillis > :nowEpochMillis");
            assertThat(query.expressionAttributeValues())
                    .isEqualTo(Map.of(
                            ":pk", AttributeValue.fromS("unavailable-offerings"),
                            ":nowEpochMillis", AttributeValue.fromN(Long.toString(NOW.toEpochMilli()))));
        }
    }

    @Nested
    @DisplayName("expiry and paging")
    class Expiry {

        @Test
        @DisplayName("should ignore an expired entry that TTL has not deleted yet")
        void expiredButStored() {
            offerings.markUnavailable(List.of(M5_SPOT_A), NOW.plusSeconds(60));
            offerings.markUnavailable(List.of(M5_SPOT_B), NOW.plusSeconds(600));

            assertThat(rawItem(M5_SPOT_A)).as("still stored").isNotEmpty();
            assertThat(offerings.unavailable(NOW.plusSeconds(120))).containsExactly(M5_SPOT_B);
        }

        @Test
        @DisplayName("should follow every page, including pages the filter empties")
        void paging() {
            UnavailableOfferings paged = withPageSize(1);
            List<OfferingKey> expired = IntStream.range(0, 3)
                    .mapToObj(i -> new OfferingKey("a" + i + ".large", "us-east-1a", CapacityType.SPOT))
                    .toList();
            List<OfferingKey> live = IntStream.range(0, 3)
                    .mapToObj(i -> new OfferingKey("z" + i + ".large", "us-east-1a", CapacityType.ON_DEMAND))
                    .toList();
            paged.markUnavailable(expired, NOW.plusSeconds(10));
            paged.markUnavailable(live, UNTIL);
            RECORDER.clear();

            assertThat(paged.unavailable(NOW.plusSeconds(20))).containsExactlyInAnyOrderElementsOf(live);
            assertThat(RECORDER.requests(QueryRequest.class))
                    .hasSizeGreaterThanOrEqualTo(6)
                    .allSatisfy(q -> assertThat(q.limit()).isEqualTo(1));
        }

        @Test
        @DisplayName("should round a sub-millisecond deadline up, so an offering is never retried early")
        void subMillisecondRoundsUp() {
            offerings.markUnavailable(List.of(M5_SPOT_A), UNTIL.plusNanos(1));

            assertThat(offerings.unavailable(UNTIL)).containsExactly(M5_SPOT_A);
            assertThat(offerings.unavailable(UNTIL.plusMillis(1))).isEmpty();
        }

        @Test
        @DisplayName("should name the table and key when a stored item cannot be read")
        void malformedItem() {
            offerings.markUnavailable(List.of(M5_SPOT_A), UNTIL);
            CLIENT.updateItem(b -> b.tableName(table)
                    .key(Map.of(
                            "pk", AttributeValue.fromS("unavailable-offerings"),
                            "sk", AttributeValue.fromS("m5.large/us-east-1a/spot")))
                    .updateExpression("SET capacityType = :c")
                    .expressionAttributeValues(Map.of(":c", AttributeValue.fromS("cheap"))));

            assertThatThrownBy(() -> offerings.unavailable(NOW))
                    .isInstanceOf(DynamoDbStateException.class)
                    .hasMessageContaining("sk m5.large/us-east-1a/spot in table " + table)
                    .hasMessageContaining("capacity type \"cheap\" is not one of spot, on-demand, reserved");
        }
    }

    private static <T> T single(List<T> requests) {
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }
}
