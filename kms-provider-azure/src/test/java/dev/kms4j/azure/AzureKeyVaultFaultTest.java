package dev.kms4j.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import dev.kms4j.ProviderHealth;
import dev.kms4j.ProviderConfig;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.testkit.azure.AzureKeyVaultFakeExtension;
import dev.kms4j.testkit.faults.Fault;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How the provider reports the failures the Azure fake injects. */
class AzureKeyVaultFaultTest {
    @RegisterExtension
    static final AzureKeyVaultFakeExtension AZURE = AzureKeyVaultFakeExtension.builder().token("fault-token")
            .requireToken(true).build();

    private static final byte[] MESSAGE = {1, 2, 3, 4, 5, 6, 7, 8};

    private KmsManager kms;
    private KeyRef key;

    @BeforeEach
    void createKey() {
        kms = KmsManager.builder().enable("azure-kv", AZURE.providerConfig()).build();
        key = kms.createKey(KeyRef.of("azure-kv", AZURE.vaultHost() + "/faults-" + UUID.randomUUID()), KeySpec.EC_P256);
    }

    @AfterEach
    void close() {
        kms.close();
    }

    private KmsException signFailure(KmsManager manager) {
        return catchThrowableOfType(KmsException.class, () -> manager.sign(key, SignatureAlgorithm.ECDSA_SHA256, MESSAGE));
    }

    @Test
    void healthReadsOnePageOfKeysWhateverTheVaultHolds() {
        for (int i = 0; i < 60; i++) {
            kms.createKey(KeyRef.of("azure-kv", AZURE.vaultHost() + "/health-" + i + "-" + UUID.randomUUID()), KeySpec.AES_256);
        }
        int before = AZURE.fake().requestCount("GetKeys");

        ProviderHealth health = kms.health().provider("azure-kv").orElseThrow();

        assertThat(health.status()).isEqualTo(ProviderHealth.Status.UP);
        assertThat(AZURE.fake().requestCount("GetKeys") - before).isEqualTo(1);
    }

    @Test
    void healthIsDownWithTheErrorWhenTheVaultFails() {
        AZURE.fake().faults().on("GetKeys").failTimes(1, Fault.unavailable());

        ProviderHealth health = kms.health().provider("azure-kv").orElseThrow();

        assertThat(health.status()).isEqualTo(ProviderHealth.Status.DOWN);
        assertThat(health.errorCode()).contains(KmsErrorCode.UNAVAILABLE);
    }

    @Test
    void throttlingIsRetryableThrottledWithRetryAfter() {
        AZURE.fake().faults().on("Sign").failTimes(1, Fault.throttle());

        KmsException e = signFailure(kms);

        assertThat(e.code()).isEqualTo(KmsErrorCode.THROTTLED);
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
    }

    @Test
    void serviceUnavailableIsRetryableUnavailable() {
        AZURE.fake().faults().on("Sign").failTimes(1, Fault.unavailable());

        KmsException e = signFailure(kms);

        assertThat(e.code()).isEqualTo(KmsErrorCode.UNAVAILABLE);
        assertThat(e.isRetryable()).isTrue();
    }

    @Test
    void internalServerErrorIsRetryableUnavailable() {
        AZURE.fake().faults().on("Sign").failTimes(1, Fault.internalError());

        assertThat(signFailure(kms).code()).isEqualTo(KmsErrorCode.UNAVAILABLE);
    }

    @Test
    void connectionResetIsRetryable() {
        AZURE.fake().faults().on("Sign").failTimes(1, Fault.connectionReset());

        KmsException e = signFailure(kms);

        assertThat(e.code()).isIn(KmsErrorCode.UNAVAILABLE, KmsErrorCode.TIMEOUT);
        assertThat(e.isRetryable()).isTrue();
    }

    @Test
    void callsSucceedAgainOnceTheFaultsAreUsedUp() {
        AZURE.fake().faults().on("Sign").failTimes(1, Fault.unavailable());
        signFailure(kms);

        assertThat(kms.verify(key, SignatureAlgorithm.ECDSA_SHA256, MESSAGE,
                kms.sign(key, SignatureAlgorithm.ECDSA_SHA256, MESSAGE))).isTrue();
    }

    @Test
    void sdkRetriesWhenConfiguredTo() {
        AZURE.fake().faults().on("Sign").failTimes(1, Fault.unavailable());

        try (KmsManager retrying = KmsManager.builder().enable("azure-kv", with("max-sdk-retries", "1")).build()) {
            assertThat(retrying.sign(key, SignatureAlgorithm.ECDSA_SHA256, MESSAGE)).isNotEmpty();
        }
        assertThat(AZURE.fake().requestCount("Sign")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void slowAnswerBeyondTheResponseTimeoutIsATimeout() {
        AZURE.fake().faults().on("Sign").latency(Duration.ofSeconds(3));

        try (KmsManager impatient = KmsManager.builder().enable("azure-kv", with("response-timeout", "300ms")).build()) {
            KmsException e = signFailure(impatient);

            assertThat(e.code()).isEqualTo(KmsErrorCode.TIMEOUT);
            assertThat(e.isRetryable()).isTrue();
        }
    }

    @Test
    void aTokenTheVaultRefusesIsUnauthenticatedAndNeverShown() {
        try (KmsManager stranger = KmsManager.builder().enable("azure-kv", with("auth-token", "stolen-t0ken")).build()) {
            KmsException e = catchThrowableOfType(KmsException.class,
                    () -> stranger.encrypt(key, MESSAGE, EncryptionContext.empty()));

            assertThat(e.code()).isEqualTo(KmsErrorCode.UNAUTHENTICATED);
            assertThat(e.isRetryable()).isFalse();
            assertThat(dev.kms4j.testkit.Secrets.describe(e)).doesNotContain("stolen-t0ken");
        }
    }

    private static ProviderConfig with(String name, String value) {
        ProviderConfig base = AZURE.providerConfig();
        Map<String, String> m = new LinkedHashMap<>();
        for (String n : base.explicitNames()) {
            m.put(n, base.get(n).orElseThrow());
        }
        m.put(name, value);
        return ProviderConfig.of(m);
    }
}
