package dev.kms4j.testkit.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.testkit.MutableClock;
import dev.kms4j.testkit.faults.Fault;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Plain HTTP requests shaped like the curl examples of Vault's Transit and auth API
 * documentation ({@code --header "X-Vault-Token: ..." --request POST --data @payload.json}).
 */
class VaultTransitFakeHttpTest {
    static final MutableClock CLOCK = new MutableClock();

    @RegisterExtension
    static final VaultTransitFakeExtension VAULT = VaultTransitFakeExtension.builder()
            .appRole("role-1", "secret-1")
            .limitedToken("encrypt-only", "transit/encrypt/")
            .tokenTtl(Duration.ofMinutes(10), Duration.ofMinutes(30))
            .clock(CLOCK)
            .build();

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();


    private HttpResponse<String> send(String method, String path, String token, String payload) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(VAULT.endpoint() + "/v1/" + path))
                .method(method, payload == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(payload));
        if (token != null) {
            b.header("X-Vault-Token", token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void documentedCreateEncryptDecryptSequenceWorks() throws Exception {
        String key = "my-key-" + UUID.randomUUID();
        assertThat(send("POST", "transit/keys/" + key, "root", "{\"type\": \"aes256-gcm96\"}").statusCode()).isEqualTo(200);

        HttpResponse<String> enc = send("POST", "transit/encrypt/" + key, "root", "{\"plaintext\": \"dGhlIHF1aWNrIGJyb3duIGZveAo=\"}");
        String ct = enc.body().replaceAll("(?s).*\"ciphertext\":\"(vault:v1:[^\"]+)\".*", "$1");
        HttpResponse<String> dec = send("POST", "transit/decrypt/" + key, "root", "{\"ciphertext\": \"" + ct + "\"}");

        assertThat(enc.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(dec.body()).contains("\"plaintext\":\"dGhlIHF1aWNrIGJyb3duIGZveAo=\"");
    }

    @Test
    void listMethodListsKeys() throws Exception {
        String key = "listed-" + UUID.randomUUID();
        send("POST", "transit/keys/" + key, "root", null);

        HttpResponse<String> list = send("LIST", "transit/keys", "root", null);

        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains(key);
    }

    @Test
    void healthNeedsNoToken() throws Exception {
        HttpResponse<String> health = send("GET", "sys/health", null, null);

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"sealed\":false", "\"initialized\":true");
    }

    @Test
    void missingTokenIs403() throws Exception {
        HttpResponse<String> r = send("GET", "transit/keys/x", null, null);

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("permission denied");
    }

    @Test
    void limitedTokenIsDeniedOtherPathsWithoutInvalidToken() throws Exception {
        HttpResponse<String> r = send("GET", "transit/keys/x", "encrypt-only", null);

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("{\"errors\":[\"permission denied\"]}");
    }

    @Test
    void appRoleLoginIssuesATokenThatRenewsAndExpires() throws Exception {
        HttpResponse<String> login = send("POST", "auth/approle/login", null, "{\"role_id\": \"role-1\", \"secret_id\": \"secret-1\"}");
        String token = login.body().replaceAll("(?s).*\"client_token\":\"([^\"]+)\".*", "$1");
        assertThat(login.body()).contains("\"lease_duration\":600", "\"renewable\":true");

        CLOCK.advance(Duration.ofMinutes(9));
        HttpResponse<String> renewed = send("POST", "auth/token/renew-self", token, "{\"increment\": \"600\"}");
        CLOCK.advance(Duration.ofMinutes(9));
        HttpResponse<String> lookup = send("GET", "auth/token/lookup-self", token, null);
        CLOCK.advance(Duration.ofMinutes(2));
        HttpResponse<String> expired = send("GET", "auth/token/lookup-self", token, null);

        assertThat(renewed.statusCode()).isEqualTo(200);
        assertThat(lookup.statusCode()).isEqualTo(200);
        assertThat(lookup.body()).contains("\"ttl\":60");
        assertThat(expired.statusCode()).isEqualTo(403);
        assertThat(expired.body()).contains("invalid token");
    }

    @Test
    void wrongSecretIdIs400() throws Exception {
        HttpResponse<String> login = send("POST", "auth/approle/login", null, "{\"role_id\": \"role-1\", \"secret_id\": \"wrong\"}");

        assertThat(login.statusCode()).isEqualTo(400);
        assertThat(login.body()).contains("invalid role or secret ID");
    }

    @Test
    void throttleFaultIs429ThenRequestsSucceed() throws Exception {
        VAULT.fake().faults().on("keys.list").failTimes(1, Fault.throttle());
        send("POST", "transit/keys/t-" + UUID.randomUUID(), "root", null);

        assertThat(send("LIST", "transit/keys", "root", null).statusCode()).isEqualTo(429);
        assertThat(send("LIST", "transit/keys", "root", null).statusCode()).isEqualTo(200);
    }

    @Test
    void sealedVaultAnswers503AndHealthSaysSealed() throws Exception {
        VAULT.fake().setSealed(true);

        HttpResponse<String> r = send("GET", "transit/keys/x", "root", null);

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("Vault is sealed");
        assertThat(send("GET", "sys/health", null, null).statusCode()).isEqualTo(503);
    }

    @Test
    void injected500UsesVaultsErrorBody() throws Exception {
        VAULT.fake().faults().on("keys.read").failTimes(1, Fault.internalError());

        HttpResponse<String> r = send("GET", "transit/keys/x", "root", null);

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("{\"errors\":[\"internal error\"]}");
    }

    @Test
    void connectionResetFaultDropsTheConnection() {
        VAULT.fake().faults().on("keys.read").always(Fault.connectionReset()); // the JDK client retries a GET once

        assertThatThrownBy(() -> send("GET", "transit/keys/x", "root", null)).isInstanceOf(IOException.class);
    }

    @Test
    void unknownMountIs404() throws Exception {
        assertThat(send("GET", "nowhere/keys/x", "root", null).statusCode()).isEqualTo(404);
    }

    @Test
    void wrongMethodIs405() throws Exception {
        assertThat(send("GET", "transit/encrypt/x", "root", null).statusCode()).isEqualTo(405);
    }
}
