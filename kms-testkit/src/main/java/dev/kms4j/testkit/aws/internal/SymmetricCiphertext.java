package dev.kms4j.testkit.aws.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The fake's own opaque CiphertextBlob format for symmetric keys. Clients treat the blob as
 * opaque, as they must with real KMS; the fake needs it to carry the key id and backing-key
 * version so that Decrypt without KeyId works and old blobs decrypt after rotation.
 *
 * <pre>
 *   magic 'K' (1) | format 1 (1) | key id, ASCII (36) | backing version (4, big endian)
 *   | nonce (12) | AES-256-GCM ciphertext and tag (n + 16)
 * </pre>
 *
 * The additional authenticated data is the header (everything before the nonce) followed by
 * the canonical encryption context (sorted by name, each name and value length-prefixed), so
 * changing the key id, the version, any ciphertext byte or the context fails authentication.
 *
 * <p>Stateless and thread-safe.
 */
final class SymmetricCiphertext {
    private static final byte MAGIC = 'K';
    private static final byte FORMAT = 1;
    private static final int ID_LENGTH = 36;
    static final int HEADER_LENGTH = 2 + ID_LENGTH + 4;
    private static final int NONCE_LENGTH = 12;
    private static final int TAG_BITS = 128;

    /** The parsed, not yet authenticated, header of a blob. */
    static final class Header {
        final String keyId;
        final int version;

        Header(String keyId, int version) {
            this.keyId = keyId;
            this.version = version;
        }
    }

    private SymmetricCiphertext() {
    }

    /** Reads the header; throws InvalidCiphertextException if the blob is not in this format. */
    static Header parseHeader(byte[] blob) {
        if (blob.length < HEADER_LENGTH + NONCE_LENGTH + TAG_BITS / 8 || blob[0] != MAGIC || blob[1] != FORMAT) {
            throw AwsError.invalidCiphertext();
        }
        String keyId = new String(blob, 2, ID_LENGTH, StandardCharsets.US_ASCII);
        int version = ByteBuffer.wrap(blob, 2 + ID_LENGTH, 4).getInt();
        return new Header(keyId, version);
    }

    static byte[] encrypt(String keyId, int version, byte[] backingKey, byte[] plaintext, Map<String, String> context) {
        byte[] keyIdBytes = keyId.getBytes(StandardCharsets.US_ASCII);
        if (keyIdBytes.length != ID_LENGTH) {
            throw new IllegalArgumentException("key id must be a 36-character UUID");
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH);
        header.put(MAGIC).put(FORMAT).put(keyIdBytes).putInt(version);
        byte[] nonce = Crypto.randomBytes(NONCE_LENGTH);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(backingKey, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(header.array());
            c.updateAAD(canonicalContext(context));
            byte[] sealed = c.doFinal(plaintext);
            return ByteBuffer.allocate(HEADER_LENGTH + NONCE_LENGTH + sealed.length)
                    .put(header.array()).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed", e);
        }
    }

    /** Decrypts and authenticates; InvalidCiphertextException on any mismatch. */
    static byte[] decrypt(byte[] blob, byte[] backingKey, Map<String, String> context) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(backingKey, "AES"),
                    new GCMParameterSpec(TAG_BITS, blob, HEADER_LENGTH, NONCE_LENGTH));
            c.updateAAD(blob, 0, HEADER_LENGTH);
            c.updateAAD(canonicalContext(context));
            int off = HEADER_LENGTH + NONCE_LENGTH;
            return c.doFinal(blob, off, blob.length - off);
        } catch (GeneralSecurityException e) {
            throw AwsError.invalidCiphertext();
        }
    }

    static byte[] canonicalContext(Map<String, String> context) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, String> e : new TreeMap<>(context).entrySet()) {
            writeField(out, e.getKey());
            writeField(out, e.getValue());
        }
        return out.toByteArray();
    }

    private static void writeField(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
        out.writeBytes(b);
        Arrays.fill(b, (byte) 0);
    }
}
