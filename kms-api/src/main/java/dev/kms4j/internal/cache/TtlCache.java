package dev.kms4j.internal.cache;

import dev.kms4j.KeyRef;
import java.time.Clock;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A bounded map from exact key references to values that expire a fixed time after they were
 * loaded. Hand-written because kms-api may not depend on a cache library (Caffeine would be the
 * choice elsewhere). Lookups take no lock; a full cache first drops expired entries and then the
 * entry that expires soonest.
 *
 * <p>An invalidation racing with a load wins: a value loaded from before the invalidation is not
 * kept (see {@link #get}). Thread-safe. Only ever holds non-secret values (metadata, public keys).
 *
 * @param <V> the value type
 */
final class TtlCache<V> {
    private final ConcurrentHashMap<KeyRef, Timed<V>> entries = new ConcurrentHashMap<>();
    private final AtomicLong epoch = new AtomicLong();
    private final Clock clock;
    private final long ttlMillis;
    private final int maxEntries;

    TtlCache(Clock clock, long ttlMillis, int maxEntries) {
        this.clock = clock;
        this.ttlMillis = ttlMillis;
        this.maxEntries = maxEntries;
    }

    /** The value for {@code ref}, from the cache while fresh, otherwise from {@code loader}. */
    V get(KeyRef ref, Supplier<V> loader) {
        long now = clock.millis();
        Timed<V> t = entries.get(ref);
        if (t != null && now < t.expiresAt) {
            return t.value;
        }
        long before = epoch.get();
        V value = loader.get();
        if (value == null) {
            return null;
        }
        Timed<V> loaded = new Timed<>(value, clock.millis() + ttlMillis);
        if (entries.size() >= maxEntries && !entries.containsKey(ref)) {
            makeRoom();
        }
        entries.put(ref, loaded);
        if (epoch.get() != before) {
            // Invalidated while loading: the value may predate the change, so do not keep it.
            entries.remove(ref, loaded);
        }
        return value;
    }

    /** Drops every version of {@code key}. */
    void invalidate(KeyRef key) {
        epoch.incrementAndGet();
        String scheme = key.scheme();
        String id = key.keyId();
        entries.keySet().removeIf(r -> r.keyId().equals(id) && r.scheme().equals(scheme));
    }

    /** Drops everything. */
    void clear() {
        epoch.incrementAndGet();
        entries.clear();
    }

    int size() {
        return entries.size();
    }

    private void makeRoom() {
        long now = clock.millis();
        entries.values().removeIf(t -> now >= t.expiresAt);
        while (entries.size() >= maxEntries) {
            Map.Entry<KeyRef, Timed<V>> soonest = null;
            for (Iterator<Map.Entry<KeyRef, Timed<V>>> it = entries.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<KeyRef, Timed<V>> e = it.next();
                if (soonest == null || e.getValue().expiresAt < soonest.getValue().expiresAt) {
                    soonest = e;
                }
            }
            if (soonest == null) {
                return;
            }
            entries.remove(soonest.getKey(), soonest.getValue());
        }
    }

    private static final class Timed<V> {
        final V value;
        final long expiresAt;

        Timed(V value, long expiresAt) {
            this.value = value;
            this.expiresAt = expiresAt;
        }
    }
}
