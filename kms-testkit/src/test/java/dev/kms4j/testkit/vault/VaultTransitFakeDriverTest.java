package dev.kms4j.testkit.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonObject;
import io.github.jopenlibs.vault.response.LogicalResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The fake as the raw vault-java-driver (engine version 1, logical API) sees it. */
class VaultTransitFakeDriverTest {
    @RegisterExtension
    static final VaultTransitFakeExtension VAULT = VaultTransitFakeExtension.builder().mount("team/transit").build();

    private final Vault vault = VAULT.driver();

    private static String name() {
        return "k-" + UUID.randomUUID();
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonObject data(LogicalResponse r) {
        return Json.parse(new String(r.getRestResponse().getBody(), StandardCharsets.UTF_8)).asObject().get("data").asObject();
    }

    private LogicalResponse write(String path, Map<String, Object> body) throws Exception {
        return vault.logical().write(path, body);
    }

    @Test
    void createdKeyReadsBackWithVersionOneAndItsType() throws Exception {
        String key = name();
        write("transit/keys/" + key, Map.of("type", "chacha20-poly1305"));

        LogicalResponse read = vault.logical().read("transit/keys/" + key);

        assertThat(read.getRestResponse().getStatus()).isEqualTo(200);
        JsonObject d = data(read);
        assertThat(d.getString("type", null)).isEqualTo("chacha20-poly1305");
        assertThat(d.getInt("latest_version", 0)).isEqualTo(1);
        assertThat(d.getInt("min_decryption_version", 0)).isEqualTo(1);
        assertThat(d.get("keys").asObject().get("1").isNumber()).isTrue();
    }

    @Test
    void encryptThenDecryptReturnsThePlaintext() throws Exception {
        String key = name();
        write("transit/keys/" + key, Map.of());

        String ct = data(write("transit/encrypt/" + key, Map.of("plaintext", b64("hello vault")))).getString("ciphertext", null);
        String pt = data(write("transit/decrypt/" + key, Map.of("ciphertext", ct))).getString("plaintext", null);

        assertThat(ct).startsWith("vault:v1:");
        assertThat(new String(Base64.getDecoder().decode(pt), StandardCharsets.UTF_8)).isEqualTo("hello vault");
    }

    @Test
    void associatedDataMustMatchOnDecrypt() throws Exception {
        String key = name();
        write("transit/keys/" + key, Map.of());
        String ct = data(write("transit/encrypt/" + key, Map.of("plaintext", b64("x"), "associated_data", b64("a")))).getString("ciphertext", null);

        LogicalResponse wrong = write("transit/decrypt/" + key, Map.of("ciphertext", ct, "associated_data", b64("b")));

        assertThat(wrong.getRestResponse().getStatus()).isEqualTo(400);
        assertThat(new String(wrong.getRestResponse().getBody(), StandardCharsets.UTF_8)).contains("cipher: message authentication failed");
    }

    @Test
    void derivedKeyNeedsTheSameContext() throws Exception {
        String key = name();
        write("transit/keys/" + key, Map.of("derived", true));
        String ct = data(write("transit/encrypt/" + key, Map.of("plaintext", b64("x"), "context", b64("tenant-a")))).getString("ciphertext", null);

        assertThat(write("transit/decrypt/" + key, Map.of("ciphertext", ct, "context", b64("tenant-b"))).getRestResponse().getStatus()).isEqualTo(400);
        assertThat(write("transit/decrypt/" + key, Map.of("ciphertext", ct)).getRestResponse().getStatus()).isEqualTo(400);
        assertThat(write("transit/decrypt/" + key, Map.of("ciphertext", ct, "context", b64("tenant-a"))).getRestResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void rotationKeepsOldCiphertextsAndRewrapMovesThemToTheLatestVersion() throws Exception {
        String key = name();
        write("transit/keys/" + key, Map.of());
        String v1 = data(write("transit/encrypt/" + key, Map.of("plaintext", b64("old")))).getString("ciphertext", null);

        write("transit/keys/" + key + "/rotate", Map.of());
        String rewrapped = data(write("transit/rewrap/" + key, Map.of("ciphertext", v1))).getString("ciphertext", null);

        assertThat(rewrapped).startsWith("vault:v2:");
        assertThat(write("transit/decrypt/" + key, Map.of("ciphertext", v1)).getRestResponse().getStatus()).isEqualTo(200);
        assertThat(data(write("transit/decrypt/" + key, Map.of("ciphertext", rewrapped))).getString("plaintext", null)).isEqualTo(b64("old"));
    }

    @Test
    void minDecryptionVersionRetiresOldCiphertexts() throws Exception {
        String key = name();
        write("transit/keys/" + key, Map.of());
        String v1 = data(write("transit/encrypt/" + key, Map.of("plaintext", b64("old")))).getString("ciphertext", null);
        write("transit/keys/" + key + "/rotate", Map.of());

        write("transit/keys/" + key + "/config", Map.of("min_decryption_version", 2));

        LogicalResponse refused = write("transit/decrypt/" + key, Map.of("ciphertext", v1));
        assertThat(refused.getRestResponse().getStatus()).isEqualTo(400);
        assertThat(data(vault.logical().read("transit/keys/" + key)).getInt("min_decryption_version", 0)).isEqualTo(2);
    }

    @Test
    void minDecryptionVersionAboveTheLatestIsRefusedAndChangesNothing() throws Exception {
        String key = name();
        write("transit/keys/" + key, Map.of());

        assertThat(write("transit/keys/" + key + "/config", Map.of("min_decryption_version", 5)).getRestResponse().getStatus()).isEqualTo(400);
        assertThat(data(vault.logical().read("transit/keys/" + key)).getInt("min_decryption_version", 0)).isEqualTo(1);
    }

    @Test
    void autoRotatePeriodReadsBackInSecondsAndShortPeriodsAreRefused() throws Exception {
        String key = name();
        write("transit/keys/" + key, Map.of());

        write("transit/keys/" + key + "/config", Map.of("auto_rotate_period", "24h"));
        LogicalResponse tooShort = write("transit/keys/" + key + "/config", Map.of("auto_rotate_period", "10m"));

        assertThat(tooShort.getRestResponse().getStatus()).isEqualTo(400);
        assertThat(data(vault.logical().read("transit/keys/" + key)).getLong("auto_rotate_period", -1)).isEqualTo(86400);
    }

    @Test
    void listShowsKeysOfTheMountOnly() throws Exception {
        String key = name();
        write("team/transit/keys/" + key, Map.of());

        assertThat(vault.logical().list("team/transit/keys").getListData()).contains(key);
        assertThat(vault.logical().list("transit/keys").getListData()).doesNotContain(key);
    }

    @Test
    void encryptUnderAMissingKeyCreatesItAsVaultDoes() throws Exception {
        String key = name();

        LogicalResponse r = write("transit/encrypt/" + key, Map.of("plaintext", b64("upsert")));

        assertThat(r.getRestResponse().getStatus()).isEqualTo(200);
        assertThat(data(vault.logical().read("transit/keys/" + key)).getString("type", null)).isEqualTo("aes256-gcm96");
    }

    @Test
    void decryptUnderAnUnknownKeyIs400() throws Exception {
        LogicalResponse r = write("transit/decrypt/" + name(), Map.of("ciphertext", "vault:v1:AAAA"));

        assertThat(r.getRestResponse().getStatus()).isEqualTo(400);
        assertThat(new String(r.getRestResponse().getBody(), StandardCharsets.UTF_8)).contains("encryption key not found");
    }

    @Test
    void readingAnUnknownKeyIs404() throws Exception {
        assertThat(vault.logical().read("transit/keys/" + name()).getRestResponse().getStatus()).isEqualTo(404);
    }

    @Test
    void deleteNeedsDeletionAllowedThenAnswers204() throws Exception {
        String key = name();
        write("transit/keys/" + key, Map.of());
        assertThat(vault.logical().read("transit/keys/" + key).getRestResponse().getStatus()).isEqualTo(200);
        try {
            vault.logical().delete("transit/keys/" + key);
            org.assertj.core.api.Assertions.fail("delete without deletion_allowed must fail");
        } catch (io.github.jopenlibs.vault.VaultException e) {
            assertThat(e.getHttpStatusCode()).isEqualTo(400);
        }

        write("transit/keys/" + key + "/config", Map.of("deletion_allowed", true));
        vault.logical().delete("transit/keys/" + key);

        assertThat(vault.logical().read("transit/keys/" + key).getRestResponse().getStatus()).isEqualTo(404);
    }

    @Test
    void badTokenIs403WithInvalidToken() throws Exception {
        LogicalResponse r = VAULT.driver("not-a-token", null).logical().read("transit/keys/x");

        assertThat(r.getRestResponse().getStatus()).isEqualTo(403);
        assertThat(new String(r.getRestResponse().getBody(), StandardCharsets.UTF_8)).contains("permission denied", "invalid token");
    }

    @Test
    void namespacesKeepSeparateKeys() throws Exception {
        String key = name();
        Vault teamA = VAULT.driver(VAULT.rootToken(), "team-a");
        teamA.logical().write("transit/keys/" + key, Map.of());

        assertThat(teamA.logical().read("transit/keys/" + key).getRestResponse().getStatus()).isEqualTo(200);
        assertThat(vault.logical().read("transit/keys/" + key).getRestResponse().getStatus()).isEqualTo(404);
        assertThat(VAULT.fake().keyNames("team-a", "transit")).contains(key);
    }

    @Test
    void dataKeyPlaintextDecryptsFromItsCiphertext() throws Exception {
        String key = name();
        write("transit/keys/" + key, Map.of());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("bits", 256);

        JsonObject dk = data(write("transit/datakey/plaintext/" + key, body));
        String pt = data(write("transit/decrypt/" + key, Map.of("ciphertext", dk.getString("ciphertext", null)))).getString("plaintext", null);

        assertThat(Base64.getDecoder().decode(dk.getString("plaintext", null))).hasSize(32);
        assertThat(pt).isEqualTo(dk.getString("plaintext", null));
    }

    @Test
    void wrappedDataKeyHasNoPlaintext() throws Exception {
        String key = name();
        write("transit/keys/" + key, Map.of());

        JsonObject dk = data(write("transit/datakey/wrapped/" + key, Map.of()));

        assertThat(dk.get("plaintext")).isNull();
        assertThat(dk.getString("ciphertext", "")).startsWith("vault:v1:");
    }

    @Test
    void unknownParametersComeBackAsWarnings() throws Exception {
        String key = name();
        write("transit/keys/" + key, Map.of());

        LogicalResponse r = write("transit/encrypt/" + key, Map.of("plaintext", b64("x"), "colour", "blue"));

        assertThat(new String(r.getRestResponse().getBody(), StandardCharsets.UTF_8))
                .contains("Endpoint ignored these unrecognized parameters: [colour]");
    }
}
