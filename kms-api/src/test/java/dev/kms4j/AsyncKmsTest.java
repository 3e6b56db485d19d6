package dev.kms4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.spi.KmsProvider;
import dev.kms4j.testsupport.StubProvider;
import dev.kms4j.testsupport.StubProviderFactory;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AsyncKmsTest {
    private static final KeyRef KEY = KeyRef.parse("stub://payments");
    private static final byte[] MESSAGE = {1, 2};

    private final StubProvider stub = new StubProvider("stub");
    /** An executor that only queues: the test decides when (and whether) tasks run. */
    private final List<Runnable> queued = new ArrayList<>();

    @Test
    void signCompletesWithTheProvidersSignature() {
        try (KmsManager kms = manager(stub)) {
            byte[] sig = kms.async().sign(KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE).toCompletableFuture().join();

            assertThat(sig).isEqualTo(StubProvider.SIGNATURE);
        }
    }

    @Test
    void theCallRunsOnTheManagersOwnPool() {
        AtomicReference<String> thread = new AtomicReference<>();
        KmsProvider recording = new MinimalProvider() {
            @Override
            public KeyMetadata metadata(KeyRef ref) {
                thread.set(Thread.currentThread().getName());
                return KeyMetadata.builder(ref).spec(KeySpec.AES_256).build();
            }
        };
        try (KmsManager kms = manager(recording)) {
            kms.async().metadata(KEY).toCompletableFuture().join();
        }

        assertThat(thread.get()).startsWith("kms4j-async-");
    }

    @Test
    void theCallRunsAsTheCallerThatStartedIt() {
        AtomicReference<String> principal = new AtomicReference<>();
        KmsProvider recording = new MinimalProvider() {
            @Override
            public KeyMetadata metadata(KeyRef ref) {
                principal.set(CallerContext.current().map(Caller::principal).orElse("(none)"));
                return KeyMetadata.builder(ref).spec(KeySpec.AES_256).build();
            }
        };
        try (KmsManager kms = manager(recording); CallerContext.Scope caller = CallerContext.principal("svc-billing")) {
            kms.async().metadata(KEY).toCompletableFuture().join();
        }

        assertThat(principal.get()).isEqualTo("svc-billing");
    }

    @Test
    void aProviderFailureCompletesTheStageWithTheSameKmsException() {
        stub.failWith = new KmsException(KmsErrorCode.NOT_FOUND, "no such key");
        try (KmsManager kms = manager(stub)) {
            CompletableFuture<KeyMetadata> f = kms.async().metadata(KEY).toCompletableFuture();

            assertThatThrownBy(f::join).isInstanceOf(CompletionException.class).cause()
                    .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.code()).isEqualTo(KmsErrorCode.NOT_FOUND));
        }
    }

    @Test
    void cancellingAStageThatHasNotStartedMeansTheProviderIsNeverCalled() {
        try (KmsManager kms = manager(stub)) {
            CompletionStage<byte[]> stage = kms.async(queued::add).sign(KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE);

            assertThat(stage.toCompletableFuture().cancel(false)).isTrue();
            queued.forEach(Runnable::run);
        }

        assertThat(stub.calls).isEmpty();
    }

    @Test
    void aStageNotCancelledRunsWhenItsTaskRuns() {
        try (KmsManager kms = manager(stub)) {
            CompletionStage<byte[]> stage = kms.async(queued::add).sign(KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE);
            queued.forEach(Runnable::run);

            assertThat(stage.toCompletableFuture().join()).isEqualTo(StubProvider.SIGNATURE);
        }
        assertThat(stub.calls).containsExactly("sign " + KEY);
    }

    @Test
    void aPlaintextNobodyReceivesBecauseTheStageWasCancelledWhileRunningIsZeroed() {
        byte[] plaintext = {7, 7, 7};
        AtomicReference<CompletableFuture<byte[]>> stage = new AtomicReference<>();
        KmsProvider decrypting = new MinimalProvider() {
            @Override
            public byte[] decrypt(KeyRef ref, byte[] ciphertext, EncryptionContext context) {
                stage.get().cancel(false); // the caller gives up while the provider works
                return plaintext;
            }
        };
        try (KmsManager kms = manager(decrypting)) {
            stage.set(kms.async(queued::add).decrypt(KEY, new byte[] {1}, EncryptionContext.empty()).toCompletableFuture());
            queued.forEach(Runnable::run);
        }

        assertThat(stage.get()).isCancelled();
        assertThat(plaintext).containsOnly(0);
    }

    @Test
    void aFullExecutorFailsTheStageWithThrottled() {
        try (KmsManager kms = manager(stub)) {
            CompletableFuture<byte[]> f = kms.async(task -> {
                throw new RejectedExecutionException("full");
            }).sign(KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE).toCompletableFuture();

            assertThatThrownBy(f::join).cause().isInstanceOfSatisfying(KmsException.class, e -> {
                assertThat(e.code()).isEqualTo(KmsErrorCode.THROTTLED);
                assertThat(e.isRetryable()).isTrue();
            });
        }
        assertThat(stub.calls).isEmpty();
    }

    @Test
    void aNullArgumentFailsTheStageWithInvalidArgument() {
        try (KmsManager kms = manager(stub)) {
            CompletableFuture<byte[]> f = kms.async().sign(KEY, SignatureAlgorithm.ECDSA_SHA256, null).toCompletableFuture();

            assertThatThrownBy(f::join).cause().isInstanceOfSatisfying(KmsException.class,
                    e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
        }
    }

    @Test
    void aCallQueuedBeforeCloseFailsWithIllegalStateAndNeverReachesTheProvider() {
        KmsManager kms = manager(stub);
        CompletableFuture<byte[]> f = kms.async(queued::add).sign(KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE)
                .toCompletableFuture();
        kms.close();
        queued.forEach(Runnable::run);

        assertThatThrownBy(f::join).cause().isInstanceOf(IllegalStateException.class);
        assertThat(stub.calls).isEmpty();
    }

    @Test
    void theOwnPoolIsRefusedAfterClose() {
        KmsManager kms = manager(stub);
        kms.close();

        assertThatThrownBy(kms::async).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closeLeavesTheCallersExecutorRunning() {
        ExecutorService mine = Executors.newSingleThreadExecutor();
        try {
            try (KmsManager kms = manager(stub)) {
                kms.async(mine).metadata(KEY).toCompletableFuture().join();
            }

            assertThat(mine.isShutdown()).isFalse();
        } finally {
            mine.shutdownNow();
        }
    }

    private static KmsManager manager(KmsProvider provider) {
        return KmsManager.builder().discovery(false)
                .factory(new StubProviderFactory(provider.scheme(), s -> provider)).enable(provider.scheme()).build();
    }

    /** A "stub" provider with every capability and no operations; tests override what they need. */
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
}
