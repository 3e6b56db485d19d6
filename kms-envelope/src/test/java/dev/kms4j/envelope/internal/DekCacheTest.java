package dev.kms4j.envelope.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.envelope.PayloadAlgorithm;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DekCacheTest {
    private final AtomicLong clock = new AtomicLong(1_000);

    private static DekMaterial material() {
        byte[] dek = new byte[32];
        new java.security.SecureRandom().nextBytes(dek);
        return DekMaterial.derive(dek, PayloadAlgorithm.AES_256_GCM, 0);
    }

    private DekCache<String> cache(long maxAge, int maxEntries, long maxMessages, long maxBytes) {
        return new DekCache<>(maxAge, maxEntries, maxMessages, maxBytes, clock::get);
    }

    /** Puts a fresh material the way the envelope does (creator's reference released after use). */
    private static DekMaterial put(DekCache<String> cache, String key, long bytes) {
        DekMaterial m = material();
        cache.put(key, new CachedDek(m, new byte[0], new byte[0], cache.now()), bytes);
        m.release();
        return m;
    }

    @Test
    void expiredEntryIsEvictedAndZeroed() {
        DekCache<String> cache = cache(100, 10, 100, 1000);
        DekMaterial m = put(cache, "a", 1);
        clock.addAndGet(101);
        assertThat(cache.acquire("a", 1)).isNull();
        assertThat(cache.evictions()).isEqualTo(1);
        assertThat(m.isZeroed()).isTrue();
        assertThat(m.allKeyBytesZero()).isTrue();
    }

    @Test
    void entryWithinMaxAgeIsAHit() {
        DekCache<String> cache = cache(100, 10, 100, 1000);
        DekMaterial m = put(cache, "a", 1);
        clock.addAndGet(100);
        CachedDek hit = cache.acquire("a", 1);
        assertThat(hit).isNotNull();
        assertThat(hit.material()).isSameAs(m);
        hit.material().release();
        assertThat(cache.hits()).isEqualTo(1);
    }

    @Test
    void inFlightUserKeepsTheKeyUntilItReleases() {
        DekCache<String> cache = cache(100, 10, 100, 1000);
        DekMaterial m = put(cache, "a", 1);
        CachedDek inFlight = cache.acquire("a", 1);
        cache.clear();
        assertThat(m.allKeyBytesZero()).isFalse();
        inFlight.material().release();
        assertThat(m.allKeyBytesZero()).isTrue();
    }

    @Test
    void overMaxEntriesDropsTheOldestAndZeroesIt() {
        DekCache<String> cache = cache(1_000_000, 2, 100, 1000);
        DekMaterial first = put(cache, "a", 1);
        clock.incrementAndGet();
        put(cache, "b", 1);
        clock.incrementAndGet();
        put(cache, "c", 1);
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.acquire("a", 1)).isNull();
        assertThat(first.allKeyBytesZero()).isTrue();
    }

    @Test
    void usedUpEntryIsEvictedAndZeroed() {
        DekCache<String> cache = cache(1_000_000, 10, 2, 1000);
        DekMaterial m = put(cache, "a", 1);
        cache.acquire("a", 1).material().release();
        assertThat(cache.acquire("a", 1)).isNull();
        assertThat(m.allKeyBytesZero()).isTrue();
    }

    @Test
    void replacingAnEntryZeroesTheOldOne() {
        DekCache<String> cache = cache(1_000_000, 10, 100, 1000);
        DekMaterial old = put(cache, "a", 1);
        put(cache, "a", 1);
        assertThat(old.allKeyBytesZero()).isTrue();
        assertThat(cache.evictions()).isEqualTo(1);
    }

    @Test
    void concurrentUsersNeverExceedMaxMessages() throws Exception {
        long max = 10_000;
        DekCache<String> cache = cache(Long.MAX_VALUE / 2, 10, max, Long.MAX_VALUE);
        DekMaterial m = put(cache, "a", 0);
        AtomicLong hitsSeen = new AtomicLong(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 5_000; i++) {
                    CachedDek hit = cache.acquire("a", 1);
                    if (hit != null) {
                        if (hit.material() == m) {
                            hitsSeen.incrementAndGet();
                        }
                        assertThat(hit.material().allKeyBytesZero()).isFalse();
                        hit.material().release();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        // Never more than the limit. A few reservations may go unused: a thread that reserved a
        // message just as another evicted the used-up entry finds the key zeroed and misses.
        assertThat(hitsSeen.get()).isLessThanOrEqualTo(max).isGreaterThan(max - 4);
        assertThat(m.allKeyBytesZero()).isTrue();
    }
}
