package dev.kms4j.bench;

import dev.kms4j.CallerContext;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsManager;
import dev.kms4j.KmsOperation;
import dev.kms4j.ProviderConfig;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.audit.AsyncAuditSink;
import dev.kms4j.audit.AuditDecorator;
import dev.kms4j.cache.KeyCacheDecorator;
import dev.kms4j.micrometer.MicrometerMetrics;
import dev.kms4j.opentelemetry.OpenTelemetryTracing;
import dev.kms4j.policy.KeyAccessPolicy;
import dev.kms4j.resilience4j.Resilience;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.EnumSet;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the decorator chain costs when nothing fails: ECDSA P-256 sign and AES-256-GCM encrypt of a
 * 1 KiB message on the local provider (in memory), through a {@code KmsManager} with the layers
 * named by {@code layers}: {@code none} (the baseline), one decorator alone ({@code resilience},
 * {@code cache}, {@code policy}, {@code audit}, {@code metrics}, {@code tracing}), or {@code all}.
 * The target is a ratio all/none of at least 0.95; the single-layer rows say where the
 * cost is.
 *
 * <p>Each layer with its defaults: {@link Resilience} (deadline, retry context, circuit breaker
 * per provider), the key cache, a key access policy (one rule, so each call is matched and
 * allowed), audit records (rendered as their JSON line by the sink, then dropped: the cost of
 * kms4j, not of a disk; {@code audit} and {@code all} put an {@link AsyncAuditSink} in front of
 * that sink, the setting {@code docs/operations.md} recommends for fast operations, and
 * {@code audit-sync} renders on the calling thread), Micrometer metrics into a {@link SimpleMeterRegistry}, and
 * OpenTelemetry spans from an SDK tracer that samples every span (no exporter: exporting is the
 * application's cost). Every call runs as a named caller, in every configuration, so the caller
 * scope is in the baseline too.
 *
 * <p>Thread safety: the manager, the keys and the inputs are shared by all benchmark threads, as
 * in an application; the keys are never modified.
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

    @Param({"none", "resilience", "cache", "policy", "audit-sync", "audit", "metrics", "tracing", "all"})
    public String layers;

    private byte[] message;
    private EncryptionContext context;
    private KmsManager kms;
    private AsyncAuditSink auditSink;

    @Setup(Level.Trial)
    public void setUp() {
        message = LocalKms.randomBytes(1024);
        context = EncryptionContext.of(Map.of("tenant", "acme", "table", "payments.card_token"));
        kms = manager(layers);
        try (CallerContext.Scope caller = CallerContext.principal("bench")) {
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

    /** The local provider in memory, settings fixed as in {@link LocalKms}, behind the named layers. */
    private KmsManager manager(String layers) {
        ProviderConfig config = ProviderConfig.builder()
                .set("path", ":memory:")
                .systemProperties(new Properties())
                .environment(Map.of())
                .build();
        KmsManager.Builder b = KmsManager.builder().enable("local", config);
        boolean all = layers.equals("all");
        if (all || layers.equals("resilience")) {
            b.decorate(Resilience.withDefaults());
        }
        if (all || layers.equals("cache")) {
            b.decorate(KeyCacheDecorator.builder().build());
        }
        if (all || layers.equals("policy")) {
            b.decorate(KeyAccessPolicy.builder()
                    .allow("principal:bench", EnumSet.allOf(KmsOperation.class), "local://**")
                    .build().asDecorator());
        }
        if (layers.equals("audit-sync")) {
            b.decorate(AuditDecorator.builder().sink(record -> record.toJson()).build());
        }
        if (all || layers.equals("audit")) {
            auditSink = AsyncAuditSink.wrap(record -> record.toJson());
            b.decorate(AuditDecorator.builder().sink(auditSink).build());
        }
        if (all || layers.equals("metrics")) {
            b.decorate(MicrometerMetrics.of(new SimpleMeterRegistry()));
        }
        if (all || layers.equals("tracing")) {
            b.decorate(OpenTelemetryTracing.of(OpenTelemetrySdk.builder()
                    .setTracerProvider(SdkTracerProvider.builder().setSampler(Sampler.alwaysOn()).build())
                    .build()));
        }
        return b.build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        kms.close();
        if (auditSink != null) {
            auditSink.close();
        }
    }

    @Benchmark
    public byte[] sign() {
        try (CallerContext.Scope caller = CallerContext.principal("bench")) {
            return kms.sign(SIGNING_KEY, SignatureAlgorithm.ECDSA_SHA256, message);
        }
    }

    @Benchmark
    public byte[] encrypt() {
        try (CallerContext.Scope caller = CallerContext.principal("bench")) {
            return kms.encrypt(ENCRYPTION_KEY, message, context);
        }
    }
}
