package dev.kms4j.cli;

import dev.kms4j.KeySpec;
import dev.kms4j.KeyUsage;
import dev.kms4j.SignatureAlgorithm;

/**
 * The picocli converters and completion lists for kms4j enums. Picocli instantiates them by class,
 * hence one small subclass per enum. Stateless and thread-safe.
 */
final class Converters {
    private Converters() {
    }

    /** Key specs: {@code ec-p256}, {@code aes-256}, {@code rsa-2048}, {@code ed25519}, {@code hmac-sha256}... */
    static final class KeySpecs extends EnumNames<KeySpec> {
        KeySpecs() {
            super(KeySpec.class, "key spec");
        }
    }

    /** Key usages: {@code sign-verify}, {@code encrypt-decrypt}, {@code generate-verify-mac}. */
    static final class KeyUsages extends EnumNames<KeyUsage> {
        KeyUsages() {
            super(KeyUsage.class, "key usage");
        }
    }

    /** Signature algorithms: {@code ecdsa-sha256}, {@code rsa-pss-sha256}, {@code ed25519}, {@code hmac-sha256}... */
    static final class SignatureAlgorithms extends EnumNames<SignatureAlgorithm> {
        SignatureAlgorithms() {
            super(SignatureAlgorithm.class, "signature algorithm");
        }
    }
}
