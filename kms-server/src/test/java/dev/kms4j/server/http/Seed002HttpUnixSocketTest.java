package dev.kms4j.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.kms4j.Caller;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import dev.kms4j.ProviderConfig;
import dev.kms4j.envelope.store.EntityEncryptor;
import dev.kms4j.envelope.store.InMemoryDekStore;
import io.netty.channel.epoll.Epoll;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The endpoints over the Unix domain socket, spoken to with raw HTTP/1.1 as the seed's Go client does. */
class Seed002HttpUnixSocketTest {
    @TempDir
    Path dir;

    private KmsManager kms;
    private InMemoryDekStore store;
    private EntityEncryptor encryptor;
    private Seed002HttpServer server;
    private Path socket;

    @BeforeEach
    void setUp() {
        assumeTrue(Epoll.isAvailable(), () -> "skipped: Netty native epoll is not available here ("
                + Epoll.unavailabilityCause() + "); Unix sockets need it");
        kms = KmsManager.builder().enable("local", ProviderConfig.of(Map.of("path", ":memory:"))).build();
        KeyRef kek = kms.createKey(KeyRef.of("local", "threads"), KeySpec.AES_256);
        store = new InMemoryDekStore();
        encryptor = EntityEncryptor.builder(kms, kek, store).build();
        socket = dir.resolve("kms.sock");
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
        if (kms != null) {
            encryptor.close();
            store.close();
            kms.close();
        }
    }

    private Seed002HttpServer start(HttpAuthenticator authenticator) {
        Seed002HttpServer.Builder b = Seed002HttpServer.builder(encryptor).unixSocket(socket);
        if (authenticator != null) {
            b.authenticator(authenticator);
        }
        server = b.build().start();
        return server;
    }

    private static JsonObject json(RawHttp.Response response) {
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    @Test
    void seedFlowCreateEncryptDecryptGetWrappedWorksOverTheUnixSocket() throws Exception {
        start(null);
        try (RawHttp http = new RawHttp(socket)) {
            RawHttp.Response created = http.post("/create_dek_for_thread", "{\"thread_id\":\"thread-7\"}");
            String keyId = json(created).get("key_id").getAsString();
            String plaintext = Base64.getEncoder().encodeToString("over the socket".getBytes(StandardCharsets.UTF_8));
            String ciphertext = json(http.post("/encrypt", "{\"key_id\":\"" + keyId + "\",\"plaintext\":\"" + plaintext + "\"}"))
                    .get("ciphertext").getAsString();
            RawHttp.Response decrypted = http.post("/decrypt", "{\"key_id\":\"" + keyId + "\",\"ciphertext\":\"" + ciphertext + "\"}");
            RawHttp.Response wrapped = http.get("/get_wrapped?key_id=" + keyId);

            assertThat(created.status()).isEqualTo(200);
            assertThat(keyId).isEqualTo("k_thread-7");
            assertThat(decrypted.status()).isEqualTo(200);
            assertThat(json(decrypted).get("plaintext").getAsString()).isEqualTo(plaintext);
            assertThat(wrapped.status()).isEqualTo(200);
            assertThat(json(wrapped).get("wrapped")).isEqualTo(json(created).get("wrapped"));
        }
    }

    @Test
    void theSocketFileHasMode0600() throws Exception {
        start(null);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
    }

    @Test
    void noTemporarySocketFileIsLeftBehind() throws Exception {
        start(null);

        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(socket);
        }
    }

    @Test
    void closeRemovesTheSocketFile() {
        start(null).close();

        assertThat(socket).doesNotExist();
    }

    @Test
    void aStaleSocketFileIsReplaced() throws Exception {
        // A crashed server leaves its socket file behind: the JDK does not unlink it on close.
        try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            crashed.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(socket).exists();

        start(null);
        try (RawHttp http = new RawHttp(socket)) {
            assertThat(http.post("/create_dek_for_thread", "{\"thread_id\":\"t1\"}").status()).isEqualTo(200);
        }
    }

    @Test
    void aSecondServerOnTheSameLiveSocketIsRefused() {
        start(null);

        assertThatThrownBy(() -> Seed002HttpServer.builder(encryptor).unixSocket(socket).build().start())
                .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.code()).isEqualTo(KmsErrorCode.UNAVAILABLE));
        assertThat(socket).exists();
    }

    @Test
    void aRegularFileAtTheSocketPathIsNotReplaced() throws Exception {
        Files.writeString(socket, "precious");

        assertThatThrownBy(() -> start(null))
                .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
        assertThat(Files.readString(socket)).isEqualTo("precious");
    }

    @Test
    void theAuthenticatorSeesThePeerUidOnTheUnixSocket() throws Exception {
        AtomicReference<HttpRequestMetadata> seen = new AtomicReference<>();
        start(r -> {
            seen.set(r);
            return Caller.of("local");
        });
        try (RawHttp http = new RawHttp(socket)) {
            http.get("/get_wrapped?key_id=k_none");
        }

        assertThat(seen.get().transport()).isEqualTo(HttpRequestMetadata.Transport.UNIX);
        assertThat(seen.get().peerUid()).isPresent();
        assertThat(seen.get().peerPid()).hasValue((int) ProcessHandle.current().pid());
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        start(null);
        try (RawHttp http = new RawHttp(socket)) {
            byte[] body = "{\"thread_id\":\"t1\"}".getBytes(StandardCharsets.UTF_8);
            String create = "POST /create_dek_for_thread HTTP/1.1\r\nHost: kms\r\nContent-Length: " + body.length
                    + "\r\n\r\n" + new String(body, StandardCharsets.UTF_8);
            http.send(create + "GET /nowhere HTTP/1.1\r\nHost: kms\r\n\r\n" + "GET /get_wrapped?key_id=k_t1 HTTP/1.1\r\nHost: kms\r\n\r\n",
                    new byte[0]);

            assertThat(http.read().status()).isEqualTo(200);
            assertThat(http.read().status()).isEqualTo(404);
            assertThat(http.read().status()).isEqualTo(200);
        }
    }

    @Test
    void duringCloseANewRequestOnAnOpenConnectionIs503AndTheHeldOneFinishes() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        start(r -> {
            if (r.path().equals("/encrypt")) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Caller.of("local");
        });
        try (RawHttp held = new RawHttp(socket); RawHttp idle = new RawHttp(socket)) {
            String keyId = json(held.post("/create_dek_for_thread", "{\"thread_id\":\"t1\"}")).get("key_id").getAsString();
            assertThat(idle.get("/get_wrapped?key_id=" + keyId).status()).isEqualTo(200); // connection is open
            byte[] body = ("{\"key_id\":\"" + keyId + "\",\"plaintext\":\"AA==\"}").getBytes(StandardCharsets.UTF_8);
            held.send("POST /encrypt HTTP/1.1\r\nHost: kms\r\nContent-Length: " + body.length + "\r\n\r\n", body);
            for (int i = 0; i < 3000 && server.requestsInFlight() != 1; i++) {
                Thread.sleep(10);
            }
            CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
            for (int i = 0; i < 3000 && Files.exists(socket); i++) {
                Thread.sleep(10); // the socket file goes once the server stops accepting
            }

            RawHttp.Response refused = idle.get("/get_wrapped?key_id=" + keyId);
            release.countDown();
            RawHttp.Response finished = held.read();
            closing.get(30, TimeUnit.SECONDS);

            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.headers().toLowerCase(java.util.Locale.ROOT)).contains("connection: close");
            assertThat(finished.status()).isEqualTo(200);
        }
    }

    @Test
    void aRefusalOfAPipelinedRequestWaitsForTheAnswerBeforeIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        server = Seed002HttpServer.builder(encryptor).unixSocket(socket).maxConcurrentRequests(1).authenticator(r -> {
            if (r.path().equals("/encrypt")) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Caller.of("local");
        }).build().start();
        encryptor.createDekFor("t1");
        try (RawHttp http = new RawHttp(socket)) {
            byte[] body = "{\"key_id\":\"k_t1\",\"plaintext\":\"AA==\"}".getBytes(StandardCharsets.UTF_8);
            http.send("POST /encrypt HTTP/1.1\r\nHost: kms\r\nContent-Length: " + body.length + "\r\n\r\n"
                    + new String(body, StandardCharsets.UTF_8) + "GET /get_wrapped?key_id=k_t1 HTTP/1.1\r\nHost: kms\r\n\r\n",
                    new byte[0]);
            for (int i = 0; i < 3000 && server.requestsInFlight() != 1; i++) {
                Thread.sleep(10);
            }
            Thread.sleep(100); // lets the pipelined GET arrive and be refused (order is what is asserted)
            release.countDown();

            assertThat(http.read().status()).isEqualTo(200);
            assertThat(http.read().status()).isEqualTo(429);
        }
    }

    @Test
    void aMalformedPercentEncodingIs400AndFreesItsSlot() throws Exception {
        server = Seed002HttpServer.builder(encryptor).unixSocket(socket).maxConcurrentRequests(1).build().start();
        try (RawHttp http = new RawHttp(socket)) {
            RawHttp.Response bad = http.get("/get_wrapped%zz?key_id=k_t1");
            RawHttp.Response next = http.post("/create_dek_for_thread", "{\"thread_id\":\"t1\"}");

            assertThat(bad.status()).isEqualTo(400);
            assertThat(next.status()).isEqualTo(200); // with one slot, only if the bad request gave it back
        }
    }
}
