package dev.kms4j.local.internal;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Argon2id parameters and salt with which a passphrase became a keystore's master key. Stored in
 * the keystore metadata when the keystore is created; none of it is secret.
 *
 * <p>Bounds are enforced both for settings and for values read from a metadata file, so that a
 * damaged or hostile metadata file cannot make opening a keystore allocate unbounded memory.
 * Immutable and thread-safe.
 */
public final class KdfParameters {
    /** Default memory: 64 MiB. */
    public static final int DEFAULT_MEMORY_KIB = 64 * 1024;
    /** Default passes over memory. */
    public static final int DEFAULT_ITERATIONS = 3;
    /** Default lanes. */
    public static final int DEFAULT_PARALLELISM = 1;
    static final int SALT_LENGTH = 16;
    private static final int MAX_MEMORY_KIB = 4 * 1024 * 1024;
    private static final int MAX_ITERATIONS = 64;
    private static final int MAX_PARALLELISM = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int memoryKib;
    private final int iterations;
    private final int parallelism;
    private final byte[] salt;

    private KdfParameters(int memoryKib, int iterations, int parallelism, byte[] salt) {
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        this.parallelism = parallelism;
        this.salt = salt;
    }

    /**
     * Validated parameters.
     *
     * @throws KmsException {@code INVALID_ARGUMENT} if a value is out of bounds
     */
    public static KdfParameters of(int memoryKib, int iterations, int parallelism, byte[] salt) {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw invalid("kdf-parallelism must be between 1 and " + MAX_PARALLELISM);
        }
        // Argon2 needs at least 8 KiB per lane.
        if (memoryKib < 8 * parallelism || memoryKib > MAX_MEMORY_KIB) {
            throw invalid("kdf-memory-kib must be between " + 8 * parallelism + " and " + MAX_MEMORY_KIB);
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw invalid("kdf-iterations must be between 1 and " + MAX_ITERATIONS);
        }
        if (salt == null || salt.length != SALT_LENGTH) {
            throw invalid("the KDF salt must be " + SALT_LENGTH + " bytes");
        }
        return new KdfParameters(memoryKib, iterations, parallelism, salt.clone());
    }

    /** The given cost with a fresh random salt. */
    public static KdfParameters withNewSalt(int memoryKib, int iterations, int parallelism) {
        byte[] salt = new byte[SALT_LENGTH];
        RANDOM.nextBytes(salt);
        return of(memoryKib, iterations, parallelism, salt);
    }

    /** The same cost as this, with a fresh random salt. */
    public KdfParameters withNewSalt() {
        return withNewSalt(memoryKib, iterations, parallelism);
    }

    public int memoryKib() {
        return memoryKib;
    }

    public int iterations() {
        return iterations;
    }

    public int parallelism() {
        return parallelism;
    }

    /** A copy of the salt. */
    public byte[] salt() {
        return salt.clone();
    }

    String saltBase64() {
        return Base64.getEncoder().encodeToString(salt);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KdfParameters
                && ((KdfParameters) o).memoryKib == memoryKib
                && ((KdfParameters) o).iterations == iterations
                && ((KdfParameters) o).parallelism == parallelism
                && Arrays.equals(((KdfParameters) o).salt, salt);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * memoryKib + iterations) + parallelism) + Arrays.hashCode(salt);
    }

    @Override
    public String toString() {
        return "Argon2id[m=" + memoryKib + "KiB, t=" + iterations + ", p=" + parallelism + "]";
    }

    private static KmsException invalid(String message) {
        return new KmsException(KmsErrorCode.INVALID_ARGUMENT, message);
    }
}
