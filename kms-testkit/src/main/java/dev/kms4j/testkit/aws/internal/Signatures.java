package dev.kms4j.testkit.aws.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;

/**
 * KMS signing algorithms over a message digest, as KMS computes them: the message is hashed
 * first (or arrives hashed, MessageType=DIGEST), then signed raw. ECDSA signatures are DER;
 * RSASSA-PSS uses MGF1 with the same hash and a salt as long as the digest.
 *
 * <p>Ed25519 is the exception: ED25519_SHA_512 is pure Ed25519 (RFC 8032), which hashes
 * internally, so its "signing input" is the raw message itself; ED25519_PH_SHA_512 is Ed25519ph
 * over a SHA-512 pre-hash with an empty context.
 *
 * <p>Stateless and thread-safe.
 */
final class Signatures {
    private static final String PURE_ED25519 = "ED25519_SHA_512";
    private static final String PREHASH_ED25519 = "ED25519_PH_SHA_512";

    private Signatures() {
    }

    /** The JCA digest name for a KMS signing algorithm; ValidationException if unknown. */
    static String digestName(String algorithm) {
        if (algorithm.endsWith("_SHA_256")) {
            return "SHA-256";
        }
        if (algorithm.endsWith("_SHA_384")) {
            return "SHA-384";
        }
        if (algorithm.endsWith("_SHA_512")) {
            return "SHA-512";
        }
        throw AwsError.validation("Unknown signing algorithm " + algorithm);
    }

    static byte[] digest(String algorithm, byte[] message) {
        try {
            return MessageDigest.getInstance(digestName(algorithm)).digest(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static int digestLength(String algorithm) {
        try {
            return MessageDigest.getInstance(digestName(algorithm)).getDigestLength();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code algorithm} is pure Ed25519, which signs the message rather than a digest. */
    static boolean isPureEd25519(String algorithm) {
        return PURE_ED25519.equals(algorithm);
    }

    static byte[] sign(String algorithm, PrivateKey key, byte[] digest) {
        if (PREHASH_ED25519.equals(algorithm)) {
            return Ed25519Prehash.sign(key, digest);
        }
        try {
            Signature s = raw(algorithm);
            s.initSign(key, Crypto.RANDOM);
            s.update(input(algorithm, digest));
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing failed", e);
        }
    }

    /** Whether {@code signature} is valid; malformed signatures are simply invalid. */
    static boolean verify(String algorithm, PublicKey key, byte[] digest, byte[] signature) {
        if (PREHASH_ED25519.equals(algorithm)) {
            return Ed25519Prehash.verify(key, digest, signature);
        }
        try {
            Signature s = raw(algorithm);
            s.initVerify(key);
            s.update(input(algorithm, digest));
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static Signature raw(String algorithm) throws GeneralSecurityException {
        if (isPureEd25519(algorithm)) {
            return Signature.getInstance("Ed25519");
        }
        if (algorithm.startsWith("ECDSA_")) {
            return Signature.getInstance("NONEwithECDSA", Crypto.BC);
        }
        if (algorithm.startsWith("RSASSA_PKCS1_V1_5_")) {
            return Signature.getInstance("NONEwithRSA");
        }
        if (algorithm.startsWith("RSASSA_PSS_")) {
            Signature s = Signature.getInstance("NONEwithRSASSA-PSS", Crypto.BC);
            String md = digestName(algorithm);
            s.setParameter(new PSSParameterSpec(md, "MGF1", new MGF1ParameterSpec(md),
                    digestLength(algorithm), 1));
            return s;
        }
        throw AwsError.validation("Unknown signing algorithm " + algorithm);
    }

    /** PKCS#1 v1.5 signs a DigestInfo; the other schemes sign the bare digest. */
    private static byte[] input(String algorithm, byte[] digest) {
        if (!algorithm.startsWith("RSASSA_PKCS1_V1_5_")) {
            return digest;
        }
        ASN1ObjectIdentifier oid;
        switch (digestName(algorithm)) {
            case "SHA-256":
                oid = NISTObjectIdentifiers.id_sha256;
                break;
            case "SHA-384":
                oid = NISTObjectIdentifiers.id_sha384;
                break;
            default:
                oid = NISTObjectIdentifiers.id_sha512;
        }
        try {
            return new DigestInfo(new AlgorithmIdentifier(oid, DERNull.INSTANCE), digest).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
