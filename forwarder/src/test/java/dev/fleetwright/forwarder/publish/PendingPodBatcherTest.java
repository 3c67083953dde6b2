package dev.fleetwright.forwarder.publish;

import static dev.fleetwright.forwarder.fixtures.TestPendingPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetwright.forwarder.fixtures.MutableClock;
import dev.fleetwright.forwarder.pods.PendingPod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PendingPodBatcherTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final PendingPodBatcher batcher = new PendingPodBatcher(clock, BatchTimings.DEFAULT);

    private static List<String> names(List<PendingPod> pods) {
        return pods.stream().map(PendingPod::name).toList();
    }

    private List<String> takeAndAccept() {
        List<PendingPod> due = batcher.takeDue();
        batcher.sent(due.stream().map(PendingPod::uid).toList());
        return names(due);
    }

    @Nested
    class Debounce {

        @Test
        @DisplayName("should not send a new pod before 1 s passed without another new pod")
        void waitsForIdle() {
            batcher.pending(pod("a"));
            clock.advance(Duration.ofMillis(999));

            assertThat(batcher.takeDue()).isEmpty();
            assertThat(batcher.nextDue()).contains(T0.plusSeconds(1));
        }

        @Test
        @DisplayName("should send all new pods together once 1 s passed without another")
        void sendsAfterIdle() {
            batcher.pending(pod("a"));
            clock.advance(Duration.ofMillis(600));
            batcher.pending(pod("b"));
            clock.advance(Duration.ofMillis(600));
            assertThat(batcher.takeDue()).as("b arrived 0.6 s ago").isEmpty();

            clock.advance(Duration.ofMillis(400));

            assertThat(names(batcher.takeDue())).containsExactly("a", "b");
        }

        @Test
        @DisplayName("should send at most 10 s after the first new pod even if new pods keep arriving")
        void maxWindow() {
            for (int i = 0; i < 20; i++) {
                batcher.pending(pod("p" + i));
                assertThat(batcher.takeDue()).as("at %s ms", i * 500).isEmpty();
                clock.advance(Duration.ofMillis(500));
            }
            // Now T0 + 10 s: pods arrived every 0.5 s, so the idle window never closed.
            assertThat(batcher.takeDue()).hasSize(20);
        }

        @Test
        @DisplayName("should open a fresh window for pods that arrive after a send")
        void freshWindow() {
            batcher.pending(pod("a"));
            clock.advance(Duration.ofSeconds(1));
            assertThat(takeAndAccept()).containsExactly("a");

            clock.advance(Duration.ofSeconds(5));
            batcher.pending(pod("b"));

            assertThat(batcher.nextDue()).contains(clock.instant().plusSeconds(1));
        }

        @Test
        @DisplayName("should not restart the window when a tracked pod is only updated")
        void updateIsNotNew() {
            assertThat(batcher.pending(pod("a"))).isTrue();
            clock.advance(Duration.ofMillis(800));

            assertThat(batcher.pending(pod("a"))).isFalse();
            clock.advance(Duration.ofMillis(200));

            assertThat(names(batcher.takeDue())).containsExactly("a");
        }
    }

    @Nested
    class Resend {

        @Test
        @DisplayName("should send a pod again 30 s after it was last sent while it stays pending")
        void every30s() {
            batcher.pending(pod("a"));
            clock.advance(Duration.ofSeconds(1));
            assertThat(takeAndAccept()).containsExactly("a");

            clock.advance(Duration.ofSeconds(29));
            assertThat(batcher.takeDue()).isEmpty();
            assertThat(batcher.nextDue()).contains(T0.plusSeconds(31));

            clock.advance(Duration.ofSeconds(1));
            assertThat(takeAndAccept()).containsExactly("a");

            clock.advance(Duration.ofSeconds(30));
            assertThat(takeAndAccept()).containsExactly("a");
        }

        @Test
        @DisplayName("should stop re-sending a pod that is no longer pending")
        void forgets() {
            batcher.pending(pod("a"));
            clock.advance(Duration.ofSeconds(1));
            takeAndAccept();

            batcher.notPending("uid-a");
            clock.advance(Duration.ofSeconds(30));

            assertThat(batcher.takeDue()).isEmpty();
            assertThat(batcher.nextDue()).isEmpty();
        }

        @Test
        @DisplayName("should include pods whose re-send is due in a send of new pods, and only those")
        void piggyback() {
            batcher.pending(pod("old"));
            clock.advance(Duration.ofSeconds(1));
            takeAndAccept();
            clock.advance(Duration.ofSeconds(10));
            batcher.pending(pod("recent"));
            clock.advance(Duration.ofSeconds(1));
            takeAndAccept();

            clock.advance(Duration.ofSeconds(19)); // old was sent 30 s ago, recent 19 s ago
            batcher.pending(pod("new"));
            List<String> due = names(batcher.takeDue());

            assertThat(due).containsExactly("old", "new");
        }
    }

    @Nested
    class Failures {

        @Test
        @DisplayName("should keep failed pods owed and send them again once the send block ends")
        void owed() {
            batcher.pending(pod("a"));
            batcher.pending(pod("b"));
            clock.advance(Duration.ofSeconds(1));
            assertThat(names(batcher.takeDue())).containsExactly("a", "b");
            batcher.sent(List.of("uid-a"));
            batcher.failed(List.of("uid-b"));
            batcher.blockUntil(clock.instant().plusSeconds(2));

            clock.advance(Duration.ofMillis(1999));
            assertThat(batcher.takeDue()).isEmpty();
            assertThat(batcher.nextDue()).contains(T0.plusSeconds(3));

            clock.advance(Duration.ofMillis(1));
            assertThat(names(batcher.takeDue())).containsExactly("b");
        }

        @Test
        @DisplayName("should hold new pods too while sends are blocked")
        void blockHoldsNewPods() {
            batcher.blockUntil(T0.plusSeconds(5));
            batcher.pending(pod("a"));
            clock.advance(Duration.ofSeconds(1));

            assertThat(batcher.takeDue()).isEmpty();
            assertThat(batcher.nextDue()).contains(T0.plusSeconds(5));
        }

        @Test
        @DisplayName("should not hand out a pod twice while its send is in flight")
        void inFlight() {
            batcher.pending(pod("a"));
            clock.advance(Duration.ofSeconds(1));
            assertThat(batcher.takeDue()).hasSize(1);

            clock.advance(Duration.ofSeconds(60));

            assertThat(batcher.takeDue()).isEmpty();
            assertThat(batcher.nextDue()).isEmpty();
        }

        @Test
        @DisplayName("should offer every unsent pod at shutdown regardless of windows and blocks")
        void drain() {
            batcher.pending(pod("sent"));
            clock.advance(Duration.ofSeconds(1));
            takeAndAccept();
            batcher.pending(pod("new"));
            batcher.blockUntil(T0.plusSeconds(60));

            assertThat(names(batcher.takeAllUnsent())).containsExactly("new");
        }
    }

    @Nested
    class Resync {

        @Test
        @DisplayName("should forget pods missing from a complete list and keep the send state of the others")
        void replaceAll() {
            batcher.pending(pod("kept"));
            batcher.pending(pod("gone"));
            clock.advance(Duration.ofSeconds(1));
            takeAndAccept();

            int added = batcher.replaceAll(List.of(pod("kept"), pod("fresh")));

            assertThat(added).isEqualTo(1);
            assertThat(batcher.size()).isEqualTo(2);
            clock.advance(Duration.ofSeconds(1));
            assertThat(names(batcher.takeDue())).as("kept was sent 1 s ago").containsExactly("fresh");
        }
    }
}
