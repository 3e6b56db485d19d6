package dev.kms4j.vault.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.ProviderConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class VaultTransitSettingsTest {
    private static VaultTransitSettings resolve(Map<String, String> explicit, Map<String, String> env) {
        return VaultTransitSettings.resolve(ProviderConfig.builder().setAll(explicit).environment(env)
                .systemProperties(new Properties()).build().forScheme("vault-transit"));
    }

    private static KmsException failure(Map<String, String> explicit, Map<String, String> env) {
        return catchThrowableOfType(KmsException.class, () -> resolve(explicit, env));
    }

    @Test
    void readsAddressTokenAndNamespaceFromTheEnvironment() {
        VaultTransitSettings s = resolve(Map.of(), Map.of("VAULT_ADDR", "https://vault.example.com:8200",
                "VAULT_TOKEN", "hvs.abc", "VAULT_NAMESPACE", "team-a/"));

        assertThat(s.authority()).isEqualTo("vault.example.com:8200");
        assertThat(s.token()).hasValue("hvs.abc");
        assertThat(s.namespace()).hasValue("team-a");
        assertThat(s.mount()).isEqualTo("transit");
    }

    @Test
    void hasDocumentedDefaults() {
        VaultTransitSettings s = resolve(Map.of("address", "http://127.0.0.1:8200", "token", "t"), Map.of());

        assertThat(s.openTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.usesAppRole()).isFalse();
        assertThat(s.derivedKeys()).isFalse();
        assertThat(s.allowKeyDeletion()).isFalse();
    }

    @Test
    void missingAddressIsInvalidArgument() {
        assertThat(failure(Map.of("token", "t"), Map.of()).code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void missingCredentialsIsInvalidArgument() {
        assertThat(failure(Map.of("address", "http://h:8200"), Map.of()).getMessage()).contains("token", "approle");
    }

    @Test
    void appRoleNeedsBothIds() {
        assertThat(failure(Map.of("address", "http://h:8200", "approle-role-id", "r"), Map.of()).code())
                .isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void appRoleWinsOverAnEnvironmentToken() {
        VaultTransitSettings s = resolve(Map.of("address", "http://h:8200", "approle-role-id", "r", "approle-secret-id", "s"),
                Map.of("VAULT_TOKEN", "t"));

        assertThat(s.usesAppRole()).isTrue();
        assertThat(s.token()).isEmpty();
    }

    @Test
    void addressWithUserInfoOrPathIsRefused() {
        assertThat(failure(Map.of("address", "http://user:pw@h:8200", "token", "t"), Map.of()).getMessage()).doesNotContain("pw");
        assertThat(failure(Map.of("address", "http://h:8200/v1", "token", "t"), Map.of()).code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
        assertThat(failure(Map.of("address", "ftp://h", "token", "t"), Map.of()).code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void mountWithTraversalIsRefused() {
        assertThat(failure(Map.of("address", "http://h:8200", "token", "t", "mount", "transit/../sys"), Map.of()).code())
                .isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void tlsFilesNeedHttps() {
        assertThat(failure(Map.of("address", "http://h:8200", "token", "t", "tls-ca-file", "/etc/hostname"), Map.of()).code())
                .isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void unreadableCaFileIsRefused() {
        assertThat(failure(Map.of("address", "https://h:8200", "token", "t", "tls-ca-file", "/nonexistent/ca.pem"), Map.of()).code())
                .isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void toStringShowsNoSecrets() {
        VaultTransitSettings s = resolve(Map.of("address", "http://h:8200", "approle-role-id", "role-abc",
                "approle-secret-id", "secret-xyz"), Map.of());
        VaultTransitSettings t = resolve(Map.of("address", "http://h:8200", "token", "hvs.token-xyz"), Map.of());

        assertThat(s.toString()).doesNotContain("secret-xyz", "role-abc");
        assertThat(t.toString()).doesNotContain("hvs.token-xyz");
    }
}
