package dev.kms4j.micrometer;

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
import dev.kms4j.spi.ForwardingKmsProvider;
import dev.kms4j.spi.KmsProvider;
import dev.kms4j.spi.KmsProviderFactory;
import dev.kms4j.spi.ProviderDecorator;
import dev.kms4j.testkit.ScriptedProvider;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MicrometerMetricsTest {
    private static final KeyRef KEY = KeyRef.parse("stub://payments#3");
    private static final byte[] MESSAGE = {5};

    private final MockClock clock = new MockClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    private final ScriptedProvider provider = new ScriptedProvider();

    @Test
    void aSuccessfulCallIsTimedWithOutcomeOk() {
        provider.during(() -> clock.add(Duration.ofMillis(7)));
        try (KmsManager kms = manager(MicrometerMetrics.of(registry))) {
            kms.sign(KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE);
        }

        Timer t = registry.get("kms4j.operation")
                .tags("provider", "stub", "operation", "sign", "outcome", "ok", "error", "none").timer();
        assertThat(t.count()).isEqualTo(1);
        assertThat(t.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(7.0);
    }

    @Test
    void aFailedCallIsTimedWithOutcomeErrorAndItsCode() {
        provider.during(() -> clock.add(Duration.ofMillis(3)));
        provider.failWith(new KmsException(KmsErrorCode.NOT_FOUND, "no such key"));
        try (KmsManager kms = manager(MicrometerMetrics.of(registry))) {
            assertThatThrownBy(() -> kms.metadata(KEY)).isInstanceOf(KmsException.class);
        }

        Timer t = registry.get("kms4j.operation")
                .tags("operation", "metadata", "outcome", "error", "error", "NOT_FOUND").timer();
        assertThat(t.count()).isEqualTo(1);
        assertThat(t.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(3.0);
    }

    @Test
    void errorsAreCountedByCode() {
        provider.failWith(new KmsException(KmsErrorCode.THROTTLED, "slow down"));
        try (KmsManager kms = manager(MicrometerMetrics.of(registry))) {
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> kms.sign(KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE))
                        .isInstanceOf(KmsException.class);
            }
        }

        Counter c = registry.get("kms4j.errors").tags("provider", "stub", "operation", "sign", "error", "THROTTLED").counter();
        assertThat(c.count()).isEqualTo(3.0);
    }

    @Test
    void successesAreNotCountedAsErrors() {
        try (KmsManager kms = manager(MicrometerMetrics.of(registry))) {
            kms.sign(KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE);
        }

        assertThat(registry.find("kms4j.errors").counters()).isEmpty();
    }

    @Test
    void anUnexpectedProviderExceptionCountsAsInternal() {
        provider.failWith(new IllegalStateException("bug"));
        try (KmsManager kms = manager(MicrometerMetrics.of(registry))) {
            assertThatThrownBy(() -> kms.metadata(KEY)).isInstanceOf(KmsException.class);
        }

        assertThat(registry.get("kms4j.errors").tags("error", "INTERNAL").counter().count()).isEqualTo(1.0);
    }

    @Test
    void aVerifyThatReturnsFalseIsOk() {
        try (KmsManager kms = manager(MicrometerMetrics.of(registry))) {
            assertThat(kms.verify(KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE, MESSAGE)).isFalse();
        }

        assertThat(registry.get("kms4j.operation").tags("operation", "verify", "outcome", "ok").timer().count())
                .isEqualTo(1);
    }

    @Test
    void keysAreNotTagsByDefault() {
        try (KmsManager kms = manager(MicrometerMetrics.of(registry))) {
            kms.sign(KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE);
        }

        for (Meter m : registry.getMeters()) {
            assertThat(m.getId().getTag("key")).as(m.getId().toString()).isNull();
        }
    }

    @Test
    void theKeyTagIsTheUnversionedKeyUriWhenAskedFor() {
        try (KmsManager kms = manager(MicrometerMetrics.builder(registry).keyTag(true).build())) {
            kms.sign(KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE);
        }

        assertThat(registry.get("kms4j.operation").tags("operation", "sign").timer().getId().getTag("key"))
                .isEqualTo("stub://payments");
    }

    @Test
    void failuresCarryTheKeyTagToo() {
        provider.failWith(new KmsException(KmsErrorCode.INVALID_KEY_STATE, "disabled"));
        try (KmsManager kms = manager(MicrometerMetrics.builder(registry).keyTag(true).build())) {
            assertThatThrownBy(() -> kms.metadata(KEY)).isInstanceOf(KmsException.class);
        }

        assertThat(registry.get("kms4j.errors").tags("key", "stub://payments", "error", "INVALID_KEY_STATE")
                .counter().count()).isEqualTo(1.0);
        assertThat(registry.get("kms4j.operation").tags("key", "stub://payments", "outcome", "error")
                .timer().count()).isEqualTo(1);
    }

    @Test
    void eachOperationHasItsOwnTimer() {
        try (KmsManager kms = manager(MicrometerMetrics.of(registry))) {
            kms.sign(KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE);
            kms.sign(KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE);
            kms.metadata(KEY);
        }

        assertThat(registry.get("kms4j.operation").tags("operation", "sign").timer().count()).isEqualTo(2);
        assertThat(registry.get("kms4j.operation").tags("operation", "metadata").timer().count()).isEqualTo(1);
        assertThat(registry.find("kms4j.operation").tags("operation", "encrypt").timer()).isNull();
    }

    @Test
    void listKeysHasKeyTagNoneWhenKeyTagsAreOn() {
        try (KmsManager kms = manager(MicrometerMetrics.builder(registry).keyTag(true).build())) {
            kms.listKeys("stub://");
        }

        assertThat(registry.get("kms4j.operation").tags("operation", "listKeys").timer().getId().getTag("key"))
                .isEqualTo("none");
    }

    @Test
    void noTagEverHoldsThePlaintext() {
        byte[] plaintext = "card 4111-1111".getBytes(StandardCharsets.UTF_8);
        try (KmsManager kms = manager(MicrometerMetrics.builder(registry).keyTag(true).build())) {
            kms.encrypt(KEY, plaintext, EncryptionContext.of("tenant", "acme"));
        }

        for (Meter m : registry.getMeters()) {
            for (Tag tag : m.getId().getTags()) {
                assertThat(tag.getValue()).doesNotContain("4111").doesNotContain("acme");
            }
        }
    }

    @Test
    void aDenialByAnInnerDecoratorIsMeasuredBecauseMetricsAreOutermost() {
        try (KmsManager kms = KmsManager.builder().discovery(false).factory(factory()).enable("stub")
                .decorate(denyAll()).decorate(MicrometerMetrics.of(registry)).build()) {
            assertThatThrownBy(() -> kms.sign(KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE))
                    .isInstanceOf(KmsException.class);
        }

        assertThat(registry.get("kms4j.errors").tags("error", "PERMISSION_DENIED").counter().count()).isEqualTo(1.0);
    }

    @Test
    void aProviderGaugeReportsItsValueForEachProviderUntilTheProviderCloses() {
        MicrometerMetrics metrics = MicrometerMetrics.builder(registry)
                .providerGauge("kms4j.cache.hit.ratio", "hit ratio", scheme -> scheme.equals("stub") ? 0.75 : Double.NaN)
                .build();
        try (KmsManager kms = manager(metrics)) {
            assertThat(registry.get("kms4j.cache.hit.ratio").tags("provider", "stub").gauge().value()).isEqualTo(0.75);
        }

        assertThat(registry.find("kms4j.cache.hit.ratio").gauges()).isEmpty();
    }

    @Test
    void itSitsAtTheObservationStage() {
        assertThat(MicrometerMetrics.of(registry).stage()).isEqualTo(ProviderDecorator.Stage.OBSERVATION);
    }

    @Test
    void aNullRegistryIsInvalidArgument() {
        assertThatThrownBy(() -> MicrometerMetrics.of(null)).isInstanceOfSatisfying(KmsException.class,
                e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
    }

    private KmsManager manager(MicrometerMetrics metrics) {
        return KmsManager.builder().discovery(false).factory(factory()).enable("stub").decorate(metrics).build();
    }

    private KmsProviderFactory factory() {
        return new KmsProviderFactory() {
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
        };
    }

    private static ProviderDecorator denyAll() {
        return new ProviderDecorator() {
            @Override
            public Stage stage() {
                return Stage.ACCESS_POLICY;
            }

            @Override
            public KmsProvider decorate(KmsProvider p, ProviderConfig config) {
                return new ForwardingKmsProvider(p) {
                    @Override
                    public byte[] sign(KeyRef ref, SignatureAlgorithm algorithm, byte[] message) {
                        throw new KmsException(KmsErrorCode.PERMISSION_DENIED, "denied by policy");
                    }
                };
            }
        };
    }
}
