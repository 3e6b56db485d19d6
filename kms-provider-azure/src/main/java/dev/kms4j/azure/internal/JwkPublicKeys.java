package dev.kms4j.azure.internal;

import com.azure.security.keyvault.keys.models.JsonWebKey;
import com.azure.security.keyvault.keys.models.KeyCurveName;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;

/**
 * Turns the public part of a Key Vault JWK into a {@link PublicKey} with the JDK's own key
 * factories (the SDK's {@code toEc()} needs a JCA provider that knows every curve). Public keys
 * are not secret. Stateless and thread-safe.
 */
final class JwkPublicKeys {
    private JwkPublicKeys() {
    }

    /** The public key; IllegalArgumentException for a key without (supported) public material. */
    static PublicKey of(JsonWebKey jwk) {
        try {
            if (jwk.getN() != null && jwk.getE() != null) {
                return KeyFactory.getInstance("RSA").generatePublic(
                        new RSAPublicKeySpec(new BigInteger(1, jwk.getN()), new BigInteger(1, jwk.getE())));
            }
            if (jwk.getX() != null && jwk.getY() != null && jwk.getCurveName() != null) {
                AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
                params.init(new ECGenParameterSpec(jcaCurve(jwk.getCurveName())));
                ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
                ECPoint w = new ECPoint(new BigInteger(1, jwk.getX()), new BigInteger(1, jwk.getY()));
                return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, spec));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the JDK cannot read this public key", e);
        }
        throw new IllegalArgumentException("the key has no public key material");
    }

    private static String jcaCurve(KeyCurveName curve) {
        if (KeyCurveName.P_256.equals(curve)) {
            return "secp256r1";
        }
        if (KeyCurveName.P_384.equals(curve)) {
            return "secp384r1";
        }
        if (KeyCurveName.P_521.equals(curve)) {
            return "secp521r1";
        }
        if (KeyCurveName.P_256K.equals(curve)) {
            return "secp256k1";
        }
        throw new IllegalArgumentException("unsupported curve");
    }
}
