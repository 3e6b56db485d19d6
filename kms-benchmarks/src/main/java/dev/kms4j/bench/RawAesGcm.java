package dev.kms4j.bench;

import java.security.DrbgParameters;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The raw JCE AES-256-GCM baseline of the envelope benchmarks, exactly as in
 * {@link AesGcm1KiBBenchmark}: one {@code AES/GCM/NoPadding} {@link Cipher} per thread,
 * re-initialised per call, a fresh 12-byte nonce from a per-thread NIST DRBG, output
 * {@code nonce | ciphertext | tag} in one array. Thread-safe (all state is per thread).
 */
final class RawAesGcm {
    private static final int NONCE_LENGTH = 12;
    private static final int TAG_BITS = 128;
    private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(() -> {
        try {
            return SecureRandom.getInstance("DRBG",
                    DrbgParameters.instantiation(256, DrbgParameters.Capability.RESEED_ONLY, null));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    private RawAesGcm() {
    }

    static byte[] encrypt(SecretKey key, byte[] plaintext, byte[] aad) throws GeneralSecurityException {
        byte[] nonce = new byte[NONCE_LENGTH];
        RANDOM.get().nextBytes(nonce);
        byte[] out = new byte[NONCE_LENGTH + plaintext.length + TAG_BITS / 8];
        System.arraycopy(nonce, 0, out, 0, NONCE_LENGTH);
        Cipher cipher = CIPHER.get();
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(aad);
        cipher.doFinal(plaintext, 0, plaintext.length, out, NONCE_LENGTH);
        return out;
    }

    static byte[] decrypt(SecretKey key, byte[] ciphertext, byte[] aad) throws GeneralSecurityException {
        Cipher cipher = CIPHER.get();
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, ciphertext, 0, NONCE_LENGTH));
        cipher.updateAAD(aad);
        return cipher.doFinal(ciphertext, NONCE_LENGTH, ciphertext.length - NONCE_LENGTH);
    }
}
