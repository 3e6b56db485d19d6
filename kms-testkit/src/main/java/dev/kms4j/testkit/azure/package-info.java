/**
 * A stateful fake of Azure Key Vault (keys) for tests:
 * {@link dev.kms4j.testkit.azure.AzureKeyVaultFake} (the service, real cryptography, bearer
 * challenge, fault injection), {@link dev.kms4j.testkit.azure.AzureKeyVaultFakeServer} (serves it
 * over HTTPS on 127.0.0.1 with a generated self-signed certificate) and
 * {@link dev.kms4j.testkit.azure.AzureKeyVaultFakeExtension} (JUnit 5). The official Azure SDK
 * clients work against it unchanged. The {@code internal} sub-package is not API.
 */
package dev.kms4j.testkit.azure;
