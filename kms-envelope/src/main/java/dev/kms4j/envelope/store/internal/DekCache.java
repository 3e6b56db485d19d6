package dev.kms4j.envelope.store.internal;

import com.google.crypto.tink.Aead;
import dev.kms4j.envelope.store.DekEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bounded cache of ready AEADs over unwrapped DEKs, keyed by entity id and valid only for the
 * exact entry (wrapped bytes and generation) it was loaded from, for at most a maximum age.
 *
 * <p><strong>Secret:</strong> the cached AEADs hold DEKs. The raw DEK bytes are zeroed as soon as
 * Tink has built its AEAD, so the cache itself holds no array it could wipe: Tink's copy (and the
 * JCE key schedule) cannot be wiped from Java and is dropped, for the garbage collector, on
 * eviction. That is why the size and the age are bounded.
 *
 * <p>Thread-safe (one monitor; the work under it is a map lookup).
 */
public final class DekCache {
    private final int maxEntries;
    private final Duration maxAge;
    private final Clock clock;
    private final LinkedHashMap<String, Cached> map = new LinkedHashMap<>(16, 0.75f, true);
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder evictions = new LongAdder();

    /** A cache of at most {@code maxEntries} AEADs, each used for at most {@code maxAge}. */
    public DekCache(int maxEntries, Duration maxAge, Clock clock) {
        this.maxEntries = maxEntries;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** The AEAD for exactly {@code entry}, or null (a miss). */
    public synchronized Aead get(DekEntry entry) {
        Cached c = map.get(entry.entityId());
        if (c != null && !c.entry.equals(entry)) {
            map.remove(entry.entityId());
            evictions.increment();
            c = null;
        }
        if (c != null && expired(c, clock.instant())) {
            map.remove(entry.entityId());
            evictions.increment();
            c = null;
        }
        if (c == null) {
            misses.increment();
            return null;
        }
        hits.increment();
        return c.aead;
    }

    /** Caches the AEAD of {@code entry}, evicting expired and then least recently used ones. */
    public synchronized void put(DekEntry entry, Aead aead) {
        Instant now = clock.instant();
        map.put(entry.entityId(), new Cached(entry, aead, now));
        for (Iterator<Cached> it = map.values().iterator(); it.hasNext(); ) {
            if (expired(it.next(), now)) {
                it.remove();
                evictions.increment();
            }
        }
        Iterator<Map.Entry<String, Cached>> lru = map.entrySet().iterator();
        while (map.size() > maxEntries && lru.hasNext()) {
            lru.next();
            lru.remove();
            evictions.increment();
        }
    }

    /** Drops every cached AEAD. */
    public synchronized void clear() {
        evictions.add(map.size());
        map.clear();
    }

    /** Number of cached AEADs. */
    public synchronized int size() {
        return map.size();
    }

    /** Lookups that found a usable AEAD. */
    public long hits() {
        return hits.sum();
    }

    /** Lookups that did not. */
    public long misses() {
        return misses.sum();
    }

    /** AEADs dropped for age, size, a changed entry or {@link #clear()}. */
    public long evictions() {
        return evictions.sum();
    }

    private boolean expired(Cached c, Instant now) {
        return !now.isBefore(c.loadedAt.plus(maxAge));
    }

    private static final class Cached {
        final DekEntry entry;
        final Aead aead;
        final Instant loadedAt;

        Cached(DekEntry entry, Aead aead, Instant loadedAt) {
            this.entry = entry;
            this.aead = aead;
            this.loadedAt = loadedAt;
        }
    }
}
