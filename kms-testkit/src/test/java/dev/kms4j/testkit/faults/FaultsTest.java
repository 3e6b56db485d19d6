package dev.kms4j.testkit.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FaultsTest {
    private final Faults faults = new Faults();

    @Test
    void noFaultsMeansServeNormally() {
        assertThat(faults.decide("Encrypt")).isSameAs(FaultDecision.none());
    }

    @Test
    void failTimesFailsExactlyThatManyRequests() {
        faults.on("Encrypt").failTimes(2, Fault.throttle());
        assertThat(faults.decide("Encrypt").fault()).contains(Fault.throttle());
        assertThat(faults.decide("Encrypt").fault()).contains(Fault.throttle());
        assertThat(faults.decide("Encrypt").fault()).isEmpty();
    }

    @Test
    void alwaysKeepsFailing() {
        faults.on("Sign").always(Fault.connectionReset());
        for (int i = 0; i < 5; i++) {
            assertThat(faults.decide("Sign").fault()).contains(Fault.connectionReset());
        }
    }

    @Test
    void operationFaultsDoNotTouchOtherOperations() {
        faults.on("Sign").always(Fault.internalError());
        assertThat(faults.decide("Verify").fault()).isEmpty();
    }

    @Test
    void operationSpecificFailureIsUsedBeforeTheGlobalOne() {
        faults.onAll().failTimes(1, Fault.unavailable());
        faults.on("Encrypt").failTimes(1, Fault.throttle());
        assertThat(faults.decide("Encrypt").fault()).contains(Fault.throttle());
        assertThat(faults.decide("Encrypt").fault()).contains(Fault.unavailable());
        assertThat(faults.decide("Encrypt").fault()).isEmpty();
    }

    @Test
    void latenciesAddUp() {
        faults.onAll().latency(Duration.ofMillis(100));
        faults.on("Encrypt").latency(Duration.ofMillis(50));
        assertThat(faults.decide("Encrypt").delay()).isEqualTo(Duration.ofMillis(150));
        assertThat(faults.decide("Decrypt").delay()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void clearRemovesEverything() {
        faults.onAll().always(Fault.unavailable()).latency(Duration.ofSeconds(1));
        faults.on("Encrypt").always(Fault.throttle());
        faults.clear();
        assertThat(faults.decide("Encrypt")).isSameAs(FaultDecision.none());
    }

    @Test
    void httpErrorRejectsNonErrorStatuses() {
        assertThatThrownBy(() -> Fault.httpError(200)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void throttleCanCarryARetryHint() {
        Fault f = Fault.throttle(Duration.ofMillis(250));
        assertThat(f.kind()).isEqualTo(Fault.Kind.THROTTLE);
        assertThat(f.retryAfter()).contains(Duration.ofMillis(250));
        assertThat(f).isNotEqualTo(Fault.throttle());
    }

    @Test
    void timeoutIsItsOwnKind() {
        assertThat(Fault.timeout().kind()).isEqualTo(Fault.Kind.TIMEOUT);
        assertThat(Fault.timeout().retryAfter()).isEmpty();
    }
}
