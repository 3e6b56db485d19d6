package dev.kms4j.server.http;

import static dev.kms4j.server.http.HttpFixture.b64;
import static dev.kms4j.server.http.HttpFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every error answer: status, the KmsErrorCode name in "error", and a message. */
class Seed002HttpErrorsTest {
    private final HttpFixture fx = new HttpFixture(b -> { });

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonObject body = json(response);
        assertThat(body.get("error").getAsString()).isEqualTo(code);
        assertThat(body.get("message").getAsString()).isNotBlank();
    }

    @Test
    void unknownPathIs404() throws Exception {
        assertError(fx.post("/wrap", "{}"), 404, "NOT_FOUND");
    }

    @Test
    void pathWithATrailingSlashIsUnknown() throws Exception {
        assertError(fx.post("/encrypt/", "{}"), 404, "NOT_FOUND");
    }

    @Test
    void getOnAPostEndpointIs405WithAllow() throws Exception {
        HttpResponse<String> response = fx.get("/encrypt");

        assertError(response, 405, "INVALID_ARGUMENT");
        assertThat(response.headers().firstValue("allow")).hasValue("POST");
    }

    @Test
    void postOnGetWrappedIs405WithAllow() throws Exception {
        HttpResponse<String> response = fx.post("/get_wrapped?key_id=k_t1", "{}");

        assertError(response, 405, "INVALID_ARGUMENT");
        assertThat(response.headers().firstValue("allow")).hasValue("GET");
    }

    @Test
    void deleteIs405() throws Exception {
        HttpResponse<String> response = fx.client.send(HttpRequest.newBuilder(fx.uri("/decrypt")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());

        assertError(response, 405, "INVALID_ARGUMENT");
    }

    @Test
    void malformedJsonIs400() throws Exception {
        assertError(fx.post("/create_dek_for_thread", "{\"thread_id\":"), 400, "INVALID_ARGUMENT");
    }

    @Test
    void lenientJsonIs400() throws Exception {
        assertError(fx.post("/create_dek_for_thread", "{thread_id: 't1'}"), 400, "INVALID_ARGUMENT");
    }

    @Test
    void dataAfterTheJsonObjectIs400() throws Exception {
        assertError(fx.post("/create_dek_for_thread", "{\"thread_id\":\"t1\"} {}"), 400, "INVALID_ARGUMENT");
    }

    @Test
    void aJsonArrayBodyIs400() throws Exception {
        assertError(fx.post("/create_dek_for_thread", "[\"t1\"]"), 400, "INVALID_ARGUMENT");
    }

    @Test
    void anEmptyBodyIs400() throws Exception {
        assertError(fx.post("/create_dek_for_thread", ""), 400, "INVALID_ARGUMENT");
    }

    @Test
    void invalidUtf8Is400() throws Exception {
        byte[] body = {'{', '"', 't', 'h', 'r', 'e', 'a', 'd', '_', 'i', 'd', '"', ':', '"', (byte) 0xC3, '"', '}'};
        HttpResponse<String> response = fx.client.send(HttpRequest.newBuilder(fx.uri("/create_dek_for_thread"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertError(response, 400, "INVALID_ARGUMENT");
    }

    @Test
    void missingThreadIdIs400() throws Exception {
        assertError(fx.post("/create_dek_for_thread", "{}"), 400, "INVALID_ARGUMENT");
    }

    @Test
    void aNumericThreadIdIs400() throws Exception {
        assertError(fx.post("/create_dek_for_thread", "{\"thread_id\":42}"), 400, "INVALID_ARGUMENT");
    }

    @Test
    void aThreadIdOutsideTheEntityIdSyntaxIs400AndCreatesNothing() throws Exception {
        assertError(fx.post("/create_dek_for_thread", "{\"thread_id\":\"../etc\"}"), 400, "INVALID_ARGUMENT");
        assertThat(fx.store.ids()).isEmpty();
    }

    @Test
    void malformedBase64PlaintextIs400() throws Exception {
        String keyId = fx.createDek("t1");

        assertError(fx.post("/encrypt", "{\"key_id\":\"" + keyId + "\",\"plaintext\":\"not base64!\"}"),
                400, "INVALID_ARGUMENT");
    }

    @Test
    void unpaddedBase64CiphertextIs400() throws Exception {
        String keyId = fx.createDek("t1");

        assertError(fx.post("/decrypt", "{\"key_id\":\"" + keyId + "\",\"ciphertext\":\"QUJD RA\"}"), 400, "INVALID_ARGUMENT");
    }

    @Test
    void missingPlaintextIs400() throws Exception {
        String keyId = fx.createDek("t1");

        assertError(fx.post("/encrypt", "{\"key_id\":\"" + keyId + "\"}"), 400, "INVALID_ARGUMENT");
    }

    @Test
    void aKeyIdWithoutThePrefixIs400() throws Exception {
        fx.createDek("t1");

        assertError(fx.post("/encrypt", "{\"key_id\":\"t1\",\"plaintext\":\"" + b64("x") + "\"}"), 400, "INVALID_ARGUMENT");
    }

    @Test
    void anUnknownKeyIdIs404OnEncrypt() throws Exception {
        assertError(fx.post("/encrypt", "{\"key_id\":\"k_nobody\",\"plaintext\":\"" + b64("x") + "\"}"), 404, "NOT_FOUND");
    }

    @Test
    void anUnknownKeyIdIs404OnDecrypt() throws Exception {
        String ciphertext = fx.encrypt(fx.createDek("t1"), "hello");

        assertError(fx.post("/decrypt", "{\"key_id\":\"k_nobody\",\"ciphertext\":\"" + ciphertext + "\"}"), 404, "NOT_FOUND");
    }

    @Test
    void anUnknownKeyIdIs404OnGetWrapped() throws Exception {
        assertError(fx.get("/get_wrapped?key_id=k_nobody"), 404, "NOT_FOUND");
    }

    @Test
    void getWrappedWithoutKeyIdIs400() throws Exception {
        assertError(fx.get("/get_wrapped"), 400, "INVALID_ARGUMENT");
    }

    @Test
    void getWrappedWithTwoKeyIdsIs400() throws Exception {
        fx.createDek("t1");

        assertError(fx.get("/get_wrapped?key_id=k_t1&key_id=k_t1"), 400, "INVALID_ARGUMENT");
    }

    @Test
    void aChangedCiphertextIs400Integrity() throws Exception {
        String keyId = fx.createDek("t1");
        byte[] ciphertext = Base64.getDecoder().decode(fx.encrypt(keyId, "hello"));
        ciphertext[ciphertext.length - 1] ^= 1;

        assertError(fx.post("/decrypt", "{\"key_id\":\"" + keyId + "\",\"ciphertext\":\""
                + Base64.getEncoder().encodeToString(ciphertext) + "\"}"), 400, "INTEGRITY");
    }

    @Test
    void anInternalFailureIs500WithAGenericMessage() throws Exception {
        fx.createDek("t1");
        fx.store.close(); // every store call now throws IllegalStateException

        HttpResponse<String> response = fx.get("/get_wrapped?key_id=k_t1");

        assertError(response, 500, "INTERNAL");
        assertThat(json(response).get("message").getAsString()).isEqualTo("internal error; see the server log");
    }
}
