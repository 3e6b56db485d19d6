/**
 * HashiCorp Vault / OpenBao Transit provider for kms4j (scheme {@code vault-transit}, with Tink's
 * {@code hcvault://} form accepted as an alias).
 *
 * <p>Enable it with {@code KmsManager.builder().enable("vault-transit", config)}; key URIs are
 * {@code vault-transit://<host>:<port>/<mount>/<key>[#<version>]}. See {@code docs/providers/vault.md}.
 */
package dev.kms4j.vault;
