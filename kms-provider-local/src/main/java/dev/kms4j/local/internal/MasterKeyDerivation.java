package dev.kms4j.local.internal;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives purpose-bound values from a master key, so the master key itself is never used directly
 * by two different algorithms: each purpose gets {@code HMAC-SHA256(masterKey, label)} with its
 * own fixed label (HMAC is a PRF, so the outputs are independent keys).
 *
 * <ul>
 *   <li>the <b>check value</b>: the first 16 bytes for the label
 *       {@code "kms4j-local/master-key-check/v1"}. Not secret; it lets the keystore recognise
 *       which master key a file was written under without trying to decrypt anything.</li>
 *   <li>the <b>record key</b>: all 32 bytes for the label
 *       {@code "kms4j-local/key-record-encryption/v1"}. Secret; the AES-256-GCM key of the key
 *       files.</li>
 * </ul>
 * Stateless and thread-safe. Changing a label makes every existing keystore unreadable.
 */
public final class MasterKeyDerivation {
    /** Length of the check value in bytes. */
    public static final int CHECK_VALUE_LENGTH = 16;
    private static final byte[] CHECK_LABEL = "kms4j-local/master-key-check/v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RECORD_KEY_LABEL =
            "kms4j-local/key-record-encryption/v1".getBytes(StandardCharsets.US_ASCII);

    private MasterKeyDerivation() {
    }

    /** The non-secret check value of a master key. */
    public static byte[] checkValue(byte[] masterKey) {
        byte[] mac = hmac(masterKey, CHECK_LABEL);
        try {
            return Arrays.copyOf(mac, CHECK_VALUE_LENGTH);
        } finally {
            Arrays.fill(mac, (byte) 0);
        }
    }

    /** The secret key-file encryption key; the caller must zero it. */
    public static byte[] recordKey(byte[] masterKey) {
        return hmac(masterKey, RECORD_KEY_LABEL);
    }

    private static byte[] hmac(byte[] key, byte[] label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(label);
        } catch (GeneralSecurityException e) {
            throw new KmsException(KmsErrorCode.INTERNAL, "HMAC-SHA256 is not available", e);
        }
    }
}
