package dev.kms4j.server.http;

import static dev.kms4j.server.http.HttpFixture.b64;
import static dev.kms4j.server.http.HttpFixture.json;
import static dev.kms4j.server.http.HttpFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.kms4j.WrappedKey;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each seed-002 endpoint over TCP with the JDK HttpClient, and the seed's whole flow. */
class Seed002EndpointsOverTcpTest {
    private final HttpFixture fx = new HttpFixture(b -> { });

    @AfterEach
    void tearDown() {
        fx.close();
    }

    @Test
    void createDekForThreadAnswersKeyIdAndWrappedDek() throws Exception {
        HttpResponse<String> response = fx.post("/create_dek_for_thread", "{\"thread_id\":\"thread-1\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonObject body = json(response);
        assertThat(body.get("key_id").getAsString()).isEqualTo("k_thread-1");
        WrappedKey wrapped = WrappedKey.fromBytes(Base64.getDecoder().decode(body.get("wrapped").getAsString()));
        assertThat(wrapped).isEqualTo(fx.encryptor.wrappedFor("thread-1"));
    }

    @Test
    void createDekForThreadTwiceReturnsTheSameKeyAndWrappedDek() throws Exception {
        JsonObject first = json(fx.post("/create_dek_for_thread", "{\"thread_id\":\"thread-1\"}"));
        HttpResponse<String> second = fx.post("/create_dek_for_thread", "{\"thread_id\":\"thread-1\"}");

        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(json(second)).isEqualTo(first);
    }

    @Test
    void encryptAnswersACiphertextTheEncryptorDecrypts() throws Exception {
        String keyId = fx.createDek("thread-1");
        HttpResponse<String> response = fx.post("/encrypt",
                "{\"key_id\":\"" + keyId + "\",\"plaintext\":\"" + b64("hello thread") + "\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        byte[] ciphertext = Base64.getDecoder().decode(json(response).get("ciphertext").getAsString());
        assertThat(new String(fx.encryptor.decryptFor("thread-1", ciphertext, null))).isEqualTo("hello thread");
    }

    @Test
    void decryptAnswersThePlaintext() throws Exception {
        String keyId = fx.createDek("thread-1");
        String ciphertext = fx.encrypt(keyId, "hello thread");

        HttpResponse<String> response = fx.post("/decrypt",
                "{\"key_id\":\"" + keyId + "\",\"ciphertext\":\"" + ciphertext + "\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(text(json(response).get("plaintext").getAsString())).isEqualTo("hello thread");
    }

    @Test
    void encryptAndDecryptAcceptAnEmptyPlaintext() throws Exception {
        String keyId = fx.createDek("thread-1");
        String ciphertext = fx.encrypt(keyId, "");

        HttpResponse<String> response = fx.post("/decrypt",
                "{\"key_id\":\"" + keyId + "\",\"ciphertext\":\"" + ciphertext + "\"}");

        assertThat(json(response).get("plaintext").getAsString()).isEmpty();
    }

    @Test
    void getWrappedAnswersTheWrappedDekOfCreation() throws Exception {
        JsonObject created = json(fx.post("/create_dek_for_thread", "{\"thread_id\":\"thread-1\"}"));

        HttpResponse<String> response = fx.get("/get_wrapped?key_id=k_thread-1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("wrapped")).isEqualTo(created.get("wrapped"));
    }

    @Test
    void seedFlowCreateEncryptDecryptGetWrappedWorksOverTcp() throws Exception {
        JsonObject created = json(fx.post("/create_dek_for_thread", "{\"thread_id\":\"01HZX3K9Q7\"}"));
        String keyId = created.get("key_id").getAsString();
        String ciphertext = fx.encrypt(keyId, "first message");
        String plaintext = json(fx.post("/decrypt", "{\"key_id\":\"" + keyId + "\",\"ciphertext\":\"" + ciphertext + "\"}"))
                .get("plaintext").getAsString();
        JsonObject wrapped = json(fx.get("/get_wrapped?key_id=" + keyId));

        assertThat(keyId).startsWith("k_");
        assertThat(text(plaintext)).isEqualTo("first message");
        assertThat(wrapped.get("wrapped")).isEqualTo(created.get("wrapped"));
    }

    @Test
    void ciphertextsOfOneThreadDoNotDecryptUnderAnother() throws Exception {
        String keyA = fx.createDek("thread-a");
        String keyB = fx.createDek("thread-b");
        String ciphertext = fx.encrypt(keyA, "for a only");

        HttpResponse<String> response = fx.post("/decrypt", "{\"key_id\":\"" + keyB + "\",\"ciphertext\":\"" + ciphertext + "\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").getAsString()).isEqualTo("INTEGRITY");
    }

    @Test
    void unknownFieldsInARequestAreIgnored() throws Exception {
        HttpResponse<String> response = fx.post("/create_dek_for_thread", "{\"thread_id\":\"t1\",\"future\":[1,2]}");

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void oneConnectionServesManyRequests() throws Exception {
        // The JDK client keeps the connection alive; ten requests in a row all succeed on it.
        String keyId = fx.createDek("thread-1");
        for (int i = 0; i < 10; i++) {
            assertThat(text(json(fx.post("/decrypt", "{\"key_id\":\"" + keyId + "\",\"ciphertext\":\""
                    + fx.encrypt(keyId, "m" + i) + "\"}")).get("plaintext").getAsString())).isEqualTo("m" + i);
        }
    }
}
