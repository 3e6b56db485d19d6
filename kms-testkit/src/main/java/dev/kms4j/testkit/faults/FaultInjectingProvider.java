package dev.kms4j.testkit.faults;

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
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Wraps any provider (the local in-memory one, say) and injects the faults of a {@link Faults}
 * into its calls, in process, as if the provider were a remote service: latency, throttling
 * (with a retry hint), unavailability, timeouts and "fail N times, then succeed", per operation.
 *
 * <p>Operations are named as {@code KmsManager} names them: {@code createKey}, {@code listKeys},
 * {@code metadata}, {@code rotate}, {@code rotationPolicy}, {@code setRotationPolicy},
 * {@code disable}, {@code enable}, {@code scheduleDeletion}, {@code cancelDeletion}, {@code sign},
 * {@code verify}, {@code getPublicKey}, {@code encrypt}, {@code decrypt}, {@code createDek},
 * {@code wrap}, {@code unwrap} (see the constants of {@link FaultInjection}).
 *
 * <p>Each call first waits the decision's delay (through the configured sleeper, so a test with
 * a fake clock can advance it instead of sleeping), then either throws the fault as a
 * {@link KmsException} or forwards the call. Faults become these codes:
 * <ul>
 *   <li>{@link Fault.Kind#THROTTLE}: {@code THROTTLED}, with {@link Fault#retryAfter()} if set;</li>
 *   <li>{@link Fault.Kind#TIMEOUT}: {@code TIMEOUT};</li>
 *   <li>{@link Fault.Kind#CONNECTION_RESET}: {@code UNAVAILABLE};</li>
 *   <li>{@link Fault.Kind#HTTP_ERROR}: by status, as the remote providers map them: 408 and 504
 *       {@code TIMEOUT}, 429 {@code THROTTLED}, 401 {@code UNAUTHENTICATED}, 403
 *       {@code PERMISSION_DENIED}, 404 {@code NOT_FOUND}, other 4xx {@code INVALID_ARGUMENT},
 *       other 5xx {@code UNAVAILABLE}.</li>
 * </ul>
 * Injected errors carry the provider error code {@code "InjectedFault"}.
 *
 * <p>It counts, per operation, the calls that reached it ({@link #calls(String)}: what a remote
 * service would have received, failed or not) and the calls it forwarded to the wrapped provider
 * ({@link #forwarded(String)}).
 *
 * <p>Thread-safe if the wrapped provider is. Holds no secrets; it never looks at arguments.
 */
public final class FaultInjectingProvider extends ForwardingKmsProvider {
    /** The provider error code of every injected failure. */
    public static final String INJECTED_FAULT = "InjectedFault";

    private final Faults faults;
    private final Consumer<Duration> sleeper;
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> forwarded = new ConcurrentHashMap<>();

    /** Wraps {@code delegate}; latency is spent with {@link Thread#sleep}. */
    public FaultInjectingProvider(KmsProvider delegate, Faults faults) {
        this(delegate, faults, FaultInjectingProvider::sleep);
    }

    /**
     * Wraps {@code delegate}; latency is spent by {@code sleeper} (a test with a fake clock
     * advances the clock there).
     */
    public FaultInjectingProvider(KmsProvider delegate, Faults faults, Consumer<Duration> sleeper) {
        super(delegate);
        this.faults = Objects.requireNonNull(faults, "faults");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** The faults this provider injects; change them at any time. */
    public Faults faults() {
        return faults;
    }

    /** Calls of {@code operation} that reached this provider, failed by a fault or not. */
    public long calls(String operation) {
        LongAdder n = calls.get(operation);
        return n == null ? 0 : n.sum();
    }

    /** Calls of every operation that reached this provider. */
    public long totalCalls() {
        return calls.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Calls of {@code operation} that were passed on to the wrapped provider. */
    public long forwarded(String operation) {
        LongAdder n = forwarded.get(operation);
        return n == null ? 0 : n.sum();
    }

    /** Sets every counter back to zero (the faults are kept). */
    public void resetCounts() {
        calls.clear();
        forwarded.clear();
    }

    private <T> T run(String operation, KeyRef ref, Supplier<T> call) {
        calls.computeIfAbsent(operation, k -> new LongAdder()).increment();
        FaultDecision decision = faults.decide(operation);
        if (!decision.delay().isZero()) {
            sleeper.accept(decision.delay());
        }
        if (decision.fault().isPresent()) {
            throw toException(operation, ref, decision.fault().get());
        }
        forwarded.computeIfAbsent(operation, k -> new LongAdder()).increment();
        return call.get();
    }

    private void runVoid(String operation, KeyRef ref, Runnable call) {
        run(operation, ref, () -> {
            call.run();
            return null;
        });
    }

    private KmsException toException(String operation, KeyRef ref, Fault fault) {
        KmsErrorCode code = codeOf(fault);
        KmsException.Builder b = KmsException.builder(code, operation + (ref == null ? "" : " on " + ref)
                        + " failed: injected " + fault)
                .provider(scheme()).keyRef(ref).providerErrorCode(INJECTED_FAULT);
        fault.retryAfter().ifPresent(b::retryAfter);
        return b.build();
    }

    static KmsErrorCode codeOf(Fault fault) {
        switch (fault.kind()) {
            case THROTTLE:
                return KmsErrorCode.THROTTLED;
            case TIMEOUT:
                return KmsErrorCode.TIMEOUT;
            case CONNECTION_RESET:
                return KmsErrorCode.UNAVAILABLE;
            default:
                return codeOfStatus(fault.httpStatus());
        }
    }

    private static KmsErrorCode codeOfStatus(int status) {
        switch (status) {
            case 401:
                return KmsErrorCode.UNAUTHENTICATED;
            case 403:
                return KmsErrorCode.PERMISSION_DENIED;
            case 404:
                return KmsErrorCode.NOT_FOUND;
            case 408:
            case 504:
                return KmsErrorCode.TIMEOUT;
            case 429:
                return KmsErrorCode.THROTTLED;
            default:
                return status >= 500 ? KmsErrorCode.UNAVAILABLE : KmsErrorCode.INVALID_ARGUMENT;
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis(), (int) (d.toNanosPart() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KmsException(KmsErrorCode.INTERNAL, "interrupted during injected latency", e);
        }
    }

    @Override
    public KeyMetadata createKey(KeyRef ref, CreateKeyOptions options) {
        return run(FaultInjection.CREATE_KEY, ref, () -> super.createKey(ref, options));
    }

    @Override
    public List<KeyRef> listKeys(String scope) {
        return run(FaultInjection.LIST_KEYS, null, () -> super.listKeys(scope));
    }

    @Override
    public KeyMetadata metadata(KeyRef ref) {
        return run(FaultInjection.METADATA, ref, () -> super.metadata(ref));
    }

    @Override
    public KeyRef rotate(KeyRef ref) {
        return run(FaultInjection.ROTATE, ref, () -> super.rotate(ref));
    }

    @Override
    public RotationPolicy rotationPolicy(KeyRef ref) {
        return run(FaultInjection.ROTATION_POLICY, ref, () -> super.rotationPolicy(ref));
    }

    @Override
    public void setRotationPolicy(KeyRef ref, RotationPolicy policy) {
        runVoid(FaultInjection.SET_ROTATION_POLICY, ref, () -> super.setRotationPolicy(ref, policy));
    }

    @Override
    public void disable(KeyRef ref) {
        runVoid(FaultInjection.DISABLE, ref, () -> super.disable(ref));
    }

    @Override
    public void enable(KeyRef ref) {
        runVoid(FaultInjection.ENABLE, ref, () -> super.enable(ref));
    }

    @Override
    public Instant scheduleDeletion(KeyRef ref, Duration pendingWindow) {
        return run(FaultInjection.SCHEDULE_DELETION, ref, () -> super.scheduleDeletion(ref, pendingWindow));
    }

    @Override
    public void cancelDeletion(KeyRef ref) {
        runVoid(FaultInjection.CANCEL_DELETION, ref, () -> super.cancelDeletion(ref));
    }

    @Override
    public byte[] sign(KeyRef ref, SignatureAlgorithm algorithm, byte[] message) {
        return run(FaultInjection.SIGN, ref, () -> super.sign(ref, algorithm, message));
    }

    @Override
    public boolean verify(KeyRef ref, SignatureAlgorithm algorithm, byte[] message, byte[] signature) {
        return run(FaultInjection.VERIFY, ref, () -> super.verify(ref, algorithm, message, signature));
    }

    @Override
    public PublicKey publicKey(KeyRef ref) {
        return run(FaultInjection.GET_PUBLIC_KEY, ref, () -> super.publicKey(ref));
    }

    @Override
    public byte[] encrypt(KeyRef ref, byte[] plaintext, EncryptionContext context) {
        return run(FaultInjection.ENCRYPT, ref, () -> super.encrypt(ref, plaintext, context));
    }

    @Override
    public byte[] decrypt(KeyRef ref, byte[] ciphertext, EncryptionContext context) {
        return run(FaultInjection.DECRYPT, ref, () -> super.decrypt(ref, ciphertext, context));
    }

    @Override
    public DataKey createDek(KeyRef kek, DekSpec spec, EncryptionContext context) {
        return run(FaultInjection.CREATE_DEK, kek, () -> super.createDek(kek, spec, context));
    }

    @Override
    public WrappedKey wrap(KeyRef kek, byte[] key, EncryptionContext context) {
        return run(FaultInjection.WRAP, kek, () -> super.wrap(kek, key, context));
    }

    @Override
    public DataKey unwrap(WrappedKey wrapped, EncryptionContext context) {
        return run(FaultInjection.UNWRAP, wrapped.kek(), () -> super.unwrap(wrapped, context));
    }
}
