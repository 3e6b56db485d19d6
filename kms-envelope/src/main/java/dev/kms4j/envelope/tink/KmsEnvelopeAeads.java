package dev.kms4j.envelope.tink;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.aead.KmsEnvelopeAead;
import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import java.security.GeneralSecurityException;

/**
 * Tink's own {@link KmsEnvelopeAead} over a kms4j KEK, to read and write Tink envelope ciphertexts
 * ({@code u32 wrapped-DEK length | wrapped DEK | AES-256-GCM payload}) where a system already has
 * them. For new data prefer kms4j's envelope format, which records the exact KEK version and binds
 * its header.
 *
 * <p>The wrapped DEK is the kms4j provider's ciphertext of the DEK under the KEK, made by
 * {@link KmsAead} with empty associated data, as {@code KmsEnvelopeAead} requires; the caller's
 * associated data is bound by the AES-GCM payload. Stateless and thread-safe.
 */
public final class KmsEnvelopeAeads {
    private KmsEnvelopeAeads() {
    }

    /**
     * AES-256-GCM DEK parameters without a Tink output prefix: what Tink keysets with
     * {@code LegacyKmsEnvelopeAeadParameters} require for their DEKs, so both write one format.
     */
    public static AesGcmParameters aes256GcmDekParameters() {
        try {
            return AesGcmParameters.builder().setKeySizeBytes(32).setIvSizeBytes(12).setTagSizeBytes(16)
                    .setVariant(AesGcmParameters.Variant.NO_PREFIX).build();
        } catch (GeneralSecurityException e) {
            throw new KmsException(KmsErrorCode.INTERNAL, "Tink refused AES-256-GCM parameters", e);
        }
    }

    /**
     * Tink {@code KmsEnvelopeAead} with AES-256-GCM DEKs wrapped under {@code kek}.
     *
     * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} if an argument is null;
     *     {@link KmsErrorCode#INTERNAL} if Tink refuses to set up
     */
    public static Aead aes256Gcm(KmsManager kms, KeyRef kek) {
        KmsAead remote = KmsAead.of(kms, kek);
        try {
            return KmsEnvelopeAead.create(aes256GcmDekParameters(), remote);
        } catch (GeneralSecurityException e) {
            throw new KmsException(KmsErrorCode.INTERNAL, "Tink refused to set up KmsEnvelopeAead over " + kek, e);
        }
    }
}
