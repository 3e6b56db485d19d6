package dev.kms4j.azure.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.ProviderConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AzureSettingsTest {
    private static final String VAULT = "https://myvault.vault.azure.net";

    private static ProviderConfig.Builder config(Map<String, String> env) {
        return ProviderConfig.builder().environment(env).systemProperties(new Properties());
    }

    private static AzureSettings resolve(ProviderConfig.Builder b) {
        return AzureSettings.resolve(b.build().forScheme("azure-kv"));
    }

    private static KmsException failure(ProviderConfig.Builder b) {
        return catchThrowableOfType(KmsException.class, () -> resolve(b));
    }

    @Test
    void plainHttpVaultUrlIsRefusedSoNoTokenIsEverSentInTheClear() {
        KmsException e = failure(config(Map.of()).set("vault-url", "http://127.0.0.1:8080").set("auth-token", "t0ken"));

        assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
        assertThat(e.getMessage()).contains("https").doesNotContain("t0ken");
    }

    @Test
    void vaultUrlIsRequired() {
        assertThat(failure(config(Map.of())).code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void vaultUrlWithAPathOrUserInfoIsRefused() {
        assertThat(failure(config(Map.of()).set("vault-url", VAULT + "/keys")).code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
        assertThat(failure(config(Map.of()).set("vault-url", "https://u:p@myvault.vault.azure.net")).code())
                .isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void severalVaultsAreKeyedByLowerCaseHost() {
        AzureSettings s = resolve(config(Map.of()).set("vault-url", "https://A.vault.azure.net/, https://b.managedhsm.azure.net"));

        assertThat(s.vaultHosts()).containsExactly("a.vault.azure.net", "b.managedhsm.azure.net");
        assertThat(s.hardwareProtected("b.managedhsm.azure.net")).isTrue();
        assertThat(s.hardwareProtected("a.vault.azure.net")).isFalse();
    }

    @Test
    void tokenFromTheEnvironmentSelectsTheTokenCredential() {
        AzureSettings s = resolve(config(Map.of("AZURE_AUTH_TOKEN", "t0ken", "AZURE_KEYVAULT_URL", VAULT)));

        assertThat(s.credentialSource()).isEqualTo(AzureSettings.CredentialSource.TOKEN);
        assertThat(s.authToken()).contains("t0ken");
        assertThat(s.toString()).doesNotContain("t0ken");
    }

    @Test
    void clientSecretNeedsTenantAndClientIds() {
        KmsException e = failure(config(Map.of()).set("vault-url", VAULT).set("client-secret", "s3cret"));

        assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
        assertThat(e.getMessage()).doesNotContain("s3cret");
    }

    @Test
    void clientSecretCredentialIsNeverShown() {
        AzureSettings s = resolve(config(Map.of()).set("vault-url", VAULT).set("tenant-id", "t").set("client-id", "c")
                .set("client-secret", "s3cret"));

        assertThat(s.credentialSource()).isEqualTo(AzureSettings.CredentialSource.CLIENT_SECRET);
        assertThat(s.toString()).doesNotContain("s3cret");
    }

    @Test
    void withoutCredentialsTheDefaultChainIsUsed() {
        assertThat(resolve(config(Map.of()).set("vault-url", VAULT)).credentialSource())
                .isEqualTo(AzureSettings.CredentialSource.DEFAULT);
    }

    @Test
    void managedIdentityIsChosenExplicitly() {
        assertThat(resolve(config(Map.of()).set("vault-url", VAULT).set("credential", "managed-identity")).credentialSource())
                .isEqualTo(AzureSettings.CredentialSource.MANAGED_IDENTITY);
        assertThat(failure(config(Map.of()).set("vault-url", VAULT).set("credential", "magic")).code())
                .isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void defaultsAreSmallSdkRetriesAndBoundedTimeouts() {
        AzureSettings s = resolve(config(Map.of()).set("vault-url", VAULT));

        assertThat(s.maxSdkRetries()).isEqualTo(1);
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.responseTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.challengeResourceVerification()).isTrue();
    }

    @Test
    void tooManySdkRetriesAreRefused() {
        assertThat(failure(config(Map.of()).set("vault-url", VAULT).set("max-sdk-retries", "11")).code())
                .isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void trustCertIsReadFromAFile(@TempDir Path dir) throws Exception {
        Path pem = dir.resolve("ca.pem");
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");

        assertThat(resolve(config(Map.of()).set("vault-url", VAULT).set("trust-cert", pem.toString())).trustCertPem())
                .hasValueSatisfying(v -> assertThat(v).contains("BEGIN CERTIFICATE"));
        assertThat(failure(config(Map.of()).set("vault-url", VAULT).set("trust-cert", dir.resolve("missing").toString()))
                .code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
    }
}
