package dev.kms4j.local.internal;

import java.security.PublicKey;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;

/**
 * A decoded ECDSA key pair: Bouncy Castle lightweight parameters for signing and verifying, and
 * the JDK form of the public key for export. The private scalar is <strong>secret</strong>; it
 * is a {@code BigInteger} and cannot be wiped (see {@link VersionKey#wipe()}). Immutable and
 * thread-safe.
 */
final class EcdsaKeyPair implements VersionKey {
    private final ECPrivateKeyParameters privateKey;
    private final ECPublicKeyParameters publicKey;
    private final PublicKey jcaPublicKey;

    EcdsaKeyPair(ECPrivateKeyParameters privateKey, ECPublicKeyParameters publicKey, PublicKey jcaPublicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.jcaPublicKey = jcaPublicKey;
    }

    ECPrivateKeyParameters privateKey() {
        return privateKey;
    }

    ECPublicKeyParameters publicKey() {
        return publicKey;
    }

    PublicKey jcaPublicKey() {
        return jcaPublicKey;
    }

    @Override
    public void wipe() {
        // BigInteger scalars cannot be overwritten; nothing else here is secret.
    }

    @Override
    public String toString() {
        return "EcdsaKeyPair{private key redacted}";
    }
}
