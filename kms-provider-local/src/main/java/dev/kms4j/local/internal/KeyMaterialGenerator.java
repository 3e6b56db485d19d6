package dev.kms4j.local.internal;

import dev.kms4j.KeySpec;
import dev.kms4j.internal.random.RandomBytes;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.spec.RSAKeyGenParameterSpec;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;

/**
 * Generates the stored key material of a new key version: raw bytes for symmetric and HMAC keys,
 * PKCS#8 DER for private keys. All randomness comes from {@link RandomBytes}.
 *
 * <p>EC and Ed25519 keys are generated with the Bouncy Castle lightweight API (secp256k1 is not
 * in the JDK at all, and the same code path then serves every curve); RSA with the JDK, whose
 * key generation is as good as Bouncy Castle's. The returned bytes are <strong>secret</strong>:
 * the caller zeroes them once stored. Stateless and thread-safe.
 */
final class KeyMaterialGenerator {
    private KeyMaterialGenerator() {
    }

    /** Fresh key material for {@code spec}; the caller owns and zeroes the array. */
    static byte[] generate(KeySpec spec) {
        try {
            switch (spec.type()) {
                case SYMMETRIC:
                case HMAC:
                    return RandomBytes.bytes(spec.bits() / 8);
                case EC:
                    return ec(spec);
                case EDWARDS:
                    return ed25519();
                case RSA:
                    return rsa(spec);
                default:
                    throw new IllegalStateException("no generator for " + spec);
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("generating a " + spec + " key failed", e);
        }
    }

    private static byte[] ec(KeySpec spec) throws IOException {
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(EcCurves.domain(spec), RandomBytes.generator()));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        return PrivateKeyInfoFactory.createPrivateKeyInfo(pair.getPrivate()).getEncoded(ASN1Encoding.DER);
    }

    private static byte[] ed25519() throws IOException {
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(RandomBytes.generator());
        return PrivateKeyInfoFactory.createPrivateKeyInfo(key).getEncoded(ASN1Encoding.DER);
    }

    private static byte[] rsa(KeySpec spec) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(new RSAKeyGenParameterSpec(spec.bits(), RSAKeyGenParameterSpec.F4),
                RandomBytes.generator());
        return generator.generateKeyPair().getPrivate().getEncoded();
    }
}
