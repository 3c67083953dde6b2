package dev.fleetwright.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetwright.core.state.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/** {@link DynamoDbLease} on DynamoDB Local: the shared contract, the requests it sends and its item. */
@DisplayName("DynamoDbLease on DynamoDB Local")
class DynamoDbLeaseTest extends LeaseContract {

    private static final RecordingInterceptor RECORDER = new RecordingInterceptor();
    private static final DynamoDbClient CLIENT = DynamoDbLocal.client(RECORDER);
    private static final String TABLE = DynamoDbLocal.uniqueTableName("state");

    @BeforeAll
    static void createTable() {
        TableSchemas.create(CLIENT, TableSchemas.stateTable(TABLE));
    }

    @AfterAll
    static void closeClient() {
        CLIENT.close();
    }

    @Override
    protected Lease newLease() {
        RECORDER.clear();
        return new DynamoDbLease(CLIENT, StateTableSettings.of(TABLE), DynamoDbLease.PROVISIONER_LEASE);
    }

    private Map<String, AttributeValue> rawItem(String leaseName) {
        return CLIENT.getItem(b -> b.tableName(TABLE)
                        .key(Map.of(
                                "pk", AttributeValue.fromS("lease#" + cluster),
                                "sk", AttributeValue.fromS(leaseName)))
                        .consistentRead(true))
                .item();
    }

    @Nested
    @DisplayName("requests and item")
    class Requests {

        @Test
        @DisplayName("should acquire with one conditional put: free, expired or same holder")
        void acquireCondition() {
            lease.tryAcquire(cluster, "request-a", NOW, DURATION);

            PutItemRequest put = single(RECORDER.requests(PutItemRequest.class));
            assertThat(put.tableName()).isEqualTo(TABLE);
            assertThat(put.conditionExpression())
                    .isEqualTo(
                            "attribute_not_exists(pk) OR expiresAtEpochMillis <= :nowEpochMillis OR holder = :holder");
            assertThat(put.expressionAttributeValues())
                    .isEqualTo(Map.of(
                            ":nowEpochMillis", AttributeValue.fromN(Long.toString(NOW.toEpochMilli())),
                            ":holder", AttributeValue.fromS("request-a")));
        }

        @Test
        @DisplayName("should store holder, expiry in epoch millis and a TTL one day after expiry")
        void item() {
            lease.tryAcquire(cluster, "request-a", NOW, DURATION);

            long expiresMillis = Instant.parse("2099-03-01T12:00:30Z").toEpochMilli();
            long ttl = Instant.parse("2099-03-02T12:00:30Z").getEpochSecond();
            assertThat(rawItem("provisioner"))
                    .containsEntry("cluster", AttributeValue.fromS(cluster))
                    .containsEntry("holder", AttributeValue.fromS("request-a"))
                    .containsEntry("expiresAtEpochMillis", AttributeValue.fromN(Long.toString(expiresMillis)))
                    .containsEntry("ttlEpochSeconds", AttributeValue.fromN(Long.toString(ttl)));
        }

        @Test
        @DisplayName("should release with a delete conditioned on the holder")
        void releaseCondition() {
            lease.tryAcquire(cluster, "request-a", NOW, DURATION);
            RECORDER.clear();

            lease.release(cluster, "request-b");
            lease.release(cluster, "request-a");

            List<DeleteItemRequest> deletes = RECORDER.requests(DeleteItemRequest.class);
            assertThat(deletes).hasSize(2).allSatisfy(d -> {
                assertThat(d.conditionExpression()).isEqualTo("holder = :holder");
                assertThat(d.key())
                        .isEqualTo(Map.of(
                                "pk", AttributeValue.fromS("lease#" + cluster),
                                "sk", AttributeValue.fromS("provisioner")));
            });
            assertThat(deletes.get(0).expressionAttributeValues())
                    .containsEntry(":holder", AttributeValue.fromS("request-b"));
            assertThat(rawItem("provisioner")).isEmpty();
        }
    }

    @Nested
    @DisplayName("DynamoDB specifics")
    class Specifics {

        @Test
        @DisplayName("should keep leases of different names apart")
        void leaseNames() {
            Lease disruption = new DynamoDbLease(CLIENT, StateTableSettings.of(TABLE), "disruption");
            lease.tryAcquire(cluster, "request-a", NOW, DURATION);

            assertThat(disruption.tryAcquire(cluster, "request-b", NOW, DURATION))
                    .isTrue();
            assertThat(rawItem("disruption")).containsEntry("holder", AttributeValue.fromS("request-b"));
        }

        @Test
        @DisplayName("should round a sub-millisecond expiry up, so a lease never ends early")
        void subMillisecondRoundsUp() {
            Instant now = NOW.plusNanos(500_000);
            lease.tryAcquire(cluster, "request-a", now, DURATION);

            assertThat(lease.tryAcquire(cluster, "request-b", now.plus(DURATION), DURATION))
                    .as("30.0005 s after NOW: stored expiry is NOW + 30.001 s")
                    .isFalse();
            assertThat(lease.tryAcquire(cluster, "request-b", NOW.plus(DURATION).plusMillis(1), DURATION))
                    .isTrue();
        }

        @Test
        @DisplayName("should report a failure other than a lost race, naming the lease and table")
        void missingTable() {
            Lease nowhere = new DynamoDbLease(CLIENT, StateTableSettings.of("no-such-table"), "provisioner");

            assertThatThrownBy(() -> nowhere.tryAcquire(cluster, "request-a", NOW, DURATION))
                    .isInstanceOf(DynamoDbStateException.class)
                    .hasMessageContaining("provisioner of cluster " + cluster + " in table no-such-table");
        }

        @Test
        @DisplayName("should refuse a negative duration and blank names")
        void invalidArguments() {
            assertThatThrownBy(() -> lease.tryAcquire(cluster, "request-a", NOW, Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("negative");
            assertThatThrownBy(() -> lease.tryAcquire(cluster, " ", NOW, DURATION))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("holder");
            assertThatThrownBy(() -> new DynamoDbLease(CLIENT, StateTableSettings.of(TABLE), ""))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("lease name");
        }
    }

    private static <T> T single(List<T> requests) {
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }
}
