package dev.kms4j.micrometer.internal;

import dev.kms4j.CreateKeyOptions;
import dev.kms4j.DataKey;
import dev.kms4j.DekSpec;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyMetadata;
import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.RotationPolicy;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.WrappedKey;
import dev.kms4j.spi.ForwardingKmsProvider;
import dev.kms4j.spi.KmsProvider;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Times every operation of the provider it wraps into {@link ProviderMeters}. Operation names are
 * the ones {@code KmsManager} uses. Never looks at arguments or results beyond the key reference.
 * Not part of the API. Thread-safe if the delegate is.
 */
public final class MeteredProvider extends ForwardingKmsProvider {
    private final ProviderMeters meters;
    private final OperationMeters createKeyMeters;
    private final OperationMeters listKeysMeters;
    private final OperationMeters metadataMeters;
    private final OperationMeters rotateMeters;
    private final OperationMeters rotationPolicyMeters;
    private final OperationMeters setRotationPolicyMeters;
    private final OperationMeters disableMeters;
    private final OperationMeters enableMeters;
    private final OperationMeters scheduleDeletionMeters;
    private final OperationMeters cancelDeletionMeters;
    private final OperationMeters signMeters;
    private final OperationMeters verifyMeters;
    private final OperationMeters getPublicKeyMeters;
    private final OperationMeters encryptMeters;
    private final OperationMeters decryptMeters;
    private final OperationMeters createDekMeters;
    private final OperationMeters wrapMeters;
    private final OperationMeters unwrapMeters;

    public MeteredProvider(KmsProvider delegate, ProviderMeters meters) {
        super(delegate);
        this.meters = meters;
        this.createKeyMeters = meters.operation("createKey");
        this.listKeysMeters = meters.operation("listKeys");
        this.metadataMeters = meters.operation("metadata");
        this.rotateMeters = meters.operation("rotate");
        this.rotationPolicyMeters = meters.operation("rotationPolicy");
        this.setRotationPolicyMeters = meters.operation("setRotationPolicy");
        this.disableMeters = meters.operation("disable");
        this.enableMeters = meters.operation("enable");
        this.scheduleDeletionMeters = meters.operation("scheduleDeletion");
        this.cancelDeletionMeters = meters.operation("cancelDeletion");
        this.signMeters = meters.operation("sign");
        this.verifyMeters = meters.operation("verify");
        this.getPublicKeyMeters = meters.operation("getPublicKey");
        this.encryptMeters = meters.operation("encrypt");
        this.decryptMeters = meters.operation("decrypt");
        this.createDekMeters = meters.operation("createDek");
        this.wrapMeters = meters.operation("wrap");
        this.unwrapMeters = meters.operation("unwrap");
    }

    private static <T> T timed(OperationMeters operation, KeyRef ref, Supplier<T> call) {
        long start = operation.start();
        try {
            T result = call.get();
            operation.ok(ref, start);
            return result;
        } catch (KmsException e) {
            operation.error(ref, e.code(), start);
            throw e;
        } catch (RuntimeException e) {
            // KmsManager reports a provider's unexpected exception as INTERNAL; count it so.
            operation.error(ref, KmsErrorCode.INTERNAL, start);
            throw e;
        }
    }

    private static void timed(OperationMeters operation, KeyRef ref, Runnable call) {
        timed(operation, ref, () -> {
            call.run();
            return null;
        });
    }

    @Override
    public KeyMetadata createKey(KeyRef ref, CreateKeyOptions options) {
        return timed(createKeyMeters, ref, () -> super.createKey(ref, options));
    }

    @Override
    public List<KeyRef> listKeys(String scope) {
        return timed(listKeysMeters, null, () -> super.listKeys(scope));
    }

    @Override
    public KeyMetadata metadata(KeyRef ref) {
        return timed(metadataMeters, ref, () -> super.metadata(ref));
    }

    @Override
    public KeyRef rotate(KeyRef ref) {
        return timed(rotateMeters, ref, () -> super.rotate(ref));
    }

    @Override
    public RotationPolicy rotationPolicy(KeyRef ref) {
        return timed(rotationPolicyMeters, ref, () -> super.rotationPolicy(ref));
    }

    @Override
    public void setRotationPolicy(KeyRef ref, RotationPolicy policy) {
        timed(setRotationPolicyMeters, ref, () -> super.setRotationPolicy(ref, policy));
    }

    @Override
    public void disable(KeyRef ref) {
        timed(disableMeters, ref, () -> super.disable(ref));
    }

    @Override
    public void enable(KeyRef ref) {
        timed(enableMeters, ref, () -> super.enable(ref));
    }

    @Override
    public Instant scheduleDeletion(KeyRef ref, Duration pendingWindow) {
        return timed(scheduleDeletionMeters, ref, () -> super.scheduleDeletion(ref, pendingWindow));
    }

    @Override
    public void cancelDeletion(KeyRef ref) {
        timed(cancelDeletionMeters, ref, () -> super.cancelDeletion(ref));
    }

    @Override
    public byte[] sign(KeyRef ref, SignatureAlgorithm algorithm, byte[] message) {
        return timed(signMeters, ref, () -> super.sign(ref, algorithm, message));
    }

    @Override
    public boolean verify(KeyRef ref, SignatureAlgorithm algorithm, byte[] message, byte[] signature) {
        return timed(verifyMeters, ref, () -> super.verify(ref, algorithm, message, signature));
    }

    @Override
    public PublicKey publicKey(KeyRef ref) {
        return timed(getPublicKeyMeters, ref, () -> super.publicKey(ref));
    }

    @Override
    public byte[] encrypt(KeyRef ref, byte[] plaintext, EncryptionContext context) {
        return timed(encryptMeters, ref, () -> super.encrypt(ref, plaintext, context));
    }

    @Override
    public byte[] decrypt(KeyRef ref, byte[] ciphertext, EncryptionContext context) {
        return timed(decryptMeters, ref, () -> super.decrypt(ref, ciphertext, context));
    }

    @Override
    public DataKey createDek(KeyRef kek, DekSpec spec, EncryptionContext context) {
        return timed(createDekMeters, kek, () -> super.createDek(kek, spec, context));
    }

    @Override
    public WrappedKey wrap(KeyRef kek, byte[] key, EncryptionContext context) {
        return timed(wrapMeters, kek, () -> super.wrap(kek, key, context));
    }

    @Override
    public DataKey unwrap(WrappedKey wrapped, EncryptionContext context) {
        return timed(unwrapMeters, wrapped.kek(), () -> super.unwrap(wrapped, context));
    }

    @Override
    public void close() {
        try {
            super.close();
        } finally {
            meters.close();
        }
    }
}
