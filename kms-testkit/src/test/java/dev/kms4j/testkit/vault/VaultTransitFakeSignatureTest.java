package dev.kms4j.testkit.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.PublicKeys;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Signatures made by the fake verify with the JDK and the public keys the fake publishes. */
class VaultTransitFakeSignatureTest {
    @RegisterExtension
    static final VaultTransitFakeExtension VAULT = VaultTransitFakeExtension.builder().build();

    private static final byte[] MESSAGE = "sign me".getBytes(StandardCharsets.UTF_8);

    private final Vault vault = VAULT.driver();

    private String createKey(String type) throws Exception {
        String name = "s-" + UUID.randomUUID();
        vault.logical().write("transit/keys/" + name, Map.of("type", type));
        return name;
    }

    private JsonObject post(String path, Map<String, Object> body) throws Exception {
        byte[] raw = vault.logical().write(path, body).getRestResponse().getBody();
        return Json.parse(new String(raw, StandardCharsets.UTF_8)).asObject().get("data").asObject();
    }

    private PublicKey publicKey(String name, int version) throws Exception {
        byte[] raw = vault.logical().read("transit/keys/" + name).getRestResponse().getBody();
        JsonObject v = Json.parse(new String(raw, StandardCharsets.UTF_8)).asObject().get("data").asObject()
                .get("keys").asObject().get(String.valueOf(version)).asObject();
        String text = v.getString("public_key", null);
        if (text.startsWith("-----BEGIN")) {
            return PublicKeys.fromPem(text);
        }
        byte[] prefix = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
        byte[] rawKey = Base64.getDecoder().decode(text);
        byte[] spki = new byte[prefix.length + rawKey.length];
        System.arraycopy(prefix, 0, spki, 0, prefix.length);
        System.arraycopy(rawKey, 0, spki, prefix.length, rawKey.length);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    }

    private static byte[] signatureBytes(String vaultSignature) {
        assertThat(vaultSignature).startsWith("vault:v1:");
        return Base64.getDecoder().decode(vaultSignature.substring("vault:v1:".length()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ecdsa-p256", "ecdsa-p384", "ecdsa-p521"})
    void prehashedEcdsaSignaturesAreDerAndVerifyWithTheJdk(String type) throws Exception {
        String key = createKey(type);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("input", Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(MESSAGE)));
        body.put("prehashed", true);
        body.put("hash_algorithm", "sha2-256");

        byte[] der = signatureBytes(post("transit/sign/" + key, body).getString("signature", null));

        Signature jdk = Signature.getInstance("SHA256withECDSA");
        jdk.initVerify(publicKey(key, 1));
        jdk.update(MESSAGE);
        assertThat(jdk.verify(der)).isTrue();
    }

    @Test
    void ed25519SignaturesVerifyWithTheJdk() throws Exception {
        String key = createKey("ed25519");

        byte[] sig = signatureBytes(post("transit/sign/" + key, Map.of("input", Base64.getEncoder().encodeToString(MESSAGE)))
                .getString("signature", null));

        Signature jdk = Signature.getInstance("Ed25519");
        jdk.initVerify(publicKey(key, 1));
        jdk.update(MESSAGE);
        assertThat(jdk.verify(sig)).isTrue();
    }

    @Test
    void rsaPssWithHashSaltVerifiesWithTheJdkAndWithVault() throws Exception {
        String key = createKey("rsa-2048");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("input", Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-384").digest(MESSAGE)));
        body.put("prehashed", true);
        body.put("hash_algorithm", "sha2-384");
        body.put("signature_algorithm", "pss");
        body.put("salt_length", "hash");

        String vaultSig = post("transit/sign/" + key, body).getString("signature", null);

        Signature jdk = Signature.getInstance("RSASSA-PSS");
        jdk.setParameter(new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384, 48, 1));
        jdk.initVerify(publicKey(key, 1));
        jdk.update(MESSAGE);
        assertThat(jdk.verify(signatureBytes(vaultSig))).isTrue();
        body.remove("salt_length");
        body.put("signature", vaultSig);
        assertThat(post("transit/verify/" + key, body).getBoolean("valid", false)).as("auto salt accepts any salt").isTrue();
    }

    @Test
    void rsaPssDefaultSaltIsTheMaximum() throws Exception {
        String key = createKey("rsa-2048");

        byte[] sig = signatureBytes(post("transit/sign/" + key + "/sha2-256",
                Map.of("input", Base64.getEncoder().encodeToString(MESSAGE))).getString("signature", null));

        Signature jdk = Signature.getInstance("RSASSA-PSS");
        jdk.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 256 - 32 - 2, 1));
        jdk.initVerify(publicKey(key, 1));
        jdk.update(MESSAGE);
        assertThat(jdk.verify(sig)).isTrue();
    }

    @Test
    void rsaPkcs1v15VerifiesWithTheJdk() throws Exception {
        String key = createKey("rsa-2048");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("input", Base64.getEncoder().encodeToString(MESSAGE));
        body.put("hash_algorithm", "sha2-512");
        body.put("signature_algorithm", "pkcs1v15");

        byte[] sig = signatureBytes(post("transit/sign/" + key, body).getString("signature", null));

        Signature jdk = Signature.getInstance("SHA512withRSA");
        jdk.initVerify(publicKey(key, 1));
        jdk.update(MESSAGE);
        assertThat(jdk.verify(sig)).isTrue();
    }

    @Test
    void verifyRejectsASignatureOfAnotherMessage() throws Exception {
        String key = createKey("ecdsa-p256");
        String sig = post("transit/sign/" + key, Map.of("input", Base64.getEncoder().encodeToString(MESSAGE))).getString("signature", null);

        JsonObject answer = post("transit/verify/" + key, Map.of("input", Base64.getEncoder().encodeToString("other".getBytes(StandardCharsets.UTF_8)),
                "signature", sig));

        assertThat(answer.getBoolean("valid", true)).isFalse();
    }

    @Test
    void jwsMarshalingGivesFixedLengthUrlSafeSignatures() throws Exception {
        String key = createKey("ecdsa-p256");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("input", Base64.getEncoder().encodeToString(MESSAGE));
        body.put("marshaling_algorithm", "jws");

        String sig = post("transit/sign/" + key, body).getString("signature", null);

        assertThat(Base64.getUrlDecoder().decode(sig.substring("vault:v1:".length()))).hasSize(64);
        body.put("signature", sig);
        assertThat(post("transit/verify/" + key, body).getBoolean("valid", false)).isTrue();
    }

    @Test
    void hmacKeysMacAndVerify() throws Exception {
        String key = "h-" + UUID.randomUUID();
        vault.logical().write("transit/keys/" + key, Map.of("type", "hmac", "key_size", 64));
        String input = Base64.getEncoder().encodeToString(MESSAGE);

        String mac = post("transit/hmac/" + key + "/sha2-512", Map.of("input", input)).getString("hmac", null);

        assertThat(Base64.getDecoder().decode(mac.substring("vault:v1:".length()))).hasSize(64);
        assertThat(post("transit/verify/" + key + "/sha2-512", Map.of("input", input, "hmac", mac)).getBoolean("valid", false)).isTrue();
    }

    @Test
    void signingWithAnAesKeyIs400() throws Exception {
        String key = createKey("aes256-gcm96");

        int status = vault.logical().write("transit/sign/" + key, Map.of("input", "aGk=")).getRestResponse().getStatus();

        assertThat(status).isEqualTo(400);
    }
}
