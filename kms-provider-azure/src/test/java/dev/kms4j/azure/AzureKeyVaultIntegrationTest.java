package dev.kms4j.azure;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import dev.kms4j.ProviderConfig;
import dev.kms4j.azure.internal.AzureSettings;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider conformance suite against a real Azure Key Vault or Managed HSM. Runs only with
 * {@code -Pintegration} (the default build excludes {@code *IntegrationTest}), and skips itself
 * unless {@code KMS4J_IT_AZURE_VAULT_URL} is set together with a credential: {@code AZURE_AUTH_TOKEN},
 * or {@code AZURE_TENANT_ID}, {@code AZURE_CLIENT_ID} and {@code AZURE_CLIENT_SECRET}, or
 * {@code KMS4J_IT_AZURE_CREDENTIAL=default} to use {@code DefaultAzureCredential} (Azure CLI login,
 * managed identity, …).
 *
 * <p>The identity needs the "Key Vault Crypto Officer" role (Key Vault) or "Managed HSM Crypto
 * User" plus key creation rights (Managed HSM). Symmetric keys exist only on Managed HSM, so
 * against a Key Vault the encryption tests skip themselves. Every key a test creates is
 * soft-deleted when the test ends (purged by the vault after its retention period). Costs money.
 */
class AzureKeyVaultIntegrationTest extends AzureKeyVaultContract {
    private static final Logger LOG = LoggerFactory.getLogger(AzureKeyVaultIntegrationTest.class);
    private static final String VAULT_VARIABLE = "KMS4J_IT_AZURE_VAULT_URL";

    private static String vaultUrl;
    private static String vaultHost;
    private static String credential;
    private final List<KeyRef> requested = new ArrayList<>();

    @BeforeAll
    static void requireCredentials() {
        vaultUrl = System.getenv(VAULT_VARIABLE);
        skipUnless(vaultUrl != null && !vaultUrl.isBlank(), "Azure Key Vault integration tests skipped: set "
                + VAULT_VARIABLE + " and a credential (AZURE_AUTH_TOKEN, or AZURE_TENANT_ID/AZURE_CLIENT_ID/"
                + "AZURE_CLIENT_SECRET, or KMS4J_IT_AZURE_CREDENTIAL=default) to run them");
        boolean token = present("AZURE_AUTH_TOKEN");
        boolean secret = present("AZURE_TENANT_ID") && present("AZURE_CLIENT_ID") && present("AZURE_CLIENT_SECRET");
        boolean chain = "default".equals(System.getenv("KMS4J_IT_AZURE_CREDENTIAL"));
        skipUnless(token || secret || chain, "Azure Key Vault integration tests skipped: " + VAULT_VARIABLE
                + " is set but no credential is (AZURE_AUTH_TOKEN, AZURE_TENANT_ID/AZURE_CLIENT_ID/AZURE_CLIENT_SECRET,"
                + " or KMS4J_IT_AZURE_CREDENTIAL=default)");
        credential = token ? "token" : secret ? "client-secret" : "default";
        vaultHost = URI.create(vaultUrl.trim()).getRawAuthority().toLowerCase(java.util.Locale.ROOT);
    }

    private static boolean present(String variable) {
        String v = System.getenv(variable);
        return v != null && !v.isBlank();
    }

    /** Surefire shows a class-level skip as "0 tests": say why in the log as well. */
    private static void skipUnless(boolean condition, String message) {
        if (!condition) {
            LOG.warn(message);
        }
        assumeTrue(condition, message);
    }

    private static ProviderConfig config() {
        // Credentials come from the environment (AZURE_AUTH_TOKEN, AZURE_CLIENT_SECRET, …), never from here.
        return ProviderConfig.of(Map.of("vault-url", vaultUrl.trim(), "credential", credential));
    }

    @Override
    protected KmsManager createManager() {
        return KmsManager.builder().enable("azure-kv", config()).build();
    }

    @Override
    protected KeyRef newKeyRef(String hint) {
        KeyRef ref = KeyRef.of("azure-kv", vaultHost + "/kms4j-it-" + hint + "-" + UUID.randomUUID());
        requested.add(ref);
        return ref;
    }

    @Override
    protected Set<KeySpec> supportedKeySpecs() {
        Set<KeySpec> specs = EnumSet.copyOf(super.supportedKeySpecs());
        if (!AzureSettings.isManagedHsm(vaultHost)) {
            specs.remove(KeySpec.AES_256); // oct keys exist only on Managed HSM
        }
        return specs;
    }

    @Override
    protected Duration minDeletionWindow() {
        return Duration.ofDays(7);
    }

    /** Soft-deletes every key this test created. */
    @AfterEach
    void deleteCreatedKeys() {
        if (requested.isEmpty()) {
            return;
        }
        try (KmsManager cleanup = createManager()) {
            for (KeyRef ref : requested) {
                try {
                    cleanup.scheduleDeletion(ref, minDeletionWindow());
                } catch (KmsException e) {
                    // Never created, or already deleted by the test: nothing to do; anything else needs a human.
                    LOG.debug("cleanup of integration-test key {}: {}", ref, e.code());
                }
            }
        }
        requested.clear();
    }
}
