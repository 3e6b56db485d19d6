package dev.kms4j;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Key bytes encrypted ("wrapped") under a key-encryption key (KEK), together with the exact KEK
 * reference that wrapped them, so they unwrap after the KEK has rotated.
 *
 * <p>The KEK reference carries the exact version wherever the provider exposes versions. For
 * providers that keep versions internal (AWS KMS) the ciphertext itself identifies the backing
 * key version and the reference has no version.
 *
 * <p>The wrapped bytes are ciphertext, not secret; they are still left out of {@link #toString()}.
 * Immutable and thread-safe.
 */
public final class WrappedKey {
    private static final byte FORMAT_VERSION = 1;
    private static final byte[] MAGIC = {'K', 'W'};
    /** Largest wrapped blob accepted by {@link #fromBytes(byte[])}. */
    public static final int MAX_CIPHERTEXT_BYTES = 64 * 1024;

    private final KeyRef kek;
    private final byte[] ciphertext;

    private WrappedKey(KeyRef kek, byte[] ciphertext) {
        this.kek = kek;
        this.ciphertext = ciphertext;
    }

    /**
     * Creates a wrapped key. The bytes are copied.
     *
     * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} if the ciphertext is empty or too large
     */
    public static WrappedKey of(KeyRef kek, byte[] ciphertext) {
        Objects.requireNonNull(kek, "kek");
        Objects.requireNonNull(ciphertext, "ciphertext");
        if (ciphertext.length == 0 || ciphertext.length > MAX_CIPHERTEXT_BYTES) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT,
                    "wrapped key must be 1 to " + MAX_CIPHERTEXT_BYTES + " bytes, got " + ciphertext.length);
        }
        return new WrappedKey(kek, ciphertext.clone());
    }

    /** The KEK that wrapped these bytes, with its exact version where the provider exposes one. */
    public KeyRef kek() {
        return kek;
    }

    /** A copy of the provider's wrapped bytes. */
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    /** Number of wrapped bytes. */
    public int length() {
        return ciphertext.length;
    }

    /**
     * A self-describing encoding for storage: {@code 'K' 'W' 0x01}, the KEK URI as 2-byte length
     * plus UTF-8, then the wrapped bytes as 4-byte length plus bytes (all big-endian).
     */
    public byte[] toBytes() {
        byte[] uri = kek.toUri().getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(3 + 2 + uri.length + 4 + ciphertext.length);
        buf.put(MAGIC).put(FORMAT_VERSION).putShort((short) uri.length).put(uri)
                .putInt(ciphertext.length).put(ciphertext);
        return buf.array();
    }

    /**
     * Reads {@link #toBytes()} output.
     *
     * @throws KmsException {@link KmsErrorCode#INTEGRITY} if the bytes are not a well-formed encoding
     */
    public static WrappedKey fromBytes(byte[] encoded) {
        Objects.requireNonNull(encoded, "encoded");
        try {
            ByteBuffer buf = ByteBuffer.wrap(encoded);
            byte[] magic = new byte[2];
            buf.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw malformed("bad magic");
            }
            byte version = buf.get();
            if (version != FORMAT_VERSION) {
                throw malformed("unknown format version " + version);
            }
            int uriLength = Short.toUnsignedInt(buf.getShort());
            byte[] uri = new byte[uriLength];
            buf.get(uri);
            int ctLength = buf.getInt();
            if (ctLength <= 0 || ctLength > MAX_CIPHERTEXT_BYTES || ctLength != buf.remaining()) {
                throw malformed("bad ciphertext length");
            }
            byte[] ct = new byte[ctLength];
            buf.get(ct);
            KeyRef kek;
            try {
                kek = KeyRef.parse(new String(uri, StandardCharsets.UTF_8));
            } catch (KmsException e) {
                throw malformed("bad KEK reference");
            }
            return new WrappedKey(kek, ct);
        } catch (java.nio.BufferUnderflowException e) {
            throw malformed("truncated");
        }
    }

    private static KmsException malformed(String why) {
        return new KmsException(KmsErrorCode.INTEGRITY, "wrapped key encoding is malformed: " + why);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WrappedKey && kek.equals(((WrappedKey) o).kek)
                && Arrays.equals(ciphertext, ((WrappedKey) o).ciphertext);
    }

    @Override
    public int hashCode() {
        return 31 * kek.hashCode() + Arrays.hashCode(ciphertext);
    }

    @Override
    public String toString() {
        return "WrappedKey{kek=" + kek + ", " + ciphertext.length + " bytes}";
    }
}
