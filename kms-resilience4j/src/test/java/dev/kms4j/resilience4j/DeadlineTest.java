package dev.kms4j.resilience4j;

import static dev.kms4j.resilience4j.LocalFixture.EC_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.testkit.faults.Fault;
import dev.kms4j.testkit.faults.FaultInjection;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadlineTest {
    private static final byte[] MESSAGE = {1, 2, 3, 4};

    private LocalFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private LocalFixture fixture(java.util.function.UnaryOperator<ResilienceOptions.Builder> options) {
        fixture = new LocalFixture(options).withKeys();
        return fixture;
    }

    private KmsException signFailure() {
        return catchThrowableOfType(KmsException.class,
                () -> fixture.kms.sign(EC_KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE));
    }

    @Test
    void aRetryAfterBeyondTheDeadlineIsNotWaitedAndTheThrottleIsReturned() {
        fixture(o -> o.deadline(Duration.ofSeconds(1)));
        fixture.faults().on(FaultInjection.SIGN).failTimes(1, Fault.throttle(Duration.ofSeconds(2)));

        KmsException e = signFailure();

        assertThat(e.code()).isEqualTo(KmsErrorCode.THROTTLED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
        assertThat(fixture.time.waits).isEmpty();
        assertThat(fixture.calls(FaultInjection.SIGN)).isEqualTo(1);
    }

    @Test
    void aSpentDeadlineFailsWithTimeoutCarryingTheLastError() {
        fixture(o -> o.deadline(Duration.ofSeconds(1)).maxAttempts(5));
        fixture.faults().on(FaultInjection.SIGN).latency(Duration.ofMillis(1200)).always(Fault.unavailable());

        KmsException e = signFailure();

        assertThat(e.code()).isEqualTo(KmsErrorCode.TIMEOUT);
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.providerErrorCode()).contains(Resilience.DEADLINE_EXCEEDED);
        assertThat(e.getCause()).isInstanceOfSatisfying(KmsException.class,
                cause -> assertThat(cause.code()).isEqualTo(KmsErrorCode.UNAVAILABLE));
        assertThat(fixture.calls(FaultInjection.SIGN)).isEqualTo(1);
    }

    @Test
    void theDeadlineIsOverrunOnlyByTheAttemptInFlight() {
        Duration deadline = Duration.ofSeconds(2);
        Duration latency = Duration.ofMillis(150);
        // Jitter is random: repeat so many different wait sequences meet the deadline.
        for (int run = 0; run < 20; run++) {
            try (LocalFixture f = new LocalFixture(o -> o.deadline(deadline).maxAttempts(100)
                    .initialBackoff(Duration.ofMillis(50)).maxBackoff(Duration.ofMillis(800))).withKeys()) {
                f.faults().on(FaultInjection.SIGN).latency(latency).always(Fault.unavailable());
                Duration before = f.time.elapsed();

                catchThrowableOfType(KmsException.class,
                        () -> f.kms.sign(EC_KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE));

                Duration spent = f.time.elapsed().minus(before);
                assertThat(spent).isLessThanOrEqualTo(deadline.plus(latency));
                // Every wait ended before the deadline: the waits and the attempts before the last fit in it.
                assertThat(f.time.totalWait().plus(latency.multipliedBy(f.calls(FaultInjection.SIGN) - 1)))
                        .isLessThan(deadline);
            }
        }
    }

    @Test
    void theFirstAttemptRunsEvenWhenItAloneTakesLongerThanTheDeadline() {
        fixture(o -> o.deadline(Duration.ofMillis(100)));
        fixture.faults().on(FaultInjection.SIGN).latency(Duration.ofMillis(500));

        byte[] signature = fixture.kms.sign(EC_KEY, SignatureAlgorithm.ECDSA_SHA256, MESSAGE);

        assertThat(signature).isNotEmpty();
    }

    @Test
    void anInterruptedWaitGivesUpWithTheLastErrorAndKeepsTheInterrupt() {
        fixture(o -> o.sleeper(d -> {
            throw new InterruptedException("test");
        }));
        fixture.faults().on(FaultInjection.SIGN).failTimes(1, Fault.unavailable());

        try {
            KmsException e = signFailure();

            assertThat(e.code()).isEqualTo(KmsErrorCode.UNAVAILABLE);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
