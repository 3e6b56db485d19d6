package dev.kms4j.aws;

import dev.kms4j.KeyRef;
import dev.kms4j.KmsManager;
import dev.kms4j.testkit.aws.AwsKmsFakeExtension;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The provider conformance suite against the testkit's stateful AWS KMS fake. */
class AwsKmsProviderContractTest extends AwsKmsContract {
    @RegisterExtension
    static final AwsKmsFakeExtension AWS = AwsKmsFakeExtension.builder().build();

    @Override
    protected KmsManager createManager() {
        return KmsManager.builder().enable("aws-kms", AWS.providerConfig()).build();
    }

    @Override
    protected KeyRef newKeyRef(String hint) {
        return KeyRef.of("aws-kms", "alias/" + hint + "-" + UUID.randomUUID());
    }
}
