package dev.kms4j.testkit.aws.internal;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.List;

/**
 * The KMS key specs the fake supports, with the usages and algorithms AWS allows for each.
 */
enum FakeKeySpec {
    SYMMETRIC_DEFAULT(List.of("ENCRYPT_DECRYPT"), List.of(), List.of("SYMMETRIC_DEFAULT"), List.of(), 0, null),
    RSA_2048(List.of("ENCRYPT_DECRYPT", "SIGN_VERIFY"), RsaAlgs.SIGN, RsaAlgs.ENCRYPT, List.of(), 2048, null),
    RSA_3072(List.of("ENCRYPT_DECRYPT", "SIGN_VERIFY"), RsaAlgs.SIGN, RsaAlgs.ENCRYPT, List.of(), 3072, null),
    RSA_4096(List.of("ENCRYPT_DECRYPT", "SIGN_VERIFY"), RsaAlgs.SIGN, RsaAlgs.ENCRYPT, List.of(), 4096, null),
    ECC_NIST_P256(List.of("SIGN_VERIFY"), List.of("ECDSA_SHA_256"), List.of(), List.of(), 0, "secp256r1"),
    ECC_NIST_P384(List.of("SIGN_VERIFY"), List.of("ECDSA_SHA_384"), List.of(), List.of(), 0, "secp384r1"),
    ECC_NIST_P521(List.of("SIGN_VERIFY"), List.of("ECDSA_SHA_512"), List.of(), List.of(), 0, "secp521r1"),
    ECC_SECG_P256K1(List.of("SIGN_VERIFY"), List.of("ECDSA_SHA_256"), List.of(), List.of(), 0, "secp256k1"),
    ECC_NIST_EDWARDS25519(List.of("SIGN_VERIFY"), List.of("ED25519_SHA_512", "ED25519_PH_SHA_512"), List.of(),
            List.of(), 0, "Ed25519"),
    HMAC_224(List.of("GENERATE_VERIFY_MAC"), List.of(), List.of(), List.of("HMAC_SHA_224"), 28, null),
    HMAC_256(List.of("GENERATE_VERIFY_MAC"), List.of(), List.of(), List.of("HMAC_SHA_256"), 32, null),
    HMAC_384(List.of("GENERATE_VERIFY_MAC"), List.of(), List.of(), List.of("HMAC_SHA_384"), 48, null),
    HMAC_512(List.of("GENERATE_VERIFY_MAC"), List.of(), List.of(), List.of("HMAC_SHA_512"), 64, null);

    private static final class RsaAlgs {
        static final List<String> SIGN = List.of("RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384",
                "RSASSA_PSS_SHA_512", "RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384",
                "RSASSA_PKCS1_V1_5_SHA_512");
        static final List<String> ENCRYPT = List.of("RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256");
    }

    /** The curve marker of the Edwards spec; keys come from the JDK's own "Ed25519" generator. */
    private static final String ED25519 = "Ed25519";

    final List<String> usages;
    private final List<String> signingAlgorithms;
    private final List<String> encryptionAlgorithms;
    final List<String> macAlgorithms;
    /** RSA modulus bits, or HMAC key bytes. */
    private final int size;
    private final String curve;

    FakeKeySpec(List<String> usages, List<String> signing, List<String> encryption, List<String> mac,
            int size, String curve) {
        this.usages = usages;
        this.signingAlgorithms = signing;
        this.encryptionAlgorithms = encryption;
        this.macAlgorithms = mac;
        this.size = size;
        this.curve = curve;
    }

    static FakeKeySpec parse(String name) {
        for (FakeKeySpec s : values()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw AwsError.validation("1 validation error detected: Value '" + name
                + "' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set");
    }

    boolean isSymmetric() {
        return this == SYMMETRIC_DEFAULT;
    }

    boolean isHmac() {
        return !macAlgorithms.isEmpty();
    }

    boolean isRsa() {
        return name().startsWith("RSA_");
    }

    boolean isEdwards() {
        return ED25519.equals(curve);
    }

    boolean isAsymmetric() {
        return isRsa() || curve != null;
    }

    /** Signing algorithms for a key of this spec with {@code usage}. */
    List<String> signingAlgorithms(String usage) {
        return "SIGN_VERIFY".equals(usage) ? signingAlgorithms : List.of();
    }

    /** Encryption algorithms for a key of this spec with {@code usage}. */
    List<String> encryptionAlgorithms(String usage) {
        return "ENCRYPT_DECRYPT".equals(usage) ? encryptionAlgorithms : List.of();
    }

    int hmacKeyBytes() {
        return size;
    }

    KeyPair generateKeyPair() {
        try {
            if (isRsa()) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(new RSAKeyGenParameterSpec(size, RSAKeyGenParameterSpec.F4), Crypto.RANDOM);
                return g.generateKeyPair();
            }
            if (isEdwards()) {
                KeyPairGenerator g = KeyPairGenerator.getInstance(ED25519);
                g.initialize(255, Crypto.RANDOM);
                return g.generateKeyPair();
            }
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", Crypto.BC);
            g.initialize(new ECGenParameterSpec(curve), Crypto.RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + name() + " key pair", e);
        }
    }
}
