package dev.kms4j.local.internal;

import java.nio.charset.StandardCharsets;
import java.security.DrbgParameters;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The randomness for nonces, key generation, RFC 8017 padding salts and blinding.
 *
 * <p>Why not one shared {@code new SecureRandom()}: on Linux that is NativePRNG, whose
 * {@code nextBytes} takes a process-wide lock, so concurrent encrypt calls would queue on it. Here a
 * fixed number of independently seeded NIST SP 800-90A DRBGs (the JDK's {@code DRBG}, Hash_DRBG with
 * SHA-256 at 256-bit strength, reseeding from the system entropy source) are spread over threads
 * by the thread's identity hash, so two threads rarely share one and there is no global lock. A
 * stripe array rather than a {@link ThreadLocal} keeps the number of generators bounded when there
 * are very many (for example virtual) threads.
 *
 * <p>Thread-safe: each DRBG is itself synchronized. Output is secret; never log it.
 */
final class SecureRandoms {
    private static final int STRIPES = 64;
    private static final byte[] PERSONALIZATION = "kms4j-local".getBytes(StandardCharsets.US_ASCII);
    private static final AtomicReferenceArray<SecureRandom> GENERATORS = new AtomicReferenceArray<>(STRIPES);

    private SecureRandoms() {
    }

    /** A generator for the calling thread; use it right away rather than keeping it. */
    static SecureRandom current() {
        int h = System.identityHashCode(Thread.currentThread());
        int stripe = (h ^ (h >>> 16)) & (STRIPES - 1);
        SecureRandom r = GENERATORS.get(stripe);
        if (r == null) {
            r = newGenerator();
            if (!GENERATORS.compareAndSet(stripe, null, r)) {
                r = GENERATORS.get(stripe);
            }
        }
        return r;
    }

    /** {@code length} fresh random bytes; secret when used as key material. */
    static byte[] bytes(int length) {
        byte[] b = new byte[length];
        current().nextBytes(b);
        return b;
    }

    private static SecureRandom newGenerator() {
        try {
            return SecureRandom.getInstance("DRBG",
                    DrbgParameters.instantiation(256, DrbgParameters.Capability.RESEED_ONLY, PERSONALIZATION));
        } catch (NoSuchAlgorithmException e) {
            // Every JDK since 9 has DRBG; a stripped-down security configuration may not.
            return new SecureRandom();
        }
    }
}
