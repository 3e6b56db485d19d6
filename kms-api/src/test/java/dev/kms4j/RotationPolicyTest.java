package dev.kms4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RotationPolicyTest {
    @Test
    void manualHasNoPeriod() {
        assertThat(RotationPolicy.manual().isAutomatic()).isFalse();
        assertThat(RotationPolicy.manual().period()).isEmpty();
    }

    @Test
    void everyKeepsItsPeriodAndComparesByIt() {
        RotationPolicy yearly = RotationPolicy.every(Duration.ofDays(365));

        assertThat(yearly.isAutomatic()).isTrue();
        assertThat(yearly.period()).contains(Duration.ofDays(365));
        assertThat(yearly).isEqualTo(RotationPolicy.every(Duration.ofDays(365)))
                .isNotEqualTo(RotationPolicy.every(Duration.ofDays(90)))
                .isNotEqualTo(RotationPolicy.manual());
        assertThat(yearly.toString()).contains("PT8760H");
    }

    @Test
    void zeroNegativeOrMissingPeriodIsInvalidArgument() {
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofDays(-1), null}) {
            KmsException e = catchThrowableOfType(KmsException.class, () -> RotationPolicy.every(bad));
            assertThat(e.code()).as("period %s", bad).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
        }
    }
}
