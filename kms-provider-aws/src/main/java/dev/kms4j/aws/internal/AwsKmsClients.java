package dev.kms4j.aws.internal;

import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;

/**
 * Builds the synchronous {@link KmsClient} over the JDK {@code HttpURLConnection} transport
 * ({@code url-connection-client}: no Netty, no Apache HTTP client). Stateless and thread-safe.
 */
public final class AwsKmsClients {
    private AwsKmsClients() {
    }

    /** The SDK's default region chain (environment, system property, profile, instance metadata), or empty. */
    public static Optional<String> defaultRegion() {
        try {
            return Optional.of(DefaultAwsRegionProviderChain.builder().build().getRegion().id());
        } catch (SdkClientException e) {
            return Optional.empty();
        }
    }

    /** A client for the given settings; the caller closes it. */
    public static KmsClient build(AwsKmsSettings settings) {
        KmsClientBuilder builder = KmsClient.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials(settings))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(settings.connectTimeout())
                        // The SDK's call and attempt timeouts bound each call and report TIMEOUT; the
                        // socket timeout is only a backstop, so it is set a little longer than both.
                        .socketTimeout(socketTimeout(settings)))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(settings.apiCallTimeout())
                        .apiCallAttemptTimeout(settings.apiCallAttemptTimeout())
                        .retryStrategy(retryStrategy(settings.maxSdkRetries()))
                        .build());
        settings.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    static java.time.Duration socketTimeout(AwsKmsSettings settings) {
        java.time.Duration longest = settings.apiCallTimeout().compareTo(settings.apiCallAttemptTimeout()) > 0
                ? settings.apiCallTimeout() : settings.apiCallAttemptTimeout();
        return longest.plusSeconds(1);
    }

    /** kms4j retries on its own, so SDK retries stay few: max attempts = 1 + retries. */
    static RetryStrategy retryStrategy(int maxSdkRetries) {
        if (maxSdkRetries == 0) {
            return AwsRetryStrategy.doNotRetry();
        }
        return AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(1 + maxSdkRetries).build();
    }

    static AwsCredentialsProvider credentials(AwsKmsSettings settings) {
        switch (settings.credentialsSource()) {
            case STATIC:
                String id = settings.accessKeyId().orElseThrow();
                String secret = settings.secretAccessKey().orElseThrow();
                return StaticCredentialsProvider.create(settings.sessionToken()
                        .<software.amazon.awssdk.auth.credentials.AwsCredentials>map(t -> AwsSessionCredentials.create(id, secret, t))
                        .orElseGet(() -> AwsBasicCredentials.create(id, secret)));
            case PROFILE:
                return ProfileCredentialsProvider.builder().profileName(settings.profile().orElseThrow()).build();
            default:
                return DefaultCredentialsProvider.builder().build();
        }
    }
}
