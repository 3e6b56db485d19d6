package dev.kms4j.testkit.aws.internal;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519ph (RFC 8032, empty context) over a caller-supplied SHA-512 pre-hash, as KMS's
 * ED25519_PH_SHA_512 computes it. The JDK has no Ed25519ph, and Bouncy Castle's JCA signer only
 * hashes the message itself, so this goes through Bouncy Castle's low-level key parameters, which
 * accept the 64-byte pre-hash directly.
 *
 * <p>Stateless and thread-safe. The private key is secret; its decoded parameters live only for
 * the duration of one call.
 */
final class Ed25519Prehash {
    private static final byte[] EMPTY_CONTEXT = new byte[0];

    private Ed25519Prehash() {
    }

    static byte[] sign(PrivateKey key, byte[] prehash) {
        byte[] pkcs8 = key.getEncoded();
        try {
            Ed25519PrivateKeyParameters params = (Ed25519PrivateKeyParameters) PrivateKeyFactory.createKey(pkcs8);
            byte[] signature = new byte[Ed25519PrivateKeyParameters.SIGNATURE_SIZE];
            params.sign(Ed25519.Algorithm.Ed25519ph, EMPTY_CONTEXT, prehash, 0, prehash.length, signature, 0);
            return signature;
        } catch (IOException e) {
            throw new IllegalStateException("cannot decode the Ed25519 private key", e);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    /** Whether {@code signature} is valid; malformed signatures are simply invalid. */
    static boolean verify(PublicKey key, byte[] prehash, byte[] signature) {
        try {
            Ed25519PublicKeyParameters params = (Ed25519PublicKeyParameters) PublicKeyFactory.createKey(key.getEncoded());
            return signature.length == Ed25519PrivateKeyParameters.SIGNATURE_SIZE
                    && params.verify(Ed25519.Algorithm.Ed25519ph, EMPTY_CONTEXT, prehash, 0, prehash.length,
                            signature, 0);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
