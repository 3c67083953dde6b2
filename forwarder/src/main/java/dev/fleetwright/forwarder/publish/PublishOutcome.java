package dev.fleetwright.forwarder.publish;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What became of one batch of pods handed to {@link EventPublisher#publish}.
 *
 * @param acceptedUids pods whose entry EventBridge accepted; copied
 * @param failedUids pods whose entry failed or was not attempted; copied; disjoint from {@code acceptedUids}
 * @param failedEntriesByCode failed entries counted by error code (EventBridge's per-entry ErrorCode, the
 *     exception's error code for a failed call, {@code NotAttempted} for calls skipped after one failed); copied
 */
public record PublishOutcome(
        Set<String> acceptedUids, Set<String> failedUids, Map<String, Integer> failedEntriesByCode) {

    /** Copies and validates. */
    public PublishOutcome {
        acceptedUids = Set.copyOf(Objects.requireNonNull(acceptedUids, "acceptedUids"));
        failedUids = Set.copyOf(Objects.requireNonNull(failedUids, "failedUids"));
        failedEntriesByCode = Map.copyOf(Objects.requireNonNull(failedEntriesByCode, "failedEntriesByCode"));
        for (String uid : failedUids) {
            if (acceptedUids.contains(uid)) {
                throw new IllegalArgumentException("pod " + uid + " is both accepted and failed");
            }
        }
    }

    /** @return whether every entry was accepted */
    public boolean allAccepted() {
        return failedUids.isEmpty();
    }
}
