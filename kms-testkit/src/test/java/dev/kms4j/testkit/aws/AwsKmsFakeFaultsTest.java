package dev.kms4j.testkit.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.testkit.faults.Fault;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DependencyTimeoutException;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInternalException;

/** Fault injection as the SDK experiences it. */
class AwsKmsFakeFaultsTest {
    @RegisterExtension
    static final AwsKmsFakeExtension AWS = AwsKmsFakeExtension.builder().build();

    private static final SdkBytes PLAINTEXT = SdkBytes.fromUtf8String("hello");

    private KmsClient noRetries;
    private KmsClient fastRetries;
    private String keyId;

    @BeforeEach
    void setUp() {
        noRetries = AWS.sdkClientBuilder().overrideConfiguration(c -> c.retryStrategy(
                AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(1).build())).build();
        fastRetries = AWS.sdkClientBuilder().overrideConfiguration(c -> c.retryStrategy(
                AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(4)
                        .backoffStrategy(BackoffStrategy.fixedDelay(Duration.ofMillis(5)))
                        .throttlingBackoffStrategy(BackoffStrategy.fixedDelay(Duration.ofMillis(5)))
                        .circuitBreakerEnabled(false)
                        .build())).build();
        keyId = noRetries.createKey(b -> { }).keyMetadata().keyId();
    }

    @AfterEach
    void tearDown() {
        noRetries.close();
        fastRetries.close();
    }

    @Test
    void throttlingIsRetriedByTheSdkUntilItSucceeds() {
        AWS.fake().faults().on("Encrypt").failTimes(2, Fault.throttle());
        assertThat(fastRetries.encrypt(b -> b.keyId(keyId).plaintext(PLAINTEXT)).ciphertextBlob()).isNotNull();
        assertThat(AWS.fake().requestCount("Encrypt")).isGreaterThanOrEqualTo(3);
        assertThat(AWS.fake().faults().on("Encrypt").remainingFailures()).isZero();
    }

    @Test
    void throttlingSurfacesAsAThrottlingErrorWithoutRetries() {
        AWS.fake().faults().on("Encrypt").failTimes(1, Fault.throttle());
        assertThatThrownBy(() -> noRetries.encrypt(b -> b.keyId(keyId).plaintext(PLAINTEXT)))
                .isInstanceOfSatisfying(KmsException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                    assertThat(e.isThrottlingException()).isTrue();
                });
    }

    @Test
    void timeoutFaultIsTheServiceDependencyTimeout() {
        AWS.fake().faults().on("Encrypt").failTimes(1, Fault.timeout());
        assertThatThrownBy(() -> noRetries.encrypt(b -> b.keyId(keyId).plaintext(PLAINTEXT)))
                .isInstanceOfSatisfying(DependencyTimeoutException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(503));
    }

    @Test
    void failNTimesThenSucceed() {
        AWS.fake().faults().on("Encrypt").failTimes(2, Fault.internalError());
        assertThatThrownBy(() -> noRetries.encrypt(b -> b.keyId(keyId).plaintext(PLAINTEXT)))
                .isInstanceOf(KmsInternalException.class);
        assertThatThrownBy(() -> noRetries.encrypt(b -> b.keyId(keyId).plaintext(PLAINTEXT)))
                .isInstanceOf(KmsInternalException.class);
        assertThat(noRetries.encrypt(b -> b.keyId(keyId).plaintext(PLAINTEXT)).ciphertextBlob()).isNotNull();
    }

    @Test
    void faultsApplyOnlyToTheirOperation() {
        AWS.fake().faults().on("Sign").always(Fault.internalError());
        assertThat(noRetries.encrypt(b -> b.keyId(keyId).plaintext(PLAINTEXT)).ciphertextBlob()).isNotNull();
    }

    @Test
    void serviceUnavailableIs503() {
        AWS.fake().faults().onAll().always(Fault.unavailable());
        assertThatThrownBy(() -> noRetries.describeKey(b -> b.keyId(keyId)))
                .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.statusCode()).isEqualTo(503));
    }

    @Test
    void latencyCanExceedTheClientsAttemptTimeout() {
        AWS.fake().faults().on("DescribeKey").latency(Duration.ofSeconds(2));
        assertThatThrownBy(() -> noRetries.describeKey(b -> b.keyId(keyId)
                .overrideConfiguration(o -> o.apiCallAttemptTimeout(Duration.ofMillis(100)))))
                .isInstanceOf(ApiCallAttemptTimeoutException.class);
    }

    @Test
    void connectionResetSurfacesAsSdkClientException() {
        AWS.fake().faults().on("Decrypt").always(Fault.connectionReset());
        SdkBytes blob = noRetries.encrypt(b -> b.keyId(keyId).plaintext(PLAINTEXT)).ciphertextBlob();
        assertThatThrownBy(() -> noRetries.decrypt(b -> b.ciphertextBlob(blob)))
                .isInstanceOf(SdkClientException.class);
    }

    @Test
    void resetClearsFaultsAndKeys() {
        AWS.fake().faults().onAll().always(Fault.unavailable());
        AWS.fake().reset();
        assertThat(AWS.fake().keyIds()).isEmpty();
        assertThat(noRetries.listKeys().keys()).isEmpty();
    }
}
