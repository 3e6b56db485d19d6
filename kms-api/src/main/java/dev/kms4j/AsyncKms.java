package dev.kms4j;

import java.security.PublicKey;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * An asynchronous view of a {@link KmsManager}: the core operations, each returning a
 * {@link CompletionStage} and running the ordinary synchronous call (with every decorator) on an
 * executor. Get one with {@link KmsManager#async()} (the manager's own small bounded pool) or
 * {@link KmsManager#async(Executor)} (yours; the manager never shuts it down).
 *
 * <p>Failures complete the stage exceptionally with the same {@link KmsException} the synchronous
 * call throws; null arguments give {@link KmsErrorCode#INVALID_ARGUMENT} there too. When the
 * executor refuses the task (its queue is full) the stage fails with
 * {@link KmsErrorCode#THROTTLED}, which is retryable: the caller is going faster than the pool
 * drains. After {@link KmsManager#close()} stages fail with {@link IllegalStateException}.
 *
 * <p>Cancellation: {@code stage.toCompletableFuture().cancel(false)} on a stage whose task has not
 * started yet means the provider is never called. A call already running is not interrupted
 * (provider calls are not interruptible); its result is discarded, and a discarded plaintext
 * ({@code decrypt}) is zeroed and a discarded {@link DataKey} closed, since nobody else can.
 *
 * <p>Arrays passed in (plaintext, message, ciphertext) are read when the task runs, not copied:
 * do not change or zero them until the stage completes. Results that are secret (decrypted
 * plaintext, {@link DataKey}) belong to the caller, who zeroes or closes them. Thread-safe.
 */
public final class AsyncKms {
    private final KmsManager kms;
    private final Executor executor;

    AsyncKms(KmsManager kms, Executor executor) {
        this.kms = kms;
        this.executor = executor;
    }

    /** {@link KmsManager#sign}, asynchronously. */
    public CompletionStage<byte[]> sign(KeyRef ref, SignatureAlgorithm algorithm, byte[] message) {
        return submit(() -> kms.sign(ref, algorithm, message), null);
    }

    /** {@link KmsManager#verify}, asynchronously: {@code false} for a wrong signature. */
    public CompletionStage<Boolean> verify(KeyRef ref, SignatureAlgorithm algorithm, byte[] message, byte[] signature) {
        return submit(() -> kms.verify(ref, algorithm, message, signature), null);
    }

    /** {@link KmsManager#getPublicKey}, asynchronously. */
    public CompletionStage<PublicKey> getPublicKey(KeyRef ref) {
        return submit(() -> kms.getPublicKey(ref), null);
    }

    /** {@link KmsManager#metadata}, asynchronously. */
    public CompletionStage<KeyMetadata> metadata(KeyRef ref) {
        return submit(() -> kms.metadata(ref), null);
    }

    /** {@link KmsManager#encrypt}, asynchronously. */
    public CompletionStage<byte[]> encrypt(KeyRef ref, byte[] plaintext, EncryptionContext context) {
        return submit(() -> kms.encrypt(ref, plaintext, context), null);
    }

    /** {@link KmsManager#decrypt}, asynchronously. The plaintext is the caller's to zero. */
    public CompletionStage<byte[]> decrypt(KeyRef ref, byte[] ciphertext, EncryptionContext context) {
        return submit(() -> kms.decrypt(ref, ciphertext, context), plaintext -> Arrays.fill(plaintext, (byte) 0));
    }

    /** {@link KmsManager#createDek}, asynchronously. Close the data key. */
    public CompletionStage<DataKey> createDek(KeyRef kek, DekSpec spec, EncryptionContext context) {
        return submit(() -> kms.createDek(kek, spec, context), DataKey::close);
    }

    /** {@link KmsManager#wrap}, asynchronously. The caller still owns (and zeroes) {@code key}. */
    public CompletionStage<WrappedKey> wrap(KeyRef kek, byte[] key, EncryptionContext context) {
        return submit(() -> kms.wrap(kek, key, context), null);
    }

    /** {@link KmsManager#unwrap}, asynchronously. Close the data key. */
    public CompletionStage<DataKey> unwrap(WrappedKey wrapped, EncryptionContext context) {
        return submit(() -> kms.unwrap(wrapped, context), DataKey::close);
    }

    /**
     * Runs {@code call} on the executor unless the stage is already done (cancelled) when the task
     * starts. {@code discard} cleans up a secret result nobody will receive.
     */
    private <T> CompletionStage<T> submit(Supplier<T> call, Consumer<T> discard) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (kms.isClosed()) {
            result.completeExceptionally(new IllegalStateException("KmsManager is closed"));
            return result;
        }
        Runnable task = () -> {
            if (result.isDone()) {
                return; // cancelled before it started: the provider is never called
            }
            try {
                T value = call.get();
                if (!result.complete(value) && discard != null && value != null) {
                    discard.accept(value);
                }
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
                if (e instanceof Error) {
                    throw (Error) e;
                }
            }
        };
        try {
            // The task runs as the caller, so the key access policy and the audit trail see who asked.
            executor.execute(CallerContext.wrap(task));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(kms.isClosed()
                    ? new IllegalStateException("KmsManager is closed")
                    : KmsException.builder(KmsErrorCode.THROTTLED,
                            "the executor for asynchronous kms4j calls is full; slow down or enlarge it").build());
        }
        return result;
    }
}
