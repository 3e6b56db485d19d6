package dev.kms4j.resilience4j.internal;

import dev.kms4j.CreateKeyOptions;
import dev.kms4j.DataKey;
import dev.kms4j.DekSpec;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyMetadata;
import dev.kms4j.KeyRef;
import dev.kms4j.RotationPolicy;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.WrappedKey;
import dev.kms4j.resilience4j.CircuitStatus;
import dev.kms4j.spi.ForwardingKmsProvider;
import dev.kms4j.spi.KmsProvider;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A provider whose every operation runs under a {@link CallGuard}. {@code scheme()},
 * {@code capabilities()} and {@code close()} are forwarded unguarded. Thread-safe if the wrapped
 * provider is; it never looks at arguments or results, so it holds no secrets.
 */
public final class ResilientProvider extends ForwardingKmsProvider {
    private final CallGuard guard;
    private final Consumer<ResilientProvider> onClose;

    /**
     * @param onClose told once when this provider is closed (the decorator stops listing its circuits)
     */
    public ResilientProvider(KmsProvider delegate, CallGuard guard, Consumer<ResilientProvider> onClose) {
        super(delegate);
        this.guard = Objects.requireNonNull(guard, "guard");
        this.onClose = Objects.requireNonNull(onClose, "onClose");
    }

    /** The state of this provider's circuits. */
    public List<CircuitStatus> circuits() {
        return guard.circuits();
    }

    @Override
    public KeyMetadata createKey(KeyRef ref, CreateKeyOptions options) {
        return guard.call(Operation.CREATE_KEY, ref, null, () -> super.createKey(ref, options));
    }

    @Override
    public List<KeyRef> listKeys(String scope) {
        return guard.call(Operation.LIST_KEYS, null, scope, () -> super.listKeys(scope));
    }

    @Override
    public KeyMetadata metadata(KeyRef ref) {
        return guard.call(Operation.METADATA, ref, null, () -> super.metadata(ref));
    }

    @Override
    public KeyRef rotate(KeyRef ref) {
        return guard.call(Operation.ROTATE, ref, null, () -> super.rotate(ref));
    }

    @Override
    public RotationPolicy rotationPolicy(KeyRef ref) {
        return guard.call(Operation.ROTATION_POLICY, ref, null, () -> super.rotationPolicy(ref));
    }

    @Override
    public void setRotationPolicy(KeyRef ref, RotationPolicy policy) {
        guard.call(Operation.SET_ROTATION_POLICY, ref, null, () -> {
            super.setRotationPolicy(ref, policy);
            return null;
        });
    }

    @Override
    public void disable(KeyRef ref) {
        guard.call(Operation.DISABLE, ref, null, () -> {
            super.disable(ref);
            return null;
        });
    }

    @Override
    public void enable(KeyRef ref) {
        guard.call(Operation.ENABLE, ref, null, () -> {
            super.enable(ref);
            return null;
        });
    }

    @Override
    public Instant scheduleDeletion(KeyRef ref, Duration pendingWindow) {
        return guard.call(Operation.SCHEDULE_DELETION, ref, null, () -> super.scheduleDeletion(ref, pendingWindow));
    }

    @Override
    public void cancelDeletion(KeyRef ref) {
        guard.call(Operation.CANCEL_DELETION, ref, null, () -> {
            super.cancelDeletion(ref);
            return null;
        });
    }

    @Override
    public byte[] sign(KeyRef ref, SignatureAlgorithm algorithm, byte[] message) {
        return guard.call(Operation.SIGN, ref, null, () -> super.sign(ref, algorithm, message));
    }

    @Override
    public boolean verify(KeyRef ref, SignatureAlgorithm algorithm, byte[] message, byte[] signature) {
        return guard.call(Operation.VERIFY, ref, null, () -> super.verify(ref, algorithm, message, signature));
    }

    @Override
    public PublicKey publicKey(KeyRef ref) {
        return guard.call(Operation.GET_PUBLIC_KEY, ref, null, () -> super.publicKey(ref));
    }

    @Override
    public byte[] encrypt(KeyRef ref, byte[] plaintext, EncryptionContext context) {
        return guard.call(Operation.ENCRYPT, ref, null, () -> super.encrypt(ref, plaintext, context));
    }

    @Override
    public byte[] decrypt(KeyRef ref, byte[] ciphertext, EncryptionContext context) {
        return guard.call(Operation.DECRYPT, ref, null, () -> super.decrypt(ref, ciphertext, context));
    }

    @Override
    public DataKey createDek(KeyRef kek, DekSpec spec, EncryptionContext context) {
        return guard.call(Operation.CREATE_DEK, kek, null, () -> super.createDek(kek, spec, context));
    }

    @Override
    public WrappedKey wrap(KeyRef kek, byte[] key, EncryptionContext context) {
        return guard.call(Operation.WRAP, kek, null, () -> super.wrap(kek, key, context));
    }

    @Override
    public DataKey unwrap(WrappedKey wrapped, EncryptionContext context) {
        return guard.call(Operation.UNWRAP, wrapped.kek(), null, () -> super.unwrap(wrapped, context));
    }

    @Override
    public void close() {
        try {
            onClose.accept(this);
        } finally {
            super.close();
        }
    }
}
