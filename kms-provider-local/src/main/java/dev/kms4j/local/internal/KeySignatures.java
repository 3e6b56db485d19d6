package dev.kms4j.local.internal;

import dev.kms4j.KeySpec;
import dev.kms4j.SignatureAlgorithm;
import java.security.GeneralSecurityException;

/**
 * Signing and verifying with a loaded key version: dispatches on the key family to
 * {@link Macs}, {@link EcdsaSignatures}, {@link Ed25519Signatures} or {@link RsaSignatures}.
 * The caller has checked that the algorithm fits the key. Stateless and thread-safe.
 */
final class KeySignatures {
    private KeySignatures() {
    }

    /** The signature (or MAC) of {@code message}. */
    static byte[] sign(KeySpec spec, LoadedVersion version, SignatureAlgorithm algorithm, byte[] message)
            throws GeneralSecurityException {
        VersionKey k = version.key();
        switch (spec.type()) {
            case HMAC:
                return Macs.mac(algorithm, (SecretKeyMaterial) k, message);
            case EC:
                return EcdsaSignatures.sign(algorithm, (EcdsaKeyPair) k, message);
            case EDWARDS:
                return Ed25519Signatures.sign((Ed25519KeyPair) k, message);
            case RSA:
                return RsaSignatures.sign(algorithm, (RsaKeyPair) k, message);
            default:
                throw new IllegalStateException(spec + " keys do not sign");
        }
    }

    /** Whether {@code signature} is valid for {@code message}; false for anything malformed. */
    static boolean verify(KeySpec spec, LoadedVersion version, SignatureAlgorithm algorithm, byte[] message,
                          byte[] signature) throws GeneralSecurityException {
        VersionKey k = version.key();
        switch (spec.type()) {
            case HMAC:
                return Macs.verify(algorithm, (SecretKeyMaterial) k, message, signature);
            case EC:
                return EcdsaSignatures.verify(algorithm, (EcdsaKeyPair) k, message, signature);
            case EDWARDS:
                return Ed25519Signatures.verify((Ed25519KeyPair) k, message, signature);
            case RSA:
                return RsaSignatures.verify(algorithm, (RsaKeyPair) k, message, signature);
            default:
                throw new IllegalStateException(spec + " keys do not verify");
        }
    }
}
