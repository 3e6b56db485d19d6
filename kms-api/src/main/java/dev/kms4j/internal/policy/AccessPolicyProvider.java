package dev.kms4j.internal.policy;

import dev.kms4j.Caller;
import dev.kms4j.CallerContext;
import dev.kms4j.CreateKeyOptions;
import dev.kms4j.DataKey;
import dev.kms4j.DekSpec;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyMetadata;
import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsOperation;
import dev.kms4j.RotationPolicy;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.WrappedKey;
import dev.kms4j.policy.KeyAccessPolicy;
import dev.kms4j.spi.ForwardingKmsProvider;
import dev.kms4j.spi.KmsProvider;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks every call against a {@link KeyAccessPolicy} before it goes further in: a denied call
 * never reaches a cache or the provider and fails with {@link KmsErrorCode#PERMISSION_DENIED}.
 * The caller comes from {@link CallerContext}. Thread-safe; holds no secrets.
 */
public final class AccessPolicyProvider extends ForwardingKmsProvider {
    private final KeyAccessPolicy policy;

    public AccessPolicyProvider(KmsProvider delegate, KeyAccessPolicy policy) {
        super(delegate);
        this.policy = policy;
    }

    private void check(KmsOperation operation, KeyRef ref) {
        Caller caller = CallerContext.current().orElse(null);
        if (!policy.isAllowed(caller, operation, ref.withoutVersion().toUri())) {
            throw denied(caller, operation, ref.toUri(), ref);
        }
    }

    private KmsException denied(Caller caller, KmsOperation operation, String target, KeyRef ref) {
        String who = caller == null ? "anonymous caller (no CallerContext)" : "principal '" + caller.principal() + "'";
        return KmsException.builder(KmsErrorCode.PERMISSION_DENIED,
                        who + " may not " + operation.methodName() + " " + target + " (key access policy)")
                .provider(scheme()).keyRef(ref).build();
    }

    @Override
    public KeyMetadata createKey(KeyRef ref, CreateKeyOptions options) {
        check(KmsOperation.CREATE_KEY, ref);
        return super.createKey(ref, options);
    }

    /**
     * The prefix the caller lists under must be allowed; keys in the answer that the caller may not
     * list are left out, so a listing never shows keys outside the caller's scope.
     */
    @Override
    public List<KeyRef> listKeys(String scope) {
        Caller caller = CallerContext.current().orElse(null);
        String prefix = scheme() + "://" + scope;
        if (!policy.isAllowed(caller, KmsOperation.LIST_KEYS, prefix)) {
            throw denied(caller, KmsOperation.LIST_KEYS, prefix, null);
        }
        List<KeyRef> visible = new ArrayList<>();
        for (KeyRef ref : super.listKeys(scope)) {
            if (policy.isAllowed(caller, KmsOperation.LIST_KEYS, ref.withoutVersion().toUri())) {
                visible.add(ref);
            }
        }
        return visible;
    }

    @Override
    public KeyMetadata metadata(KeyRef ref) {
        check(KmsOperation.METADATA, ref);
        return super.metadata(ref);
    }

    @Override
    public KeyRef rotate(KeyRef ref) {
        check(KmsOperation.ROTATE, ref);
        return super.rotate(ref);
    }

    @Override
    public RotationPolicy rotationPolicy(KeyRef ref) {
        check(KmsOperation.ROTATION_POLICY, ref);
        return super.rotationPolicy(ref);
    }

    @Override
    public void setRotationPolicy(KeyRef ref, RotationPolicy rotationPolicy) {
        check(KmsOperation.SET_ROTATION_POLICY, ref);
        super.setRotationPolicy(ref, rotationPolicy);
    }

    @Override
    public void disable(KeyRef ref) {
        check(KmsOperation.DISABLE, ref);
        super.disable(ref);
    }

    @Override
    public void enable(KeyRef ref) {
        check(KmsOperation.ENABLE, ref);
        super.enable(ref);
    }

    @Override
    public Instant scheduleDeletion(KeyRef ref, Duration pendingWindow) {
        check(KmsOperation.SCHEDULE_DELETION, ref);
        return super.scheduleDeletion(ref, pendingWindow);
    }

    @Override
    public void cancelDeletion(KeyRef ref) {
        check(KmsOperation.CANCEL_DELETION, ref);
        super.cancelDeletion(ref);
    }

    @Override
    public byte[] sign(KeyRef ref, SignatureAlgorithm algorithm, byte[] message) {
        check(KmsOperation.SIGN, ref);
        return super.sign(ref, algorithm, message);
    }

    @Override
    public boolean verify(KeyRef ref, SignatureAlgorithm algorithm, byte[] message, byte[] signature) {
        check(KmsOperation.VERIFY, ref);
        return super.verify(ref, algorithm, message, signature);
    }

    @Override
    public PublicKey publicKey(KeyRef ref) {
        check(KmsOperation.GET_PUBLIC_KEY, ref);
        return super.publicKey(ref);
    }

    @Override
    public byte[] encrypt(KeyRef ref, byte[] plaintext, EncryptionContext context) {
        check(KmsOperation.ENCRYPT, ref);
        return super.encrypt(ref, plaintext, context);
    }

    @Override
    public byte[] decrypt(KeyRef ref, byte[] ciphertext, EncryptionContext context) {
        check(KmsOperation.DECRYPT, ref);
        return super.decrypt(ref, ciphertext, context);
    }

    @Override
    public DataKey createDek(KeyRef kek, DekSpec spec, EncryptionContext context) {
        check(KmsOperation.CREATE_DEK, kek);
        return super.createDek(kek, spec, context);
    }

    @Override
    public WrappedKey wrap(KeyRef kek, byte[] key, EncryptionContext context) {
        check(KmsOperation.WRAP, kek);
        return super.wrap(kek, key, context);
    }

    /** Checked against the KEK that wrapped the key, the version recorded in {@code wrapped}. */
    @Override
    public DataKey unwrap(WrappedKey wrapped, EncryptionContext context) {
        check(KmsOperation.UNWRAP, wrapped.kek());
        return super.unwrap(wrapped, context);
    }
}
