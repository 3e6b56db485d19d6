package dev.kms4j.spi;

import dev.kms4j.Capability;
import dev.kms4j.CreateKeyOptions;
import dev.kms4j.DataKey;
import dev.kms4j.DekSpec;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyMetadata;
import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.ProviderHealth;
import dev.kms4j.RotationPolicy;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.WrappedKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One key-management backend, as seen by {@code KmsManager}. A provider is a plain translator
 * between these calls and its backend: retries, caching, metrics and audit are added around it
 * by {@code KmsManager}, not inside it.
 *
 * <p>Contract for implementations:
 * <ul>
 *   <li>Thread-safe: every method may be called concurrently.</li>
 *   <li>Every failure is a {@link KmsException} with the right {@link KmsErrorCode}; messages
 *       never contain key material, plaintext, tokens or passwords.</li>
 *   <li>Arguments have been null-checked by {@code KmsManager}; the {@link KeyRef}s have this
 *       provider's scheme. The provider validates key ids and input sizes.</li>
 *   <li>Operations on a key without version use its current version; results (ciphertexts,
 *       wrapped keys) record the exact version used so they keep working after rotation.</li>
 *   <li>Bad input changes no state.</li>
 * </ul>
 * Every operation defaults to {@link KmsErrorCode#UNSUPPORTED}, so a provider implements only
 * what its backend can do, and declares the same set in {@link #capabilities()}.
 */
public interface KmsProvider extends AutoCloseable {
    /** The scheme this provider serves. */
    String scheme();

    /** The operations this provider supports. */
    Set<Capability> capabilities();

    /**
     * Creates a key.
     *
     * @param ref the requested key; providers that assign ids (AWS) may treat it as an alias
     * @return the new key's metadata, whose {@code ref()} is the canonical reference
     */
    default KeyMetadata createKey(KeyRef ref, CreateKeyOptions options) {
        throw unsupported("createKey", ref);
    }

    /**
     * Lists keys.
     *
     * @param scope what follows {@code scheme://} in the prefix the caller gave; may be empty
     * @return unversioned references, in a stable order
     */
    default List<KeyRef> listKeys(String scope) {
        throw unsupported("listKeys", null);
    }

    /** Reads a key's metadata. */
    default KeyMetadata metadata(KeyRef ref) {
        throw unsupported("metadata", ref);
    }

    /** Adds a new current version; returns a reference to it. */
    default KeyRef rotate(KeyRef ref) {
        throw unsupported("rotate", ref);
    }

    /** The key's automatic rotation policy. */
    default RotationPolicy rotationPolicy(KeyRef ref) {
        throw unsupported("rotationPolicy", ref);
    }

    /** Sets the key's automatic rotation policy; refuses a period the backend cannot honour. */
    default void setRotationPolicy(KeyRef ref, RotationPolicy policy) {
        throw unsupported("setRotationPolicy", ref);
    }

    /** Disables the key, or only the given version if the reference has one. */
    default void disable(KeyRef ref) {
        throw unsupported("disable", ref);
    }

    /** Enables the key, or only the given version if the reference has one. */
    default void enable(KeyRef ref) {
        throw unsupported("enable", ref);
    }

    /** Schedules destruction after {@code pendingWindow}; returns when it will happen. */
    default Instant scheduleDeletion(KeyRef ref, Duration pendingWindow) {
        throw unsupported("scheduleDeletion", ref);
    }

    /** Cancels a scheduled deletion; the key returns to {@code DISABLED}. */
    default void cancelDeletion(KeyRef ref) {
        throw unsupported("cancelDeletion", ref);
    }

    /** Signs (or MACs) {@code message}; ECDSA output is DER. */
    default byte[] sign(KeyRef ref, SignatureAlgorithm algorithm, byte[] message) {
        throw unsupported("sign", ref);
    }

    /**
     * Verifies a signature or MAC. Returns {@code false} for a wrong or malformed signature;
     * throws only when it cannot decide. An unversioned reference accepts a signature by any
     * version that is enabled.
     */
    default boolean verify(KeyRef ref, SignatureAlgorithm algorithm, byte[] message, byte[] signature) {
        throw unsupported("verify", ref);
    }

    /** The public key of an asymmetric key (current or given version). */
    default PublicKey publicKey(KeyRef ref) {
        throw unsupported("getPublicKey", ref);
    }

    /** Encrypts with the key itself, binding {@code context} as authenticated data. */
    default byte[] encrypt(KeyRef ref, byte[] plaintext, EncryptionContext context) {
        throw unsupported("encrypt", ref);
    }

    /** Decrypts a ciphertext made by {@link #encrypt}; {@code INTEGRITY} if it does not authenticate. */
    default byte[] decrypt(KeyRef ref, byte[] ciphertext, EncryptionContext context) {
        throw unsupported("decrypt", ref);
    }

    /** Generates a data key and returns it with its wrapped form. */
    default DataKey createDek(KeyRef kek, DekSpec spec, EncryptionContext context) {
        throw unsupported("createDek", kek);
    }

    /** Wraps caller-supplied key bytes. The caller still owns {@code key}. */
    default WrappedKey wrap(KeyRef kek, byte[] key, EncryptionContext context) {
        throw unsupported("wrap", kek);
    }

    /** Unwraps with the exact KEK version recorded in {@code wrapped}. */
    default DataKey unwrap(WrappedKey wrapped, EncryptionContext context) {
        throw unsupported("unwrap", wrapped.kek());
    }

    /**
     * Checks that this provider can serve, for {@code KmsManager.health()}; called on a health
     * thread, with a timeout enforced by the manager (so this method need not bound itself, but
     * should not hold locks that other calls need).
     *
     * <p>The default probe is one real, read-only call: {@link #listKeys(String) listKeys("")}
     * when the provider declares {@link Capability#LIST}, whose outcome
     * {@link ProviderHealth#fromProbeFailure} maps to a status; a provider without
     * {@code LIST} is {@link ProviderHealth.Status#UNKNOWN} and is not called. The key list itself
     * is discarded. A provider whose listing is expensive (many pages) or does not prove
     * reachability should override this with its cheapest authenticated read. Decorators may
     * override it too, for example to report an open circuit breaker without calling the backend.
     *
     * <p>Must not throw for an unhealthy backend: return {@link ProviderHealth.Status#DOWN} with
     * a reason instead (the manager still treats an exception as {@code DOWN}). The returned
     * latency and time are replaced by the manager's own measurement.
     */
    default ProviderHealth health() {
        if (!capabilities().contains(Capability.LIST)) {
            return ProviderHealth.builder(scheme(), ProviderHealth.Status.UNKNOWN)
                    .reason("no health probe: the provider cannot list keys and does not override health()")
                    .build();
        }
        try {
            listKeys("");
            return ProviderHealth.up(scheme());
        } catch (KmsException e) {
            return ProviderHealth.fromProbeFailure(scheme(), e);
        }
    }

    /**
     * Drops every cached answer (metadata, public keys) this provider or a decorator around it
     * holds, so the next call asks the backend. Default: nothing is cached, nothing to do.
     * A decorator that does not cache forwards it ({@link ForwardingKmsProvider} does).
     */
    default void clearCache() {
    }

    /** Drops the cached answers for one key, every version of it. Default: nothing to do. */
    default void clearCache(KeyRef ref) {
    }

    /** Releases connections, files and locks. Idempotent. */
    @Override
    void close();

    /** The standard {@code UNSUPPORTED} error for an operation this provider does not offer. */
    default KmsException unsupported(String operation, KeyRef ref) {
        return KmsException.builder(KmsErrorCode.UNSUPPORTED,
                        "provider '" + scheme() + "' does not support " + operation)
                .provider(scheme()).keyRef(ref).build();
    }
}
