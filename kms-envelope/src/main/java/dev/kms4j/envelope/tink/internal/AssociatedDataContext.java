package dev.kms4j.envelope.tink.internal;

import dev.kms4j.EncryptionContext;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Maps Tink's {@code associatedData} bytes onto a kms4j {@link EncryptionContext}, which every
 * provider authenticates:
 * <ul>
 *   <li>null or empty: the empty context (so ciphertexts of the plain provider API without
 *       context decrypt, and vice versa);</li>
 *   <li>up to {@value #MAX_INLINE_BYTES} bytes: {@code associatedData} = lower-case hex of the
 *       bytes, the convention of Tink's own {@code AwsKmsAead}, so that over an {@code aws-kms}
 *       key the two read each other's ciphertexts;</li>
 *   <li>longer: {@code associatedDataSha256} = lower-case hex of its SHA-256, since a context is
 *       limited to {@value EncryptionContext#MAX_TOTAL_BYTES} bytes. Collision resistance keeps it
 *       binding; the different name keeps the two forms apart.</li>
 * </ul>
 * The context is not secret and some providers log it (AWS CloudTrail): associated data is not
 * secret by the AEAD contract either. Stateless and thread-safe.
 */
public final class AssociatedDataContext {
    /** Longest associated data bound inline (its hex form then fits any context limit). */
    public static final int MAX_INLINE_BYTES = 2048;
    /** Context name for inline associated data. */
    public static final String INLINE_NAME = "associatedData";
    /** Context name for the digest of long associated data. */
    public static final String DIGEST_NAME = "associatedDataSha256";

    private AssociatedDataContext() {
    }

    /** The context that binds {@code associatedData}. */
    public static EncryptionContext of(byte[] associatedData) {
        if (associatedData == null || associatedData.length == 0) {
            return EncryptionContext.empty();
        }
        if (associatedData.length <= MAX_INLINE_BYTES) {
            return EncryptionContext.of(INLINE_NAME, HexFormat.of().formatHex(associatedData));
        }
        return EncryptionContext.of(DIGEST_NAME, HexFormat.of().formatHex(sha256(associatedData)));
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
