package dev.kms4j.bench;

import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsManager;
import dev.kms4j.ProviderConfig;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.server.config.ConfiguredServer;
import dev.kms4j.server.config.DevelopmentSetup;
import dev.kms4j.server.config.ServerConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * Sign (ECDSA P-256) and encrypt (AES-256-GCM, 1 KiB, one-entry context) through the
 * {@code kms4j} remote provider against a kms4j server running in the same JVM, as
 * {@code kms server init} sets one up: tokens signed by the server's own key and checked on every
 * call, key access policy, and the hash-chained audit file forced to disk after every record
 * (concurrent callers share forces); only the development client's rate limit is taken out.
 * {@code transport}: {@code in-process} (the baseline: the local provider in this JVM, in memory,
 * no server), {@code unix} (the server's Unix socket) or {@code tcp-mtls} (loopback TCP with TLS
 * 1.3 and a client certificate). Run in {@code SampleTime} mode as well for p50/p99 latencies.
 *
 * <p>Client and server share this machine's cores, so the remote rows include the server's work;
 * the audit file's {@code fsync} per call is on the server's path and is part of what is measured.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class RemoteProvider1KiBBenchmark {
    private static final String RATE_LIMIT = "    rate-limit: {permits: 1000, period: 1s}\n";

    @Param({"in-process", "unix", "tcp-mtls"})
    public String transport;

    private Path dir;
    private ConfiguredServer server;
    private KmsManager kms;
    private KeyRef signingKey;
    private KeyRef encryptionKey;
    private byte[] message;
    private EncryptionContext context;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        message = LocalKms.randomBytes(1024);
        context = EncryptionContext.of("tenant", "acme");
        if (transport.equals("in-process")) {
            kms = KmsManager.builder().enable("local", ProviderConfig.builder().set("path", ":memory:")
                    .systemProperties(new Properties()).environment(Map.of()).build()).build();
            signingKey = KeyRef.parse("local://bench-remote-ec");
            encryptionKey = KeyRef.parse("local://bench-remote-aes");
        } else {
            dir = Files.createTempDirectory("kms4j-bench-server");
            DevelopmentSetup.Result setup = DevelopmentSetup.write(dir.resolve("server"), 0);
            // The development client is limited to 1,000 calls a second; the benchmark measures the
            // server, not the limiter.
            String yaml = Files.readString(setup.config(), StandardCharsets.UTF_8);
            Checks.require(yaml.contains(RATE_LIMIT), "the development config's rate limit line");
            Files.writeString(setup.config(), yaml.replace(RATE_LIMIT, ""), StandardCharsets.UTF_8);
            server = ConfiguredServer.open(ServerConfigLoader.load(setup.config(), Map.of()));
            server.start();
            kms = KmsManager.builder().enable("kms4j", ProviderConfig.builder().setAll(clientSettings(setup))
                    .systemProperties(new Properties()).environment(Map.of()).build()).build();
            signingKey = KeyRef.parse("kms4j://local/bench-remote-ec");
            encryptionKey = KeyRef.parse("kms4j://local/bench-remote-aes");
        }
        kms.createKey(signingKey, KeySpec.EC_P256);
        kms.createKey(encryptionKey, KeySpec.AES_256);
        Checks.require(kms.verify(signingKey, SignatureAlgorithm.ECDSA_SHA256, message, sign()), "sign/verify round trip");
        Checks.require(MessageDigest.isEqual(kms.decrypt(encryptionKey, encrypt(), context), message),
                "encrypt/decrypt round trip");
    }

    private Map<String, String> clientSettings(DevelopmentSetup.Result setup) throws IOException {
        Path pki = setup.config().getParent().resolve("pki");
        Map<String, String> s = new HashMap<>();
        s.put("client-id", setup.clientId());
        s.put("client-secret", Files.readString(setup.clientSecretFile(), StandardCharsets.UTF_8).trim());
        s.put("timeout", "10s");
        if (transport.equals("unix")) {
            s.put("target", "unix:" + server.server().unixSocket().orElseThrow());
        } else {
            s.put("target", "127.0.0.1:" + server.server().tcpPort().orElseThrow());
            s.put("ca-cert", pki.resolve("ca.pem").toString());
            s.put("client-cert", pki.resolve(setup.clientId() + ".pem").toString());
            s.put("client-key", pki.resolve(setup.clientId() + "-key.pem").toString());
        }
        return s;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        kms.close();
        if (server != null) {
            server.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }

    @Benchmark
    public byte[] sign() {
        return kms.sign(signingKey, SignatureAlgorithm.ECDSA_SHA256, message);
    }

    @Benchmark
    public byte[] encrypt() {
        return kms.encrypt(encryptionKey, message, context);
    }
}
