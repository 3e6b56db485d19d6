package dev.kms4j.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.EncryptionContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Many threads encrypting and decrypting through one cached envelope all get their own plaintext back. */
class ConcurrencyTest {

    @Test
    void threadsShareOneCachedEnvelopeSafely() throws Exception {
        try (TestKms test = new TestKms()) {
            Envelope envelope = Envelope.builder(test.kms).kek(test.localKek())
                    .dekCache(DekCacheOptions.builder().maxAge(Duration.ofMinutes(1)).maxMessages(50).maxEntries(3).build())
                    .build();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    start.await();
                    int ok = 0;
                    for (int i = 0; i < 500; i++) {
                        EncryptionContext ctx = EncryptionContext.of("ctx", Integer.toString(i % 5));
                        byte[] pt = {(byte) thread, (byte) i, (byte) (i >> 8)};
                        if (java.util.Arrays.equals(envelope.decrypt(envelope.encrypt(pt, ctx), ctx), pt)) {
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
            start.countDown();
            for (Future<Integer> f : results) {
                assertThat(f.get()).isEqualTo(500);
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThat(envelope.cacheStats().encryptHits()).isPositive();
            assertThat(envelope.cacheStats().encryptEvictions()).isPositive();
        }
    }
}
