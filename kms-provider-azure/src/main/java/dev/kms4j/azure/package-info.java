/**
 * Azure Key Vault and Managed HSM provider for kms4j (scheme {@code azure-kv}).
 *
 * <p>Enable it with {@code KmsManager.builder().enable("azure-kv", config)}; key URIs are
 * {@code azure-kv://<vault-host>/<key>[#<version>]} or Azure's own key ids
 * {@code https://<vault-host>/keys/<key>/<version>}. The only public type is
 * {@link dev.kms4j.azure.AzureKeyVaultProviderFactory}, found by {@link java.util.ServiceLoader};
 * everything in {@code dev.kms4j.azure.internal} is not API. See {@code docs/providers/azure.md}.
 */
package dev.kms4j.azure;
