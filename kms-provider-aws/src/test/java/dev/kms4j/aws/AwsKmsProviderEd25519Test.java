package dev.kms4j.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.aws.internal.AwsKmsProvider;
import dev.kms4j.testkit.aws.AwsKmsFakeExtension;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Ed25519 keys through the provider against the AWS fake: pure Ed25519 sends the message RAW. */
class AwsKmsProviderEd25519Test {
    @RegisterExtension
    static final AwsKmsFakeExtension AWS = AwsKmsFakeExtension.builder().build();

    private static final byte[] MESSAGE = "kms4j: an Ed25519 message".getBytes(StandardCharsets.UTF_8);

    private KmsManager kms;

    @BeforeEach
    void open() {
        kms = KmsManager.builder().enable("aws-kms", AWS.providerConfig()).build();
    }

    @AfterEach
    void close() {
        kms.close();
    }

    private KeyRef newEd25519Key() {
        return kms.createKey(KeyRef.of("aws-kms", "alias/ed25519-" + UUID.randomUUID()), KeySpec.ED25519);
    }

    @Test
    void signatureVerifiesWithTheJdkAndTheExportedPublicKey() throws Exception {
        KeyRef key = newEd25519Key();

        byte[] signature = kms.sign(key, SignatureAlgorithm.ED25519, MESSAGE);

        PublicKey publicKey = kms.getPublicKey(key);
        Signature jdk = Signature.getInstance("Ed25519");
        jdk.initVerify(publicKey);
        jdk.update(MESSAGE);
        assertThat(jdk.verify(signature)).isTrue();
    }

    @Test
    void messageOfExactlyTheRawLimitIsSigned() {
        KeyRef key = newEd25519Key();
        byte[] message = new byte[AwsKmsProvider.MAX_RAW_SIGN_MESSAGE_BYTES];

        byte[] signature = kms.sign(key, SignatureAlgorithm.ED25519, message);

        assertThat(kms.verify(key, SignatureAlgorithm.ED25519, message, signature)).isTrue();
    }

    @Test
    void messageOverTheRawLimitIsInvalidArgumentWithoutCallingAws() {
        KeyRef key = newEd25519Key();
        int before = AWS.fake().requestCount("Sign");

        KmsException e = catchThrowableOfType(KmsException.class, () -> kms.sign(key, SignatureAlgorithm.ED25519,
                new byte[AwsKmsProvider.MAX_RAW_SIGN_MESSAGE_BYTES + 1]));

        assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
        assertThat(e.getMessage()).contains("4096");
        assertThat(AWS.fake().requestCount("Sign")).isEqualTo(before);
    }

    @Test
    void verifyOfAnOversizedMessageIsInvalidArgumentWithoutCallingAws() {
        KeyRef key = newEd25519Key();
        byte[] signature = kms.sign(key, SignatureAlgorithm.ED25519, MESSAGE);
        int before = AWS.fake().requestCount("Verify");

        KmsException e = catchThrowableOfType(KmsException.class, () -> kms.verify(key, SignatureAlgorithm.ED25519,
                new byte[AwsKmsProvider.MAX_RAW_SIGN_MESSAGE_BYTES + 1], signature));

        assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
        assertThat(AWS.fake().requestCount("Verify")).isEqualTo(before);
    }

    @Test
    void emptyMessageIsInvalidArgument() {
        KeyRef key = newEd25519Key();

        KmsException e = catchThrowableOfType(KmsException.class,
                () -> kms.sign(key, SignatureAlgorithm.ED25519, new byte[0]));

        assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void signatureOverAnotherMessageDoesNotVerify() {
        KeyRef key = newEd25519Key();
        byte[] signature = kms.sign(key, SignatureAlgorithm.ED25519, MESSAGE);

        assertThat(kms.verify(key, SignatureAlgorithm.ED25519, "another message".getBytes(StandardCharsets.UTF_8),
                signature)).isFalse();
    }

    @Test
    void metadataReportsAnEd25519Key() {
        KeyRef key = newEd25519Key();

        assertThat(kms.metadata(key).spec()).isEqualTo(KeySpec.ED25519);
    }
}
