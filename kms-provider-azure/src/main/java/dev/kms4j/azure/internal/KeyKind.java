package dev.kms4j.azure.internal;

import com.azure.security.keyvault.keys.models.JsonWebKey;
import com.azure.security.keyvault.keys.models.KeyCurveName;
import com.azure.security.keyvault.keys.models.KeyOperation;
import com.azure.security.keyvault.keys.models.KeyType;
import dev.kms4j.KeyUsage;
import dev.kms4j.KeySpec;
import java.util.List;

/**
 * What kms4j needs to know about an Azure key to pick algorithms before calling Key Vault: its
 * family, curve or size, and its usage (from {@code key_ops}). The same for every version of a
 * key (rotation keeps type, curve and size), so it is cached per key name. Immutable; not secret.
 */
final class KeyKind {
    enum Family { EC, RSA, OCT }

    private final Family family;
    private final KeySpec spec;
    private final KeyUsage usage;

    private KeyKind(Family family, KeySpec spec, KeyUsage usage) {
        this.family = family;
        this.spec = spec;
        this.usage = usage;
    }

    /** The kind of a JWK as Key Vault returns it; {@code null} if kms4j does not model the key. */
    static KeyKind of(JsonWebKey jwk) {
        KeyType kty = jwk.getKeyType();
        List<KeyOperation> ops = jwk.getKeyOps() == null ? List.of() : jwk.getKeyOps();
        KeyUsage usage = ops.contains(KeyOperation.SIGN) || (ops.contains(KeyOperation.VERIFY)
                && !ops.contains(KeyOperation.DECRYPT) && !ops.contains(KeyOperation.UNWRAP_KEY))
                ? KeyUsage.SIGN_VERIFY : KeyUsage.ENCRYPT_DECRYPT;
        if (KeyType.EC.equals(kty) || KeyType.EC_HSM.equals(kty)) {
            KeySpec spec = ecSpec(jwk.getCurveName());
            return spec == null ? null : new KeyKind(Family.EC, spec, KeyUsage.SIGN_VERIFY);
        }
        if (KeyType.RSA.equals(kty) || KeyType.RSA_HSM.equals(kty)) {
            int bits = jwk.getN() == null ? 0 : stripLeadingZero(jwk.getN()) * 8;
            KeySpec spec = bits == 2048 ? KeySpec.RSA_2048 : bits == 3072 ? KeySpec.RSA_3072
                    : bits == 4096 ? KeySpec.RSA_4096 : null;
            return spec == null ? null : new KeyKind(Family.RSA, spec, usage);
        }
        if (KeyType.OCT.equals(kty) || KeyType.OCT_HSM.equals(kty)) {
            // Key Vault does not report the size of symmetric keys; kms4j creates only 256-bit ones.
            return new KeyKind(Family.OCT, KeySpec.AES_256, KeyUsage.ENCRYPT_DECRYPT);
        }
        return null;
    }

    private static KeySpec ecSpec(KeyCurveName curve) {
        if (KeyCurveName.P_256.equals(curve)) {
            return KeySpec.EC_P256;
        }
        if (KeyCurveName.P_384.equals(curve)) {
            return KeySpec.EC_P384;
        }
        if (KeyCurveName.P_521.equals(curve)) {
            return KeySpec.EC_P521;
        }
        if (KeyCurveName.P_256K.equals(curve)) {
            return KeySpec.EC_SECP256K1;
        }
        return null;
    }

    private static int stripLeadingZero(byte[] n) {
        return n.length > 0 && n[0] == 0 ? n.length - 1 : n.length;
    }

    Family family() {
        return family;
    }

    KeySpec spec() {
        return spec;
    }

    KeyUsage usage() {
        return usage;
    }

    boolean isAsymmetric() {
        return family != Family.OCT;
    }

    @Override
    public String toString() {
        return "KeyKind[" + spec + ", " + usage + "]";
    }
}
