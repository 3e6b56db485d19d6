package dev.kms4j.testkit.azure.internal;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.bouncycastle.crypto.signers.PlainDSAEncoding;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The cryptography of the fake, as Key Vault does it: key generation, signatures over a digest
 * (ECDSA as raw {@code R||S}, RSASSA-PKCS1-v1_5 and RSASSA-PSS), RSA encryption (RSA1_5,
 * RSA-OAEP with SHA-1, RSA-OAEP-256 with SHA-256 for both hash and MGF1), AES-GCM with the
 * service choosing the IV, and AES key wrap (RFC 3394). Bouncy Castle is used as an explicit
 * provider instance (never installed globally) for secp256k1, raw ECDSA and raw PSS.
 *
 * <p>Stateless and thread-safe. Never logs inputs or outputs.
 */
final class AzureCrypto {
    static final Provider BC = new BouncyCastleProvider();
    static final SecureRandom RANDOM = new SecureRandom();
    private static final int GCM_IV_BYTES = 12;
    private static final int GCM_TAG_BITS = 128;

    private AzureCrypto() {
    }

    static KeyPair generateEc(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BC);
            g.initialize(new ECGenParameterSpec(jcaCurve(curve)), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC key generation failed", e);
        }
    }

    static KeyPair generateRsa(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation failed", e);
        }
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    static String jcaCurve(String crv) {
        switch (crv) {
            case "P-256":
                return "secp256r1";
            case "P-384":
                return "secp384r1";
            case "P-521":
                return "secp521r1";
            case "P-256K":
                return "secp256k1";
            default:
                throw AzureError.badParameter("The curve " + crv + " is not supported.");
        }
    }

    // ---- signatures ---------------------------------------------------------------------------

    /** The curve an ES* algorithm needs, or {@code null} for RSA algorithms; BadParameter if unknown. */
    private static String curveOf(String alg) {
        switch (alg) {
            case "ES256":
                return "P-256";
            case "ES256K":
                return "P-256K";
            case "ES384":
                return "P-384";
            case "ES512":
                return "P-521";
            case "RS256": case "RS384": case "RS512": case "PS256": case "PS384": case "PS512":
                return null;
            default:
                throw AzureError.badParameter("Invalid algorithm " + alg + ".");
        }
    }

    private static String digestName(String alg) {
        if (alg.startsWith("ES256") || alg.endsWith("256")) {
            return "SHA-256";
        }
        return alg.endsWith("384") ? "SHA-384" : "SHA-512";
    }

    /** Checks that {@code alg} fits the key and the digest has the algorithm's length. */
    private static void checkSigning(FakeKeyVersion key, String alg, byte[] digest) {
        String curve = curveOf(alg);
        boolean fits = curve == null ? key.family().equals("RSA") : key.family().equals("EC") && curve.equals(key.curve());
        if (!fits) {
            throw AzureError.badParameter("Algorithm " + alg + " is not valid for key type " + key.kty()
                    + (key.curve() == null ? "" : " with curve " + key.curve()) + ".");
        }
        try {
            if (digest.length != MessageDigest.getInstance(digestName(alg)).getDigestLength()) {
                throw AzureError.badParameter("Invalid digest length " + digest.length + " for algorithm " + alg + ".");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sign(FakeKeyVersion key, String alg, byte[] digest) {
        checkSigning(key, alg, digest);
        try {
            PrivateKey priv = key.keyPair().getPrivate();
            if (alg.startsWith("ES")) {
                Signature s = Signature.getInstance("NONEwithECDSA", BC);
                s.initSign(priv, RANDOM);
                s.update(digest);
                BigInteger order = ((ECPublicKey) key.keyPair().getPublic()).getParams().getOrder();
                BigInteger[] rs = StandardDSAEncoding.INSTANCE.decode(order, s.sign());
                return PlainDSAEncoding.INSTANCE.encode(order, rs[0], rs[1]);
            }
            Signature s = rsaSignature(alg);
            s.initSign(priv, RANDOM);
            s.update(alg.startsWith("RS") ? digestInfo(alg, digest) : digest);
            return s.sign();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("signing failed", e);
        }
    }

    /** Whether {@code signature} is valid; a malformed signature is simply not valid. */
    static boolean verify(FakeKeyVersion key, String alg, byte[] digest, byte[] signature) {
        checkSigning(key, alg, digest);
        try {
            PublicKey pub = key.keyPair().getPublic();
            if (alg.startsWith("ES")) {
                BigInteger order = ((ECPublicKey) pub).getParams().getOrder();
                BigInteger[] rs = PlainDSAEncoding.INSTANCE.decode(order, signature);
                Signature s = Signature.getInstance("NONEwithECDSA", BC);
                s.initVerify(pub);
                s.update(digest);
                return s.verify(StandardDSAEncoding.INSTANCE.encode(order, rs[0], rs[1]));
            }
            Signature s = rsaSignature(alg);
            s.initVerify(pub);
            s.update(alg.startsWith("RS") ? digestInfo(alg, digest) : digest);
            return s.verify(signature);
        } catch (GeneralSecurityException | java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    private static Signature rsaSignature(String alg) throws GeneralSecurityException {
        if (alg.startsWith("RS")) {
            return Signature.getInstance("NONEwithRSA");
        }
        Signature s = Signature.getInstance("NONEwithRSASSA-PSS", BC);
        String md = digestName(alg);
        int saltLength = MessageDigest.getInstance(md).getDigestLength();
        s.setParameter(new PSSParameterSpec(md, "MGF1", new MGF1ParameterSpec(md), saltLength, 1));
        return s;
    }

    private static byte[] digestInfo(String alg, byte[] digest) throws java.io.IOException {
        String md = digestName(alg);
        var oid = md.equals("SHA-256") ? NISTObjectIdentifiers.id_sha256
                : md.equals("SHA-384") ? NISTObjectIdentifiers.id_sha384 : NISTObjectIdentifiers.id_sha512;
        return new DigestInfo(new AlgorithmIdentifier(oid, DERNull.INSTANCE), digest).getEncoded("DER");
    }

    // ---- encryption ---------------------------------------------------------------------------

    /** Encrypts; the answer holds {@code value} and, for AES-GCM, {@code iv}, {@code tag} and {@code aad}. */
    static Map<String, Object> encrypt(FakeKeyVersion key, String alg, byte[] plaintext, byte[] aad) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (alg.startsWith("RSA")) {
            requireFamily(key, "RSA", alg);
            out.put("value", Base64Url.encode(rsa(key, alg, Cipher.ENCRYPT_MODE, plaintext)));
            return out;
        }
        int bits = gcmBits(alg);
        requireFamily(key, "OCT", alg);
        requireSize(key, bits, alg);
        byte[] secret = key.secret();
        try {
            byte[] iv = randomBytes(GCM_IV_BYTES);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(secret, "AES"), new GCMParameterSpec(GCM_TAG_BITS, iv));
            if (aad != null) {
                c.updateAAD(aad);
            }
            byte[] sealed = c.doFinal(plaintext);
            int split = sealed.length - GCM_TAG_BITS / 8;
            out.put("value", Base64Url.encode(Arrays.copyOfRange(sealed, 0, split)));
            out.put("iv", Base64Url.encode(iv));
            out.put("tag", Base64Url.encode(Arrays.copyOfRange(sealed, split, sealed.length)));
            if (aad != null) {
                out.put("aad", Base64Url.encode(aad));
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** Decrypts; BadParameter if the ciphertext does not decrypt (or authenticate). */
    static byte[] decrypt(FakeKeyVersion key, String alg, byte[] ciphertext, byte[] iv, byte[] tag, byte[] aad) {
        if (alg.startsWith("RSA")) {
            requireFamily(key, "RSA", alg);
            return rsa(key, alg, Cipher.DECRYPT_MODE, ciphertext);
        }
        int bits = gcmBits(alg);
        requireFamily(key, "OCT", alg);
        requireSize(key, bits, alg);
        if (iv == null || tag == null || iv.length != GCM_IV_BYTES || tag.length != GCM_TAG_BITS / 8) {
            throw AzureError.badParameter("AES-GCM decryption needs a 12-byte iv and a 16-byte tag.");
        }
        byte[] secret = key.secret();
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(secret, "AES"), new GCMParameterSpec(GCM_TAG_BITS, iv));
            if (aad != null) {
                c.updateAAD(aad);
            }
            c.update(ciphertext);
            return c.doFinal(tag);
        } catch (GeneralSecurityException e) {
            throw AzureError.badParameter("Decryption failed: the ciphertext, iv, tag or aad is not valid.");
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    static byte[] wrap(FakeKeyVersion key, String alg, byte[] keyBytes) {
        if (alg.startsWith("RSA")) {
            requireFamily(key, "RSA", alg);
            return rsa(key, alg, Cipher.ENCRYPT_MODE, keyBytes);
        }
        requireFamily(key, "OCT", alg);
        requireSize(key, kwBits(alg), alg);
        if (keyBytes.length < 16 || keyBytes.length % 8 != 0) {
            throw AzureError.badParameter("AES key wrap takes a multiple of 8 bytes, at least 16.");
        }
        return aesKw(key, Cipher.WRAP_MODE, keyBytes);
    }

    static byte[] unwrap(FakeKeyVersion key, String alg, byte[] wrapped) {
        if (alg.startsWith("RSA")) {
            requireFamily(key, "RSA", alg);
            return rsa(key, alg, Cipher.DECRYPT_MODE, wrapped);
        }
        requireFamily(key, "OCT", alg);
        requireSize(key, kwBits(alg), alg);
        return aesKw(key, Cipher.UNWRAP_MODE, wrapped);
    }

    private static byte[] aesKw(FakeKeyVersion key, int mode, byte[] input) {
        byte[] secret = key.secret();
        try {
            Cipher c = Cipher.getInstance("AESWrap");
            c.init(mode, new SecretKeySpec(secret, "AES"));
            if (mode == Cipher.WRAP_MODE) {
                return c.wrap(new SecretKeySpec(input, "AES"));
            }
            return c.unwrap(input, "AES", Cipher.SECRET_KEY).getEncoded();
        } catch (GeneralSecurityException | RuntimeException e) {
            throw AzureError.badParameter(mode == Cipher.WRAP_MODE ? "Key wrap failed."
                    : "Key unwrap failed: the wrapped key is not valid.");
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private static byte[] rsa(FakeKeyVersion key, String alg, int mode, byte[] input) {
        try {
            Cipher c;
            switch (alg) {
                case "RSA1_5":
                    c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
                    c.init(mode, mode == Cipher.ENCRYPT_MODE ? key.keyPair().getPublic() : key.keyPair().getPrivate(), RANDOM);
                    break;
                case "RSA-OAEP":
                case "RSA-OAEP-256":
                    String md = alg.equals("RSA-OAEP") ? "SHA-1" : "SHA-256";
                    MGF1ParameterSpec mgf = alg.equals("RSA-OAEP") ? MGF1ParameterSpec.SHA1 : MGF1ParameterSpec.SHA256;
                    c = Cipher.getInstance("RSA/ECB/OAEPPadding");
                    c.init(mode, mode == Cipher.ENCRYPT_MODE ? key.keyPair().getPublic() : key.keyPair().getPrivate(),
                            new OAEPParameterSpec(md, "MGF1", mgf, PSource.PSpecified.DEFAULT), RANDOM);
                    break;
                default:
                    throw AzureError.badParameter("Invalid algorithm " + alg + ".");
            }
            return c.doFinal(input);
        } catch (GeneralSecurityException | RuntimeException e) {
            if (e instanceof AzureError) {
                throw (AzureError) e;
            }
            throw AzureError.badParameter(mode == Cipher.ENCRYPT_MODE
                    ? "The plaintext is too long for the key and algorithm." : "Decryption failed.");
        }
    }

    private static int gcmBits(String alg) {
        switch (alg) {
            case "A128GCM":
                return 128;
            case "A192GCM":
                return 192;
            case "A256GCM":
                return 256;
            default:
                throw AzureError.badParameter("Invalid algorithm " + alg + ".");
        }
    }

    private static int kwBits(String alg) {
        switch (alg) {
            case "A128KW":
                return 128;
            case "A192KW":
                return 192;
            case "A256KW":
                return 256;
            default:
                throw AzureError.badParameter("Invalid algorithm " + alg + ".");
        }
    }

    private static void requireFamily(FakeKeyVersion key, String family, String alg) {
        if (!key.family().equals(family)) {
            throw AzureError.badParameter("Algorithm " + alg + " is not valid for key type " + key.kty() + ".");
        }
    }

    private static void requireSize(FakeKeyVersion key, int bits, String alg) {
        if (key.keySize() != bits) {
            throw AzureError.badParameter("Algorithm " + alg + " needs a " + bits + "-bit key.");
        }
    }
}
