package dev.kms4j.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.ProviderConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class AwsKmsSettingsTest {
    private static final String SECRET = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYSECRETKEY";
    private static final String TOKEN = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN";

    private static ProviderConfig.Builder config() {
        return ProviderConfig.builder().systemProperties(new Properties()).environment(Map.of());
    }

    private static AwsKmsSettings resolve(ProviderConfig config) {
        return AwsKmsSettings.resolve(config.forScheme("aws-kms"), Optional::empty);
    }

    private static KmsException failure(ProviderConfig config) {
        return catchThrowableOfType(KmsException.class, () -> resolve(config));
    }

    @Test
    void staticCredentialsAreUsedWhenBothKeysAreSet() {
        AwsKmsSettings s = resolve(config().set("region", "eu-west-1").set("access-key-id", "AKIAEXAMPLE")
                .set("secret-access-key", SECRET).build());

        assertThat(s.credentialsSource()).isEqualTo(AwsKmsSettings.CredentialsSource.STATIC);
        assertThat(s.accessKeyId()).contains("AKIAEXAMPLE");
        assertThat(s.secretAccessKey()).contains(SECRET);
        assertThat(s.sessionToken()).isEmpty();
    }

    @Test
    void sessionTokenIsKeptWithStaticCredentials() {
        AwsKmsSettings s = resolve(config().set("region", "eu-west-1").set("access-key-id", "AKIAEXAMPLE")
                .set("secret-access-key", SECRET).set("session-token", TOKEN).build());

        assertThat(s.sessionToken()).contains(TOKEN);
    }

    @Test
    void secretAccessKeyWithoutAccessKeyIdIsInvalid() {
        KmsException e = failure(config().set("region", "eu-west-1").set("secret-access-key", SECRET).build());

        assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
        assertThat(e.getMessage()).doesNotContain(SECRET);
    }

    @Test
    void sessionTokenWithoutKeysIsInvalid() {
        assertThat(failure(config().set("region", "eu-west-1").set("session-token", TOKEN).build()).code())
                .isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void profileComesFromAwsProfileWithoutStaticCredentials() {
        AwsKmsSettings s = resolve(config().set("region", "eu-west-1").environment(Map.of("AWS_PROFILE", "ci")).build());

        assertThat(s.credentialsSource()).isEqualTo(AwsKmsSettings.CredentialsSource.PROFILE);
        assertThat(s.profile()).contains("ci");
    }

    @Test
    void defaultCredentialsChainIsTheFallback() {
        AwsKmsSettings s = resolve(config().set("region", "eu-west-1").build());

        assertThat(s.credentialsSource()).isEqualTo(AwsKmsSettings.CredentialsSource.DEFAULT_CHAIN);
    }

    @Test
    void endpointOverrideIsParsed() {
        AwsKmsSettings s = resolve(config().set("region", "us-east-1").set("endpoint", "http://127.0.0.1:4566").build());

        assertThat(s.endpoint()).contains(URI.create("http://127.0.0.1:4566"));
    }

    @Test
    void endpointThatIsNotHttpIsInvalid() {
        assertThat(failure(config().set("region", "us-east-1").set("endpoint", "ftp://example.com").build()).code())
                .isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void endpointWithUserInfoIsInvalid() {
        KmsException e = failure(config().set("region", "us-east-1").set("endpoint", "http://user:" + SECRET + "@host").build());

        assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
        assertThat(e.getMessage()).doesNotContain(SECRET);
    }

    @Test
    void regionIsRequiredWhenNoChainFindsOne() {
        KmsException e = failure(config().build());

        assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
        assertThat(e.getMessage()).contains("region").contains("AWS_REGION");
    }

    @Test
    void regionComesFromTheEnvironment() {
        AwsKmsSettings s = resolve(config().environment(Map.of("AWS_DEFAULT_REGION", "ap-south-1")).build());

        assertThat(s.region()).isEqualTo("ap-south-1");
    }

    @Test
    void regionComesFromTheSystemProperty() {
        Properties p = new Properties();
        p.setProperty("kms4j.aws-kms.region", "eu-central-1");

        AwsKmsSettings s = resolve(config().systemProperties(p).build());

        assertThat(s.region()).isEqualTo("eu-central-1");
    }

    @Test
    void regionFromTheSdkChainIsTheLastResort() {
        AwsKmsSettings s = AwsKmsSettings.resolve(config().build().forScheme("aws-kms"), () -> Optional.of("sa-east-1"));

        assertThat(s.region()).isEqualTo("sa-east-1");
    }

    @Test
    void malformedRegionIsInvalid() {
        assertThat(failure(config().set("region", "eu west 1").build()).code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void timeoutsAndRetriesHaveDefaults() {
        AwsKmsSettings s = resolve(config().set("region", "eu-west-1").build());

        assertThat(s.apiCallTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.apiCallAttemptTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.maxSdkRetries()).isEqualTo(1);
    }

    @Test
    void timeoutsAndRetriesAreConfigurable() {
        AwsKmsSettings s = resolve(config().set("region", "eu-west-1").set("api-call-timeout", "2s")
                .set("api-call-attempt-timeout", "500ms").set("connect-timeout", "PT1S").set("max-sdk-retries", "0").build());

        assertThat(s.apiCallTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.apiCallAttemptTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.maxSdkRetries()).isZero();
    }

    @Test
    void negativeRetriesAreInvalid() {
        assertThat(failure(config().set("region", "eu-west-1").set("max-sdk-retries", "-1").build()).code())
                .isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void zeroTimeoutIsInvalid() {
        assertThat(failure(config().set("region", "eu-west-1").set("api-call-timeout", "0s").build()).code())
                .isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void toStringShowsNoCredentials() {
        AwsKmsSettings s = resolve(config().set("region", "eu-west-1").set("access-key-id", "AKIAEXAMPLE")
                .set("secret-access-key", SECRET).set("session-token", TOKEN).build());

        assertThat(s.toString()).contains("eu-west-1").doesNotContain(SECRET).doesNotContain(TOKEN)
                .doesNotContain("AKIAEXAMPLE");
    }
}
