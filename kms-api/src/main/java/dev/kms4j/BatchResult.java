package dev.kms4j;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one item of a {@link KmsBatch} call: either its value or the {@link KmsException}
 * it failed with. One item's failure never fails the batch.
 *
 * <p>The value may be secret (a plaintext from {@link KmsBatch#decrypt}): the caller owns it and
 * zeroes it when done. {@link #toString()} never prints the value. Immutable and thread-safe
 * (the value array itself is the caller's).
 *
 * @param <T> the value type
 */
public final class BatchResult<T> {
    private final T value;
    private final KmsException error;

    private BatchResult(T value, KmsException error) {
        this.value = value;
        this.error = error;
    }

    /** A successful item. */
    public static <T> BatchResult<T> ok(T value) {
        return new BatchResult<>(value, null);
    }

    /** A failed item. */
    public static <T> BatchResult<T> failed(KmsException error) {
        return new BatchResult<>(null, Objects.requireNonNull(error, "error"));
    }

    /** Whether the item succeeded. */
    public boolean isOk() {
        return error == null;
    }

    /**
     * The item's value.
     *
     * @throws KmsException the item's own failure, if it failed
     */
    public T value() {
        if (error != null) {
            throw error;
        }
        return value;
    }

    /** The item's failure, if it failed. */
    public Optional<KmsException> error() {
        return Optional.ofNullable(error);
    }

    @Override
    public String toString() {
        return error == null ? "BatchResult[ok]" : "BatchResult[" + error.code() + "]";
    }
}
