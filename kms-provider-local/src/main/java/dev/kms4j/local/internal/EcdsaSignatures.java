package dev.kms4j.local.internal;

import dev.kms4j.SignatureAlgorithm;
import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

/**
 * ECDSA signatures in ASN.1 DER (what {@link java.security.Signature} produces), on P-256, P-384,
 * P-521 and secp256k1.
 *
 * <p>Primitive choice (measured on the build machine, JDK 17, 1 KiB messages, P-256): JDK
 * {@code SHA256withECDSA} sign ~1.3-1.9 k ops/s and verify ~0.7 k ops/s; Bouncy Castle through
 * its JCA provider ~9 k / ~9 k; the Bouncy Castle lightweight {@link ECDSASigner} on its
 * specialised curve implementations ~10 k / ~13 k (P-384 ~4.8 k / ~3.9 k; secp256k1, which the JDK
 * no longer supports, ~14 k / ~10.6 k). So: the lightweight API, with the message hashed by the
 * JDK's {@link MessageDigest} (SHA-NI intrinsics), DER handled by {@link StandardDSAEncoding}
 * (strict: non-canonical encodings are rejected).
 *
 * <p>The per-signature nonce k is deterministic (RFC 6979, HMAC with the signature's hash): it
 * depends on no random number generator at signing time, was as fast as a random k here, and
 * produces ordinary ECDSA signatures any verifier accepts.
 *
 * <p>Benchmark baseline: {@code new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()))},
 * {@code init(true, ECPrivateKeyParameters)}, {@code generateSignature(sha256(message))},
 * {@code StandardDSAEncoding.INSTANCE.encode}; verify with {@code new ECDSASigner()},
 * {@code init(false, ECPublicKeyParameters)}, {@code decode} and {@code verifySignature}, with
 * domain parameters from {@code ECNamedDomainParameters.lookup(oid)}.
 *
 * <p>Stateless and thread-safe (a signer object is created per call; they are cheap). Bouncy
 * Castle briefly synchronizes on a curve point while it looks up that point's precomputed
 * multiplication table (the base point when signing, the base point and public key when
 * verifying); the section is a table lookup, tiny next to the scalar multiplication.
 */
final class EcdsaSignatures {
    private EcdsaSignatures() {
    }

    /** A DER signature of {@code message}. */
    static byte[] sign(SignatureAlgorithm algorithm, EcdsaKeyPair key, byte[] message) {
        byte[] digest = digest(algorithm, message);
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(hmacDigest(algorithm)));
        signer.init(true, key.privateKey());
        BigInteger[] rs = signer.generateSignature(digest);
        try {
            return StandardDSAEncoding.INSTANCE.encode(key.privateKey().getParameters().getN(), rs[0], rs[1]);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding of an ECDSA signature failed", e);
        }
    }

    /** Whether {@code signature} is a valid DER signature of {@code message}; false for any malformed input. */
    static boolean verify(SignatureAlgorithm algorithm, EcdsaKeyPair key, byte[] message, byte[] signature) {
        BigInteger[] rs;
        try {
            rs = StandardDSAEncoding.INSTANCE.decode(key.publicKey().getParameters().getN(), signature);
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            return false;
        }
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, key.publicKey());
        return verifier.verifySignature(digest(algorithm, message), rs[0], rs[1]);
    }

    private static byte[] digest(SignatureAlgorithm algorithm, byte[] message) {
        try {
            return MessageDigest.getInstance(algorithm.digestAlgorithm()).digest(message);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm.digestAlgorithm() + " is not available in this JDK", e);
        }
    }

    private static Digest hmacDigest(SignatureAlgorithm algorithm) {
        switch (algorithm) {
            case ECDSA_SHA256:
                return new SHA256Digest();
            case ECDSA_SHA384:
                return new SHA384Digest();
            case ECDSA_SHA512:
                return new SHA512Digest();
            default:
                throw new IllegalArgumentException("not an ECDSA algorithm: " + algorithm);
        }
    }
}
