package dev.kms4j;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Objects;

/**
 * Converts public keys to and from DER (X.509 SubjectPublicKeyInfo) and PEM
 * ({@code -----BEGIN PUBLIC KEY-----}). Public keys are not secret. Stateless and thread-safe.
 */
public final class PublicKeys {
    private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String END = "-----END PUBLIC KEY-----";
    /** Algorithms tried, in order, when reading an encoded key whose type is not given. */
    private static final String[] ALGORITHMS = {"EC", "RSA", "Ed25519"};

    private PublicKeys() {
    }

    /** DER SubjectPublicKeyInfo. */
    public static byte[] toDer(PublicKey key) {
        Objects.requireNonNull(key, "key");
        byte[] der = key.getEncoded();
        if (der == null || !"X.509".equals(key.getFormat())) {
            throw new KmsException(KmsErrorCode.UNSUPPORTED, "public key of type " + key.getAlgorithm()
                    + " has no X.509 encoding");
        }
        return der;
    }

    /** PEM with 64-character lines and a trailing newline. */
    public static String toPem(PublicKey key) {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(toDer(key));
        return BEGIN + "\n" + b64 + "\n" + END + "\n";
    }

    /**
     * Reads DER SubjectPublicKeyInfo of an EC, RSA or Ed25519 key.
     *
     * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} if it is not a supported public key
     */
    public static PublicKey fromDer(byte[] der) {
        Objects.requireNonNull(der, "der");
        X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
        for (String algorithm : ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(spec);
            } catch (InvalidKeySpecException | NoSuchAlgorithmException | RuntimeException e) {
                // try the next algorithm
            }
        }
        throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "not a DER-encoded EC, RSA or Ed25519 public key");
    }

    /**
     * Reads a PEM public key ({@code BEGIN PUBLIC KEY}); text around the block is ignored.
     *
     * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} if no valid block is found
     */
    public static PublicKey fromPem(String pem) {
        Objects.requireNonNull(pem, "pem");
        int begin = pem.indexOf(BEGIN);
        int end = pem.indexOf(END, Math.max(begin, 0));
        if (begin < 0 || end < 0) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "no '" + BEGIN + "' block found");
        }
        String body = pem.substring(begin + BEGIN.length(), end).replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "PEM public key is not valid base64");
        }
        return fromDer(der);
    }
}
