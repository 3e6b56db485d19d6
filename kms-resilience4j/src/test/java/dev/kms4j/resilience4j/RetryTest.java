package dev.kms4j.resilience4j;

import static dev.kms4j.resilience4j.LocalFixture.EC_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.testkit.faults.Fault;
import dev.kms4j.testkit.faults.FaultInjection;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetryTest {
    private static final byte[] MESSAGE = {1, 2, 3, 4};

    private LocalFixture fixture;

    @AfterEach
    void close() {
        fixture.close();
    }

    private LocalFixture fixture(java.util.function.UnaryOperator<ResilienceOptions.Builder> options) {
        fixture = new LocalFixture(options).withKeys();
        return fixture;
    }

    private byte[] sign() {
        return fixture.kms.sign(EC_KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE);
    }

    private KmsException signFailure() {
        return catchThrowableOfType(KmsException.class, this::sign);
    }

    @Test
    void aThrottlingStormIsAbsorbedWithinTheDeadline() {
        fixture(o -> o.maxAttempts(10).deadline(Duration.ofSeconds(5)));
        fixture.faults().on(FaultInjection.SIGN).failTimes(6, Fault.throttle(Duration.ofMillis(200)));

        assertThat(sign()).isNotEmpty();

        assertThat(fixture.calls(FaultInjection.SIGN)).isEqualTo(7);
        assertThat(fixture.time.waits).hasSize(6).allSatisfy(w -> assertThat(w).isGreaterThanOrEqualTo(Duration.ofMillis(200)));
        assertThat(fixture.time.elapsed()).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void retriesStopAtMaxAttemptsWithTheLastError() {
        fixture(o -> o.maxAttempts(3));
        fixture.faults().on(FaultInjection.SIGN).always(Fault.unavailable());

        KmsException e = signFailure();

        assertThat(e.code()).isEqualTo(KmsErrorCode.UNAVAILABLE);
        assertThat(fixture.calls(FaultInjection.SIGN)).isEqualTo(3);
        assertThat(fixture.time.waits).hasSize(2);
    }

    @Test
    void oneMaxAttemptMeansNoRetry() {
        fixture(o -> o.maxAttempts(1));
        fixture.faults().on(FaultInjection.SIGN).failTimes(1, Fault.unavailable());

        assertThat(signFailure().code()).isEqualTo(KmsErrorCode.UNAVAILABLE);
        assertThat(fixture.calls(FaultInjection.SIGN)).isEqualTo(1);
    }

    @Test
    void aNonRetryableProviderErrorReachesTheProviderExactlyOnce() {
        fixture(o -> o.maxAttempts(5));

        KmsException e = catchThrowableOfType(KmsException.class,
                () -> fixture.kms.sign(KeyRef.parse("local://missing"), SignatureAlgorithm.ECDSA_SHA256, MESSAGE));

        assertThat(e.code()).isEqualTo(KmsErrorCode.NOT_FOUND);
        assertThat(fixture.injection.provider("local").forwarded(FaultInjection.SIGN)).isEqualTo(1);
        assertThat(fixture.time.waits).isEmpty();
    }

    @Test
    void anInjectedPermissionDeniedIsNotRetried() {
        fixture(o -> o.maxAttempts(5));
        fixture.faults().on(FaultInjection.SIGN).always(Fault.httpError(403));

        assertThat(signFailure().code()).isEqualTo(KmsErrorCode.PERMISSION_DENIED);
        assertThat(fixture.calls(FaultInjection.SIGN)).isEqualTo(1);
    }

    @Test
    void retryAfterIsWaitedAtLeast() {
        fixture(o -> o.initialBackoff(Duration.ofMillis(10)).maxBackoff(Duration.ofMillis(10)));
        fixture.faults().on(FaultInjection.SIGN).failTimes(1, Fault.throttle(Duration.ofMillis(1500)));

        sign();

        assertThat(fixture.time.waits).singleElement()
                .satisfies(w -> assertThat(w).isGreaterThanOrEqualTo(Duration.ofMillis(1500)));
    }

    @Test
    void backoffIsRandomBelowTheDoublingBoundCappedAtTheMaximum() {
        fixture(o -> o.maxAttempts(6).initialBackoff(Duration.ofMillis(100)).maxBackoff(Duration.ofMillis(400)));
        fixture.faults().on(FaultInjection.SIGN).always(Fault.unavailable());

        signFailure();

        assertThat(fixture.time.waits).hasSize(5);
        long[] bounds = {100, 200, 400, 400, 400};
        for (int i = 0; i < bounds.length; i++) {
            assertThat(fixture.time.waits.get(i)).isBetween(Duration.ZERO, Duration.ofMillis(bounds[i]));
        }
    }

    @Test
    void rotateIsNotRetriedAfterAnErrorThatMayHaveRotated() {
        fixture(o -> o.maxAttempts(3));
        fixture.faults().on(FaultInjection.ROTATE).failTimes(1, Fault.unavailable());

        KmsException e = catchThrowableOfType(KmsException.class, () -> fixture.kms.rotate(EC_KEY));

        assertThat(e.code()).isEqualTo(KmsErrorCode.UNAVAILABLE);
        assertThat(fixture.calls(FaultInjection.ROTATE)).isEqualTo(1);
    }

    @Test
    void createKeyIsNotRetriedAfterATimeout() {
        fixture(o -> o.maxAttempts(3));
        fixture.faults().on(FaultInjection.CREATE_KEY).failTimes(1, Fault.timeout());

        KmsException e = catchThrowableOfType(KmsException.class,
                () -> fixture.kms.createKey(KeyRef.parse("local://fresh"), KeySpec.AES_256));

        assertThat(e.code()).isEqualTo(KmsErrorCode.TIMEOUT);
        assertThat(fixture.calls(FaultInjection.CREATE_KEY)).isEqualTo(1);
    }

    @Test
    void rotateIsRetriedAfterThrottlingBecauseTheRequestWasRefused() {
        fixture(o -> o.maxAttempts(3));
        fixture.faults().on(FaultInjection.ROTATE).failTimes(1, Fault.throttle());

        KeyRef rotated = fixture.kms.rotate(EC_KEY);

        assertThat(rotated.version()).isPresent();
        assertThat(fixture.calls(FaultInjection.ROTATE)).isEqualTo(2);
    }

    @Test
    void unsafeOperationsAreRetriedWhenTheOptionSaysSo() {
        fixture(o -> o.maxAttempts(3).retryUnsafeOperations(true));
        fixture.faults().on(FaultInjection.ROTATE).failTimes(1, Fault.unavailable());

        fixture.kms.rotate(EC_KEY);

        assertThat(fixture.calls(FaultInjection.ROTATE)).isEqualTo(2);
    }

    @Test
    void idempotentWritesAreRetried() {
        fixture(o -> o.maxAttempts(3));
        fixture.faults().on(FaultInjection.DISABLE).failTimes(1, Fault.unavailable());

        fixture.kms.disable(EC_KEY);

        assertThat(fixture.calls(FaultInjection.DISABLE)).isEqualTo(2);
    }
}
