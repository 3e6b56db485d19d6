package dev.kms4j.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kms.model.AlreadyExistsException;
import software.amazon.awssdk.services.kms.model.DependencyTimeoutException;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidAliasNameException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.InvalidKeyUsageException;
import software.amazon.awssdk.services.kms.model.KmsInternalException;
import software.amazon.awssdk.services.kms.model.KmsInvalidSignatureException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.LimitExceededException;
import software.amazon.awssdk.services.kms.model.NotFoundException;

class AwsErrorsTest {
    private static final KeyRef KEY = KeyRef.of("aws-kms", "alias/payments");

    private static AwsErrorDetails details(String code) {
        return AwsErrorDetails.builder().errorCode(code).errorMessage("message from AWS").build();
    }

    /** An error the KMS model does not declare: the SDK surfaces it as the service's generic exception. */
    private static AwsServiceException generic(String code, int status) {
        return software.amazon.awssdk.services.kms.model.KmsException.builder()
                .awsErrorDetails(details(code)).statusCode(status).build();
    }

    static Stream<Arguments> serviceErrors() {
        return Stream.of(
                Arguments.of(NotFoundException.builder().awsErrorDetails(details("NotFoundException")).statusCode(400).build(), KmsErrorCode.NOT_FOUND),
                Arguments.of(AlreadyExistsException.builder().awsErrorDetails(details("AlreadyExistsException")).statusCode(400).build(), KmsErrorCode.ALREADY_EXISTS),
                Arguments.of(DisabledException.builder().awsErrorDetails(details("DisabledException")).statusCode(400).build(), KmsErrorCode.INVALID_KEY_STATE),
                Arguments.of(KmsInvalidStateException.builder().awsErrorDetails(details("KMSInvalidStateException")).statusCode(400).build(), KmsErrorCode.INVALID_KEY_STATE),
                Arguments.of(InvalidCiphertextException.builder().awsErrorDetails(details("InvalidCiphertextException")).statusCode(400).build(), KmsErrorCode.INTEGRITY),
                Arguments.of(IncorrectKeyException.builder().awsErrorDetails(details("IncorrectKeyException")).statusCode(400).build(), KmsErrorCode.INTEGRITY),
                Arguments.of(KmsInvalidSignatureException.builder().awsErrorDetails(details("KMSInvalidSignatureException")).statusCode(400).build(), KmsErrorCode.INTEGRITY),
                Arguments.of(InvalidKeyUsageException.builder().awsErrorDetails(details("InvalidKeyUsageException")).statusCode(400).build(), KmsErrorCode.UNSUPPORTED),
                Arguments.of(InvalidAliasNameException.builder().awsErrorDetails(details("InvalidAliasNameException")).statusCode(400).build(), KmsErrorCode.INVALID_ARGUMENT),
                Arguments.of(LimitExceededException.builder().awsErrorDetails(details("LimitExceededException")).statusCode(400).build(), KmsErrorCode.THROTTLED),
                Arguments.of(KmsInternalException.builder().awsErrorDetails(details("KMSInternalException")).statusCode(500).build(), KmsErrorCode.UNAVAILABLE),
                Arguments.of(DependencyTimeoutException.builder().awsErrorDetails(details("DependencyTimeoutException")).statusCode(503).build(), KmsErrorCode.TIMEOUT),
                // Modelled classes map by class even when the error details are missing.
                Arguments.of(NotFoundException.builder().statusCode(400).build(), KmsErrorCode.NOT_FOUND),
                Arguments.of(generic("AccessDeniedException", 400), KmsErrorCode.PERMISSION_DENIED),
                Arguments.of(generic("UnrecognizedClientException", 400), KmsErrorCode.UNAUTHENTICATED),
                Arguments.of(generic("InvalidSignatureException", 400), KmsErrorCode.UNAUTHENTICATED),
                Arguments.of(generic("ExpiredTokenException", 400), KmsErrorCode.UNAUTHENTICATED),
                Arguments.of(generic("ValidationException", 400), KmsErrorCode.INVALID_ARGUMENT),
                Arguments.of(generic("ThrottlingException", 400), KmsErrorCode.THROTTLED),
                Arguments.of(generic("SomethingNew", 429), KmsErrorCode.THROTTLED),
                Arguments.of(generic("SomethingNew", 500), KmsErrorCode.UNAVAILABLE),
                Arguments.of(generic("SomethingNew", 503), KmsErrorCode.UNAVAILABLE),
                Arguments.of(generic("SomethingNew", 418), KmsErrorCode.INTERNAL));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("serviceErrors")
    void serviceErrorsMapOntoKmsErrorCodes(AwsServiceException sdk, KmsErrorCode expected) {
        KmsException e = AwsErrors.translate("encrypt", KEY, sdk);

        assertThat(e.code()).isEqualTo(expected);
        assertThat(e.isRetryable()).isEqualTo(expected.isRetryableByDefault());
        assertThat(e.provider()).contains("aws-kms");
        assertThat(e.keyRef()).contains(KEY);
        assertThat(e.getCause()).isSameAs(sdk);
    }

    @Test
    void providerErrorCodeIsTheAwsErrorCode() {
        KmsException e = AwsErrors.translate("encrypt", KEY, generic("ThrottlingException", 400));

        assertThat(e.providerErrorCode()).contains("ThrottlingException");
    }

    @Test
    void messageNamesOperationAndKeyButNotTheAwsMessage() {
        KmsException e = AwsErrors.translate("decrypt", KEY,
                InvalidCiphertextException.builder().awsErrorDetails(details("InvalidCiphertextException")).statusCode(400).build());

        assertThat(e.getMessage()).contains("decrypt").contains(KEY.toString()).contains("InvalidCiphertextException")
                .doesNotContain("message from AWS");
    }

    @Test
    void throttlingIsRetryable() {
        assertThat(AwsErrors.translate("sign", KEY, generic("ThrottlingException", 400)).isRetryable()).isTrue();
    }

    @Test
    void apiCallTimeoutIsARetryableTimeout() {
        KmsException e = AwsErrors.translate("sign", KEY, ApiCallTimeoutException.create(1000));

        assertThat(e.code()).isEqualTo(KmsErrorCode.TIMEOUT);
        assertThat(e.isRetryable()).isTrue();
    }

    @Test
    void apiCallAttemptTimeoutIsATimeout() {
        assertThat(AwsErrors.translate("sign", KEY, ApiCallAttemptTimeoutException.create(1000)).code())
                .isEqualTo(KmsErrorCode.TIMEOUT);
    }

    @Test
    void connectionFailureIsRetryableUnavailable() {
        SdkClientException sdk = SdkClientException.builder().message("Unable to execute HTTP request")
                .cause(new ConnectException("Connection refused")).build();

        KmsException e = AwsErrors.translate("encrypt", KEY, sdk);

        assertThat(e.code()).isEqualTo(KmsErrorCode.UNAVAILABLE);
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.getMessage()).contains("ConnectException");
    }

    @Test
    void socketReadTimeoutIsATimeout() {
        SdkClientException sdk = SdkClientException.builder().message("Unable to execute HTTP request")
                .cause(new java.net.SocketTimeoutException("Read timed out")).build();

        assertThat(AwsErrors.translate("encrypt", KEY, sdk).code()).isEqualTo(KmsErrorCode.TIMEOUT);
    }

    @Test
    void missingCredentialsAreUnauthenticated() {
        SdkClientException sdk = SdkClientException.builder()
                .message("Unable to load credentials from any of the providers in the chain").build();

        KmsException e = AwsErrors.translate("encrypt", KEY, sdk);

        assertThat(e.code()).isEqualTo(KmsErrorCode.UNAUTHENTICATED);
        assertThat(e.isRetryable()).isFalse();
    }

    @Test
    void anythingElseIsInternal() {
        assertThat(AwsErrors.translate("encrypt", KEY, new IllegalStateException("boom")).code())
                .isEqualTo(KmsErrorCode.INTERNAL);
    }

    @Test
    void kmsExceptionsPassThroughWithContext() {
        KmsException original = new KmsException(KmsErrorCode.INTEGRITY, "bad");

        KmsException e = AwsErrors.translate("decrypt", KEY, original);

        assertThat(e.code()).isEqualTo(KmsErrorCode.INTEGRITY);
        assertThat(e.keyRef()).contains(KEY);
    }

    @Test
    void ioCauseNameIsReportedNotItsMessage() {
        SdkClientException sdk = SdkClientException.builder().message("x").cause(new IOException("secret-ish detail")).build();

        assertThat(AwsErrors.translate("encrypt", KEY, sdk).getMessage()).doesNotContain("secret-ish detail");
    }
}
