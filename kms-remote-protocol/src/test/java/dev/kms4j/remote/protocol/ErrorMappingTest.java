package dev.kms4j.remote.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.remote.protocol.v1.Error;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ErrorMappingTest {

    @ParameterizedTest
    @EnumSource(KmsErrorCode.class)
    void everyErrorCodeSurvivesTheRoundTrip(KmsErrorCode code) {
        KmsException sent = new KmsException(code, "metadata of local://payments failed");

        KmsException received = ErrorMapping.fromStatusException(ErrorMapping.toStatusException(sent));

        assertThat(received.code()).isEqualTo(code);
        assertThat(received.getMessage()).isEqualTo("metadata of local://payments failed");
        assertThat(received.isRetryable()).isEqualTo(code.isRetryableByDefault());
    }

    @ParameterizedTest
    @CsvSource({
            "NOT_FOUND, NOT_FOUND",
            "ALREADY_EXISTS, ALREADY_EXISTS",
            "INVALID_ARGUMENT, INVALID_ARGUMENT",
            "UNAUTHENTICATED, UNAUTHENTICATED",
            "PERMISSION_DENIED, PERMISSION_DENIED",
            "INVALID_KEY_STATE, FAILED_PRECONDITION",
            "UNSUPPORTED, UNIMPLEMENTED",
            "INTEGRITY, INVALID_ARGUMENT",
            "THROTTLED, RESOURCE_EXHAUSTED",
            "UNAVAILABLE, UNAVAILABLE",
            "TIMEOUT, DEADLINE_EXCEEDED",
            "INTERNAL, INTERNAL"})
    void errorCodesAreSentWithTheDocumentedStatus(KmsErrorCode code, Status.Code status) {
        StatusRuntimeException e = ErrorMapping.toStatusException(new KmsException(code, "x"));

        assertThat(e.getStatus().getCode()).isEqualTo(status);
        assertThat(e.getTrailers().get(ErrorMapping.ERROR_CODE_KEY)).isEqualTo(code.name());
    }

    @ParameterizedTest
    @CsvSource({
            "DEADLINE_EXCEEDED, TIMEOUT",
            "UNAVAILABLE, UNAVAILABLE",
            "CANCELLED, UNAVAILABLE",
            "ABORTED, UNAVAILABLE",
            "RESOURCE_EXHAUSTED, THROTTLED",
            "UNAUTHENTICATED, UNAUTHENTICATED",
            "PERMISSION_DENIED, PERMISSION_DENIED",
            "NOT_FOUND, NOT_FOUND",
            "ALREADY_EXISTS, ALREADY_EXISTS",
            "INVALID_ARGUMENT, INVALID_ARGUMENT",
            "OUT_OF_RANGE, INVALID_ARGUMENT",
            "FAILED_PRECONDITION, INVALID_KEY_STATE",
            "UNIMPLEMENTED, UNSUPPORTED",
            "DATA_LOSS, INTEGRITY",
            "UNKNOWN, INTERNAL",
            "INTERNAL, INTERNAL"})
    void aStatusWithoutTrailerIsMappedFromItsCode(Status.Code status, KmsErrorCode expected) {
        KmsException e = ErrorMapping.fromStatusException(Status.fromCode(status).withDescription("d").asRuntimeException());

        assertThat(e.code()).isEqualTo(expected);
        assertThat(e.providerErrorCode()).contains("grpc:" + status.name());
    }

    @Test
    void anUnknownTrailerCodeFallsBackToTheStatus() {
        Metadata trailers = new Metadata();
        trailers.put(ErrorMapping.ERROR_CODE_KEY, "QUANTUM_DECOHERENCE");

        KmsException e = ErrorMapping.fromStatusException(Status.UNAVAILABLE.asRuntimeException(trailers));

        assertThat(e.code()).isEqualTo(KmsErrorCode.UNAVAILABLE);
    }

    @Test
    void theTrailerWinsOverTheStatus() {
        Metadata trailers = new Metadata();
        trailers.put(ErrorMapping.ERROR_CODE_KEY, "INTEGRITY");

        KmsException e = ErrorMapping.fromStatusException(Status.INVALID_ARGUMENT.asRuntimeException(trailers));

        assertThat(e.code()).isEqualTo(KmsErrorCode.INTEGRITY);
    }

    @Test
    void aRetryabilityOverrideSurvivesTheRoundTrip() {
        KmsException sent = KmsException.builder(KmsErrorCode.TIMEOUT, "createKey timed out").retryable(false).build();

        KmsException received = ErrorMapping.fromStatusException(ErrorMapping.toStatusException(sent));

        assertThat(received.code()).isEqualTo(KmsErrorCode.TIMEOUT);
        assertThat(received.isRetryable()).isFalse();
    }

    @Test
    void retryAfterSurvivesTheRoundTripInMilliseconds() {
        KmsException sent = KmsException.builder(KmsErrorCode.THROTTLED, "slow down")
                .retryAfter(Duration.ofMillis(1500)).build();

        KmsException received = ErrorMapping.fromStatusException(ErrorMapping.toStatusException(sent));

        assertThat(received.retryAfter()).contains(Duration.ofMillis(1500));
    }

    @Test
    void aMalformedRetryAfterIsIgnored() {
        Metadata trailers = new Metadata();
        trailers.put(ErrorMapping.RETRY_AFTER_KEY, "soon");

        assertThat(ErrorMapping.fromStatusException(Status.RESOURCE_EXHAUSTED.asRuntimeException(trailers)).retryAfter())
                .isEmpty();
    }

    @Test
    void theStatusExceptionIsKeptAsTheCause() {
        StatusRuntimeException sent = Status.NOT_FOUND.asRuntimeException();

        assertThat(ErrorMapping.fromStatusException(sent)).hasCause(sent);
    }

    @Test
    void aStatusWithoutDescriptionGetsAMessageNamingTheStatus() {
        KmsException e = ErrorMapping.fromStatusException(Status.UNAVAILABLE.asRuntimeException());

        assertThat(e.getMessage()).contains("UNAVAILABLE");
    }

    @Test
    void longMessagesAreShortened() {
        StatusRuntimeException e = ErrorMapping.toStatusException(new KmsException(KmsErrorCode.INTERNAL, "x".repeat(5000)));

        assertThat(e.getStatus().getDescription()).hasSize(ErrorMapping.MAX_MESSAGE_LENGTH);
    }

    @ParameterizedTest
    @EnumSource(KmsErrorCode.class)
    void batchItemErrorsSurviveTheRoundTrip(KmsErrorCode code) {
        Error error = ErrorMapping.toError(new KmsException(code, "item failed"));

        KmsException back = ErrorMapping.fromError(error);

        assertThat(back.code()).isEqualTo(code);
        assertThat(back.getMessage()).isEqualTo("item failed");
    }

    @Test
    void aBatchItemErrorWithAnUnknownCodeIsInternal() {
        KmsException back = ErrorMapping.fromError(Error.newBuilder().setCode("NEWER").setMessage("m").build());

        assertThat(back.code()).isEqualTo(KmsErrorCode.INTERNAL);
    }
}
