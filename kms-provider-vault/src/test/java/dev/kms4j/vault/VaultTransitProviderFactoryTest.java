package dev.kms4j.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.Capability;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsManager;
import dev.kms4j.ProviderConfig;
import dev.kms4j.spi.KmsProviderFactory;
import dev.kms4j.testkit.vault.VaultTransitFakeExtension;
import java.util.ServiceLoader;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class VaultTransitProviderFactoryTest {
    @RegisterExtension
    static final VaultTransitFakeExtension VAULT = VaultTransitFakeExtension.builder().build();

    @Test
    void isDiscoveredByServiceLoader() {
        assertThat(ServiceLoader.load(KmsProviderFactory.class).stream().map(ServiceLoader.Provider::type))
                .contains(VaultTransitProviderFactory.class);
    }

    @Test
    void deletionIsOfferedOnlyWhenAllowed() {
        try (KmsManager plain = KmsManager.builder().enable("vault-transit", VAULT.providerConfig()).build();
             KmsManager deleting = KmsManager.builder().enable("vault-transit", ProviderConfig.builder()
                     .set("address", VAULT.endpoint().toString()).set("token", VAULT.rootToken())
                     .set("allow-key-deletion", "true").build()).build()) {
            assertThat(plain.capabilities("vault-transit")).doesNotContain(Capability.SCHEDULE_DELETION, Capability.ENABLE_DISABLE);
            assertThat(deleting.capabilities("vault-transit")).contains(Capability.SCHEDULE_DELETION);
        }
    }

    @Test
    void tinkHcvaultUrisNameTheSameKey() {
        try (KmsManager kms = KmsManager.builder().enable("vault-transit", VAULT.providerConfig()).build()) {
            String name = "tink-" + UUID.randomUUID();
            KeyRef created = kms.createKey(KeyRef.parse("vault-transit://" + VAULT.endpoint().getAuthority() + "/transit/" + name),
                    KeySpec.AES_256);

            KeyRef tink = KeyRef.parse("hcvault://" + VAULT.endpoint().getAuthority() + "/transit/keys/" + name);

            assertThat(tink).isEqualTo(created);
            assertThat(kms.metadata(tink).spec()).isEqualTo(KeySpec.AES_256);
        }
    }
}
