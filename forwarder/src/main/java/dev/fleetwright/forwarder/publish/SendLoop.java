package dev.fleetwright.forwarder.publish;

import dev.fleetwright.forwarder.metrics.ForwarderMetrics;
import dev.fleetwright.forwarder.pods.PendingPod;
import dev.fleetwright.forwarder.watch.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The send thread: takes what the {@link PendingPodBatcher} says is due, publishes it, reports the outcome back, and
 * after any failed entry holds all sends for a jittered exponential backoff (the failed pods are owed and go out
 * first when it ends). Between passes it waits until the batcher's next due time, or until a new pod wakes it.
 */
public final class SendLoop implements Runnable {

    /** The longest wait between passes when nothing is tracked. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private static final System.Logger LOG = System.getLogger(SendLoop.class.getName());

    private final PendingPodBatcher batcher;
    private final EventPublisher publisher;
    private final Backoff backoff;
    private final Clock clock;
    private final Wakeup wakeup;
    private final ForwarderMetrics metrics;
    private volatile boolean stopped;

    /**
     * Creates the loop; {@link #run()} starts it.
     *
     * @param batcher what is due; not null
     * @param publisher sends; not null
     * @param backoff delays after failures; owned by this loop
     * @param clock the time source shared with the batcher; not null
     * @param wakeup signalled by the watcher when a new pod arrives; not null
     * @param metrics shared metrics; not null
     */
    public SendLoop(
            PendingPodBatcher batcher,
            EventPublisher publisher,
            Backoff backoff,
            Clock clock,
            Wakeup wakeup,
            ForwarderMetrics metrics) {
        this.batcher = Objects.requireNonNull(batcher, "batcher");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.wakeup = Objects.requireNonNull(wakeup, "wakeup");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * One pass: sends what is due, if anything.
     *
     * @return how long to wait before the next pass (zero when something is due already), at most {@link #MAX_WAIT}
     */
    public Duration runOnce() {
        List<PendingPod> due = batcher.takeDue();
        if (!due.isEmpty()) {
            send(due);
        }
        Instant now = clock.instant();
        Optional<Instant> next = batcher.nextDue();
        if (next.isEmpty()) {
            return MAX_WAIT;
        }
        Duration wait = Duration.between(now, next.get().isBefore(now) ? now : next.get());
        return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
    }

    /**
     * The last send before stopping: every pod not yet accepted, once, ignoring debounce and backoff.
     *
     * @return whether all of them were accepted (or there were none)
     */
    public boolean drain() {
        List<PendingPod> unsent = batcher.takeAllUnsent();
        return unsent.isEmpty() || send(unsent);
    }

    /** Ends {@link #run()} after the current pass. Idempotent. */
    public void stop() {
        stopped = true;
        wakeup.signal();
    }

    /** Runs passes until {@link #stop()} or interruption. */
    @Override
    public void run() {
        try {
            while (!stopped) {
                Duration wait = runOnce();
                if (!stopped) {
                    wakeup.await(wait);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean send(List<PendingPod> pods) {
        List<String> uids = pods.stream().map(PendingPod::uid).toList();
        PublishOutcome outcome;
        try {
            outcome = publisher.publish(pods);
        } catch (RuntimeException e) {
            // A bug or an SDK failure outside SdkException: keep the pods owed rather than lose them.
            metrics.entriesFailed(e.getClass().getSimpleName(), 1);
            LOG.log(System.Logger.Level.ERROR, "publishing " + pods.size() + " pending pods failed", e);
            batcher.failed(uids);
            holdAfterFailure();
            return false;
        }
        batcher.sent(outcome.acceptedUids());
        batcher.failed(outcome.failedUids());
        if (outcome.allAccepted()) {
            backoff.reset();
            LOG.log(System.Logger.Level.DEBUG, "sent {0} pending pods", pods.size());
            return true;
        }
        Duration delay = holdAfterFailure();
        LOG.log(
                System.Logger.Level.WARNING,
                "PutEvents did not accept {0} of {1} pods ({2}); retrying them in {3}",
                outcome.failedUids().size(),
                pods.size(),
                outcome.failedEntriesByCode().entrySet().stream()
                        .map(e -> e.getKey() + "×" + e.getValue())
                        .collect(Collectors.joining(", ")),
                delay);
        return false;
    }

    private Duration holdAfterFailure() {
        Duration delay = backoff.next();
        batcher.blockUntil(clock.instant().plus(delay));
        return delay;
    }
}
