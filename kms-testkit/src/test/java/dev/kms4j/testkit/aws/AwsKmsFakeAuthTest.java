package dev.kms4j.testkit.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/** SigV4 authentication of the fake, as the SDK sees it. */
class AwsKmsFakeAuthTest {
    @RegisterExtension
    static final AwsKmsFakeExtension AWS = AwsKmsFakeExtension.builder()
            .accessKeyId("AKIDFAKE").secretAccessKey("s3cr3t").region("eu-west-1").build();

    @Test
    void correctlySignedRequestsAreServed() {
        assertThat(AWS.sdkClient().createKey(b -> { }).keyMetadata().arn()).startsWith("arn:aws:kms:eu-west-1:");
    }

    @Test
    void unknownAccessKeyIdIsUnrecognizedClientException() {
        try (KmsClient wrong = AWS.sdkClientBuilder().credentialsProvider(
                software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("OTHER", "s3cr3t")))
                .build()) {
            assertThatThrownBy(() -> wrong.listKeys())
                    .isInstanceOfSatisfying(KmsException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
                        assertThat(e.statusCode()).isEqualTo(400);
                    });
        }
    }

    @Test
    void wrongSecretKeyIsInvalidSignatureException() {
        try (KmsClient wrong = AWS.sdkClientBuilder().credentialsProvider(
                software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("AKIDFAKE", "guess")))
                .build()) {
            assertThatThrownBy(() -> wrong.listKeys())
                    .isInstanceOfSatisfying(KmsException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException"));
        }
    }
}
