package dev.kms4j.server.http;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsManager;
import dev.kms4j.ProviderConfig;
import dev.kms4j.envelope.store.DekStore;
import dev.kms4j.envelope.store.EntityEncryptor;
import dev.kms4j.envelope.store.InMemoryDekStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/** A local in-memory KMS, a KEK, a DEK store and the HTTP server on a free loopback port; JDK client helpers. */
final class HttpFixture implements AutoCloseable {
    final KmsManager kms;
    final DekStore store;
    final EntityEncryptor encryptor;
    final Seed002HttpServer server;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    HttpFixture(Consumer<Seed002HttpServer.Builder> customize) {
        this(new InMemoryDekStore(), customize);
    }

    HttpFixture(DekStore store, Consumer<Seed002HttpServer.Builder> customize) {
        this.kms = KmsManager.builder().enable("local", ProviderConfig.of(Map.of("path", ":memory:"))).build();
        KeyRef kek = kms.createKey(KeyRef.of("local", "threads-" + UUID.randomUUID()), KeySpec.AES_256);
        this.store = store;
        this.encryptor = EntityEncryptor.builder(kms, kek, store).build();
        Seed002HttpServer.Builder builder = Seed002HttpServer.builder(encryptor).tcp(0);
        customize.accept(builder);
        this.server = builder.build().start();
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.tcpAddress().orElseThrow().getPort() + pathAndQuery);
    }

    HttpResponse<String> post(String path, String json) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String pathAndQuery) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(pathAndQuery)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonObject json(HttpResponse<String> response) {
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static String text(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    /** Creates the thread's DEK over HTTP and returns its key id. */
    String createDek(String threadId) throws Exception {
        return json(post("/create_dek_for_thread", "{\"thread_id\":\"" + threadId + "\"}")).get("key_id").getAsString();
    }

    /** Encrypts {@code message} over HTTP and returns the base64 ciphertext. */
    String encrypt(String keyId, String message) throws Exception {
        return json(post("/encrypt", "{\"key_id\":\"" + keyId + "\",\"plaintext\":\"" + b64(message) + "\"}"))
                .get("ciphertext").getAsString();
    }

    @Override
    public void close() {
        server.close();
        encryptor.close();
        store.close();
        kms.close();
    }
}
