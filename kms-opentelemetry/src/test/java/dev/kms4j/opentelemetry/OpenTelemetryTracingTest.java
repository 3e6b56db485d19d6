package dev.kms4j.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.Capability;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import dev.kms4j.ProviderConfig;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.spi.KmsProvider;
import dev.kms4j.spi.KmsProviderFactory;
import dev.kms4j.spi.ProviderDecorator;
import dev.kms4j.testkit.ScriptedProvider;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenTelemetryTracingTest {
    private static final KeyRef KEY = KeyRef.parse("stub://payments#2");
    private static final byte[] MESSAGE = {5};

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
            .build();
    private final ScriptedProvider provider = new ScriptedProvider();

    @AfterEach
    void shutDown() {
        otel.close();
    }

    @Test
    void aCallMakesOneClientSpanNamedForItsOperation() {
        try (KmsManager kms = manager(OpenTelemetryTracing.of(otel))) {
            kms.sign(KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE);
        }

        SpanData span = onlySpan();
        assertThat(span.getName()).isEqualTo("kms4j sign");
        assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(span.getInstrumentationScopeInfo().getName()).isEqualTo("dev.kms4j");
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    }

    @Test
    void theSpanNamesTheProviderTheOperationAndTheKeyWithItsVersion() {
        try (KmsManager kms = manager(OpenTelemetryTracing.of(otel))) {
            kms.metadata(KEY);
        }

        SpanData span = onlySpan();
        assertThat(span.getAttributes().get(AttributeKey.stringKey("kms4j.provider"))).isEqualTo("stub");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("kms4j.operation"))).isEqualTo("metadata");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("kms4j.key"))).isEqualTo("stub://payments#2");
    }

    @Test
    void aFailureSetsErrorStatusCodeAndExceptionTypeButNotTheMessage() {
        provider.failWith(new KmsException(KmsErrorCode.THROTTLED, "rate exceeded for account 111122223333"));
        try (KmsManager kms = manager(OpenTelemetryTracing.of(otel))) {
            assertThatThrownBy(() -> kms.sign(KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE))
                    .isInstanceOf(KmsException.class);
        }

        SpanData span = onlySpan();
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.getStatus().getDescription()).isEqualTo("THROTTLED");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("kms4j.error.code"))).isEqualTo("THROTTLED");
        assertThat(span.getAttributes().get(AttributeKey.booleanKey("kms4j.error.retryable"))).isTrue();
        assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo(KmsException.class.getName());
        assertThat(span.getEvents()).isEmpty();
        assertThat(span.toString()).doesNotContain("111122223333");
    }

    @Test
    void anUnexpectedProviderExceptionIsRecordedAsInternalWithItsType() {
        provider.failWith(new IllegalStateException("bug"));
        try (KmsManager kms = manager(OpenTelemetryTracing.of(otel))) {
            assertThatThrownBy(() -> kms.metadata(KEY)).isInstanceOf(KmsException.class);
        }

        SpanData span = onlySpan();
        assertThat(span.getAttributes().get(AttributeKey.stringKey("kms4j.error.code"))).isEqualTo("INTERNAL");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type")))
                .isEqualTo(IllegalStateException.class.getName());
    }

    @Test
    void noAttributeHoldsThePlaintextTheContextOrTheCiphertext() {
        byte[] plaintext = "card 4111-1111".getBytes(StandardCharsets.UTF_8);
        try (KmsManager kms = manager(OpenTelemetryTracing.of(otel))) {
            kms.encrypt(KEY, plaintext, EncryptionContext.of("tenant", "acme"));
        }

        SpanData span = onlySpan();
        span.getAttributes().forEach((k, v) -> assertThat(String.valueOf(v)).doesNotContain("4111").doesNotContain("acme"));
        assertThat(span.getAttributes().size()).isEqualTo(3);
    }

    @Test
    void theKeyAttributeCanBeLeftOut() {
        try (KmsManager kms = manager(OpenTelemetryTracing.builder(otel).keyAttribute(false).build())) {
            kms.metadata(KEY);
        }

        assertThat(onlySpan().getAttributes().get(AttributeKey.stringKey("kms4j.key"))).isNull();
    }

    @Test
    void listKeysHasNoKeyAttribute() {
        try (KmsManager kms = manager(OpenTelemetryTracing.of(otel))) {
            kms.listKeys("stub://");
        }

        SpanData span = onlySpan();
        assertThat(span.getName()).isEqualTo("kms4j listKeys");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("kms4j.key"))).isNull();
    }

    @Test
    void theSpanIsCurrentWhileTheProviderWorksSoSdkSpansNestUnderIt() {
        AtomicReference<String> currentSpanId = new AtomicReference<>();
        provider.during(() -> currentSpanId.set(Span.current().getSpanContext().getSpanId()));
        try (KmsManager kms = manager(OpenTelemetryTracing.of(otel))) {
            kms.sign(KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE);
        }

        assertThat(currentSpanId.get()).isEqualTo(onlySpan().getSpanId());
    }

    @Test
    void itSitsAtTheObservationStage() {
        assertThat(OpenTelemetryTracing.of(otel).stage()).isEqualTo(ProviderDecorator.Stage.OBSERVATION);
    }

    @Test
    void aNullOpenTelemetryIsInvalidArgument() {
        assertThatThrownBy(() -> OpenTelemetryTracing.of(null)).isInstanceOfSatisfying(KmsException.class,
                e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
    }

    private SpanData onlySpan() {
        List<SpanData> spans = exporter.getFinishedSpanItems();
        assertThat(spans).hasSize(1);
        return spans.get(0);
    }

    private KmsManager manager(OpenTelemetryTracing tracing) {
        return KmsManager.builder().discovery(false).factory(new KmsProviderFactory() {
            @Override
            public String scheme() {
                return "stub";
            }

            @Override
            public Set<Capability> capabilities() {
                return EnumSet.allOf(Capability.class);
            }

            @Override
            public KmsProvider create(ProviderConfig config) {
                return provider;
            }
        }).enable("stub").decorate(tracing).build();
    }
}
