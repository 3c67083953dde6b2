package dev.fleetwright.aws.dynamodb;

import static dev.fleetwright.aws.dynamodb.NodeClaimFixtures.launched;
import static dev.fleetwright.aws.dynamodb.NodeClaimFixtures.launching;
import static dev.fleetwright.aws.dynamodb.NodeClaimFixtures.rich;
import static dev.fleetwright.aws.dynamodb.NodeClaimFixtures.terminated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.NodeClaim;
import dev.fleetwright.core.api.NodeClaimPhase;
import dev.fleetwright.core.api.NodeClaimSpec;
import dev.fleetwright.core.api.corev1.NodeSelectorOperator;
import dev.fleetwright.core.api.corev1.NodeSelectorRequirement;
import dev.fleetwright.core.state.ConflictException;
import dev.fleetwright.core.state.NodeClaimStore;
import dev.fleetwright.core.state.VersionedNodeClaim;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/** {@link DynamoDbNodeClaimStore} on DynamoDB Local: the shared contract, the requests it sends and the items. */
@DisplayName("DynamoDbNodeClaimStore on DynamoDB Local")
class DynamoDbNodeClaimStoreTest extends NodeClaimStoreContract {

    private static final RecordingInterceptor RECORDER = new RecordingInterceptor();
    private static final DynamoDbClient CLIENT = DynamoDbLocal.client(RECORDER);

    private static final String TABLE = DynamoDbLocal.uniqueTableName("nodeclaims");

    @BeforeAll
    static void createTable() {
        TableSchemas.create(CLIENT, TableSchemas.nodeClaimsTable(TABLE));
    }

    @AfterAll
    static void closeClient() {
        CLIENT.close();
    }

    @Override
    protected NodeClaimStore newStore() {
        return storeWith(settings -> settings);
    }

    /** A store on the shared table with settings derived from the defaults; the recorder is cleared. */
    private DynamoDbNodeClaimStore storeWith(UnaryOperator<NodeClaimTableSettings> tweak) {
        RECORDER.clear();
        return new DynamoDbNodeClaimStore(CLIENT, tweak.apply(NodeClaimTableSettings.of(TABLE)));
    }

    private Map<String, AttributeValue> rawItem(String cluster, String name) {
        return CLIENT.getItem(b -> b.tableName(TABLE)
                        .key(Map.of("cluster", AttributeValue.fromS(cluster), "name", AttributeValue.fromS(name)))
                        .consistentRead(true))
                .item();
    }

    @Nested
    @DisplayName("requests")
    class Requests {

        @Test
        @DisplayName("should create with the condition attribute_not_exists on the sort key name, aliased")
        void createCondition() {
            store.create(cluster, launching("general-a1b2c"));

            PutItemRequest put = single(RECORDER.requests(PutItemRequest.class));
            assertThat(put.tableName()).isEqualTo(TABLE);
            assertThat(put.conditionExpression()).isEqualTo("attribute_not_exists(#name)");
            assertThat(put.expressionAttributeNames()).isEqualTo(Map.of("#name", "name"));
            assertThat(put.item())
                    .containsEntry("cluster", AttributeValue.fromS(cluster))
                    .containsEntry("name", AttributeValue.fromS("general-a1b2c"))
                    .containsEntry("version", AttributeValue.fromN("1"))
                    .doesNotContainKey("pk");
        }

        @Test
        @DisplayName("should update with the condition version = :expectedVersion and store the next version")
        void updateCondition() {
            store.create(cluster, launching("general-a1b2c"));
            RECORDER.clear();

            store.update(cluster, launched("general-a1b2c", instanceId("abc")), 1);

            PutItemRequest put = single(RECORDER.requests(PutItemRequest.class));
            assertThat(put.conditionExpression()).isEqualTo("version = :expectedVersion");
            assertThat(put.expressionAttributeValues())
                    .isEqualTo(Map.of(":expectedVersion", AttributeValue.fromN("1")));
            assertThat(put.item().get("version").n()).isEqualTo("2");
        }

        @Test
        @DisplayName("should read one NodeClaim strongly consistently by its key")
        void getIsConsistent() {
            store.get(cluster, "general-a1b2c");

            GetItemRequest get = single(RECORDER.requests(GetItemRequest.class));
            assertThat(get.consistentRead()).isTrue();
            assertThat(get.key()).isEqualTo(key(cluster, "general-a1b2c"));
        }

        @Test
        @DisplayName("should list a cluster with a consistent Query on the table's cluster partition, never an index")
        void listQueriesTheTable() {
            store.create(cluster, launching("general-a1b2c"));
            RECORDER.clear();

            store.list(cluster);

            assertThat(RECORDER.requests(ScanRequest.class)).isEmpty();
            QueryRequest query = single(RECORDER.requests(QueryRequest.class));
            assertConsistentTableQuery(query);
            assertThat(query.keyConditionExpression()).isEqualTo("#cluster = :cluster");
            assertThat(query.filterExpression()).isNull();
            assertThat(query.expressionAttributeNames()).isEqualTo(Map.of("#cluster", "cluster"));
            assertThat(query.expressionAttributeValues()).isEqualTo(Map.of(":cluster", AttributeValue.fromS(cluster)));
        }

        @Test
        @DisplayName("should find an instance with a Query on byInstanceId, then a consistent read of the match")
        void findQueriesTheIndex() {
            store.create(cluster, launched("general-a1b2c", instanceId("abc")));
            RECORDER.clear();

            store.findByInstanceId(instanceId("abc"));

            QueryRequest query = single(RECORDER.requests(QueryRequest.class));
            assertThat(query.indexName()).isEqualTo("byInstanceId");
            assertThat(query.keyConditionExpression()).isEqualTo("instanceId = :instanceId");
            assertThat(query.expressionAttributeValues())
                    .isEqualTo(Map.of(":instanceId", AttributeValue.fromS(instanceId("abc"))));
            GetItemRequest get = single(RECORDER.requests(GetItemRequest.class));
            assertThat(get.consistentRead()).isTrue();
            assertThat(get.key()).isEqualTo(key(cluster, "general-a1b2c"));
        }

        @Test
        @DisplayName("should not call DynamoDB to find an empty instance ID")
        void emptyInstanceId() {
            store.findByInstanceId("");

            assertThat(RECORDER.all()).isEmpty();
        }
    }

    @Nested
    @DisplayName("read-your-writes")
    class ReadYourWrites {

        // DynamoDB Local is immediately consistent, indexes included, so the results alone could not tell a table
        // read from an index read; the request shape is what makes list read-your-writes in real DynamoDB.

        @Test
        @DisplayName("should list a NodeClaim right after its create and its update, with a consistent table Query")
        void listSeesEveryWrite() {
            VersionedNodeClaim v1 = store.create(cluster, launching("general-aaaaa"));
            RECORDER.clear();

            List<VersionedNodeClaim> afterCreate = store.list(cluster);

            assertThat(afterCreate).containsExactly(v1);
            assertConsistentTableQuery(single(RECORDER.requests(QueryRequest.class)));

            VersionedNodeClaim v2 = store.update(cluster, launched("general-aaaaa", instanceId("aaa")), 1);
            VersionedNodeClaim other = store.create(cluster, launching("general-bbbbb"));
            RECORDER.clear();

            List<VersionedNodeClaim> afterUpdate = store.list(cluster);

            assertThat(afterUpdate).containsExactly(v2, other);
            assertThat(afterUpdate.get(0).version()).isEqualTo(2);
            assertConsistentTableQuery(single(RECORDER.requests(QueryRequest.class)));
        }

        @Test
        @DisplayName("should need the table: DynamoDB refuses a consistent Query on a global secondary index")
        void indexCannotBeConsistent() {
            assertThatThrownBy(() -> CLIENT.query(b -> b.tableName(TABLE)
                            .indexName("byInstanceId")
                            .keyConditionExpression("instanceId = :instanceId")
                            .expressionAttributeValues(Map.of(":instanceId", AttributeValue.fromS(instanceId("aaa"))))
                            .consistentRead(true)))
                    .isInstanceOf(DynamoDbException.class)
                    .satisfies(e ->
                            assertThat(((DynamoDbException) e).statusCode()).isEqualTo(400))
                    // DynamoDB Local: "Consistent read cannot be true when querying a GSI"; DynamoDB: "Consistent
                    // reads are not supported on global secondary indexes".
                    .hasMessageMatching("(?s)Consistent read.*");
        }
    }

    @Nested
    @DisplayName("listInPhase")
    class ListInPhase {

        @Test
        @DisplayName(
                "should return the cluster's NodeClaims in one phase, sorted by name, with a consistent filtered Query")
        void onePhase() {
            DynamoDbNodeClaimStore dynamo = (DynamoDbNodeClaimStore) store;
            NodeClaim b = launching("general-bbbbb");
            NodeClaim a = launching("general-aaaaa");
            dynamo.create(cluster, b);
            dynamo.create(cluster, launched("general-ccccc", instanceId("ccc")));
            dynamo.create(cluster, a);
            dynamo.create(otherCluster, launching("general-ddddd"));
            RECORDER.clear();

            List<VersionedNodeClaim> found = dynamo.listInPhase(cluster, NodeClaimPhase.LAUNCHING);

            assertThat(found).containsExactly(new VersionedNodeClaim(a, 1), new VersionedNodeClaim(b, 1));
            QueryRequest query = single(RECORDER.requests(QueryRequest.class));
            assertConsistentTableQuery(query);
            assertThat(query.keyConditionExpression()).isEqualTo("#cluster = :cluster");
            assertThat(query.filterExpression()).isEqualTo("#phase = :phase");
            assertThat(query.expressionAttributeNames()).isEqualTo(Map.of("#cluster", "cluster", "#phase", "phase"));
            assertThat(query.expressionAttributeValues())
                    .isEqualTo(Map.of(
                            ":cluster", AttributeValue.fromS(cluster), ":phase", AttributeValue.fromS("Launching")));
            assertThat(dynamo.listInPhase(cluster, NodeClaimPhase.LAUNCHED))
                    .extracting(v -> v.nodeClaim().name())
                    .containsExactly("general-ccccc");
            assertThat(dynamo.listInPhase(cluster, NodeClaimPhase.TERMINATED)).isEmpty();
        }
    }

    @Nested
    @DisplayName("pagination")
    class Pagination {

        @Test
        @DisplayName("should follow every page of a small page limit")
        void smallPages() {
            DynamoDbNodeClaimStore paged =
                    storeWith(s -> new NodeClaimTableSettings(s.tableName(), s.terminatedRetention(), 2));
            List<String> names =
                    IntStream.range(0, 7).mapToObj(i -> "general-" + i).toList();
            names.reversed().forEach(n -> paged.create(cluster, launching(n)));
            paged.create(otherCluster, launching("general-x"));
            RECORDER.clear();

            List<VersionedNodeClaim> listed = paged.list(cluster);

            assertThat(listed).extracting(v -> v.nodeClaim().name()).containsExactlyElementsOf(names);
            List<QueryRequest> queries = RECORDER.requests(QueryRequest.class);
            assertThat(queries).hasSizeGreaterThanOrEqualTo(4).allSatisfy(q -> {
                assertThat(q.limit()).isEqualTo(2);
                assertConsistentTableQuery(q);
            });
            assertThat(queries.get(0).exclusiveStartKey()).isEmpty();
            assertThat(queries.get(1).exclusiveStartKey()).isNotEmpty();
        }

        @Test
        @DisplayName("should keep reading past pages the phase filter emptied")
        void filteredPages() {
            DynamoDbNodeClaimStore paged =
                    storeWith(s -> new NodeClaimTableSettings(s.tableName(), s.terminatedRetention(), 2));
            // Sorted by name: four Launched NodeClaims first fill two whole pages that the filter empties.
            for (int i = 0; i < 4; i++) {
                paged.create(cluster, launched("a-launched-" + i, instanceId("l" + i)));
            }
            paged.create(cluster, launching("b-launching-0"));
            paged.create(cluster, launching("b-launching-1"));
            paged.create(cluster, launched("c-launched", instanceId("c")));
            paged.create(cluster, launching("d-launching"));
            RECORDER.clear();

            List<VersionedNodeClaim> found = paged.listInPhase(cluster, NodeClaimPhase.LAUNCHING);

            assertThat(found)
                    .extracting(v -> v.nodeClaim().name())
                    .containsExactly("b-launching-0", "b-launching-1", "d-launching");
            assertThat(RECORDER.requests(QueryRequest.class))
                    .hasSizeGreaterThanOrEqualTo(4)
                    .allSatisfy(DynamoDbNodeClaimStoreTest::assertConsistentTableQuery);
        }

        @Test
        @DisplayName("should follow DynamoDB's own 1 MB pages when the cluster holds more")
        void megabytePages() {
            List<String> manyTypes = IntStream.range(0, 9_000)
                    .mapToObj(i -> "x" + i + ".metal-48xl")
                    .toList();
            int claims = 8;
            for (int i = 0; i < claims; i++) {
                NodeClaim small = launching(String.format("big-%02d", i));
                NodeClaimSpec s = small.spec();
                NodeClaimSpec big = new NodeClaimSpec(
                        List.of(new NodeSelectorRequirement(
                                Labels.INSTANCE_TYPE, NodeSelectorOperator.IN, manyTypes, null)),
                        s.taints(),
                        s.startupTaints(),
                        s.nodeClassRef(),
                        s.resourceRequests(),
                        s.expireAfter(),
                        s.terminationGracePeriod());
                store.create(cluster, new NodeClaim(small.metadata(), big, small.status()));
            }
            RECORDER.clear();

            List<VersionedNodeClaim> listed = store.list(cluster);

            assertThat(listed).hasSize(claims);
            assertThat(listed.get(claims - 1)
                            .nodeClaim()
                            .spec()
                            .requirements()
                            .get(0)
                            .values())
                    .isEqualTo(manyTypes);
            List<QueryRequest> queries = RECORDER.requests(QueryRequest.class);
            assertThat(queries).hasSizeGreaterThanOrEqualTo(2).allSatisfy(q -> {
                assertThat(q.limit()).isNull();
                assertConsistentTableQuery(q);
            });
        }
    }

    @Nested
    @DisplayName("items")
    class Items {

        @Test
        @DisplayName("should key the item by cluster and name and carry nodePool, phase and version")
        void keyAndIndexAttributes() {
            store.create(cluster, launching("general-a1b2c"));

            Map<String, AttributeValue> item = rawItem(cluster, "general-a1b2c");

            assertThat(item)
                    .doesNotContainKey("pk")
                    .containsEntry("cluster", AttributeValue.fromS(cluster))
                    .containsEntry("name", AttributeValue.fromS("general-a1b2c"))
                    .containsEntry("nodePool", AttributeValue.fromS("general"))
                    .containsEntry("phase", AttributeValue.fromS("Launching"))
                    .containsEntry("version", AttributeValue.fromN("1"))
                    .containsEntry("createdAt", AttributeValue.fromS("2099-08-05T10:00:00.123456789Z"))
                    .doesNotContainKeys("instanceId", "ttlEpochSeconds", "pricePerHourUsd");
        }

        @Test
        @DisplayName("should store the instance facts of a launched NodeClaim, the price as a number")
        void launchedFacts() {
            store.create(cluster, launched("general-a1b2c", instanceId("abc")));

            Map<String, AttributeValue> item = rawItem(cluster, "general-a1b2c");

            assertThat(item)
                    .containsEntry("instanceId", AttributeValue.fromS(instanceId("abc")))
                    .containsEntry("instanceType", AttributeValue.fromS("m5.large"))
                    .containsEntry("zone", AttributeValue.fromS("us-east-1a"))
                    .containsEntry("capacityType", AttributeValue.fromS("spot"))
                    .containsEntry("providerId", AttributeValue.fromS("aws:///us-east-1a/" + instanceId("abc")));
            assertThat(new BigDecimal(item.get("pricePerHourUsd").n())).isEqualByComparingTo("0.096");
            assertThat(item.get("capacity").m().get("cpu").n()).isEqualTo("2000");
            assertThat(store.get(cluster, "general-a1b2c")
                            .orElseThrow()
                            .nodeClaim()
                            .status()
                            .pricePerHourUsd())
                    .isEqualTo(new BigDecimal("0.0960"));
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(
                value = NodeClaimPhase.class,
                names = {"TERMINATED", "FAILED"})
        @DisplayName("should set ttlEpochSeconds to terminatedAt plus 7 days on a terminal NodeClaim")
        void ttlOnTerminal(NodeClaimPhase phase) {
            NodeClaim claim = rich("rich-end", phase);
            Instant end = claim.status().terminatedAt();

            store.create(cluster, claim);

            long expected = end.plus(Duration.ofDays(7)).getEpochSecond();
            assertThat(rawItem(cluster, "rich-end"))
                    .containsEntry("ttlEpochSeconds", AttributeValue.fromN(Long.toString(expected)));
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(
                value = NodeClaimPhase.class,
                names = {"TERMINATED", "FAILED"},
                mode = EnumSource.Mode.EXCLUDE)
        @DisplayName("should leave ttlEpochSeconds off a NodeClaim that is not terminal")
        void noTtlOtherwise(NodeClaimPhase phase) {
            store.create(cluster, rich("rich-live", phase));

            assertThat(rawItem(cluster, "rich-live")).doesNotContainKey("ttlEpochSeconds");
        }

        @Test
        @DisplayName(
                "should add ttlEpochSeconds when an update terminates the NodeClaim, with the configured retention")
        void ttlOnUpdateWithRetention() {
            DynamoDbNodeClaimStore oneDay =
                    storeWith(s -> new NodeClaimTableSettings(s.tableName(), Duration.ofDays(1), 0));
            oneDay.create(cluster, launched("general-a1b2c", instanceId("abc")));
            assertThat(rawItem(cluster, "general-a1b2c")).doesNotContainKey("ttlEpochSeconds");
            Instant terminatedAt = Instant.parse("2099-08-06T00:00:00Z");

            oneDay.update(cluster, terminated("general-a1b2c", instanceId("abc"), terminatedAt), 1);

            assertThat(rawItem(cluster, "general-a1b2c"))
                    .containsEntry(
                            "ttlEpochSeconds",
                            AttributeValue.fromN(Long.toString(
                                    Instant.parse("2099-08-07T00:00:00Z").getEpochSecond())));
        }
    }

    @Nested
    @DisplayName("errors")
    class Errors {

        @Test
        @DisplayName("should name the NodeClaim, the table and the condition when a create conflicts")
        void createConflictMessage() {
            store.create(cluster, launching("general-a1b2c"));

            assertThatThrownBy(() -> store.create(cluster, launching("general-a1b2c")))
                    .isInstanceOf(ConflictException.class)
                    .hasMessage("NodeClaim " + cluster + "/general-a1b2c in table " + TABLE
                            + " already exists (condition attribute_not_exists(#name) failed)");
        }

        @Test
        @DisplayName("should name the stored and expected versions and the condition when an update conflicts")
        void updateConflictMessage() {
            store.create(cluster, launching("general-a1b2c"));
            store.update(cluster, launched("general-a1b2c", instanceId("abc")), 1);

            assertThatThrownBy(() -> store.update(cluster, launched("general-a1b2c", instanceId("abc")), 1))
                    .isInstanceOf(ConflictException.class)
                    .hasMessage("NodeClaim " + cluster + "/general-a1b2c in table " + TABLE
                            + " is at version 2, expected 1 (condition version = :expectedVersion failed)");
            assertThatThrownBy(() -> store.update(cluster, launching("general-zzzzz"), 4))
                    .hasMessageContaining("general-zzzzz in table " + TABLE + " does not exist, expected 4");
        }

        @Test
        @DisplayName("should name the table, key and attribute when a stored item is malformed")
        void malformedItem() {
            store.create(cluster, launching("general-a1b2c"));
            Map<String, AttributeValue> item = new HashMap<>(rawItem(cluster, "general-a1b2c"));
            item.put("phase", AttributeValue.fromS("Sleeping"));
            CLIENT.putItem(b -> b.tableName(TABLE).item(item));

            assertThatThrownBy(() -> store.get(cluster, "general-a1b2c"))
                    .isInstanceOf(DynamoDbStateException.class)
                    .hasMessageContaining("NodeClaim item " + cluster + "/general-a1b2c")
                    .hasMessageContaining(TABLE)
                    .hasMessageContaining("phase must be one of [Launching, Launched, Registered, Initialized,"
                            + " Draining, Terminated, Failed], got \"Sleeping\"");
        }

        @Test
        @DisplayName("should name the table when DynamoDB fails for another reason")
        void missingTable() {
            DynamoDbNodeClaimStore nowhere =
                    new DynamoDbNodeClaimStore(CLIENT, NodeClaimTableSettings.of("no-such-table"));

            assertThatThrownBy(() -> nowhere.create(cluster, launching("general-a1b2c")))
                    .isInstanceOf(DynamoDbStateException.class)
                    .hasMessageContaining(cluster + "/general-a1b2c in table no-such-table")
                    .hasCauseInstanceOf(software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException.class);
            assertThatThrownBy(() -> nowhere.list(cluster))
                    .isInstanceOf(DynamoDbStateException.class)
                    .hasMessageContaining("no-such-table");
        }

        @Test
        @DisplayName("should refuse a blank cluster name, naming the rule")
        void blankClusterName() {
            assertThatThrownBy(() -> store.list(" "))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("non-blank");
            assertThatThrownBy(() -> store.create("", launching("general-a1b2c")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("non-blank");
        }
    }

    /**
     * The shape that makes a list read-your-writes: the table itself (DynamoDB refuses consistent reads on a global
     * secondary index) with ConsistentRead.
     */
    private static void assertConsistentTableQuery(QueryRequest query) {
        assertThat(query.tableName()).isEqualTo(TABLE);
        assertThat(query.indexName()).as("index of %s", query).isNull();
        assertThat(query.consistentRead()).as("ConsistentRead of %s", query).isTrue();
    }

    private static Map<String, AttributeValue> key(String cluster, String name) {
        return Map.of("cluster", AttributeValue.fromS(cluster), "name", AttributeValue.fromS(name));
    }

    private static <T> T single(List<T> requests) {
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }
}
