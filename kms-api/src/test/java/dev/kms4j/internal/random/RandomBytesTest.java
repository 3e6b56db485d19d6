package dev.kms4j.internal.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RandomBytesTest {
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 12, 32, RandomBytes.MAX_BUFFERED_BYTES, RandomBytes.MAX_BUFFERED_BYTES + 1, 4096})
    void givesExactlyTheLengthAsked(int length) {
        assertThat(RandomBytes.bytes(length)).hasSize(length);
    }

    @Test
    void refusesANegativeLength() {
        assertThatThrownBy(() -> RandomBytes.bytes(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void neverRepeatsANonce() {
        Set<ByteBuffer> seen = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            assertThat(seen.add(ByteBuffer.wrap(RandomBytes.bytes(12)))).isTrue();
        }
    }

    @Test
    void handsOutBlockBytesOnceAndZeroesThem() {
        RandomBytes.Stripe stripe = new RandomBytes.Stripe(new SecureRandom());
        byte[] first = new byte[16];
        stripe.take(first);
        byte[] before = stripe.block.clone();
        byte[] second = new byte[12];

        stripe.take(second);

        assertThat(stripe.position).isEqualTo(28);
        assertThat(second).isEqualTo(Arrays.copyOfRange(before, 16, 28));
        assertThat(Arrays.copyOfRange(stripe.block, 0, 28)).containsOnly(0);
        assertThat(Arrays.copyOfRange(stripe.block, 28, RandomBytes.BLOCK_BYTES))
                .isEqualTo(Arrays.copyOfRange(before, 28, RandomBytes.BLOCK_BYTES));
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void refillsWhenTheBlockCannotServeTheWholeRequest() {
        RandomBytes.Stripe stripe = new RandomBytes.Stripe(new SecureRandom());
        byte[] eight = new byte[8];
        stripe.take(eight);
        stripe.position = RandomBytes.BLOCK_BYTES - 10;

        byte[] twelve = new byte[12];
        stripe.take(twelve);

        assertThat(stripe.position).isEqualTo(12);
        assertThat(Arrays.copyOfRange(stripe.block, 0, 12)).containsOnly(0);
    }

    @Test
    void largeRequestsBypassTheBlock() {
        RandomBytes.Stripe stripe = RandomBytes.stripe();
        RandomBytes.bytes(16);
        int position;
        synchronized (stripe) {
            position = stripe.position;
        }

        RandomBytes.bytes(RandomBytes.MAX_BUFFERED_BYTES + 1);

        synchronized (stripe) {
            assertThat(stripe.position).isEqualTo(position);
        }
    }

    @Test
    void concurrentCallersNeverGetTheSameBytes() throws Exception {
        Set<ByteBuffer> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> all = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                all.add(pool.submit(() -> {
                    boolean unique = true;
                    for (int i = 0; i < 5_000; i++) {
                        unique &= seen.add(ByteBuffer.wrap(RandomBytes.bytes(16)));
                    }
                    return unique;
                }));
            }
            for (Future<Boolean> f : all) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(seen).hasSize(40_000);
    }

    @Test
    void theGeneratorIsTheCallersDrbg() {
        assertThat(RandomBytes.generator()).isSameAs(RandomBytes.stripe().drbg);
        assertThat(RandomBytes.generator().getAlgorithm()).isEqualTo("DRBG");
    }
}
