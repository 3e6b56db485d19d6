package dev.kms4j.resilience4j;

import static dev.kms4j.resilience4j.LocalFixture.EC_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.resilience4j.internal.ProviderOverrides;
import dev.kms4j.testkit.faults.Fault;
import dev.kms4j.testkit.faults.FaultInjection;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class OptionsTest {
    private static final byte[] MESSAGE = {1, 2, 3, 4};

    @Test
    void defaultsAreTheDocumentedOnes() {
        ResilienceOptions d = ResilienceOptions.defaults();

        assertThat(d.maxAttempts()).isEqualTo(3);
        assertThat(d.initialBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(d.maxBackoff()).isEqualTo(Duration.ofSeconds(2));
        assertThat(d.retryUnsafeOperations()).isFalse();
        assertThat(d.deadline()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.breakerEnabled()).isTrue();
        assertThat(d.breakerFailureRate()).isEqualTo(50);
        assertThat(d.breakerWindow()).isEqualTo(20);
        assertThat(d.breakerMinimumCalls()).isEqualTo(10);
        assertThat(d.breakerOpenWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.breakerHalfOpenCalls()).isEqualTo(3);
        assertThat(d.breakerCountsThrottling()).isFalse();
        assertThat(d.breakerPerEndpoint()).isTrue();
        assertThat(d.rateLimit()).isZero();
        assertThat(d.rateLimitPeriod()).isEqualTo(Duration.ofSeconds(1));
        assertThat(d.maxConcurrent()).isZero();
        assertThat(d.maxConcurrentWait()).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void theBuilderRefusesAMaximumBackoffBelowTheInitialOne() {
        ResilienceOptions.Builder b = ResilienceOptions.builder().initialBackoff(Duration.ofSeconds(1))
                .maxBackoff(Duration.ofMillis(10));

        assertThatThrownBy(b::build).isInstanceOfSatisfying(KmsException.class, e -> {
            assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains("retry-max-backoff");
        });
    }

    @Test
    void theBuilderRefusesZeroAttempts() {
        assertThatThrownBy(() -> ResilienceOptions.builder().maxAttempts(0).build())
                .isInstanceOfSatisfying(KmsException.class,
                        e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void toBuilderKeepsEveryOption() {
        ResilienceOptions o = ResilienceOptions.builder().maxAttempts(7).deadline(Duration.ofSeconds(3))
                .rateLimit(9).breakerPerEndpoint(false).build();

        assertThat(o.toBuilder().build()).usingRecursiveComparison().isEqualTo(o);
    }

    @Test
    void aProviderSettingOverridesTheDefault() {
        try (LocalFixture f = new LocalFixture(o -> o.maxAttempts(5), Map.of("retry-max-attempts", "2")).withKeys()) {
            f.faults().on(FaultInjection.SIGN).always(Fault.unavailable());

            catchThrowableOfType(KmsException.class, () -> f.kms.sign(EC_KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE));

            assertThat(f.calls(FaultInjection.SIGN)).isEqualTo(2);
        }
    }

    @Test
    void everyProviderSettingIsRead() {
        Map<String, String> settings = Map.ofEntries(Map.entry("retry-max-attempts", "4"),
                Map.entry("retry-initial-backoff", "20ms"), Map.entry("retry-max-backoff", "1s"),
                Map.entry("retry-unsafe-operations", "true"), Map.entry("deadline", "3s"),
                Map.entry("breaker-enabled", "false"), Map.entry("breaker-failure-rate", "70"),
                Map.entry("breaker-window", "30"), Map.entry("breaker-minimum-calls", "5"),
                Map.entry("breaker-open-wait", "1m"), Map.entry("breaker-half-open-calls", "2"),
                Map.entry("breaker-counts-throttling", "true"), Map.entry("breaker-per-endpoint", "false"),
                Map.entry("rate-limit", "100"), Map.entry("rate-limit-period", "2s"),
                Map.entry("max-concurrent", "8"), Map.entry("max-concurrent-wait", "10ms"));

        ResilienceOptions o = ProviderOverrides.apply(ResilienceOptions.defaults(),
                dev.kms4j.ProviderConfig.of(settings), "local");

        assertThat(o).usingRecursiveComparison().ignoringFields("clock", "sleeper").isEqualTo(ResilienceOptions.builder()
                .maxAttempts(4).initialBackoff(Duration.ofMillis(20)).maxBackoff(Duration.ofSeconds(1))
                .retryUnsafeOperations(true).deadline(Duration.ofSeconds(3)).breakerEnabled(false)
                .breakerFailureRate(70).breakerWindow(30).breakerMinimumCalls(5).breakerOpenWait(Duration.ofMinutes(1))
                .breakerHalfOpenCalls(2).breakerCountsThrottling(true).breakerPerEndpoint(false).rateLimit(100)
                .rateLimitPeriod(Duration.ofSeconds(2)).maxConcurrent(8).maxConcurrentWait(Duration.ofMillis(10))
                .build());
    }

    @Test
    void anInvalidProviderSettingFailsTheBuildNamingTheProvider() {
        assertThatThrownBy(() -> new LocalFixture(o -> o, Map.of("retry-max-attempts", "0")))
                .isInstanceOfSatisfying(KmsException.class, e -> {
                    assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("local").contains("retry-max-attempts");
                });
    }

    @Test
    void largeSdkRetriesUnderKms4jRetriesAreReportedOnceAtInfo() {
        Logger logger = (Logger) LoggerFactory.getLogger(ProviderOverrides.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        Level before = logger.getLevel();
        logger.setLevel(Level.INFO);
        try (LocalFixture f = new LocalFixture(o -> o.maxAttempts(3), Map.of("max-sdk-retries", "3"))) {
            assertThat(appender.list).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.INFO);
                assertThat(event.getFormattedMessage()).contains("max-sdk-retries=3").contains("12 requests");
            });
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(before);
        }
    }

    @Test
    void smallSdkRetriesAreNotReported() {
        Logger logger = (Logger) LoggerFactory.getLogger(ProviderOverrides.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        Level before = logger.getLevel();
        logger.setLevel(Level.INFO);
        try (LocalFixture f = new LocalFixture(o -> o.maxAttempts(3), Map.of("max-sdk-retries", "1"))) {
            assertThat(appender.list).isEmpty();
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(before);
        }
    }
}
