package dev.kms4j.envelope.internal;

import java.security.DrbgParameters;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * Random AES-GCM nonces from a per-thread NIST SP 800-90A DRBG (SHA-256 Hash_DRBG, 256-bit
 * strength, seeded by the JDK from the OS). Per thread because the JDK's default
 * {@code NativePRNG} serialises all threads on one lock, which would cap the cached-DEK path at
 * one core. Thread-safe.
 */
public final class Nonces {
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(Nonces::newDrbg);

    private Nonces() {
    }

    private static SecureRandom newDrbg() {
        try {
            return SecureRandom.getInstance("DRBG",
                    DrbgParameters.instantiation(256, DrbgParameters.Capability.RESEED_ONLY, null));
        } catch (GeneralSecurityException e) {
            // Every Java 17 runtime has DRBG; fall back to the platform default rather than fail.
            return new SecureRandom();
        }
    }

    /** {@code length} fresh random bytes. */
    public static byte[] random(int length) {
        byte[] b = new byte[length];
        RANDOM.get().nextBytes(b);
        return b;
    }
}
