package dev.kms4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.ProviderHealth.Status;
import dev.kms4j.spi.ForwardingKmsProvider;
import dev.kms4j.spi.KmsProvider;
import dev.kms4j.spi.ProviderDecorator;
import dev.kms4j.testsupport.StubProvider;
import dev.kms4j.testsupport.StubProviderFactory;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KmsManagerHealthTest {
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseHangingProbes() {
        release.countDown();
    }

    @Test
    void aProviderThatListsItsKeysIsUp() {
        try (KmsManager kms = manager(new StubProvider("stub"))) {
            ProviderHealth h = kms.health().provider("stub").orElseThrow();

            assertThat(h.status()).isEqualTo(Status.UP);
            assertThat(h.reason()).isEmpty();
            assertThat(h.errorCode()).isEmpty();
        }
    }

    @Test
    void theDefaultProbeIsOneListKeysCall() {
        StubProvider stub = new StubProvider("stub");
        try (KmsManager kms = manager(stub)) {
            kms.health();
        }

        assertThat(stub.calls).containsExactly("listKeys ");
    }

    @Test
    void anUnreachableProviderIsDownWithItsCodeAndReason() {
        StubProvider stub = new StubProvider("stub");
        stub.failWith = new KmsException(KmsErrorCode.UNAVAILABLE, "connection refused by vault.internal:8200");
        try (KmsManager kms = manager(stub)) {
            ProviderHealth h = kms.health().provider("stub").orElseThrow();

            assertThat(h.status()).isEqualTo(Status.DOWN);
            assertThat(h.errorCode()).contains(KmsErrorCode.UNAVAILABLE);
            assertThat(h.reason()).contains("UNAVAILABLE: connection refused by vault.internal:8200");
        }
    }

    @Test
    void aThrottlingProviderIsDegraded() {
        StubProvider stub = new StubProvider("stub");
        stub.failWith = new KmsException(KmsErrorCode.THROTTLED, "rate exceeded");
        try (KmsManager kms = manager(stub)) {
            assertThat(kms.health().status()).isEqualTo(Status.DEGRADED);
        }
    }

    @Test
    void aProviderThatRefusesTheListingButAnsweredIsUp() {
        StubProvider stub = new StubProvider("stub");
        stub.failWith = new KmsException(KmsErrorCode.PERMISSION_DENIED, "not allowed to list keys");
        try (KmsManager kms = manager(stub)) {
            ProviderHealth h = kms.health().provider("stub").orElseThrow();

            assertThat(h.status()).isEqualTo(Status.UP);
            assertThat(h.errorCode()).contains(KmsErrorCode.PERMISSION_DENIED);
        }
    }

    @Test
    void aProviderThatCannotListIsUnknownAndIsNotCalled() {
        StubProvider stub = new StubProvider("stub", EnumSet.of(Capability.SIGN));
        try (KmsManager kms = manager(stub)) {
            assertThat(kms.health().provider("stub").orElseThrow().status()).isEqualTo(Status.UNKNOWN);
        }

        assertThat(stub.calls).isEmpty();
    }

    @Test
    void aProviderThatDoesNotAnswerInTimeIsDownWithTimeoutAndTheOthersAreStillReported() {
        try (KmsManager kms = KmsManager.builder().discovery(false)
                .factory(new StubProviderFactory("hang", s -> new HealthProvider(s, this::hang)))
                .factory(new StubProviderFactory("stub"))
                .enable("hang").enable("stub").build()) {
            HealthReport report = kms.health(Duration.ofMillis(200));

            ProviderHealth hang = report.provider("hang").orElseThrow();
            assertThat(hang.status()).isEqualTo(Status.DOWN);
            assertThat(hang.errorCode()).contains(KmsErrorCode.TIMEOUT);
            assertThat(report.provider("stub").orElseThrow().status()).isEqualTo(Status.UP);
            assertThat(report.anyDown()).isTrue();
        }
    }

    @Test
    void aSecondReportWaitsOnTheStillRunningProbeInsteadOfStartingAnother() {
        AtomicInteger probes = new AtomicInteger();
        HealthProvider hanging = new HealthProvider("hang", () -> {
            probes.incrementAndGet();
            return hang();
        });
        try (KmsManager kms = manager(hanging)) {
            kms.health(Duration.ofMillis(100));
            kms.health(Duration.ofMillis(100));
        }

        assertThat(probes).hasValue(1);
    }

    @Test
    void aProvidersOwnHealthIsReportedAndReachedThroughDecorators() {
        HealthProvider custom = new HealthProvider("stub",
                () -> ProviderHealth.builder("stub", Status.DEGRADED).reason("breaker half-open").build());
        try (KmsManager kms = KmsManager.builder().discovery(false)
                .factory(new StubProviderFactory("stub", s -> custom)).enable("stub")
                .decorate(passThrough()).build()) {
            ProviderHealth h = kms.health().provider("stub").orElseThrow();

            assertThat(h.status()).isEqualTo(Status.DEGRADED);
            assertThat(h.reason()).contains("breaker half-open");
        }
    }

    @Test
    void anUnexpectedExceptionIsDownAndReportsOnlyItsType() {
        HealthProvider broken = new HealthProvider("stub", () -> {
            throw new IllegalStateException("token=s3cr3t-token");
        });
        try (KmsManager kms = manager(broken)) {
            ProviderHealth h = kms.health().provider("stub").orElseThrow();

            assertThat(h.status()).isEqualTo(Status.DOWN);
            assertThat(h.errorCode()).contains(KmsErrorCode.INTERNAL);
            assertThat(h.reason().orElseThrow()).contains("IllegalStateException").doesNotContain("s3cr3t");
        }
    }

    @Test
    void theManagerMeasuresTheLatencyAndNamesTheSchemeWhateverTheProviderSaid() {
        HealthProvider liar = new HealthProvider("stub",
                () -> ProviderHealth.builder("other", Status.UP).latency(Duration.ofDays(1)).build());
        try (KmsManager kms = manager(liar)) {
            ProviderHealth h = kms.health().providers().get(0);

            assertThat(h.scheme()).isEqualTo("stub");
            assertThat(h.latency()).isLessThan(Duration.ofDays(1));
        }
    }

    @Test
    void aNonPositiveTimeoutIsInvalidArgument() {
        try (KmsManager kms = manager(new StubProvider("stub"))) {
            assertThatThrownBy(() -> kms.health(Duration.ZERO)).isInstanceOfSatisfying(KmsException.class,
                    e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
        }
    }

    @Test
    void healthAfterCloseThrowsIllegalState() {
        KmsManager kms = manager(new StubProvider("stub"));
        kms.close();

        assertThatThrownBy(kms::health).isInstanceOf(IllegalStateException.class);
    }

    private ProviderHealth hang() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private static KmsManager manager(KmsProvider provider) {
        return KmsManager.builder().discovery(false)
                .factory(new StubProviderFactory(provider.scheme(), s -> provider)).enable(provider.scheme()).build();
    }

    private static ProviderDecorator passThrough() {
        return new ProviderDecorator() {
            @Override
            public Stage stage() {
                return Stage.OBSERVATION;
            }

            @Override
            public KmsProvider decorate(KmsProvider provider, ProviderConfig config) {
                return new ForwardingKmsProvider(provider) {
                };
            }
        };
    }

    /** A provider whose health check is the given supplier. */
    private static final class HealthProvider implements KmsProvider {
        private final String scheme;
        private final Supplier<ProviderHealth> health;

        HealthProvider(String scheme, Supplier<ProviderHealth> health) {
            this.scheme = scheme;
            this.health = health;
        }

        @Override
        public String scheme() {
            return scheme;
        }

        @Override
        public Set<Capability> capabilities() {
            return EnumSet.of(Capability.LIST);
        }

        @Override
        public ProviderHealth health() {
            return health.get();
        }

        @Override
        public void close() {
        }
    }
}
