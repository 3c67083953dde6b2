package dev.fleetwright.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetwright.core.state.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Lease} shares. Subclasses supply a lease per test; each test uses a cluster name no other
 * test uses, so leases may share a table.
 */
abstract class LeaseContract {

    /** Far in the future so that no TTL derived from it has passed. */
    protected static final Instant NOW = Instant.parse("2099-03-01T12:00:00Z");

    protected static final Duration DURATION = Duration.ofSeconds(30);
    private static final AtomicInteger CLUSTERS = new AtomicInteger();

    /** A cluster name no other test uses, so that leases may share a table. */
    protected String cluster;

    protected Lease lease;

    /** A new lease with no holders. */
    protected abstract Lease newLease();

    @BeforeEach
    void setUpLease() {
        cluster = "prod-eu-" + CLUSTERS.incrementAndGet();
        lease = newLease();
    }

    @Nested
    @DisplayName("tryAcquire")
    class TryAcquire {

        @Test
        @DisplayName("should take a free lease")
        void free() {
            assertThat(lease.tryAcquire(cluster, "request-a", NOW, DURATION)).isTrue();
        }

        @Test
        @DisplayName("should not take a lease another holder has until it expires")
        void held() {
            lease.tryAcquire(cluster, "request-a", NOW, DURATION);

            assertThat(lease.tryAcquire(cluster, "request-b", NOW.plusSeconds(1), DURATION))
                    .isFalse();
            assertThat(lease.tryAcquire(cluster, "request-b", NOW.plus(DURATION).minusMillis(1), DURATION))
                    .isFalse();
        }

        @Test
        @DisplayName("should take an expired lease, from the instant it expires")
        void expired() {
            lease.tryAcquire(cluster, "request-a", NOW, DURATION);

            assertThat(lease.tryAcquire(cluster, "request-b", NOW.plus(DURATION), DURATION))
                    .isTrue();
            assertThat(lease.tryAcquire(cluster, "request-a", NOW.plus(DURATION).plusSeconds(1), DURATION))
                    .as("the old holder lost it")
                    .isFalse();
        }

        @Test
        @DisplayName("should let the holder take it again and extend it from the new time")
        void reentrant() {
            lease.tryAcquire(cluster, "request-a", NOW, DURATION);

            assertThat(lease.tryAcquire(cluster, "request-a", NOW.plusSeconds(20), DURATION))
                    .isTrue();
            assertThat(lease.tryAcquire(cluster, "request-b", NOW.plus(DURATION), DURATION))
                    .as("renewed at +20s, so still held at +30s")
                    .isFalse();
            assertThat(lease.tryAcquire(
                            cluster, "request-b", NOW.plusSeconds(20).plus(DURATION), DURATION))
                    .isTrue();
        }

        @Test
        @DisplayName("should keep each cluster's lease separate")
        void perCluster() {
            lease.tryAcquire(cluster, "request-a", NOW, DURATION);

            assertThat(lease.tryAcquire(cluster + "-staging", "request-b", NOW, DURATION))
                    .isTrue();
            assertThat(lease.tryAcquire(cluster, "request-b", NOW, DURATION)).isFalse();
        }

        @Test
        @DisplayName("should give a free lease to exactly one of several racing callers")
        void racing() throws Exception {
            int callers = 4;
            ExecutorService pool = Executors.newFixedThreadPool(callers);
            try {
                CyclicBarrier start = new CyclicBarrier(callers);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int i = 0; i < callers; i++) {
                    String holder = "request-" + i;
                    results.add(pool.submit(() -> {
                        start.await();
                        return lease.tryAcquire(cluster, holder, NOW, DURATION);
                    }));
                }
                int won = 0;
                for (Future<Boolean> r : results) {
                    won += r.get() ? 1 : 0;
                }
                assertThat(won).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Nested
    @DisplayName("release")
    class Release {

        @Test
        @DisplayName("should free the lease when its holder releases it")
        void byHolder() {
            lease.tryAcquire(cluster, "request-a", NOW, DURATION);

            lease.release(cluster, "request-a");

            assertThat(lease.tryAcquire(cluster, "request-b", NOW.plusSeconds(1), DURATION))
                    .isTrue();
        }

        @Test
        @DisplayName("should do nothing when another caller releases it")
        void byNonHolder() {
            lease.tryAcquire(cluster, "request-a", NOW, DURATION);

            lease.release(cluster, "request-b");

            assertThat(lease.tryAcquire(cluster, "request-b", NOW.plusSeconds(1), DURATION))
                    .isFalse();
            assertThat(lease.tryAcquire(cluster, "request-a", NOW.plusSeconds(1), DURATION))
                    .isTrue();
        }

        @Test
        @DisplayName("should do nothing when an old holder releases a lease taken over after expiry")
        void byOldHolder() {
            lease.tryAcquire(cluster, "request-a", NOW, DURATION);
            lease.tryAcquire(cluster, "request-b", NOW.plus(DURATION), DURATION);

            lease.release(cluster, "request-a");

            assertThat(lease.tryAcquire(cluster, "request-c", NOW.plus(DURATION).plusSeconds(1), DURATION))
                    .isFalse();
        }

        @Test
        @DisplayName("should do nothing when the lease is free")
        void whenFree() {
            lease.release(cluster, "request-a");

            assertThat(lease.tryAcquire(cluster, "request-a", NOW, DURATION)).isTrue();
        }
    }
}
