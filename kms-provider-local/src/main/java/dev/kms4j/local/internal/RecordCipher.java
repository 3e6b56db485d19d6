package dev.kms4j.local.internal;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.subtle.AesGcmJce;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.local.MasterKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Encrypts and decrypts key files under one master key.
 *
 * <p>Key file format, version 1:
 * <pre>
 *   magic          4 bytes   "K4JR"
 *   format version 1 byte    1
 *   check value   16 bytes   of the master key (see {@link MasterKeyDerivation})
 *   nonce         12 bytes   random per write
 *   ciphertext     n bytes   AES-256-GCM of the record under the derived record key
 *   tag           16 bytes
 * </pre>
 * The associated data is {@code "kms4j-local/key-record" || 0x00 || header (first 21 bytes) ||
 * UTF-8(key id)}, so the header cannot be altered and a file renamed or copied to another key id
 * fails authentication. AES-GCM is Tink's {@link AesGcmJce}, which draws a fresh 12-byte nonce
 * from {@code SecureRandom} for every encryption; key files are rewritten rarely, far below the
 * 2^32 random-nonce bound for one key.
 *
 * <p>Holds the derived record key inside the Tink primitive, which cannot be zeroed; the master
 * key itself is not kept. Immutable and thread-safe.
 */
public final class RecordCipher {
    private static final byte[] MAGIC = {'K', '4', 'J', 'R'};
    private static final byte FORMAT_VERSION = 1;
    private static final int HEADER_LENGTH = MAGIC.length + 1 + MasterKeyDerivation.CHECK_VALUE_LENGTH;
    private static final int NONCE_LENGTH = 12;
    private static final int TAG_LENGTH = 16;
    private static final byte[] AAD_LABEL = "kms4j-local/key-record".getBytes(StandardCharsets.US_ASCII);

    private final Aead aead;
    private final byte[] header;

    private RecordCipher(Aead aead, byte[] header) {
        this.aead = aead;
        this.header = header;
    }

    /** A cipher for files under {@code masterKey} (which stays owned by the caller). */
    public static RecordCipher create(MasterKey masterKey) {
        byte[] master = masterKey.copySecretBytes();
        byte[] recordKey = null;
        try {
            recordKey = MasterKeyDerivation.recordKey(master);
            byte[] header = new byte[HEADER_LENGTH];
            System.arraycopy(MAGIC, 0, header, 0, MAGIC.length);
            header[MAGIC.length] = FORMAT_VERSION;
            byte[] check = MasterKeyDerivation.checkValue(master);
            System.arraycopy(check, 0, header, MAGIC.length + 1, check.length);
            return new RecordCipher(new AesGcmJce(recordKey), header);
        } catch (GeneralSecurityException e) {
            throw new KmsException(KmsErrorCode.INTERNAL, "AES-256-GCM is not available", e);
        } finally {
            Arrays.fill(master, (byte) 0);
            if (recordKey != null) {
                Arrays.fill(recordKey, (byte) 0);
            }
        }
    }

    /** The check value of the master key this cipher uses (not secret). */
    public byte[] checkValue() {
        return Arrays.copyOfRange(header, MAGIC.length + 1, HEADER_LENGTH);
    }

    /** The bytes of the file for {@code record} (which stays owned by the caller). */
    public byte[] seal(String keyId, byte[] record) {
        try {
            byte[] body = aead.encrypt(record, associatedData(keyId));
            byte[] file = new byte[HEADER_LENGTH + body.length];
            System.arraycopy(header, 0, file, 0, HEADER_LENGTH);
            System.arraycopy(body, 0, file, HEADER_LENGTH, body.length);
            return file;
        } catch (GeneralSecurityException e) {
            throw new KmsException(KmsErrorCode.INTERNAL, "could not encrypt the record of key '" + keyId + "'", e);
        }
    }

    /**
     * <b>Secret result:</b> the record in {@code file}, in a fresh array the caller must zero.
     *
     * @throws KmsException {@code INTEGRITY} naming {@code keyId} if the file is truncated, not a
     *     key file, written under another master key, or altered in any byte
     */
    public byte[] open(String keyId, byte[] file) {
        if (file.length < HEADER_LENGTH + NONCE_LENGTH + TAG_LENGTH) {
            throw integrity(keyId, "is truncated");
        }
        if (!MessageDigest.isEqual(Arrays.copyOf(file, MAGIC.length), MAGIC)) {
            throw integrity(keyId, "is not a kms4j key file");
        }
        if (file[MAGIC.length] != FORMAT_VERSION) {
            throw integrity(keyId, "has unknown format version " + (file[MAGIC.length] & 0xff));
        }
        if (!MessageDigest.isEqual(Arrays.copyOf(file, HEADER_LENGTH), header)) {
            throw integrity(keyId, "was written under a different master key");
        }
        try {
            return aead.decrypt(Arrays.copyOfRange(file, HEADER_LENGTH, file.length), associatedData(keyId));
        } catch (GeneralSecurityException e) {
            // Deliberately no cause: it adds nothing and the tag check failure is the whole story.
            throw integrity(keyId, "failed authentication (corrupted, tampered with, or copied from another key)");
        }
    }

    private byte[] associatedData(String keyId) {
        ByteArrayOutputStream aad = new ByteArrayOutputStream(AAD_LABEL.length + 1 + HEADER_LENGTH + keyId.length());
        aad.writeBytes(AAD_LABEL);
        aad.write(0);
        aad.writeBytes(header);
        aad.writeBytes(keyId.getBytes(StandardCharsets.UTF_8));
        return aad.toByteArray();
    }

    private static KmsException integrity(String keyId, String problem) {
        return new KmsException(KmsErrorCode.INTEGRITY, "stored key '" + keyId + "' " + problem);
    }
}
