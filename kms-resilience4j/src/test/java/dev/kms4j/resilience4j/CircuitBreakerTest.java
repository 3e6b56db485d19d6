package dev.kms4j.resilience4j;

import static dev.kms4j.resilience4j.LocalFixture.EC_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.testkit.faults.Fault;
import dev.kms4j.testkit.faults.FaultInjection;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
    private static final byte[] MESSAGE = {1, 2, 3, 4};
    private static final Duration OPEN_WAIT = Duration.ofSeconds(30);

    private LocalFixture fixture;

    @AfterEach
    void close() {
        fixture.close();
    }

    /** Four calls in the window, all four needed, all four failing opens it; no retries. */
    private LocalFixture fixture(UnaryOperator<ResilienceOptions.Builder> more) {
        fixture = new LocalFixture(o -> more.apply(o.maxAttempts(1).breakerWindow(4).breakerMinimumCalls(4)
                .breakerFailureRate(100).breakerOpenWait(OPEN_WAIT).breakerHalfOpenCalls(2))).withKeys();
        return fixture;
    }

    private LocalFixture fixture() {
        return fixture(o -> o);
    }

    private KmsException signFailure() {
        return catchThrowableOfType(KmsException.class, this::sign);
    }

    private byte[] sign() {
        return fixture.kms.sign(EC_KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE);
    }

    private CircuitState state() {
        return fixture.resilience.circuits().get(0).state();
    }

    private void open() {
        fixture.faults().on(FaultInjection.SIGN).always(Fault.unavailable());
        for (int i = 0; i < 4; i++) {
            signFailure();
        }
        fixture.faults().clear();
    }

    @Test
    void aNewCircuitIsClosed() {
        fixture();

        assertThat(fixture.resilience.circuits()).containsExactly(CircuitStatus.of("local", null, CircuitState.CLOSED));
    }

    @Test
    void opensAfterTheConfiguredFailures() {
        fixture();
        fixture.faults().on(FaultInjection.SIGN).always(Fault.unavailable());

        for (int i = 0; i < 3; i++) {
            signFailure();
        }
        assertThat(state()).isEqualTo(CircuitState.CLOSED);
        signFailure();

        assertThat(state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void anOpenCircuitFailsFastWithoutCallingTheProvider() {
        fixture();
        open();
        long callsBefore = fixture.calls(FaultInjection.SIGN);

        KmsException e = signFailure();

        assertThat(e.code()).isEqualTo(KmsErrorCode.UNAVAILABLE);
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.providerErrorCode()).contains(Resilience.CIRCUIT_OPEN);
        // Just past the open period: the first moment a trial call is let through.
        assertThat(e.retryAfter()).contains(OPEN_WAIT.plusMillis(1));
        assertThat(fixture.calls(FaultInjection.SIGN)).isEqualTo(callsBefore);
    }

    @Test
    void theRetryHintIsTheRestOfTheOpenWait() {
        fixture();
        open();
        fixture.time.advance(Duration.ofSeconds(10));

        assertThat(signFailure().retryAfter()).contains(Duration.ofSeconds(20).plusMillis(1));
    }

    @Test
    void halfOpensAfterTheWaitAndClosesWhenTheTrialCallsSucceed() {
        fixture();
        open();
        fixture.time.advance(OPEN_WAIT.plusMillis(1));

        sign();
        assertThat(state()).isEqualTo(CircuitState.HALF_OPEN);
        sign();

        assertThat(state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void reopensWhenTheTrialCallsFail() {
        fixture();
        open();
        fixture.time.advance(OPEN_WAIT.plusMillis(1));
        fixture.faults().on(FaultInjection.SIGN).always(Fault.timeout());

        signFailure();
        signFailure();

        assertThat(state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void clientErrorsShowTheProviderIsUpAndNeverOpenIt() {
        fixture();
        fixture.faults().on(FaultInjection.SIGN).always(Fault.httpError(403));
        for (int i = 0; i < 6; i++) {
            signFailure();
        }
        fixture.faults().clear();
        for (int i = 0; i < 6; i++) {
            catchThrowableOfType(KmsException.class,
                    () -> fixture.kms.metadata(KeyRef.parse("local://missing")));
        }

        assertThat(state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void throttlingDoesNotOpenItByDefault() {
        fixture();
        fixture.faults().on(FaultInjection.SIGN).always(Fault.throttle());
        for (int i = 0; i < 8; i++) {
            signFailure();
        }

        assertThat(state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void throttlingOpensItWhenConfiguredToCount() {
        fixture(o -> o.breakerCountsThrottling(true));
        fixture.faults().on(FaultInjection.SIGN).always(Fault.throttle());
        for (int i = 0; i < 4; i++) {
            signFailure();
        }

        assertThat(state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void aRetryWaitsOutTheOpenCircuitWhenThatFitsTheDeadline() {
        fixture = new LocalFixture(o -> o.maxAttempts(4).deadline(Duration.ofSeconds(10)).breakerWindow(2).breakerFailureRate(100)
                .breakerMinimumCalls(2).breakerOpenWait(Duration.ofSeconds(2)).breakerHalfOpenCalls(1)).withKeys();
        // Attempts 1 and 2 fail and open the circuit; attempt 3 is refused with the rest of the
        // open wait as its hint; attempt 4, after that wait, is the trial call and succeeds.
        fixture.faults().on(FaultInjection.SIGN).failTimes(2, Fault.unavailable());

        assertThat(sign()).isNotEmpty();

        assertThat(fixture.calls(FaultInjection.SIGN)).isEqualTo(3);
        assertThat(fixture.time.totalWait()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void disabledBreakingNeverOpens() {
        fixture(o -> o.breakerEnabled(false));
        open();

        assertThat(state()).isEqualTo(CircuitState.DISABLED);
        assertThat(sign()).isNotEmpty();
    }
}
