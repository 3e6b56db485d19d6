package dev.kms4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.KmsErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ExitCodesTest {
    @ParameterizedTest
    @CsvSource({
        "INVALID_ARGUMENT, 3",
        "NOT_FOUND, 4",
        "INVALID_KEY_STATE, 5",
        "ALREADY_EXISTS, 5",
        "INTEGRITY, 6",
        "UNSUPPORTED, 7",
        "UNAUTHENTICATED, 8",
        "PERMISSION_DENIED, 8",
        "UNAVAILABLE, 9",
        "THROTTLED, 9",
        "TIMEOUT, 9",
        "INTERNAL, 10",
    })
    void eachErrorCodeHasItsDocumentedExitCode(KmsErrorCode code, int exitCode) {
        assertThat(ExitCodes.of(code)).isEqualTo(exitCode);
    }

    @ParameterizedTest
    @EnumSource(KmsErrorCode.class)
    void noErrorCodeMapsToSuccessVerificationOrUsage(KmsErrorCode code) {
        assertThat(ExitCodes.of(code)).isBetween(3, 10);
    }

    @Test
    void successIsZero() {
        assertThat(ExitCodes.OK).isZero();
    }
}
