package dev.kms4j.testkit.vault.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;

/**
 * Transit's {@code sign} and {@code verify} for asymmetric keys, as Vault computes them: ECDSA
 * and RSA sign a digest ({@code prehashed} input, or the input hashed with
 * {@code hash_algorithm}); ECDSA output is ASN.1 DER unless {@code marshaling_algorithm=jws}
 * ({@code r || s}); RSA uses {@code pss} (default, salt "auto" = as long as possible when
 * signing, any length when verifying) or {@code pkcs1v15}; ed25519 signs the input itself.
 * Stateless and thread-safe.
 */
final class TransitSignatures {
    /** Vault's hash_algorithm names and their JCA digests. */
    static final Map<String, String> HASHES = Map.of(
            "sha1", "SHA-1", "sha2-224", "SHA-224", "sha2-256", "SHA-256", "sha2-384", "SHA-384",
            "sha2-512", "SHA-512", "sha3-224", "SHA3-224", "sha3-256", "SHA3-256", "sha3-384", "SHA3-384",
            "sha3-512", "SHA3-512");

    /** Parameters of one sign or verify request. */
    static final class Params {
        String hashAlgorithm = "sha2-256";
        boolean prehashed;
        String signatureAlgorithm = "pss";
        String marshaling = "asn1";
        String saltLength = "auto";
    }

    private TransitSignatures() {
    }

    static byte[] sign(TransitKeyType type, KeyPair pair, byte[] input, Params p) {
        try {
            switch (type.family()) {
                case ED25519: {
                    if (p.prehashed) {
                        throw VaultError.badRequest("prehashed input is not supported for ed25519 keys");
                    }
                    Signature s = Signature.getInstance("Ed25519");
                    s.initSign(pair.getPrivate());
                    s.update(input);
                    return s.sign();
                }
                case ECDSA: {
                    byte[] digest = digestOf(input, p);
                    Signature s = Signature.getInstance("NONEwithECDSA");
                    s.initSign(pair.getPrivate());
                    s.update(digest);
                    byte[] der = s.sign();
                    return "jws".equals(p.marshaling) ? derToJws(der, (ECPublicKey) pair.getPublic()) : der;
                }
                case RSA: {
                    byte[] digest = digestOf(input, p);
                    String jcaHash = jcaHash(p.hashAlgorithm);
                    if ("pkcs1v15".equals(p.signatureAlgorithm)) {
                        Signature s = Signature.getInstance("NONEwithRSA");
                        s.initSign(pair.getPrivate());
                        s.update(digestInfo(jcaHash, digest));
                        return s.sign();
                    }
                    return RawPss.sign((RSAPrivateCrtKey) pair.getPrivate(), jcaHash, digest, saltLength(p, jcaHash, true));
                }
                default:
                    throw VaultError.badRequest("key type " + type.wireName() + " does not support signing");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing failed in the fake", e);
        }
    }

    /** Whether {@code signature} is valid; malformed signatures are simply invalid. */
    static boolean verify(TransitKeyType type, PublicKey key, byte[] input, byte[] signature, Params p) {
        try {
            switch (type.family()) {
                case ED25519: {
                    if (p.prehashed) {
                        throw VaultError.badRequest("prehashed input is not supported for ed25519 keys");
                    }
                    Signature s = Signature.getInstance("Ed25519");
                    s.initVerify(key);
                    s.update(input);
                    return s.verify(signature);
                }
                case ECDSA: {
                    byte[] digest = digestOf(input, p);
                    byte[] der = "jws".equals(p.marshaling) ? jwsToDer(signature, (ECPublicKey) key) : signature;
                    if (der == null) {
                        return false;
                    }
                    Signature s = Signature.getInstance("NONEwithECDSA");
                    s.initVerify(key);
                    s.update(digest);
                    return s.verify(der);
                }
                case RSA: {
                    byte[] digest = digestOf(input, p);
                    String jcaHash = jcaHash(p.hashAlgorithm);
                    if ("pkcs1v15".equals(p.signatureAlgorithm)) {
                        Signature s = Signature.getInstance("NONEwithRSA");
                        s.initVerify(key);
                        s.update(digestInfo(jcaHash, digest));
                        return s.verify(signature);
                    }
                    return RawPss.verify((RSAPublicKey) key, jcaHash, digest, signature, saltLength(p, jcaHash, false));
                }
                default:
                    throw VaultError.badRequest("key type " + type.wireName() + " does not support verification");
            }
        } catch (java.security.SignatureException e) {
            return false; // a signature that does not even parse is not valid
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("verification failed in the fake", e);
        }
    }

    static String jcaHash(String vaultName) {
        String jca = HASHES.get(vaultName);
        if (jca == null) {
            throw VaultError.badRequest("unsupported hash algorithm " + vaultName);
        }
        return jca;
    }

    private static byte[] digestOf(byte[] input, Params p) throws GeneralSecurityException {
        String jca = jcaHash(p.hashAlgorithm);
        if (p.prehashed) {
            if (input.length != MessageDigest.getInstance(jca).getDigestLength()) {
                throw VaultError.badRequest("prehashed input length does not match the hash algorithm");
            }
            return input;
        }
        return MessageDigest.getInstance(jca).digest(input);
    }

    private static int saltLength(Params p, String jcaHash, boolean signing) throws GeneralSecurityException {
        if (p.saltLength == null || p.saltLength.isEmpty() || "auto".equals(p.saltLength)) {
            return RawPss.AUTO;
        }
        if ("hash".equals(p.saltLength)) {
            return MessageDigest.getInstance(jcaHash).getDigestLength();
        }
        try {
            int n = Integer.parseInt(p.saltLength);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw VaultError.badRequest("salt length must be 'auto', 'hash' or a non-negative integer");
        }
    }

    private static byte[] digestInfo(String jcaHash, byte[] digest) {
        try {
            return new DigestInfo(new DefaultDigestAlgorithmIdentifierFinder().find(jcaHash), digest).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int fieldBytes(ECPublicKey key) {
        return (key.getParams().getCurve().getField().getFieldSize() + 7) / 8;
    }

    private static byte[] derToJws(byte[] der, ECPublicKey key) {
        ASN1Sequence seq = ASN1Sequence.getInstance(der);
        int n = fieldBytes(key);
        byte[] out = new byte[2 * n];
        writeFixed(ASN1Integer.getInstance(seq.getObjectAt(0)).getValue(), out, 0, n);
        writeFixed(ASN1Integer.getInstance(seq.getObjectAt(1)).getValue(), out, n, n);
        return out;
    }

    private static byte[] jwsToDer(byte[] raw, ECPublicKey key) {
        int n = fieldBytes(key);
        if (raw.length != 2 * n) {
            return null;
        }
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Integer(new BigInteger(1, java.util.Arrays.copyOfRange(raw, 0, n))));
        v.add(new ASN1Integer(new BigInteger(1, java.util.Arrays.copyOfRange(raw, n, 2 * n))));
        try {
            return new DERSequence(v).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeFixed(BigInteger v, byte[] out, int offset, int n) {
        byte[] b = v.toByteArray();
        int start = Math.max(0, b.length - n);
        int len = b.length - start;
        System.arraycopy(b, start, out, offset + n - len, len);
    }
}
