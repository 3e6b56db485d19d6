package dev.kms4j.server.http;

import static dev.kms4j.server.http.HttpFixture.b64;
import static dev.kms4j.server.http.HttpFixture.json;
import static dev.kms4j.server.http.HttpFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsManager;
import dev.kms4j.ProviderConfig;
import dev.kms4j.envelope.store.EntityEncryptor;
import dev.kms4j.envelope.store.FileDekStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a file keystore and a FileDekStore, everything a client got keeps working after a restart. */
class Seed002HttpRestartTest {
    @TempDir
    Path dir;

    private final String masterKey = newMasterKey();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static String newMasterKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** One server lifetime: KMS, store, encryptor and server all opened and closed. */
    private final class Lifetime implements AutoCloseable {
        final KmsManager kms = KmsManager.builder().enable("local", ProviderConfig.of(Map.of(
                "path", dir.resolve("keystore").toString(), "master-key", masterKey))).build();
        final FileDekStore store = FileDekStore.open(dir.resolve("deks"));
        final EntityEncryptor encryptor;
        final Seed002HttpServer server;

        Lifetime(boolean createKek) {
            KeyRef kek = KeyRef.of("local", "threads");
            if (createKek) {
                kek = kms.createKey(kek, KeySpec.AES_256);
            }
            encryptor = EntityEncryptor.builder(kms, kek, store).build();
            server = Seed002HttpServer.builder(encryptor).tcp(0).build().start();
        }

        HttpResponse<String> post(String path, String json) throws Exception {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.tcpAddress().orElseThrow().getPort() + path)).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public void close() {
            server.close();
            encryptor.close();
            store.close();
            kms.close();
        }
    }

    @Test
    void ciphertextsAndWrappedDeksSurviveARestart() throws Exception {
        String keyId;
        String ciphertext;
        String wrapped;
        try (Lifetime first = new Lifetime(true)) {
            var created = json(first.post("/create_dek_for_thread", "{\"thread_id\":\"thread-1\"}"));
            keyId = created.get("key_id").getAsString();
            wrapped = created.get("wrapped").getAsString();
            ciphertext = json(first.post("/encrypt", "{\"key_id\":\"" + keyId + "\",\"plaintext\":\"" + b64("durable") + "\"}"))
                    .get("ciphertext").getAsString();
        }

        try (Lifetime second = new Lifetime(false)) {
            HttpResponse<String> decrypted = second.post("/decrypt",
                    "{\"key_id\":\"" + keyId + "\",\"ciphertext\":\"" + ciphertext + "\"}");
            var recreated = json(second.post("/create_dek_for_thread", "{\"thread_id\":\"thread-1\"}"));

            assertThat(decrypted.statusCode()).isEqualTo(200);
            assertThat(text(json(decrypted).get("plaintext").getAsString())).isEqualTo("durable");
            assertThat(recreated.get("key_id").getAsString()).isEqualTo(keyId);
            assertThat(recreated.get("wrapped").getAsString()).isEqualTo(wrapped);
        }
    }
}
