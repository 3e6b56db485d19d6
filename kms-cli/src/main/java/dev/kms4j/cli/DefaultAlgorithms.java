package dev.kms4j.cli;

import dev.kms4j.KeyMetadata;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.SignatureAlgorithm;
import java.util.Optional;

/**
 * The signature algorithm {@code kms sign} and {@code kms verify} use when {@code --alg} is not
 * given: the one matching the key's curve or hash size, and RSA-PSS with SHA-256 for RSA (PSS
 * has a security proof that PKCS#1 v1.5 lacks). Stateless and thread-safe.
 */
final class DefaultAlgorithms {
    private DefaultAlgorithms() {
    }

    /** The default algorithm for {@code spec}, empty for encryption keys. */
    static Optional<SignatureAlgorithm> forSpec(KeySpec spec) {
        switch (spec) {
            case EC_P256:
            case EC_SECP256K1:
                return Optional.of(SignatureAlgorithm.ECDSA_SHA256);
            case EC_P384:
                return Optional.of(SignatureAlgorithm.ECDSA_SHA384);
            case EC_P521:
                return Optional.of(SignatureAlgorithm.ECDSA_SHA512);
            case ED25519:
                return Optional.of(SignatureAlgorithm.ED25519);
            case RSA_2048:
            case RSA_3072:
            case RSA_4096:
                return Optional.of(SignatureAlgorithm.RSA_PSS_SHA256);
            case HMAC_SHA256:
                return Optional.of(SignatureAlgorithm.HMAC_SHA256);
            case HMAC_SHA384:
                return Optional.of(SignatureAlgorithm.HMAC_SHA384);
            case HMAC_SHA512:
                return Optional.of(SignatureAlgorithm.HMAC_SHA512);
            default:
                return Optional.empty();
        }
    }

    /**
     * The algorithm to use: {@code chosen} if given, else the key's default.
     *
     * @throws KmsException {@link KmsErrorCode#UNSUPPORTED} if the key cannot sign at all
     */
    static SignatureAlgorithm choose(SignatureAlgorithm chosen, KeyMetadata key) {
        if (chosen != null) {
            return chosen;
        }
        return forSpec(key.spec()).orElseThrow(() -> KmsException.builder(KmsErrorCode.UNSUPPORTED,
                        "key " + key.ref() + " is a " + key.spec() + " key; it cannot sign or verify")
                .keyRef(key.ref()).build());
    }
}
