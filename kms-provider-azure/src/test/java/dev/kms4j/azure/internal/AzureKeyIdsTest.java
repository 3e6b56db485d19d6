package dev.kms4j.azure.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AzureKeyIdsTest {
    private static final Set<String> HOSTS = Set.of("myvault.vault.azure.net");

    @Test
    void azureKeyIdUrlsParseToHostNameAndVersion() {
        KeyRef ref = KeyRef.parse("https://MyVault.vault.azure.net/keys/payments/0f3c0f3c0f3c0f3c0f3c0f3c0f3c0f3c");

        AzureKeyIds.VaultKey key = AzureKeyIds.parse(ref, HOSTS);

        assertThat(key.host()).isEqualTo("myvault.vault.azure.net");
        assertThat(key.name()).isEqualTo("payments");
        assertThat(key.version()).isEqualTo("0f3c0f3c0f3c0f3c0f3c0f3c0f3c0f3c");
    }

    @Test
    void aHostThatIsNotConfiguredIsRefusedBeforeAnyCall() {
        KmsException e = catchThrowableOfType(KmsException.class,
                () -> AzureKeyIds.parse(KeyRef.parse("azure-kv://evil.example.com/payments"), HOSTS));

        assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
        assertThat(e.getMessage()).contains("not configured");
    }

    @Test
    void malformedNamesAreRefused() {
        for (String uri : new String[] {"azure-kv://myvault.vault.azure.net/", "azure-kv://myvault.vault.azure.net/a_b",
                "azure-kv://myvault.vault.azure.net/a/b", "azure-kv://payments"}) {
            KmsException e = catchThrowableOfType(KmsException.class, () -> AzureKeyIds.parse(KeyRef.parse(uri), HOSTS));
            assertThat(e).as(uri).isNotNull();
            assertThat(e.code()).as(uri).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
        }
    }

    @Test
    void versionIsTakenFromAKeyIdUrl() {
        assertThat(AzureKeyIds.versionOf("https://h/keys/n/abc")).isEqualTo("abc");
        assertThat(AzureKeyIds.versionOf("https://h/keys/n")).isNull();
    }
}
