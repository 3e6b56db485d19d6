package dev.kms4j.envelope.internal;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * A bounded DEK cache (used twice by an envelope: for encryption and for decryption). Entries
 * expire after a maximum age, are used for at most a number of messages and plaintext bytes, and
 * the cache holds at most a number of entries. A dropped entry releases the cache's reference to
 * its {@link DekMaterial}, which is zeroed once the last in-flight user releases it too.
 *
 * <p>Thread-safe without a global lock: a {@link ConcurrentHashMap} lookup and a few atomic
 * counter updates on the hit path. Usage limits are reserved before use ({@code incrementAndGet}),
 * so they are never exceeded even under contention. Only a miss that grows the cache past its
 * entry limit scans it (to drop expired and then oldest entries).
 *
 * @param <K> the lookup key (equality-based, not secret)
 */
public final class DekCache<K> {
    private final ConcurrentHashMap<K, CachedDek> entries = new ConcurrentHashMap<>();
    private final long maxAgeNanos;
    private final int maxEntries;
    private final long maxMessages;
    private final long maxBytes;
    private final LongSupplier clock;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder evictions = new LongAdder();

    public DekCache(long maxAgeNanos, int maxEntries, long maxMessages, long maxBytes) {
        this(maxAgeNanos, maxEntries, maxMessages, maxBytes, System::nanoTime);
    }

    /** With an explicit monotonic clock in nanoseconds, for tests. */
    public DekCache(long maxAgeNanos, int maxEntries, long maxMessages, long maxBytes, LongSupplier clock) {
        this.maxAgeNanos = maxAgeNanos;
        this.maxEntries = maxEntries;
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    /** The clock reading to stamp a new entry with. */
    public long now() {
        return clock.getAsLong();
    }

    /** Whether a message of this size may use a cached DEK at all. */
    public boolean admits(long plaintextBytes) {
        return plaintextBytes <= maxBytes;
    }

    /**
     * Finds a usable entry and reserves one message of {@code plaintextBytes} on it. On success
     * the caller holds one reference to the entry's material and must release it. Counts a hit;
     * a null result counts nothing (see {@link #recordMiss()}).
     */
    public CachedDek acquire(K key, long plaintextBytes) {
        CachedDek e = entries.get(key);
        if (e == null) {
            return null;
        }
        if (clock.getAsLong() - e.createdNanos() > maxAgeNanos) {
            evict(key, e);
            return null;
        }
        // Counters that have no limit are not touched: on the hit path every shared atomic is
        // contention between threads.
        long m = maxMessages == Long.MAX_VALUE ? 0 : e.messages.incrementAndGet();
        long b = maxBytes == Long.MAX_VALUE ? 0 : e.bytes.addAndGet(plaintextBytes);
        if (m > maxMessages || b > maxBytes || b < 0) {
            evict(key, e);
            return null;
        }
        if (!e.material().acquire()) {
            return null;
        }
        hits.increment();
        return e;
    }

    /** Counts a lookup that went to the KMS. */
    public void recordMiss() {
        misses.increment();
    }

    /**
     * Adds an entry whose first message ({@code plaintextBytes}) is already being encrypted by the
     * caller. Takes the cache's own reference to the material.
     */
    public void put(K key, CachedDek entry, long plaintextBytes) {
        if (!entry.material().acquire()) {
            return;
        }
        entry.messages.set(1);
        entry.bytes.set(plaintextBytes);
        CachedDek old = entries.put(key, entry);
        if (old != null) {
            evictions.increment();
            old.material().release();
        }
        if (entries.size() > maxEntries) {
            shrink();
        }
    }

    private void shrink() {
        long now = clock.getAsLong();
        for (Iterator<Map.Entry<K, CachedDek>> it = entries.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<K, CachedDek> e = it.next();
            if (now - e.getValue().createdNanos() > maxAgeNanos) {
                evict(e.getKey(), e.getValue());
            }
        }
        while (entries.size() > maxEntries) {
            Map.Entry<K, CachedDek> oldest = null;
            for (Map.Entry<K, CachedDek> e : entries.entrySet()) {
                if (oldest == null || e.getValue().createdNanos() - oldest.getValue().createdNanos() < 0) {
                    oldest = e;
                }
            }
            if (oldest == null) {
                return;
            }
            evict(oldest.getKey(), oldest.getValue());
        }
    }

    private void evict(K key, CachedDek e) {
        // Only the thread whose remove succeeds releases the cache's reference: exactly once.
        if (entries.remove(key, e)) {
            evictions.increment();
            e.material().release();
        }
    }

    /** Drops every entry. */
    public void clear() {
        for (Map.Entry<K, CachedDek> e : entries.entrySet()) {
            evict(e.getKey(), e.getValue());
        }
    }

    public int size() {
        return entries.size();
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }

    public long evictions() {
        return evictions.sum();
    }
}
