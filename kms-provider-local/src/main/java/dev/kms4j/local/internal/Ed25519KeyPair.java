package dev.kms4j.local.internal;

import java.security.PublicKey;
import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * A decoded Ed25519 key pair: the 32-byte private key (RFC 8032 seed) and public key encoding for
 * Bouncy Castle's RFC 8032 signer, the public key with its decoded point for verifying, and the
 * JDK form of the public key for export.
 *
 * <p>The private key is <strong>secret</strong> and is kept as a plain array (not inside a Bouncy
 * Castle parameter object) so {@link #wipe()} can really overwrite it. Immutable apart from
 * {@link #wipe()}, and thread-safe.
 */
final class Ed25519KeyPair implements VersionKey {
    private final byte[] privateKey;
    private final byte[] publicKeyEncoding;
    private final Ed25519PublicKeyParameters publicKey;
    private final PublicKey jcaPublicKey;

    /** @param privateKey the 32-byte private key, copied */
    Ed25519KeyPair(byte[] privateKey, Ed25519PublicKeyParameters publicKey, PublicKey jcaPublicKey) {
        this.privateKey = privateKey.clone();
        this.publicKeyEncoding = publicKey.getEncoded();
        this.publicKey = publicKey;
        this.jcaPublicKey = jcaPublicKey;
    }

    /** The private key itself, not a copy: <strong>secret</strong>, do not keep or change it. */
    byte[] privateKey() {
        return privateKey;
    }

    /** The 32-byte public key encoding (do not change it). */
    byte[] publicKeyEncoding() {
        return publicKeyEncoding;
    }

    Ed25519PublicKeyParameters publicKey() {
        return publicKey;
    }

    PublicKey jcaPublicKey() {
        return jcaPublicKey;
    }

    @Override
    public void wipe() {
        Arrays.fill(privateKey, (byte) 0);
    }

    @Override
    public String toString() {
        return "Ed25519KeyPair{private key redacted}";
    }
}
