package dev.fleetwright.aws.dynamodb;

import static dev.fleetwright.aws.dynamodb.NodeClaimFixtures.CREATED;
import static dev.fleetwright.aws.dynamodb.NodeClaimFixtures.failedBeforeLaunch;
import static dev.fleetwright.aws.dynamodb.NodeClaimFixtures.launch;
import static dev.fleetwright.aws.dynamodb.NodeClaimFixtures.launched;
import static dev.fleetwright.aws.dynamodb.NodeClaimFixtures.launching;
import static dev.fleetwright.aws.dynamodb.NodeClaimFixtures.rich;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetwright.core.api.NodeClaim;
import dev.fleetwright.core.api.NodeClaimPhase;
import dev.fleetwright.core.state.ConflictException;
import dev.fleetwright.core.state.NodeClaimStore;
import dev.fleetwright.core.state.NodeClaimStore.Located;
import dev.fleetwright.core.state.VersionedNodeClaim;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The behaviour every {@link NodeClaimStore} shares: conditional create and update, reads, per-cluster isolation and
 * lookup by instance ID. Subclasses supply a store per test; each test uses cluster names no other test uses, so
 * stores may share a table.
 */
abstract class NodeClaimStoreContract {

    private static final AtomicInteger CLUSTERS = new AtomicInteger();

    /** A cluster name no other test uses, so that stores may share a table. */
    protected String cluster;

    /** A second cluster name no other test uses. */
    protected String otherCluster;

    protected NodeClaimStore store;

    private int testNumber;

    /** An EC2 instance ID no other test uses, ending in {@code suffix}. */
    protected String instanceId(String suffix) {
        return "i-0" + Integer.toHexString(testNumber) + "f" + suffix;
    }

    /** A store for the test. */
    protected abstract NodeClaimStore newStore();

    @BeforeEach
    void setUpStore() {
        int n = CLUSTERS.incrementAndGet();
        cluster = "prod-eu-" + n;
        otherCluster = "staging-eu-" + n;
        testNumber = n;
        store = newStore();
    }

    @Nested
    @DisplayName("create")
    class Create {

        @Test
        @DisplayName("should store a new NodeClaim at version 1")
        void storesAtVersionOne() {
            NodeClaim claim = launching("general-a1b2c");

            VersionedNodeClaim stored = store.create(cluster, claim);

            assertThat(stored).isEqualTo(new VersionedNodeClaim(claim, 1));
            assertThat(store.get(cluster, "general-a1b2c")).contains(new VersionedNodeClaim(claim, 1));
        }

        @Test
        @DisplayName("should refuse a second NodeClaim of the same name in the cluster and keep the first")
        void refusesDuplicate() {
            NodeClaim first = launching("general-a1b2c");
            store.create(cluster, first);

            assertThatThrownBy(() -> store.create(cluster, launched("general-a1b2c", instanceId("aaa"))))
                    .isInstanceOf(ConflictException.class)
                    .hasMessageContaining(cluster)
                    .hasMessageContaining("general-a1b2c");
            assertThat(store.get(cluster, "general-a1b2c")).contains(new VersionedNodeClaim(first, 1));
        }

        @Test
        @DisplayName("should allow the same name in another cluster")
        void sameNameOtherCluster() {
            NodeClaim inProd = launching("general-a1b2c");
            NodeClaim inStaging = launched("general-a1b2c", instanceId("bbb"));

            store.create(cluster, inProd);
            store.create(otherCluster, inStaging);

            assertThat(store.get(cluster, "general-a1b2c")).contains(new VersionedNodeClaim(inProd, 1));
            assertThat(store.get(otherCluster, "general-a1b2c")).contains(new VersionedNodeClaim(inStaging, 1));
        }
    }

    @Nested
    @DisplayName("update")
    class Update {

        @Test
        @DisplayName("should replace the NodeClaim and increment the version when the expected version matches")
        void incrementsVersion() {
            NodeClaim claim = launching("general-a1b2c");
            store.create(cluster, claim);
            NodeClaim launchedClaim = claim.withStatus(claim.status().withLaunch(launch(instanceId("abc")), CREATED));

            VersionedNodeClaim v2 = store.update(cluster, launchedClaim, 1);
            NodeClaim terminated =
                    launchedClaim.withStatus(launchedClaim.status().withTermination(CREATED.plusSeconds(60)));
            VersionedNodeClaim v3 = store.update(cluster, terminated, 2);

            assertThat(v2.version()).isEqualTo(2);
            assertThat(v3).isEqualTo(new VersionedNodeClaim(terminated, 3));
            assertThat(store.get(cluster, "general-a1b2c")).contains(v3);
        }

        @Test
        @DisplayName("should refuse a stale version and leave the stored NodeClaim unchanged")
        void refusesStaleVersion() {
            NodeClaim claim = launching("general-a1b2c");
            store.create(cluster, claim);
            VersionedNodeClaim v2 = store.update(cluster, launched("general-a1b2c", instanceId("abc")), 1);

            assertThatThrownBy(() -> store.update(cluster, launched("general-a1b2c", instanceId("def")), 1))
                    .isInstanceOf(ConflictException.class)
                    .hasMessageContaining("general-a1b2c")
                    .hasMessageContaining("expected 1")
                    .hasMessageContaining("version 2");
            assertThat(store.get(cluster, "general-a1b2c")).contains(v2);
        }

        @Test
        @DisplayName("should refuse to update a NodeClaim that does not exist, without creating it")
        void refusesMissing() {
            assertThatThrownBy(() -> store.update(cluster, launching("general-zzzzz"), 1))
                    .isInstanceOf(ConflictException.class)
                    .hasMessageContaining("general-zzzzz");
            assertThat(store.get(cluster, "general-zzzzz")).isEmpty();
        }

        @Test
        @DisplayName("should refuse an update addressed to another cluster")
        void refusesOtherCluster() {
            store.create(cluster, launching("general-a1b2c"));

            assertThatThrownBy(() -> store.update(otherCluster, launched("general-a1b2c", instanceId("abc")), 1))
                    .isInstanceOf(ConflictException.class);
            assertThat(store.get(otherCluster, "general-a1b2c")).isEmpty();
        }

        @Test
        @DisplayName("should let exactly one of two writers racing with the same version win, every time")
        void racingWriters() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (int round = 0; round < 10; round++) {
                    String name = "race-" + round;
                    store.create(cluster, launching(name));
                    NodeClaim a = launched(name, instanceId("a") + round);
                    NodeClaim b = launched(name, instanceId("b") + round);
                    CyclicBarrier start = new CyclicBarrier(2);

                    Future<VersionedNodeClaim> fa = pool.submit(racer(start, a));
                    Future<VersionedNodeClaim> fb = pool.submit(racer(start, b));

                    List<VersionedNodeClaim> winners = new ArrayList<>();
                    int conflicts = 0;
                    for (Future<VersionedNodeClaim> f : List.of(fa, fb)) {
                        try {
                            winners.add(f.get());
                        } catch (ExecutionException e) {
                            assertThat(e.getCause()).isInstanceOf(ConflictException.class);
                            conflicts++;
                        }
                    }
                    assertThat(winners).as("round %d", round).hasSize(1);
                    assertThat(conflicts).as("round %d", round).isEqualTo(1);
                    assertThat(winners.get(0).version()).isEqualTo(2);
                    assertThat(store.get(cluster, name)).contains(winners.get(0));
                }
            } finally {
                pool.shutdownNow();
            }
        }

        private Callable<VersionedNodeClaim> racer(CyclicBarrier start, NodeClaim claim) {
            return () -> {
                start.await();
                return store.update(cluster, claim, 1);
            };
        }
    }

    @Nested
    @DisplayName("get and list")
    class Reads {

        @Test
        @DisplayName("should return nothing for an unknown NodeClaim or cluster")
        void unknown() {
            store.create(cluster, launching("general-a1b2c"));

            assertThat(store.get(cluster, "general-zzzzz")).isEmpty();
            assertThat(store.get(otherCluster, "general-a1b2c")).isEmpty();
            assertThat(store.list("no-such-cluster")).isEmpty();
        }

        @Test
        @DisplayName("should list only the cluster's NodeClaims, every phase included, sorted by name")
        void listsOneClusterSortedByName() {
            NodeClaim c = rich("general-ccccc", NodeClaimPhase.TERMINATED);
            NodeClaim a = launching("general-aaaaa");
            NodeClaim b = launched("general-bbbbb", instanceId("bbb"));
            store.create(cluster, c);
            store.create(otherCluster, launching("general-00000"));
            store.create(cluster, a);
            store.create(cluster, b);
            store.create(otherCluster, launching("general-bbbbb"));

            assertThat(store.list(cluster))
                    .containsExactly(
                            new VersionedNodeClaim(a, 1), new VersionedNodeClaim(b, 1), new VersionedNodeClaim(c, 1));
            assertThat(store.list(otherCluster))
                    .extracting(v -> v.nodeClaim().name())
                    .containsExactly("general-00000", "general-bbbbb");
        }

        @Test
        @DisplayName("should list the latest version of each NodeClaim")
        void listsLatestVersion() {
            store.create(cluster, launching("general-aaaaa"));
            NodeClaim launchedClaim = launched("general-aaaaa", instanceId("aaa"));
            store.update(cluster, launchedClaim, 1);

            assertThat(store.list(cluster)).containsExactly(new VersionedNodeClaim(launchedClaim, 2));
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(NodeClaimPhase.class)
        @DisplayName("should read back a rich NodeClaim in every phase exactly as written")
        void roundTripsEveryPhase(NodeClaimPhase phase) {
            NodeClaim claim = rich("rich-" + phase.wireName().toLowerCase(java.util.Locale.ROOT), phase);
            assertThat(claim.status().phase()).isEqualTo(phase);

            store.create(cluster, claim);

            assertThat(store.get(cluster, claim.name())).contains(new VersionedNodeClaim(claim, 1));
            assertThat(store.list(cluster)).containsExactly(new VersionedNodeClaim(claim, 1));
        }

        @Test
        @DisplayName("should read back a NodeClaim that failed before launch exactly as written")
        void roundTripsFailedBeforeLaunch() {
            NodeClaim claim = failedBeforeLaunch("rich-ice");

            store.create(cluster, claim);

            assertThat(store.get(cluster, "rich-ice")).contains(new VersionedNodeClaim(claim, 1));
        }
    }

    @Nested
    @DisplayName("findByInstanceId")
    class FindByInstanceId {

        @Test
        @DisplayName("should find the NodeClaim of an instance in whichever cluster it belongs to")
        void findsAcrossClusters() {
            store.create(cluster, launched("general-aaaaa", instanceId("aaa")));
            VersionedNodeClaim inStaging = store.create(otherCluster, launched("general-bbbbb", instanceId("bbb")));

            assertThat(store.findByInstanceId(instanceId("bbb"))).contains(new Located(otherCluster, inStaging));
            assertThat(store.findByInstanceId(instanceId("aaa")))
                    .hasValueSatisfying(l -> assertThat(l.cluster()).isEqualTo(cluster));
        }

        @Test
        @DisplayName("should find a NodeClaim once an update records its instance, at the current version")
        void findsAfterUpdate() {
            store.create(cluster, launching("general-aaaaa"));
            assertThat(store.findByInstanceId(instanceId("aaa"))).isEmpty();

            VersionedNodeClaim v2 = store.update(cluster, launched("general-aaaaa", instanceId("aaa")), 1);

            assertThat(store.findByInstanceId(instanceId("aaa"))).contains(new Located(cluster, v2));
        }

        @Test
        @DisplayName("should find nothing for an unknown or empty instance ID")
        void unknownInstance() {
            store.create(cluster, launching("general-aaaaa"));
            store.create(cluster, launched("general-bbbbb", instanceId("bbb")));

            assertThat(store.findByInstanceId(instanceId("fff"))).isEmpty();
            assertThat(store.findByInstanceId("")).isEmpty();
        }
    }
}
