package dev.kms4j.vault;

import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.WrappedKey;
import dev.kms4j.spi.KmsProvider;

/**
 * The Vault Transit provider, with the two Transit operations kms4j's common API has no name for:
 * re-encrypting under the latest key version without exposing the plaintext ({@code rewrap}) and
 * retiring old key versions ({@code min_decryption_version}). Obtain one with
 * {@code new VaultTransitProviderFactory().create(config)}; through {@code KmsManager} the
 * provider offers the common operations only.
 *
 * <p>Thread-safe. The ciphertexts this provider returns are Vault's own text form
 * {@code vault:v<N>:<base64>} as UTF-8 bytes, so they also work with Vault's CLI and other clients
 * (given the same associated data: see {@code docs/providers/vault.md}).
 */
public interface VaultTransitProvider extends KmsProvider {
    /**
     * Re-encrypts a ciphertext made by {@code encrypt} under the key's latest version, inside
     * Vault; the plaintext never leaves Vault.
     *
     * @param key the key (unversioned)
     * @param context the context the ciphertext was made under
     * @return the new ciphertext
     */
    byte[] rewrap(KeyRef key, byte[] ciphertext, EncryptionContext context);

    /** Re-wraps a wrapped key under its KEK's latest version; the result names that version. */
    WrappedKey rewrap(WrappedKey wrapped, EncryptionContext context);

    /**
     * Sets the key's {@code min_decryption_version}: ciphertexts and signatures of older versions
     * are refused from then on (with {@code INVALID_KEY_STATE}); the versions stay in Vault until
     * trimmed, so the change can be undone by lowering the minimum again.
     *
     * @param minDecryptionVersion 1 to the latest version
     */
    void retireVersionsBefore(KeyRef key, int minDecryptionVersion);
}
