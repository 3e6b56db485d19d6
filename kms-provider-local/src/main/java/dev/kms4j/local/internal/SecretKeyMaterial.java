package dev.kms4j.local.internal;

import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.SecretKey;

/**
 * Raw symmetric key bytes (AES, ChaCha20 or HMAC) as a JCA {@link SecretKey} that can really be
 * wiped. <strong>Secret.</strong>
 *
 * <p>Hand-written because {@link javax.crypto.spec.SecretKeySpec} cannot be destroyed on Java 17.
 * JCE providers read the key once per {@code init} through {@link #getEncoded()}, which returns a
 * copy (the SunJCE ciphers and MACs zero that copy after expanding the key).
 *
 * <p>Thread-safe. A use that races with {@link #destroy()} fails with
 * {@link IllegalStateException} instead of silently using zeroed bytes: {@code destroy} publishes
 * the flag before zeroing, and {@code getEncoded} checks it after copying (the seqlock pattern, as
 * in {@link java.util.concurrent.locks.StampedLock#validate}). Not serializable.
 */
final class SecretKeyMaterial implements SecretKey, VersionKey {
    private static final long serialVersionUID = 1L;

    private final String algorithm;
    private final transient byte[] bytes;
    private volatile boolean destroyed;

    /**
     * @param algorithm the JCA algorithm name ({@code AES}, {@code ChaCha20}, {@code HmacSHA256}...)
     * @param source key bytes, copied; the caller keeps (and zeroes) its array
     */
    SecretKeyMaterial(String algorithm, byte[] source) {
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.bytes = source.clone();
    }

    @Override
    public String getAlgorithm() {
        return algorithm;
    }

    @Override
    public String getFormat() {
        return "RAW";
    }

    /** A fresh copy of the key bytes (secret; the caller zeroes it). */
    @Override
    public byte[] getEncoded() {
        byte[] copy = bytes.clone();
        VarHandle.acquireFence();
        if (destroyed) {
            Arrays.fill(copy, (byte) 0);
            throw new IllegalStateException(algorithm + " key has been destroyed");
        }
        return copy;
    }

    /** Key length in bytes. */
    int length() {
        return bytes.length;
    }

    @Override
    public void destroy() {
        destroyed = true;
        VarHandle.fullFence();
        Arrays.fill(bytes, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public void wipe() {
        destroy();
    }

    @Override
    public String toString() {
        return "SecretKeyMaterial{" + algorithm + ", " + bytes.length + " bytes, redacted}";
    }

    private void writeObject(ObjectOutputStream out) throws NotSerializableException {
        throw new NotSerializableException("key material is never serialized");
    }

    private void readObject(ObjectInputStream in) throws NotSerializableException {
        throw new NotSerializableException("key material is never serialized");
    }
}
