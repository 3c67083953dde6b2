package dev.fleetwright.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** The table definitions: the same in code, in the design document the SAM template copies, and in DynamoDB Local. */
@DisplayName("TableSchemas")
class TableSchemasTest {

    private static final DynamoDbClient CLIENT = DynamoDbLocal.client();

    @AfterAll
    static void closeClient() {
        CLIENT.close();
    }

    @Nested
    @DisplayName("docs/design/dynamodb-tables.md")
    class Document {

        @Test
        @DisplayName("should declare the NodeClaims table exactly as TableSchemas defines it")
        void nodeClaimsTable() throws IOException {
            Map<String, Object> resource = documentedResources().get("NodeClaimsTable");

            assertThat(resource).containsEntry("Type", "AWS::DynamoDB::Table");
            assertThat(normalised(resource.get("Properties")))
                    .isEqualTo(cloudFormation(TableSchemas.nodeClaimsTable("NodeClaims")));
        }

        @Test
        @DisplayName("should declare the state table exactly as TableSchemas defines it")
        void stateTable() throws IOException {
            Map<String, Object> resource = documentedResources().get("StateTable");

            assertThat(resource).containsEntry("Type", "AWS::DynamoDB::Table");
            assertThat(normalised(resource.get("Properties")))
                    .isEqualTo(cloudFormation(TableSchemas.stateTable("State")));
        }

        @Test
        @DisplayName("should declare no other resource")
        void onlyTheTwoTables() throws IOException {
            assertThat(documentedResources()).containsOnlyKeys("NodeClaimsTable", "StateTable");
        }
    }

    @Nested
    @DisplayName("on DynamoDB Local")
    class OnDynamoDbLocal {

        @Test
        @DisplayName(
                "should create the NodeClaims table keyed by cluster and name, with the byInstanceId index and TTL")
        void createsNodeClaimsTable() {
            String name = DynamoDbLocal.uniqueTableName("schema-nodeclaims");

            TableSchemas.create(CLIENT, TableSchemas.nodeClaimsTable(name));

            TableDescription table =
                    CLIENT.describeTable(b -> b.tableName(name)).table();
            assertThat(table.keySchema()).containsExactly(key("cluster", "HASH"), key("name", "RANGE"));
            assertThat(table.globalSecondaryIndexes())
                    .extracting(GlobalSecondaryIndexDescription::indexName)
                    .containsExactly("byInstanceId");
            GlobalSecondaryIndexDescription byInstanceId =
                    table.globalSecondaryIndexes().get(0);
            assertThat(byInstanceId.keySchema()).containsExactly(key("instanceId", "HASH"));
            assertThat(byInstanceId.projection().projectionTypeAsString()).isEqualTo("KEYS_ONLY");
            assertTimeToLive(name);
        }

        @Test
        @DisplayName("should create the state table with pk and sk and TTL")
        void createsStateTable() {
            String name = DynamoDbLocal.uniqueTableName("schema-state");

            TableSchemas.create(CLIENT, TableSchemas.stateTable(name));

            TableDescription table =
                    CLIENT.describeTable(b -> b.tableName(name)).table();
            assertThat(table.keySchema()).containsExactly(key("pk", "HASH"), key("sk", "RANGE"));
            assertThat(table.globalSecondaryIndexes()).isEmpty();
            assertTimeToLive(name);
        }

        private void assertTimeToLive(String name) {
            TimeToLiveDescription ttl =
                    CLIENT.describeTimeToLive(b -> b.tableName(name)).timeToLiveDescription();
            assertThat(ttl.attributeName()).isEqualTo("ttlEpochSeconds");
            assertThat(ttl.timeToLiveStatus()).isIn(TimeToLiveStatus.ENABLED, TimeToLiveStatus.ENABLING);
        }
    }

    @Test
    @DisplayName("should refuse a table name DynamoDB would refuse, naming the rule")
    void invalidTableName() {
        assertThatThrownBy(() -> TableSchemas.nodeClaimsTable("no spaces"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 to 255 characters");
        assertThatThrownBy(() -> NodeClaimTableSettings.of("ab"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"ab\"");
    }

    /** The resources of the YAML block that follows the table-definitions marker. */
    @SuppressWarnings("unchecked") // SnakeYAML returns untyped maps; the shape is asserted by the callers
    private static Map<String, Map<String, Object>> documentedResources() throws IOException {
        Path doc = Path.of(System.getProperty("basedir", "."))
                .resolve("../../docs/design/dynamodb-tables.md")
                .normalize();
        String text = Files.readString(doc);
        int marker = text.indexOf("<!-- table-definitions");
        assertThat(marker).as("table-definitions marker in %s", doc).isNotNegative();
        int start = text.indexOf("```yaml\n", marker) + "```yaml\n".length();
        int end = text.indexOf("```", start);
        return (Map<String, Map<String, Object>>) new Yaml().load(text.substring(start, end));
    }

    /** TableSchemas' request and TTL in CloudFormation's property names, with lists in a canonical order. */
    private static Object cloudFormation(CreateTableRequest request) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("BillingMode", request.billingModeAsString());
        p.put(
                "AttributeDefinitions",
                request.attributeDefinitions().stream()
                        .sorted(Comparator.comparing(AttributeDefinition::attributeName))
                        .map(a ->
                                Map.of("AttributeName", a.attributeName(), "AttributeType", a.attributeTypeAsString()))
                        .toList());
        p.put("KeySchema", keySchema(request.keySchema()));
        if (request.hasGlobalSecondaryIndexes()) {
            p.put(
                    "GlobalSecondaryIndexes",
                    request.globalSecondaryIndexes().stream()
                            .sorted(Comparator.comparing(GlobalSecondaryIndex::indexName))
                            .map(i -> Map.of(
                                    "IndexName", i.indexName(),
                                    "KeySchema", keySchema(i.keySchema()),
                                    "Projection",
                                            Map.of(
                                                    "ProjectionType",
                                                    i.projection().projectionTypeAsString())))
                            .toList());
        }
        TimeToLiveSpecification ttl =
                TableSchemas.timeToLive(request.tableName()).timeToLiveSpecification();
        p.put("TimeToLiveSpecification", Map.of("AttributeName", ttl.attributeName(), "Enabled", ttl.enabled()));
        return p;
    }

    private static List<Map<String, String>> keySchema(List<KeySchemaElement> keys) {
        return keys.stream()
                .map(k -> Map.of("AttributeName", k.attributeName(), "KeyType", k.keyTypeAsString()))
                .toList();
    }

    /** The documented properties with the same canonical list order as {@link #cloudFormation}. */
    @SuppressWarnings("unchecked") // SnakeYAML's untyped maps and lists
    private static Object normalised(Object properties) {
        Map<String, Object> p = new LinkedHashMap<>((Map<String, Object>) properties);
        p.computeIfPresent(
                "AttributeDefinitions",
                (k, v) -> ((List<Map<String, Object>>) v)
                        .stream()
                                .sorted(Comparator.comparing(m -> (String) m.get("AttributeName")))
                                .toList());
        p.computeIfPresent(
                "GlobalSecondaryIndexes",
                (k, v) -> ((List<Map<String, Object>>) v)
                        .stream()
                                .sorted(Comparator.comparing(m -> (String) m.get("IndexName")))
                                .toList());
        return p;
    }

    private static KeySchemaElement key(String name, String type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
