package dev.kms4j.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import dev.kms4j.ProviderConfig;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.server.KmsServer;
import dev.kms4j.server.config.ConfiguredServer;
import dev.kms4j.server.config.DevelopmentSetup;
import dev.kms4j.server.config.ServerConfigLoader;
import io.netty.channel.epoll.Epoll;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path as a user runs it: {@code kms server init}'s development set-up, the server
 * started from that config (mutual TLS on TCP, a Unix socket, tokens signed by its own KMS,
 * audit), and applications using the {@code kms4j} provider by classpath and key URI.
 */
class ServerEndToEndTest {
    @TempDir
    Path dir;

    private DevelopmentSetup.Result setup;
    private ConfiguredServer server;

    @BeforeEach
    void start() throws Exception {
        setup = DevelopmentSetup.write(dir.resolve("kms-dev"), 0);
        // These tests run one client id from many threads at full speed; the development client's
        // limit of 1,000 calls a second would throttle them (rate limits have their own tests in kms-server).
        String yaml = Files.readString(setup.config(), StandardCharsets.UTF_8);
        String limit = "    rate-limit: {permits: 1000, period: 1s}\n";
        assertThat(yaml).contains(limit);
        Files.writeString(setup.config(), yaml.replace(limit, ""), StandardCharsets.UTF_8);
        server = ConfiguredServer.open(ServerConfigLoader.load(setup.config(), Map.of()));
        server.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Path pki(String file) {
        return setup.config().getParent().resolve("pki").resolve(file);
    }

    private String clientSecret() throws Exception {
        return Files.readString(setup.clientSecretFile(), StandardCharsets.UTF_8).trim();
    }

    private Map<String, String> tcpSettings(int port) throws Exception {
        Map<String, String> s = new HashMap<>();
        s.put("target", "127.0.0.1:" + port);
        s.put("ca-cert", pki("ca.pem").toString());
        s.put("client-cert", pki(setup.clientId() + ".pem").toString());
        s.put("client-key", pki(setup.clientId() + "-key.pem").toString());
        s.put("client-id", setup.clientId());
        s.put("client-secret", clientSecret());
        s.put("timeout", "10s");
        return s;
    }

    private KmsManager remote(Map<String, String> settings) {
        return KmsManager.builder().enable("kms4j", ProviderConfig.of(settings)).build();
    }

    private KmsManager overTcp() throws Exception {
        return remote(tcpSettings(server.server().tcpPort().orElseThrow()));
    }

    @Test
    void anApplicationSignsAndEncryptsOverMutualTlsWithItsClientCredentials() throws Exception {
        try (KmsManager kms = overTcp()) {
            KeyRef signing = KeyRef.parse("kms4j://local/e2e-signing");
            KeyRef sealing = KeyRef.parse("kms4j://local/e2e-sealing");
            kms.createKey(signing, KeySpec.EC_P256);
            kms.createKey(sealing, KeySpec.AES_256);
            byte[] message = "pay 10 EUR to acme".getBytes(StandardCharsets.UTF_8);
            EncryptionContext context = EncryptionContext.of("tenant", "acme");

            byte[] signature = kms.sign(signing, SignatureAlgorithm.ECDSA_SHA256, message);
            byte[] ciphertext = kms.encrypt(sealing, message, context);

            assertThat(kms.verify(signing, SignatureAlgorithm.ECDSA_SHA256, message, signature)).isTrue();
            assertThat(kms.decrypt(sealing, ciphertext, context)).isEqualTo(message);
            assertThat(kms.health().anyDown()).isFalse();
        }
    }

    @Test
    void theUnixSocketServesTheSameKeys() throws Exception {
        assumeThat(Epoll.isAvailable()).as("Unix sockets need Netty's epoll transport on Linux").isTrue();
        Path socket = server.server().unixSocket().orElseThrow();
        Map<String, String> s = new HashMap<>();
        s.put("target", "unix:" + socket);
        s.put("client-id", setup.clientId());
        s.put("client-secret", clientSecret());
        KeyRef key = KeyRef.parse("kms4j://local/e2e-socket");
        try (KmsManager tcp = overTcp(); KmsManager unix = remote(s)) {
            tcp.createKey(key, KeySpec.AES_256);
            byte[] ciphertext = tcp.encrypt(key, new byte[] {1, 2, 3}, EncryptionContext.empty());

            assertThat(unix.decrypt(key, ciphertext, EncryptionContext.empty())).containsExactly(1, 2, 3);
        }
    }

    @Test
    void aWrongClientSecretIsUnauthenticated() throws Exception {
        Map<String, String> s = tcpSettings(server.server().tcpPort().orElseThrow());
        s.put("client-secret", "not-the-secret");
        try (KmsManager kms = remote(s)) {
            KmsException e = catchThrowableOfType(KmsException.class,
                    () -> kms.metadata(KeyRef.parse("kms4j://local/anything")));

            assertThat(e.code()).isEqualTo(KmsErrorCode.UNAUTHENTICATED);
            assertThat(e.getMessage()).doesNotContain("not-the-secret");
        }
    }

    @Test
    void sixteenClientsMakeOneThousandCallsEachWithoutAnErrorOrALostUpdate() throws Exception {
        KeyRef key = KeyRef.parse("kms4j://local/e2e-concurrent");
        int clients = 16;
        int calls = 1000;
        List<KmsManager> managers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            for (int c = 0; c < clients; c++) {
                managers.add(overTcp());
            }
            managers.get(0).createKey(key, KeySpec.AES_256);
            AtomicInteger errors = new AtomicInteger();
            java.util.Set<KmsErrorCode> errorCodes = java.util.concurrent.ConcurrentHashMap.newKeySet();
            AtomicInteger lost = new AtomicInteger();
            AtomicInteger roundTrips = new AtomicInteger();
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                KmsManager kms = managers.get(c);
                int client = c;
                done.add(pool.submit(() -> {
                    // 1,000 calls per client: each encryption is read back at once by a decryption
                    // under its own context, so a lost or crossed answer shows up.
                    for (int i = 0; i < calls / 2; i++) {
                        String id = client + "/" + i;
                        EncryptionContext context = EncryptionContext.of("item", id);
                        try {
                            byte[] ciphertext = kms.encrypt(key, id.getBytes(StandardCharsets.UTF_8), context);
                            String back = new String(kms.decrypt(key, ciphertext, context), StandardCharsets.UTF_8);
                            if (!back.equals(id)) {
                                lost.incrementAndGet();
                            }
                            roundTrips.incrementAndGet();
                        } catch (KmsException e) {
                            errors.incrementAndGet();
                            errorCodes.add(e.code());
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(5, TimeUnit.MINUTES);
            }

            assertThat(errors.get()).as("failed calls, codes %s", errorCodes).isZero();
            assertThat(lost.get()).isZero();
            assertThat(roundTrips.get()).isEqualTo(clients * calls / 2);
        } finally {
            pool.shutdownNow();
            managers.forEach(KmsManager::close);
        }
    }

    @Test
    void clientsKeepWorkingAcrossAServerRestart() throws Exception {
        KeyRef key = KeyRef.parse("kms4j://local/e2e-restart");
        int port = server.server().tcpPort().orElseThrow();
        // Restart on the same port, as a supervisor would; the config asks for a free port each time.
        Map<String, String> env = Map.of("KMS4J_SERVER_TCP_PORT", String.valueOf(port));
        server.close();
        server = ConfiguredServer.open(ServerConfigLoader.load(setup.config(), env));
        server.start();
        try (KmsManager kms = remote(tcpSettings(port))) {
            kms.createKey(key, KeySpec.AES_256);
            byte[] before = kms.encrypt(key, new byte[] {7}, EncryptionContext.empty());

            server.close();
            KmsException down = catchThrowableOfType(KmsException.class,
                    () -> kms.encrypt(key, new byte[] {8}, EncryptionContext.empty()));
            server = ConfiguredServer.open(ServerConfigLoader.load(setup.config(), env));
            KmsServer restarted = server.start();

            assertThat(down.code()).isEqualTo(KmsErrorCode.UNAVAILABLE);
            assertThat(down.isRetryable()).isTrue();
            assertThat(restarted.tcpPort()).contains(port);
            // The same manager reconnects by itself (gRPC's reconnect back-off is at most a few
            // seconds here), as a retrying caller sees it; keys live in the server's keystore, so
            // data from before the restart still decrypts.
            assertThat(retryWhileUnavailable(() -> kms.decrypt(key, before, EncryptionContext.empty()))).containsExactly(7);
        }
    }

    /** What a retrying caller does: try again on UNAVAILABLE, for at most 20 seconds. */
    private static <T> T retryWhileUnavailable(java.util.function.Supplier<T> call) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                return call.get();
            } catch (KmsException e) {
                if (e.code() != KmsErrorCode.UNAVAILABLE || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
