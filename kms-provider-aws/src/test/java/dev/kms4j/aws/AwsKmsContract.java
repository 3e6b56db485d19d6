package dev.kms4j.aws;

import dev.kms4j.KeySpec;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.aws.internal.AwsKeySpecs;
import dev.kms4j.testkit.KmsProviderContract;
import java.util.Set;

/**
 * The conformance suite as AWS KMS semantics shape it, shared by the run against the testkit's
 * fake and the run against real AWS: the key specs and algorithms AWS offers, no exposed key
 * versions (the ciphertext identifies the backing key), rotation of symmetric keys only, and no
 * empty plaintexts.
 */
abstract class AwsKmsContract extends KmsProviderContract {
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
