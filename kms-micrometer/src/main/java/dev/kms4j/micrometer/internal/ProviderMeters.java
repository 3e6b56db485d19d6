package dev.kms4j.micrometer.internal;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;

/**
 * The meters of one provider: builds its {@link OperationMeters} and its gauges. Durations come
 * from the registry's clock, so a test's mock clock drives them. Not part of the API. Thread-safe.
 */
public final class ProviderMeters {
    static final String NO_KEY = "none";
    static final String NO_ERROR = "none";

    private final MeterRegistry registry;
    private final Clock clock;
    private final String scheme;
    private final boolean keyTag;
    private final List<Meter> gauges = new CopyOnWriteArrayList<>();

    public ProviderMeters(MeterRegistry registry, String scheme, boolean keyTag) {
        this.registry = registry;
        this.clock = registry.config().clock();
        this.scheme = scheme;
        this.keyTag = keyTag;
    }

    /** The meters of one operation. */
    OperationMeters operation(String name) {
        return new OperationMeters(this, name);
    }

    long now() {
        return clock.monotonicTime();
    }

    boolean keyTag() {
        return keyTag;
    }

    Timer timer(String operation, String key, String outcome, String error) {
        Timer.Builder b = Timer.builder(MicrometerMetrics.OPERATION_TIMER)
                .description("Time of kms4j operations, by provider, operation and outcome")
                .tag("provider", scheme).tag("operation", operation)
                .tag("outcome", outcome).tag("error", error);
        if (keyTag) {
            b.tag("key", key);
        }
        return b.register(registry);
    }

    Counter errorCounter(String operation, String key, KmsErrorCode code) {
        Counter.Builder b = Counter.builder(MicrometerMetrics.ERROR_COUNTER)
                .description("Failed kms4j operations by error code")
                .tag("provider", scheme).tag("operation", operation).tag("error", code.name());
        if (keyTag) {
            b.tag("key", key);
        }
        return b.register(registry);
    }

    /** Registers a gauge for this provider; see {@code MicrometerMetrics.Builder.providerGauge}. */
    public void gauge(String name, String description, ToDoubleFunction<String> valueForProvider) {
        String s = scheme;
        gauges.add(Gauge.builder(name, valueForProvider, f -> f.applyAsDouble(s))
                .description(description).tag("provider", scheme)
                // The function is usually a lambda nobody else references: a weak reference
                // (Micrometer's default) would let it be collected and the gauge turn NaN.
                .strongReference(true)
                .register(registry));
    }

    /** Removes this provider's gauges, so a later manager for the same scheme registers its own. */
    void close() {
        for (Meter g : gauges) {
            registry.remove(g);
        }
        gauges.clear();
    }

    /** The key tag's value: the unversioned key URI, {@code none} for calls without a key. */
    static String keyName(KeyRef ref) {
        return ref == null ? NO_KEY : ref.withoutVersion().toUri();
    }
}
