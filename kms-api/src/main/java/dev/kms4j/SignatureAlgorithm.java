package dev.kms4j;

import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

/**
 * Signature and MAC algorithms, with the exact output format kms4j guarantees on every provider.
 *
 * <ul>
 *   <li>ECDSA signatures are ASN.1 DER {@code SEQUENCE {r, s}}, as {@link java.security.Signature}
 *       produces and verifies, whatever format the provider's wire uses.</li>
 *   <li>RSA-PSS uses MGF1 with the same hash, a salt as long as the hash, and trailer field 1;
 *       verify it with {@link #jcaName()} and {@link #jcaParameters()}.</li>
 *   <li>HMAC algorithms are MACs: {@code sign} returns the tag and {@code verify} compares in
 *       constant time. They have no public key.</li>
 * </ul>
 */
public enum SignatureAlgorithm {
    ECDSA_SHA256("SHA256withECDSA", "SHA-256", KeyType.EC),
    ECDSA_SHA384("SHA384withECDSA", "SHA-384", KeyType.EC),
    ECDSA_SHA512("SHA512withECDSA", "SHA-512", KeyType.EC),
    ED25519("Ed25519", null, KeyType.EDWARDS),
    RSA_PKCS1_SHA256("SHA256withRSA", "SHA-256", KeyType.RSA),
    RSA_PKCS1_SHA384("SHA384withRSA", "SHA-384", KeyType.RSA),
    RSA_PKCS1_SHA512("SHA512withRSA", "SHA-512", KeyType.RSA),
    RSA_PSS_SHA256("RSASSA-PSS", "SHA-256", KeyType.RSA),
    RSA_PSS_SHA384("RSASSA-PSS", "SHA-384", KeyType.RSA),
    RSA_PSS_SHA512("RSASSA-PSS", "SHA-512", KeyType.RSA),
    HMAC_SHA256("HmacSHA256", "SHA-256", KeyType.HMAC),
    HMAC_SHA384("HmacSHA384", "SHA-384", KeyType.HMAC),
    HMAC_SHA512("HmacSHA512", "SHA-512", KeyType.HMAC);

    private final String jcaName;
    private final String digest;
    private final KeyType keyType;

    SignatureAlgorithm(String jcaName, String digest, KeyType keyType) {
        this.jcaName = jcaName;
        this.digest = digest;
        this.keyType = keyType;
    }

    /** The JCA algorithm name for {@link java.security.Signature} or {@link javax.crypto.Mac}. */
    public String jcaName() {
        return jcaName;
    }

    /**
     * The JCA parameters to pass to {@code Signature.setParameter}, or {@code null} when the
     * algorithm takes none. Only RSA-PSS has parameters.
     */
    public AlgorithmParameterSpec jcaParameters() {
        if (!isPss()) {
            return null;
        }
        int saltLength = digestLength();
        return new PSSParameterSpec(digest, "MGF1", new MGF1ParameterSpec(digest), saltLength, 1);
    }

    /** The JCA digest name ({@code "SHA-256"}...), or {@code null} for Ed25519, which hashes internally. */
    public String digestAlgorithm() {
        return digest;
    }

    /** The digest length in bytes, or 0 for Ed25519. */
    public int digestLength() {
        if (digest == null) {
            return 0;
        }
        switch (digest) {
            case "SHA-256":
                return 32;
            case "SHA-384":
                return 48;
            default:
                return 64;
        }
    }

    /** The key family this algorithm needs. */
    public KeyType keyType() {
        return keyType;
    }

    /** Whether this is RSA-PSS. */
    public boolean isPss() {
        return this == RSA_PSS_SHA256 || this == RSA_PSS_SHA384 || this == RSA_PSS_SHA512;
    }

    /** Whether this is a MAC (symmetric) rather than a public-key signature. */
    public boolean isMac() {
        return keyType == KeyType.HMAC;
    }

    /** Whether keys of {@code spec} can use this algorithm. */
    public boolean isCompatibleWith(KeySpec spec) {
        if (spec.type() != keyType) {
            return false;
        }
        if (keyType == KeyType.HMAC) {
            return spec.bits() == digestLength() * 8;
        }
        return true;
    }
}
