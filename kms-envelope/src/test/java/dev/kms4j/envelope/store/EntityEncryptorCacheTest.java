package dev.kms4j.envelope.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsManager;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The optional cache of unwrapped DEKs: hits, misses, bounds and invalidation. */
class EntityEncryptorCacheTest {
    private static final byte[] MESSAGE = "m".getBytes(StandardCharsets.UTF_8);

    private final MutableClock clock = new MutableClock();
    private KmsManager kms;
    private KeyRef kek;
    private InMemoryDekStore store;
    private EntityEncryptor encryptor;

    @BeforeEach
    void setUp() {
        kms = TestKms.localInMemory();
        kek = TestKms.newKek(kms, "cache");
        store = new InMemoryDekStore();
        encryptor = EntityEncryptor.builder(kms, kek, store).cache(2, Duration.ofMinutes(5)).clock(clock).build();
    }

    @AfterEach
    void tearDown() {
        encryptor.close();
        kms.close();
    }

    @Test
    void repeatedUseOfAnEntityHitsTheCache() {
        encryptor.createDekFor("a");
        encryptor.encryptFor("a", MESSAGE, null);
        encryptor.encryptFor("a", MESSAGE, null);
        assertThat(encryptor.cacheStats().hits()).isEqualTo(2);
        assertThat(encryptor.cacheStats().misses()).isZero();
    }

    @Test
    void anEntryOlderThanTheMaximumAgeIsEvictedAndReloaded() {
        encryptor.createDekFor("a");
        clock.advance(Duration.ofMinutes(5));
        byte[] ct = encryptor.encryptFor("a", MESSAGE, null);
        assertThat(encryptor.cacheStats().evictions()).isEqualTo(1);
        assertThat(encryptor.cacheStats().misses()).isEqualTo(1);
        assertThat(encryptor.decryptFor("a", ct, null)).isEqualTo(MESSAGE);
    }

    @Test
    void theLeastRecentlyUsedEntityIsEvictedBeyondTheMaximumSize() {
        encryptor.createDekFor("a");
        encryptor.createDekFor("b");
        encryptor.encryptFor("a", MESSAGE, null);
        encryptor.createDekFor("c");
        assertThat(encryptor.cacheStats().size()).isEqualTo(2);
        assertThat(encryptor.cacheStats().evictions()).isEqualTo(1);
        encryptor.encryptFor("b", MESSAGE, null);
        assertThat(encryptor.cacheStats().misses()).isEqualTo(1);
    }

    @Test
    void closeEmptiesTheCache() {
        encryptor.createDekFor("a");
        encryptor.close();
        assertThat(encryptor.cacheStats().size()).isZero();
    }

    @Test
    void aChangedEntryIsNotServedFromTheCache() {
        DekEntry a = encryptor.createDekFor("a");
        byte[] ct = encryptor.encryptFor("a", MESSAGE, null);
        encryptor.rewrapAll(TestKms.newKek(kms, "next"), RewrapListener.NONE);
        assertThat(store.get("a")).isNotEqualTo(java.util.Optional.of(a));
        long missesBefore = encryptor.cacheStats().misses();
        assertThat(encryptor.decryptFor("a", ct, null)).isEqualTo(MESSAGE);
        assertThat(encryptor.cacheStats().misses()).isEqualTo(missesBefore + 1);
    }

    @Test
    void withoutACacheStatsStayZero() {
        try (EntityEncryptor plain = EntityEncryptor.builder(kms, kek, store).build()) {
            plain.createDekFor("z");
            plain.encryptFor("z", MESSAGE, null);
            assertThat(plain.cacheStats()).isEqualTo(new DekCacheStats(0, 0, 0, 0));
        }
    }

    /** A clock the test moves by hand, so that no test depends on real time. */
    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-23T12:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
