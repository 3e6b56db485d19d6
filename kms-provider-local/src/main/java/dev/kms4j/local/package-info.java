/**
 * The local provider (scheme {@code local}): an embedded keystore whose keys live in a directory
 * encrypted under a master key, or in memory ({@code path=:memory:}), with all cryptography in
 * this process.
 *
 * <p>Applications normally use it only through {@link dev.kms4j.KmsManager} by enabling
 * {@code "local"}; {@link dev.kms4j.local.LocalKmsProviderFactory} is discovered with
 * {@link java.util.ServiceLoader}. {@link dev.kms4j.local.MasterKey} and
 * {@link dev.kms4j.local.LocalKeystore} are the administrative API (master-key rotation,
 * passphrase change). Secrets: {@code MasterKey} holds key material; close it when done.
 * See {@code docs/providers/local.md} and {@code docs/security/local-keystore.md}.
 */
package dev.kms4j.local;
