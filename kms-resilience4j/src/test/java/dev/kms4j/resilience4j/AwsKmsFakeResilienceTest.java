package dev.kms4j.resilience4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import dev.kms4j.testkit.aws.AwsKmsFakeExtension;
import dev.kms4j.testkit.faults.Fault;
import java.time.Duration;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The decorator around the real AWS provider, against the testkit's AWS KMS fake and its faults. */
class AwsKmsFakeResilienceTest {
    @RegisterExtension
    static final AwsKmsFakeExtension AWS = AwsKmsFakeExtension.builder().build();

    private static final byte[] PLAINTEXT = {1, 2, 3, 4, 5, 6, 7, 8};

    private final FakeTime time = new FakeTime();
    private KmsManager kms;
    private KeyRef key;

    @BeforeEach
    void createKey() {
        kms = manager(o -> o.maxAttempts(4));
        key = kms.createKey(KeyRef.of("aws-kms", "alias/resilience-" + UUID.randomUUID()), KeySpec.AES_256);
    }

    @AfterEach
    void close() {
        kms.close();
    }

    /** The AWS provider (SDK retries off, as the extension configures it) behind the decorator on fake time. */
    private KmsManager manager(UnaryOperator<ResilienceOptions.Builder> options) {
        return KmsManager.builder().enable("aws-kms", AWS.providerConfig())
                .decorate(Resilience.of(options.apply(ResilienceOptions.builder().clock(time).sleeper(time.sleeper()))
                        .build()))
                .build();
    }

    private byte[] encrypt() {
        return kms.encrypt(key, PLAINTEXT, EncryptionContext.empty());
    }

    @Test
    void throttlingIsRetriedUntilItSucceeds() {
        AWS.fake().faults().on("Encrypt").failTimes(2, Fault.throttle());
        int before = AWS.fake().requestCount("Encrypt");

        assertThat(kms.decrypt(key, encrypt(), EncryptionContext.empty())).isEqualTo(PLAINTEXT);

        assertThat(AWS.fake().requestCount("Encrypt") - before).isEqualTo(3);
        assertThat(time.waits).hasSize(2);
    }

    @Test
    void aServiceTimeoutIsRetried() {
        AWS.fake().faults().on("Encrypt").failTimes(1, Fault.timeout());

        assertThat(encrypt()).isNotEmpty();
        assertThat(time.waits).hasSize(1);
    }

    @Test
    void aConnectionResetIsRetried() {
        AWS.fake().faults().on("Encrypt").failTimes(1, Fault.connectionReset());

        assertThat(encrypt()).isNotEmpty();
    }

    @Test
    void anOutageOpensTheCircuitAndLaterCallsDoNotReachTheService() {
        kms.close();
        kms = manager(o -> o.maxAttempts(1).breakerWindow(3).breakerMinimumCalls(3).breakerFailureRate(100));
        AWS.fake().faults().onAll().always(Fault.unavailable());
        for (int i = 0; i < 3; i++) {
            catchThrowableOfType(KmsException.class, this::encrypt);
        }
        int before = AWS.fake().requestCount("Encrypt");

        KmsException e = catchThrowableOfType(KmsException.class, this::encrypt);

        assertThat(e.code()).isEqualTo(KmsErrorCode.UNAVAILABLE);
        assertThat(e.providerErrorCode()).contains(Resilience.CIRCUIT_OPEN);
        assertThat(AWS.fake().requestCount("Encrypt")).isEqualTo(before);
    }

    @Test
    void anAccessErrorFromTheServiceIsNotRetried() {
        AWS.fake().faults().on("Encrypt").always(Fault.httpError(400));
        int before = AWS.fake().requestCount("Encrypt");

        KmsException e = catchThrowableOfType(KmsException.class, this::encrypt);

        assertThat(e.isRetryable()).isFalse();
        assertThat(AWS.fake().requestCount("Encrypt") - before).isEqualTo(1);
    }

    @Test
    void slowAttemptsThatSpendTheDeadlineEndInTimeout() {
        kms.close();
        // The provider's own call timeout bounds each attempt; the fake's latency exceeds it.
        kms = KmsManager.builder().enable("aws-kms", dev.kms4j.ProviderConfig.builder()
                        .setAll(settings()).set("api-call-timeout", "200ms").set("api-call-attempt-timeout", "200ms")
                        .build())
                .decorate(Resilience.of(ResilienceOptions.builder().maxAttempts(5).deadline(Duration.ofMillis(300))
                        .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(1)).build()))
                .build();
        AWS.fake().faults().on("Encrypt").latency(Duration.ofSeconds(2));
        int before = AWS.fake().requestCount("Encrypt");

        KmsException e = catchThrowableOfType(KmsException.class, this::encrypt);

        assertThat(e.code()).isEqualTo(KmsErrorCode.TIMEOUT);
        // Each attempt lasts at least the 200 ms call timeout, so a third would start after the deadline.
        assertThat(AWS.fake().requestCount("Encrypt") - before).isBetween(1, 2);
    }

    private static java.util.Map<String, String> settings() {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        dev.kms4j.ProviderConfig config = AWS.providerConfig();
        for (String name : config.explicitNames()) {
            m.put(name, config.get(name).orElseThrow());
        }
        return m;
    }
}
