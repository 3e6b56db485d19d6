package dev.kms4j.spi;

import dev.kms4j.Capability;
import dev.kms4j.CreateKeyOptions;
import dev.kms4j.DataKey;
import dev.kms4j.DekSpec;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyMetadata;
import dev.kms4j.KeyRef;
import dev.kms4j.ProviderHealth;
import dev.kms4j.RotationPolicy;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.WrappedKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A provider that forwards every call to another one: the base of every {@link ProviderDecorator}.
 * A decorator overrides only the operations its concern touches, so a new operation added to
 * {@link KmsProvider} reaches the real provider through every decorator unchanged.
 *
 * <p>Thread-safe if the delegate is. Holds no secrets itself.
 */
public abstract class ForwardingKmsProvider implements KmsProvider {
    private final KmsProvider delegate;

    protected ForwardingKmsProvider(KmsProvider delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The provider this one forwards to. */
    protected final KmsProvider delegate() {
        return delegate;
    }

    @Override
    public String scheme() {
        return delegate.scheme();
    }

    @Override
    public Set<Capability> capabilities() {
        return delegate.capabilities();
    }

    @Override
    public KeyMetadata createKey(KeyRef ref, CreateKeyOptions options) {
        return delegate.createKey(ref, options);
    }

    @Override
    public List<KeyRef> listKeys(String scope) {
        return delegate.listKeys(scope);
    }

    @Override
    public KeyMetadata metadata(KeyRef ref) {
        return delegate.metadata(ref);
    }

    @Override
    public KeyRef rotate(KeyRef ref) {
        return delegate.rotate(ref);
    }

    @Override
    public RotationPolicy rotationPolicy(KeyRef ref) {
        return delegate.rotationPolicy(ref);
    }

    @Override
    public void setRotationPolicy(KeyRef ref, RotationPolicy policy) {
        delegate.setRotationPolicy(ref, policy);
    }

    @Override
    public void disable(KeyRef ref) {
        delegate.disable(ref);
    }

    @Override
    public void enable(KeyRef ref) {
        delegate.enable(ref);
    }

    @Override
    public Instant scheduleDeletion(KeyRef ref, Duration pendingWindow) {
        return delegate.scheduleDeletion(ref, pendingWindow);
    }

    @Override
    public void cancelDeletion(KeyRef ref) {
        delegate.cancelDeletion(ref);
    }

    @Override
    public byte[] sign(KeyRef ref, SignatureAlgorithm algorithm, byte[] message) {
        return delegate.sign(ref, algorithm, message);
    }

    @Override
    public boolean verify(KeyRef ref, SignatureAlgorithm algorithm, byte[] message, byte[] signature) {
        return delegate.verify(ref, algorithm, message, signature);
    }

    @Override
    public PublicKey publicKey(KeyRef ref) {
        return delegate.publicKey(ref);
    }

    @Override
    public byte[] encrypt(KeyRef ref, byte[] plaintext, EncryptionContext context) {
        return delegate.encrypt(ref, plaintext, context);
    }

    @Override
    public byte[] decrypt(KeyRef ref, byte[] ciphertext, EncryptionContext context) {
        return delegate.decrypt(ref, ciphertext, context);
    }

    @Override
    public DataKey createDek(KeyRef kek, DekSpec spec, EncryptionContext context) {
        return delegate.createDek(kek, spec, context);
    }

    @Override
    public WrappedKey wrap(KeyRef kek, byte[] key, EncryptionContext context) {
        return delegate.wrap(kek, key, context);
    }

    @Override
    public DataKey unwrap(WrappedKey wrapped, EncryptionContext context) {
        return delegate.unwrap(wrapped, context);
    }

    /**
     * Forwards to the delegate, so the probe reaches the real provider without passing the other
     * decorators' operations (no retries that would hide an outage, no audit records, no policy
     * check: the manager, not a caller, runs the probe, and only its status leaves the manager).
     */
    @Override
    public ProviderHealth health() {
        return delegate.health();
    }

    @Override
    public void clearCache() {
        delegate.clearCache();
    }

    @Override
    public void clearCache(KeyRef ref) {
        delegate.clearCache(ref);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + delegate + "]";
    }
}
