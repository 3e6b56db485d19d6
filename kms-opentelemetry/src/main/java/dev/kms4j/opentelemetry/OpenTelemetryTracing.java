package dev.kms4j.opentelemetry;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.ProviderConfig;
import dev.kms4j.opentelemetry.internal.TracedProvider;
import dev.kms4j.spi.KmsProvider;
import dev.kms4j.spi.ProviderDecorator;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;

/**
 * OpenTelemetry tracing for every kms4j operation, as a {@link ProviderDecorator} at
 * {@link Stage#OBSERVATION}: one span per call, current while the provider works, so the spans
 * of the provider's own SDK (AWS, Azure) nest under it.
 *
 * <pre>{@code
 * KmsManager kms = KmsManager.builder()
 *         .enable("aws-kms")
 *         .decorate(OpenTelemetryTracing.of(openTelemetry))
 *         .build();
 * }</pre>
 *
 * <p>Spans are named {@code kms4j <operation>} ({@code kms4j sign}, {@code kms4j getPublicKey},
 * ...), of kind {@code CLIENT}, from the tracer {@value #INSTRUMENTATION_NAME}, with attributes:
 * <ul>
 *   <li>{@code kms4j.provider}: the provider scheme;</li>
 *   <li>{@code kms4j.operation}: the operation;</li>
 *   <li>{@code kms4j.key}: the key URI as given, version included (not for {@code listKeys};
 *       off with {@link Builder#keyAttribute(boolean)});</li>
 *   <li>on failure: status {@code ERROR} with the {@link KmsErrorCode} name as description,
 *       {@code kms4j.error.code}, {@code kms4j.error.retryable}, and {@code error.type}, the
 *       exception's class name. The exception's message and stack trace are not recorded.</li>
 * </ul>
 * Key URIs are identifiers, not secrets. Plaintext, ciphertext, signatures, data keys, encryption
 * context values and messages are never recorded. Health probes are not traced.
 *
 * <p>Immutable and thread-safe; one instance may decorate any number of managers.
 */
public final class OpenTelemetryTracing implements ProviderDecorator {
    /** The instrumentation scope (tracer) name. */
    public static final String INSTRUMENTATION_NAME = "dev.kms4j";

    private final Tracer tracer;
    private final boolean keyAttribute;

    private OpenTelemetryTracing(Builder b) {
        this.tracer = b.openTelemetry.getTracer(INSTRUMENTATION_NAME);
        this.keyAttribute = b.keyAttribute;
    }

    /** Tracing through {@code openTelemetry} with the defaults (key attribute on). */
    public static OpenTelemetryTracing of(OpenTelemetry openTelemetry) {
        return builder(openTelemetry).build();
    }

    /** Starts a builder for tracing through {@code openTelemetry}. */
    public static Builder builder(OpenTelemetry openTelemetry) {
        return new Builder(openTelemetry);
    }

    @Override
    public Stage stage() {
        return Stage.OBSERVATION;
    }

    @Override
    public KmsProvider decorate(KmsProvider provider, ProviderConfig config) {
        return new TracedProvider(provider, tracer, keyAttribute);
    }

    @Override
    public String toString() {
        return "OpenTelemetryTracing[keyAttribute=" + keyAttribute + "]";
    }

    /** Builds {@link OpenTelemetryTracing}. Not thread-safe. */
    public static final class Builder {
        private final OpenTelemetry openTelemetry;
        private boolean keyAttribute = true;

        private Builder(OpenTelemetry openTelemetry) {
            if (openTelemetry == null) {
                throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "OpenTelemetry must not be null");
            }
            this.openTelemetry = openTelemetry;
        }

        /**
         * Whether spans carry {@code kms4j.key} (default {@code true}). Key URIs are not secret, but
         * a deployment that treats key names (ARNs, vault names) as internal can leave them out.
         */
        public Builder keyAttribute(boolean keyAttribute) {
            this.keyAttribute = keyAttribute;
            return this;
        }

        /** Builds the decorator. */
        public OpenTelemetryTracing build() {
            return new OpenTelemetryTracing(this);
        }
    }
}
