package dev.kms4j.testkit.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.core.http.rest.PagedIterable;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.models.DecryptParameters;
import com.azure.security.keyvault.keys.cryptography.models.EncryptParameters;
import com.azure.security.keyvault.keys.cryptography.models.EncryptResult;
import com.azure.security.keyvault.keys.cryptography.models.EncryptionAlgorithm;
import com.azure.security.keyvault.keys.cryptography.models.KeyWrapAlgorithm;
import com.azure.security.keyvault.keys.cryptography.models.SignResult;
import com.azure.security.keyvault.keys.cryptography.models.SignatureAlgorithm;
import com.azure.security.keyvault.keys.models.CreateEcKeyOptions;
import com.azure.security.keyvault.keys.models.CreateOctKeyOptions;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.DeletedKey;
import com.azure.security.keyvault.keys.models.KeyCurveName;
import com.azure.security.keyvault.keys.models.KeyOperation;
import com.azure.security.keyvault.keys.models.KeyProperties;
import com.azure.security.keyvault.keys.models.KeyRotationLifetimeAction;
import com.azure.security.keyvault.keys.models.KeyRotationPolicy;
import com.azure.security.keyvault.keys.models.KeyRotationPolicyAction;
import com.azure.security.keyvault.keys.models.KeyType;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Fidelity: the raw Azure SDK clients (not kms4j) work against the fake, with real cryptography. */
class AzureKeyVaultFakeSdkTest {
    @RegisterExtension
    static final AzureKeyVaultFakeExtension AZURE = AzureKeyVaultFakeExtension.builder().build();

    private static final byte[] MESSAGE = "fidelity".getBytes(StandardCharsets.UTF_8);

    private static String name(String hint) {
        return hint + "-" + UUID.randomUUID();
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    @Test
    void createdEcKeyCarriesItsCurveKeyOpsAndAttributes() {
        KeyClient client = AZURE.keyClient();
        String name = name("ec");

        KeyVaultKey key = client.createEcKey(new CreateEcKeyOptions(name).setCurveName(KeyCurveName.P_384));

        assertThat(key.getName()).isEqualTo(name);
        assertThat(key.getKeyType()).isEqualTo(KeyType.EC);
        assertThat(key.getKey().getCurveName()).isEqualTo(KeyCurveName.P_384);
        assertThat(key.getKeyOperations()).contains(KeyOperation.SIGN, KeyOperation.VERIFY);
        assertThat(key.getProperties().isEnabled()).isTrue();
        assertThat(key.getProperties().getCreatedOn()).isNotNull();
        assertThat(key.getProperties().getVersion()).hasSize(32);
        assertThat(key.getId()).startsWith(AZURE.endpoint() + "/keys/" + name + "/");
    }

    @Test
    void getKeyReturnsTheCurrentOrTheNamedVersion() {
        KeyClient client = AZURE.keyClient();
        String name = name("get");
        KeyVaultKey first = client.createRsaKey(new CreateRsaKeyOptions(name).setKeySize(2048));
        KeyVaultKey second = client.rotateKey(name);

        assertThat(client.getKey(name).getId()).isEqualTo(second.getId());
        assertThat(client.getKey(name, first.getProperties().getVersion()).getId()).isEqualTo(first.getId());
        assertThatThrownBy(() -> client.getKey(name, "0123456789abcdef0123456789abcdef"))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void listsPageThroughNextLink() {
        AzureKeyVaultFake small = AzureKeyVaultFake.builder().pageSize(2).build();
        try (AzureKeyVaultFakeServer server = new AzureKeyVaultFakeServer(small).start(0)) {
            KeyClient client = dev.kms4j.testkit.azure.internal.AzureSdkClients
                    .keyClientBuilder(server.endpoint(), server.sslContext(), "t").buildClient();
            for (int i = 0; i < 5; i++) {
                client.createEcKey(new CreateEcKeyOptions("paged-" + i));
            }
            client.rotateKey("paged-0");
            client.rotateKey("paged-0");

            List<String> names = names(client.listPropertiesOfKeys());
            List<String> versions = StreamSupport.stream(client.listPropertiesOfKeyVersions("paged-0").spliterator(), false)
                    .map(KeyProperties::getVersion).collect(Collectors.toList());

            assertThat(names).containsExactly("paged-0", "paged-1", "paged-2", "paged-3", "paged-4");
            assertThat(versions).containsExactlyElementsOf(small.versions("paged-0"));
        }
    }

    @Test
    void ecdsaSignatureIsRawRAndSAndVerifiesWithTheJdk() throws Exception {
        KeyVaultKey key = AZURE.keyClient().createEcKey(new CreateEcKeyOptions(name("sign")));
        CryptographyClient crypto = AZURE.cryptographyClientBuilder(key.getId()).buildClient();

        SignResult signed = crypto.sign(SignatureAlgorithm.ES256, sha256(MESSAGE));

        byte[] raw = signed.getSignature();
        assertThat(raw).hasSize(64);
        assertThat(signed.getKeyId()).isEqualTo(key.getId());
        Signature jdk = Signature.getInstance("SHA256withECDSAinP1363Format");
        jdk.initVerify(key.getKey().toEc().getPublic());
        jdk.update(MESSAGE);
        assertThat(jdk.verify(raw)).isTrue();
        assertThat(crypto.verify(SignatureAlgorithm.ES256, sha256(MESSAGE), raw).isValid()).isTrue();
    }

    @Test
    void remoteVerifyAnswersFalseForAWrongSignature() throws Exception {
        KeyVaultKey key = AZURE.keyClient().createRsaKey(new CreateRsaKeyOptions(name("verify")));
        CryptographyClient crypto = AZURE.cryptographyClientBuilder(key.getId()).disableKeyCaching().buildClient();
        byte[] signature = crypto.sign(SignatureAlgorithm.PS256, sha256(MESSAGE)).getSignature();
        signature[10] ^= 1;

        assertThat(crypto.verify(SignatureAlgorithm.PS256, sha256(MESSAGE), signature).isValid()).isFalse();
    }

    @Test
    void rsaSignatureVerifiesWithTheJdk() throws Exception {
        KeyVaultKey key = AZURE.keyClient().createRsaKey(new CreateRsaKeyOptions(name("rs256")));
        CryptographyClient crypto = AZURE.cryptographyClientBuilder(key.getId()).disableKeyCaching().buildClient();

        byte[] signature = crypto.sign(SignatureAlgorithm.RS256, sha256(MESSAGE)).getSignature();

        Signature jdk = Signature.getInstance("SHA256withRSA");
        jdk.initVerify(rsaPublicKey(key));
        jdk.update(MESSAGE);
        assertThat(jdk.verify(signature)).isTrue();
    }

    @Test
    void rsaOaep256CiphertextDecryptsOnTheService() {
        KeyVaultKey key = AZURE.keyClient().createRsaKey(new CreateRsaKeyOptions(name("oaep")));
        CryptographyClient crypto = AZURE.cryptographyClientBuilder(key.getId()).buildClient();

        // Encrypt runs locally in the SDK with the fetched public key (it needs key_ops); decrypt on the fake.
        EncryptResult encrypted = crypto.encrypt(EncryptionAlgorithm.RSA_OAEP_256, MESSAGE);

        assertThat(crypto.decrypt(EncryptionAlgorithm.RSA_OAEP_256, encrypted.getCipherText()).getPlainText())
                .isEqualTo(MESSAGE);
    }

    @Test
    void aesGcmBindsTheAdditionalAuthenticatedData() {
        KeyVaultKey key = AZURE.keyClient().createOctKey(new CreateOctKeyOptions(name("gcm")).setHardwareProtected(true)
                .setKeySize(256));
        CryptographyClient crypto = AZURE.cryptographyClientBuilder(key.getId()).disableKeyCaching().buildClient();
        byte[] aad = "context".getBytes(StandardCharsets.UTF_8);

        EncryptResult encrypted = crypto.encrypt(EncryptParameters.createA256GcmParameters(MESSAGE, aad), null);

        assertThat(encrypted.getIv()).hasSize(12);
        assertThat(encrypted.getAuthenticationTag()).hasSize(16);
        assertThat(crypto.decrypt(DecryptParameters.createA256GcmParameters(encrypted.getCipherText(), encrypted.getIv(),
                encrypted.getAuthenticationTag(), aad), null).getPlainText()).isEqualTo(MESSAGE);
        assertThatThrownBy(() -> crypto.decrypt(DecryptParameters.createA256GcmParameters(encrypted.getCipherText(),
                encrypted.getIv(), encrypted.getAuthenticationTag(), "other".getBytes(StandardCharsets.UTF_8)), null))
                .isInstanceOfSatisfying(HttpResponseException.class,
                        e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(400));
    }

    @Test
    void wrapAndUnwrapRoundTripForRsaAndAesKeyWrap() {
        byte[] dek = new byte[32];
        new java.security.SecureRandom().nextBytes(dek);
        KeyVaultKey rsa = AZURE.keyClient().createRsaKey(new CreateRsaKeyOptions(name("wrap-rsa")));
        KeyVaultKey oct = AZURE.keyClient().createOctKey(new CreateOctKeyOptions(name("wrap-oct")).setHardwareProtected(true));
        CryptographyClient rsaCrypto = AZURE.cryptographyClientBuilder(rsa.getId()).disableKeyCaching().buildClient();
        CryptographyClient octCrypto = AZURE.cryptographyClientBuilder(oct.getId()).disableKeyCaching().buildClient();

        byte[] rsaWrapped = rsaCrypto.wrapKey(KeyWrapAlgorithm.RSA_OAEP_256, dek).getEncryptedKey();
        byte[] kwWrapped = octCrypto.wrapKey(KeyWrapAlgorithm.A256KW, dek).getEncryptedKey();

        assertThat(rsaCrypto.unwrapKey(KeyWrapAlgorithm.RSA_OAEP_256, rsaWrapped).getKey()).isEqualTo(dek);
        assertThat(kwWrapped).hasSize(40);
        assertThat(octCrypto.unwrapKey(KeyWrapAlgorithm.A256KW, kwWrapped).getKey()).isEqualTo(dek);
    }

    @Test
    void disabledKeyRefusesSigningWithKeyDisabled() throws Exception {
        KeyClient client = AZURE.keyClient();
        KeyVaultKey key = client.createEcKey(new CreateEcKeyOptions(name("disabled")));
        client.updateKeyProperties(key.getProperties().setEnabled(false));
        CryptographyClient crypto = AZURE.cryptographyClientBuilder(key.getId()).disableKeyCaching().buildClient();
        byte[] digest = sha256(MESSAGE);

        assertThatThrownBy(() -> crypto.sign(SignatureAlgorithm.ES256, digest))
                .isInstanceOfSatisfying(HttpResponseException.class,
                        e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(403))
                .hasMessageContaining("KeyDisabled");
        assertThat(client.getKey(key.getName()).getProperties().isEnabled()).isFalse();
    }

    @Test
    void deletedKeyIsRecoverableAndPurgeable() {
        KeyClient client = AZURE.keyClient();
        String name = name("delete");
        client.createEcKey(new CreateEcKeyOptions(name));

        DeletedKey deleted = client.beginDeleteKey(name).waitForCompletion(Duration.ofSeconds(30)).getValue();

        assertThat(deleted.getRecoveryId()).isEqualTo(AZURE.endpoint() + "/deletedkeys/" + name);
        assertThat(deleted.getScheduledPurgeDate()).isAfter(deleted.getDeletedOn());
        assertThat(client.getDeletedKey(name).getName()).isEqualTo(name);
        assertThatThrownBy(() -> client.getKey(name)).isInstanceOf(ResourceNotFoundException.class);

        client.beginRecoverDeletedKey(name).waitForCompletion(Duration.ofSeconds(30));
        assertThat(client.getKey(name).getName()).isEqualTo(name);

        client.beginDeleteKey(name).waitForCompletion(Duration.ofSeconds(30));
        client.purgeDeletedKey(name);
        assertThat(AZURE.fake().deletedKeyNames()).doesNotContain(name);
    }

    @Test
    void creatingAKeyUnderADeletedNameIsAConflict() {
        KeyClient client = AZURE.keyClient();
        String name = name("conflict");
        client.createEcKey(new CreateEcKeyOptions(name));
        client.beginDeleteKey(name).waitForCompletion(Duration.ofSeconds(30));

        assertThatThrownBy(() -> client.createEcKey(new CreateEcKeyOptions(name)))
                .isInstanceOfSatisfying(HttpResponseException.class,
                        e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(409));
    }

    @Test
    void rotationPolicyIsStoredAndReadBack() {
        KeyClient client = AZURE.keyClient();
        String name = name("policy");
        client.createEcKey(new CreateEcKeyOptions(name));
        KeyRotationPolicy policy = new KeyRotationPolicy().setExpiresIn("P2Y").setLifetimeActions(List.of(
                new KeyRotationLifetimeAction(KeyRotationPolicyAction.ROTATE).setTimeAfterCreate("P90D")));

        client.updateKeyRotationPolicy(name, policy);
        KeyRotationPolicy read = client.getKeyRotationPolicy(name);

        assertThat(read.getExpiresIn()).isEqualTo("P2Y");
        assertThat(read.getLifetimeActions()).singleElement().satisfies(a -> {
            assertThat(a.getAction()).isEqualTo(KeyRotationPolicyAction.ROTATE);
            assertThat(a.getTimeAfterCreate()).isEqualTo("P90D");
        });
    }

    @Test
    void everyClientIsChallengedOnceThenSendsItsToken() {
        AzureKeyVaultFake fresh = AzureKeyVaultFake.builder().acceptedToken("only-this").build();
        try (AzureKeyVaultFakeServer server = new AzureKeyVaultFakeServer(fresh).start(0)) {
            KeyClient client = dev.kms4j.testkit.azure.internal.AzureSdkClients
                    .keyClientBuilder(server.endpoint(), server.sslContext(), "only-this").buildClient();

            client.createEcKey(new CreateEcKeyOptions("challenged"));
            client.getKey("challenged");
            client.rotateKey("challenged");

            // The SDK caches challenges per host:port for the whole JVM, so a reused port may see none at all.
            assertThat(fresh.challengeCount()).isLessThanOrEqualTo(1);
            assertThat(fresh.requestCount("CreateKey")).isEqualTo(1);
        }
    }

    @Test
    void aWrongTokenIsRefusedWhenOneIsRequired() {
        AzureKeyVaultFake strict = AzureKeyVaultFake.builder().acceptedToken("right").build();
        try (AzureKeyVaultFakeServer server = new AzureKeyVaultFakeServer(strict).start(0)) {
            KeyClient client = dev.kms4j.testkit.azure.internal.AzureSdkClients
                    .keyClientBuilder(server.endpoint(), server.sslContext(), "wrong").buildClient();

            assertThatThrownBy(() -> client.createEcKey(new CreateEcKeyOptions("nope")))
                    .isInstanceOfSatisfying(HttpResponseException.class,
                            e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(401));
            assertThat(strict.keyNames()).isEmpty();
        }
    }

    @Test
    void theSdkRefusesToSendATokenOverPlainHttp() {
        KeyClient client = new com.azure.security.keyvault.keys.KeyClientBuilder()
                .vaultUrl("http://127.0.0.1:" + AZURE.server().port())
                .httpClient(dev.kms4j.testkit.azure.internal.AzureSdkClients.httpClient(AZURE.sslContext()))
                .credential(dev.kms4j.testkit.azure.internal.AzureSdkClients.staticToken("t"))
                .disableChallengeResourceVerification()
                .retryOptions(new com.azure.core.http.policy.RetryOptions(
                        new com.azure.core.http.policy.FixedDelayOptions(0, Duration.ofMillis(1))))
                .buildClient();

        assertThatThrownBy(() -> client.getKey("anything")).hasMessageContaining("HTTPS");
    }

    @Test
    void deletedKeysAreListedWithTheirRecoveryIds() {
        KeyClient client = AZURE.keyClient();
        String name = name("listed-deleted");
        client.createEcKey(new CreateEcKeyOptions(name));
        client.beginDeleteKey(name).waitForCompletion(Duration.ofSeconds(30));

        List<DeletedKey> deleted = StreamSupport.stream(client.listDeletedKeys().spliterator(), false)
                .filter(d -> d.getName().equals(name)).collect(Collectors.toList());

        assertThat(deleted).singleElement().satisfies(d -> {
            assertThat(d.getRecoveryId()).endsWith("/deletedkeys/" + name);
            assertThat(d.getScheduledPurgeDate()).isNotNull();
        });
    }

    @Test
    void updateChangesEnabledAndTagsAndKeepsTheKeyOperations() {
        KeyClient client = AZURE.keyClient();
        KeyVaultKey key = client.createRsaKey(new CreateRsaKeyOptions(name("update"))
                .setKeyOperations(KeyOperation.SIGN, KeyOperation.VERIFY));

        KeyVaultKey updated = client.updateKeyProperties(key.getProperties().setEnabled(false)
                .setTags(java.util.Map.of("team", "core")));

        assertThat(updated.getProperties().isEnabled()).isFalse();
        assertThat(updated.getProperties().getTags()).containsEntry("team", "core");
        assertThat(updated.getKeyOperations()).containsExactly(KeyOperation.SIGN, KeyOperation.VERIFY);
        assertThat(updated.getProperties().getUpdatedOn()).isAfterOrEqualTo(key.getProperties().getUpdatedOn());
    }

    @Test
    void theSdkRetriesAThrottleAfterItsRetryAfter() {
        KeyClient client = AZURE.keyClient();
        String name = name("throttled");
        client.createEcKey(new CreateEcKeyOptions(name));
        AZURE.fake().faults().on("GetKey").failTimes(1, dev.kms4j.testkit.faults.Fault.throttle());
        int before = AZURE.fake().requestCount("GetKey");

        assertThat(client.getKey(name).getName()).isEqualTo(name);
        assertThat(AZURE.fake().requestCount("GetKey")).isEqualTo(before + 2);
    }

    @Test
    void rsaOaepWithSha1AndPkcs1v15AlsoRoundTrip() {
        KeyVaultKey key = AZURE.keyClient().createRsaKey(new CreateRsaKeyOptions(name("rsa-algs")));
        CryptographyClient crypto = AZURE.cryptographyClientBuilder(key.getId()).disableKeyCaching().buildClient();

        for (EncryptionAlgorithm alg : List.of(EncryptionAlgorithm.RSA_OAEP, EncryptionAlgorithm.RSA1_5)) {
            byte[] ciphertext = crypto.encrypt(alg, MESSAGE).getCipherText();
            assertThat(crypto.decrypt(alg, ciphertext).getPlainText()).as(alg.toString()).isEqualTo(MESSAGE);
        }
    }

    private static List<String> names(PagedIterable<KeyProperties> items) {
        return StreamSupport.stream(items.spliterator(), false).map(KeyProperties::getName).collect(Collectors.toList());
    }

    private static PublicKey rsaPublicKey(KeyVaultKey key) throws Exception {
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(new BigInteger(1, key.getKey().getN()),
                new BigInteger(1, key.getKey().getE())));
    }
}
