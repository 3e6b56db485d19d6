package dev.kms4j;

import java.util.Arrays;
import java.util.Objects;

/**
 * A plaintext data key together with its wrapped form. <strong>Secret:</strong> the plaintext
 * bytes are key material.
 *
 * <p>Use it in try-with-resources: {@link #close()} overwrites the plaintext with zeros, and
 * afterwards {@link #copyPlaintext()} throws {@link IllegalStateException}. {@link #toString()}
 * never shows key material. Keep {@link #wrapped()} (not secret) next to your ciphertext and
 * recover the plaintext later with {@code KmsManager.unwrap}.
 *
 * <p>Thread-safe; closing while another thread copies the plaintext is safe but the copy may
 * then fail.
 */
public final class DataKey implements AutoCloseable {
    private final byte[] plaintext;
    private final WrappedKey wrapped;
    private boolean closed;

    private DataKey(byte[] plaintext, WrappedKey wrapped) {
        this.plaintext = plaintext;
        this.wrapped = wrapped;
    }

    /**
     * Creates a data key from a copy of {@code plaintext}. The caller still owns, and should
     * zero, its own array.
     */
    public static DataKey of(byte[] plaintext, WrappedKey wrapped) {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(wrapped, "wrapped");
        return new DataKey(plaintext.clone(), wrapped);
    }

    /**
     * Returns a fresh copy of the plaintext key bytes. <strong>Secret:</strong> the caller owns
     * the copy and should overwrite it with zeros when done.
     *
     * @throws IllegalStateException if this key has been closed
     */
    public synchronized byte[] copyPlaintext() {
        if (closed) {
            throw new IllegalStateException("data key has been closed and its plaintext zeroed");
        }
        return plaintext.clone();
    }

    /** Length of the plaintext key in bytes. */
    public int length() {
        return plaintext.length;
    }

    /** The wrapped form, which names the exact KEK version. Not secret. */
    public WrappedKey wrapped() {
        return wrapped;
    }

    /** Whether {@link #close()} has run. */
    public synchronized boolean isClosed() {
        return closed;
    }

    /** Overwrites the plaintext with zeros. Idempotent. */
    @Override
    public synchronized void close() {
        Arrays.fill(plaintext, (byte) 0);
        closed = true;
    }

    /** Shows the wrapping KEK and the key length only. */
    @Override
    public String toString() {
        return "DataKey{" + plaintext.length + " bytes, redacted, kek=" + wrapped.kek() + (isClosed() ? ", closed" : "") + "}";
    }
}
