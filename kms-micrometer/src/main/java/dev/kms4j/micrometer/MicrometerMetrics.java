package dev.kms4j.micrometer;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.ProviderConfig;
import dev.kms4j.micrometer.internal.MeteredProvider;
import dev.kms4j.micrometer.internal.ProviderMeters;
import dev.kms4j.spi.KmsProvider;
import dev.kms4j.spi.ProviderDecorator;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer metrics for every kms4j operation, as a {@link ProviderDecorator} at
 * {@link Stage#OBSERVATION} (outermost, so cache hits and policy denials are measured too).
 *
 * <pre>{@code
 * KmsManager kms = KmsManager.builder()
 *         .enable("aws-kms")
 *         .decorate(MicrometerMetrics.of(meterRegistry))
 *         .build();
 * }</pre>
 *
 * <p>Meters:
 * <ul>
 *   <li>{@value #OPERATION_TIMER} (timer): every call, tagged {@code provider} (the scheme),
 *       {@code operation} ({@code sign}, {@code encrypt}, {@code getPublicKey}, ...),
 *       {@code outcome} ({@code ok} or {@code error}) and {@code error} (the
 *       {@link KmsErrorCode} name, or {@code none}). A {@code verify} that returns {@code false}
 *       is {@code ok}: the call worked, the signature did not match.</li>
 *   <li>{@value #ERROR_COUNTER} (counter): failed calls, tagged {@code provider},
 *       {@code operation} and {@code error}. A provider's unexpected exception counts as
 *       {@code INTERNAL}, as the manager reports it.</li>
 *   <li>gauges added with {@link Builder#providerGauge}, tagged {@code provider}.</li>
 * </ul>
 *
 * <p>Cardinality: tags are bounded by providers x 18 operations x 13 outcomes. Key references
 * are <em>not</em> tags by default, since one tag per key can grow without bound;
 * {@link Builder#keyTag(boolean)} adds a {@code key} tag (the unversioned key URI; {@code none}
 * for {@code listKeys}) for deployments with a few, fixed keys. Key URIs are not secret; no
 * meter ever carries key material, plaintext, ciphertext or signatures. Health probes
 * ({@code KmsProvider.health()}) are not measured.
 *
 * <p>Immutable and thread-safe; one instance may decorate any number of managers.
 */
public final class MicrometerMetrics implements ProviderDecorator {
    /** The timer of every operation. */
    public static final String OPERATION_TIMER = "kms4j.operation";
    /** The counter of failed operations. */
    public static final String ERROR_COUNTER = "kms4j.errors";

    private final MeterRegistry registry;
    private final boolean keyTag;
    private final List<ProviderGauge> gauges;

    private MicrometerMetrics(Builder b) {
        this.registry = b.registry;
        this.keyTag = b.keyTag;
        this.gauges = List.copyOf(b.gauges);
    }

    /** Metrics into {@code registry} with the defaults (no key tag, no extra gauges). */
    public static MicrometerMetrics of(MeterRegistry registry) {
        return builder(registry).build();
    }

    /** Starts a builder for metrics into {@code registry}. */
    public static Builder builder(MeterRegistry registry) {
        return new Builder(registry);
    }

    @Override
    public Stage stage() {
        return Stage.OBSERVATION;
    }

    @Override
    public KmsProvider decorate(KmsProvider provider, ProviderConfig config) {
        ProviderMeters meters = new ProviderMeters(registry, provider.scheme(), keyTag);
        for (ProviderGauge g : gauges) {
            meters.gauge(g.name, g.description, g.valueForProvider);
        }
        return new MeteredProvider(provider, meters);
    }

    @Override
    public String toString() {
        return "MicrometerMetrics[keyTag=" + keyTag + ", gauges=" + gauges.size() + "]";
    }

    /** Builds {@link MicrometerMetrics}. Not thread-safe. */
    public static final class Builder {
        private final MeterRegistry registry;
        private boolean keyTag;
        private final List<ProviderGauge> gauges = new ArrayList<>();

        private Builder(MeterRegistry registry) {
            if (registry == null) {
                throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "meter registry must not be null");
            }
            this.registry = registry;
        }

        /**
         * Adds a {@code key} tag with the unversioned key URI (default {@code false}). Each key
         * then has its own time series: turn this on only for a small, fixed set of keys.
         */
        public Builder keyTag(boolean keyTag) {
            this.keyTag = keyTag;
            return this;
        }

        /**
         * Registers a gauge {@code name} per decorated provider, tagged {@code provider}, whose
         * value is {@code valueForProvider} applied to the provider's scheme ({@code NaN} when
         * there is nothing to report). It is removed when that provider is closed.
         *
         * <p>This is the hook for state that other kms4j modules hold, without this module
         * depending on them: for example a cache's hit ratio
         * ({@code providerGauge("kms4j.cache.hit.ratio", "...", scheme -> cache.hitRatio(scheme))})
         * or a circuit breaker's state as a number. The function is called on every scrape, from
         * the registry's thread, so it must be cheap and thread-safe.
         */
        public Builder providerGauge(String name, String description, ToDoubleFunction<String> valueForProvider) {
            if (name == null || name.isBlank() || valueForProvider == null) {
                throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "gauge name and value function are required");
            }
            gauges.add(new ProviderGauge(name, description, valueForProvider));
            return this;
        }

        /** Builds the decorator. */
        public MicrometerMetrics build() {
            return new MicrometerMetrics(this);
        }
    }

    private static final class ProviderGauge {
        final String name;
        final String description;
        final ToDoubleFunction<String> valueForProvider;

        ProviderGauge(String name, String description, ToDoubleFunction<String> valueForProvider) {
            this.name = name;
            this.description = description;
            this.valueForProvider = valueForProvider;
        }
    }
}
