package dev.kms4j.azure;

import dev.kms4j.Capability;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.ProviderConfig;
import dev.kms4j.azure.internal.AzureClients;
import dev.kms4j.azure.internal.AzureErrors;
import dev.kms4j.azure.internal.AzureKeyVaultProvider;
import dev.kms4j.azure.internal.AzureSettings;
import dev.kms4j.spi.KmsProvider;
import dev.kms4j.spi.KmsProviderFactory;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Creates Azure Key Vault / Managed HSM providers (scheme {@code azure-kv}) over the Azure SDK
 * ({@code KeyClient}, {@code CryptographyClient}) with the JDK {@code HttpClient} transport.
 * Discovered through {@link java.util.ServiceLoader}; enable it explicitly with
 * {@code KmsManager.builder().enable("azure-kv", config)}.
 *
 * <p>Settings (explicit, then system property {@code kms4j.azure-kv.<name>}, then environment):
 * {@code vault-url} ({@code AZURE_KEYVAULT_URL}; https only, comma-separated for several vaults);
 * credentials: {@code auth-token} ({@code AZURE_AUTH_TOKEN}, a static bearer token), or
 * {@code tenant-id}/{@code client-id}/{@code client-secret} ({@code AZURE_TENANT_ID},
 * {@code AZURE_CLIENT_ID}, {@code AZURE_CLIENT_SECRET}), or {@code credential=managed-identity}
 * (optional {@code managed-identity-client-id}), else {@code DefaultAzureCredential};
 * {@code trust-cert} (PEM text or file, replaces the JDK trust store, for fakes and private CAs);
 * {@code challenge-resource-verification} (true); {@code hardware-protected} (false);
 * {@code connect-timeout} (5s), {@code response-timeout} (30s), {@code max-sdk-retries} (1; kms4j
 * retries on its own). See {@code docs/providers/azure.md}.
 *
 * <p>Key URIs: {@code azure-kv://<vault-host>/<key>[#<version>]} and Azure's key ids
 * {@code https://<vault-host>/keys/<key>[/<version>]}.
 *
 * <p><strong>Secret:</strong> the token and client secret in the config; neither this factory
 * nor its providers log them or show them in {@code toString()}. Stateless and thread-safe.
 */
public final class AzureKeyVaultProviderFactory implements KmsProviderFactory {
    /** The key URI scheme served. */
    public static final String SCHEME = AzureErrors.SCHEME;

    private static final Set<Capability> CAPABILITIES = Collections.unmodifiableSet(EnumSet.allOf(Capability.class));

    /** For {@link java.util.ServiceLoader}. */
    public AzureKeyVaultProviderFactory() {
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    /**
     * Validates the settings and builds the clients. No call is made to Azure here: credentials
     * are checked by the first operation ({@code UNAUTHENTICATED} if Azure refuses them).
     */
    @Override
    public KmsProvider create(ProviderConfig config) {
        AzureSettings settings = AzureSettings.resolve(config.forScheme(SCHEME));
        try {
            return new AzureKeyVaultProvider(settings, new AzureClients(settings));
        } catch (KmsException e) {
            throw e;
        } catch (RuntimeException e) {
            // The SDK's message is its own (it never holds the credentials), but the type says enough.
            throw KmsException.builder(KmsErrorCode.INVALID_ARGUMENT, "could not build the Azure Key Vault clients for "
                            + settings + " (" + e.getClass().getSimpleName() + ")")
                    .provider(SCHEME).cause(e).build();
        }
    }

    @Override
    public String toString() {
        return "AzureKeyVaultProviderFactory[" + SCHEME + "]";
    }
}
