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
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.spi.KmsProvider;
import dev.kms4j.spi.KmsProviderFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The factory and the checks the provider makes before any call. The endpoint is a closed local
 * port, so a check that wrongly reached the network would fail with UNAVAILABLE instead.
 */
class AwsKmsProviderFactoryTest {
    private static final String SECRET = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYSECRETKEY";
    private static final KeyRef KEY_ARN =
            KeyRef.of("aws-kms", "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");

    private KmsManager kms;

    @BeforeEach
    void openManager() throws IOException {
        kms = KmsManager.builder().enable("aws-kms", config(closedPort())).build();
    }

    @AfterEach
    void closeManager() {
        kms.close();
    }

    private static ProviderConfig config(int port) {
        return ProviderConfig.of(Map.of("region", "eu-west-1", "endpoint", "http://127.0.0.1:" + port,
                "access-key-id", "AKIAEXAMPLE", "secret-access-key", SECRET, "max-sdk-retries", "0",
                "connect-timeout", "2s"));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static KmsException failure(ThrowingCallable call) {
        return catchThrowableOfType(KmsException.class, call);
    }

    @Test
    void factoryIsDiscoveredForTheAwsKmsScheme() {
        assertThat(ServiceLoader.load(KmsProviderFactory.class).stream().map(ServiceLoader.Provider::get))
                .anySatisfy(f -> assertThat(f).isInstanceOf(AwsKmsProviderFactory.class)
                        .satisfies(x -> assertThat(x.scheme()).isEqualTo("aws-kms")));
    }

    @Test
    void providerToStringShowsNoSecret() throws IOException {
        try (KmsProvider p = new AwsKmsProviderFactory().create(config(closedPort()))) {
            assertThat(p.toString()).contains("eu-west-1").doesNotContain(SECRET).doesNotContain("AKIAEXAMPLE");
        }
    }

    @Test
    void creatingAKeyByArnIsInvalid() {
        assertThat(failure(() -> kms.createKey(KEY_ARN, KeySpec.AES_256)).code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void creatingAnAwsReservedAliasIsInvalid() {
        assertThat(failure(() -> kms.createKey(KeyRef.of("aws-kms", "alias/aws/s3"), KeySpec.AES_256)).code())
                .isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void creatingASpecAwsDoesNotOfferIsUnsupported() {
        assertThat(failure(() -> kms.createKey(KeyRef.of("aws-kms", "alias/x"), KeySpec.CHACHA20_POLY1305)).code())
                .isEqualTo(KmsErrorCode.UNSUPPORTED);
    }

    @Test
    void malformedKeyIdIsInvalid() {
        assertThat(failure(() -> kms.encrypt(KeyRef.of("aws-kms", "payments"), new byte[16], EncryptionContext.empty())).code())
                .isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void versionedReferenceIsInvalid() {
        assertThat(failure(() -> kms.disable(KEY_ARN.withVersion("2"))).code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void plaintextOverTheAwsLimitIsInvalid() {
        assertThat(failure(() -> kms.encrypt(KEY_ARN, new byte[4097], EncryptionContext.empty())).code())
                .isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void emptyPlaintextIsInvalid() {
        assertThat(failure(() -> kms.encrypt(KEY_ARN, new byte[0], EncryptionContext.empty())).code())
                .isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void emptyCiphertextIsAnIntegrityError() {
        assertThat(failure(() -> kms.decrypt(KEY_ARN, new byte[0], EncryptionContext.empty())).code())
                .isEqualTo(KmsErrorCode.INTEGRITY);
    }

    @Test
    void deletionWindowShorterThanSevenDaysIsInvalid() {
        assertThat(failure(() -> kms.scheduleDeletion(KEY_ARN, Duration.ofDays(3))).code())
                .isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void deletionWindowOfPartialDaysIsInvalid() {
        assertThat(failure(() -> kms.scheduleDeletion(KEY_ARN, Duration.ofDays(7).plusHours(12))).code())
                .isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void ed25519MessageOverTheRawLimitIsInvalidBeforeAnyCall() {
        // The endpoint is closed: reaching AWS would give UNAVAILABLE, not INVALID_ARGUMENT.
        assertThat(failure(() -> kms.sign(KEY_ARN, SignatureAlgorithm.ED25519, new byte[4097])).code())
                .isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void emptySignatureDoesNotVerify() {
        assertThat(kms.verify(KEY_ARN, SignatureAlgorithm.ECDSA_SHA256, new byte[8], new byte[0])).isFalse();
    }

    @Test
    void unreachableEndpointIsRetryableUnavailable() {
        KmsException e = failure(() -> kms.encrypt(KEY_ARN, new byte[16], EncryptionContext.empty()));

        assertThat(e.code()).isEqualTo(KmsErrorCode.UNAVAILABLE);
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.getMessage()).doesNotContain(SECRET);
    }
}
