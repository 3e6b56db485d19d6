package dev.kms4j.testkit.faults;

import dev.kms4j.ProviderConfig;
import dev.kms4j.spi.KmsProvider;
import dev.kms4j.spi.ProviderDecorator;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A {@link ProviderDecorator} that wraps every enabled provider in a
 * {@link FaultInjectingProvider}, so any provider (the local one, say) can be made slow, throttled
 * or unavailable inside a {@code KmsManager}:
 *
 * <pre>{@code
 * FaultInjection faults = FaultInjection.create();
 * try (KmsManager kms = KmsManager.builder()
 *         .enable("local", ProviderConfig.of(Map.of("path", ":memory:")))
 *         .decorate(faults)                         // registered first: the inner one
 *         .decorate(Resilience.withDefaults())      // same stage, registered later: outside it
 *         .build()) {
 *     faults.faults().on(FaultInjection.SIGN).failTimes(2, Fault.throttle(Duration.ofMillis(200)));
 *     kms.sign(key, SignatureAlgorithm.ECDSA_SHA256, message);   // succeeds on the third attempt
 *     faults.provider("local").calls(FaultInjection.SIGN);       // 3
 * }
 * }</pre>
 *
 * <p>It sits at {@link Stage#RESILIENCE}, next to the provider, as a remote service would; within
 * one stage the decorator registered first is the inner one, so register it before the
 * resilience decorator to have retries and breakers see its faults. All providers it wraps share
 * one {@link Faults}.
 *
 * <p>Thread-safe. Holds no secrets. For tests only.
 */
public final class FaultInjection implements ProviderDecorator {
    // Operation names for Faults.on(...) and the call counters: KmsManager's method names.

    public static final String CREATE_KEY = "createKey";
    public static final String LIST_KEYS = "listKeys";
    public static final String METADATA = "metadata";
    public static final String ROTATE = "rotate";
    public static final String ROTATION_POLICY = "rotationPolicy";
    public static final String SET_ROTATION_POLICY = "setRotationPolicy";
    public static final String DISABLE = "disable";
    public static final String ENABLE = "enable";
    public static final String SCHEDULE_DELETION = "scheduleDeletion";
    public static final String CANCEL_DELETION = "cancelDeletion";
    public static final String SIGN = "sign";
    public static final String VERIFY = "verify";
    public static final String GET_PUBLIC_KEY = "getPublicKey";
    public static final String ENCRYPT = "encrypt";
    public static final String DECRYPT = "decrypt";
    public static final String CREATE_DEK = "createDek";
    public static final String WRAP = "wrap";
    public static final String UNWRAP = "unwrap";

    private final Faults faults;
    private final Consumer<Duration> sleeper;
    private final Map<String, FaultInjectingProvider> providers = new ConcurrentHashMap<>();

    private FaultInjection(Faults faults, Consumer<Duration> sleeper) {
        this.faults = Objects.requireNonNull(faults, "faults");
        this.sleeper = sleeper;
    }

    /** Fault injection with fresh {@link Faults}; latency is spent with {@link Thread#sleep}. */
    public static FaultInjection create() {
        return new FaultInjection(new Faults(), null);
    }

    /** Fault injection with the given faults; latency is spent by {@code sleeper} (for a fake clock). */
    public static FaultInjection create(Faults faults, Consumer<Duration> sleeper) {
        return new FaultInjection(faults, Objects.requireNonNull(sleeper, "sleeper"));
    }

    /** The faults injected into every wrapped provider. */
    public Faults faults() {
        return faults;
    }

    /**
     * The wrapper around the provider of {@code scheme}, for its call counters (the most recently
     * decorated one, if this decorator served several managers).
     *
     * @throws IllegalStateException if no provider of that scheme was decorated
     */
    public FaultInjectingProvider provider(String scheme) {
        return Optional.ofNullable(providers.get(scheme)).orElseThrow(() -> new IllegalStateException(
                "no provider for scheme '" + scheme + "' was decorated with fault injection"));
    }

    @Override
    public Stage stage() {
        return Stage.RESILIENCE;
    }

    @Override
    public KmsProvider decorate(KmsProvider provider, ProviderConfig config) {
        FaultInjectingProvider wrapped = sleeper == null
                ? new FaultInjectingProvider(provider, faults)
                : new FaultInjectingProvider(provider, faults, sleeper);
        providers.put(provider.scheme(), wrapped);
        return wrapped;
    }

    @Override
    public String toString() {
        return "FaultInjection" + providers.keySet();
    }
}
