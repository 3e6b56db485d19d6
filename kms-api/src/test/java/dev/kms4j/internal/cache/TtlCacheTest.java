package dev.kms4j.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.KeyRef;
import dev.kms4j.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TtlCacheTest {
    private final MutableClock clock = new MutableClock(Instant.EPOCH);
    private final AtomicInteger loads = new AtomicInteger();

    private String load() {
        return "v" + loads.incrementAndGet();
    }

    @Test
    void theCacheNeverHoldsMoreThanItsBound() {
        TtlCache<String> cache = new TtlCache<>(clock, 60_000, 2);

        for (int i = 0; i < 10; i++) {
            cache.get(KeyRef.parse("t://k" + i), this::load);
            clock.advance(Duration.ofMillis(1));
        }

        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void aFullCacheDropsTheEntryThatExpiresSoonest() {
        TtlCache<String> cache = new TtlCache<>(clock, 60_000, 2);
        KeyRef oldest = KeyRef.parse("t://a");
        cache.get(oldest, this::load);
        clock.advance(Duration.ofSeconds(1));
        cache.get(KeyRef.parse("t://b"), this::load);
        clock.advance(Duration.ofSeconds(1));
        cache.get(KeyRef.parse("t://c"), this::load);

        cache.get(oldest, this::load);

        assertThat(loads).hasValue(4);
    }

    @Test
    void invalidatingAKeyDropsEveryVersionOfIt() {
        TtlCache<String> cache = new TtlCache<>(clock, 60_000, 10);
        cache.get(KeyRef.parse("t://a#1"), this::load);
        cache.get(KeyRef.parse("t://a#2"), this::load);
        cache.get(KeyRef.parse("t://b"), this::load);

        cache.invalidate(KeyRef.parse("t://a"));

        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void aValueLoadedWhileTheKeyWasInvalidatedIsNotKept() {
        TtlCache<String> cache = new TtlCache<>(clock, 60_000, 10);
        KeyRef key = KeyRef.parse("t://a");

        cache.get(key, () -> {
            cache.invalidate(key);
            return "stale";
        });

        assertThat(cache.size()).isZero();
    }
}
