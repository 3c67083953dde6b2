package dev.fleetwright.aws.dynamodb;

import static dev.fleetwright.aws.dynamodb.NodeClaimFixtures.failedBeforeLaunch;
import static dev.fleetwright.aws.dynamodb.NodeClaimFixtures.rich;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetwright.core.api.NodeClaim;
import dev.fleetwright.core.api.NodeClaimPhase;
import dev.fleetwright.core.state.VersionedNodeClaim;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The NodeClaim item mapper without DynamoDB: round trips and the errors a malformed item produces. */
@DisplayName("NodeClaimItemMapper")
class NodeClaimItemMapperTest {

    private static final Duration RETENTION = Duration.ofDays(7);

    private static Map<String, AttributeValue> item(NodeClaim claim) {
        return new HashMap<>(NodeClaimItemMapper.toItem("prod-eu", claim, 3, RETENTION));
    }

    @Nested
    @DisplayName("round trip")
    class RoundTrip {

        @ParameterizedTest(name = "{0}")
        @EnumSource(NodeClaimPhase.class)
        @DisplayName("should read back the cluster, NodeClaim and version it wrote")
        void everyPhase(NodeClaimPhase phase) {
            NodeClaim claim = rich("rich-a", phase);

            NodeClaimItemMapper.Stored stored = NodeClaimItemMapper.fromItem(item(claim));

            assertThat(stored.cluster()).isEqualTo("prod-eu");
            assertThat(stored.nodeClaim()).isEqualTo(new VersionedNodeClaim(claim, 3));
        }

        @Test
        @DisplayName("should restore the price's scale after DynamoDB dropped its trailing zeros")
        void priceScale() {
            Map<String, AttributeValue> item = item(rich("rich-a", NodeClaimPhase.LAUNCHED));
            item.put("pricePerHourUsd", AttributeValue.fromN("0.096"));

            BigDecimal price = NodeClaimItemMapper.fromItem(item)
                    .nodeClaim()
                    .nodeClaim()
                    .status()
                    .pricePerHourUsd();

            assertThat(price).isEqualTo(new BigDecimal("0.0960"));
        }

        @Test
        @DisplayName("should keep a failure before launch with its False Launched condition")
        void failedBeforeLaunchRoundTrips() {
            NodeClaim claim = failedBeforeLaunch("rich-ice");

            assertThat(NodeClaimItemMapper.fromItem(item(claim)).nodeClaim().nodeClaim())
                    .isEqualTo(claim);
        }
    }

    @Nested
    @DisplayName("table key")
    class TableKey {

        @Test
        @DisplayName("should key the item by its cluster and name attributes, with no composite key attribute")
        void clusterAndName() {
            Map<String, AttributeValue> item = item(rich("rich-a", NodeClaimPhase.LAUNCHED));

            assertThat(NodeClaimItemMapper.key("prod-eu", "rich-a"))
                    .isEqualTo(
                            Map.of("cluster", AttributeValue.fromS("prod-eu"), "name", AttributeValue.fromS("rich-a")));
            assertThat(item).containsAllEntriesOf(NodeClaimItemMapper.key("prod-eu", "rich-a"));
            assertThat(item).doesNotContainKey("pk");
        }
    }

    @Nested
    @DisplayName("malformed items")
    class Malformed {

        @Test
        @DisplayName("should name a nested attribute by its path")
        void nestedPath() {
            Map<String, AttributeValue> item = item(rich("rich-a", NodeClaimPhase.INITIALIZED));
            List<AttributeValue> conditions =
                    new ArrayList<>(item.get("conditions").l());
            Map<String, AttributeValue> second = new HashMap<>(conditions.get(1).m());
            second.put("status", AttributeValue.fromS("Maybe"));
            conditions.set(1, AttributeValue.fromM(second));
            item.put("conditions", AttributeValue.fromL(conditions));

            assertThatThrownBy(() -> NodeClaimItemMapper.fromItem(item))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("conditions[1].status must be one of [True, False, Unknown], got \"Maybe\"");
        }

        @Test
        @DisplayName("should name a missing required attribute")
        void missingRequired() {
            Map<String, AttributeValue> item = item(rich("rich-a", NodeClaimPhase.LAUNCHING));
            item.remove("createdAt");

            assertThatThrownBy(() -> NodeClaimItemMapper.fromItem(item))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("createdAt is required but absent");
        }

        @Test
        @DisplayName("should name an attribute of the wrong type")
        void wrongType() {
            Map<String, AttributeValue> item = item(rich("rich-a", NodeClaimPhase.LAUNCHED));
            Map<String, AttributeValue> capacity =
                    new HashMap<>(item.get("capacity").m());
            capacity.put("memory", AttributeValue.fromS("8Gi"));
            item.put("capacity", AttributeValue.fromM(capacity));

            assertThatThrownBy(() -> NodeClaimItemMapper.fromItem(item))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("capacity.memory must be a number (N)");
        }

        @Test
        @DisplayName("should refuse a duration that is neither Never nor ISO-8601")
        void badDuration() {
            Map<String, AttributeValue> item = item(rich("rich-a", NodeClaimPhase.LAUNCHING));
            item.put("expireAfter", AttributeValue.fromS("720h"));

            assertThatThrownBy(() -> NodeClaimItemMapper.fromItem(item))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("expireAfter must be Never or an ISO-8601 duration like PT720H, got \"720h\"");
        }

        @Test
        @DisplayName("should name a missing key attribute")
        void missingKey() {
            Map<String, AttributeValue> item = item(rich("rich-a", NodeClaimPhase.LAUNCHING));
            item.remove("name");

            assertThatThrownBy(() -> NodeClaimItemMapper.fromItem(item))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("name is required but absent");
        }
    }
}
