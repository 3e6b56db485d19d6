package dev.kms4j.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kms4j.CreateKeyOptions;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.ProviderConfig;
import dev.kms4j.testkit.MutableClock;
import dev.kms4j.testkit.vault.VaultTransitFakeExtension;
import dev.kms4j.vault.internal.VaultTransitKmsProvider;
import dev.kms4j.vault.internal.VaultTransitSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** AppRole login on first use, renewal before expiry, and a new login when renewal can no longer help. */
class VaultTransitAppRoleTest {
    private static final MutableClock CLOCK = new MutableClock();

    @RegisterExtension
    static final VaultTransitFakeExtension VAULT = VaultTransitFakeExtension.builder()
            .appRole("role-1", "secret-1")
            .tokenTtl(Duration.ofMinutes(10), Duration.ofMinutes(12))
            .clock(CLOCK)
            .resetBeforeEach(true)
            .build();

    private VaultTransitKmsProvider provider;

    private VaultTransitKmsProvider provider(String secretId) {
        ProviderConfig config = ProviderConfig.builder()
                .set("address", VAULT.endpoint().toString())
                .set("approle-role-id", "role-1")
                .set("approle-secret-id", secretId)
                .environment(java.util.Map.of())
                .build().forScheme("vault-transit");
        provider = new VaultTransitKmsProvider(VaultTransitSettings.resolve(config), CLOCK);
        return provider;
    }

    @AfterEach
    void close() {
        if (provider != null) {
            provider.close();
        }
    }

    private KeyRef newKey(VaultTransitKmsProvider p) {
        KeyRef ref = KeyRef.of("vault-transit", VAULT.endpoint().getAuthority() + "/transit/a-" + UUID.randomUUID());
        return p.createKey(ref, CreateKeyOptions.of(KeySpec.AES_256)).ref();
    }

    private static byte[] encryptSomething(VaultTransitKmsProvider p, KeyRef key) {
        return p.encrypt(key, "x".getBytes(StandardCharsets.UTF_8), EncryptionContext.empty());
    }

    @Test
    void firstCallLogsInOnce() {
        VaultTransitKmsProvider p = provider("secret-1");

        KeyRef key = newKey(p);
        encryptSomething(p, key);

        assertThat(VAULT.fake().requestCount("login")).isEqualTo(1);
        assertThat(VAULT.fake().requestCount("renew-self")).isZero();
    }

    @Test
    void tokenIsRenewedOnceTwoThirdsOfItsLeaseHavePassed() {
        VaultTransitKmsProvider p = provider("secret-1");
        KeyRef key = newKey(p);

        CLOCK.advance(Duration.ofMinutes(7));
        encryptSomething(p, key);

        assertThat(VAULT.fake().requestCount("renew-self")).isEqualTo(1);
        assertThat(VAULT.fake().requestCount("login")).isEqualTo(1);
    }

    @Test
    void tokenNearItsMaximumTtlIsReplacedByANewLogin() {
        VaultTransitKmsProvider p = provider("secret-1");
        KeyRef key = newKey(p);
        CLOCK.advance(Duration.ofMinutes(7));
        encryptSomething(p, key); // renewed up to the 12-minute maximum: 5 minutes left

        CLOCK.advance(Duration.ofMinutes(4)); // 1 minute left: renewal cannot help
        byte[] ciphertext = encryptSomething(p, key);

        assertThat(VAULT.fake().requestCount("login")).isEqualTo(2);
        assertThat(p.decrypt(key, ciphertext, EncryptionContext.empty())).isEqualTo("x".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void revokedTokenLeadsToOneNewLoginAndTheCallSucceeds() {
        VaultTransitKmsProvider p = provider("secret-1");
        KeyRef key = newKey(p);

        VAULT.fake().revokeIssuedTokens();
        byte[] ciphertext = encryptSomething(p, key);

        assertThat(ciphertext).isNotEmpty();
        assertThat(VAULT.fake().requestCount("login")).isEqualTo(2);
    }

    @Test
    void wrongSecretIdIsUnauthenticated() {
        VaultTransitKmsProvider p = provider("wrong-secret");

        KmsException e = catchThrowableOfType(KmsException.class, () -> p.metadata(
                KeyRef.of("vault-transit", VAULT.endpoint().getAuthority() + "/transit/k")));

        assertThat(e.code()).isEqualTo(KmsErrorCode.UNAUTHENTICATED);
        assertThat(e.getMessage()).doesNotContain("wrong-secret");
    }
}
