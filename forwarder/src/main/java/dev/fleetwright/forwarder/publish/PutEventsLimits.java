package dev.fleetwright.forwarder.publish;

/**
 * EventBridge PutEvents limits the packer stays within. Sizes are counted as EventBridge counts an entry ("Calculating
 * PutEvents event entry size": UTF-8 bytes of Source, DetailType, Detail and each Resource, plus 14 when Time is
 * set; the forwarder sets neither Time nor Resources).
 *
 * @param maxEntryBytes the largest entry; at least 2048 (so a pod's minimal form always fits), at most 262,144
 * @param maxEntriesPerCall entries per PutEvents call, 1 to 10 (the API's array maximum)
 * @param maxCallBytes the largest sum of entry sizes in one call; at least {@code maxEntryBytes}
 */
public record PutEventsLimits(int maxEntryBytes, int maxEntriesPerCall, int maxCallBytes) {

    /**
     * What the forwarder uses against AWS: entries of at most 240 KiB, so the whole event (the envelope adds a few
     * hundred bytes) also fits an SQS message of 256 KiB; 10 entries per call; at most 256,000 bytes per call, since
     * EventBridge documents that the total entry size of a request must be under 256 KB.
     */
    public static final PutEventsLimits AWS = new PutEventsLimits(240 * 1024, 10, 256_000);

    /**
     * Validates.
     *
     * @throws IllegalArgumentException naming the limit that is out of range
     */
    public PutEventsLimits {
        if (maxEntryBytes < 2048 || maxEntryBytes > 262_144) {
            throw new IllegalArgumentException("maxEntryBytes: must be 2048..262144, was " + maxEntryBytes);
        }
        if (maxEntriesPerCall < 1 || maxEntriesPerCall > 10) {
            throw new IllegalArgumentException("maxEntriesPerCall: must be 1..10, was " + maxEntriesPerCall);
        }
        if (maxCallBytes < maxEntryBytes) {
            throw new IllegalArgumentException(
                    "maxCallBytes: must be at least maxEntryBytes " + maxEntryBytes + ", was " + maxCallBytes);
        }
    }
}
