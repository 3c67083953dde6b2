package dev.fleetwright.aws.dynamodb;

import dev.fleetwright.core.state.Lease;
import dev.fleetwright.core.state.NodeClaimStore;
import dev.fleetwright.core.state.UnavailableOfferings;
import dev.fleetwright.testing.InMemoryLease;
import dev.fleetwright.testing.InMemoryNodeClaimStore;
import dev.fleetwright.testing.InMemoryUnavailableOfferings;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The in-memory reference implementations against the same contracts as the DynamoDB adapters, so that the simulator
 * and the deployed functions see the same behaviour.
 */
@DisplayName("in-memory state")
class InMemoryStateContractTest {

    @Nested
    @DisplayName("InMemoryNodeClaimStore")
    class NodeClaims extends NodeClaimStoreContract {
        @Override
        protected NodeClaimStore newStore() {
            return new InMemoryNodeClaimStore();
        }
    }

    @Nested
    @DisplayName("InMemoryLease")
    class Leases extends LeaseContract {
        @Override
        protected Lease newLease() {
            return new InMemoryLease();
        }
    }

    @Nested
    @DisplayName("InMemoryUnavailableOfferings")
    class Offerings extends UnavailableOfferingsContract {
        @Override
        protected UnavailableOfferings newUnavailableOfferings() {
            return new InMemoryUnavailableOfferings();
        }
    }
}
