package dev.kms4j.bench;

import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsManager;
import dev.kms4j.ProviderConfig;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.resilience4j.Resilience;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
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
 * What the decorator chain costs when nothing fails: ECDSA P-256 sign and AES-256-GCM encrypt of a
 * 1 KiB message on the local provider (in memory), once through a bare {@code KmsManager}
 * ({@code bare*}, the baseline) and once through one wrapped with decorators ({@code decorated*}).
 * The target is a ratio decorated/bare of at least 0.95 with the full chain on.
 *
 * <p>Today the chain is the {@link Resilience} decorator with its defaults: deadline, retry
 * context, circuit breaker per provider (rate limit and concurrency limit are off by default).
 * Add the caching, access-policy, audit and observation decorators to {@link #decorated} as they
 * land so the number keeps measuring the whole chain.
 *
 * <p>Thread safety: both managers, the keys and the inputs are shared by all benchmark threads,
 * as in an application; the keys are never modified.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class DecoratorChainBenchmark {
    private static final KeyRef SIGNING_KEY = KeyRef.parse("local://bench-chain-ec-p256");
    private static final KeyRef ENCRYPTION_KEY = KeyRef.parse("local://bench-chain-aes-256");

    private byte[] message;
    private EncryptionContext context;

    private KmsManager bare;
    private KmsManager decorated;

    @Setup(Level.Trial)
    public void setUp() {
        message = LocalKms.randomBytes(1024);
        context = EncryptionContext.of(Map.of("tenant", "acme", "table", "payments.card_token"));

        bare = LocalKms.inMemory();
        decorated = decorated();
        for (KmsManager kms : new KmsManager[] {bare, decorated}) {
            kms.createKey(SIGNING_KEY, KeySpec.EC_P256);
            kms.createKey(ENCRYPTION_KEY, KeySpec.AES_256);
            // Measure the successful path only.
            Checks.require(kms.verify(SIGNING_KEY, SignatureAlgorithm.ECDSA_SHA256, message,
                    kms.sign(SIGNING_KEY, SignatureAlgorithm.ECDSA_SHA256, message)), "sign/verify round trip");
            Checks.require(java.security.MessageDigest.isEqual(message,
                    kms.decrypt(ENCRYPTION_KEY, kms.encrypt(ENCRYPTION_KEY, message, context), context)),
                    "encrypt/decrypt round trip");
        }
    }

    /** The local provider in memory, settings fixed as in {@link LocalKms}, behind the decorator chain. */
    private static KmsManager decorated() {
        ProviderConfig config = ProviderConfig.builder()
                .set("path", ":memory:")
                .systemProperties(new Properties())
                .environment(Map.of())
                .build();
        return KmsManager.builder()
                .enable("local", config)
                .decorate(Resilience.withDefaults())
                .build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            bare.close();
        } finally {
            decorated.close();
        }
    }

    @Benchmark
    public byte[] bareSign() {
        return bare.sign(SIGNING_KEY, SignatureAlgorithm.ECDSA_SHA256, message);
    }

    @Benchmark
    public byte[] decoratedSign() {
        return decorated.sign(SIGNING_KEY, SignatureAlgorithm.ECDSA_SHA256, message);
    }

    @Benchmark
    public byte[] bareEncrypt() {
        return bare.encrypt(ENCRYPTION_KEY, message, context);
    }

    @Benchmark
    public byte[] decoratedEncrypt() {
        return decorated.encrypt(ENCRYPTION_KEY, message, context);
    }
}
