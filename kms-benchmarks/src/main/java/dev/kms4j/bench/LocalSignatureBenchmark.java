package dev.kms4j.bench;

import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsManager;
import dev.kms4j.SignatureAlgorithm;
import java.util.Locale;
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
 * The kms4j side of a local signature benchmark: {@code KmsManager.sign/verify} over a 1 KiB
 * message on the local provider (in memory). Each subclass adds the raw baseline of the
 * primitive the provider uses for its key spec; JMH runs the inherited {@code kms4jSign} and
 * {@code kms4jVerify} under the subclass's name, next to its {@code rawSign} and {@code rawVerify}.
 *
 * <p>Thread safety: state shared by all benchmark threads ({@link Scope#Benchmark}), as an
 * application shares one {@code KmsManager}; the keys are never modified.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public abstract class LocalSignatureBenchmark {
    private final KeySpec spec;
    private final SignatureAlgorithm algorithm;

    /** The 1 KiB message both sides sign. */
    protected byte[] message;

    private KmsManager kms;
    private KeyRef key;
    private byte[] kmsSignature;

    protected LocalSignatureBenchmark(KeySpec spec, SignatureAlgorithm algorithm) {
        this.spec = spec;
        this.algorithm = algorithm;
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        message = LocalKms.randomBytes(1024);

        kms = LocalKms.inMemory();
        key = kms.createKey(KeyRef.parse("local://bench-" + spec.name().toLowerCase(Locale.ROOT)), spec);
        kmsSignature = kms.sign(key, algorithm, message);
        // Measure the successful path only: a benchmark of a failing verify would prove nothing.
        Checks.require(kms4jVerify(), "kms4j verify of its own signature");

        setUpRaw();
    }

    /** Creates the baseline's own key and signature, and checks that the baseline verifies it. */
    protected abstract void setUpRaw() throws Exception;

    @TearDown(Level.Trial)
    public void tearDown() {
        kms.close();
    }

    @Benchmark
    public byte[] kms4jSign() {
        return kms.sign(key, algorithm, message);
    }

    @Benchmark
    public boolean kms4jVerify() {
        return kms.verify(key, algorithm, message, kmsSignature);
    }
}
