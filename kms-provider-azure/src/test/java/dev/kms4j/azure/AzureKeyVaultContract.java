package dev.kms4j.azure;

import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.SignatureAlgorithm;
import dev.kms4j.azure.internal.AzureKeySpecs;
import dev.kms4j.testkit.KmsProviderContract;
import java.util.Set;

/**
 * The conformance suite as Key Vault semantics shape it, shared by the run against the testkit's
 * fake and the run against a real vault: the key specs and curve-bound ECDSA algorithms Key Vault
 * offers, exposed versions, no empty plaintexts, and listing per vault host.
 */
abstract class AzureKeyVaultContract extends KmsProviderContract {
    @Override
    protected Set<KeySpec> supportedKeySpecs() {
        return AzureKeySpecs.supported();
    }

    @Override
    protected Set<SignatureAlgorithm> signatureAlgorithms(KeySpec spec) {
        return AzureKeySpecs.signatureAlgorithms(spec);
    }

    @Override
    protected boolean acceptsEmptyPlaintext() {
        return false;
    }

    @Override
    protected String listPrefix(KeyRef key) {
        return "azure-kv://" + key.keyId().substring(0, key.keyId().indexOf('/') + 1);
    }
}
