package dev.kms4j.local.internal;

import dev.kms4j.KeySpec;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * Turns stored key material into the {@link VersionKey} the primitives use, checking that it
 * really is a key of the recorded spec (a record that says P-256 but holds a P-384 key, or an RSA
 * key of the wrong size, is refused). Public keys are derived from the private keys, so a record
 * cannot pair a private key with someone else's public key.
 *
 * <p>The input is <strong>secret</strong> and stays owned by the caller. Failures are
 * {@link IllegalArgumentException}s whose messages describe the problem without any key bytes.
 * Stateless and thread-safe.
 */
final class KeyMaterialDecoder {
    private KeyMaterialDecoder() {
    }

    /**
     * Decodes one version's material.
     *
     * @throws IllegalArgumentException if the material is not a valid key of {@code spec}
     */
    static VersionKey decode(KeySpec spec, byte[] material) {
        try {
            switch (spec.type()) {
                case SYMMETRIC:
                case HMAC:
                    return secret(spec, material);
                case EC:
                    return ec(spec, material);
                case EDWARDS:
                    return ed25519(material);
                case RSA:
                    return rsa(spec, material);
                default:
                    throw new IllegalArgumentException("no decoder for " + spec);
            }
        } catch (IOException | GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("stored " + spec + " key material is malformed ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** The JCA algorithm name a symmetric or HMAC key is used under. */
    static String jcaSecretKeyAlgorithm(KeySpec spec) {
        switch (spec) {
            case AES_128:
            case AES_256:
                return "AES";
            case CHACHA20_POLY1305:
                return "ChaCha20";
            case HMAC_SHA256:
                return "HmacSHA256";
            case HMAC_SHA384:
                return "HmacSHA384";
            case HMAC_SHA512:
                return "HmacSHA512";
            default:
                throw new IllegalArgumentException("not a symmetric key spec: " + spec);
        }
    }

    private static SecretKeyMaterial secret(KeySpec spec, byte[] material) {
        if (material.length != spec.bits() / 8) {
            throw new IllegalArgumentException("stored " + spec + " key is " + material.length + " bytes, expected "
                    + spec.bits() / 8);
        }
        return new SecretKeyMaterial(jcaSecretKeyAlgorithm(spec), material);
    }

    private static EcdsaKeyPair ec(KeySpec spec, byte[] material) throws IOException, GeneralSecurityException {
        ECPrivateKeyParameters parsed = (ECPrivateKeyParameters) PrivateKeyFactory.createKey(material);
        ECNamedDomainParameters domain = EcCurves.domain(spec);
        if (!(parsed.getParameters() instanceof ECNamedDomainParameters)
                || !((ECNamedDomainParameters) parsed.getParameters()).getName().equals(domain.getName())) {
            throw new IllegalArgumentException("stored key is not on the curve of " + spec);
        }
        BigInteger d = parsed.getD();
        if (d.signum() <= 0 || d.compareTo(domain.getN()) >= 0) {
            throw new IllegalArgumentException("stored " + spec + " private key is out of range");
        }
        ECPrivateKeyParameters privateKey = new ECPrivateKeyParameters(d, domain);
        ECPoint q = new FixedPointCombMultiplier().multiply(domain.getG(), d).normalize();
        ECPublicKeyParameters publicKey = new ECPublicKeyParameters(q, domain);
        return new EcdsaKeyPair(privateKey, publicKey, jcaPublicKey("EC", publicKey));
    }

    private static Ed25519KeyPair ed25519(byte[] material) throws IOException, GeneralSecurityException {
        Ed25519PrivateKeyParameters parsed = (Ed25519PrivateKeyParameters) PrivateKeyFactory.createKey(material);
        Ed25519PublicKeyParameters publicKey = parsed.generatePublicKey();
        byte[] privateKey = parsed.getEncoded();
        try {
            return new Ed25519KeyPair(privateKey, publicKey, jcaPublicKey("Ed25519", publicKey));
        } finally {
            Arrays.fill(privateKey, (byte) 0);
        }
    }

    private static RsaKeyPair rsa(KeySpec spec, byte[] material) throws GeneralSecurityException {
        KeyFactory factory = KeyFactory.getInstance("RSA");
        PrivateKey parsed = factory.generatePrivate(new PKCS8EncodedKeySpec(material));
        if (!(parsed instanceof RSAPrivateCrtKey)) {
            throw new IllegalArgumentException("stored RSA key has no CRT parameters");
        }
        RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) parsed;
        if (privateKey.getModulus().bitLength() != spec.bits()) {
            throw new IllegalArgumentException("stored RSA key has " + privateKey.getModulus().bitLength()
                    + " bits, expected " + spec.bits());
        }
        RSAPublicKey publicKey = (RSAPublicKey) factory.generatePublic(
                new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
        return new RsaKeyPair(privateKey, publicKey);
    }

    /** The JDK's own public key object, so callers can verify with plain {@code java.security}. */
    private static PublicKey jcaPublicKey(String algorithm, AsymmetricKeyParameter publicKey)
            throws IOException, GeneralSecurityException {
        byte[] spki = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(publicKey).getEncoded(ASN1Encoding.DER);
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(spki));
    }
}
