package dev.kms4j.local.internal;

import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;

/**
 * A decoded RSA key pair as JDK key objects (the JDK's RSA is as fast as Bouncy Castle's here).
 * The private key is <strong>secret</strong>; JDK 17 RSA keys cannot be destroyed (see
 * {@link VersionKey#wipe()}). Immutable and thread-safe.
 */
final class RsaKeyPair implements VersionKey {
    private final RSAPrivateCrtKey privateKey;
    private final RSAPublicKey publicKey;
    private final int modulusBytes;

    RsaKeyPair(RSAPrivateCrtKey privateKey, RSAPublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.modulusBytes = (publicKey.getModulus().bitLength() + 7) / 8;
    }

    RSAPrivateCrtKey privateKey() {
        return privateKey;
    }

    RSAPublicKey publicKey() {
        return publicKey;
    }

    /** The modulus length in bytes, which is also the length of every signature and OAEP ciphertext. */
    int modulusBytes() {
        return modulusBytes;
    }

    @Override
    public void wipe() {
        // JDK 17 RSA private keys do not support destroy().
    }

    @Override
    public String toString() {
        return "RsaKeyPair{" + modulusBytes * 8 + " bits, private key redacted}";
    }
}
