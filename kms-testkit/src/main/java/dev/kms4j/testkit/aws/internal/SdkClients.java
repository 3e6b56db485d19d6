package dev.kms4j.testkit.aws.internal;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;

/**
 * Builds raw AWS SDK clients against a fake. Kept apart from the extension so the SDK (an
 * optional dependency of the testkit) is only loaded when a test asks for a client.
 */
public final class SdkClients {
    private SdkClients() {
    }

    /**
     * A {@link KmsClientBuilder} with the URL-connection HTTP client, static credentials, a fixed
     * region and the fake's endpoint; the caller may adjust it (for example retries) and build.
     */
    public static KmsClientBuilder kmsClientBuilder(URI endpoint, String region, String accessKeyId,
            String secretAccessKey) {
        return KmsClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(accessKeyId, secretAccessKey)))
                .region(Region.of(region))
                .endpointOverride(endpoint);
    }
}
