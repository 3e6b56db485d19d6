package dev.kms4j.internal.audit;

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
import dev.kms4j.audit.AuditOutcome;
import dev.kms4j.audit.AuditRecord;
import dev.kms4j.audit.AuditSink;
import dev.kms4j.spi.ForwardingKmsProvider;
import dev.kms4j.spi.KmsProvider;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one {@link AuditRecord} per operation to a sink: outcome, error code, latency and the
 * exact key version where the reference or the result tells it. Records are built only from
 * names and codes, never from arguments or results that may be secret.
 *
 * <p>A sink failure is logged (without the record) and the operation's result returned, unless
 * fail-closed is on: then the result is discarded (data keys closed, plaintext zeroed) and the
 * call fails with {@link KmsErrorCode#INTERNAL}. Thread-safe.
 */
public final class AuditingKmsProvider extends ForwardingKmsProvider {
    private static final Logger LOG = LoggerFactory.getLogger(AuditingKmsProvider.class);

    private final AuditSink sink;
    private final boolean failClosed;
    private final Clock clock;
    /** For the system clock (the default): record times without a second clock call. */
    private final AnchoredWallClock anchored;

    public AuditingKmsProvider(KmsProvider delegate, AuditSink sink, boolean failClosed, Clock clock) {
        super(delegate);
        this.sink = sink;
        this.failClosed = failClosed;
        this.clock = clock;
        this.anchored = clock.equals(Clock.systemUTC()) ? new AnchoredWallClock(clock) : null;
    }

    private <T> T audited(KmsOperation operation, String key, String givenVersion, Supplier<T> body,
                          Function<T, String> versionOf, Consumer<T> discard) {
        long start = System.nanoTime();
        Instant time = anchored != null ? anchored.at(start) : clock.instant();
        T result;
        try {
            result = body.get();
        } catch (KmsException e) {
            AuditOutcome outcome = e.code() == KmsErrorCode.PERMISSION_DENIED ? AuditOutcome.DENIED : AuditOutcome.ERROR;
            emitAfterFailure(e, operation, key, givenVersion, time, start, outcome, e.code());
            throw e;
        } catch (RuntimeException e) {
            emitAfterFailure(e, operation, key, givenVersion, time, start, AuditOutcome.ERROR, KmsErrorCode.INTERNAL);
            throw e;
        }
        String version = givenVersion;
        if (versionOf != null && result != null) {
            String reported = versionOf.apply(result);
            version = reported != null ? reported : givenVersion;
        }
        try {
            emit(record(operation, key, version, time, start, AuditOutcome.OK, null));
        } catch (KmsException sinkFailure) {
            if (discard != null && result != null) {
                discard.accept(result);
            }
            throw sinkFailure;
        }
        return result;
    }

    private void emitAfterFailure(RuntimeException failure, KmsOperation operation, String key, String version,
                                  Instant time, long start, AuditOutcome outcome, KmsErrorCode code) {
        try {
            emit(record(operation, key, version, time, start, outcome, code));
        } catch (KmsException sinkFailure) {
            failure.addSuppressed(sinkFailure);
        }
    }

    private AuditRecord record(KmsOperation operation, String key, String version, Instant time, long start,
                               AuditOutcome outcome, KmsErrorCode code) {
        Caller caller = CallerContext.current().orElse(null);
        String requestId = caller == null ? null : caller.requestId().orElse(null);
        return AuditRecord.builder()
                .time(time)
                .requestId(requestId != null ? requestId : RequestIds.next())
                .principal(caller == null ? null : caller.principal())
                .operation(operation)
                .provider(scheme())
                .key(key)
                .keyVersion(version)
                .outcome(outcome)
                .errorCode(code)
                .latency(Duration.ofNanos(System.nanoTime() - start))
                .build();
    }

    /** Hands the record to the sink; throws only when fail-closed is on. */
    private void emit(AuditRecord record) {
        try {
            sink.record(record);
        } catch (RuntimeException e) {
            // The record itself is not logged here: the sink that failed may be the only place
            // it was meant to go, and the WARN line must stay short.
            LOG.warn("audit sink {} failed for {} on {}: {}", sink.getClass().getName(),
                    record.operation().methodName(), record.key(), e.getClass().getName());
            if (failClosed) {
                throw KmsException.builder(KmsErrorCode.INTERNAL, "audit record for " + record.operation().methodName()
                                + " on " + record.key() + " could not be written; failing closed")
                        .provider(scheme()).cause(e).build();
            }
        }
    }

    private static String uri(KeyRef ref) {
        return ref.withoutVersion().toUri();
    }

    private static String version(KeyRef ref) {
        return ref.version().orElse(null);
    }

    private <T> T audited(KmsOperation operation, KeyRef ref, Supplier<T> body) {
        return audited(operation, uri(ref), version(ref), body, null, null);
    }

    private void auditedVoid(KmsOperation operation, KeyRef ref, Runnable body) {
        audited(operation, uri(ref), version(ref), () -> {
            body.run();
            return null;
        }, null, null);
    }

    @Override
    public KeyMetadata createKey(KeyRef ref, CreateKeyOptions options) {
        return audited(KmsOperation.CREATE_KEY, uri(ref), version(ref), () -> super.createKey(ref, options),
                md -> md.currentVersion().orElse(null), null);
    }

    @Override
    public List<KeyRef> listKeys(String scope) {
        return audited(KmsOperation.LIST_KEYS, scheme() + "://" + scope, null, () -> super.listKeys(scope), null, null);
    }

    @Override
    public KeyMetadata metadata(KeyRef ref) {
        return audited(KmsOperation.METADATA, ref, () -> super.metadata(ref));
    }

    @Override
    public KeyRef rotate(KeyRef ref) {
        return audited(KmsOperation.ROTATE, uri(ref), version(ref), () -> super.rotate(ref),
                r -> r.version().orElse(null), null);
    }

    @Override
    public RotationPolicy rotationPolicy(KeyRef ref) {
        return audited(KmsOperation.ROTATION_POLICY, ref, () -> super.rotationPolicy(ref));
    }

    @Override
    public void setRotationPolicy(KeyRef ref, RotationPolicy policy) {
        auditedVoid(KmsOperation.SET_ROTATION_POLICY, ref, () -> super.setRotationPolicy(ref, policy));
    }

    @Override
    public void disable(KeyRef ref) {
        auditedVoid(KmsOperation.DISABLE, ref, () -> super.disable(ref));
    }

    @Override
    public void enable(KeyRef ref) {
        auditedVoid(KmsOperation.ENABLE, ref, () -> super.enable(ref));
    }

    @Override
    public Instant scheduleDeletion(KeyRef ref, Duration pendingWindow) {
        return audited(KmsOperation.SCHEDULE_DELETION, ref, () -> super.scheduleDeletion(ref, pendingWindow));
    }

    @Override
    public void cancelDeletion(KeyRef ref) {
        auditedVoid(KmsOperation.CANCEL_DELETION, ref, () -> super.cancelDeletion(ref));
    }

    @Override
    public byte[] sign(KeyRef ref, SignatureAlgorithm algorithm, byte[] message) {
        return audited(KmsOperation.SIGN, ref, () -> super.sign(ref, algorithm, message));
    }

    @Override
    public boolean verify(KeyRef ref, SignatureAlgorithm algorithm, byte[] message, byte[] signature) {
        return audited(KmsOperation.VERIFY, ref, () -> super.verify(ref, algorithm, message, signature));
    }

    @Override
    public PublicKey publicKey(KeyRef ref) {
        return audited(KmsOperation.GET_PUBLIC_KEY, ref, () -> super.publicKey(ref));
    }

    @Override
    public byte[] encrypt(KeyRef ref, byte[] plaintext, EncryptionContext context) {
        return audited(KmsOperation.ENCRYPT, ref, () -> super.encrypt(ref, plaintext, context));
    }

    @Override
    public byte[] decrypt(KeyRef ref, byte[] ciphertext, EncryptionContext context) {
        return audited(KmsOperation.DECRYPT, uri(ref), version(ref), () -> super.decrypt(ref, ciphertext, context),
                null, plaintext -> Arrays.fill(plaintext, (byte) 0));
    }

    @Override
    public DataKey createDek(KeyRef kek, DekSpec spec, EncryptionContext context) {
        return audited(KmsOperation.CREATE_DEK, uri(kek), version(kek), () -> super.createDek(kek, spec, context),
                dk -> dk.wrapped().kek().version().orElse(null), DataKey::close);
    }

    @Override
    public WrappedKey wrap(KeyRef kek, byte[] key, EncryptionContext context) {
        return audited(KmsOperation.WRAP, uri(kek), version(kek), () -> super.wrap(kek, key, context),
                wk -> wk.kek().version().orElse(null), null);
    }

    @Override
    public DataKey unwrap(WrappedKey wrapped, EncryptionContext context) {
        KeyRef kek = wrapped.kek();
        return audited(KmsOperation.UNWRAP, uri(kek), version(kek), () -> super.unwrap(wrapped, context),
                null, DataKey::close);
    }
}
