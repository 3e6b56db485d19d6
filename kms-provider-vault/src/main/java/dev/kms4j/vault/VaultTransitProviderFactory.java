package dev.kms4j.vault;

import dev.kms4j.Capability;
import dev.kms4j.ProviderConfig;
import dev.kms4j.spi.KmsProviderFactory;
import dev.kms4j.vault.internal.VaultTransitKmsProvider;
import dev.kms4j.vault.internal.VaultTransitSettings;
import java.time.Clock;
import java.util.Set;

/**
 * Creates HashiCorp Vault / OpenBao Transit providers (scheme {@code vault-transit}) over
 * vault-java-driver. Discovered through {@link java.util.ServiceLoader}; enable it explicitly with
 * {@code KmsManager.builder().enable("vault-transit", config)}. Tink's
 * {@code hcvault://host:port/<mount>/keys/<name>} URIs are accepted: {@code KeyRef.parse} turns
 * them into {@code vault-transit://host:port/<mount>/<name>}.
 *
 * <p>Settings (explicit, then system property {@code kms4j.vault-transit.<name>}, then
 * environment): {@code address} ({@code VAULT_ADDR}, required); {@code token}
 * ({@code VAULT_TOKEN}) or {@code approle-role-id}/{@code approle-secret-id}
 * ({@code VAULT_ROLE_ID}/{@code VAULT_SECRET_ID}, with {@code approle-mount}, default
 * {@code approle}); {@code namespace} ({@code VAULT_NAMESPACE}); {@code mount} (default
 * {@code transit}, used for listing); {@code tls-ca-file} ({@code VAULT_CACERT}),
 * {@code tls-client-cert-file}/{@code tls-client-key-file}; {@code open-timeout} (5s),
 * {@code read-timeout} (30s); {@code derived-keys} (false); {@code allow-key-deletion} (false). See
 * {@code docs/providers/vault.md}.
 *
 * <p><strong>Secret:</strong> the token and AppRole secret id in the config; neither this factory
 * nor its providers log them or show them in {@code toString()}. Stateless and thread-safe.
 */
public final class VaultTransitProviderFactory implements KmsProviderFactory {
    /** The key URI scheme served. */
    public static final String SCHEME = "vault-transit";

    /** For {@link java.util.ServiceLoader}. */
    public VaultTransitProviderFactory() {
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    /** Every capability a provider can have; {@code SCHEDULE_DELETION} only with {@code allow-key-deletion=true}. */
    @Override
    public Set<Capability> capabilities() {
        return VaultTransitKmsProvider.capabilities(true);
    }

    /**
     * Validates the settings and sets up the driver. No call is made to Vault here (an AppRole
     * login happens on first use): bad credentials show up as {@code UNAUTHENTICATED} then.
     */
    @Override
    public VaultTransitProvider create(ProviderConfig config) {
        return new VaultTransitKmsProvider(VaultTransitSettings.resolve(config.forScheme(SCHEME)), Clock.systemUTC());
    }

    @Override
    public String toString() {
        return "VaultTransitProviderFactory[" + SCHEME + "]";
    }
}
