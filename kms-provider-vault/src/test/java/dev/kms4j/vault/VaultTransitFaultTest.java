package dev.kms4j.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import dev.kms4j.ProviderConfig;
import dev.kms4j.testkit.faults.Fault;
import dev.kms4j.testkit.vault.VaultTransitFakeExtension;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Injected Vault failures surface as the right kms4j error codes, and nothing is retried inside the provider. */
class VaultTransitFaultTest {
    @RegisterExtension
    static final VaultTransitFakeExtension VAULT = VaultTransitFakeExtension.builder()
            .limitedToken("encrypt-only", "transit/encrypt/")
            .build();

    private static final byte[] PLAINTEXT = "fault test".getBytes(StandardCharsets.UTF_8);

    private KmsManager kms;
    private KeyRef key;

    @BeforeEach
    void setUp() {
        kms = KmsManager.builder().enable("vault-transit", VAULT.providerConfig()).build();
        key = kms.createKey(KeyRef.of("vault-transit", VAULT.endpoint().getAuthority() + "/transit/f-" + UUID.randomUUID()),
                KeySpec.AES_256);
        kms.encrypt(key, PLAINTEXT, EncryptionContext.empty()); // caches the key's type
    }

    @AfterEach
    void tearDown() {
        kms.close();
    }

    private KmsException encryptFailure() {
        return catchThrowableOfType(KmsException.class, () -> kms.encrypt(key, PLAINTEXT, EncryptionContext.empty()));
    }

    @Test
    void throttlingIsThrottledAndRetryable() {
        VAULT.fake().faults().on("encrypt").failTimes(1, Fault.throttle());
        int before = VAULT.fake().requestCount("encrypt");

        KmsException e = encryptFailure();

        assertThat(e.code()).isEqualTo(KmsErrorCode.THROTTLED);
        assertThat(e.isRetryable()).isTrue();
        assertThat(VAULT.fake().requestCount("encrypt") - before).as("no retry inside the provider").isEqualTo(1);
    }

    @Test
    void sealedVaultIsUnavailable() {
        VAULT.fake().faults().on("encrypt").failTimes(1, Fault.unavailable());

        KmsException e = encryptFailure();

        assertThat(e.code()).isEqualTo(KmsErrorCode.UNAVAILABLE);
        assertThat(e.getMessage()).contains("HTTP 503", "sealed");
    }

    @Test
    void sealingTheWholeVaultIsUnavailable() {
        VAULT.fake().setSealed(true);

        assertThat(encryptFailure().code()).isEqualTo(KmsErrorCode.UNAVAILABLE);
    }

    @Test
    void internalErrorIsUnavailable() {
        VAULT.fake().faults().on("encrypt").failTimes(1, Fault.internalError());

        assertThat(encryptFailure().code()).isEqualTo(KmsErrorCode.UNAVAILABLE);
    }

    @Test
    void connectionResetIsUnavailable() {
        VAULT.fake().faults().on("encrypt").always(Fault.connectionReset());

        KmsException e = encryptFailure();

        assertThat(e.code()).isEqualTo(KmsErrorCode.UNAVAILABLE);
        assertThat(e.isRetryable()).isTrue();
    }

    @Test
    void callSucceedsOnceTheFaultHasPassed() {
        VAULT.fake().faults().on("encrypt").failTimes(1, Fault.throttle());
        encryptFailure();

        byte[] ciphertext = kms.encrypt(key, PLAINTEXT, EncryptionContext.empty());

        assertThat(kms.decrypt(key, ciphertext, EncryptionContext.empty())).isEqualTo(PLAINTEXT);
    }

    @Test
    void badTokenIsUnauthenticated() {
        try (KmsManager bad = KmsManager.builder().enable("vault-transit", ProviderConfig.builder()
                .set("address", VAULT.endpoint().toString()).set("token", "not-a-token").build()).build()) {
            KmsException e = catchThrowableOfType(KmsException.class, () -> bad.metadata(key));

            assertThat(e.code()).isEqualTo(KmsErrorCode.UNAUTHENTICATED);
        }
    }

    @Test
    void policyRefusalIsPermissionDenied() {
        try (KmsManager limited = KmsManager.builder().enable("vault-transit", ProviderConfig.builder()
                .set("address", VAULT.endpoint().toString()).set("token", "encrypt-only").build()).build()) {
            KmsException e = catchThrowableOfType(KmsException.class, () -> limited.metadata(key));

            assertThat(e.code()).isEqualTo(KmsErrorCode.PERMISSION_DENIED);
        }
    }

    @Test
    void unreachableVaultIsUnavailable() {
        try (KmsManager nowhere = KmsManager.builder().enable("vault-transit", ProviderConfig.builder()
                .set("address", "http://127.0.0.1:1").set("token", "root").set("open-timeout", "2s").build()).build()) {
            KmsException e = catchThrowableOfType(KmsException.class,
                    () -> nowhere.metadata(KeyRef.of("vault-transit", "127.0.0.1:1/transit/k")));

            assertThat(e.code()).isEqualTo(KmsErrorCode.UNAVAILABLE);
        }
    }
}
