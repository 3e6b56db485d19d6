package dev.kms4j.envelope.store.internal;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The format of {@code EntityEncryptor} ciphertexts (all integers big-endian):
 *
 * <pre>
 * offset  size  field
 * 0       1     format version, 0x01
 * 1       4     DEK generation of the entity (u32)
 * 5       12    AES-GCM nonce (random)
 * 17      n     AES-GCM ciphertext (n = plaintext length)
 * 17+n    16    AES-GCM tag
 * </pre>
 *
 * The AES-GCM associated data is {@code "kms4j.entity.v1" | u16 id length | entity id (ASCII) |
 * the 5 header bytes | the caller's associated data}: the entity id binds a ciphertext to its
 * entity, the header binds the version and generation, and everything before the caller's bytes
 * has a fixed or prefixed length, so the encoding is unambiguous. Stateless and thread-safe.
 */
public final class EntityCiphertext {
    /** The only format version. */
    public static final byte VERSION = 1;
    /** Bytes before the AES-GCM output. */
    public static final int HEADER_BYTES = 5;
    /** Smallest valid ciphertext: header, nonce and tag around an empty plaintext. */
    public static final int MIN_BYTES = HEADER_BYTES + 12 + 16;
    private static final byte[] DOMAIN = "kms4j.entity.v1".getBytes(StandardCharsets.US_ASCII);

    private EntityCiphertext() {
    }

    /** The header of a new ciphertext. */
    public static byte[] header(int generation) {
        return ByteBuffer.allocate(HEADER_BYTES).put(VERSION).putInt(generation).array();
    }

    /**
     * The DEK generation a ciphertext names.
     *
     * @throws KmsException {@link KmsErrorCode#INTEGRITY} if it is too short or of an unknown version
     */
    public static int generationOf(byte[] ciphertext, String entityId) {
        if (ciphertext.length < MIN_BYTES) {
            throw new KmsException(KmsErrorCode.INTEGRITY, "ciphertext for entity '" + entityId + "' is truncated ("
                    + ciphertext.length + " bytes; at least " + MIN_BYTES + " expected)");
        }
        if (ciphertext[0] != VERSION) {
            throw new KmsException(KmsErrorCode.INTEGRITY, "ciphertext for entity '" + entityId
                    + "' has unknown format version " + Byte.toUnsignedInt(ciphertext[0]) + " (expected " + VERSION + ")");
        }
        return ByteBuffer.wrap(ciphertext, 1, 4).getInt();
    }

    /** The AES-GCM associated data (see the class comment); {@code callerAad} may be null. */
    public static byte[] associatedData(String entityId, byte[] header, byte[] callerAad) {
        byte[] id = entityId.getBytes(StandardCharsets.US_ASCII);
        int callerLength = callerAad == null ? 0 : callerAad.length;
        ByteBuffer buf = ByteBuffer.allocate(DOMAIN.length + 2 + id.length + header.length + callerLength);
        buf.put(DOMAIN).putShort((short) id.length).put(id).put(header, 0, HEADER_BYTES);
        if (callerAad != null) {
            buf.put(callerAad);
        }
        return buf.array();
    }
}
