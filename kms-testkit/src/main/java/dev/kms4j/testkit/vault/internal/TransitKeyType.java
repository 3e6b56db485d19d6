package dev.kms4j.testkit.vault.internal;

import java.util.Arrays;
import java.util.Optional;

/** The Transit key types the fake implements, by their wire names. Stateless. */
public enum TransitKeyType {
    AES128_GCM96("aes128-gcm96", Family.AEAD, 16, null),
    AES256_GCM96("aes256-gcm96", Family.AEAD, 32, null),
    CHACHA20_POLY1305("chacha20-poly1305", Family.AEAD, 32, null),
    ECDSA_P256("ecdsa-p256", Family.ECDSA, 256, "secp256r1"),
    ECDSA_P384("ecdsa-p384", Family.ECDSA, 384, "secp384r1"),
    ECDSA_P521("ecdsa-p521", Family.ECDSA, 521, "secp521r1"),
    ED25519("ed25519", Family.ED25519, 255, null),
    RSA_2048("rsa-2048", Family.RSA, 2048, null),
    RSA_3072("rsa-3072", Family.RSA, 3072, null),
    RSA_4096("rsa-4096", Family.RSA, 4096, null),
    HMAC("hmac", Family.HMAC, 0, null);

    /** How a type is used. */
    public enum Family { AEAD, ECDSA, ED25519, RSA, HMAC }

    private final String wireName;
    private final Family family;
    private final int size;
    private final String curve;

    TransitKeyType(String wireName, Family family, int size, String curve) {
        this.wireName = wireName;
        this.family = family;
        this.size = size;
        this.curve = curve;
    }

    public static Optional<TransitKeyType> fromWire(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }

    public String wireName() {
        return wireName;
    }

    public Family family() {
        return family;
    }

    /** AEAD key bytes, EC curve bits or RSA modulus bits. */
    public int size() {
        return size;
    }

    /** The JCA curve name of an ECDSA type. */
    public String curve() {
        return curve;
    }

    public boolean supportsEncryption() {
        return family == Family.AEAD;
    }

    public boolean supportsSigning() {
        return family == Family.ECDSA || family == Family.ED25519 || family == Family.RSA;
    }

    public boolean isAsymmetric() {
        return supportsSigning();
    }

    /** Vault derives per-context keys only for AEAD keys and ed25519. */
    public boolean supportsDerivation() {
        return family == Family.AEAD || family == Family.ED25519;
    }

    /** The "name" Vault shows per asymmetric key version. */
    public String versionName() {
        switch (this) {
            case ECDSA_P256:
                return "P-256";
            case ECDSA_P384:
                return "P-384";
            case ECDSA_P521:
                return "P-521";
            case ED25519:
                return "ed25519";
            default:
                return wireName;
        }
    }
}
