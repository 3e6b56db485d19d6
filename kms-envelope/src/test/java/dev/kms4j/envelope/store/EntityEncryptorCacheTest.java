package dev.kms4j.envelope.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsManager;
import dev.kms4j.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

}
