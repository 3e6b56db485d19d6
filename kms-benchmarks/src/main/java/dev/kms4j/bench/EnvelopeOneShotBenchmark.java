package dev.kms4j.bench;

import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsManager;
import dev.kms4j.envelope.DekCacheOptions;
import dev.kms4j.envelope.Envelope;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One-shot envelope encryption against raw JCE AES-256-GCM ({@link RawAesGcm}) over the same
 * plaintext and the same amount of associated data (the envelope's 10 fixed header bytes plus the
 * encoded two-entry context). Issue rows: "1 MiB one-shot ≥ 90 % of raw" ({@code size=1048576},
 * {@code envelopeFreshDek*}: a new DEK per message from the local KEK, as without a cache) and
 * "1 KiB with a cached DEK ≥ 85 % of raw" ({@code size=1024}, {@code envelopeCached*}), plus the
 * two-thread variants for "two threads ≥ 1.8× one thread on the cached path".
 *
 * <p>Thread safety: the {@code KmsManager} and envelopes are shared by all benchmark threads.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class EnvelopeOneShotBenchmark {
    @Param({"1024", "1048576"})
    public int size;

    private byte[] plaintext;
    private EncryptionContext context;
    private KmsManager kms;
    private Envelope fresh;
    private Envelope cached;
    private byte[] freshCiphertext;
    private byte[] cachedCiphertext;
    private SecretKey rawKey;
    private byte[] rawAad;
    private byte[] rawCiphertext;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        plaintext = LocalKms.randomBytes(size);
        context = EncryptionContext.of(Map.of("tenant", "acme", "table", "payments.card_token"));
        kms = LocalKms.inMemory();
        KeyRef kek = kms.createKey(KeyRef.parse("local://bench-envelope"), KeySpec.AES_256);
        fresh = Envelope.builder(kms).kek(kek).build();
        // Limits far above what a run uses, so every measured call is a hit.
        cached = Envelope.builder(kms).kek(kek)
                .dekCache(DekCacheOptions.builder().maxAge(Duration.ofHours(12)).build())
                .build();
        freshCiphertext = fresh.encrypt(plaintext, context);
        cachedCiphertext = cached.encrypt(plaintext, context);
        cached.decrypt(cachedCiphertext, context); // fills the decryption cache

        rawKey = new SecretKeySpec(LocalKms.randomBytes(32), "AES");
        byte[] contextAad = context.toAad();
        rawAad = new byte[10 + contextAad.length];
        System.arraycopy(contextAad, 0, rawAad, 10, contextAad.length);
        rawCiphertext = rawEncrypt();

        Checks.require(MessageDigest.isEqual(fresh.decrypt(freshCiphertext, context), plaintext), "envelope round trip");
        Checks.require(MessageDigest.isEqual(envelopeCachedDecrypt(), plaintext), "cached envelope round trip");
        Checks.require(MessageDigest.isEqual(rawDecrypt(), plaintext), "raw round trip");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        cached.close();
        kms.close();
    }

    @Benchmark
    public byte[] envelopeFreshDekEncrypt() {
        return fresh.encrypt(plaintext, context);
    }

    @Benchmark
    public byte[] envelopeFreshDekDecrypt() {
        return fresh.decrypt(freshCiphertext, context);
    }

    @Benchmark
    public byte[] envelopeCachedEncrypt() {
        return cached.encrypt(plaintext, context);
    }

    @Benchmark
    public byte[] envelopeCachedDecrypt() {
        return cached.decrypt(cachedCiphertext, context);
    }

    @Benchmark
    public byte[] rawEncrypt() throws GeneralSecurityException {
        return RawAesGcm.encrypt(rawKey, plaintext, rawAad);
    }

    @Benchmark
    public byte[] rawDecrypt() throws GeneralSecurityException {
        return RawAesGcm.decrypt(rawKey, rawCiphertext, rawAad);
    }

    @Benchmark
    @Threads(2)
    public byte[] envelopeCachedEncryptTwoThreads() {
        return cached.encrypt(plaintext, context);
    }

    @Benchmark
    @Threads(2)
    public byte[] rawEncryptTwoThreads() throws GeneralSecurityException {
        return RawAesGcm.encrypt(rawKey, plaintext, rawAad);
    }
}
