package dev.kms4j.server.auth;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * A client secret's stored hash: bcrypt ({@code $2a$}, {@code $2b$}, {@code $2y$}, through Bouncy
 * Castle's {@link OpenBSDBCrypt}) or Argon2id in the PHC string form
 * {@code $argon2id$v=19$m=KIB,t=ITERATIONS,p=LANES$SALT$HASH} (unpadded standard Base64, through
 * {@link Argon2BytesGenerator}). The server never stores or compares a plaintext secret.
 *
 * <p>{@link #matches(byte[])} does the full hash computation and compares in constant time.
 * {@link #sameWork()} gives a hash of the same kind and cost that no secret matches, which the
 * authenticator checks for an unknown client id so that unknown and known ids take the same time.
 *
 * <p>Immutable and thread-safe. The hash string is not secret in the sense of a password, but it
 * allows offline guessing: {@link #toString()} does not print it.
 */
public final class SecretHash {
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");
    private static final Pattern ARGON2ID = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,8}),t=(\\d{1,3}),p=(\\d{1,3})\\$([A-Za-z0-9+/]{11,})\\$([A-Za-z0-9+/]{22,})");
    private static final int MIN_BCRYPT_COST = 4;
    private static final int MAX_BCRYPT_COST = 31;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String encoded;
    private final boolean bcrypt;
    private final int cost;
    private final int memoryKib;
    private final int iterations;
    private final int parallelism;
    private final byte[] salt;
    private final byte[] hash;

    private SecretHash(String encoded, boolean bcrypt, int cost, int memoryKib, int iterations, int parallelism,
            byte[] salt, byte[] hash) {
        this.encoded = encoded;
        this.bcrypt = bcrypt;
        this.cost = cost;
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        this.parallelism = parallelism;
        this.salt = salt;
        this.hash = hash;
    }

    /**
     * Parses a stored hash.
     *
     * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} if it is neither a bcrypt hash nor
     *     an Argon2id PHC string (the message does not repeat the value)
     */
    public static SecretHash parse(String encoded) {
        if (encoded == null) {
            throw invalid("a secret hash is required");
        }
        String s = encoded.trim();
        Matcher b = BCRYPT.matcher(s);
        if (b.matches()) {
            int cost = Integer.parseInt(b.group(1));
            if (cost < MIN_BCRYPT_COST || cost > MAX_BCRYPT_COST) {
                throw invalid("bcrypt cost must be between 4 and 31");
            }
            return new SecretHash(s, true, cost, 0, 0, 0, null, null);
        }
        Matcher a = ARGON2ID.matcher(s);
        if (a.matches()) {
            int m = Integer.parseInt(a.group(1));
            int t = Integer.parseInt(a.group(2));
            int p = Integer.parseInt(a.group(3));
            if (t < 1 || p < 1 || m < 8 * p) {
                throw invalid("argon2id parameters are out of range (t >= 1, p >= 1, m >= 8p)");
            }
            byte[] salt;
            byte[] hash;
            try {
                salt = Base64.getDecoder().decode(a.group(4));
                hash = Base64.getDecoder().decode(a.group(5));
            } catch (IllegalArgumentException e) {
                throw invalid("argon2id salt or hash is not Base64");
            }
            if (salt.length < 8 || hash.length < 16) {
                throw invalid("argon2id salt must be at least 8 bytes and the hash at least 16");
            }
            return new SecretHash(s, false, 0, m, t, p, salt, hash);
        }
        throw invalid("a secret hash must be bcrypt ($2a$/$2b$/$2y$) or an Argon2id PHC string ($argon2id$v=19$...)");
    }

    /** A new bcrypt hash of {@code secret} with a random salt (for set-up tools and tests). */
    public static String bcrypt(char[] secret, int cost) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return OpenBSDBCrypt.generate("2y", secret, salt, cost);
    }

    /** A new Argon2id PHC string for {@code secret} with a random 16-byte salt and a 32-byte hash. */
    public static String argon2id(byte[] secret, int memoryKib, int iterations, int parallelism) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] out = argon2(secret, salt, memoryKib, iterations, parallelism, 32);
        Base64.Encoder enc = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "$"
                + enc.encodeToString(salt) + "$" + enc.encodeToString(out);
    }

    /**
     * Whether {@code secret} (UTF-8 bytes; not kept, not changed) hashes to this value. Runs the full
     * hash computation; the final comparison is constant-time.
     */
    public boolean matches(byte[] secret) {
        if (bcrypt) {
            // OpenBSDBCrypt compares the recomputed hash in constant time.
            return OpenBSDBCrypt.checkPassword(encoded, secret);
        }
        byte[] computed = argon2(secret, salt, memoryKib, iterations, parallelism, hash.length);
        try {
            return MessageDigest.isEqual(computed, hash);
        } finally {
            Arrays.fill(computed, (byte) 0);
        }
    }

    /** A hash of the same kind and cost over a random secret: checking it costs what checking this does. */
    public SecretHash sameWork() {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        char[] chars = Base64.getEncoder().encodeToString(random).toCharArray();
        try {
            if (bcrypt) {
                return parse(bcrypt(chars, cost));
            }
            return parse(argon2id(random, memoryKib, iterations, parallelism));
        } finally {
            Arrays.fill(random, (byte) 0);
            Arrays.fill(chars, '\0');
        }
    }

    /**
     * What checking this hash costs, as kind and parameters without salt or hash, for example
     * {@code bcrypt cost 10} or {@code argon2id m=65536,t=3,p=1}. Not secret. Two hashes with the
     * same work factor take the same time to check.
     */
    public String workFactor() {
        return bcrypt ? "bcrypt cost " + cost
                : "argon2id m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism;
    }

    /** The algorithm name, {@code bcrypt} or {@code argon2id}. */
    public String algorithm() {
        return bcrypt ? "bcrypt" : "argon2id";
    }

    private static byte[] argon2(byte[] secret, byte[] salt, int m, int t, int p, int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(m).withIterations(t).withParallelism(p).withSalt(salt).build();
        Argon2BytesGenerator gen = new Argon2BytesGenerator();
        gen.init(params);
        byte[] out = new byte[length];
        gen.generateBytes(secret, out);
        return out;
    }

    private static KmsException invalid(String message) {
        return new KmsException(KmsErrorCode.INVALID_ARGUMENT, message);
    }

    @Override
    public String toString() {
        return "SecretHash[" + algorithm() + "]";
    }
}
