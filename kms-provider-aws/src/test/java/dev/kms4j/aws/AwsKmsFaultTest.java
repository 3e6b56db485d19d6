package dev.kms4j.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import dev.kms4j.ProviderConfig;
import dev.kms4j.testkit.aws.AwsKmsFakeExtension;
import dev.kms4j.testkit.faults.Fault;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How the provider reports the failures the AWS fake injects. */
class AwsKmsFaultTest {
    @RegisterExtension
    static final AwsKmsFakeExtension AWS = AwsKmsFakeExtension.builder().build();

    private static final byte[] PLAINTEXT = {1, 2, 3, 4, 5, 6, 7, 8};

    private KmsManager kms;
    private KeyRef key;

    @BeforeEach
    void createKey() {
        kms = KmsManager.builder().enable("aws-kms", AWS.providerConfig()).build();
        key = kms.createKey(KeyRef.of("aws-kms", "alias/faults-" + UUID.randomUUID()), KeySpec.AES_256);
    }

    @AfterEach
    void close() {
        kms.close();
    }

    private KmsException encryptFailure() {
        return catchThrowableOfType(KmsException.class, () -> kms.encrypt(key, PLAINTEXT, EncryptionContext.empty()));
    }

    @Test
    void throttlingIsRetryableThrottled() {
        AWS.fake().faults().on("Encrypt").failTimes(1, Fault.throttle());

        KmsException e = encryptFailure();

        assertThat(e.code()).isEqualTo(KmsErrorCode.THROTTLED);
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.providerErrorCode()).contains("ThrottlingException");
    }

    @Test
    void internalServerErrorIsRetryable() {
        AWS.fake().faults().on("Encrypt").failTimes(1, Fault.internalError());

        KmsException e = encryptFailure();

        assertThat(e.code()).isEqualTo(KmsErrorCode.UNAVAILABLE);
        assertThat(e.isRetryable()).isTrue();
    }

    @Test
    void serviceUnavailableIsRetryable() {
        AWS.fake().faults().on("Encrypt").failTimes(1, Fault.unavailable());

        KmsException e = encryptFailure();

        assertThat(e.code()).isEqualTo(KmsErrorCode.UNAVAILABLE);
        assertThat(e.isRetryable()).isTrue();
    }

    @Test
    void connectionResetIsRetryableUnavailable() {
        AWS.fake().faults().on("Encrypt").failTimes(1, Fault.connectionReset());

        KmsException e = encryptFailure();

        assertThat(e.code()).isEqualTo(KmsErrorCode.UNAVAILABLE);
        assertThat(e.isRetryable()).isTrue();
    }

    @Test
    void callsSucceedAgainOnceTheFaultsAreUsedUp() {
        AWS.fake().faults().on("Encrypt").failTimes(1, Fault.throttle());
        encryptFailure();

        byte[] ciphertext = kms.encrypt(key, PLAINTEXT, EncryptionContext.empty());

        assertThat(kms.decrypt(key, ciphertext, EncryptionContext.empty())).isEqualTo(PLAINTEXT);
    }

    @Test
    void sdkRetriesWhenConfiguredTo() {
        AWS.fake().faults().on("Encrypt").failTimes(1, Fault.throttle());
        ProviderConfig oneRetry = ProviderConfig.builder().setAll(settings(AWS.providerConfig()))
                .set("max-sdk-retries", "1").build();

        try (KmsManager retrying = KmsManager.builder().enable("aws-kms", oneRetry).build()) {
            assertThat(retrying.encrypt(key, PLAINTEXT, EncryptionContext.empty())).isNotEmpty();
        }
    }

    @Test
    void slowAnswerBeyondTheCallTimeoutIsATimeout() {
        AWS.fake().faults().on("Encrypt").latency(Duration.ofSeconds(3));
        ProviderConfig impatient = ProviderConfig.builder().setAll(settings(AWS.providerConfig()))
                .set("api-call-timeout", "300ms").set("api-call-attempt-timeout", "300ms").build();

        try (KmsManager slow = KmsManager.builder().enable("aws-kms", impatient).build()) {
            KmsException e = catchThrowableOfType(KmsException.class,
                    () -> slow.encrypt(key, PLAINTEXT, EncryptionContext.empty()));

            assertThat(e.code()).isEqualTo(KmsErrorCode.TIMEOUT);
            assertThat(e.isRetryable()).isTrue();
        }
    }

    @Test
    void unknownAccessKeyIsUnauthenticated() {
        ProviderConfig stranger = ProviderConfig.builder().setAll(settings(AWS.providerConfig()))
                .set("access-key-id", "AKIASTRANGER").build();

        try (KmsManager other = KmsManager.builder().enable("aws-kms", stranger).build()) {
            KmsException e = catchThrowableOfType(KmsException.class,
                    () -> other.encrypt(key, PLAINTEXT, EncryptionContext.empty()));

            assertThat(e.code()).isEqualTo(KmsErrorCode.UNAUTHENTICATED);
            assertThat(e.isRetryable()).isFalse();
        }
    }

    @Test
    void wrongSecretKeyIsUnauthenticated() {
        ProviderConfig wrongSecret = ProviderConfig.builder().setAll(settings(AWS.providerConfig()))
                .set("secret-access-key", "not-the-secret").build();

        try (KmsManager other = KmsManager.builder().enable("aws-kms", wrongSecret).build()) {
            KmsException e = catchThrowableOfType(KmsException.class,
                    () -> other.encrypt(key, PLAINTEXT, EncryptionContext.empty()));

            assertThat(e.code()).isEqualTo(KmsErrorCode.UNAUTHENTICATED);
            assertThat(e.getMessage()).doesNotContain("not-the-secret");
        }
    }

    private static java.util.Map<String, String> settings(ProviderConfig config) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        for (String name : config.explicitNames()) {
            m.put(name, config.get(name).orElseThrow());
        }
        return m;
    }
}
