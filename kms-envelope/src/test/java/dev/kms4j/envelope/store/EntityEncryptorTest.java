package dev.kms4j.envelope.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.DataKey;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Per-entity encryption: round trips, binding to the entity and associated data, bad input. */
class EntityEncryptorTest {
    private static final byte[] MESSAGE = "hello thread".getBytes(StandardCharsets.UTF_8);
    private static final byte[] AAD = "msg-0001".getBytes(StandardCharsets.UTF_8);

    private KmsManager kms;
    private KeyRef kek;
    private InMemoryDekStore store;
    private EntityEncryptor encryptor;

    @BeforeEach
    void setUp() {
        kms = TestKms.localInMemory();
        kek = TestKms.newKek(kms, "threads");
        store = new InMemoryDekStore();
        encryptor = EntityEncryptor.builder(kms, kek, store).build();
    }

    @AfterEach
    void tearDown() {
        encryptor.close();
        store.close();
        kms.close();
    }

    @Test
    void encryptForThenDecryptForRoundTrips() {
        encryptor.createDekFor("thread-1");
        byte[] ct = encryptor.encryptFor("thread-1", MESSAGE, AAD);
        assertThat(encryptor.decryptFor("thread-1", ct, AAD)).isEqualTo(MESSAGE);
    }

    @Test
    void emptyPlaintextRoundTrips() {
        encryptor.createDekFor("thread-1");
        byte[] ct = encryptor.encryptFor("thread-1", new byte[0], AAD);
        assertThat(ct).hasSize(5 + 12 + 16);
        assertThat(encryptor.decryptFor("thread-1", ct, AAD)).isEmpty();
    }

    @Test
    void nullAssociatedDataIsTheSameAsEmpty() {
        encryptor.createDekFor("thread-1");
        byte[] ct = encryptor.encryptFor("thread-1", MESSAGE, null);
        assertThat(encryptor.decryptFor("thread-1", ct, new byte[0])).isEqualTo(MESSAGE);
    }

    @Test
    void ciphertextStartsWithVersionAndGeneration() {
        encryptor.createDekFor("thread-1");
        byte[] ct = encryptor.encryptFor("thread-1", MESSAGE, AAD);
        assertThat(Arrays.copyOf(ct, 5)).containsExactly(1, 0, 0, 0, 1);
        assertThat(ct).hasSize(5 + 12 + MESSAGE.length + 16);
    }

    @Test
    void twoEncryptionsDiffer() {
        encryptor.createDekFor("thread-1");
        assertThat(encryptor.encryptFor("thread-1", MESSAGE, AAD)).isNotEqualTo(encryptor.encryptFor("thread-1", MESSAGE, AAD));
    }

    @Test
    void wrongAssociatedDataIsIntegrity() {
        encryptor.createDekFor("thread-1");
        byte[] ct = encryptor.encryptFor("thread-1", MESSAGE, AAD);
        assertCode(() -> encryptor.decryptFor("thread-1", ct, "msg-0002".getBytes(StandardCharsets.UTF_8)),
                KmsErrorCode.INTEGRITY);
    }

    @Test
    void ciphertextMovedToAnotherEntityIsIntegrity() {
        encryptor.createDekFor("thread-1");
        encryptor.createDekFor("thread-2");
        byte[] ct = encryptor.encryptFor("thread-1", MESSAGE, AAD);
        assertCode(() -> encryptor.decryptFor("thread-2", ct, AAD), KmsErrorCode.INTEGRITY);
    }

    @Test
    void ciphertextMovedToAnEntityWithTheSameDekIsStillIntegrity() {
        // Give thread-2 the very DEK of thread-1 (as someone with KMS and store access could):
        // the entity id in the associated data still refuses the moved ciphertext.
        DekEntry one = encryptor.createDekFor("thread-1");
        byte[] dek;
        try (DataKey k = kms.unwrap(one.wrapped(), EncryptionContext.of(EntityEncryptor.ENTITY_CONTEXT_NAME, "thread-1"))) {
            dek = k.copyPlaintext();
        }
        store.putIfAbsent(one.toBuilder().entityId("thread-2")
                .wrapped(kms.wrap(kek, dek, EncryptionContext.of(EntityEncryptor.ENTITY_CONTEXT_NAME, "thread-2")))
                .build());
        Arrays.fill(dek, (byte) 0);
        byte[] ct = encryptor.encryptFor("thread-1", MESSAGE, AAD);
        assertThat(encryptor.decryptFor("thread-1", ct, AAD)).isEqualTo(MESSAGE);
        assertCode(() -> encryptor.decryptFor("thread-2", ct, AAD), KmsErrorCode.INTEGRITY);
    }

    @Test
    void everyFlippedBitIsIntegrity() {
        encryptor.createDekFor("thread-1");
        byte[] ct = encryptor.encryptFor("thread-1", new byte[] {1, 2, 3}, AAD);
        for (int i = 0; i < ct.length * 8; i++) {
            byte[] bad = ct.clone();
            bad[i / 8] ^= (byte) (1 << (i % 8));
            assertCode(() -> encryptor.decryptFor("thread-1", bad, AAD), KmsErrorCode.INTEGRITY);
        }
    }

    @Test
    void everyTruncationIsIntegrity() {
        encryptor.createDekFor("thread-1");
        byte[] ct = encryptor.encryptFor("thread-1", MESSAGE, AAD);
        for (int n = 0; n < ct.length; n++) {
            byte[] cut = Arrays.copyOf(ct, n);
            assertCode(() -> encryptor.decryptFor("thread-1", cut, AAD), KmsErrorCode.INTEGRITY);
        }
    }

    @Test
    void unknownFormatVersionIsIntegrityNamingIt() {
        encryptor.createDekFor("thread-1");
        byte[] ct = encryptor.encryptFor("thread-1", MESSAGE, AAD);
        ct[0] = 2;
        assertThatThrownBy(() -> encryptor.decryptFor("thread-1", ct, AAD)).isInstanceOf(KmsException.class)
                .hasMessageContaining("unknown format version 2");
    }

    @Test
    void encryptForAnEntityWithoutDekIsNotFound() {
        assertCode(() -> encryptor.encryptFor("nobody", MESSAGE, AAD), KmsErrorCode.NOT_FOUND);
        assertThat(store.ids()).isEmpty();
    }

    @Test
    void badEntityIdIsInvalidArgumentAndStoresNothing() {
        assertCode(() -> encryptor.createDekFor("../etc"), KmsErrorCode.INVALID_ARGUMENT);
        assertCode(() -> encryptor.encryptFor(null, MESSAGE, AAD), KmsErrorCode.INVALID_ARGUMENT);
        assertThat(store.ids()).isEmpty();
    }

    @Test
    void nullPlaintextIsInvalidArgument() {
        encryptor.createDekFor("thread-1");
        assertCode(() -> encryptor.encryptFor("thread-1", null, AAD), KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void createDekForIsIdempotent() {
        DekEntry first = encryptor.createDekFor("thread-1");
        assertThat(encryptor.createDekFor("thread-1")).isEqualTo(first);
        assertThat(store.ids()).containsExactly("thread-1");
    }

    @Test
    void newEntryRecordsTheExactKekVersionAndGenerationOne() {
        DekEntry entry = encryptor.createDekFor("thread-1");
        assertThat(entry.wrapped().kek().withoutVersion()).isEqualTo(kek);
        assertThat(entry.wrapped().kek().hasVersion()).isTrue();
        assertThat(entry.generation()).isEqualTo(1);
        assertThat(entry.algorithm()).isEqualTo(DekAlgorithm.AES_256_GCM);
    }

    @Test
    void wrappedForUnwrapsUnderTheEntityContext() {
        encryptor.createDekFor("thread-1");
        try (DataKey dek = kms.unwrap(encryptor.wrappedFor("thread-1"),
                EncryptionContext.of(EntityEncryptor.ENTITY_CONTEXT_NAME, "thread-1"))) {
            assertThat(dek.length()).isEqualTo(32);
        }
    }

    @Test
    void entryCopiedToAnotherEntityDoesNotUnwrap() {
        DekEntry alice = encryptor.createDekFor("alice");
        store.putIfAbsent(alice.toBuilder().entityId("mallory").build());
        assertCode(() -> encryptor.encryptFor("mallory", MESSAGE, AAD), KmsErrorCode.INTEGRITY);
    }

    @Test
    void wrappedForAnUnknownEntityIsNotFound() {
        assertCode(() -> encryptor.wrappedFor("nobody"), KmsErrorCode.NOT_FOUND);
    }

    @Test
    void concurrentCreateDekForStoresExactlyOneDek() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<DekEntry>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return encryptor.createDekFor("hot-thread");
                }));
            }
            start.countDown();
            Set<DekEntry> returned = new HashSet<>();
            for (Future<DekEntry> f : results) {
                returned.add(f.get(20, TimeUnit.SECONDS));
            }
            assertThat(returned).hasSize(1);
            assertThat(store.get("hot-thread")).contains(returned.iterator().next());
        } finally {
            pool.shutdownNow();
        }
        byte[] ct = encryptor.encryptFor("hot-thread", MESSAGE, AAD);
        assertThat(encryptor.decryptFor("hot-thread", ct, AAD)).isEqualTo(MESSAGE);
    }

    @Test
    void anotherEncryptorOverTheSameStoreDecrypts() {
        encryptor.createDekFor("thread-1");
        byte[] ct = encryptor.encryptFor("thread-1", MESSAGE, AAD);
        try (EntityEncryptor second = EntityEncryptor.builder(kms, kek, store).build()) {
            assertThat(second.decryptFor("thread-1", ct, AAD)).isEqualTo(MESSAGE);
        }
    }

    @Test
    void toStringShowsNoWrappedBytes() {
        DekEntry entry = encryptor.createDekFor("thread-1");
        String hex = java.util.HexFormat.of().formatHex(entry.wrapped().ciphertext());
        assertThat(entry.toString()).contains("thread-1").doesNotContain(hex.substring(0, 16));
        assertThat(encryptor.toString()).doesNotContain(hex.substring(0, 16));
    }

    @Test
    void cacheWithoutPositiveAgeIsRefused() {
        assertCode(() -> EntityEncryptor.builder(kms, kek, store).cache(10, Duration.ZERO).build(),
                KmsErrorCode.INVALID_ARGUMENT);
        assertCode(() -> EntityEncryptor.builder(kms, kek, store).cache(0, Duration.ofMinutes(1)).build(),
                KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void missingPartsAreRefused() {
        assertCode(() -> EntityEncryptor.builder(kms, null, store).build(), KmsErrorCode.INVALID_ARGUMENT);
        assertCode(() -> EntityEncryptor.builder(null, kek, store).build(), KmsErrorCode.INVALID_ARGUMENT);
    }

    static void assertCode(ThrowingCallable call, KmsErrorCode code) {
        assertThatThrownBy(call).isInstanceOf(KmsException.class)
                .extracting(e -> ((KmsException) e).code()).isEqualTo(code);
    }
}
