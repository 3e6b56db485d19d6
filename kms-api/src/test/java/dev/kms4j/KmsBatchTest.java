package dev.kms4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.spi.KmsProvider;
import dev.kms4j.testsupport.StubProvider;
import dev.kms4j.testsupport.StubProviderFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KmsBatchTest {
    private static final KeyRef KEY = KeyRef.parse("stub://payments");

    private final StubProvider stub = new StubProvider("stub");

    @Test
    void resultsComeBackInInputOrder() {
        List<byte[]> messages = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            messages.add(new byte[] {(byte) i});
        }
        try (KmsManager kms = manager(new EchoSigner())) {
            List<BatchResult<byte[]>> sigs = kms.batch().withParallelism(4)
                    .sign(KEY, SignatureAlgorithm.ECDSA_SHA256, messages);

            assertThat(sigs).hasSize(50);
            for (int i = 0; i < 50; i++) {
                assertThat(sigs.get(i).value()).containsExactly((byte) i);
            }
        }
    }

    @Test
    void oneFailedItemDoesNotFailTheOthers() {
        try (KmsManager kms = manager(new EchoSigner())) {
            List<BatchResult<KeyMetadata>> results = kms.batch().metadata(
                    List.of(KeyRef.parse("stub://a"), KeyRef.parse("stub://missing"), KeyRef.parse("stub://b")));

            assertThat(results).extracting(BatchResult::isOk).containsExactly(true, false, true);
            assertThat(results.get(1).error().orElseThrow().code()).isEqualTo(KmsErrorCode.NOT_FOUND);
            assertThat(results.get(2).value().ref()).isEqualTo(KeyRef.parse("stub://b"));
        }
    }

    @Test
    void theValueOfAFailedItemThrowsItsOwnError() {
        try (KmsManager kms = manager(new EchoSigner())) {
            BatchResult<KeyMetadata> missing = kms.batch().metadata(List.of(KeyRef.parse("stub://missing"))).get(0);

            assertThatThrownBy(missing::value).isInstanceOfSatisfying(KmsException.class,
                    e -> assertThat(e.code()).isEqualTo(KmsErrorCode.NOT_FOUND));
        }
    }

    @Test
    void aNullItemIsThatItemsInvalidArgument() {
        try (KmsManager kms = manager(stub)) {
            List<BatchResult<byte[]>> results = kms.batch().encrypt(KEY, Arrays.asList(new byte[] {1}, null),
                    EncryptionContext.empty());

            assertThat(results.get(0).isOk()).isTrue();
            assertThat(results.get(1).error().orElseThrow().code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
        }
    }

    @Test
    void aBatchOverTheLimitIsRefusedBeforeAnyProviderCall() {
        try (KmsManager kms = manager(stub)) {
            KmsBatch batch = kms.batch().withMaxItems(2);
            List<KeyRef> three = List.of(KEY, KEY, KEY);

            assertThatThrownBy(() -> batch.metadata(three)).isInstanceOfSatisfying(KmsException.class,
                    e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
        }
        assertThat(stub.calls).isEmpty();
    }

    @Test
    void noMoreItemsRunAtOnceThanTheParallelism() {
        ConcurrencyProbe probe = new ConcurrencyProbe();
        try (KmsManager kms = manager(probe)) {
            kms.batch().withParallelism(2).metadata(java.util.Collections.nCopies(40, KEY));
        }

        assertThat(probe.max).hasValueBetween(1, 2);
        assertThat(probe.calls).hasValue(40);
    }

    @Test
    void aBatchCompletesOnTheCallersThreadWhenTheExecutorRefusesEverything() {
        try (KmsManager kms = manager(stub)) {
            List<BatchResult<KeyMetadata>> results = kms.batch().withExecutor(task -> {
                throw new RejectedExecutionException("full");
            }).metadata(List.of(KEY, KEY, KEY));

            assertThat(results).allMatch(BatchResult::isOk);
        }
    }

    @Test
    void anUnexpectedExceptionInAnItemBecomesInternalWithoutItsMessage() {
        try (KmsManager kms = manager(stub)) {
            List<BatchResult<Object>> results = kms.batch().each(List.of("x"), item -> {
                throw new IllegalArgumentException("secret=hunter2");
            });

            KmsException e = results.get(0).error().orElseThrow();
            assertThat(e.code()).isEqualTo(KmsErrorCode.INTERNAL);
            assertThat(e.getMessage()).doesNotContain("hunter2");
        }
    }

    @Test
    void theNamedBatchesCallTheirOperations() {
        try (KmsManager kms = manager(stub)) {
            kms.batch().getPublicKeys(List.of(KEY));
            kms.batch().decrypt(KEY, List.of(new byte[] {1}), EncryptionContext.empty());
            kms.batch().encrypt(KEY, List.of(new byte[] {1}), EncryptionContext.empty());
        }

        assertThat(stub.calls).containsExactly("publicKey " + KEY, "decrypt " + KEY, "encrypt " + KEY);
    }

    @Test
    void anEmptyBatchHasNoResults() {
        try (KmsManager kms = manager(stub)) {
            assertThat(kms.batch().metadata(List.of())).isEmpty();
        }
    }

    @Test
    void aParallelismOutOfRangeIsInvalidArgument() {
        try (KmsManager kms = manager(stub)) {
            assertThatThrownBy(() -> kms.batch().withParallelism(0)).isInstanceOfSatisfying(KmsException.class,
                    e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
        }
    }

    @Test
    void aBatchAfterCloseThrowsIllegalState() {
        KmsManager kms = manager(stub);
        kms.close();

        assertThatThrownBy(kms::batch).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aResultNeverPrintsItsValue() {
        assertThat(BatchResult.ok(new byte[] {42}).toString()).isEqualTo("BatchResult[ok]");
        assertThat(BatchResult.failed(new KmsException(KmsErrorCode.INTEGRITY, "x")).toString())
                .isEqualTo("BatchResult[INTEGRITY]");
    }

    @Test
    void everyItemRunsAsTheCallerOfTheBatchWhicheverThreadRunsIt() {
        java.util.Set<String> principals = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        KmsProvider recording = new MinimalProvider() {
            @Override
            public KeyMetadata metadata(KeyRef ref) {
                principals.add(CallerContext.current().map(Caller::principal).orElse("(none)"));
                threads.add(Thread.currentThread().getName());
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return KeyMetadata.builder(ref).spec(KeySpec.AES_256).build();
            }
        };
        List<KeyRef> keys = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            keys.add(KeyRef.parse("stub://k" + i));
        }
        try (KmsManager kms = manager(recording); CallerContext.Scope caller = CallerContext.principal("svc-billing")) {
            kms.batch().withParallelism(4).metadata(keys);
        }

        assertThat(threads).as("helpers took part").hasSizeGreaterThan(1);
        assertThat(principals).containsExactly("svc-billing");
    }

    private static KmsManager manager(KmsProvider provider) {
        return KmsManager.builder().discovery(false)
                .factory(new StubProviderFactory(provider.scheme(), s -> provider)).enable(provider.scheme()).build();
    }

    private abstract static class MinimalProvider implements KmsProvider {
        @Override
        public String scheme() {
            return "stub";
        }

        @Override
        public Set<Capability> capabilities() {
            return EnumSet.allOf(Capability.class);
        }

        @Override
        public void close() {
        }
    }

    /** Signs by echoing the message; metadata exists for every key but "missing". */
    private static final class EchoSigner extends MinimalProvider {
        @Override
        public byte[] sign(KeyRef ref, SignatureAlgorithm algorithm, byte[] message) {
            return message.clone();
        }

        @Override
        public KeyMetadata metadata(KeyRef ref) {
            if (ref.keyId().equals("missing")) {
                throw new KmsException(KmsErrorCode.NOT_FOUND, "key " + ref + " does not exist");
            }
            return KeyMetadata.builder(ref).spec(KeySpec.AES_256).build();
        }
    }

    /** Records the most calls in flight at once; each call yields briefly so overlaps can happen. */
    private static final class ConcurrencyProbe extends MinimalProvider {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger max = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public KeyMetadata metadata(KeyRef ref) {
            int now = inFlight.incrementAndGet();
            max.accumulateAndGet(now, Math::max);
            calls.incrementAndGet();
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
            return KeyMetadata.builder(ref).spec(KeySpec.AES_256).build();
        }
    }
}
