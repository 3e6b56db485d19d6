package dev.kms4j.aws.internal;

import dev.kms4j.Capability;
import dev.kms4j.KeySpec;
import dev.kms4j.KeyState;
import dev.kms4j.KeyUsage;
import dev.kms4j.SignatureAlgorithm;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * The correspondence between kms4j's key specs, usages, states and algorithms and AWS KMS's.
 * Stateless and thread-safe; every returned set is unmodifiable.
 *
 * <p>AWS binds an ECDSA key to one hash (P-256 and secp256k1 to SHA-256, P-384 to SHA-384,
 * P-521 to SHA-512); RSA signing keys take PKCS#1 v1.5 and PSS with SHA-256/384/512; an HMAC key
 * takes only its own hash. Ed25519 keys (ECC_NIST_EDWARDS25519) take pure Ed25519
 * (ED25519_SHA_512); AWS's pre-hash variant ED25519_PH_SHA_512 has no kms4j algorithm and is not
 * offered. ChaCha20-Poly1305 and AES-128 keys are not offered.
 */
public final class AwsKeySpecs {
    private static final Map<KeySpec, software.amazon.awssdk.services.kms.model.KeySpec> TO_AWS =
            new EnumMap<>(KeySpec.class);
    private static final Map<KeySpec, Set<SignatureAlgorithm>> ALGORITHMS = new EnumMap<>(KeySpec.class);

    private static final Set<Capability> LIFECYCLE = EnumSet.of(Capability.METADATA,
            Capability.ENABLE_DISABLE, Capability.SCHEDULE_DELETION);

    static {
        TO_AWS.put(KeySpec.AES_256, software.amazon.awssdk.services.kms.model.KeySpec.SYMMETRIC_DEFAULT);
        TO_AWS.put(KeySpec.RSA_2048, software.amazon.awssdk.services.kms.model.KeySpec.RSA_2048);
        TO_AWS.put(KeySpec.RSA_3072, software.amazon.awssdk.services.kms.model.KeySpec.RSA_3072);
        TO_AWS.put(KeySpec.RSA_4096, software.amazon.awssdk.services.kms.model.KeySpec.RSA_4096);
        TO_AWS.put(KeySpec.EC_P256, software.amazon.awssdk.services.kms.model.KeySpec.ECC_NIST_P256);
        TO_AWS.put(KeySpec.EC_P384, software.amazon.awssdk.services.kms.model.KeySpec.ECC_NIST_P384);
        TO_AWS.put(KeySpec.EC_P521, software.amazon.awssdk.services.kms.model.KeySpec.ECC_NIST_P521);
        TO_AWS.put(KeySpec.EC_SECP256K1, software.amazon.awssdk.services.kms.model.KeySpec.ECC_SECG_P256_K1);
        TO_AWS.put(KeySpec.ED25519, software.amazon.awssdk.services.kms.model.KeySpec.ECC_NIST_EDWARDS25519);
        TO_AWS.put(KeySpec.HMAC_SHA256, software.amazon.awssdk.services.kms.model.KeySpec.HMAC_256);
        TO_AWS.put(KeySpec.HMAC_SHA384, software.amazon.awssdk.services.kms.model.KeySpec.HMAC_384);
        TO_AWS.put(KeySpec.HMAC_SHA512, software.amazon.awssdk.services.kms.model.KeySpec.HMAC_512);

        Set<SignatureAlgorithm> rsa = EnumSet.of(SignatureAlgorithm.RSA_PKCS1_SHA256, SignatureAlgorithm.RSA_PKCS1_SHA384,
                SignatureAlgorithm.RSA_PKCS1_SHA512, SignatureAlgorithm.RSA_PSS_SHA256, SignatureAlgorithm.RSA_PSS_SHA384,
                SignatureAlgorithm.RSA_PSS_SHA512);
        ALGORITHMS.put(KeySpec.RSA_2048, rsa);
        ALGORITHMS.put(KeySpec.RSA_3072, rsa);
        ALGORITHMS.put(KeySpec.RSA_4096, rsa);
        ALGORITHMS.put(KeySpec.EC_P256, EnumSet.of(SignatureAlgorithm.ECDSA_SHA256));
        ALGORITHMS.put(KeySpec.EC_SECP256K1, EnumSet.of(SignatureAlgorithm.ECDSA_SHA256));
        ALGORITHMS.put(KeySpec.EC_P384, EnumSet.of(SignatureAlgorithm.ECDSA_SHA384));
        ALGORITHMS.put(KeySpec.EC_P521, EnumSet.of(SignatureAlgorithm.ECDSA_SHA512));
        ALGORITHMS.put(KeySpec.ED25519, EnumSet.of(SignatureAlgorithm.ED25519));
        ALGORITHMS.put(KeySpec.HMAC_SHA256, EnumSet.of(SignatureAlgorithm.HMAC_SHA256));
        ALGORITHMS.put(KeySpec.HMAC_SHA384, EnumSet.of(SignatureAlgorithm.HMAC_SHA384));
        ALGORITHMS.put(KeySpec.HMAC_SHA512, EnumSet.of(SignatureAlgorithm.HMAC_SHA512));
        ALGORITHMS.replaceAll((k, v) -> Collections.unmodifiableSet(v));
    }

    private AwsKeySpecs() {
    }

    /** The kms4j specs AWS KMS can create. */
    public static Set<KeySpec> supported() {
        return Collections.unmodifiableSet(EnumSet.copyOf(TO_AWS.keySet()));
    }

    /** The AWS key spec for {@code spec}, or empty if AWS does not offer it. */
    public static Optional<software.amazon.awssdk.services.kms.model.KeySpec> toAws(KeySpec spec) {
        return Optional.ofNullable(TO_AWS.get(spec));
    }

    /** The kms4j spec for an AWS key spec, or empty for one kms4j does not model (SM2, ML-DSA...). */
    public static Optional<KeySpec> fromAws(software.amazon.awssdk.services.kms.model.KeySpec aws) {
        return TO_AWS.entrySet().stream().filter(e -> e.getValue() == aws).map(Map.Entry::getKey).findFirst();
    }

    /** The AWS key usage for a kms4j usage. */
    public static KeyUsageType toAws(KeyUsage usage) {
        switch (usage) {
            case ENCRYPT_DECRYPT:
                return KeyUsageType.ENCRYPT_DECRYPT;
            case SIGN_VERIFY:
                return KeyUsageType.SIGN_VERIFY;
            default:
                return KeyUsageType.GENERATE_VERIFY_MAC;
        }
    }

    /** The kms4j usage for an AWS key usage, or empty for one kms4j does not model. */
    public static Optional<KeyUsage> fromAws(KeyUsageType usage) {
        if (usage == null) {
            return Optional.empty();
        }
        switch (usage) {
            case ENCRYPT_DECRYPT:
                return Optional.of(KeyUsage.ENCRYPT_DECRYPT);
            case SIGN_VERIFY:
                return Optional.of(KeyUsage.SIGN_VERIFY);
            case GENERATE_VERIFY_MAC:
                return Optional.of(KeyUsage.GENERATE_VERIFY_MAC);
            default:
                return Optional.empty();
        }
    }

    /**
     * The kms4j state of an AWS key state. Keys that exist but cannot be used yet or any more
     * (pending import, creating, updating, unavailable custom key store) are {@code DISABLED}.
     */
    public static KeyState fromAws(software.amazon.awssdk.services.kms.model.KeyState state) {
        if (state == null) {
            return KeyState.DISABLED;
        }
        switch (state) {
            case ENABLED:
                return KeyState.ENABLED;
            case PENDING_DELETION:
            case PENDING_REPLICA_DELETION:
                return KeyState.PENDING_DELETION;
            default:
                return KeyState.DISABLED;
        }
    }

    /** The signature algorithms AWS allows with keys of {@code spec} (empty for encryption keys). */
    public static Set<SignatureAlgorithm> signatureAlgorithms(KeySpec spec) {
        return ALGORITHMS.getOrDefault(spec, Collections.emptySet());
    }

    /** The AWS signing algorithm for a public-key signature algorithm, or empty if AWS has none. */
    public static Optional<SigningAlgorithmSpec> signingAlgorithm(SignatureAlgorithm algorithm) {
        switch (algorithm) {
            case ECDSA_SHA256:
                return Optional.of(SigningAlgorithmSpec.ECDSA_SHA_256);
            case ECDSA_SHA384:
                return Optional.of(SigningAlgorithmSpec.ECDSA_SHA_384);
            case ECDSA_SHA512:
                return Optional.of(SigningAlgorithmSpec.ECDSA_SHA_512);
            case ED25519:
                return Optional.of(SigningAlgorithmSpec.ED25519_SHA_512);
            case RSA_PKCS1_SHA256:
                return Optional.of(SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256);
            case RSA_PKCS1_SHA384:
                return Optional.of(SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_384);
            case RSA_PKCS1_SHA512:
                return Optional.of(SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_512);
            case RSA_PSS_SHA256:
                return Optional.of(SigningAlgorithmSpec.RSASSA_PSS_SHA_256);
            case RSA_PSS_SHA384:
                return Optional.of(SigningAlgorithmSpec.RSASSA_PSS_SHA_384);
            case RSA_PSS_SHA512:
                return Optional.of(SigningAlgorithmSpec.RSASSA_PSS_SHA_512);
            default:
                return Optional.empty();
        }
    }

    /** The AWS MAC algorithm for an HMAC algorithm, or empty for anything else. */
    public static Optional<MacAlgorithmSpec> macAlgorithm(SignatureAlgorithm algorithm) {
        switch (algorithm) {
            case HMAC_SHA256:
                return Optional.of(MacAlgorithmSpec.HMAC_SHA_256);
            case HMAC_SHA384:
                return Optional.of(MacAlgorithmSpec.HMAC_SHA_384);
            case HMAC_SHA512:
                return Optional.of(MacAlgorithmSpec.HMAC_SHA_512);
            default:
                return Optional.empty();
        }
    }

    /**
     * What one AWS key can do through kms4j. Only symmetric encryption keys rotate (AWS rotates
     * nothing else on demand). An RSA encryption key encrypts, decrypts, wraps and unwraps, but
     * makes no data keys (GenerateDataKey needs a symmetric key).
     */
    public static Set<Capability> capabilities(KeySpec spec, KeyUsage usage) {
        Set<Capability> c = EnumSet.copyOf(LIFECYCLE);
        switch (spec.type()) {
            case SYMMETRIC:
                Collections.addAll(c, Capability.ENCRYPT, Capability.DECRYPT, Capability.WRAP, Capability.UNWRAP,
                        Capability.DATA_KEY, Capability.ROTATE, Capability.ROTATION_POLICY);
                break;
            case HMAC:
                Collections.addAll(c, Capability.SIGN, Capability.VERIFY);
                break;
            default:
                if (usage == KeyUsage.ENCRYPT_DECRYPT) {
                    Collections.addAll(c, Capability.ENCRYPT, Capability.DECRYPT, Capability.WRAP, Capability.UNWRAP);
                } else {
                    Collections.addAll(c, Capability.SIGN, Capability.VERIFY, Capability.PUBLIC_KEY);
                }
        }
        return Collections.unmodifiableSet(c);
    }
}
