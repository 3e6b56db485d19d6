package dev.kms4j.vault;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import dev.kms4j.ProviderConfig;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider conformance suite against a real Vault or OpenBao. Runs only with
 * {@code -Pintegration} (the default build excludes {@code *IntegrationTest}), and skips itself
 * unless {@code VAULT_ADDR} and {@code VAULT_TOKEN} are set. {@code VAULT_NAMESPACE} is honoured;
 * {@code KMS4J_IT_VAULT_MOUNT} names the Transit mount to use (default {@code transit}; it must
 * be enabled: {@code vault secrets enable transit}).
 *
 * <p>Keys are named {@code kms4j-it-<hint>-<uuid>} and deleted after each test (with
 * {@code deletion_allowed}), so the token needs the policy in {@code docs/providers/vault.md}
 * plus {@code update} on {@code <mount>/keys/+/config} and {@code delete} on {@code <mount>/keys/+}.
 */
class VaultTransitIntegrationTest extends VaultTransitContract {
    private static final Logger LOG = LoggerFactory.getLogger(VaultTransitIntegrationTest.class);

    private static String authority;
    private static String mount;
    private static VaultTransitProvider cleanup;
    private final List<KeyRef> requested = new ArrayList<>();

    @BeforeAll
    static void requireVault() {
        String address = System.getenv("VAULT_ADDR");
        String token = System.getenv("VAULT_TOKEN");
        boolean configured = address != null && !address.isBlank() && token != null && !token.isBlank();
        if (!configured) {
            LOG.warn("Vault Transit integration tests skipped: set VAULT_ADDR and VAULT_TOKEN to run them");
        }
        assumeTrue(configured, "Vault Transit integration tests skipped: set VAULT_ADDR and VAULT_TOKEN to run them");
        URI uri = URI.create(address.trim());
        authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        String m = System.getenv("KMS4J_IT_VAULT_MOUNT");
        mount = m == null || m.isBlank() ? "transit" : m.trim();
        cleanup = new VaultTransitProviderFactory().create(ProviderConfig.of(Map.of("mount", mount, "allow-key-deletion", "true")));
    }

    @AfterAll
    static void closeCleanup() {
        if (cleanup != null) {
            cleanup.close();
        }
    }

    @Override
    protected KmsManager createManager() {
        return KmsManager.builder().enable("vault-transit", ProviderConfig.of(Map.of("mount", mount))).build();
    }

    @Override
    protected KeyRef newKeyRef(String hint) {
        KeyRef ref = KeyRef.of("vault-transit", authority + "/" + mount + "/kms4j-it-" + hint + "-" + UUID.randomUUID());
        requested.add(ref);
        return ref;
    }

    /** Deletes every key this test created. */
    @AfterEach
    void deleteCreatedKeys() {
        for (KeyRef ref : requested) {
            try {
                cleanup.scheduleDeletion(ref, Duration.ZERO);
            } catch (KmsException e) {
                if (e.code() != dev.kms4j.KmsErrorCode.NOT_FOUND) {
                    LOG.warn("cleanup of integration-test key {} failed: {}", ref, e.code());
                }
            }
        }
        requested.clear();
    }
}
