package dev.fleetwright.forwarder.publish;

import dev.fleetwright.forwarder.pods.PendingPod;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The set of pending pods and what is owed to the bus about them. Pure state and time arithmetic: no threads, no I/O;
 * time only from the injected {@link Clock}. Thread-safe (the watcher adds, the send loop takes).
 *
 * <p>Rules:
 *
 * <ul>
 *   <li>A pod that becomes pending is <em>new</em>. New pods are sent once no further new pod arrived for {@link
 *       BatchTimings#idle()}, or {@link BatchTimings#max()} after the first of them arrived, whichever is first.
 *   <li>A pod that stays pending is sent again {@link BatchTimings#resend()} after it was last sent.
 *   <li>A pod whose send failed is <em>owed</em>: it is sent as soon as the send block ({@link #blockUntil}) set by
 *       the send loop's backoff ends. Nothing is dropped while the pod is pending.
 *   <li>When anything is due, everything owed or due goes in the same send: one look by the provisioner covers all.
 *   <li>Updates to a tracked pod only refresh its data; a pod that is no longer pending is forgotten.
 * </ul>
 */
public final class PendingPodBatcher {

    private final Clock clock;
    private final BatchTimings timings;
    private final Map<String, Tracked> pods = new LinkedHashMap<>();
    private Instant firstNewAt;
    private Instant lastNewAt;
    private Instant blockedUntil = Instant.MIN;

    private enum State {
        /** Pending, never offered to the bus: waits for the debounce window. */
        NEW,
        /** Handed out by {@link #takeDue()}, outcome not reported yet. */
        IN_FLIGHT,
        /** Accepted by the bus at {@code lastSentAt}. */
        SENT,
        /** Its last send failed: goes out with the next send. */
        OWED
    }

    private static final class Tracked {
        PendingPod pod;
        State state = State.NEW;
        Instant lastSentAt;

        Tracked(PendingPod pod) {
            this.pod = pod;
        }
    }

    /**
     * Creates an empty batcher.
     *
     * @param clock the time source; not null
     * @param timings when to send; not null
     */
    public PendingPodBatcher(Clock clock, BatchTimings timings) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timings = Objects.requireNonNull(timings, "timings");
    }

    /**
     * Records that {@code pod} is pending now.
     *
     * @param pod the pod's current form; not null
     * @return true when the pod was not pending before (it is new)
     */
    public synchronized boolean pending(PendingPod pod) {
        Objects.requireNonNull(pod, "pod");
        Tracked tracked = pods.get(pod.uid());
        if (tracked != null) {
            tracked.pod = pod;
            return false;
        }
        pods.put(pod.uid(), new Tracked(pod));
        Instant now = clock.instant();
        if (firstNewAt == null) {
            firstNewAt = now;
        }
        lastNewAt = now;
        return true;
    }

    /**
     * Records that the pod with {@code uid} is no longer pending (bound, deleted, nominated). Unknown uids are
     * ignored.
     *
     * @param uid the pod's UID
     */
    public synchronized void notPending(String uid) {
        if (pods.remove(uid) != null) {
            resetWindowIfNoneNew();
        }
    }

    /**
     * Replaces the whole set after a complete list: pods not in {@code pending} are forgotten, pods already tracked
     * keep their send state, the others are new.
     *
     * @param pending every pod pending now; not null
     * @return how many of them are new
     */
    public synchronized int replaceAll(Collection<PendingPod> pending) {
        Set<String> uids = new HashSet<>();
        pending.forEach(p -> uids.add(p.uid()));
        pods.keySet().removeIf(uid -> !uids.contains(uid));
        resetWindowIfNoneNew();
        int added = 0;
        for (PendingPod pod : pending) {
            if (pending(pod)) {
                added++;
            }
        }
        return added;
    }

    /** @return how many pods are pending now */
    public synchronized int size() {
        return pods.size();
    }

    /**
     * The pods to send now, if anything is due (see the class rules). They stay tracked, in flight, until the caller
     * reports the outcome with {@link #sent} or {@link #failed}.
     *
     * @return the pods to send, in arrival order; empty when nothing is due
     */
    public synchronized List<PendingPod> takeDue() {
        return take(false);
    }

    /**
     * Every pod not yet accepted or not in flight, ignoring the debounce window and the send block: the last send
     * before the forwarder stops. Report the outcome as for {@link #takeDue()}.
     *
     * @return the new and owed pods, in arrival order
     */
    public synchronized List<PendingPod> takeAllUnsent() {
        return take(true);
    }

    private List<PendingPod> take(boolean unsentOnly) {
        Instant now = clock.instant();
        if (!unsentOnly && (now.isBefore(blockedUntil) || !anythingDue(now))) {
            return List.of();
        }
        List<PendingPod> due = new ArrayList<>();
        for (Tracked tracked : pods.values()) {
            boolean take = switch (tracked.state) {
                case NEW, OWED -> true;
                case SENT -> !unsentOnly && resendDue(tracked, now);
                case IN_FLIGHT -> false;
            };
            if (take) {
                tracked.state = State.IN_FLIGHT;
                due.add(tracked.pod);
            }
        }
        resetWindowIfNoneNew();
        return due;
    }

    /**
     * Records that EventBridge accepted the entries carrying these pods.
     *
     * @param uids the pods' UIDs; unknown ones (no longer pending) are ignored
     */
    public synchronized void sent(Collection<String> uids) {
        Instant now = clock.instant();
        for (String uid : uids) {
            Tracked tracked = pods.get(uid);
            if (tracked != null && tracked.state == State.IN_FLIGHT) {
                tracked.lastSentAt = now;
                tracked.state = State.SENT;
            }
        }
    }

    /**
     * Records that the entries carrying these pods were not accepted: they are owed and go out with the next send.
     *
     * @param uids the pods' UIDs; unknown ones are ignored
     */
    public synchronized void failed(Collection<String> uids) {
        for (String uid : uids) {
            Tracked tracked = pods.get(uid);
            if (tracked != null && tracked.state == State.IN_FLIGHT) {
                tracked.state = State.OWED;
            }
        }
    }

    /**
     * Holds every send until {@code until} (the send loop's backoff after a failure).
     *
     * @param until the first instant a send may happen again; not null
     */
    public synchronized void blockUntil(Instant until) {
        blockedUntil = Objects.requireNonNull(until, "until");
    }

    /**
     * The next instant at which {@link #takeDue()} may return pods, assuming nothing else arrives.
     *
     * @return that instant (possibly in the past: due now), or empty when nothing is waiting
     */
    public synchronized Optional<Instant> nextDue() {
        Instant next = null;
        for (Tracked tracked : pods.values()) {
            Instant candidate = switch (tracked.state) {
                case OWED -> Instant.MIN;
                case NEW -> newPodsDueAt();
                case SENT -> tracked.lastSentAt.plus(timings.resend());
                case IN_FLIGHT -> null;
            };
            if (candidate != null && (next == null || candidate.isBefore(next))) {
                next = candidate;
            }
        }
        if (next == null) {
            return Optional.empty();
        }
        return Optional.of(next.isBefore(blockedUntil) ? blockedUntil : next);
    }

    private boolean anythingDue(Instant now) {
        for (Tracked tracked : pods.values()) {
            boolean due = switch (tracked.state) {
                case OWED -> true;
                case NEW -> !now.isBefore(newPodsDueAt());
                case SENT -> resendDue(tracked, now);
                case IN_FLIGHT -> false;
            };
            if (due) {
                return true;
            }
        }
        return false;
    }

    private Instant newPodsDueAt() {
        Instant idleEnd = lastNewAt.plus(timings.idle());
        Instant maxEnd = firstNewAt.plus(timings.max());
        return idleEnd.isBefore(maxEnd) ? idleEnd : maxEnd;
    }

    private boolean resendDue(Tracked tracked, Instant now) {
        return !now.isBefore(tracked.lastSentAt.plus(timings.resend()));
    }

    private void resetWindowIfNoneNew() {
        if (pods.values().stream().noneMatch(t -> t.state == State.NEW)) {
            firstNewAt = null;
            lastNewAt = null;
        }
    }
}
