package dev.kms4j.aws;

import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsManager;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.aws.internal.AwsKeySpecs;
import dev.kms4j.testkit.KmsProviderContract;
import dev.kms4j.testkit.aws.AwsKmsFakeExtension;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The provider conformance suite against the testkit's stateful AWS KMS fake. */
class AwsKmsProviderContractTest extends KmsProviderContract {
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

    @Override
    protected Set<KeySpec> supportedKeySpecs() {
        return AwsKeySpecs.supported();
    }

    @Override
    protected Set<SignatureAlgorithm> signatureAlgorithms(KeySpec spec) {
        return AwsKeySpecs.signatureAlgorithms(spec);
    }

    @Override
    protected boolean exposesVersions() {
        return false;
    }

    @Override
    protected boolean rotates(KeySpec spec) {
        return spec == KeySpec.AES_256;
    }

    @Override
    protected boolean acceptsEmptyPlaintext() {
        return false;
    }
}
