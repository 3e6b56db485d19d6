package dev.kms4j;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * Batch calls: many items of one operation with bounded parallelism and one {@link BatchResult}
 * per item, in input order. One item's failure never fails the batch; each item is the ordinary
 * {@link KmsManager} call, with every decorator. Get one with {@link KmsManager#batch()}.
 *
 * <pre>{@code
 * List<BatchResult<byte[]>> sigs = kms.batch().withParallelism(8).sign(key, ECDSA_SHA256, messages);
 * }</pre>
 *
 * <p>At most {@link #parallelism()} items run at once: the calling thread works through items
 * itself and up to {@code parallelism - 1} helpers run on the executor (the manager's pool by
 * default). Because the caller always takes part, a batch finishes even when the executor is
 * full or is the very pool the caller runs on. A batch longer than {@link #maxItems()} is refused
 * as a whole with {@link KmsErrorCode#INVALID_ARGUMENT} before any provider call; split it.
 *
 * <p>If the calling thread is interrupted while waiting, the call returns at once (the interrupt
 * flag set), no further item starts, and items not finished carry
 * {@link KmsErrorCode#UNAVAILABLE}.
 *
 * <p>Inputs are read while the batch runs, not copied. Decrypted plaintexts in the results are
 * the caller's to zero. Immutable and thread-safe; the {@code with*} methods return new batches.
 */
public final class KmsBatch {
    /** Items run at once by default, the caller's thread included. */
    public static final int DEFAULT_PARALLELISM = 4;
    /** The largest batch accepted by default. */
    public static final int DEFAULT_MAX_ITEMS = 1000;
    /** The upper bound for {@link #withParallelism} and {@link #withMaxItems}. */
    public static final int LIMIT = 100_000;

    private final KmsManager kms;
    private final Executor executor;
    private final int parallelism;
    private final int maxItems;

    KmsBatch(KmsManager kms, Executor executor, int parallelism, int maxItems) {
        this.kms = kms;
        this.executor = executor;
        this.parallelism = parallelism;
        this.maxItems = maxItems;
    }

    /** The same batch with at most {@code parallelism} items at once (1 runs everything on the caller). */
    public KmsBatch withParallelism(int parallelism) {
        return new KmsBatch(kms, executor, inRange(parallelism, "parallelism"), maxItems);
    }

    /** The same batch accepting at most {@code maxItems} items per call. */
    public KmsBatch withMaxItems(int maxItems) {
        return new KmsBatch(kms, executor, parallelism, inRange(maxItems, "max items"));
    }

    /** The same batch running its helpers on {@code executor} (yours; never shut down by kms4j). */
    public KmsBatch withExecutor(Executor executor) {
        if (executor == null) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "executor must not be null");
        }
        return new KmsBatch(kms, executor, parallelism, maxItems);
    }

    /** Items run at once. */
    public int parallelism() {
        return parallelism;
    }

    /** The largest batch accepted. */
    public int maxItems() {
        return maxItems;
    }

    /** The public key of each key. */
    public List<BatchResult<PublicKey>> getPublicKeys(List<KeyRef> refs) {
        return each(refs, kms::getPublicKey);
    }

    /** The metadata of each key. */
    public List<BatchResult<KeyMetadata>> metadata(List<KeyRef> refs) {
        return each(refs, kms::metadata);
    }

    /** Encrypts each plaintext under {@code ref} with one context. */
    public List<BatchResult<byte[]>> encrypt(KeyRef ref, List<byte[]> plaintexts, EncryptionContext context) {
        return each(plaintexts, plaintext -> kms.encrypt(ref, plaintext, context));
    }

    /** Decrypts each ciphertext under {@code ref} with one context. The plaintexts are the caller's to zero. */
    public List<BatchResult<byte[]>> decrypt(KeyRef ref, List<byte[]> ciphertexts, EncryptionContext context) {
        return each(ciphertexts, ciphertext -> kms.decrypt(ref, ciphertext, context));
    }

    /** Signs each message with {@code ref}. */
    public List<BatchResult<byte[]>> sign(KeyRef ref, SignatureAlgorithm algorithm, List<byte[]> messages) {
        return each(messages, message -> kms.sign(ref, algorithm, message));
    }

    /**
     * Runs {@code operation} on each input with this batch's parallelism, for what the named
     * methods do not cover (a context per item, a mix of keys). {@code operation} should call the
     * manager; a {@link KmsException} it throws is that item's result, and any other runtime
     * exception becomes {@link KmsErrorCode#INTERNAL} (type only, its message is not copied).
     */
    public <I, O> List<BatchResult<O>> each(List<? extends I> inputs, Function<? super I, ? extends O> operation) {
        if (inputs == null || operation == null) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "batch inputs and operation must not be null");
        }
        if (inputs.size() > maxItems) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "batch of " + inputs.size()
                    + " items is larger than the limit of " + maxItems + "; split it");
        }
        if (kms.isClosed()) {
            throw new IllegalStateException("KmsManager is closed");
        }
        List<I> items = new ArrayList<>(inputs); // a snapshot: later changes to the list do not matter
        int n = items.size();
        AtomicReferenceArray<BatchResult<O>> results = new AtomicReferenceArray<>(n);
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(n);
        Runnable worker = () -> {
            int i;
            while (!stop.get() && (i = next.getAndIncrement()) < n) {
                results.set(i, runOne(operation, items.get(i)));
                done.countDown();
            }
        };
        // Helpers run as the caller, so the key access policy and the audit trail see who asked.
        Runnable helper = CallerContext.wrap(worker);
        for (int helpers = Math.min(parallelism, n) - 1; helpers > 0; helpers--) {
            try {
                executor.execute(helper);
            } catch (RejectedExecutionException e) {
                break; // the pool is full: the calling thread does the remaining work itself
            }
        }
        worker.run();
        try {
            done.await();
        } catch (InterruptedException e) {
            stop.set(true);
            Thread.currentThread().interrupt();
        }
        List<BatchResult<O>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            BatchResult<O> r = results.get(i);
            out.add(r != null ? r : BatchResult.failed(new KmsException(KmsErrorCode.UNAVAILABLE,
                    "the batch was interrupted before item " + i + " completed")));
        }
        return List.copyOf(out);
    }

    private static <I, O> BatchResult<O> runOne(Function<? super I, ? extends O> operation, I input) {
        try {
            return BatchResult.ok(operation.apply(input));
        } catch (KmsException e) {
            return BatchResult.failed(e);
        } catch (RuntimeException e) {
            return BatchResult.failed(new KmsException(KmsErrorCode.INTERNAL,
                    "batch item failed unexpectedly (" + e.getClass().getSimpleName() + ")", e));
        }
    }

    private static int inRange(int value, String what) {
        if (value < 1 || value > LIMIT) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, what + " must be between 1 and " + LIMIT);
        }
        return value;
    }

    @Override
    public String toString() {
        return "KmsBatch[parallelism=" + parallelism + ", maxItems=" + maxItems + "]";
    }
}
