package dev.kms4j.bench;

import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsManager;
import java.nio.file.Path;
import java.security.DrbgParameters;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * AES-256-GCM of a 1 KiB message with a two-entry encryption context: {@code KmsManager.encrypt}
 * and {@code decrypt} on the local provider next to the primitive that provider uses.
 *
 * <p>The baseline is exactly the local provider's primitive (see its {@code AeadCiphers}): the
 * JCE's {@code AES/GCM/NoPadding} (AES-NI and CLMUL intrinsics) through a thread-confined
 * {@link Cipher}, re-initialised per call, 12-byte nonce, 128-bit tag. Per call it does what a
 * careful user of AES-GCM must do and nothing more:
 * <ul>
 *   <li>encrypt: a fresh random nonce, drawn from a per-thread NIST DRBG (the same generator
 *       kind the provider uses, and the idiomatic way to avoid the JDK's globally locked default
 *       generator), written into one output array {@code nonce | ciphertext | tag}, then
 *       {@code init}, {@code updateAAD}, {@code doFinal} into that array;</li>
 *   <li>decrypt: read the nonce from the input, {@code init}, {@code updateAAD}, {@code doFinal}.</li>
 * </ul>
 * The baseline's associated data is precomputed and as long as the provider's (its fixed
 * key/version prefix plus the encoded context), so both sides authenticate the same number of
 * bytes. What the ratio then shows is what kms4j adds: routing, key lookup, state checks, the
 * 5-byte version header, and encoding the context per call.
 *
 * <p>The on-disk variant runs the same encryption against a keystore directory: the hot path
 * must not touch the disk, so it should match the in-memory number.
 *
 * <p>Thread safety: the {@code KmsManager}, key and inputs are shared by all benchmark threads,
 * as in an application; raw {@code Cipher}s and generators are per thread.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class AesGcm1KiBBenchmark {
    private static final int NONCE_LENGTH = 12;
    private static final int TAG_BITS = 128;
    private static final String KEY_URI = "local://bench-aes-256";
    /** What the local provider puts before the context in its associated data: label, 0x00, id length, id, format, version. */
    private static final int PROVIDER_AAD_PREFIX_LENGTH = "kms4j-local/encrypt/v1".length() + 1 + 1
            + "bench-aes-256".length() + 5;

    private static final ThreadLocal<Cipher> RAW_CIPHER = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });
    private static final ThreadLocal<SecureRandom> RAW_RANDOM = ThreadLocal.withInitial(() -> {
        try {
            return SecureRandom.getInstance("DRBG",
                    DrbgParameters.instantiation(256, DrbgParameters.Capability.RESEED_ONLY, null));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    private byte[] plaintext;
    private EncryptionContext context;

    private KmsManager kms;
    private KeyRef key;
    private byte[] kmsCiphertext;

    private SecretKey rawKey;
    private byte[] rawAad;
    private byte[] rawCiphertext;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        plaintext = LocalKms.randomBytes(1024);
        context = EncryptionContext.of(Map.of("tenant", "acme", "table", "payments.card_token"));

        kms = LocalKms.inMemory();
        key = kms.createKey(KeyRef.parse(KEY_URI), KeySpec.AES_256);
        kmsCiphertext = kms.encrypt(key, plaintext, context);

        rawKey = new SecretKeySpec(LocalKms.randomBytes(32), "AES");
        // A raw AES-GCM user with a fixed context computes its associated data once. The prefix's
        // content does not matter for the cost, only its length.
        byte[] contextAad = context.toAad();
        rawAad = new byte[PROVIDER_AAD_PREFIX_LENGTH + contextAad.length];
        System.arraycopy(contextAad, 0, rawAad, PROVIDER_AAD_PREFIX_LENGTH, contextAad.length);
        rawCiphertext = rawEncrypt();

        Checks.require(MessageDigest.isEqual(kms4jDecrypt(), plaintext), "kms4j decrypt of its own ciphertext");
        Checks.require(MessageDigest.isEqual(rawDecrypt(), plaintext), "raw decrypt of its own ciphertext");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        kms.close();
    }

    @Benchmark
    public byte[] kms4jEncrypt() {
        return kms.encrypt(key, plaintext, context);
    }

    @Benchmark
    public byte[] kms4jDecrypt() {
        return kms.decrypt(key, kmsCiphertext, context);
    }

    @Benchmark
    public byte[] kms4jEncryptOnDisk(OnDisk disk) {
        return disk.kms.encrypt(disk.key, plaintext, context);
    }

    @Benchmark
    public byte[] rawEncrypt() throws GeneralSecurityException {
        byte[] nonce = new byte[NONCE_LENGTH];
        RAW_RANDOM.get().nextBytes(nonce);
        byte[] out = new byte[NONCE_LENGTH + plaintext.length + TAG_BITS / 8];
        System.arraycopy(nonce, 0, out, 0, NONCE_LENGTH);
        Cipher cipher = RAW_CIPHER.get();
        cipher.init(Cipher.ENCRYPT_MODE, rawKey, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(rawAad);
        cipher.doFinal(plaintext, 0, plaintext.length, out, NONCE_LENGTH);
        return out;
    }

    @Benchmark
    public byte[] rawDecrypt() throws GeneralSecurityException {
        Cipher cipher = RAW_CIPHER.get();
        cipher.init(Cipher.DECRYPT_MODE, rawKey, new GCMParameterSpec(TAG_BITS, rawCiphertext, 0, NONCE_LENGTH));
        cipher.updateAAD(rawAad);
        return cipher.doFinal(rawCiphertext, NONCE_LENGTH, rawCiphertext.length - NONCE_LENGTH);
    }

    /** The same encryption on a keystore directory with a random master key; deleted afterwards. */
    @State(Scope.Benchmark)
    public static class OnDisk {
        private Path dir;
        private KmsManager kms;
        private KeyRef key;

        @Setup(Level.Trial)
        public void setUp() {
            dir = LocalKms.tempDirectory();
            kms = LocalKms.onDisk(dir.resolve("keystore"));
            key = kms.createKey(KeyRef.parse(KEY_URI), KeySpec.AES_256);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            try {
                kms.close();
            } finally {
                LocalKms.deleteTree(dir);
            }
        }
    }
}
