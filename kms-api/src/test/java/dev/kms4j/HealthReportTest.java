package dev.kms4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.ProviderHealth.Status;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthReportTest {
    private static ProviderHealth health(String scheme, Status status) {
        return ProviderHealth.builder(scheme, status).build();
    }

    @Test
    void oneDownProviderMakesTheReportDown() {
        HealthReport r = new HealthReport(Instant.EPOCH,
                List.of(health("a", Status.UP), health("b", Status.DOWN), health("c", Status.DEGRADED)));

        assertThat(r.status()).isEqualTo(Status.DOWN);
        assertThat(r.anyDown()).isTrue();
    }

    @Test
    void degradedOutranksUp() {
        HealthReport r = new HealthReport(Instant.EPOCH, List.of(health("a", Status.UP), health("b", Status.DEGRADED)));

        assertThat(r.status()).isEqualTo(Status.DEGRADED);
        assertThat(r.anyDown()).isFalse();
    }

    @Test
    void anUnknownProviderDoesNotHideTheOthersBeingUp() {
        HealthReport r = new HealthReport(Instant.EPOCH, List.of(health("a", Status.UNKNOWN), health("b", Status.UP)));

        assertThat(r.status()).isEqualTo(Status.UP);
    }

    @Test
    void aReportWithoutProvidersIsUnknown() {
        assertThat(new HealthReport(Instant.EPOCH, List.of()).status()).isEqualTo(Status.UNKNOWN);
    }

    @Test
    void providersAreInSchemeOrder() {
        HealthReport r = new HealthReport(Instant.EPOCH, List.of(health("vault", Status.UP), health("aws", Status.UP)));

        assertThat(r.providers()).extracting(ProviderHealth::scheme).containsExactly("aws", "vault");
    }

    @Test
    void aThrottledProbeIsDegradedAndANotFoundProbeIsUp() {
        assertThat(ProviderHealth.fromProbeFailure("a", new KmsException(KmsErrorCode.THROTTLED, "x")).status())
                .isEqualTo(Status.DEGRADED);
        assertThat(ProviderHealth.fromProbeFailure("a", new KmsException(KmsErrorCode.NOT_FOUND, "x")).status())
                .isEqualTo(Status.UP);
    }

    @Test
    void aProbeRejectedAsUnsupportedIsUnknownAndAnAuthenticationFailureIsDown() {
        assertThat(ProviderHealth.fromProbeFailure("a", new KmsException(KmsErrorCode.UNSUPPORTED, "x")).status())
                .isEqualTo(Status.UNKNOWN);
        assertThat(ProviderHealth.fromProbeFailure("a", new KmsException(KmsErrorCode.UNAUTHENTICATED, "x")).status())
                .isEqualTo(Status.DOWN);
    }

    @Test
    void aReasonIsKeptToOneShortLine() {
        String reason = ProviderHealth.builder("a", Status.DOWN).reason("first\nsecond " + "x".repeat(500)).build()
                .reason().orElseThrow();

        assertThat(reason).doesNotContain("\n").startsWith("first second").hasSize(ProviderHealth.MAX_REASON_LENGTH);
    }
}
