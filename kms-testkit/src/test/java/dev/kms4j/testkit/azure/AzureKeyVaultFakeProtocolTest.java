package dev.kms4j.testkit.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.testkit.faults.Fault;
import dev.kms4j.testkit.internal.FakeHttpRequest;
import dev.kms4j.testkit.internal.FakeHttpResponse;
import dev.kms4j.testkit.internal.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fake's wire behaviour, driven directly (no HTTP server, no SDK). */
class AzureKeyVaultFakeProtocolTest {
    private final AzureKeyVaultFake fake = AzureKeyVaultFake.builder().build();

    private FakeHttpResponse call(String method, String path, String body, boolean token) {
        Map<String, List<String>> headers = token
                ? Map.of("Authorization", List.of("Bearer t"), "Host", List.of("127.0.0.1:8443"))
                : Map.of("Host", List.of("127.0.0.1:8443"));
        return fake.handle(new FakeHttpRequest(method, path, headers,
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(FakeHttpResponse r) {
        return (Map<String, Object>) Json.parse(r.body());
    }

    @Test
    void aTokenlessRequestIsChallengedBeforeAnythingIsValidated() {
        FakeHttpResponse r = call("POST", "/keys/not a valid name!/create?api-version=2025-07-01", "{not json", false);

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.headers().get("WWW-Authenticate"))
                .isEqualTo("Bearer authorization=\"https://login.microsoftonline.com/" + AzureKeyVaultFake.TENANT_ID
                        + "\", resource=\"https://vault.azure.net\"");
        assertThat(fake.keyNames()).isEmpty();
        assertThat(fake.challengeCount()).isEqualTo(1);
    }

    @Test
    void anyApiVersionIsAcceptedEvenPercentEncoded() {
        assertThat(call("POST", "/keys/k1/create?api%2Dversion=7.4", "{\"kty\":\"EC\"}", true).status()).isEqualTo(200);
        assertThat(call("GET", "/keys/k1/?api-version=2099-01-01", null, true).status()).isEqualTo(200);
    }

    @Test
    @SuppressWarnings("unchecked")
    void errorsUseKeyVaultsErrorBody() {
        FakeHttpResponse r = call("GET", "/keys/missing/?api-version=7.6", null, true);

        assertThat(r.status()).isEqualTo(404);
        Map<String, Object> error = (Map<String, Object>) json(r).get("error");
        assertThat(error.get("code")).isEqualTo("KeyNotFound");
        assertThat(error.get("message")).asString().contains("missing");
    }

    @Test
    @SuppressWarnings("unchecked")
    void keyIdsNameTheHostTheClientCalled() {
        Map<String, Object> created = json(call("POST", "/keys/hosted/create", "{\"kty\":\"RSA\",\"key_size\":2048}", true));

        Map<String, Object> jwk = (Map<String, Object>) created.get("key");
        assertThat((String) jwk.get("kid")).startsWith("https://127.0.0.1:8443/keys/hosted/");
        assertThat((String) jwk.get("n")).doesNotContain("=", "+", "/");
        assertThat(jwk).doesNotContainKeys("d", "p", "q", "dp", "dq", "qi");
    }

    @Test
    @SuppressWarnings("unchecked")
    void symmetricKeysNeverShowTheirKeyMaterial() {
        Map<String, Object> created = json(call("POST", "/keys/secret/create", "{\"kty\":\"oct-HSM\",\"key_size\":256}", true));

        assertThat((Map<String, Object>) created.get("key")).containsOnlyKeys("kid", "kty", "key_ops");
    }

    @Test
    void malformedJsonIsABadParameter() {
        assertThat(call("POST", "/keys/k2/create", "{\"kty\":", true).status()).isEqualTo(400);
        assertThat(fake.keyNames()).isEmpty();
    }

    @Test
    void aThrottleIsA429WithRetryAfter() {
        fake.faults().on("GetKey").failTimes(1, Fault.throttle());

        FakeHttpResponse first = call("GET", "/keys/x/", null, true);
        FakeHttpResponse second = call("GET", "/keys/x/", null, true);

        assertThat(first.status()).isEqualTo(429);
        assertThat(first.headers()).containsEntry("Retry-After", "1");
        assertThat(second.status()).isEqualTo(404);
    }

    @Test
    void injectedFaultsRenderAsTheirStatusOrAReset() {
        fake.faults().on("GetKeys").failTimes(1, Fault.unavailable());
        fake.faults().on("CreateKey").always(Fault.connectionReset());
        fake.faults().on("GetKeyVersions").latency(Duration.ofMillis(5));

        assertThat(call("GET", "/keys", null, true).status()).isEqualTo(503);
        assertThat(call("POST", "/keys/r/create", "{\"kty\":\"EC\"}", true).connectionReset()).isTrue();
        assertThat(call("GET", "/keys/r/versions", null, true).delay()).isEqualTo(Duration.ofMillis(5));
        assertThat(fake.requestCount("CreateKey")).isEqualTo(1);
    }

    @Test
    void faultsDoNotApplyToTheChallenge() {
        fake.faults().onAll().always(Fault.internalError());

        assertThat(call("GET", "/keys/x/", null, false).status()).isEqualTo(401);
    }

    @Test
    void aDisabledVersionRefusesEveryKeyOperation() {
        call("POST", "/keys/d/create", "{\"kty\":\"oct\",\"key_size\":256}", true);
        call("PATCH", "/keys/d/", "{\"attributes\":{\"enabled\":false}}", true);

        FakeHttpResponse r = call("POST", "/keys/d//encrypt", "{\"alg\":\"A256GCM\",\"value\":\"AAAA\"}", true);

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).contains("\"KeyDisabled\"");
    }

    @Test
    void anOperationOutsideKeyOpsIsForbidden() {
        call("POST", "/keys/s/create", "{\"kty\":\"RSA\",\"key_ops\":[\"sign\",\"verify\"]}", true);

        FakeHttpResponse r = call("POST", "/keys/s//encrypt", "{\"alg\":\"RSA-OAEP-256\",\"value\":\"AAAA\"}", true);

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).contains("KeyOperationForbidden");
    }

    @Test
    void anExpiredVersionRefusesUse() {
        call("POST", "/keys/old/create", "{\"kty\":\"EC\",\"attributes\":{\"exp\":1000}}", true);

        FakeHttpResponse r = call("POST", "/keys/old//sign",
                "{\"alg\":\"ES256\",\"value\":\"" + "A".repeat(43) + "\"}", true);

        assertThat(r.status()).isEqualTo(403);
    }
}
