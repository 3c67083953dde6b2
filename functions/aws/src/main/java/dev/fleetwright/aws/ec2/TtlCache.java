package dev.fleetwright.aws.ec2;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A small map whose entries expire {@code ttl} after they were loaded, by the injected clock. Loading happens under
 * the cache's lock, so concurrent callers for one key load once; a loader that throws leaves nothing cached.
 *
 * @param <K> the key; equality decides hits
 * @param <V> the value, not null
 */
final class TtlCache<K, V> {

    private record Entry<V>(V value, Instant expiresAt) {}

    private final Clock clock;
    private final Duration ttl;
    private final Map<K, Entry<V>> entries = new HashMap<>();

    TtlCache(Clock clock, Duration ttl) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
    }

    /** The cached value of {@code key}, loading it when absent or expired. */
    synchronized V get(K key, Function<K, V> loader) {
        Instant now = clock.instant();
        Entry<V> entry = entries.get(key);
        if (entry != null && now.isBefore(entry.expiresAt())) {
            return entry.value();
        }
        purgeExpired(now);
        V value = Objects.requireNonNull(loader.apply(key), "loaded value");
        entries.put(key, new Entry<>(value, now.plus(ttl)));
        return value;
    }

    /** Forgets {@code key}. */
    synchronized void invalidate(K key) {
        entries.remove(key);
    }

    /** Forgets everything. */
    synchronized void clear() {
        entries.clear();
    }

    private void purgeExpired(Instant now) {
        for (Iterator<Entry<V>> it = entries.values().iterator(); it.hasNext(); ) {
            if (!now.isBefore(it.next().expiresAt())) {
                it.remove();
            }
        }
    }
}
