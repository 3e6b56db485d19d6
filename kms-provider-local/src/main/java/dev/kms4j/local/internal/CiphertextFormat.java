package dev.kms4j.local.internal;

import dev.kms4j.EncryptionContext;
import java.nio.charset.StandardCharsets;

/**
 * The byte layout of local ciphertexts and wrapped keys, and the associated data bound to them.
 *
 * <pre>
 * AEAD (AES-GCM, ChaCha20-Poly1305 keys), format byte 0x01:
 *   0x01 | key version (4 bytes, big-endian) | nonce (12) | ciphertext | tag (16)
 * RSA-OAEP-SHA256 (RSA keys with usage ENCRYPT_DECRYPT), format byte 0x02:
 *   0x02 | key version (4 bytes, big-endian) | OAEP block (modulus length)
 * </pre>
 *
 * The algorithm is the key's, so the format byte only says which layout follows. The associated
 * data (the AEAD's AAD, or the OAEP label) is
 *
 * <pre>
 *   purpose label (ASCII) | 0x00 | key id length (1 byte) | key id (ASCII) | format byte | key version (4 bytes)
 *   | EncryptionContext.toAad()
 * </pre>
 *
 * so a ciphertext authenticates only under the same purpose, key id, version and context. The
 * purposes keep {@code encrypt} output and wrapped keys apart: a wrapped key cannot be passed to
 * {@code decrypt}, nor an encrypted message to {@code unwrap}. Every field before the context has
 * a fixed length or a length prefix, and the context encoding is itself length-prefixed, so two
 * different inputs never give the same associated data.
 *
 * <p>Stateless and thread-safe. Nothing here is secret.
 */
final class CiphertextFormat {
    /** Format byte of AEAD ciphertexts. */
    static final byte AEAD_V1 = 0x01;
    /** Format byte of RSA-OAEP ciphertexts. */
    static final byte RSA_OAEP_V1 = 0x02;
    /** Format byte plus key version. */
    static final int PREFIX_LENGTH = 5;
    /** The AEAD header: prefix plus nonce. */
    static final int AEAD_HEADER_LENGTH = PREFIX_LENGTH + AeadCiphers.NONCE_LENGTH;
    /** The shortest well-formed AEAD ciphertext: header and tag around an empty plaintext. */
    static final int AEAD_MIN_LENGTH = AEAD_HEADER_LENGTH + AeadCiphers.TAG_LENGTH;

    private static final byte[] EMPTY_CONTEXT_AAD = EncryptionContext.empty().toAad();

    /** What a ciphertext is for; bound into its associated data. */
    enum Purpose {
        /** {@code encrypt}/{@code decrypt} of caller data. */
        ENCRYPT("kms4j-local/encrypt/v1"),
        /** {@code wrap}/{@code unwrap}/{@code createDek} of key bytes. */
        WRAP("kms4j-local/wrap/v1");

        private final byte[] label;

        Purpose(String label) {
            this.label = label.getBytes(StandardCharsets.US_ASCII);
        }
    }

    private CiphertextFormat() {
    }

    /**
     * The fixed part of the associated data for one purpose, key and version (everything before
     * the context); computed once per key version and cached.
     */
    static byte[] associatedDataPrefix(Purpose purpose, String keyId, byte format, int version) {
        byte[] id = keyId.getBytes(StandardCharsets.US_ASCII);
        if (id.length > 255) {
            throw new IllegalArgumentException("key id too long for the associated data");
        }
        byte[] aad = new byte[purpose.label.length + 1 + 1 + id.length + PREFIX_LENGTH];
        int p = 0;
        System.arraycopy(purpose.label, 0, aad, p, purpose.label.length);
        p += purpose.label.length;
        aad[p++] = 0;
        aad[p++] = (byte) id.length;
        System.arraycopy(id, 0, aad, p, id.length);
        p += id.length;
        writePrefix(aad, p, format, version);
        return aad;
    }

    /** The context part of the associated data. */
    static byte[] contextAad(EncryptionContext context) {
        return context.isEmpty() ? EMPTY_CONTEXT_AAD : context.toAad();
    }

    /** Writes the format byte and the version at {@code offset}. */
    static void writePrefix(byte[] out, int offset, byte format, int version) {
        out[offset] = format;
        out[offset + 1] = (byte) (version >>> 24);
        out[offset + 2] = (byte) (version >>> 16);
        out[offset + 3] = (byte) (version >>> 8);
        out[offset + 4] = (byte) version;
    }

    /** The key version recorded in a ciphertext of at least {@link #PREFIX_LENGTH} bytes. */
    static int readVersion(byte[] ciphertext) {
        return ((ciphertext[1] & 0xff) << 24) | ((ciphertext[2] & 0xff) << 16)
                | ((ciphertext[3] & 0xff) << 8) | (ciphertext[4] & 0xff);
    }
}
