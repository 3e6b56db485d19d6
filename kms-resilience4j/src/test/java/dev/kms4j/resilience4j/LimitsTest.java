package dev.kms4j.resilience4j;

import static dev.kms4j.resilience4j.LocalFixture.EC_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kms4j.KeySpec;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import dev.kms4j.ProviderConfig;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.testkit.faults.FaultInjection;
import dev.kms4j.testkit.faults.Faults;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LimitsTest {
    private static final byte[] MESSAGE = {1, 2, 3, 4};

    private LocalFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private byte[] sign() {
        return fixture.kms.sign(EC_KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE);
    }

    @Test
    void theRateLimitRefusesWithThrottledAndTheWaitForTheNextPermit() {
        fixture = new LocalFixture(o -> o.maxAttempts(1).rateLimit(3).rateLimitPeriod(Duration.ofHours(1)));
        fixture.kms.createKey(EC_KEY, KeySpec.EC_P256);
        sign();
        sign();

        KmsException e = catchThrowableOfType(KmsException.class, this::sign);

        assertThat(e.code()).isEqualTo(KmsErrorCode.THROTTLED);
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.providerErrorCode()).contains(Resilience.RATE_LIMITED);
        assertThat(e.retryAfter()).hasValueSatisfying(
                w -> assertThat(w).isPositive().isLessThanOrEqualTo(Duration.ofHours(1)));
        assertThat(fixture.calls(FaultInjection.SIGN)).isEqualTo(2);
    }

    @Test
    void theRateLimitRefillsAfterItsPeriod() {
        fixture = new LocalFixture(o -> o.maxAttempts(1).rateLimit(1).rateLimitPeriod(Duration.ofMinutes(1)));
        fixture.kms.createKey(EC_KEY, KeySpec.EC_P256);
        catchThrowableOfType(KmsException.class, this::sign);

        fixture.time.advance(Duration.ofMinutes(1));

        assertThat(sign()).isNotEmpty();
    }

    @Test
    void retriesWaitForTheNextPermitWithinTheDeadline() {
        fixture = new LocalFixture(o -> o.maxAttempts(3).rateLimit(1).rateLimitPeriod(Duration.ofMillis(500))
                .deadline(Duration.ofSeconds(5)));
        fixture.kms.createKey(EC_KEY, KeySpec.EC_P256);

        assertThat(sign()).isNotEmpty();

        assertThat(fixture.time.waits).isNotEmpty();
        assertThat(fixture.calls(FaultInjection.SIGN)).isEqualTo(1);
    }

    @Test
    void aFullConcurrencyLimitRefusesAfterItsWait() throws Exception {
        CountDownLatch inProvider = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // Injected latency that parks the first call inside the provider until the test releases it.
        FaultInjection blocking = FaultInjection.create(new Faults(), d -> {
            inProvider.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        FakeTime time = new FakeTime();
        ProviderConfig config = ProviderConfig.builder().set("path", ":memory:").set("max-concurrent", "1")
                .set("max-concurrent-wait", "0ms").set("retry-max-attempts", "1")
                .systemProperties(new Properties()).environment(Map.of()).build();
        try (KmsManager kms = KmsManager.builder().enable("local", config).decorate(blocking)
                .decorate(Resilience.of(ResilienceOptions.builder().clock(time).sleeper(time.sleeper()).build()))
                .build()) {
            kms.createKey(EC_KEY, KeySpec.EC_P256);
            blocking.faults().on(FaultInjection.SIGN).latency(Duration.ofMillis(1));
            CompletableFuture<byte[]> first = CompletableFuture.supplyAsync(
                    () -> kms.sign(EC_KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE));
            assertThat(inProvider.await(10, TimeUnit.SECONDS)).isTrue();

            KmsException e = catchThrowableOfType(KmsException.class,
                    () -> kms.sign(EC_KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE));

            release.countDown();
            assertThat(e.code()).isEqualTo(KmsErrorCode.THROTTLED);
            assertThat(e.providerErrorCode()).contains(Resilience.CONCURRENCY_LIMITED);
            assertThat(first.get(10, TimeUnit.SECONDS)).isNotEmpty();
            assertThat(blocking.provider("local").calls(FaultInjection.SIGN)).isEqualTo(1);
        }
    }

    @Test
    void localRefusalsNeverOpenTheCircuit() {
        fixture = new LocalFixture(o -> o.maxAttempts(1).rateLimit(1).rateLimitPeriod(Duration.ofHours(1))
                .breakerWindow(2).breakerMinimumCalls(2));
        fixture.kms.createKey(EC_KEY, KeySpec.EC_P256);
        for (int i = 0; i < 5; i++) {
            catchThrowableOfType(KmsException.class, this::sign);
        }

        assertThat(fixture.resilience.circuits()).extracting(CircuitStatus::state).containsOnly(CircuitState.CLOSED);
    }
}
