package dev.kms4j.azure.internal;

import dev.kms4j.EncryptionContext;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * The bytes kms4j returns from {@code encrypt} and {@code wrap} with an Azure key: Key Vault
 * answers with several fields (ciphertext, and for AES-GCM the IV and tag) and the exact key
 * version in the key id, and decryption needs all of them, so they are packed into one
 * self-describing blob:
 * <pre>
 *   'A' 'Z' 0x01 | algorithm (1 byte) | version length (1 byte) | version (ASCII) | payload
 *   A256GCM:      payload = iv (12) | tag (16) | ciphertext
 *   RSA-OAEP-256: payload = ciphertext
 *   A256KW:       payload = wrapped key
 * </pre>
 * For AES-GCM the encryption context is bound as additional authenticated data, prefixed by a
 * fixed label so the AAD cannot be confused with another protocol's. The version is not
 * authenticated by the AAD, but a changed version names a different key, so decryption fails
 * all the same. Immutable and thread-safe; the payload is ciphertext, never printed.
 */
final class AzureCiphertext {
    enum Algorithm {
        A256GCM(1), RSA_OAEP_256(2), A256KW(3);

        final int id;

        Algorithm(int id) {
            this.id = id;
        }

        static Algorithm of(int id) {
            for (Algorithm a : values()) {
                if (a.id == id) {
                    return a;
                }
            }
            throw new IllegalArgumentException("unknown algorithm");
        }
    }

    static final int GCM_IV_BYTES = 12;
    static final int GCM_TAG_BYTES = 16;
    private static final byte[] MAGIC = {'A', 'Z', 1};
    private static final Pattern VERSION = Pattern.compile("[0-9a-zA-Z]{1,64}");
    private static final byte[] AAD_LABEL = "kms4j/azure-kv/A256GCM/v1\0".getBytes(StandardCharsets.US_ASCII);

    private final Algorithm algorithm;
    private final String version;
    private final byte[] iv;
    private final byte[] tag;
    private final byte[] ciphertext;

    AzureCiphertext(Algorithm algorithm, String version, byte[] iv, byte[] tag, byte[] ciphertext) {
        if (!VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("unexpected key version format");
        }
        if (algorithm == Algorithm.A256GCM && (iv == null || iv.length != GCM_IV_BYTES || tag == null
                || tag.length != GCM_TAG_BYTES)) {
            throw new IllegalArgumentException("AES-GCM needs a 12-byte IV and a 16-byte tag");
        }
        this.algorithm = algorithm;
        this.version = version;
        this.iv = iv == null ? null : iv.clone();
        this.tag = tag == null ? null : tag.clone();
        this.ciphertext = ciphertext.clone();
    }

    /** The AAD sent to Key Vault for AES-GCM under {@code context}. */
    static byte[] aad(EncryptionContext context) {
        byte[] ctx = context.toAad();
        byte[] aad = Arrays.copyOf(AAD_LABEL, AAD_LABEL.length + ctx.length);
        System.arraycopy(ctx, 0, aad, AAD_LABEL.length, ctx.length);
        return aad;
    }

    byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        out.write(algorithm.id);
        byte[] v = version.getBytes(StandardCharsets.US_ASCII);
        out.write(v.length);
        out.writeBytes(v);
        if (algorithm == Algorithm.A256GCM) {
            out.writeBytes(iv);
            out.writeBytes(tag);
        }
        out.writeBytes(ciphertext);
        return out.toByteArray();
    }

    /** Parses {@link #toBytes()} output; IllegalArgumentException if malformed. */
    static AzureCiphertext parse(byte[] bytes) {
        if (bytes.length < MAGIC.length + 3 || bytes[0] != MAGIC[0] || bytes[1] != MAGIC[1] || bytes[2] != MAGIC[2]) {
            throw new IllegalArgumentException("not an azure-kv ciphertext");
        }
        Algorithm algorithm = Algorithm.of(bytes[3] & 0xff);
        int versionLength = bytes[4] & 0xff;
        int pos = 5 + versionLength;
        if (versionLength == 0 || pos > bytes.length) {
            throw new IllegalArgumentException("truncated azure-kv ciphertext");
        }
        String version = new String(bytes, 5, versionLength, StandardCharsets.US_ASCII);
        byte[] iv = null;
        byte[] tag = null;
        if (algorithm == Algorithm.A256GCM) {
            if (pos + GCM_IV_BYTES + GCM_TAG_BYTES > bytes.length) {
                throw new IllegalArgumentException("truncated azure-kv ciphertext");
            }
            iv = Arrays.copyOfRange(bytes, pos, pos + GCM_IV_BYTES);
            tag = Arrays.copyOfRange(bytes, pos + GCM_IV_BYTES, pos + GCM_IV_BYTES + GCM_TAG_BYTES);
            pos += GCM_IV_BYTES + GCM_TAG_BYTES;
        } else if (pos >= bytes.length) {
            throw new IllegalArgumentException("truncated azure-kv ciphertext");
        }
        return new AzureCiphertext(algorithm, version, iv, tag, Arrays.copyOfRange(bytes, pos, bytes.length));
    }

    Algorithm algorithm() {
        return algorithm;
    }

    String version() {
        return version;
    }

    byte[] iv() {
        return iv == null ? null : iv.clone();
    }

    byte[] tag() {
        return tag == null ? null : tag.clone();
    }

    byte[] ciphertext() {
        return ciphertext.clone();
    }

    @Override
    public String toString() {
        return "AzureCiphertext[" + algorithm + ", version " + version + "]";
    }
}
