package dev.kms4j.azure.internal;

import com.azure.security.keyvault.keys.models.KeyCurveName;
import dev.kms4j.Capability;
import dev.kms4j.KeySpec;
import dev.kms4j.KeyUsage;
import dev.kms4j.SignatureAlgorithm;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * How kms4j key specs and algorithms map onto Key Vault: EC P-256, P-384, P-521 and P-256K
 * (secp256k1), RSA 2048/3072/4096, and AES-256 as an {@code oct-HSM} key (Managed HSM only).
 * Key Vault ties each ECDSA algorithm to its curve (ES256 to P-256, ES256K to P-256K, ES384 to
 * P-384, ES512 to P-521). HMAC and Ed25519 are not offered. Stateless and thread-safe.
 */
public final class AzureKeySpecs {
    private static final Set<KeySpec> SUPPORTED = Collections.unmodifiableSet(EnumSet.of(
            KeySpec.EC_P256, KeySpec.EC_P384, KeySpec.EC_P521, KeySpec.EC_SECP256K1,
            KeySpec.RSA_2048, KeySpec.RSA_3072, KeySpec.RSA_4096, KeySpec.AES_256));
    private static final Set<SignatureAlgorithm> RSA_ALGORITHMS = Collections.unmodifiableSet(EnumSet.of(
            SignatureAlgorithm.RSA_PKCS1_SHA256, SignatureAlgorithm.RSA_PKCS1_SHA384, SignatureAlgorithm.RSA_PKCS1_SHA512,
            SignatureAlgorithm.RSA_PSS_SHA256, SignatureAlgorithm.RSA_PSS_SHA384, SignatureAlgorithm.RSA_PSS_SHA512));

    private AzureKeySpecs() {
    }

    /** The key specs the provider can create. */
    public static Set<KeySpec> supported() {
        return SUPPORTED;
    }

    /** The signature algorithms Key Vault offers for keys of {@code spec} (empty for none). */
    public static Set<SignatureAlgorithm> signatureAlgorithms(KeySpec spec) {
        switch (spec) {
            case EC_P256:
            case EC_SECP256K1:
                return EnumSet.of(SignatureAlgorithm.ECDSA_SHA256);
            case EC_P384:
                return EnumSet.of(SignatureAlgorithm.ECDSA_SHA384);
            case EC_P521:
                return EnumSet.of(SignatureAlgorithm.ECDSA_SHA512);
            case RSA_2048:
            case RSA_3072:
            case RSA_4096:
                return EnumSet.copyOf(RSA_ALGORITHMS);
            default:
                return EnumSet.noneOf(SignatureAlgorithm.class);
        }
    }

    /** Key Vault's name for {@code algorithm} on a key of {@code spec}, or {@code null} if Key Vault has none. */
    static com.azure.security.keyvault.keys.cryptography.models.SignatureAlgorithm toAzure(
            SignatureAlgorithm algorithm, KeySpec spec) {
        if (!signatureAlgorithms(spec).contains(algorithm)) {
            return null;
        }
        switch (algorithm) {
            case ECDSA_SHA256:
                return spec == KeySpec.EC_SECP256K1
                        ? com.azure.security.keyvault.keys.cryptography.models.SignatureAlgorithm.ES256K
                        : com.azure.security.keyvault.keys.cryptography.models.SignatureAlgorithm.ES256;
            case ECDSA_SHA384:
                return com.azure.security.keyvault.keys.cryptography.models.SignatureAlgorithm.ES384;
            case ECDSA_SHA512:
                return com.azure.security.keyvault.keys.cryptography.models.SignatureAlgorithm.ES512;
            case RSA_PKCS1_SHA256:
                return com.azure.security.keyvault.keys.cryptography.models.SignatureAlgorithm.RS256;
            case RSA_PKCS1_SHA384:
                return com.azure.security.keyvault.keys.cryptography.models.SignatureAlgorithm.RS384;
            case RSA_PKCS1_SHA512:
                return com.azure.security.keyvault.keys.cryptography.models.SignatureAlgorithm.RS512;
            case RSA_PSS_SHA256:
                return com.azure.security.keyvault.keys.cryptography.models.SignatureAlgorithm.PS256;
            case RSA_PSS_SHA384:
                return com.azure.security.keyvault.keys.cryptography.models.SignatureAlgorithm.PS384;
            case RSA_PSS_SHA512:
                return com.azure.security.keyvault.keys.cryptography.models.SignatureAlgorithm.PS512;
            default:
                return null;
        }
    }

    /** The Key Vault curve of an EC spec. */
    static KeyCurveName curve(KeySpec spec) {
        switch (spec) {
            case EC_P256:
                return KeyCurveName.P_256;
            case EC_P384:
                return KeyCurveName.P_384;
            case EC_P521:
                return KeyCurveName.P_521;
            default:
                return KeyCurveName.P_256K;
        }
    }

    /** Half the length of a raw ECDSA signature on the curve of {@code spec}. */
    static int ecdsaHalfLength(KeySpec spec) {
        return spec == KeySpec.EC_P384 ? 48 : spec == KeySpec.EC_P521 ? 66 : 32;
    }

    /** What a key of this spec and usage can do through kms4j. */
    public static Set<Capability> capabilities(KeySpec spec, KeyUsage usage) {
        Set<Capability> caps = EnumSet.of(Capability.METADATA, Capability.ROTATE, Capability.ROTATION_POLICY,
                Capability.ENABLE_DISABLE, Capability.SCHEDULE_DELETION);
        if (usage == KeyUsage.SIGN_VERIFY) {
            caps.addAll(EnumSet.of(Capability.SIGN, Capability.VERIFY, Capability.PUBLIC_KEY));
        } else {
            caps.addAll(EnumSet.of(Capability.ENCRYPT, Capability.DECRYPT, Capability.WRAP, Capability.UNWRAP,
                    Capability.DATA_KEY));
        }
        return caps;
    }
}
