package dev.kms4j;

import java.util.EnumSet;
import java.util.Set;

/**
 * The kind and size of key material to create. Not every provider supports every spec; an
 * unsupported one gives {@link KmsErrorCode#UNSUPPORTED}.
 */
public enum KeySpec {
    /** AES-128 (used with GCM). */
    AES_128(KeyType.SYMMETRIC, 128),
    /** AES-256 (used with GCM). */
    AES_256(KeyType.SYMMETRIC, 256),
    /** ChaCha20-Poly1305, 256-bit. */
    CHACHA20_POLY1305(KeyType.SYMMETRIC, 256),
    /** HMAC with SHA-256, 256-bit key. */
    HMAC_SHA256(KeyType.HMAC, 256),
    /** HMAC with SHA-384, 384-bit key. */
    HMAC_SHA384(KeyType.HMAC, 384),
    /** HMAC with SHA-512, 512-bit key. */
    HMAC_SHA512(KeyType.HMAC, 512),
    /** ECDSA on NIST P-256 (secp256r1). */
    EC_P256(KeyType.EC, 256),
    /** ECDSA on NIST P-384 (secp384r1). */
    EC_P384(KeyType.EC, 384),
    /** ECDSA on NIST P-521 (secp521r1). */
    EC_P521(KeyType.EC, 521),
    /** ECDSA on secp256k1. */
    EC_SECP256K1(KeyType.EC, 256),
    /** Ed25519 (pure EdDSA). */
    ED25519(KeyType.EDWARDS, 255),
    /** RSA with a 2048-bit modulus. */
    RSA_2048(KeyType.RSA, 2048),
    /** RSA with a 3072-bit modulus. */
    RSA_3072(KeyType.RSA, 3072),
    /** RSA with a 4096-bit modulus. */
    RSA_4096(KeyType.RSA, 4096);

    private final KeyType type;
    private final int bits;

    KeySpec(KeyType type, int bits) {
        this.type = type;
        this.bits = bits;
    }

    /** The key family. */
    public KeyType type() {
        return type;
    }

    /** The key size in bits (the curve size for EC and Edwards keys). */
    public int bits() {
        return bits;
    }

    /** Whether the spec describes a public/private key pair. */
    public boolean isAsymmetric() {
        return type == KeyType.EC || type == KeyType.EDWARDS || type == KeyType.RSA;
    }

    /** The usage a key of this spec gets when the caller does not choose one. */
    public KeyUsage defaultUsage() {
        switch (type) {
            case SYMMETRIC:
                return KeyUsage.ENCRYPT_DECRYPT;
            case HMAC:
                return KeyUsage.GENERATE_VERIFY_MAC;
            default:
                return KeyUsage.SIGN_VERIFY;
        }
    }

    /** The usages a key of this spec can be created with (RSA may sign or encrypt). */
    public Set<KeyUsage> allowedUsages() {
        if (type == KeyType.RSA) {
            return EnumSet.of(KeyUsage.SIGN_VERIFY, KeyUsage.ENCRYPT_DECRYPT);
        }
        return EnumSet.of(defaultUsage());
    }
}
