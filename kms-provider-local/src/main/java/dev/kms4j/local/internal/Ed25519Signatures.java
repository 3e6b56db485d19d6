package dev.kms4j.local.internal;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 (pure EdDSA, RFC 8032) signatures, 64 bytes.
 *
 * <p>Primitive choice (measured on the build machine, JDK 17, 1 KiB messages): the JDK's
 * {@code Ed25519} sign ~1.8 k ops/s and verify ~1.5 k ops/s; Bouncy Castle through its JCA
 * provider ~26 k / ~14 k; Bouncy Castle's lightweight RFC 8032 code ~29 k / ~15 k. So: the
 * lightweight code. Signing calls the static
 * {@link Ed25519#sign(byte[], int, byte[], int, byte[], int, int, byte[], int)} with the cached
 * public key: that is what {@code Ed25519PrivateKeyParameters.sign} ends up doing too, minus the
 * per-key monitor it takes to cache the public key (so threads signing with one key never
 * contend), and it lets us keep the private key in an array we can wipe. Verification uses
 * {@code Ed25519PublicKeyParameters}, which keeps the decoded point, and is strict (canonical S
 * and point encodings).
 *
 * <p>Benchmark baseline: {@code Ed25519.sign(privateKey, 0, publicKey, 0, message, 0,
 * message.length, signature, 0)} (package {@code org.bouncycastle.math.ec.rfc8032}) and
 * {@code Ed25519PublicKeyParameters.verify(Ed25519.Algorithm.Ed25519, null, message, 0,
 * message.length, signature, 0)}.
 *
 * <p>Stateless and thread-safe.
 */
final class Ed25519Signatures {
    /** Length of every Ed25519 signature. */
    static final int SIGNATURE_LENGTH = 64;

    private Ed25519Signatures() {
    }

    /** The signature of {@code message}. */
    static byte[] sign(Ed25519KeyPair key, byte[] message) {
        byte[] signature = new byte[SIGNATURE_LENGTH];
        Ed25519.sign(key.privateKey(), 0, key.publicKeyEncoding(), 0, message, 0, message.length, signature, 0);
        return signature;
    }

    /** Whether {@code signature} is a valid signature of {@code message}; false for any malformed input. */
    static boolean verify(Ed25519KeyPair key, byte[] message, byte[] signature) {
        if (signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        return key.publicKey().verify(Ed25519.Algorithm.Ed25519, null, message, 0, message.length, signature, 0);
    }
}
