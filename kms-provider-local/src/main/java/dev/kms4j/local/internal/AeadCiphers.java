package dev.kms4j.local.internal;

import dev.kms4j.KeySpec;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;

/**
 * AES-GCM and ChaCha20-Poly1305 with a 12-byte nonce and a 16-byte tag.
 *
 * <p>Primitive choice (measured on the 2-core AMD EPYC build machine, JDK 17, 1 KiB messages):
 * the JCE's {@code AES/GCM/NoPadding} uses the AES-NI/CLMUL intrinsics and was ~1.08 M ops/s with
 * a reused {@link Cipher}, against ~0.19 M ops/s when calling {@code Cipher.getInstance} per
 * operation, so each thread keeps one {@code Cipher} per algorithm and re-initialises it (a GCM
 * {@code Cipher} must be re-initialised with a fresh nonce for every encryption anyway). The JDK's
 * {@code ChaCha20-Poly1305} (~264 k ops/s) beat Bouncy Castle's (~224-230 k ops/s JCA or
 * lightweight). Benchmark baseline: a thread-confined {@code Cipher.getInstance("AES/GCM/NoPadding")}
 * (or {@code "ChaCha20-Poly1305"}), then per operation {@code init(ENCRYPT_MODE, key, spec)},
 * {@code updateAAD}, {@code doFinal} with a 12-byte random nonce.
 *
 * <p>A thread-confined {@code Cipher} keeps the expanded round keys of the last key it used until
 * its next {@code init}; that is the JCE's own behaviour for any reused {@code Cipher}.
 *
 * <p>Thread-safe (ciphers are per thread). Keys and plaintexts are secret; nothing is logged.
 */
final class AeadCiphers {
    /** Nonce length in bytes for both algorithms. */
    static final int NONCE_LENGTH = 12;
    /** Tag length in bytes for both algorithms. */
    static final int TAG_LENGTH = 16;

    private static final String AES_GCM_TRANSFORMATION = "AES/GCM/NoPadding";
    private static final String CHACHA20_POLY1305_TRANSFORMATION = "ChaCha20-Poly1305";
    private static final ThreadLocal<Cipher> AES_GCM = ThreadLocal.withInitial(() -> newCipher(AES_GCM_TRANSFORMATION));
    private static final ThreadLocal<Cipher> CHACHA20_POLY1305 =
            ThreadLocal.withInitial(() -> newCipher(CHACHA20_POLY1305_TRANSFORMATION));

    private AeadCiphers() {
    }

    /**
     * Encrypts {@code plaintext} into {@code out} at {@code outOffset} as ciphertext followed by the
     * tag ({@code plaintext.length + TAG_LENGTH} bytes), authenticating {@code aad}.
     *
     * <p>The associated data comes in one array on purpose: with two {@code updateAAD} calls JDK
     * 17's AES-GCM buffers the data, and 1 KiB encryptions ran at 70-84 % of the one-call speed,
     * with large swings (measured in kms-benchmarks, AesGcm1KiBBenchmark).
     */
    static void seal(KeySpec spec, SecretKey key, byte[] nonce, byte[] aad,
                     byte[] plaintext, byte[] out, int outOffset) throws GeneralSecurityException {
        Cipher cipher = initialised(spec, Cipher.ENCRYPT_MODE, key, parameters(spec, nonce, 0));
        cipher.updateAAD(aad);
        cipher.doFinal(plaintext, 0, plaintext.length, out, outOffset);
    }

    /**
     * Decrypts and authenticates; the nonce is at {@code nonceOffset} of {@code input}, the
     * ciphertext and tag at {@code offset} for {@code length} bytes.
     *
     * @throws AEADBadTagException if the ciphertext, nonce, key or associated data do not match
     */
    static byte[] open(KeySpec spec, SecretKey key, byte[] input, int nonceOffset, int offset, int length,
                       byte[] aad) throws GeneralSecurityException {
        Cipher cipher = initialised(spec, Cipher.DECRYPT_MODE, key, parameters(spec, input, nonceOffset));
        cipher.updateAAD(aad);
        return cipher.doFinal(input, offset, length);
    }

    private static Cipher initialised(KeySpec spec, int mode, SecretKey key, AlgorithmParameterSpec parameters)
            throws GeneralSecurityException {
        boolean chacha = spec == KeySpec.CHACHA20_POLY1305;
        ThreadLocal<Cipher> local = chacha ? CHACHA20_POLY1305 : AES_GCM;
        Cipher cipher = local.get();
        try {
            cipher.init(mode, key, parameters);
        } catch (InvalidKeyException e) {
            if (!chacha || mode != Cipher.DECRYPT_MODE) {
                throw e;
            }
            // JDK 17's ChaCha20 refuses an init with the same key and nonce as the instance's
            // previous init in either mode: a nonce-reuse guard that also trips when one
            // ciphertext is decrypted twice, or right after it was made. Reuse is harmless for
            // decryption, and a fresh instance has no previous init. (Encryption keeps the guard.)
            cipher = newCipher(CHACHA20_POLY1305_TRANSFORMATION);
            cipher.init(mode, key, parameters);
            local.set(cipher);
        }
        return cipher;
    }

    private static AlgorithmParameterSpec parameters(KeySpec spec, byte[] nonce, int offset) {
        return spec == KeySpec.CHACHA20_POLY1305
                ? new IvParameterSpec(nonce, offset, NONCE_LENGTH)
                : new GCMParameterSpec(TAG_LENGTH * 8, nonce, offset, NONCE_LENGTH);
    }

    private static Cipher newCipher(String transformation) {
        try {
            return Cipher.getInstance(transformation);
        } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
            throw new IllegalStateException(transformation + " is not available in this JDK", e);
        }
    }
}
