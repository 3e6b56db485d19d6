package dev.kms4j.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.DataKey;
import dev.kms4j.DekSpec;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.SignatureAlgorithm;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Eight threads using and rotating the same keys at once get correct results throughout. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class LocalProviderConcurrencyTest extends LocalProviderFixture {
    private static final int THREADS = 8;
    private static final int ROUNDS = 40;

    LocalProviderConcurrencyTest(StoreKind storeKind) {
        super(storeKind);
    }

    @Test
    void concurrentEncryptSignAndRotateOnOneKeyStayCorrect() throws Exception {
        KeyRef aes = create("aes", KeySpec.AES_256);
        KeyRef ec = create("ec", KeySpec.EC_P256);
        Queue<byte[][]> ciphertexts = new ConcurrentLinkedQueue<>();
        Queue<byte[][]> signatures = new ConcurrentLinkedQueue<>();
        int[] rotationsPerThread = new int[THREADS];

        List<Callable<Void>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            workers.add(() -> {
                for (int i = 0; i < ROUNDS; i++) {
                    byte[] message = ("thread " + thread + " round " + i).getBytes(StandardCharsets.UTF_8);
                    EncryptionContext context = EncryptionContext.of("thread", Integer.toString(thread));
                    byte[] ct = provider.encrypt(aes, message, context);
                    assertThat(provider.decrypt(aes, ct, context)).isEqualTo(message);
                    ciphertexts.add(new byte[][] {message, ct, {(byte) thread}});
                    byte[] sig = provider.sign(ec, SignatureAlgorithm.ECDSA_SHA256, message);
                    assertThat(provider.verify(ec, SignatureAlgorithm.ECDSA_SHA256, message, sig)).isTrue();
                    signatures.add(new byte[][] {message, sig});
                    try (DataKey dek = provider.createDek(aes, DekSpec.AES_256, context);
                         DataKey back = provider.unwrap(dek.wrapped(), context)) {
                        assertThat(back.copyPlaintext()).isEqualTo(dek.copyPlaintext());
                    }
                    if (i % 10 == thread % 10) {
                        provider.rotate(i % 2 == 0 ? aes : ec);
                        rotationsPerThread[thread]++;
                    }
                }
                return null;
            });
        }
        runAllAtOnce(workers);

        int rotations = 0;
        for (int r : rotationsPerThread) {
            rotations += r;
        }
        int versions = provider.metadata(aes).versions().size() + provider.metadata(ec).versions().size();
        assertThat(versions).isEqualTo(2 + rotations);
        for (byte[][] entry : ciphertexts) {
            EncryptionContext context = EncryptionContext.of("thread", Integer.toString(entry[2][0]));
            assertThat(provider.decrypt(aes, entry[1], context)).isEqualTo(entry[0]);
        }
        for (byte[][] entry : signatures) {
            assertThat(provider.verify(ec, SignatureAlgorithm.ECDSA_SHA256, entry[0], entry[1])).isTrue();
        }
        assertThat(ciphertexts).hasSize(THREADS * ROUNDS);
    }

    @Test
    void concurrentCreatesOfOneIdLetExactlyOneWin() throws Exception {
        List<Callable<Void>> workers = new ArrayList<>();
        Queue<Object> outcomes = new ConcurrentLinkedQueue<>();
        for (int t = 0; t < THREADS; t++) {
            workers.add(() -> {
                try {
                    outcomes.add(create("contested", KeySpec.HMAC_SHA256));
                } catch (dev.kms4j.KmsException e) {
                    outcomes.add(e.code());
                }
                return null;
            });
        }
        runAllAtOnce(workers);

        assertThat(outcomes).filteredOn(o -> o instanceof KeyRef).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o == dev.kms4j.KmsErrorCode.ALREADY_EXISTS).hasSize(THREADS - 1);
    }

    private static void runAllAtOnce(List<Callable<Void>> workers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(workers.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Void>> futures = new ArrayList<>();
            for (Callable<Void> w : workers) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return w.call();
                }));
            }
            start.countDown();
            for (Future<Void> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
