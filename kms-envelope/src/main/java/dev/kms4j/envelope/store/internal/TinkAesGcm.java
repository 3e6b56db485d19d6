package dev.kms4j.envelope.store.internal;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.util.SecretBytes;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.security.GeneralSecurityException;

/**
 * Tink's AES-256-GCM (12-byte random nonce, 16-byte tag, no Tink prefix) over raw DEK bytes:
 * output is {@code nonce | ciphertext | tag}. Stateless and thread-safe.
 */
public final class TinkAesGcm {
    private static final int KEY_BYTES = 32;
    private static final AesGcmParameters PARAMETERS = parameters();

    private TinkAesGcm() {
    }

    /**
     * An AEAD over a copy of {@code key}. <strong>Secret:</strong> the caller still owns and zeroes
     * {@code key}; Tink keeps its own copy (in {@link SecretBytes} and the JCE key schedule), which
     * cannot be wiped and is dropped with the returned object.
     *
     * @throws KmsException {@link KmsErrorCode#INTEGRITY} if the key is not 32 bytes (an unwrapped
     *     DEK of the wrong size means the entry is not what it claims)
     */
    public static Aead create(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new KmsException(KmsErrorCode.INTEGRITY,
                    "unwrapped DEK is " + key.length + " bytes; AES-256-GCM needs " + KEY_BYTES);
        }
        try {
            // InsecureSecretKeyAccess: we hold raw key bytes by design here (they come from the KMS).
            return AesGcmJce.create(AesGcmKey.builder()
                    .setParameters(PARAMETERS)
                    .setKeyBytes(SecretBytes.copyFrom(key, InsecureSecretKeyAccess.get()))
                    .build());
        } catch (GeneralSecurityException e) {
            throw new KmsException(KmsErrorCode.INTERNAL, "could not set up AES-256-GCM", e);
        }
    }

    private static AesGcmParameters parameters() {
        try {
            return AesGcmParameters.builder().setKeySizeBytes(KEY_BYTES).setIvSizeBytes(12).setTagSizeBytes(16)
                    .setVariant(AesGcmParameters.Variant.NO_PREFIX).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM parameters rejected by Tink", e);
        }
    }
}
