package dev.kms4j.envelope.tink;

import com.google.crypto.tink.Aead;
import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import dev.kms4j.envelope.tink.internal.AssociatedDataContext;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * A Tink {@link Aead} whose key is a kms4j key: {@code encrypt} and {@code decrypt} are
 * {@link KmsManager#encrypt} and {@link KmsManager#decrypt} with that key, so the key never leaves
 * the KMS (for the local provider, never leaves its keystore).
 *
 * <p><strong>Associated data</strong> is authenticated by binding it as the encryption context,
 * which every provider authenticates: empty or null binds the empty context; up to 2048 bytes bind
 * {@code associatedData} = the lower-case hex of the bytes (the convention of Tink's own
 * {@code AwsKmsAead}, so over an {@code aws-kms} key the two read each other's ciphertexts);
 * longer associated data binds {@code associatedDataSha256} = the hex of its SHA-256. Associated
 * data is not secret, and a provider may log the context.
 *
 * <p>What the ciphertext looks like is the provider's business (for AWS, the KMS ciphertext blob;
 * for the local provider, its own format naming the key version), and it records the key version
 * used, so ciphertexts keep decrypting after the key rotates. Plaintext size limits are the
 * provider's (AWS KMS: 4096 bytes): use it to wrap keys, or through {@link KmsEnvelopeAeads}.
 *
 * <p><strong>Errors:</strong> Tink's interface allows only {@link GeneralSecurityException}; every
 * failure is one whose {@linkplain Throwable#getCause() cause} is the typed {@link KmsException}
 * (for example {@link KmsErrorCode#INTEGRITY} for a changed ciphertext or other associated data,
 * {@link KmsErrorCode#UNAVAILABLE} when the provider is down). Messages carry no plaintext.
 *
 * <p>Immutable and thread-safe (as thread-safe as the {@link KmsManager}).
 */
public final class KmsAead implements Aead {
    private final KmsManager kms;
    private final KeyRef key;

    private KmsAead(KmsManager kms, KeyRef key) {
        this.kms = kms;
        this.key = key;
    }

    /**
     * An AEAD with {@code key}, which must be able to encrypt and decrypt (a symmetric encryption
     * key; for AWS an unversioned reference). Nothing is checked with the KMS until first use.
     *
     * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} if an argument is null
     */
    public static KmsAead of(KmsManager kms, KeyRef key) {
        if (kms == null || key == null) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "a KMS manager and a key are required");
        }
        return new KmsAead(kms, key);
    }

    /** The kms4j key. */
    public KeyRef key() {
        return key;
    }

    @Override
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
        try {
            return kms.encrypt(key, plaintext, AssociatedDataContext.of(associatedData));
        } catch (KmsException e) {
            throw failure("encrypt", e);
        }
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
        try {
            return kms.decrypt(key, ciphertext, AssociatedDataContext.of(associatedData));
        } catch (KmsException e) {
            throw failure("decrypt", e);
        }
    }

    private GeneralSecurityException failure(String operation, KmsException e) {
        return new GeneralSecurityException("kms4j " + operation + " with " + key + " failed: " + e.code(), e);
    }

    @Override
    public String toString() {
        return "KmsAead[" + key + "]";
    }

    /** Same manager (by identity) and same key. */
    @Override
    public boolean equals(Object o) {
        return o instanceof KmsAead && ((KmsAead) o).kms == kms && ((KmsAead) o).key.equals(key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(System.identityHashCode(kms), key);
    }
}
