package dev.kms4j.opentelemetry.internal;

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
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Wraps every operation of the provider in a span. Only the scheme, the operation name, the key
 * URI and the failure's code and type are recorded: never arguments or results. Not part of the
 * API. Thread-safe if the delegate is.
 */
public final class TracedProvider extends ForwardingKmsProvider {
    static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("kms4j.provider");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("kms4j.operation");
    static final AttributeKey<String> KEY = AttributeKey.stringKey("kms4j.key");
    static final AttributeKey<String> ERROR_CODE = AttributeKey.stringKey("kms4j.error.code");
    static final AttributeKey<Boolean> ERROR_RETRYABLE = AttributeKey.booleanKey("kms4j.error.retryable");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private final Tracer tracer;
    private final boolean keyAttribute;
    private final String scheme;

    public TracedProvider(KmsProvider delegate, Tracer tracer, boolean keyAttribute) {
        super(delegate);
        this.tracer = tracer;
        this.keyAttribute = keyAttribute;
        this.scheme = delegate.scheme();
    }

    private <T> T traced(Operation operation, KeyRef ref, Supplier<T> call) {
        SpanBuilder builder = tracer.spanBuilder(operation.spanName).setSpanKind(SpanKind.CLIENT)
                .setAttribute(PROVIDER, scheme).setAttribute(OPERATION, operation.operationName);
        if (keyAttribute && ref != null) {
            builder.setAttribute(KEY, ref.toUri());
        }
        Span span = builder.startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return call.get();
        } catch (KmsException e) {
            failed(span, e.code(), e.isRetryable(), e);
            throw e;
        } catch (RuntimeException e) {
            // KmsManager turns this into INTERNAL; the span says so, with the original type.
            failed(span, KmsErrorCode.INTERNAL, false, e);
            throw e;
        } finally {
            span.end();
        }
    }

    /** Records the code and the exception's type only: its message and trace stay out of traces. */
    private static void failed(Span span, KmsErrorCode code, boolean retryable, RuntimeException e) {
        span.setStatus(StatusCode.ERROR, code.name());
        span.setAttribute(ERROR_CODE, code.name());
        span.setAttribute(ERROR_RETRYABLE, retryable);
        span.setAttribute(ERROR_TYPE, e.getClass().getName());
    }

    private void traced(Operation operation, KeyRef ref, Runnable call) {
        traced(operation, ref, () -> {
            call.run();
            return null;
        });
    }

    @Override
    public KeyMetadata createKey(KeyRef ref, CreateKeyOptions options) {
        return traced(Operation.CREATE_KEY, ref, () -> super.createKey(ref, options));
    }

    @Override
    public List<KeyRef> listKeys(String scope) {
        return traced(Operation.LIST_KEYS, null, () -> super.listKeys(scope));
    }

    @Override
    public KeyMetadata metadata(KeyRef ref) {
        return traced(Operation.METADATA, ref, () -> super.metadata(ref));
    }

    @Override
    public KeyRef rotate(KeyRef ref) {
        return traced(Operation.ROTATE, ref, () -> super.rotate(ref));
    }

    @Override
    public RotationPolicy rotationPolicy(KeyRef ref) {
        return traced(Operation.ROTATION_POLICY, ref, () -> super.rotationPolicy(ref));
    }

    @Override
    public void setRotationPolicy(KeyRef ref, RotationPolicy policy) {
        traced(Operation.SET_ROTATION_POLICY, ref, () -> super.setRotationPolicy(ref, policy));
    }

    @Override
    public void disable(KeyRef ref) {
        traced(Operation.DISABLE, ref, () -> super.disable(ref));
    }

    @Override
    public void enable(KeyRef ref) {
        traced(Operation.ENABLE, ref, () -> super.enable(ref));
    }

    @Override
    public Instant scheduleDeletion(KeyRef ref, Duration pendingWindow) {
        return traced(Operation.SCHEDULE_DELETION, ref, () -> super.scheduleDeletion(ref, pendingWindow));
    }

    @Override
    public void cancelDeletion(KeyRef ref) {
        traced(Operation.CANCEL_DELETION, ref, () -> super.cancelDeletion(ref));
    }

    @Override
    public byte[] sign(KeyRef ref, SignatureAlgorithm algorithm, byte[] message) {
        return traced(Operation.SIGN, ref, () -> super.sign(ref, algorithm, message));
    }

    @Override
    public boolean verify(KeyRef ref, SignatureAlgorithm algorithm, byte[] message, byte[] signature) {
        return traced(Operation.VERIFY, ref, () -> super.verify(ref, algorithm, message, signature));
    }

    @Override
    public PublicKey publicKey(KeyRef ref) {
        return traced(Operation.GET_PUBLIC_KEY, ref, () -> super.publicKey(ref));
    }

    @Override
    public byte[] encrypt(KeyRef ref, byte[] plaintext, EncryptionContext context) {
        return traced(Operation.ENCRYPT, ref, () -> super.encrypt(ref, plaintext, context));
    }

    @Override
    public byte[] decrypt(KeyRef ref, byte[] ciphertext, EncryptionContext context) {
        return traced(Operation.DECRYPT, ref, () -> super.decrypt(ref, ciphertext, context));
    }

    @Override
    public DataKey createDek(KeyRef kek, DekSpec spec, EncryptionContext context) {
        return traced(Operation.CREATE_DEK, kek, () -> super.createDek(kek, spec, context));
    }

    @Override
    public WrappedKey wrap(KeyRef kek, byte[] key, EncryptionContext context) {
        return traced(Operation.WRAP, kek, () -> super.wrap(kek, key, context));
    }

    @Override
    public DataKey unwrap(WrappedKey wrapped, EncryptionContext context) {
        return traced(Operation.UNWRAP, wrapped.kek(), () -> super.unwrap(wrapped, context));
    }

    /** The operations, with their span names built once rather than on every call. */
    private enum Operation {
        CREATE_KEY("createKey"),
        LIST_KEYS("listKeys"),
        METADATA("metadata"),
        ROTATE("rotate"),
        ROTATION_POLICY("rotationPolicy"),
        SET_ROTATION_POLICY("setRotationPolicy"),
        DISABLE("disable"),
        ENABLE("enable"),
        SCHEDULE_DELETION("scheduleDeletion"),
        CANCEL_DELETION("cancelDeletion"),
        SIGN("sign"),
        VERIFY("verify"),
        GET_PUBLIC_KEY("getPublicKey"),
        ENCRYPT("encrypt"),
        DECRYPT("decrypt"),
        CREATE_DEK("createDek"),
        WRAP("wrap"),
        UNWRAP("unwrap");

        final String operationName;
        final String spanName;

        Operation(String name) {
            this.operationName = name;
            this.spanName = "kms4j " + name;
        }
    }
}
